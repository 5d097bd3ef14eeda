/**
 * Credentials through @azure/identity, chosen from options or the standard AZURE_* variables:
 *
 * | kind               | from                                                                |
 * |--------------------|---------------------------------------------------------------------|
 * | client_secret      | tenant, client id, secret            (AZURE_CLIENT_SECRET)          |
 * | client_certificate | tenant, client id, PEM with key      (AZURE_CLIENT_CERTIFICATE_PATH)|
 * | workload_identity  | tenant, client id, token file        (AZURE_FEDERATED_TOKEN_FILE)   |
 * | managed_identity   | the host's identity endpoint, optional client id                    |
 * | azure_cli          | `az login` of the person running it                                 |
 * `environment` picks the first whose variables are set, in that order.
 *
 * Tokens are cached and refreshed five minutes before they expire; concurrent callers share one
 * refresh. Every token and secret is handed to the run's Redactor.
 */
import type * as Identity from '@azure/identity';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import type { GraphClock } from './budget';
import { GraphRequestError } from './errors';
import type { Redactor } from './redact';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export type CredentialKind =
  'environment' | 'client_secret' | 'client_certificate' | 'workload_identity' | 'managed_identity' | 'azure_cli';

export interface CredentialOptions {
  kind?: CredentialKind;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  certificatePath?: string;
  certificatePassword?: string;
  federatedTokenFile?: string;
  /** Entra ID host; default https://login.microsoftonline.com (AZURE_AUTHORITY_HOST). */
  authorityHost?: string;
  /** Extra CA to trust (the mock's self-signed certificate). */
  ca?: string;
}

/** A credential could not be built from what was given: says what is missing and how to give it. */
export class CredentialConfigError extends Error {}

export interface TokenProvider {
  getToken(): Promise<string>;
}

/** A tenant id as Entra ID takes it (a GUID or a domain): refused at once, as @azure/identity would at its first token. */
function tenantIdOf(o: CredentialOptions): string {
  const id = need(o.tenantId, 'the tenant id', '--tenant-id', 'AZURE_TENANT_ID');
  if (!/^[0-9a-zA-Z.-]+$/.test(id))
    throw new CredentialConfigError(
      `the tenant id ${JSON.stringify(id.slice(0, 100))} is not a tenant id: give the directory (tenant) id GUID or its domain (contoso.onmicrosoft.com), with --tenant-id or AZURE_TENANT_ID.`,
    );
  return id;
}

function need(value: string | undefined, what: string, flag: string, env: string): string {
  if (value === undefined || value === '') throw new CredentialConfigError(`${what} is missing: pass ${flag} or set ${env}.`);
  return value;
}

