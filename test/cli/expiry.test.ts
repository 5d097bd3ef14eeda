/**
 * Expiry watch: a trusted root that expires within the threshold (90 days unless
 * --expiry-warning-days or INTUNE_SCEP_EXPIRY_WARNING_DAYS says otherwise) warns in validate and
 * plan, naming the SCEP profiles chained to it (root/expires-soon).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { runCli } from '../helpers/cli';
import { cleanStack } from '../helpers/stacks';

// The certificates' NOW: rootExpiringIn30Days ends 30 days later, rootEndingSoon 92.
const env = { INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z' };
const WARNING = 'Warning: Certificate expires soon [root/expires-soon]';
let certs: TestCertificates;
let dir: string;
beforeAll(async () => {
  certs = await testCertificates();
  dir = mkdtempSync(join(tmpdir(), 'intune-scep-expiry-'));
});

function stackWith(certificate: string): string {
  const file = join(dir, `stack-${certificate.length}-${Math.abs(certificate.charCodeAt(40))}.json`);
  writeFileSync(file, JSON.stringify(cleanStack(certs, { root: { certificate } })));
  return file;
}

test('GIVEN a root expiring in 30 days WHEN validated and planned THEN both warn, with the date, the days left and the chained profile', async () => {
  const file = stackWith(certs.rootExpiringIn30Days);
  const v = await runCli(['validate', '--config', file], { env });
  expect(v.code).toBe(0);
  expect(v.stdout).toContain(`${WARNING}\n  on ${file}, intune_trusted_root_certificate.root, certificate\n`);
  expect(v.stdout).toContain('"CN=Contoso Root 2016, O=Contoso" expires on 2026-07-01, in 30 days');
  expect(v.stdout).toContain('The SCEP profiles chained to it (intune_scep_certificate_profile.wifi) stop working');
  expect((await runCli(['validate', '--config', file, '--strict'], { env })).code).toBe(1);
  const p = await runCli(['plan', '--config', file, '--stack', 'expiry'], { cwd: dir, env });
  expect(p.stdout).toContain(WARNING);
  expect(p.stdout).toContain('in 30 days');
  const later = await runCli(['plan', '--config', file, '--stack', 'expiry', '--expiry-warning-days', '10'], { cwd: dir, env });
  expect(later.stdout).toContain('will be created');
  expect(later.stdout).not.toContain('root/expires-soon');
});

test('GIVEN a root ending in 92 days WHEN the threshold is the default, a flag or the variable THEN it warns only past 92', async () => {
  const file = stackWith(certs.rootEndingSoon);
  expect((await runCli(['validate', '--config', file], { env })).stdout).not.toContain('root/expires-soon');
  expect((await runCli(['validate', '--config', file, '--expiry-warning-days', '92'], { env })).stdout).not.toContain('root/expires-soon');
  expect((await runCli(['validate', '--config', file, '--expiry-warning-days', '93'], { env })).stdout).toContain('in 92 days');
  expect((await runCli(['validate', '--config', file], { env: { ...env, INTUNE_SCEP_EXPIRY_WARNING_DAYS: '120' } })).stdout).toContain(
    'the warning starts 120 days before',
  );
  // The flag wins over the variable.
  const both = await runCli(['validate', '--config', file, '--expiry-warning-days', '30'], {
    env: { ...env, INTUNE_SCEP_EXPIRY_WARNING_DAYS: '120' },
  });
  expect(both.stdout).not.toContain('root/expires-soon');
});

test.each([
  [['--expiry-warning-days', 'soon'], {}, '--expiry-warning-days = "soon" is not a number of days; give a whole number, e.g. 30.'],
  [[], { INTUNE_SCEP_EXPIRY_WARNING_DAYS: '-5' }, 'INTUNE_SCEP_EXPIRY_WARNING_DAYS = "-5" is not a number of days'],
])('a threshold that is not a number of days (%j %j) is one clear error', async (args, more, message) => {
  const r = await runCli(['validate', '--config', stackWith(certs.root), ...args], { env: { ...env, ...more } });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(message);
  expect(r.stdout).toBe('');
});
