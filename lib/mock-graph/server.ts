/**
 * The mock Graph server: real HTTP(S) on loopback. Every Graph request goes through one pipeline:
 *
 *   auth (bearer token) → latency → Intune throttle → faults → route → (applied, then 500)
 *
 * `$batch` runs its inner requests through the same pipeline (without latency and dropped
 * connections), each throttled on its own, and answers them in shuffled order.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { MockAuth, type AuthOptions } from './auth';
import { GraphError, errorBody, newRequestId } from './errors';
import { Faults, type FaultOptions } from './faults';
import {
  DEFAULT_ROUTES,
  matchRoute,
  normalisePath,
  type Behaviour,
  type MockRequest,
  type MockResponse,
  type Route,
  type RouteContext,
} from './routes';
import { TenantStore, type MockFilter, type MockGroup } from './store';
import { SYSTEM_CLOCK, THROTTLE_HEADER, Throttle, type Clock, type ThrottleOptions } from './throttle';

export interface MockGraphOptions {
  /** Port on 127.0.0.1 (0: any free port). */
  port?: number;
  host?: string;
  /** Persist the tenant in this file (snapshot + journal); in memory when absent. */
  dataFile?: string;
  /** Groups to create at start when the tenant has none with that id. */
  seedGroups?: MockGroup[];
  /** Assignment filters to create at start when the tenant has none with that id. */
  seedFilters?: MockFilter[];
  behaviour?: Partial<Behaviour>;
  throttle?: ThrottleOptions & { retryAfter?: boolean };
  faults?: FaultOptions;
  /** 'required': every Graph request needs a token from this server's token endpoint. */
  auth?: 'required' | 'off';
  identity?: AuthOptions;
  /** Wrap error messages in Intune's JSON-in-message form. */
  intuneErrorMessages?: boolean;
  /** Serve HTTPS with this certificate and key (PEM); MSAL refuses plain-http authorities. */
  tls?: { cert: string; key: string };
  clock?: Clock;
  /** Called as each Graph request arrives (top level and inside $batch), with the running count. */
  onRequest?: (count: number, method: string, path: string) => void;
  /**
   * Called as the Nth write is about to be applied (after throttling and injected faults let it through;
   * the write then happens). Kill tests pick kill points by it: every complete apply makes at least as
   * many writes as it has objects, so a point below that lands inside the run by construction.
   */
  onWrite?: (writes: number, method: string, path: string) => void;
  /** How to wait for latency faults; tests inject one that does not sleep. */
  sleep?: (ms: number) => Promise<void>;
}

