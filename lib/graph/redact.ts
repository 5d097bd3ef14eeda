/**
 * Secrets never reach logs, errors, state or plans. A Redactor knows the secrets of this run (a
 * client secret, a certificate password, tokens it was handed, the secrets of the storage
 * connection string) and the shapes secrets take, and blanks them out of any text. It is the one
 * redaction for every message: the Graph client's errors and events, every diagnostic
 * (graph/diagnostics.ts), and everything the CLI writes (cli/main.ts wraps stdout and stderr in it).
 *
 * | shape                                   | example                                          |
 * |-----------------------------------------|--------------------------------------------------|
 * | bearer token, JWT                       | `Bearer eyJ...`                                  |
 * | form or JSON field of a secret          | `client_secret=...`, `"password": "..."`         |
 * | account key, SAS in a connection string | `AccountKey=...;`, `SharedAccessSignature=...;`  |
 * | SAS signature in a URL or token         | `?sv=...&sig=...`                                |
 * | Shared Key authorization header         | `SharedKey account:signature`                    |
 */

const PATTERNS: readonly RegExp[] = [
  // A token after Bearer: 16+ characters, or one with a digit, a symbol, or a dot inside it (never the
  // word "tokens" of a sentence).
  /(Bearer\s+)(?=[A-Za-z0-9\-._~+/]{16}|[A-Za-z0-9\-._~+/]*[0-9\-_~+/]|[A-Za-z0-9\-._~+/]*\.[A-Za-z0-9\-_~+/])[A-Za-z0-9\-._~+/]+=*/gi,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, // JWTs
  /((?:client_secret|client_assertion|access_token|refresh_token|password)["']?\s*[=:]\s*["']?)[^&"'\s,}]+/gi,
  /(\b(?:AccountKey|SharedAccessSignature|SharedAccessKey)\s*=\s*)[^;\s"']+/gi,
  // A SAS's signature: after `?`, `&`, `;`, a quote or a space only (never inside base64 text).
  /((?:^|[?&;\s"'])sig=)[^&;\s"'#]+/gim,
  /(\bSharedKey(?:Lite)?\s+[^:\s]+:)[A-Za-z0-9+/=]+/g,
];

/** Environment variables whose whole value is a secret. */
const SECRET_VARIABLES = [
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PASSWORD',
  // @azure/identity's EnvironmentCredential (DefaultAzureCredential's first) signs in with it.
  'AZURE_PASSWORD',
  'ARM_CLIENT_SECRET',
  'ARM_CLIENT_CERTIFICATE',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'IDENTITY_HEADER',
  'MSI_SECRET',
  // The pipeline's means of getting more tokens.
  'ARM_OIDC_TOKEN',
  'ARM_OIDC_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'SYSTEM_ACCESSTOKEN',
  'ARM_CLIENT_CERTIFICATE_PASSWORD',
  'ARM_ACCESS_KEY',
  'ARM_SAS_TOKEN',
  'AZURE_STORAGE_KEY',
  'AZURE_STORAGE_SAS_TOKEN',
  'INTUNE_SCEP_PLAN_KEY',
] as const;

/**
 * Variables a CDKTF app never needs: synth runs it without them, so an app never reads them by
 * accident (one that logs its environment). Credentials, the plan key, and the pipeline's means of
 * getting more (GitHub's OIDC request token). Not a boundary against hostile code, which runs as the
 * same user and can read them elsewhere (docs/pipelines.md): a job that runs a pull request's code
 * holds none of them.
 */
export const WITHHELD_FROM_APPS: readonly string[] = [
  ...SECRET_VARIABLES,
  'AZURE_STORAGE_CONNECTION_STRING',
  'AZURE_FEDERATED_TOKEN_FILE',
  'AZURE_CLIENT_CERTIFICATE_PATH',
  'ARM_CLIENT_CERTIFICATE_PATH',
  'ARM_OIDC_TOKEN_FILE_PATH',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
];

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remember a secret value (ignored when short enough to blank ordinary words). */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 6) this.secrets.add(secret);
  }

  /** Remember every secret an environment holds: SECRET_VARIABLES, SAS tokens, a connection string's keys. */
  addEnvironment(env: Readonly<Record<string, string | undefined>>): void {
    for (const k of SECRET_VARIABLES) this.add(env[k]);
    this.addSas(env.ARM_SAS_TOKEN);
    this.addSas(env.AZURE_STORAGE_SAS_TOKEN);
    for (const part of (env.AZURE_STORAGE_CONNECTION_STRING ?? '').split(';')) {
      const at = part.indexOf('=');
      const key = part.slice(0, at).trim().toLowerCase();
      const value = part.slice(at + 1).trim();
      if (key === 'accountkey' || key === 'sharedaccesskey') this.add(value);
      if (key === 'sharedaccesssignature') this.addSas(value);
    }
  }

  /** Remember a SAS token: the whole, and its signature as given, decoded and URL-encoded. */
  addSas(token: string | undefined): void {
    if (!token) return;
    this.add(token.replace(/^\?/, ''));
    const sig = /(?:^|[?&])sig=([^&]+)/.exec(token)?.[1];
    if (!sig) return;
    let decoded = sig;
    try {
      decoded = decodeURIComponent(sig);
    } catch {
      /* not encoded */
    }
    for (const s of [sig, decoded, encodeURIComponent(decoded)]) this.add(s);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('[redacted]');
    for (const p of PATTERNS) out = out.replace(p, (_m, prefix?: string) => `${typeof prefix === 'string' ? prefix : ''}[redacted]`);
    return out;
  }
}

/**
 * A redactor that knows the secrets a process was given in its environment: the credential
 * variables, and the account key and SAS of AZURE_STORAGE_CONNECTION_STRING.
 */
export function redactorForEnv(env: Readonly<Record<string, string | undefined>>): Redactor {
  const r = new Redactor();
  r.addEnvironment(env);
  return r;
}

/** A redactor for text where no run-specific secrets are known. */
export const PATTERN_REDACTOR = new Redactor();

/** Secrets of known shapes blanked out of `text` (the redaction every diagnostic goes through). */
export function redactSecrets(text: string): string {
  return PATTERN_REDACTOR.redact(text);
}
