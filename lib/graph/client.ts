/**
 * The Graph client: transport on axios, the shared request budget, retries, paging, $batch and
 * safe creates. It knows Graph's wire shapes, not our resources (mapping.ts does).
 *
 * | operation          | on a transient failure (429, 500, 503, 504, reset, timeout)          |
 * |--------------------|----------------------------------------------------------------------|
 * | GET, PATCH, PUT,   | retried with capped exponential backoff and jitter; 429 pauses the   |
 * | assign             | whole budget for Retry-After                                          |
 * | DELETE             | retried; a 404 after an attempt that may have applied is success     |
 * | POST (create)      | never blindly repeated: after a failure that may have applied, look  |
 * |                    | the object up (type, display name, created after the attempt) and    |
 * |                    | adopt it; POST again only when it is not there                       |
 */
import type { AxiosInstance } from 'axios';
import { randomUUID } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { REAL_CLOCK, RequestBudget, advertisedLimits, type GraphClock } from './budget';
import { CredentialConfigError, type TokenProvider } from './credentials';
import { GraphRequestError, parseErrorBody } from './errors';
import { Redactor } from './redact';

export const GRAPH_BETA = 'https://graph.microsoft.com/beta';

export type GraphEntity = Record<string, unknown> & { id: string; '@odata.type': string };

