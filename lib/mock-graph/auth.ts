/**
 * The mock's identity provider, shaped like Microsoft Entra ID so that @azure/identity's real
 * credential code can run against it:
 * | endpoint                                          | does                                         |
 * |---------------------------------------------------|----------------------------------------------|
 * | GET  /{tenant}/v2.0/.well-known/openid-configuration | OpenID metadata with this server's URLs   |
 * | GET  /common/discovery/instance                   | MSAL instance discovery                      |
 * | GET  /{tenant}/discovery/v2.0/keys                | the key that signs access tokens             |
 * | POST /{tenant}/oauth2/v2.0/token                  | client credentials: secret, certificate      |
 * |                                                   | assertion, or a federated (OIDC) token       |
 * | GET  /msi/token                                   | managed identity (App Service style)         |
 * Access tokens are ES256 JWTs the mock signs and checks on every Graph request (unless auth is
 * off); their lifetime follows the mock's clock.
 */
import { X509Certificate, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import type { Clock } from './throttle';

export const PUBLIC_GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
/** The Graph scopes of the public and national clouds: the mock stands in for any of them. */
export const GRAPH_SCOPES: readonly string[] = [
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
].map((h) => `https://${h}/.default`);
export const FEDERATED_AUDIENCE = 'api://AzureADTokenExchange';

/** The app registered by default: what the CLI's embedded tenant and quick tests use. */
export const DEFAULT_TENANT_ID = '8f3c6a4e-2b1d-4c7e-9a55-6d0e1f2a3b4c';
export const DEFAULT_CLIENT_ID = '5d2e8c1a-7b4f-4e39-8c06-2a1f9e7d3b50';
export const DEFAULT_CLIENT_SECRET = 'mock-graph-client-secret';
/** The three as a client credential (what intune-scep offers a mock on loopback). */
export const DEFAULT_CREDENTIAL = {
  tenantId: DEFAULT_TENANT_ID,
  clientId: DEFAULT_CLIENT_ID,
  clientSecret: DEFAULT_CLIENT_SECRET,
} as const;

export interface MockApp {
  clientId: string;
  displayName?: string;
  clientSecret?: string;
  /** PEM certificates whose keys may sign client assertions. */
  certificates?: string[];
  /** Workload identity federation: tokens from this issuer for this subject, verified with this public key (PEM). */
  federated?: { issuer: string; subject: string; audience?: string; publicKeyPem: string }[];
  /** App Service style managed identity: the X-IDENTITY-HEADER secret. */
  managedIdentityHeader?: string;
  /** Application permissions in the token's `roles`. */
  roles?: string[];
}

export interface AuthOptions {
  tenantId?: string;
  apps?: MockApp[];
  /** Access token lifetime in seconds (default 3599, as Entra ID). */
  tokenLifetimeSeconds?: number;
}

export interface TokenError {
  status: number;
  body: Record<string, unknown>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const json64 = (v: unknown) => b64url(JSON.stringify(v));

function decodeJwt(
  token: string,
): { header: Record<string, unknown>; payload: Record<string, unknown>; signed: string; signature: Buffer } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    return {
      header: JSON.parse(Buffer.from(parts[0] as string, 'base64url').toString('utf8')) as Record<string, unknown>,
      payload: JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8')) as Record<string, unknown>,
      signed: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2] as string, 'base64url'),
    };
  } catch {
    return undefined;
  }
}

function verifyJwtSignature(alg: unknown, signed: string, signature: Buffer, key: KeyObject): boolean {
  try {
    switch (alg) {
      case 'RS256':
        return verify('sha256', Buffer.from(signed), key, signature);
      case 'PS256':
        return verify('sha256', Buffer.from(signed), { key, padding: 6, saltLength: 32 }, signature);
      case 'ES256':
        return verify('sha256', Buffer.from(signed), { key, dsaEncoding: 'ieee-p1363' }, signature);
      default:
        return false;
    }
  } catch {
    return false;
  }
}

export class MockAuth {
  readonly tenantId: string;
  private readonly apps: Map<string, MockApp>;
  private readonly signingKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly kid = randomUUID();
  private readonly lifetime: number;
  /** Tokens issued, for tests. */
  issued = 0;

  constructor(
    options: AuthOptions,
    private readonly clock: Clock,
  ) {
    this.tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
    const apps = options.apps ?? [{ clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, displayName: 'intune-scep (mock)' }];
    this.apps = new Map(apps.map((a) => [a.clientId.toLowerCase(), a]));
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.signingKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    this.lifetime = options.tokenLifetimeSeconds ?? 3599;
  }

