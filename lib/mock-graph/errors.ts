/**
 * Graph's error envelope. Intune often wraps its own JSON document inside `message`
 * (`{"_version": 3, "Message": "An error has occurred - Operation ID ..."}`); the mock can too.
 */
import { randomUUID } from 'node:crypto';

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'BadRequest') => new GraphError(400, code, message);
export const modelValidation = (message: string) => new GraphError(400, 'ModelValidationFailure', message);
export const notFound = (message: string) => new GraphError(404, 'ResourceNotFound', message);

export interface ErrorBodyOptions {
  readonly requestId: string;
  readonly clientRequestId: string;
  readonly date: string;
  /** Wrap the message in an Intune-style JSON document. */
  readonly intuneStyle: boolean;
  readonly url?: string;
}

export function errorBody(err: { code: string; message: string }, options: ErrorBodyOptions): Record<string, unknown> {
  const message = options.intuneStyle
    ? JSON.stringify({
        _version: 3,
        Message: `An error has occurred - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: ${options.requestId} - Url: ${options.url ?? ''} - ${err.message}`,
        CustomApiErrorPhrase: '',
        RetryAfter: null,
        ErrorSourceService: '',
        HttpHeaders: '{}',
      })
    : err.message;
  return {
    error: {
      code: err.code,
      message,
      innerError: { date: options.date, 'request-id': options.requestId, 'client-request-id': options.clientRequestId },
    },
  };
}

export function newRequestId(): string {
  return randomUUID();
}
