/**
 * From "where is Graph, who am I" to a GraphClient, the same way for the CLI and the provider:
 * | given                                   | client                                                     |
 * |-----------------------------------------|------------------------------------------------------------|
 * | a loopback graph URL, no explicit tenant| that mock, with tokens from its own endpoint (test credential)|
 * | a graph URL and a tenant                | that Graph, credentials through @azure/identity: only a    |
 * |                                         | cloud's Microsoft Graph or loopback (a tenant's token is   |
 * |                                         | never sent to a host a config or a flag names otherwise)   |
 * | a tenant only                           | https://graph.microsoft.com/beta, credentials as above      |
 * Throws CredentialConfigError (a message for the user) when something needed is missing.
 */
import { GraphClient, LimitConfigError, isLoopbackUrl, limitsFromEnv, type GraphEvent, type GraphLimits } from './client';
import { CLOUDS, CLOUD_NAMES, chooseCloud, cloudOfGraph, graphScope } from './clouds';
import {
  CachedTokenProvider,
  ClientCredentialsTokenProvider,
  CredentialConfigError,
  createCredential,
  type CredentialOptions,
  type TokenProvider,
} from './credentials';
import { REAL_CLOCK } from './budget';
import { Redactor } from './redact';

export interface ConnectOptions {
  readonly graphUrl?: string | undefined;
  /** A tenant named explicitly (flag or provider attribute): real credentials even on loopback. */
  readonly explicitTenant?: string | undefined;
  /** Credential options; tenantId here may come from the environment. */
  readonly credential: CredentialOptions;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** What a Graph on loopback (a mock) is offered, from the caller that knows the mock there. */
  readonly loopback?: LoopbackGraph | undefined;
  readonly redactor?: Redactor;
  readonly onEvent?: (e: GraphEvent) => void;
  /** public (default), usgov, usgovdod or china; absent: inferred from AZURE_AUTHORITY_HOST. */
  readonly cloud?: string | undefined;
}

/**
 * What intune-scep knows of a Graph on loopback, given by the caller that knows the mock there (the
 * CLI and the provider's process entry): production code holds no mock knowledge of its own.
 */
export interface LoopbackGraph {
  /** The client credential it accepts; absent: requests carry no token (a mock with auth off). */
  readonly credential?: LoopbackCredential | undefined;
  /** The answer header it advertises its throttle policy in; absent: Intune's documented limits. */
  readonly throttlePolicyHeader?: string | undefined;
}

/** A client credential a Graph on loopback accepts (the embedded tenant's own). */
export interface LoopbackCredential {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface Connection {
  readonly client: GraphClient;
  /** One line for the user: where requests go. */
  readonly description: string;
  /** Where requests go, as an id saved plans record (a plan applies only to the Graph it was made against). */
  readonly identity: string;
  /** The Entra tenant requests go to; undefined for a mock on loopback. */
  readonly tenant?: string | undefined;
}

export function connectGraph(options: ConnectOptions): Connection {
  const redactor = options.redactor ?? new Redactor();
  redactor.addEnvironment(options.env);
  redactor.add(options.credential.clientSecret);
  redactor.add(options.credential.certificatePassword);
  let limits: Partial<GraphLimits>;
  try {
    limits = limitsFromEnv(options.env);
  } catch (e) {
    if (e instanceof LimitConfigError) throw new CredentialConfigError(e.message);
    throw e;
  }
  const events = { limits, ...(options.onEvent ? { onEvent: options.onEvent } : {}) };
  let cloud;
  try {
    cloud = chooseCloud(options.cloud, options.credential.authorityHost ?? options.env.AZURE_AUTHORITY_HOST);
  } catch (e) {
    throw new CredentialConfigError((e as Error).message);
  }
  // Entra ID of the same cloud as Graph, unless the user named another authority.
  const credential = {
    ...options.credential,
    authorityHost: options.credential.authorityHost ?? options.env.AZURE_AUTHORITY_HOST ?? CLOUDS[cloud].authority,
  };
  const tokens = (graphOrigin: string): TokenProvider =>
    new CachedTokenProvider(createCredential(credential, options.env).credential, REAL_CLOCK, redactor, graphScope(cloud, graphOrigin));
  if (options.graphUrl) {
    const base = options.graphUrl.replace(/\/+$/, '').replace(/\/(beta|v1\.0)$/, '');
    let url: URL;
    try {
      url = new URL(base);
    } catch {
      throw new CredentialConfigError(
        `graph URL ${JSON.stringify(options.graphUrl)} is not a URL. Give the Graph base, e.g. https://graph.microsoft.com/beta or http://127.0.0.1:5899 for a mock.`,
      );
    }
    const loopback = isLoopbackUrl(base) && !options.explicitTenant;
    // A tenant's token goes only to Microsoft Graph (or this machine): a graph URL in a config a pull
    // request can edit must not be able to collect it.
    if (!isLoopbackUrl(base) && (url.protocol !== 'https:' || url.pathname !== '/' || cloudOfGraph(url.origin) === undefined)) {
      throw new CredentialConfigError(
        `graph URL ${JSON.stringify(options.graphUrl)} is not Microsoft Graph: a tenant's token is sent only to ${CLOUD_NAMES.map((c) => CLOUDS[c].graph).join(', ')} (choose the cloud with --cloud), or to a mock on loopback (http://127.0.0.1:PORT). Remove the graph URL to use the tenant's Graph.`,
      );
    }
    // On loopback, the caller's credential for it: an AZURE_TENANT_ID in the environment is for a real tenant, not a mock.
    const lc = options.loopback?.credential;
    const t = !loopback
      ? tokens(url.origin)
      : lc
        ? new ClientCredentialsTokenProvider(url.origin, lc.tenantId, lc.clientId, lc.clientSecret, redactor, graphScope(cloud))
        : undefined;
    return {
      client: new GraphClient({
        baseUrl: `${base}/beta`,
        ...(t ? { tokens: t } : {}),
        ...(loopback && options.loopback?.throttlePolicyHeader ? { throttlePolicyHeader: options.loopback.throttlePolicyHeader } : {}),
        redactor,
        ...events,
      }),
      description: `Graph at ${base}/beta${options.explicitTenant ? ` (tenant ${options.explicitTenant})` : ''}`,
      identity: `${base}/beta${options.explicitTenant ? ` tenant ${options.explicitTenant}` : ''}`,
      tenant: loopback ? undefined : (options.explicitTenant ?? options.credential.tenantId),
    };
  }
  if (!options.credential.tenantId)
    throw new CredentialConfigError('no Graph to talk to: give a tenant id (AZURE_TENANT_ID) or a graph URL (INTUNE_SCEP_GRAPH_URL).');
  const base = `${CLOUDS[cloud].graph}/beta`;
  return {
    client: new GraphClient({ baseUrl: base, tokens: tokens(CLOUDS[cloud].graph), redactor, ...events }),
    description: `tenant ${options.credential.tenantId} (${base}${cloud === 'public' ? '' : `, ${cloud} cloud`})`,
    identity: `${base} tenant ${options.credential.tenantId}`,
    tenant: options.credential.tenantId,
  };
}
