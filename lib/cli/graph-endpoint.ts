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
import { CredentialConfigError, GraphClient, IntuneApi, LimitConfigError, connectGraph, limitsFromEnv, type GraphEvent } from '../graph';
import { DEFAULT_SEED_FILTERS, DEFAULT_SEED_GROUPS, MockDataError, startMockGraph, type MockGraph } from '../mock-graph';
import { CliError, type CliIo } from './io';
import { MOCK_ON_LOOPBACK } from './mock-on-loopback';

export interface GraphEndpointFlags {
  graphUrl?: string;
  tenantId?: string;
  /** public, usgov, usgovdod or china (env INTUNE_SCEP_CLOUD; else inferred from AZURE_AUTHORITY_HOST). */
  cloud?: string;
}

export interface GraphEndpoint {
  readonly api: IntuneApi;
  /** One line for the user: where this run's Graph requests go. */
  readonly description: string;
  /** Where requests go, as saved plans record it: a plan applies only to the Graph it was made against. */
  readonly identity: string;
  readonly embedded: boolean;
  /** The Entra tenant (undefined for a mock): state records it, and refuses another. */
  readonly tenant?: string | undefined;
  close(): Promise<void>;
}

/**
 * `expect`: called with the Graph's identity before anything is started, written or asked (a saved
 * plan refuses another Graph there, and the embedded tenant is then never made or touched).
 */
export async function resolveGraphEndpoint(
  io: CliIo,
  flags: GraphEndpointFlags,
  onEvent?: (e: GraphEvent) => void,
  expect?: (identity: string) => void,
): Promise<GraphEndpoint> {
  const graphUrl = flags.graphUrl ?? io.env.INTUNE_SCEP_GRAPH_URL;
  const tenantId = flags.tenantId ?? io.env.AZURE_TENANT_ID;
  const events = onEvent ? { onEvent } : {};

  if (graphUrl || tenantId) {
    try {
      const { client, description, identity, tenant } = connectGraph({
        graphUrl,
        explicitTenant: flags.tenantId,
        credential: tenantId ? { tenantId } : {},
        env: io.env,
        loopback: MOCK_ON_LOOPBACK,
        cloud: flags.cloud ?? (io.env.INTUNE_SCEP_CLOUD || undefined),
        ...events,
      });
      expect?.(identity);
      return { api: new IntuneApi(client), description, identity, tenant, embedded: false, close: async () => undefined };
    } catch (e) {
      if (e instanceof CredentialConfigError) throw new CliError(e.message);
      throw e;
    }
  }

  const dataFile = resolve(io.cwd, '.intune-scep', 'mock-tenant.json');
  const identity = `the embedded mock tenant ${dataFile}`;
  expect?.(identity);
  mkdirSync(dirname(dataFile), { recursive: true });
  let mock: MockGraph;
  try {
    // No throttle: the embedded tenant is for checking a stack, at machine speed (the client learns
    // that from the mock's answers and paces to nothing but its own concurrency).
    mock = await startMockGraph({
      dataFile,
      seedGroups: [...DEFAULT_SEED_GROUPS],
      seedFilters: [...DEFAULT_SEED_FILTERS],
      auth: 'off',
      throttle: { mode: 'off' },
    });
  } catch (e) {
    if (e instanceof MockDataError) throw new CliError(e.message);
    throw e;
  }
  let limits;
  try {
    limits = limitsFromEnv(io.env);
  } catch (e) {
    await mock.close();
    if (e instanceof LimitConfigError) throw new CliError(e.message);
    throw e;
  }
  const { throttlePolicyHeader } = MOCK_ON_LOOPBACK;
  const client = new GraphClient({
    baseUrl: `${mock.url}/beta`,
    limits,
    ...(throttlePolicyHeader ? { throttlePolicyHeader } : {}),
    ...events,
  });
  return {
    api: new IntuneApi(client),
    description: `the embedded mock tenant (${join('.intune-scep', 'mock-tenant.json')}); nothing reaches a real tenant. Use --graph-url or --tenant-id for another`,
    identity,
    embedded: true,
    close: () => mock.close(),
  };
}
