/**
 * Typed Graph errors: what failed, Graph's code and message, the Intune message inside it when
 * Intune wrapped one (`{"_version": 3, "Message": "..."}`), and the request-id to quote to
 * Microsoft support. Messages are redacted before they are stored.
 */
import { PATTERN_REDACTOR, type Redactor } from './redact';

export type GraphErrorKind =
  /** Graph answered with an error status. */
  | 'http'
  /** No answer: connection refused, reset, timed out. */
  | 'network'
  /** An answer we could not use (not JSON, wrong shape). */
  | 'response'
  /** Getting a token failed. */
  | 'auth';

export class GraphRequestError extends Error {
  readonly kind: GraphErrorKind;
  readonly status: number | undefined;
  /** Graph's `error.code`, e.g. `ModelValidationFailure`, or the network error code (`ECONNRESET`). */
  readonly code: string | undefined;
  /** The message Graph gave (the inner Intune message when there was one). */
  readonly graphMessage: string;
  /** The raw `error.message` when Intune wrapped a JSON document in it. */
  readonly rawMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly clientRequestId: string | undefined;
  readonly method: string;
  /** Path and query, without the host. */
  readonly path: string;
  /** `Retry-After` in milliseconds, when the answer carried one. */
  readonly retryAfterMs: number | undefined;

  constructor(init: {
    kind: GraphErrorKind;
    method: string;
    path: string;
    status?: number;
    code?: string;
    graphMessage: string;
    rawMessage?: string;
    requestId?: string;
    clientRequestId?: string;
    retryAfterMs?: number;
    redactor?: Redactor;
  }) {
    const r = init.redactor ?? PATTERN_REDACTOR;
    const graphMessage = r.redact(init.graphMessage);
    super(graphMessage);
    this.name = 'GraphRequestError';
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.graphMessage = graphMessage;
    this.rawMessage = init.rawMessage === undefined ? undefined : r.redact(init.rawMessage);
    this.requestId = init.requestId;
    this.clientRequestId = init.clientRequestId;
    this.method = init.method;
    this.path = r.redact(init.path);
    this.retryAfterMs = init.retryAfterMs;
  }

  /**
   * One line for the CLI: `POST /deviceManagement/... → 400 ModelValidationFailure: message (request-id ...)`;
   * a token refused, `no token for <scope>: message`.
   */
  oneLine(): string {
    if (this.kind === 'auth') return `no token for ${this.path}: ${this.graphMessage}`;
    const what =
      this.kind === 'network'
        ? `no answer (${this.code ?? 'network error'})`
        : this.status === undefined
          ? `unusable answer${this.code ? ` (${this.code})` : ''}`
          : `${this.status} ${this.code ?? ''}`.trim();
    const rid = this.requestId ? ` (request-id ${this.requestId})` : '';
    return `${this.method} ${this.path} → ${what}: ${this.graphMessage}${rid}`;
  }

  /** Worth another attempt: throttled, unavailable, timed out, or no answer. */
  get transient(): boolean {
    return this.kind === 'network' || this.status === 429 || this.status === 503 || this.status === 504;
  }

  /** The write may have been applied although it failed (Graph's "500 although applied", lost answers). */
  get mayHaveApplied(): boolean {
    return this.kind === 'network' || (this.status !== undefined && this.status >= 500);
  }
}

/** Graph's error envelope, with Intune's JSON-in-message unwrapped when it parses. */
export function parseErrorBody(body: unknown): { code?: string; message: string; rawMessage?: string; requestId?: string } {
  const error = (body as { error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> } } | undefined)?.error;
  if (!error || typeof error !== 'object') {
    return { message: typeof body === 'string' && body.length > 0 ? body.slice(0, 500) : 'no error details in the answer' };
  }
  const code = typeof error.code === 'string' ? error.code : undefined;
  const raw = typeof error.message === 'string' ? error.message : '';
  const requestId = typeof error.innerError?.['request-id'] === 'string' ? (error.innerError['request-id'] as string) : undefined;
  const trimmed = raw.trim();
  if (trimmed.startsWith('{')) {
    try {
      const inner = JSON.parse(trimmed) as { Message?: unknown };
      if (typeof inner.Message === 'string')
        return { ...(code ? { code } : {}), message: inner.Message, rawMessage: raw, ...(requestId ? { requestId } : {}) };
    } catch {
      /* not JSON after all: keep the raw text */
    }
  }
  return { ...(code ? { code } : {}), message: raw || 'no message', ...(requestId ? { requestId } : {}) };
}
