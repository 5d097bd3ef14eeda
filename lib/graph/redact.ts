/**
 * Secrets never reach logs, errors, state or plans. A Redactor knows the secrets of this run (a
 * client secret, a certificate password, tokens it was handed) and the shapes secrets take
 * (bearer tokens, JWTs, `client_secret=` form fields), and blanks them out of any text.
 */

const PATTERNS: readonly RegExp[] = [
  /(Bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, // JWTs
  /((?:client_secret|client_assertion|access_token|refresh_token|password)["']?\s*[=:]\s*["']?)[^&"'\s,}]+/gi,
];

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remember a secret value (ignored when short enough to blank ordinary words). */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 6) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('[redacted]');
    for (const p of PATTERNS) out = out.replace(p, (_m, prefix?: string) => `${typeof prefix === 'string' ? prefix : ''}[redacted]`);
    return out;
  }
}

/** A redactor for text where no run-specific secrets are known. */
export const PATTERN_REDACTOR = new Redactor();
