/**
 * The mock's router: routes declared as data, `route(method, pattern, handler, traits)`. Paths are
 * relative to the version (`/beta`, `/v1.0`); `:name` matches one segment, and
 * `deviceConfigurations('id')` is read as `deviceConfigurations/id`.
 */
import { badRequest } from '../errors';
import type { TenantStore } from '../store';

export interface MockRequest {
  readonly method: string;
  /** Path below the version, normalised (`/deviceManagement/deviceConfigurations/<id>`). */
  readonly path: string;
  readonly version: 'beta' | 'v1.0';
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly params: Readonly<Record<string, string>>;
}

export interface MockResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Behaviour {
  /** Page size of lists when the client sends no $top (and the cap on $top). */
  pageSize: number;
  /** A SCEP create without rootCertificate@odata.bind is refused (unverified in Graph; strict default). */
  requireRootOnCreate: boolean;
  /** Deleting a trusted root that a SCEP profile links to is refused (unverified; strict default). */
  protectReferencedRoots: boolean;
  /** PATCH answers 204 (as the service does in practice) or 200 with the entity (as documented). */
  patchStatus: 204 | 200;
  /**
   * Reads of a new Cloud PKI CA that still find it being created (status `unknown`, no certificate)
   * before it is `active`: Microsoft does not document whether creation is asynchronous, so the mock
   * makes a client wait (graph-facts/cloud-pki.ts).
   */
  caReadsUntilActive: number;
}

export interface RouteContext {
  readonly store: TenantStore;
  readonly now: () => number;
  readonly behaviour: Behaviour;
  /** Absolute URL of this server, e.g. http://127.0.0.1:5000 (for @odata.nextLink and contexts). */
  readonly baseUrl: string;
}

export type Handler = (req: MockRequest, ctx: RouteContext) => MockResponse;

export interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly segments: readonly string[];
  readonly handler: Handler;
  /** Counted as a write by Intune's throttle, and eligible for "applied, then 500". */
  readonly write: boolean;
  /** Counted by Intune's device-configuration throttle (not groups). */
  readonly intune: boolean;
}

export function route(method: string, pattern: string, handler: Handler, traits: { write?: boolean; intune?: boolean } = {}): Route {
  return {
    method,
    pattern,
    segments: pattern.split('/').filter(Boolean),
    handler,
    write: traits.write ?? method !== 'GET',
    intune: traits.intune ?? pattern.startsWith('/deviceManagement'),
  };
}

/** `deviceConfigurations('x')` → `deviceConfigurations/x`; trailing slash dropped. */
export function normalisePath(path: string): string {
  return path.replace(/\/([A-Za-z]+)\('([^']*)'\)/g, '/$1/$2').replace(/\/+$/, '');
}

export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | 'method' | undefined {
  const segments = path.split('/').filter(Boolean).map(decodeSegment);
  let pathMatched = false;
  for (const r of routes) {
    if (r.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segments.length && ok; i++) {
      const want = r.segments[i] as string;
      const got = segments[i] as string;
      if (want.startsWith(':')) params[want.slice(1)] = got;
      else ok = want === got;
    }
    if (!ok) continue;
    pathMatched = true;
    if (r.method === method) return { route: r, params };
  }
  return pathMatched ? 'method' : undefined;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** A percent-decoded path segment; a malformed escape is the client's 400, as Graph answers it. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`The request URI is malformed: invalid percent-encoding in '${segment.slice(0, 200)}'.`);
  }
}
