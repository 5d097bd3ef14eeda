/** Attack: a pull request's cdk.tf.json, marked as an L2 construct's, crafted to break `validate`'s human output. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { runCli } from '../helpers/cli';
import { cleanStack } from '../helpers/stacks';

const NOW_ENV = { INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z' };
let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
});

test('GIVEN a marked assignment set with an attribute named toString WHEN validated THEN its unknown-attribute error is printed, not an internal error', async () => {
  const stack = cleanStack(certs) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  const set = stack.resource.intune_profile_assignment!.wifi_assign!;
  set['toString'] = 1;
  set['//'] = { metadata: { path: 's/wifi/Assignment' }, 'intune-scep': 'l2' };
  stack.resource.intune_scep_certificate_profile!.wifi!['//'] = { metadata: { path: 's/wifi/Resource' }, 'intune-scep': 'l2' };
  const file = join(mkdtempSync(join(tmpdir(), 'intune-scep-validate-attack-')), 'cdk.tf.json');
  writeFileSync(file, JSON.stringify(stack));
  const r = await runCli(['validate', '--config', file], { env: NOW_ENV });
  expect(r.stderr).not.toContain('Internal error');
  expect(r.stdout).toContain('[schema/unknown-attribute]');
  expect(r.code).toBe(1);
});
