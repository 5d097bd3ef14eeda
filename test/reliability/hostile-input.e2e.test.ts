/**
 * Hostile input through the CLI (its `run`, in this process): a 50 MB config, JSON nested 100,000 deep,
 * megabyte strings, unicode and emoji in names and values, binary garbage, and a config over the size
 * limit. Every run ends with a diagnostic or a one-line error: no crash, no stack trace, nothing written.
 * And hostile paths given to Certificate.fromFile: traversal, devices, FIFOs, /proc, symlinks to keys,
 * NUL bytes: only ever a certificate gets in, and no message quotes a file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Certificate } from '../../lib/constructs';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { runCliAsBin } from '../helpers/cli';
import { CRASH_PATTERN, Tally } from '../helpers/reliability';
import { cleanStack, synth } from '../helpers/stacks';

jest.setTimeout(120_000);
let certs: TestCertificates;
const dir = mkdtempSync(join(tmpdir(), 'intune-scep-hostile-'));
const configs = new Tally('hostile configs: CLI validate', { objects: false });
const paths = new Tally('hostile paths: Certificate.fromFile', { objects: false });
beforeAll(async () => {
  certs = await testCertificates();
});

async function validate(name: string, content: string | Buffer): Promise<{ code: number; stdout: string; stderr: string }> {
  writeFileSync(join(dir, name), content);
  const r = await runCliAsBin(['validate', '--config', name, '--json'], { cwd: dir, env: { INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z' } });
  const crashed = CRASH_PATTERN.test(r.stderr) || r.code > 1;
  configs.add({ runs: 1, faultsInjected: 1, crashes: crashed ? 1 : 0 });
  expect(crashed).toBe(false);
  return r;
}

const codes = (r: { stdout: string }) => (JSON.parse(r.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);

test('a 50 MB config of 20,000 profiles is read and checked', async () => {
  const profiles: Record<string, Record<string, unknown>> = {};
  const filler = 'x'.repeat(2400);
  for (let i = 0; i < 20_000; i++)
    profiles[`p${i}`] = {
      display_name: `P ${i}`,
      description: filler,
      platform: 'ios',
      root_certificate_id: '${intune_trusted_root_certificate.root.id}',
      certificate_type: 'device',
      subject_name_format: 'CN={{AAD_Device_ID}}',
      scep_server_urls: ['https://a.contoso.com/x'],
    };
  const text = JSON.stringify(synth({ roots: { root: { display_name: 'r', platform: 'ios', certificate: certs.root } }, profiles }));
  expect(text.length).toBeGreaterThan(50_000_000);
  const r = await validate('big.json', text);
  expect(r.code).toBe(0);
  expect(
    codes(r).every((c) => c === 'variable/spoofable-device-property' || c.startsWith('scep-url') || c === 'assignment/root-not-covering'),
  ).toBe(true);
});

test('JSON nested 100,000 levels deep is a diagnostic, not a stack overflow', async () => {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const r1 = await validate('deep.json', deep);
  expect(r1.code).toBe(1);
  expect(codes(r1)).toEqual(['config/not-an-object']);
  const inAttr = `{"resource":{"intune_trusted_root_certificate":{"r":{"display_name":"r","platform":"ios","certificate":"x","description":${'['.repeat(5000)}${']'.repeat(5000)}}}}}`;
  expect(codes(await validate('deep-attr.json', inAttr))).toContain('config/invalid-structure');
});

test('megabyte strings and unicode in names and values', async () => {
  const doc = cleanStack(certs) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  const wifi = doc.resource.intune_scep_certificate_profile?.wifi as Record<string, unknown>;
  wifi.display_name = `Wi-Fi 🔐 Zürich — 東京 ${'ü'.repeat(1_000_000)}`;
  wifi.subject_name_format = `CN={{UserPrincipalName}},O=${'\u202e'.repeat(100)}Ｃｏｎｔｏｓｏ`;
  (doc.resource.intune_trusted_root_certificate as Record<string, unknown>)['root_😀'] = {
    display_name: '😀',
    platform: 'ios',
    certificate: certs.root,
  };
  const r = await validate('unicode.json', JSON.stringify(doc));
  expect(r.stdout.length).toBeLessThan(100_000); // long values are cut in details
  expect(codes(r)).toContain('subject/longer-than-64');
});

test('binary garbage, an empty file, and a config over the size limit', async () => {
  expect(codes(await validate('garbage.json', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))))).toEqual([
    'config/invalid-json',
  ]);
  expect(codes(await validate('empty.json', ''))).toEqual(['config/invalid-json']);
  writeFileSync(join(dir, 'huge.json'), Buffer.alloc(65 * 1024 * 1024, 0x20));
  const r = await runCliAsBin(['validate', '--config', 'huge.json'], { cwd: dir });
  configs.add({ runs: 1, faultsInjected: 1, crashes: CRASH_PATTERN.test(r.stderr) || r.code > 1 ? 1 : 0 });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('is refused');
  expect(existsSync(join(dir, '.intune-scep'))).toBe(false);
});

describe('hostile paths in Certificate.fromFile', () => {
  const certDir = join(dir, 'certs');
  mkdirSync(certDir, { recursive: true });
  const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
  writeFileSync(join(certDir, 'key.pem'), KEY);
  symlinkSync(join(certDir, 'key.pem'), join(certDir, 'root.cer'));
  execFileSync('mkfifo', [join(certDir, 'pipe.cer')]);
  const traversal = relative(process.cwd(), '/etc/passwd');

  /** Calls fromFile; a refusal must be our one message, never quoting the file. */
  function attempt(path: string): { text?: string; refusal?: string } {
    try {
      return { text: Certificate.fromFile(path).text };
    } catch (e) {
      const message = (e as Error).message;
      const ours = message.startsWith('Certificate.fromFile(') && !/root:x:0|MIIEvQ|PRIVATE KEY-----/.test(message);
      paths.add({ runs: 1, faultsInjected: 1, crashes: ours ? 0 : 1 });
      return { refusal: message };
    }
  }

  it.each([
    ['traversal to /etc/passwd', traversal, 'is not a certificate'],
    ['/etc/shadow', '/etc/shadow', /is not a certificate|cannot be read|no such file/],
    ['a device that never ends', '/dev/zero', 'is not a regular file'],
    ['a device of random bytes', '/dev/urandom', 'is not a regular file'],
    ['a FIFO (would block a plain read)', join(certDir, 'pipe.cer'), 'is not a regular file'],
    ['/proc/self/environ (size 0, content on read)', '/proc/self/environ', 'is empty'],
    ['a .cer symlinked to a private key', join(certDir, 'root.cer'), 'holds a PRIVATE KEY'],
    ['a NUL byte in the name', 'root.cer\0.txt', 'NUL character'],
    ['a directory by traversal', join(certDir, '..', '..'), 'is not a regular file'],
    ['a name of 10,000 characters', 'x'.repeat(10_000), /cannot be read|no such file/],
  ])('%s is refused with a message naming the path', (_name, path, message) => {
    const r = attempt(path);
    expect(r.text).toBeUndefined();
    expect(r.refusal).toMatch(message);
    expect(r.refusal).toContain('Export the root CA certificate');
  });

  it('a certificate under a unicode name, reached through ../, is read', () => {
    const name = join(certDir, 'Zertifikat Zürich 東京 🔐.cer');
    writeFileSync(name, certs.root);
    const r = attempt(relative(process.cwd(), name));
    paths.add({ runs: 1 });
    expect(r).toEqual({ text: certs.root });
  });
});
