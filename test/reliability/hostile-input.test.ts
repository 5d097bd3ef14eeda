/**
 * Hostile input through the real CLI: a 50 MB config, JSON nested 100,000 deep, megabyte strings,
 * unicode and emoji in names and values, binary garbage, and a config over the size limit. Every
 * run ends with a diagnostic or a one-line error: no crash, no stack trace, nothing written.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { spawnCli } from '../helpers/cli';
import { cleanStack, synth } from '../helpers/stacks';

jest.setTimeout(120_000);
let certs: TestCertificates;
const dir = mkdtempSync(join(tmpdir(), 'intune-scep-hostile-'));
const report = { runs: 0, crashes: 0 };
beforeAll(async () => {
  certs = await testCertificates();
});
afterAll(() => {
  process.stdout.write(`hostile input: runs ${report.runs}, crashes ${report.crashes}\n`);
});

async function validate(name: string, content: string | Buffer): Promise<{ code: number; stdout: string; stderr: string }> {
  writeFileSync(join(dir, name), content);
  const r = await spawnCli(['validate', '--config', name, '--json'], { cwd: dir, env: { INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z' } });
  report.runs++;
  const crashed = /\n\s+at |Internal error|FATAL|heap out of memory/.test(r.stderr) || r.code > 1;
  if (crashed) report.crashes++;
  expect(crashed).toBe(false);
  return r;
}

const codes = (r: { stdout: string }) => (JSON.parse(r.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);

test('a 50 MB config of 20,000 profiles is read and checked', async () => {
  const profiles: Record<string, Record<string, unknown>> = {};
  const filler = 'x'.repeat(2400);
  for (let i = 0; i < 20_000; i++) profiles[`p${i}`] = { display_name: `P ${i}`, description: filler, platform: 'ios', root_certificate_id: '${intune_trusted_root_certificate.root.id}', certificate_type: 'device', subject_name_format: 'CN={{AAD_Device_ID}}', scep_server_urls: ['https://a.contoso.com/x'] };
  const text = JSON.stringify(synth({ roots: { root: { display_name: 'r', platform: 'ios', certificate: certs.root } }, profiles }));
  expect(text.length).toBeGreaterThan(50_000_000);
  const r = await validate('big.json', text);
  expect(r.code).toBe(0);
  expect(codes(r).every((c) => c === 'variable/spoofable-device-property' || c.startsWith('scep-url') || c === 'assignment/root-not-covering')).toBe(true);
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
  (doc.resource.intune_trusted_root_certificate as Record<string, unknown>)['root_😀'] = { display_name: '😀', platform: 'ios', certificate: certs.root };
  const r = await validate('unicode.json', JSON.stringify(doc));
  expect(r.stdout.length).toBeLessThan(100_000); // long values are cut in details
  expect(codes(r)).toContain('subject/longer-than-64');
});

test('binary garbage, an empty file, and a config over the size limit', async () => {
  expect(codes(await validate('garbage.json', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))))).toEqual(['config/invalid-json']);
  expect(codes(await validate('empty.json', ''))).toEqual(['config/invalid-json']);
  writeFileSync(join(dir, 'huge.json'), Buffer.alloc(65 * 1024 * 1024, 0x20));
  const r = await spawnCli(['validate', '--config', 'huge.json'], { cwd: dir });
  report.runs++;
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('is refused');
  expect(existsSync(join(dir, '.intune-scep'))).toBe(false);
});
