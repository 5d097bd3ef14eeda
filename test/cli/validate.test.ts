/** `intune-scep validate`: outputs, exit codes and clean errors (in-process; the built bin: validate.e2e.test.ts). */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticSchema } from '../../lib';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { runCli } from '../helpers/cli';
import { cleanStack } from '../helpers/stacks';
import { z } from 'zod';

const NOW_ENV = { INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z' };
let certs: TestCertificates;
let dir: string;

beforeAll(async () => {
  certs = await testCertificates();
  dir = mkdtempSync(join(tmpdir(), 'intune-scep-validate-'));
});

function write(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

test('a clean stack: success message, exit 0', async () => {
  const r = await runCli(['validate', '--config', write('clean.json', cleanStack(certs))], { env: NOW_ENV });
  expect(r).toMatchObject({ code: 0, stderr: '' });
  expect(r.stdout).toContain('is valid');
});

test('errors: every diagnostic rendered with file, address, attribute and rule id; exit 1', async () => {
  const file = write('bad.json', cleanStack(certs, { profile: { subject_name_format: 'CN={{UserPrincipalName}},OU=Sales\\, EMEA' } }));
  const r = await runCli(['validate', '--config', file], { env: NOW_ENV });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('Error: Backslash-escaped special character in the subject [subject/escaped-special-character]');
  expect(r.stdout).toContain('intune_scep_certificate_profile.wifi, subject_name_format');
  expect(r.stdout).toContain('OU="Sales, EMEA"');
  expect(r.stdout).toMatch(/1 error, 0 warnings\.\n$/);
});

test('--json prints {"diagnostics": [...]} in the rules.md shape', async () => {
  const file = write('warn.json', cleanStack(certs, { profile: { key_size: 1024 } }));
  const r = await runCli(['validate', '--config', file, '--json'], { env: NOW_ENV });
  expect(r.code).toBe(0);
  const parsed = z
    .object({ diagnostics: z.array(DiagnosticSchema) })
    .strict()
    .parse(JSON.parse(r.stdout));
  expect(parsed.diagnostics).toEqual([
    expect.objectContaining({
      severity: 'warning',
      code: 'key/weak-1024',
      address: 'intune_scep_certificate_profile.wifi',
      path: ['key_size'],
    }),
  ]);
});

test('--strict fails on warnings', async () => {
  const file = write('warn2.json', cleanStack(certs, { profile: { key_size: 1024 } }));
  expect((await runCli(['validate', '--config', file], { env: NOW_ENV })).code).toBe(0);
  expect((await runCli(['validate', '--config', file, '--strict'], { env: NOW_ENV })).code).toBe(1);
});

test('INTUNE_SCEP_NOW pins the clock for date rules', async () => {
  const file = write('dated.json', cleanStack(certs));
  const later = await runCli(['validate', '--config', file, '--json'], { env: { INTUNE_SCEP_NOW: '2041-01-01T00:00:00Z' } });
  expect(later.stdout).toContain('root/expired');
  const bad = await runCli(['validate', '--config', file], { env: { INTUNE_SCEP_NOW: 'tomorrow' } });
  expect(bad).toMatchObject({ code: 1, stdout: '' });
  expect(bad.stderr).toContain('INTUNE_SCEP_NOW');
});

test.each([
  ['a missing file', () => join(dir, 'nope.json'), 'no such file'],
  ['a directory', () => dir, 'is not a file'],
])('%s is one clear error line, never a stack trace', async (_n, path, message) => {
  const r = await runCli(['validate', '--config', path()]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test('invalid JSON and non-object JSON are diagnostics naming the file', async () => {
  const r1 = await runCli(['validate', '--config', write('broken.json', '{"resource": ')]);
  expect(r1.code).toBe(1);
  expect(r1.stdout).toContain('[config/invalid-json]');
  expect(r1.stdout).toContain('broken.json');
  const r2 = await runCli(['validate', '--config', write('array.json', '[1,2]'), '--json']);
  expect(JSON.parse(r2.stdout).diagnostics[0].code).toBe('config/not-an-object');
});

test('without --config it validates the one synthesized stack in cdktf.out, or asks for --stack', async () => {
  const app = mkdtempSync(join(tmpdir(), 'intune-scep-app-'));
  const one = join(app, 'cdktf.out', 'stacks', 'wifi');
  mkdirSync(one, { recursive: true });
  writeFileSync(join(one, 'cdk.tf.json'), JSON.stringify(cleanStack(certs)));
  expect((await runCli(['validate'], { cwd: app, env: NOW_ENV })).stdout).toContain(join('cdktf.out', 'stacks', 'wifi', 'cdk.tf.json'));
  mkdirSync(join(app, 'cdktf.out', 'stacks', 'vpn'));
  writeFileSync(join(app, 'cdktf.out', 'stacks', 'vpn', 'cdk.tf.json'), '{}');
  const several = await runCli(['validate'], { cwd: app, env: NOW_ENV });
  expect(several.stderr).toContain('several stacks (vpn, wifi)');
  expect((await runCli(['validate', '--stack', 'wifi'], { cwd: app, env: NOW_ENV })).code).toBe(0);
});

test('unknown options and commands print usage help and exit 1', async () => {
  const r = await runCli(['validate', '--bogus']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("unknown option '--bogus'");
});

test("GIVEN a stack marked as the constructs' WHEN validated THEN findings speak props; a forged construct path with a line break or escape reaches no line of its own", async () => {
  const stack = cleanStack(certs, { profile: { subject_alternative_names: [{ type: 'upn', value: '{{UserPrincipalName}}' }] } }) as {
    resource: Record<string, Record<string, Record<string, unknown>>>;
  };
  const profile = stack.resource.intune_scep_certificate_profile!.wifi!;
  profile['//'] = { metadata: { path: 's/wifi/Resource' }, 'intune-scep': 'l2' };
  const ours = await runCli(['validate', '--config', write('l2.json', stack)], { env: NOW_ENV });
  expect(ours.stdout).toContain(
    'Warning: No strong mapping (KB5014754) [san/strong-mapping-missing]\n  on WindowsScepProfile wifi, subjectAlternativeNames\n',
  );
  expect(ours.stdout).toContain('Add SubjectAlternativeName.strongMapping() to subjectAlternativeNames.');
  profile['//'] = { metadata: { path: 's/wifi\nError: forged [x/y]\u001b[2K/Resource' }, 'intune-scep': 'l2' };
  const forged = await runCli(['validate', '--config', write('forged.json', stack)], { env: NOW_ENV });
  expect(forged.stdout).toContain('intune_scep_certificate_profile.wifi, subject_alternative_names (construct s/wifi\\nError: forged');
  expect(forged.stdout).not.toMatch(/^Error: forged/m);
  expect(forged.stdout).not.toContain('\u001b');
});

test("GIVEN a stack marked as the constructs' WHEN validated with --json THEN each finding carries its construct path and the constructs' words", async () => {
  const stack = cleanStack(certs, { profile: { subject_alternative_names: [{ type: 'upn', value: '{{UserPrincipalName}}' }] } }) as {
    resource: Record<string, Record<string, Record<string, unknown>>>;
  };
  const profile = stack.resource.intune_scep_certificate_profile!.wifi!;
  profile['//'] = { metadata: { path: 's/wifi/Resource' }, 'intune-scep': 'l2' };
  const r = await runCli(['validate', '--config', write('l2-json.json', stack), '--json'], { env: NOW_ENV });
  const finding = (JSON.parse(r.stdout) as { diagnostics: Record<string, unknown>[] }).diagnostics.find(
    (d) => d.code === 'san/strong-mapping-missing',
  );
  expect(finding).toMatchObject({
    address: 'intune_scep_certificate_profile.wifi',
    path: ['subject_alternative_names'],
    construct_path: 's/wifi/Resource',
    in_typescript: { where: 'WindowsScepProfile wifi, subjectAlternativeNames' },
  });
  expect((finding!.in_typescript as { detail: string }).detail).toContain(
    'Add SubjectAlternativeName.strongMapping() to subjectAlternativeNames.',
  );
  expect(finding!.detail).toContain('subject_alternative_names');
  // plan --json: the same diagnostic, the same fields.
  const planned = await runCli(['plan', '--config', join(dir, 'l2-json.json'), '--stack', 'l2json', '--json'], { cwd: dir, env: NOW_ENV });
  expect(
    (JSON.parse(planned.stdout) as { diagnostics: Record<string, unknown>[] }).diagnostics.find(
      (d) => d.code === 'san/strong-mapping-missing',
    ),
  ).toEqual(finding);

  // A resource no construct of ours made: its CDKTF path, and no constructs' words.
  profile['//'] = { metadata: { path: 's/hcl-wifi' } };
  const plain = await runCli(['validate', '--config', write('plain-json.json', stack), '--json'], { env: NOW_ENV });
  const other = (JSON.parse(plain.stdout) as { diagnostics: Record<string, unknown>[] }).diagnostics.find(
    (d) => d.code === 'san/strong-mapping-missing',
  );
  expect(other).toMatchObject({ construct_path: 's/hcl-wifi' });
  expect(other).not.toHaveProperty('in_typescript');
});
