/**
 * One function turns any failure into a diagnostic (Terraform's tfdiags absorbing plain errors):
 * what the CLI prints, what the provider returns to Terraform, what apply reports per step.
 *
 * | error                         | code                  |
 * |-------------------------------|-----------------------|
 * | DiagnosticError (StateError,  | its own: state/locked,|
 * | LockError, PlanFileError, ...)| plan/stale, ...       |
 * | GraphRequestError             | graph/request-failed  |
 * | GraphRequestError of a token  | graph/credentials     |
 * | MappingError                  | graph/unmappable      |
 * | CredentialConfigError         | graph/credentials     |
 * | LimitConfigError              | config/limits         |
 * | anything else                 | internal/bug          |
 *
 * Every diagnostic it gives has secrets of known shapes (SAS signatures, account keys, tokens)
 * redacted: whatever an error quoted, its diagnostic cannot carry them further.
 */
import { DiagnosticError, type Diagnostic } from '../rules';
import { LimitConfigError } from './client';
import { CredentialConfigError } from './credentials';
import { GraphRequestError } from './errors';
import { MappingError } from './mapping';
import { redactSecrets } from './redact';

const error = (code: string, summary: string, detail: string, address = ''): Diagnostic => ({
  severity: 'error',
  code,
  address,
  path: [],
  summary,
  detail,
});

export function toDiagnostic(e: unknown, address = ''): Diagnostic {
  const d = diagnosticOf(e, address);
  return { ...d, summary: redactSecrets(d.summary), detail: redactSecrets(d.detail) };
}

function diagnosticOf(e: unknown, address: string): Diagnostic {
  if (e instanceof DiagnosticError) return address && !e.diagnostic.address ? { ...e.diagnostic, address } : e.diagnostic;
  if (e instanceof GraphRequestError && e.kind === 'auth') return error('graph/credentials', 'Graph credentials', e.oneLine(), address);
  if (e instanceof GraphRequestError) return error('graph/request-failed', 'A Graph request failed', e.oneLine(), address);
  if (e instanceof MappingError) return error('graph/unmappable', 'A value Graph cannot take or give', e.message, address);
  if (e instanceof CredentialConfigError) return error('graph/credentials', 'Graph credentials', e.message, address);
  if (e instanceof LimitConfigError) return error('config/limits', 'A limit setting is not valid', e.message, address);
  const message = e instanceof Error ? e.message : String(e);
  return error(
    'internal/bug',
    'Internal error',
    `${message}. This is a bug in intune-scep; please report it with the command you ran.`,
    address,
  );
}

/** The stack of an unexpected error, for INTUNE_SCEP_DEBUG; undefined for expected ones. */
export function bugStack(e: unknown): string | undefined {
  return toDiagnostic(e).code === 'internal/bug' && e instanceof Error ? e.stack : undefined;
}