export interface RetryOptions {
  /** Attempts for failures (5xx, resets, timeouts). */
  maxAttempts: number;
  /**
   * 429s are Intune saying "later", not a failure: they have an allowance of their own, large enough
   * to outlast another run of the same app sharing the window.
   */
  maxThrottledAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 8, maxThrottledAttempts: 60, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * Every wait on Graph is bounded. A broken or hostile Graph (a Retry-After of days, an answer that
 * drips a byte at a time, a nextLink back to itself, an endless 503) ends in a clear error, in
 * bounded time. Defaults suit a real tenant; the CLI and provider read the environment variables
 * named in each (seconds).
 */
export interface GraphLimits {
  /** Longest Retry-After honoured (INTUNE_SCEP_MAX_RETRY_AFTER). Beyond it the request fails naming the header. */
  maxRetryAfterMs: number;
  /** Deadline of one request, connect to last byte; not restarted by each byte (INTUNE_SCEP_REQUEST_TIMEOUT). */
  requestTimeoutMs: number;
  /** Longest time without one successful answer before the run gives up (INTUNE_SCEP_MAX_STALL). */
  maxStallMs: number;
  /** Pages of one collection listing. */
  maxPages: number;
  /** Largest answer read; a larger one fails at once, never retried (it will not shrink). */
  maxResponseBytes: number;
}

export const DEFAULT_LIMITS: GraphLimits = {
  maxRetryAfterMs: 300_000,
  requestTimeoutMs: 100_000,
  maxStallMs: 900_000,
  maxPages: 10_000,
  maxResponseBytes: 256 * 1024 * 1024,
};

/** The environment variables of GraphLimits, in seconds. */
export const LIMIT_ENV = {
  maxRetryAfterMs: 'INTUNE_SCEP_MAX_RETRY_AFTER',
  requestTimeoutMs: 'INTUNE_SCEP_REQUEST_TIMEOUT',
  maxStallMs: 'INTUNE_SCEP_MAX_STALL',
} as const;

export class LimitConfigError extends Error {}

/** The limits the environment sets (seconds), over the defaults. Throws LimitConfigError naming a bad variable. */
export function limitsFromEnv(env: Readonly<Record<string, string | undefined>>): Partial<GraphLimits> {
  const out: Partial<GraphLimits> = {};
  for (const [key, name] of Object.entries(LIMIT_ENV) as [keyof typeof LIMIT_ENV, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const seconds = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw.trim()) || !(seconds > 0) || seconds > 86_400)
      throw new LimitConfigError(`${name}=${JSON.stringify(raw)}: expected a number of seconds between 0 and 86400.`);
    out[key] = Math.round(seconds * 1000);
  }
  return out;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

export type GraphEvent =
  | { type: 'request'; method: string; path: string; status: number; attempt: number; ms: number }
  | { type: 'retry'; method: string; path: string; reason: string; delayMs: number; attempt: number }
  | { type: 'throttled'; method: string; path: string; retryAfterMs: number | undefined }
  | { type: 'adopted'; odataType: string; displayName: string; id: string }
  | { type: 'log'; line: string };

export interface GraphClientOptions {
  /** `https://graph.microsoft.com/beta`, or a loopback URL of a mock (`http://127.0.0.1:5899/beta`). */
  baseUrl: string;
  /** Absent: no Authorization header (a mock with auth off). */
  tokens?: TokenProvider;
  budget?: RequestBudget;
  clock?: GraphClock;
  retry?: Partial<RetryOptions>;
  random?: () => number;
  redactor?: Redactor;
  /** Extra CA to trust (a mock's self-signed certificate). */
  ca?: string;
  /** Bounds on every wait (defaults DEFAULT_LIMITS). */
  limits?: Partial<GraphLimits>;
  /** Progress and log lines (already redacted). */
  onEvent?: (e: GraphEvent) => void;
  /** Clock skew tolerated when looking for an object a failed create may have made. */
  createSkewMs?: number;
  /**
   * The answer header in which a Graph on loopback advertises its throttle policy (a mock's, from
   * the caller that knows it: see advertisedLimits). Absent, on any other host, or with a budget
   * given: Intune's documented limits hold whatever answers say.
   */
  throttlePolicyHeader?: string;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/** A URL on this machine (a mock): the only place plain http is allowed. */
export function isLoopbackUrl(url: string): boolean {
  try {
    return LOOPBACK.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** The base URL, checked: https anywhere, plain http only to loopback. */
export function checkBaseUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CredentialConfigError(
      `the Graph URL ${JSON.stringify(url)} is not a URL; use https://graph.microsoft.com/beta or a mock's http://127.0.0.1:PORT/beta.`,
    );
  }
  if (u.protocol === 'http:' && !LOOPBACK.test(u.hostname)) {
    throw new CredentialConfigError(
      `refusing plain http to ${u.host}: tokens would travel unencrypted. Use https, or http only to a mock on loopback (127.0.0.1, localhost, ::1).`,
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new CredentialConfigError(`the Graph URL must be http(s), not ${u.protocol}`);
  return u;
}

/** A quote in an OData string literal is doubled. */
export const odataString = (s: string) => `'${s.replace(/'/g, "''")}'`;

export interface BatchRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the version: `/deviceManagement/deviceConfigurations/{id}`. */
  url: string;
  body?: unknown;
}

export type BatchResult = { ok: true; status: number; body: unknown } | { ok: false; error: GraphRequestError };

interface SendOptions {
  body?: unknown;
  /** May the request be sent again after a transient failure? */
  idempotent: boolean;
  /** Treat 404 as success (a DELETE whose earlier attempt may have applied). */
  notFoundOk?: boolean;
}

export class GraphClient {
  readonly baseUrl: string;
  private readonly origin: string;
  private readonly http: AxiosInstance;
  readonly budget: RequestBudget;
  /** The header whose answers set the budget's limits (options.throttlePolicyHeader, when honoured). */
  private readonly throttleHeader: string | undefined;
  private advertised: string | undefined;
  readonly clock: GraphClock;
  readonly redactor: Redactor;
  private readonly retry: RetryOptions;
  private readonly random: () => number;
  readonly limits: GraphLimits;
  /** When an answer last came back (clock time): the stall bound counts from it. */
  private lastProgress: number;
  /** Requests sent, including retries and inner $batch requests. */
  requests = 0;

  constructor(private readonly options: GraphClientOptions) {
    const u = checkBaseUrl(options.baseUrl);
    this.baseUrl = u.toString().replace(/\/+$/, '');
    this.origin = u.origin;
    this.clock = options.clock ?? REAL_CLOCK;
    this.random = options.random ?? Math.random;
    this.budget = options.budget ?? new RequestBudget(undefined, this.clock, this.random);
    this.throttleHeader =
      options.budget === undefined && isLoopbackUrl(options.baseUrl) ? options.throttlePolicyHeader?.toLowerCase() : undefined;
    this.redactor = options.redactor ?? new Redactor();
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.lastProgress = this.clock.now();
    // axios (with what it loads: Node's fetch, http2, form-data; about 0.1 s of CPU) is loaded by the
    // first client: validate, synth and the state commands talk to no Graph and never load it.
    const axios = (require('axios') as typeof import('axios')).default;
    this.http = axios.create({
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: (x: unknown) => x,
      maxRedirects: 0,
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 32 }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 32, ...(options.ca ? { ca: options.ca } : {}) }),
      // The answers we read are small; refuse anything absurd rather than buffer it.
      maxContentLength: this.limits.maxResponseBytes,
    });
  }