  openIdConfiguration(base: string, tenant: string): Record<string, unknown> {
    const t = tenant === 'common' || tenant === 'organizations' ? '{tenantid}' : this.tenantId;
    return {
      token_endpoint: `${base}/${t}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/${t}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/${t}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/${t}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/${t}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/${t}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid'],
      kerberos_endpoint: `${base}/${t}/kerberos`,
      tenant_region_scope: 'EU',
      cloud_instance_name: new URL(base).host,
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    };
  }

  instanceDiscovery(base: string): Record<string, unknown> {
    const host = new URL(base).host;
    return {
      tenant_discovery_endpoint: `${base}/{tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
  }

  jwks(): Record<string, unknown> {
    return { keys: [{ ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, use: 'sig', alg: 'ES256' }] };
  }

  private entraError(status: number, error: string, code: number, description: string): TokenError {
    return {
      status,
      body: {
        error,
        error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date(this.clock.now()).toISOString()}`,
        error_codes: [code],
        timestamp: new Date(this.clock.now()).toISOString(),
        trace_id: randomUUID(),
        correlation_id: randomUUID(),
      },
    };
  }

  private issue(app: MockApp): Record<string, unknown> {
    const now = Math.floor(this.clock.now() / 1000);
    const payload = {
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${this.tenantId}/`,
      iat: now,
      nbf: now,
      exp: now + this.lifetime,
      appid: app.clientId,
      app_displayname: app.displayName ?? app.clientId,
      idtyp: 'app',
      oid: app.clientId,
      roles: app.roles ?? ['DeviceManagementConfiguration.ReadWrite.All', 'Group.Read.All'],
      sub: app.clientId,
      tid: this.tenantId,
      uti: randomUUID(),
      ver: '1.0',
    };
    const header = { typ: 'JWT', alg: 'ES256', kid: this.kid };
    const signed = `${json64(header)}.${json64(payload)}`;
    const signature = sign('sha256', Buffer.from(signed), { key: this.signingKey, dsaEncoding: 'ieee-p1363' });
    this.issued++;
    return {
      token_type: 'Bearer',
      expires_in: this.lifetime,
      ext_expires_in: this.lifetime,
      access_token: `${signed}.${b64url(signature)}`,
    };
  }

  /** The token endpoint: form fields in, Entra-shaped answer out. */
  token(tenant: string, form: URLSearchParams, tokenEndpoint: string): { status: number; body: Record<string, unknown> } {
    if (tenant.toLowerCase() !== this.tenantId.toLowerCase()) {
      return this.entraError(
        400,
        'invalid_request',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`,
      );
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return this.entraError(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${form.get('grant_type') ?? ''}'.`,
      );
    }
    const scope = form.get('scope') ?? '';
    if (!scope.split(' ').some((x) => GRAPH_SCOPES.includes(x))) {
      return this.entraError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope '${scope}' is not valid. Client credential flows must have a scope value with /.default.`,
      );
    }
    const clientId = form.get('client_id') ?? '';
    const app = this.apps.get(clientId.toLowerCase());
    if (!app) {
      return this.entraError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.tenantId}'.`,
      );
    }
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    if (secret !== null) {
      if (app.clientSecret === undefined || secret !== app.clientSecret) {
        return this.entraError(
          401,
          'invalid_client',
          7000215,
          'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
        );
      }
      return { status: 200, body: this.issue(app) };
    }
    if (assertion !== null) {
      if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
        return this.entraError(
          400,
          'invalid_request',
          900144,
          "The request body must contain the parameter 'client_assertion_type' with urn:ietf:params:oauth:client-assertion-type:jwt-bearer.",
        );
      }
      const jwt = decodeJwt(assertion);
      if (!jwt) return this.entraError(401, 'invalid_client', 50027, 'Invalid JWT token: the token is not in a valid format.');
      const now = this.clock.now() / 1000;
      const exp = jwt.payload.exp;
      if (typeof exp !== 'number' || exp < now)
        return this.entraError(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
      // A federated token: issued by the registered OIDC issuer for the registered subject.
      const fed = app.federated?.find((f) => f.issuer === jwt.payload.iss && f.subject === jwt.payload.sub);
      if (fed) {
        const aud = jwt.payload.aud;
        const audiences = Array.isArray(aud) ? aud : [aud];
        if (!audiences.includes(fed.audience ?? FEDERATED_AUDIENCE)) {
          return this.entraError(
            400,
            'invalid_request',
            700212,
            `No matching federated identity record found for presented assertion audience '${String(aud)}'.`,
          );
        }
        if (!verifyJwtSignature(jwt.header.alg, jwt.signed, jwt.signature, createPublicKey(fed.publicKeyPem))) {
          return this.entraError(401, 'invalid_client', 700211, 'The signature of the presented assertion could not be verified.');
        }
        return { status: 200, body: this.issue(app) };
      }
      if (app.federated?.length && jwt.payload.iss !== clientId) {
        return this.entraError(
          400,
          'invalid_request',
          700213,
          `No matching federated identity record found for presented assertion subject '${String(jwt.payload.sub)}'.`,
        );
      }
      // A certificate assertion: signed with the key of a registered certificate, named by thumbprint.
      if (jwt.payload.iss !== clientId || jwt.payload.sub !== clientId) {
        return this.entraError(401, 'invalid_client', 700023, 'Client assertion audience claim does not match Realm issuer.');
      }
      if (jwt.payload.aud !== tokenEndpoint) {
        return this.entraError(
          401,
          'invalid_client',
          700016,
          `The audience of the client assertion must be the token endpoint ${tokenEndpoint}.`,
        );
      }
      const thumbSha1 =
        typeof jwt.header.x5t === 'string' ? Buffer.from(jwt.header.x5t, 'base64url').toString('hex').toUpperCase() : undefined;
      const thumbSha256 =
        typeof jwt.header['x5t#S256'] === 'string'
          ? Buffer.from(jwt.header['x5t#S256'], 'base64url').toString('hex').toUpperCase()
          : undefined;
      const cert = (app.certificates ?? [])
        .map((pem) => new X509Certificate(pem))
        .find((c) => {
          const f1 = c.fingerprint.replace(/:/g, '');
          const f256 = c.fingerprint256.replace(/:/g, '');
          return f1 === thumbSha1 || f256 === thumbSha256;
        });
      if (!cert)
        return this.entraError(401, 'invalid_client', 700027, 'Client assertion contains an invalid signature: the key was not found.');
      if (!verifyJwtSignature(jwt.header.alg, jwt.signed, jwt.signature, cert.publicKey)) {
        return this.entraError(401, 'invalid_client', 700027, 'Client assertion contains an invalid signature.');
      }
      return { status: 200, body: this.issue(app) };
    }
    return this.entraError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }

  /** App Service style managed identity endpoint. */
  managedIdentityToken(params: URLSearchParams, header: string | undefined): { status: number; body: Record<string, unknown> } {
    const clientId = params.get('client_id');
    const app = [...this.apps.values()].find(
      (a) => a.managedIdentityHeader !== undefined && (clientId === null || a.clientId.toLowerCase() === clientId.toLowerCase()),
    );
    if (!app || header !== app.managedIdentityHeader)
      return { status: 401, body: { statusCode: 401, message: 'Unauthorized: missing or wrong X-IDENTITY-HEADER.' } };
    const resource = params.get('resource') ?? '';
    if (!resource.startsWith('https://graph.microsoft.com'))
      return { status: 400, body: { statusCode: 400, message: `Unknown resource '${resource}'.` } };
    const t = this.issue(app);
    return {
      status: 200,
      body: {
        access_token: t.access_token,
        expires_on: String(Math.floor(this.clock.now() / 1000) + this.lifetime),
        resource,
        token_type: 'Bearer',
        client_id: app.clientId,
      },
    };
  }

  /** The app behind a bearer token, or why the request is refused. */
  checkBearer(authorization: string | undefined): { ok: true; appId: string } | { ok: false; code: string; message: string } {
    if (!authorization?.startsWith('Bearer ')) return { ok: false, code: 'InvalidAuthenticationToken', message: 'Access token is empty.' };
    const jwt = decodeJwt(authorization.slice(7).trim());
    if (!jwt || !verifyJwtSignature(jwt.header.alg, jwt.signed, jwt.signature, this.publicKey)) {
      return { ok: false, code: 'InvalidAuthenticationToken', message: 'Access token validation failure. Invalid signature.' };
    }
    const exp = jwt.payload.exp;
    if (typeof exp !== 'number' || exp * 1000 <= this.clock.now()) {
      return { ok: false, code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.' };
    }
    if (jwt.payload.tid !== this.tenantId || jwt.payload.aud !== 'https://graph.microsoft.com') {
      return { ok: false, code: 'InvalidAuthenticationToken', message: 'Access token validation failure. Invalid audience or tenant.' };
    }
    return { ok: true, appId: String(jwt.payload.appid) };
  }
}
