/**
 * The one redaction (lib/graph/redact.ts): every shape of secret a storage or Graph message can
 * carry is blanked, in any message, from known values (the environment) and known shapes; and text
 * that only looks near a secret (a certificate's base64 ending in "sig=", a word "signature") stays.
 */
import { Redactor, WITHHELD_FROM_APPS, redactSecrets, redactorForEnv } from '../../lib/graph';
import { toDiagnostic } from '../../lib/graph';
import { StateError } from '../../lib/state';

const SIG = 'Kz9%2Bk1khs%2BATEeL2jkSaZQuUuI5ltkr2Tz3jnHS6pwiCUw%3D';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const SHAPES: Record<string, { text: string; secret: string }> = {
  'a SAS URL': { text: `failed: https://a.blob.core.windows.net/c/p/s.json?sv=2026-04-06&ss=b&sp=rw&sig=${SIG} 403`, secret: SIG },
  'a SAS token alone': { text: `token sv=2026-04-06&sig=${SIG}`, secret: SIG },
  'a SAS whose sig comes first': { text: `?sig=${SIG}&sv=2026`, secret: SIG },
  'a connection string with a key': {
    text: `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${KEY};EndpointSuffix=core.windows.net`,
    secret: KEY,
  },
  'a connection string with a SAS': { text: `BlobEndpoint=https://a/;SharedAccessSignature=sv=2026&sig=${SIG};`, secret: SIG },
  'a Shared Key header': { text: `Authorization: SharedKey a:${KEY.slice(0, 44)}`, secret: KEY.slice(0, 44) },
  'a bearer token': { text: 'Authorization: Bearer abcdefghijklmnop.qrstuvwxyz', secret: 'abcdefghijklmnop' },
  'a JWT': { text: 'token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl', secret: 'eyJzdWIiOiIxMjM0NTY3ODkwIn0' },
  'a client secret field': { text: 'client_secret=p4ss-w0rd-value&grant_type=client_credentials', secret: 'p4ss-w0rd-value' },
  'a JSON password': { text: '{"password": "hunter2-hunter2"}', secret: 'hunter2-hunter2' },
};

test.each(Object.entries(SHAPES))('%s is redacted by shape', (_name, c) => {
  const out = redactSecrets(c.text);
  expect(out).not.toContain(c.secret);
  expect(out).toContain('[redacted]');
});

test('a diagnostic of any error carries no secret of a known shape', () => {
  const d = toDiagnostic(new StateError(`Azure Storage: reading https://a/c/s.json?sv=1&sig=${SIG} failed: 403 (AccountKey=${KEY})`));
  expect(JSON.stringify(d)).not.toContain(SIG);
  expect(JSON.stringify(d)).not.toContain(KEY);
  const bug = toDiagnostic(new Error(`unexpected: ?sig=${SIG}`));
  expect(bug.detail).not.toContain(SIG);
});

test("the environment's secrets are known by value, in every encoding of a SAS signature", () => {
  const raw = decodeURIComponent(SIG);
  const r = redactorForEnv({
    AZURE_STORAGE_CONNECTION_STRING: `BlobEndpoint=https://a.blob.core.windows.net;SharedAccessSignature=sv=2026-04-06&sig=${SIG}`,
    ARM_ACCESS_KEY: 'arm-access-key-value',
    AZURE_CLIENT_SECRET: 'client-secret-value',
    AZURE_CLIENT_CERTIFICATE_PASSWORD: 'certificate-password',
    // @azure/identity's EnvironmentCredential signs in with AZURE_USERNAME and AZURE_PASSWORD (found by review).
    AZURE_PASSWORD: 'user-password-value',
  });
  for (const secret of [
    SIG,
    raw,
    encodeURIComponent(raw),
    'arm-access-key-value',
    'client-secret-value',
    'certificate-password',
    'user-password-value',
  ]) {
    expect(r.redact(`quoted bare: ${secret} .`)).toBe('quoted bare: [redacted] .');
  }
  expect(redactorForEnv({ AZURE_STORAGE_CONNECTION_STRING: `AccountName=a;AccountKey=${KEY}` }).redact(`key ${KEY}`)).toBe(
    'key [redacted]',
  );
});

test('text that only looks near a secret stays as it is', () => {
  const r = new Redactor();
  for (const text of [
    'MIIBszCCAVmgAwIBAgIUsig=',
    'the signature did not match',
    'design=clean',
    'bearer tokens from the mock',
    'Bearer authentication',
    'Apply complete! Resources: 4 added, 0 changed, 0 destroyed.',
  ])
    expect(r.redact(text)).toBe(text);
});

test("every variable whose value is a secret is withheld from a CDKTF app, the user's password among them", () => {
  for (const name of [
    'AZURE_CLIENT_SECRET',
    'AZURE_PASSWORD',
    'INTUNE_SCEP_PLAN_KEY',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    // Found by review: GitHub's tokens, the azurerm backend's certificate, a managed identity's header.
    'GITHUB_TOKEN',
    'GH_TOKEN',
    'ARM_CLIENT_CERTIFICATE',
    'ARM_CLIENT_CERTIFICATE_PATH',
    'ARM_OIDC_TOKEN_FILE_PATH',
    'IDENTITY_HEADER',
    'MSI_SECRET',
  ])
    expect(WITHHELD_FROM_APPS).toContain(name);
  const r = redactorForEnv({ GITHUB_TOKEN: 'ghs_tokenvalue1', IDENTITY_HEADER: 'identity-header-value', MSI_SECRET: 'msi-secret-value' });
  expect(r.redact('ghs_tokenvalue1 identity-header-value msi-secret-value')).toBe('[redacted] [redacted] [redacted]');
});