  /** The v1.0 endpoint next to this client's version (groups live there). */
  get v1Url(): string {
    return this.baseUrl.replace(/\/beta$/, '/v1.0');
  }

  private emit(e: GraphEvent): void {
    this.options.onEvent?.(e);
  }

  private url(pathOrUrl: string, base = this.baseUrl): string {
    if (/^https?:\/\//.test(pathOrUrl)) {
      // @odata.nextLink: absolute, but never to another host (the token would go with it).
      const origin = new URL(pathOrUrl).origin;
      if (origin !== this.origin) {
        throw new GraphRequestError({
          kind: 'response',
          method: 'GET',
          path: pathOrUrl,
          graphMessage: `Graph answered with a link to another host (${origin}, not ${this.origin}): ${pathOrUrl}; intune-scep does not send its token there. If a proxy or port mapping sits in front of Graph, it must pass the Host it was called by (or X-Forwarded-Host).`,
          redactor: this.redactor,
        });
      }
      return pathOrUrl;
    }
    return `${base}${pathOrUrl}`;
  }

  /** Before each attempt: give up when nothing has succeeded for longer than the stall bound. */
  private checkProgress(method: string, path: string): void {
    const idle = this.clock.now() - this.lastProgress;
    if (idle > this.limits.maxStallMs) {
      throw new GraphRequestError({
        kind: 'network',
        method,
        path,
        code: 'ESTALLED',
        graphMessage: `no Graph request has succeeded for ${seconds(idle)} (the limit is ${seconds(this.limits.maxStallMs)}, ${LIMIT_ENV.maxStallMs}); giving up. Graph is down, throttling without end, or unreachable.`,
        redactor: this.redactor,
      });
    }
  }

  /** A 429/503 whose Retry-After is beyond the bound fails now, naming the header, instead of waiting. */
  private checkRetryAfter(e: GraphRequestError): GraphRequestError {
    if (e.retryAfterMs === undefined || e.retryAfterMs <= this.limits.maxRetryAfterMs) return e;
    // Not a throttle to wait out (no status: neither retried nor pausing the budget), an answer we refuse.
    return new GraphRequestError({
      kind: 'response',
      method: e.method,
      path: e.path,
      code: 'RetryAfterTooLong',
      graphMessage: `Graph answered ${e.status ?? ''} and asked to wait ${Number.isFinite(e.retryAfterMs) && e.retryAfterMs < 8.64e15 ? seconds(e.retryAfterMs) : 'forever'} (Retry-After), longer than this run waits (${seconds(this.limits.maxRetryAfterMs)}, ${LIMIT_ENV.maxRetryAfterMs}). Try again later, or raise the limit.`,
      ...(e.requestId ? { requestId: e.requestId } : {}),
      redactor: this.redactor,
    });
  }

  /**
   * The target's throttle policy, learnt from a mock on loopback that advertises it (the embedded
   * tenant: none; `mock-graph serve --throttle intune --time-scale X`: its window). Real Graph, any
   * other host, or a budget the caller chose: Intune's documented limits stay. A 429 adapts the pace
   * whatever the policy.
   */
  private learnThrottle(value: string | undefined): void {
    if (value === undefined || value === this.advertised) return;
    this.advertised = value;
    const limits = advertisedLimits(value);
    if (limits) {
      this.budget.setLimits(limits);
      this.emit({ type: 'log', line: `the target advertises its throttle policy (${value}); pacing to it` });
    }
  }

