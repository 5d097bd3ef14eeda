/**
 * Attack on the expiry threshold's reading (cli/io.ts expiryWarningDays): an empty
 * --expiry-warning-days is neither refused nor ignored, it silently resets the threshold.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates } from '../helpers/certificates';
import { runCli } from '../helpers/cli';
import { cleanStack } from '../helpers/stacks';

test('GIVEN --expiry-warning-days "" and INTUNE_SCEP_EXPIRY_WARNING_DAYS=120 WHEN validated THEN the empty flag is refused, not a silent 90', async () => {
  const certs = await testCertificates();
  const file = join(mkdtempSync(join(tmpdir(), 'intune-scep-expiry-attack-')), 'stack.json');
  // rootEndingSoon ends 92 days after the clock: 120 warns, 90 does not.
  writeFileSync(file, JSON.stringify(cleanStack(certs, { root: { certificate: certs.rootEndingSoon } })));
  const env = { INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z', INTUNE_SCEP_EXPIRY_WARNING_DAYS: '120' };
  const r = await runCli(['validate', '--config', file, '--expiry-warning-days', ''], { env });
  // Today: exit 0, no warning: '' is not nullish, so it hides the variable, then reads as "unset" (90).
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('--expiry-warning-days = "" is not a number of days');
});