/** The options with the standard environment variables filled in where an option is absent. */
export function credentialOptionsFromEnv(options: CredentialOptions, env: Readonly<Record<string, string | undefined>>): CredentialOptions {
  const pick = (a: string | undefined, b: string | undefined) =>
    a !== undefined && a !== '' ? a : b !== undefined && b !== '' ? b : undefined;
  const out: CredentialOptions = { ...options };
  const fill = <K extends keyof CredentialOptions>(key: K, value: CredentialOptions[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  fill('tenantId', pick(options.tenantId, env.AZURE_TENANT_ID));
  fill('clientId', pick(options.clientId, env.AZURE_CLIENT_ID));
  fill('clientSecret', pick(options.clientSecret, env.AZURE_CLIENT_SECRET));
  fill('certificatePath', pick(options.certificatePath, env.AZURE_CLIENT_CERTIFICATE_PATH));
  fill('certificatePassword', pick(options.certificatePassword, env.AZURE_CLIENT_CERTIFICATE_PASSWORD));
  fill('federatedTokenFile', pick(options.federatedTokenFile, env.AZURE_FEDERATED_TOKEN_FILE));
  fill('authorityHost', pick(options.authorityHost, env.AZURE_AUTHORITY_HOST));
  return out;
}

/** Which kind `environment` resolves to, given what is set. */
export function resolveKind(
  options: CredentialOptions,
  env: Readonly<Record<string, string | undefined>>,
): Exclude<CredentialKind, 'environment'> {
  if (options.kind && options.kind !== 'environment') return options.kind;
  if (options.clientSecret) return 'client_secret';
  if (options.certificatePath) return 'client_certificate';
  if (options.federatedTokenFile) return 'workload_identity';
  if (env.IDENTITY_ENDPOINT || env.MSI_ENDPOINT) return 'managed_identity';
  return 'azure_cli';
}

/**
 * The @azure/identity credential for the options. Throws CredentialConfigError for missing pieces
 * now; @azure/identity itself (about 0.2 s to load) loads at the first token, so a run against a
 * mock or a command that needs no token never loads it.
 */
export function createCredential(
  options: CredentialOptions,
  env: Readonly<Record<string, string | undefined>> = {},
): { kind: Exclude<CredentialKind, 'environment'>; credential: TokenCredential } {
  const o = credentialOptionsFromEnv(options, env);
  const kind = resolveKind(o, env);
  const common = {
    ...(o.authorityHost ? { authorityHost: o.authorityHost } : {}),
    // Instance discovery asks the public cloud about the authority; a custom authority (the mock) has none.
    ...(o.authorityHost && !/login\.microsoftonline\.(com|us)|login\.chinacloudapi\.cn/.test(o.authorityHost)
      ? { disableInstanceDiscovery: true }
      : {}),
    ...(o.ca ? { tlsOptions: { ca: o.ca } } : {}),
  };
  const lazy = (make: (identity: typeof Identity) => TokenCredential, explain?: (message: string) => string) => ({
    kind,
    credential: new LazyCredential(make, explain),
  });
  switch (kind) {
    case 'client_secret': {
      const tenantId = tenantIdOf(o);
      const clientId = need(o.clientId, 'the client id', '--client-id', 'AZURE_CLIENT_ID');
      const secret = need(o.clientSecret, 'the client secret', 'a secret', 'AZURE_CLIENT_SECRET');
      return lazy((id) => new id.ClientSecretCredential(tenantId, clientId, secret, common));
    }
    case 'client_certificate': {
      const tenantId = tenantIdOf(o);
      const clientId = need(o.clientId, 'the client id', '--client-id', 'AZURE_CLIENT_ID');
      const certificate = {
        certificatePath: need(o.certificatePath, 'the client certificate', 'a PEM file', 'AZURE_CLIENT_CERTIFICATE_PATH'),
        ...(o.certificatePassword ? { certificatePassword: o.certificatePassword } : {}),
      };
      return lazy((id) => new id.ClientCertificateCredential(tenantId, clientId, certificate, common));
    }
    case 'workload_identity': {
      const options = {
        tenantId: tenantIdOf(o),
        clientId: need(o.clientId, 'the client id', '--client-id', 'AZURE_CLIENT_ID'),
        tokenFilePath: need(o.federatedTokenFile, 'the federated token file', 'a token file', 'AZURE_FEDERATED_TOKEN_FILE'),
        ...common,
      };
      return lazy((id) => new id.WorkloadIdentityCredential(options));
    }
    case 'managed_identity': {
      const clientId = o.clientId;
      return lazy((id) =>
        clientId ? new id.ManagedIdentityCredential({ clientId, ...common }) : new id.ManagedIdentityCredential(common),
      );
    }
    case 'azure_cli': {
      const tenantId = o.tenantId === undefined || o.tenantId === '' ? undefined : tenantIdOf(o);
      // Chosen because nothing else is set: its failure ("Azure CLI could not be found") is not the
      // whole story to someone who meant to give a secret (found by review).
      const fallback = o.kind === undefined || o.kind === 'environment';
      return lazy(
        (id) => new id.AzureCliCredential(tenantId ? { tenantId } : {}),
        fallback
          ? (message) =>
              `no credential is set in the environment (AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE, each with AZURE_CLIENT_ID; or a managed identity's IDENTITY_ENDPOINT or MSI_ENDPOINT), and the Azure CLI, tried last, gave no token: ${message} Set one of them, or run "az login" (docs/guide.md#using-a-real-tenant).`
          : undefined,
      );
    }
  }
}

/** An @azure/identity credential made at its first token request, when @azure/identity loads. */
class LazyCredential implements TokenCredential {
  private made: Promise<TokenCredential> | undefined;

  constructor(
    private readonly make: (identity: typeof Identity) => TokenCredential,
    /** Says a failure in the words of how this credential was chosen. */
    private readonly explain?: (message: string) => string,
  ) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    this.made ??= import('@azure/identity').then((identity) => this.make(identity));
    const credential = await this.made;
    if (!this.explain) return credential.getToken(scopes, options);
    try {
      return await credential.getToken(scopes, options);
    } catch (e) {
      throw new Error(this.explain((e as Error).message.split('\n')[0] ?? ''), { cause: e });
    }
  }
}

/** Refresh this long before a token expires. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/** Caches the credential's token; refreshes it before expiry; one refresh for all concurrent callers. */
export class CachedTokenProvider implements TokenProvider {
  private token: { value: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;
  /** Tokens fetched, for tests. */
  fetched = 0;

  constructor(
    private readonly credential: TokenCredential,
    private readonly clock: GraphClock,
    private readonly redactor: Redactor,
    /** The `.default` scope of the Graph in use (national clouds have their own). */
    private readonly scope: string = GRAPH_SCOPE,
  ) {}

  async getToken(): Promise<string> {
    if (this.token && this.token.expiresAt - REFRESH_MARGIN_MS > this.clock.now()) return this.token.value;
    this.pending ??= this.fetch().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetch(): Promise<string> {
    let t: Awaited<ReturnType<TokenCredential['getToken']>>;
    try {
      t = await this.credential.getToken(this.scope);
    } catch (e) {
      throw new GraphRequestError({
        kind: 'auth',
        method: 'TOKEN',
        path: this.scope,
        graphMessage: (e as Error).message.split('\n')[0] ?? 'token request failed',
        redactor: this.redactor,
      });
    }
    if (!t)
      throw new GraphRequestError({
        kind: 'auth',
        method: 'TOKEN',
        path: this.scope,
        graphMessage: 'the credential returned no token',
        redactor: this.redactor,
      });
    this.redactor.add(t.token);
    this.fetched++;
    this.token = { value: t.token, expiresAt: t.expiresOnTimestamp };
    return t.token;
  }
}

/** A fixed token (tests, or a token obtained elsewhere). */
export class StaticTokenProvider implements TokenProvider {
  constructor(private readonly token: string) {}
  getToken(): Promise<string> {
    return Promise.resolve(this.token);
  }
}

/**
 * Tokens by the OAuth client-credentials grant, POSTed to `<origin>/<tenant>/oauth2/v2.0/token`
 * directly. For a mock Graph on loopback, whose own token endpoint hands out tokens to its test
 * credential (MSAL refuses http authorities, so @azure/identity cannot be used there).
 */
export class ClientCredentialsTokenProvider implements TokenProvider {
  private token: { value: string; until: number } | undefined;
  constructor(
    private readonly origin: string,
    private readonly tenantId: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly redactor: Redactor,
    private readonly scope: string = GRAPH_SCOPE,
  ) {
    redactor.add(clientSecret);
  }
  async getToken(): Promise<string> {
    if (this.token && this.token.until > Date.now()) return this.token.value;
    const r = await fetch(`${this.origin}/${encodeURIComponent(this.tenantId)}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.clientId,
        client_secret: this.clientSecret,
        scope: this.scope,
      }),
      // The secret never follows a redirect (to another host or not): a token endpoint answers in place.
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    }).catch((e: unknown) => {
      throw new CredentialConfigError(
        `cannot reach the token endpoint at ${this.origin}: ${(e as Error).message}. Is the mock Graph ("intune-scep mock-graph serve") running there?`,
      );
    });
    if (r.status >= 300 && r.status < 400) {
      throw new CredentialConfigError(
        `the token endpoint at ${this.origin} answered ${r.status}, a redirect${r.headers.get('location') ? ` to ${this.redactor.redact(r.headers.get('location') as string)}` : ''}; the client secret is not sent on. Point --graph-url at the mock itself.`,
      );
    }
    const body = (await r.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error_description?: string };
    if (!body.access_token)
      throw new CredentialConfigError(
        `the token endpoint at ${this.origin} gave no token: ${this.redactor.redact(String(body.error_description ?? r.status))}`,
      );
    this.redactor.add(body.access_token);
    this.token = { value: body.access_token, until: Date.now() + ((body.expires_in ?? 3600) - 300) * 1000 };
    return body.access_token;
  }
}