export interface MockGraph {
  /** e.g. http://127.0.0.1:43121 — Graph is at `${url}/beta`, the token endpoint at `${url}/<tenant>/oauth2/v2.0/token`. */
  readonly url: string;
  readonly store: TenantStore;
  readonly throttle: Throttle;
  readonly faults: Faults;
  readonly auth: MockAuth;
  readonly behaviour: Behaviour;
  /** Requests seen, by kind, for tests and benchmarks. */
  readonly stats: MockStats;
  /** Routes that take precedence until resetHandlers() (msw's use()). */
  use(...routes: Route[]): void;
  resetHandlers(): void;
  /**
   * Resolves once no request is being read or handled, after what a client that just died (kill -9)
   * had already sent has been handled as Graph would: a test then sees the tenant as it stays.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface MockStats {
  requests: number;
  writes: number;
  batches: number;
  batchedRequests: number;
  throttled: number;
  byStatus: Record<number, number>;
}

const MAX_BODY = 8 * 1024 * 1024;
const MAX_BATCH = 20;

interface Answer extends MockResponse {
  drop?: boolean;
}

function headerMap(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Over the limit, the rest is read and dropped so the client gets its 413 (not a reset); a body
    // far beyond any limit is cut off.
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY * 8) {
        req.destroy();
        return;
      }
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () =>
      size > MAX_BODY
        ? reject(new GraphError(413, 'RequestEntityTooLarge', `The request body is larger than ${MAX_BODY} bytes.`))
        : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

/** A host[:port] a client may have called us by: a name or address, nothing that could bend a URL. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The base URL the client used: X-Forwarded-Host/-Proto when present, else Host, else our own address. */
function publicBase(headers: Readonly<Record<string, string>>, scheme: 'http' | 'https', fallback: string): string {
  const host = (headers['x-forwarded-host'] ?? headers.host ?? '').split(',')[0]?.trim() ?? '';
  const proto = (headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim().toLowerCase();
  if (!HOST.test(host)) return fallback;
  return `${proto === 'http' || proto === 'https' ? proto : scheme}://${host}`;
}

export async function startMockGraph(options: MockGraphOptions = {}): Promise<MockGraph> {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const store = options.dataFile ? TenantStore.open(options.dataFile) : TenantStore.inMemory();
  for (const g of options.seedGroups ?? []) if (!store.groups.has(g.id)) store.putGroup(g);
  for (const f of options.seedFilters ?? []) if (!store.filters.has(f.id)) store.putFilter(f);
  const behaviour: Behaviour = {
    pageSize: 100,
    requireRootOnCreate: true,
    protectReferencedRoots: true,
    patchStatus: 204,
    caReadsUntilActive: 1,
    ...options.behaviour,
  };
  const throttle = new Throttle(options.throttle ?? { mode: 'intune' }, clock);
  const retryAfterHeaders = options.throttle?.retryAfter ?? true;
  const faults = new Faults(options.faults);
  const auth = new MockAuth(options.identity ?? {}, clock);
  const authRequired = (options.auth ?? 'required') === 'required';
  const stats: MockStats = { requests: 0, writes: 0, batches: 0, batchedRequests: 0, throttled: 0, byStatus: {} };
  let overrides: Route[] = [];
  let baseUrl = '';

  const ctx = (base: string): RouteContext => ({ store, now: () => clock.now(), behaviour, baseUrl: base });

  function errorAnswer(err: GraphError, requestId: string, clientRequestId: string, url: string): Answer {
    return {
      status: err.status,
      headers: err.headers,
      body: errorBody(err, {
        requestId,
        clientRequestId,
        date: new Date(clock.now()).toISOString(),
        intuneStyle: options.intuneErrorMessages ?? false,
        url,
      }),
    };
  }

  /** One Graph request (top level or inside $batch) through throttle, faults and routing. */
  function graphRequest(
    base: string,
    method: string,
    version: 'beta' | 'v1.0',
    rawPath: string,
    query: URLSearchParams,
    headers: Record<string, string>,
    body: unknown,
    app: string,
    inBatch: boolean,
  ): Answer {
    const path = normalisePath(rawPath);
    const requestId = newRequestId();
    const clientRequestId = headers['client-request-id'] ?? requestId;
    const ids = { 'request-id': requestId, 'client-request-id': clientRequestId };
    const fail = (err: GraphError): Answer => {
      const a = errorAnswer(err, requestId, clientRequestId, `${base}/${version}${rawPath}`);
      return { ...a, headers: { ...a.headers, ...ids } };
    };
    options.onRequest?.(stats.requests, method, path);
    let matched: ReturnType<typeof matchRoute>;
    try {
      matched = matchRoute([...overrides, ...DEFAULT_ROUTES], method, path);
    } catch (e) {
      if (e instanceof GraphError) return fail(e); // a malformed path is the client's 400
      throw e;
    }
    if (matched === undefined)
      return fail(
        new GraphError(400, 'BadRequest', `Resource not found for the segment '${path.split('/').filter(Boolean).pop() ?? ''}'.`),
      );
    if (matched === 'method') return fail(new GraphError(405, 'MethodNotAllowed', `The method ${method} is not allowed on ${path}.`));
    const { route, params } = matched;

    if (route.intune) {
      const decision = throttle.admit(app, route.write);
      if (!decision.ok) {
        stats.throttled++;
        const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
        const retry: Record<string, string> = retryAfterHeaders
          ? { 'Retry-After': String(seconds), 'retry-after-ms': String(Math.ceil(decision.retryAfterMs)) }
          : {};
        return fail(
          new GraphError(
            429,
            'TooManyRequests',
            `Too many requests: the ${decision.scope} limit of Intune is exceeded. Retry later.`,
            retry,
          ),
        );
      }
    }
    const fault = faults.decide(route.write, inBatch);
    if (fault.kind === 'drop') return { status: 0, drop: true };
    if (fault.kind === 'error') {
      const codes: Record<number, string> = { 500: 'InternalServerError', 503: 'ServiceUnavailable', 504: 'GatewayTimeout' };
      return fail(new GraphError(fault.status, codes[fault.status] ?? 'InternalServerError', 'An error has occurred (injected fault).'));
    }
    if (route.write) {
      stats.writes++;
      options.onWrite?.(stats.writes, method, path);
    }
    try {
      const answer = route.handler({ method, path, version, query, headers, body, params } satisfies MockRequest, ctx(base));
      if (fault.kind === 'applied-then-500')
        return fail(new GraphError(500, 'InternalServerError', 'An internal server error occurred (the change was applied).'));
      return { ...answer, headers: { ...answer.headers, ...ids } };
    } catch (e) {
      if (e instanceof GraphError) return fail(e);
      return fail(new GraphError(500, 'InternalServerError', `Mock failure: ${(e as Error).message}`));
    }
  }

  function batch(base: string, version: 'beta' | 'v1.0', body: unknown, app: string): Answer {
    stats.batches++;
    const requests = (body as { requests?: unknown })?.requests;
    if (!Array.isArray(requests)) throw new GraphError(400, 'BadRequest', "Invalid batch payload: 'requests' must be an array.");
    if (requests.length > MAX_BATCH)
      throw new GraphError(
        400,
        'BadRequest',
        `Invalid batch payload: a batch may hold at most ${MAX_BATCH} requests, this one has ${requests.length}.`,
      );
    // Graph compares request ids without case: 'a' and 'A' are the same id.
    const seen = new Set<string>();
    for (const r of requests as Record<string, unknown>[]) {
      if (typeof r?.id !== 'string' || r.id === '')
        throw new GraphError(400, 'BadRequest', "Invalid batch payload: every request needs a string 'id'.");
      if (seen.has(r.id.toLowerCase()))
        throw new GraphError(
          400,
          'BadRequest',
          `Invalid batch payload: the request id '${r.id}' appears twice (ids are compared without case); ids must be unique.`,
        );
      seen.add(r.id.toLowerCase());
      if (typeof r.method !== 'string' || typeof r.url !== 'string')
        throw new GraphError(400, 'BadRequest', `Invalid batch payload: request '${r.id}' needs 'method' and 'url'.`);
    }
    const byId = new Map((requests as Record<string, unknown>[]).map((r) => [r.id as string, r]));
    const results = new Map<string, { id: string; status: number; headers: Record<string, string>; body?: unknown }>();
    const run = (id: string, stack: string[]): number => {
      const done = results.get(id);
      if (done) return done.status;
      const r = byId.get(id) as Record<string, unknown>;
      const deps = Array.isArray(r.dependsOn) ? (r.dependsOn as unknown[]) : [];
      for (const dep of deps) {
        if (typeof dep !== 'string' || !byId.has(dep) || stack.includes(dep)) {
          results.set(id, innerError(id, 400, 'BadRequest', `dependsOn '${String(dep)}' does not name an earlier request of this batch.`));
          return 400;
        }
        const status = run(dep, [...stack, id]);
        if (status >= 400) {
          results.set(id, innerError(id, 424, 'FailedDependency', `The request depends on '${dep}', which failed with ${status}.`));
          return 424;
        }
      }
      const headers = Object.fromEntries(
        Object.entries((r.headers as Record<string, string>) ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
      );
      if (r.body !== undefined && !/application\/json/i.test(headers['content-type'] ?? '')) {
        results.set(id, innerError(id, 400, 'BadRequest', "A request with a body needs the header 'Content-Type: application/json'."));
        return 400;
      }
      const url = new URL(String(r.url).startsWith('/') ? String(r.url) : `/${String(r.url)}`, 'http://batch.invalid');
      stats.batchedRequests++;
      stats.requests++;
      const a = graphRequest(base, String(r.method).toUpperCase(), version, url.pathname, url.searchParams, headers, r.body, app, true);
      stats.byStatus[a.status] = (stats.byStatus[a.status] ?? 0) + 1;
      results.set(id, {
        id,
        status: a.status,
        headers: { ...(a.headers ?? {}), ...(a.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(a.body !== undefined ? { body: a.body } : {}),
      });
      return a.status;
    };
    for (const id of byId.keys()) run(id, []);
    return { status: 200, body: { responses: faults.shuffle([...results.values()]) } };
  }

  function innerError(id: string, status: number, code: string, message: string) {
    const requestId = newRequestId();
    return {
      id,
      status,
      headers: { 'Content-Type': 'application/json' },
      body: errorBody(
        { code, message },
        { requestId, clientRequestId: requestId, date: new Date(clock.now()).toISOString(), intuneStyle: false },
      ),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = headerMap(req);
    // Links (@odata.nextLink, @odata.context) name the host the client called, as Graph does,
    // so a proxy, a port mapping or a counting proxy in between still gets links back to itself.
    const requestBase = publicBase(headers, options.tls ? 'https' : 'http', baseUrl);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', requestBase);
    } catch {
      url = new URL('/', requestBase);
    }
    const requestId = newRequestId();
    const send = (a: Answer) => {
      if (a.drop) {
        req.socket.destroy();
        return;
      }
      stats.byStatus[a.status] = (stats.byStatus[a.status] ?? 0) + 1;
      const h: Record<string, string> = {
        'request-id': requestId,
        'client-request-id': headers['client-request-id'] ?? requestId,
        [THROTTLE_HEADER]: throttle.advertised(),
        ...a.headers,
      };
      if (a.body === undefined) {
        res.writeHead(a.status, h);
        res.end();
      } else {
        const text = JSON.stringify(a.body);
        res.writeHead(a.status, {
          ...h,
          'Content-Type': 'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8',
          'Content-Length': String(Buffer.byteLength(text)),
        });
        res.end(text);
      }
    };
    const failTop = (err: GraphError) => send(errorAnswer(err, requestId, headers['client-request-id'] ?? requestId, url.toString()));

    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (e) {
      if (e instanceof GraphError) failTop(e);
      return;
    }
    const segments = url.pathname.split('/').filter(Boolean);

    // Identity endpoints (Entra-shaped; not Graph, not throttled).
    if (url.pathname === '/common/discovery/instance' && method === 'GET')
      return send({ status: 200, body: auth.instanceDiscovery(requestBase) });
    if (segments[1] === 'v2.0' && segments[2] === '.well-known' && segments[3] === 'openid-configuration' && method === 'GET') {
      return send({ status: 200, body: auth.openIdConfiguration(requestBase, segments[0] as string) });
    }
    if (segments[1] === 'discovery' && segments[3] === 'keys' && method === 'GET') return send({ status: 200, body: auth.jwks() });
    if (segments[1] === 'oauth2' && segments[2] === 'v2.0' && segments[3] === 'token' && segments.length === 4) {
      if (method !== 'POST')
        return send({ status: 405, body: { error: 'invalid_request', error_description: 'The token endpoint takes POST.' } });
      const form = new URLSearchParams(raw.toString('utf8'));
      const r = auth.token(segments[0] as string, form, `${requestBase}/${segments[0]}/oauth2/v2.0/token`);
      return send({ status: r.status, body: r.body, headers: { 'Cache-Control': 'no-store, no-cache' } });
    }
    if (url.pathname === '/msi/token' && method === 'GET') {
      const r = auth.managedIdentityToken(url.searchParams, headers['x-identity-header']);
      return send({ status: r.status, body: r.body });
    }

    const version = segments[0];
    if (version !== 'beta' && version !== 'v1.0')
      return failTop(new GraphError(404, 'NotFound', `No such endpoint: ${url.pathname}. Graph is at /beta and /v1.0.`));
    stats.requests++;
    let app = 'anonymous';
    if (authRequired) {
      const check = auth.checkBearer(headers.authorization);
      if (!check.ok)
        return failTop(
          new GraphError(401, check.code, check.message, {
            'WWW-Authenticate': `Bearer realm="", authorization_uri="${requestBase}/${auth.tenantId}/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
          }),
        );
      app = check.appId;
    }
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return failTop(
          new GraphError(
            400,
            'BadRequest',
            'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
          ),
        );
      }
    }
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const rest = `/${segments.slice(1).join('/')}`;
    if (rest === '/$batch' && method === 'POST') {
      const fault = faults.decide(false, false);
      if (fault.kind === 'drop') return send({ status: 0, drop: true });
      if (fault.kind === 'error')
        return failTop(new GraphError(fault.status, 'ServiceUnavailable', 'An error has occurred (injected fault).'));
      try {
        return send(batch(requestBase, version, body, app));
      } catch (e) {
        if (e instanceof GraphError) return failTop(e);
        throw e;
      }
    }
    send(graphRequest(requestBase, method, version, rest, url.searchParams, headers, body, app, false));
  }

  /** Requests being read or handled. */
  let active = 0;
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    active++;
    handle(req, res)
      .catch((e: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'InternalServerError', message: `Mock failure: ${(e as Error).message}` } }));
        }
      })
      .finally(() => active--);
  };
  const server: Server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener)
    : createHttpServer(listener);
  server.keepAliveTimeout = 30_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (e) {
    store.close();
    throw e;
  }
  const { port } = server.address() as AddressInfo;
  baseUrl = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: baseUrl,
    store,
    throttle,
    faults,
    auth,
    behaviour,
    stats,
    use: (...routes: Route[]) => {
      overrides = [...routes, ...overrides];
    },
    resetHandlers: () => {
      overrides = [];
    },
    settled: async () => {
      // What a client sent reaches the server's socket at once on loopback and is read on the next
      // turns of the event loop: three quiet polls in a row mean nothing more is coming.
      const deadline = Date.now() + 10_000;
      for (let quiet = 0; quiet < 3;) {
        await new Promise((r) => setTimeout(r, 5));
        quiet = active === 0 ? quiet + 1 : 0;
        if (Date.now() > deadline) throw new Error(`the mock Graph still handles ${active} request(s) after 10 s`);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          store.close();
          resolve();
        });
        for (const s of sockets) s.destroy();
      }),
  };
}