  /** The retry policy's count of one request's attempts (every request path uses it). */
  private attempts(): Attempts {
    return new Attempts(this.retry, (n) => this.backoff(n), {
      throttled: (e, write, path) => {
        this.budget.throttled(e.retryAfterMs, write);
        this.emit({ type: 'throttled', method: e.method, path: path ?? e.path, retryAfterMs: e.retryAfterMs });
      },
      retry: (e, method, delayMs, attempt) =>
        this.emit({ type: 'retry', method, path: e.path, reason: e.status ? `${e.status}` : (e.code ?? 'network'), delayMs, attempt }),
    });
  }

  private backoff(attempt: number): number {
    const exp = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
    return exp * (0.5 + this.random() / 2);
  }

  /** One HTTP exchange, no retries. Throws GraphRequestError for an error answer or no answer. */
  private async once(
    method: string,
    url: string,
    body: unknown,
  ): Promise<{ status: number; body: unknown; headers: Record<string, string> }> {
    const clientRequestId = randomUUID();
    const headers: Record<string, string> = { 'client-request-id': clientRequestId, Accept: 'application/json' };
    if (this.options.tokens) headers.Authorization = `Bearer ${await this.options.tokens.getToken()}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const path = url.startsWith(this.origin) ? url.slice(this.origin.length) : url;
    const start = this.clock.now();
    this.requests++;
    let res;
    // One deadline for the whole exchange: a socket timeout restarts on every byte, and an answer
    // dripping a byte a second would never end.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.limits.requestTimeoutMs);
    try {
      res = await this.http.request({
        method,
        url,
        headers,
        signal: deadline.signal,
        ...(body !== undefined ? { data: JSON.stringify(body) } : {}),
      });
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (deadline.signal.aborted) {
        throw new GraphRequestError({
          kind: 'network',
          method,
          path,
          code: 'ETIMEDOUT',
          graphMessage: `no complete answer within ${seconds(this.limits.requestTimeoutMs)} (${LIMIT_ENV.requestTimeoutMs})`,
          clientRequestId,
          redactor: this.redactor,
        });
      }
      if (/maxContentLength/.test(err.message ?? '')) {
        // Not transient: the same request would bring the same answer.
        throw new GraphRequestError({
          kind: 'response',
          method,
          path,
          code: 'ETOOLARGE',
          graphMessage: `the answer is larger than ${this.limits.maxResponseBytes} bytes; not read, not retried`,
          clientRequestId,
          redactor: this.redactor,
        });
      }
      throw new GraphRequestError({
        kind: 'network',
        method,
        path,
        code: err.code ?? 'ENETWORK',
        graphMessage: err.message ?? 'no answer',
        clientRequestId,
        redactor: this.redactor,
      });
    } finally {
      clearTimeout(timer);
    }
    this.lastProgress = this.clock.now();
    const h: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers ?? {})) if (typeof v === 'string') h[k.toLowerCase()] = v;
    if (this.throttleHeader !== undefined) this.learnThrottle(h[this.throttleHeader]);
    let parsed: unknown;
    const text = typeof res.data === 'string' ? res.data : '';
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    this.emit({ type: 'request', method, path: this.redactor.redact(path), status: res.status, attempt: 0, ms: this.clock.now() - start });
    if (res.status >= 400) {
      const e = parseErrorBody(parsed);
      throw this.checkRetryAfter(
        new GraphRequestError({
          kind: 'http',
          method,
          path,
          status: res.status,
          ...(e.code ? { code: e.code } : {}),
          graphMessage: e.message,
          ...(e.rawMessage ? { rawMessage: e.rawMessage } : {}),
          requestId: h['request-id'] ?? e.requestId,
          clientRequestId,
          ...retryAfter(h, this.clock.now()),
          redactor: this.redactor,
        }),
      );
    }
    if (parsed !== undefined && typeof parsed !== 'object') {
      throw new GraphRequestError({
        kind: 'response',
        method,
        path,
        status: res.status,
        graphMessage: `expected JSON, got ${text.slice(0, 100)}`,
        requestId: h['request-id'],
        redactor: this.redactor,
      });
    }
    return { status: res.status, body: parsed, headers: h };
  }

  /** A request through the budget, with retries for transient failures when idempotent. */
  private async send(method: string, pathOrUrl: string, options: SendOptions, base?: string): Promise<{ status: number; body: unknown }> {
    const url = this.url(pathOrUrl, base);
    const kind = method === 'GET' ? 'read' : 'write';
    let mayHaveApplied = false;
    const attempts = this.attempts();
    for (;;) {
      let delay: number | undefined;
      this.checkProgress(method, url);
      const lease = await this.budget.acquire(kind);
      try {
        const r = await this.once(method, url, options.body);
        this.budget.succeeded(kind === 'write');
        return r;
      } catch (e) {
        if (!(e instanceof GraphRequestError)) throw e;
        if (e.status === 404 && options.notFoundOk && mayHaveApplied) return { status: 204, body: undefined };
        mayHaveApplied ||= e.mayHaveApplied;
        delay = attempts.after(e, method, kind === 'write', { quiet: !options.idempotent });
        if (delay === undefined || !options.idempotent) throw e;
      } finally {
        lease.done();
      }
      if (delay > 0) await this.clock.sleep(delay);
    }
  }

  async get<T = GraphEntity>(path: string, base?: string): Promise<T> {
    return (await this.send('GET', path, { idempotent: true }, base)).body as T;
  }

  /** Every item of a collection, following @odata.nextLink until it is absent (never in a loop, never without end). */
  async list<T = GraphEntity>(path: string, base?: string): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let next: string | undefined = path;
    while (next) {
      if (seen.has(next) || seen.size >= this.limits.maxPages) {
        const why = seen.has(next)
          ? "Graph's @odata.nextLink leads back to a page already read"
          : `the listing goes on past ${this.limits.maxPages} pages`;
        throw new GraphRequestError({
          kind: 'response',
          method: 'GET',
          path: next,
          graphMessage: `${why}; stopped instead of reading forever.`,
          redactor: this.redactor,
        });
      }
      seen.add(next);
      const page = (await this.send('GET', next, { idempotent: true }, base)).body as { value?: T[]; '@odata.nextLink'?: string };
      if (!page || !Array.isArray(page.value)) {
        throw new GraphRequestError({
          kind: 'response',
          method: 'GET',
          path: next,
          graphMessage: 'a collection answer without "value"',
          redactor: this.redactor,
        });
      }
      // Every item of a Graph collection is an entity with an id; anything else is a broken answer, said as one.
      const bad = page.value.findIndex((v) => !v || typeof v !== 'object' || typeof (v as { id?: unknown }).id !== 'string');
      if (bad >= 0) {
        const got =
          page.value[bad] === null
            ? 'null'
            : typeof page.value[bad] !== 'object'
              ? typeof page.value[bad]
              : 'an object without a string "id"';
        throw new GraphRequestError({
          kind: 'response',
          method: 'GET',
          path: next,
          graphMessage: `item ${bad} of the collection is ${got}, not a Graph entity`,
          redactor: this.redactor,
        });
      }
      items.push(...page.value);
      const link: unknown = page['@odata.nextLink'];
      if (link !== undefined && typeof link !== 'string')
        throw new GraphRequestError({
          kind: 'response',
          method: 'GET',
          path: next,
          graphMessage: '@odata.nextLink is not a string',
          redactor: this.redactor,
        });
      next = link;
    }
    return items;
  }

  async patch(path: string, body: Record<string, unknown>): Promise<void> {
    await this.send('PATCH', path, { body, idempotent: true });
  }

  async put(path: string, body: Record<string, unknown>): Promise<void> {
    await this.send('PUT', path, { body, idempotent: true });
  }

  /** Idempotent POST (Graph's `assign` replaces the whole set). */
  async postIdempotent<T = unknown>(path: string, body: unknown): Promise<T> {
    return (await this.send('POST', path, { body, idempotent: true })).body as T;
  }

  async delete(path: string): Promise<void> {
    await this.send('DELETE', path, { idempotent: true, notFoundOk: true });
  }

  /**
   * Create a device configuration without ever making two. `find` looks for the object a failed
   * attempt may have made (by type and display name, created after the attempt).
   */
  async create(collection: string, body: Record<string, unknown> & { '@odata.type': string; displayName: string }): Promise<GraphEntity> {
    const attempts = this.attempts();
    for (;;) {
      const started = this.clock.now();
      this.checkProgress('POST', collection);
      let failure: GraphRequestError;
      const lease = await this.budget.acquire('write');
      try {
        const r = await this.once('POST', this.url(collection), body);
        this.budget.succeeded(true);
        return r.body as GraphEntity;
      } catch (e) {
        if (!(e instanceof GraphRequestError)) throw e;
        failure = e;
      } finally {
        lease.done();
      }
      if (failure.mayHaveApplied) {
        const found = await this.findCreated(collection, body['@odata.type'], body.displayName, started);
        if (found) {
          this.emit({ type: 'adopted', odataType: body['@odata.type'], displayName: body.displayName, id: found.id });
          return found;
        }
      }
      // Safe to send again: an object the failed attempt made was looked for just above.
      const delay = attempts.after(failure, 'POST', true);
      if (delay === undefined) throw failure;
      if (delay > 0) await this.clock.sleep(delay);
    }
  }

  /** The newest object of this type and name created at or after `since` (less the skew), if any. */
  async findCreated(collection: string, odataType: string, displayName: string, since: number): Promise<GraphEntity | undefined> {
    const filter = `isof(${odataString(odataType.replace(/^#/, ''))}) and displayName eq ${odataString(displayName)}`;
    const found = await this.list<GraphEntity>(`${collection}?$filter=${encodeURIComponent(filter)}`);
    const cutoff = since - (this.options.createSkewMs ?? 5 * 60_000);
    return found
      .filter((e) => e['@odata.type'] === odataType && e.displayName === displayName && Date.parse(String(e.createdDateTime)) >= cutoff)
      .sort((a, b) => Date.parse(String(b.createdDateTime)) - Date.parse(String(a.createdDateTime)))[0];
  }

  /**
   * $batch in chunks of 20. Inner 429s (and 503/504) are sent again after their Retry-After;
   * other inner failures come back per request. Only idempotent requests belong here.
   */
  async batch(requests: readonly BatchRequest[], base?: string): Promise<Map<string, BatchResult>> {
    const results = new Map<string, BatchResult>();
    for (let i = 0; i < requests.length; i += 20) {
      let pending = requests.slice(i, i + 20);
      /** Attempts per inner request: one that keeps failing stops, the others go on. */
      const tries = new Map<string, Attempts>();
      const outer = this.attempts();
      for (let attempt = 0; pending.length > 0; attempt++) {
        this.checkProgress('POST', '/$batch');
        const writes = pending.filter((r) => r.method !== 'GET').length;
        const leases = await Promise.all([
          ...(pending.length - writes > 0 ? [this.budget.acquire('read', pending.length - writes)] : []),
          ...(writes > 0 ? [this.budget.acquire('write', writes)] : []),
        ]);
        let answer: { body: unknown } | undefined;
        let outerDelay = 0;
        try {
          answer = await this.once('POST', this.url('/$batch', base), {
            requests: pending.map((r) => ({
              id: r.id,
              method: r.method,
              url: r.url,
              ...(r.body !== undefined ? { body: r.body, headers: { 'Content-Type': 'application/json' } } : {}),
            })),
          });
          this.requests += pending.length - 1;
        } catch (e) {
          if (!(e instanceof GraphRequestError)) throw e;
          const delay = outer.after(e, 'POST', writes > 0);
          if (delay === undefined) {
            for (const r of pending) results.set(r.id, { ok: false, error: e });
            break;
          }
          outerDelay = delay;
        } finally {
          for (const l of leases) l.done();
        }
        if (!answer) {
          if (outerDelay > 0) await this.clock.sleep(outerDelay);
          continue;
        }
        const responses =
          (answer.body as { responses?: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[] })?.responses ??
          [];
        const byId = new Map(responses.map((r) => [r.id, r]));
        const again: BatchRequest[] = [];
        let wait = 0;
        for (const r of pending) {
          const inner = byId.get(r.id);
          const path = `${r.method} ${r.url}`;
          if (!inner) {
            results.set(r.id, {
              ok: false,
              error: new GraphRequestError({
                kind: 'response',
                method: r.method,
                path: r.url,
                graphMessage: `the $batch answer has no response for request ${r.id}`,
                redactor: this.redactor,
              }),
            });
            continue;
          }
          if (inner.status < 400) {
            results.set(r.id, { ok: true, status: inner.status, body: inner.body });
            continue;
          }
          const headers = Object.fromEntries(Object.entries(inner.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
          const e = parseErrorBody(inner.body);
          const error = this.checkRetryAfter(
            new GraphRequestError({
              kind: 'http',
              method: r.method,
              path: r.url,
              status: inner.status,
              ...(e.code ? { code: e.code } : {}),
              graphMessage: e.message,
              requestId: headers['request-id'] ?? e.requestId,
              ...retryAfter(headers, this.clock.now()),
              redactor: this.redactor,
            }),
          );
          const attempts = tries.get(r.id) ?? this.attempts();
          tries.set(r.id, attempts);
          const delay = attempts.after(error, r.method, r.method !== 'GET', { path, quiet: true });
          if (delay === undefined) results.set(r.id, { ok: false, error });
          else {
            wait = Math.max(wait, delay);
            again.push(r);
          }
        }
        if (again.length > 0)
          this.emit({
            type: 'retry',
            method: 'POST',
            path: '/$batch',
            reason: `${again.length} inner requests`,
            delayMs: wait,
            attempt: attempt + 1,
          });
        if (wait > 0) await this.clock.sleep(wait);
        pending = again;
      }
    }
    return results;
  }
}

/**
 * The one retry policy, for every request path (single requests, creates, $batch and each request in
 * it). Callers send again only what is safe to send again (idempotent requests, or a create whose
 * earlier attempt was looked for).
 *
 * | failure                         | decision                                                   |
 * |---------------------------------|------------------------------------------------------------|
 * | 429                             | again once the budget's pause (Retry-After) is over, up to |
 * |                                 | maxThrottledAttempts; the whole budget pauses              |
 * | 503, 504, reset, timeout, 500   | again after capped exponential backoff with jitter, up to  |
 * |                                 | maxAttempts                                                |
 * | anything else                   | fail now                                                   |
 */
export class Attempts {
  private failures = 0;
  private throttles = 0;
  private attempt = 0;

  constructor(
    private readonly retry: RetryOptions,
    private readonly backoff: (failures: number) => number,
    private readonly on: {
      throttled(e: GraphRequestError, write: boolean, path?: string): void;
      retry(e: GraphRequestError, method: string, delayMs: number, attempt: number): void;
    },
  ) {}

  /** After failure `e`: the delay before the next attempt, or undefined to give up. */
  after(e: GraphRequestError, method: string, write: boolean, options: { path?: string; quiet?: boolean } = {}): number | undefined {
    this.attempt++;
    if (e.status === 429) this.on.throttled(e, write, options.path);
    const retryable = e.transient || e.status === 500;
    const exhausted = e.status === 429 ? ++this.throttles >= this.retry.maxThrottledAttempts : ++this.failures >= this.retry.maxAttempts;
    if (!retryable || exhausted) return undefined;
    const delay = e.status === 429 ? 0 : this.backoff(this.failures - 1); // 429: the budget's pause does the waiting
    if (!options.quiet) this.on.retry(e, method, delay, this.attempt);
    return delay;
  }
}

/** Retry-After (seconds or an HTTP date) or Retry-After-Ms, as milliseconds; Infinity for values no timer holds. */
function retryAfter(headers: Record<string, string>, now: number): { retryAfterMs?: number } {
  const ms = headers['retry-after-ms'] ?? headers['x-ms-retry-after-ms'];
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return { retryAfterMs: Number(ms) };
  const ra = headers['retry-after'];
  if (ra === undefined) return {};
  if (/^\d+(\.\d+)?$/.test(ra.trim())) return { retryAfterMs: Number(ra) * 1000 };
  const date = Date.parse(ra);
  return Number.isNaN(date) ? {} : { retryAfterMs: Math.max(0, date - now) };
}
