/**
 * Where Graph is, for a command:
 * | given                                  | target                                                      |
 * |----------------------------------------|-------------------------------------------------------------|
 * | nothing                                | the embedded mock tenant, persisted in .intune-scep/        |
 * | --graph-url URL / INTUNE_SCEP_GRAPH_URL| that Graph (a running mock on loopback, or another https URL)|
 * | --tenant-id ID / AZURE_TENANT_ID       | the real tenant, credentials through @azure/identity        |
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  CachedTokenProvider,
  CredentialConfigError,
  GRAPH_BETA,
  GraphClient,
  IntuneApi,
  Redactor,
  REAL_CLOCK,
  createCredential,
  isLoopbackUrl,
  type GraphEvent,
  type TokenProvider,
} from '../graph';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_SEED_GROUPS, DEFAULT_TENANT_ID, MockDataError, startMockGraph, type MockGraph } from '../mock-graph';
import { CliError, type CliIo } from './io';

export interface TargetFlags {
  graphUrl?: string;
  tenantId?: string;
}

export interface GraphTarget {
  readonly api: IntuneApi;
  /** One line for the user: where this run's Graph requests go. */
  readonly description: string;
  readonly embedded: boolean;
  close(): Promise<void>;
}

/** Tokens from a mock's own token endpoint, with the mock's test credential (MSAL refuses http authorities). */
class MockTokenProvider implements TokenProvider {
  private token: { value: string; until: number } | undefined;
  constructor(
    private readonly origin: string,
    private readonly tenantId: string,
    private readonly redactor: Redactor,
  ) {}
  async getToken(): Promise<string> {
    if (this.token && this.token.until > Date.now()) return this.token.value;
    const r = await fetch(`${this.origin}/${this.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: DEFAULT_CLIENT_ID, client_secret: DEFAULT_CLIENT_SECRET, scope: 'https://graph.microsoft.com/.default' }),
    }).catch((e: unknown) => {
      throw new CliError(`cannot reach the mock Graph at ${this.origin}: ${(e as Error).message}. Is "intune-scep mock-graph serve" running there?`);
    });
    const body = (await r.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error_description?: string };
    if (!body.access_token) throw new CliError(`the mock at ${this.origin} gave no token: ${body.error_description ?? r.status}`);
    this.redactor.add(body.access_token);
    this.token = { value: body.access_token, until: Date.now() + ((body.expires_in ?? 3600) - 300) * 1000 };
    return body.access_token;
  }
}


export async function resolveTarget(io: CliIo, flags: TargetFlags, onEvent?: (e: GraphEvent) => void): Promise<GraphTarget> {
  const redactor = new Redactor();
  for (const k of ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PASSWORD']) redactor.add(io.env[k]);
  const graphUrl = flags.graphUrl ?? io.env.INTUNE_SCEP_GRAPH_URL;
  const tenantId = flags.tenantId ?? io.env.AZURE_TENANT_ID;
  const events = onEvent ? { onEvent } : {};

  if (graphUrl) {
    const base = graphUrl.replace(/\/+$/, '').replace(/\/(beta|v1\.0)$/, '');
    let client: GraphClient;
    try {
      // A mock on loopback hands out tokens to its own test credential, unless a tenant is named
      // explicitly (--tenant-id): then the real credentials are used, against this Graph.
      const loopback = isLoopbackUrl(base) && !flags.tenantId;
      const tokens = loopback ? new MockTokenProvider(new URL(base).origin, tenantId ?? DEFAULT_TENANT_ID, redactor) : tokenProvider(io, tenantId, redactor);
      client = new GraphClient({ baseUrl: `${base}/beta`, tokens, redactor, ...events });
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError((e as Error).message);
    }
    return { api: new IntuneApi(client), description: `Graph at ${base}/beta${flags.tenantId ? ` (tenant ${flags.tenantId})` : ''}`, embedded: false, close: async () => undefined };
  }

  if (tenantId) {
    const client = new GraphClient({ baseUrl: GRAPH_BETA, tokens: tokenProvider(io, tenantId, redactor), redactor, ...events });
    return { api: new IntuneApi(client), description: `tenant ${tenantId} (${GRAPH_BETA})`, embedded: false, close: async () => undefined };
  }

  const dataFile = resolve(io.cwd, '.intune-scep', 'mock-tenant.json');
  mkdirSync(dirname(dataFile), { recursive: true });
  let mock: MockGraph;
  try {
    mock = await startMockGraph({ dataFile, seedGroups: [...DEFAULT_SEED_GROUPS], auth: 'off', throttle: { mode: 'intune' } });
  } catch (e) {
    if (e instanceof MockDataError) throw new CliError(e.message);
    throw e;
  }
  const client = new GraphClient({ baseUrl: `${mock.url}/beta`, redactor, ...events });
  return {
    api: new IntuneApi(client),
    description: `the embedded mock tenant (${join('.intune-scep', 'mock-tenant.json')}); nothing reaches a real tenant. Use --graph-url or --tenant-id for another`,
    embedded: true,
    close: () => mock.close(),
  };
}

function tokenProvider(io: CliIo, tenantId: string | undefined, redactor: Redactor): TokenProvider {
  try {
    const { credential } = createCredential({ ...(tenantId ? { tenantId } : {}) }, io.env);
    return new CachedTokenProvider(credential, REAL_CLOCK, redactor);
  } catch (e) {
    if (e instanceof CredentialConfigError) throw new CliError(e.message);
    throw e;
  }
}
