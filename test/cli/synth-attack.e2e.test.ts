/**
 * Attacks on `intune-scep synth` now that the app runs with INTUNE_SCEP_VALIDATES_STACK=1 (the rules
 * skipped in the app, left to the CLI) and intune-scep reads cdktf.out/manifest.json.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { classicMistakesApp } from '../helpers/classic-mistakes';
import { REPO, runCli } from '../helpers/cli';

jest.setTimeout(120_000);
const env = { INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z', CI: 'true' };
// The app runs outside a project: it finds the CDK and the built constructs through these.
const appEnv = { ...env, CDK: join(REPO, 'node_modules', 'cdktf'), INTUNE_SCEP: join(REPO, 'dist', 'lib', 'constructs') };

test('GIVEN an app whose stack breaks a rule (a user variable in a device certificate) WHEN intune-scep synth THEN it fails with the rule id, as docs/cli.md says', async () => {
  const dir = classicMistakesApp();
  const r = await runCli(['synth'], { cwd: dir, env: { ...appEnv, HOME: join(dir, 'home') } });
  // Before this change the app's validation failed synth; now the app skips the rules and synth does not run them.
  expect(r.stdout + r.stderr).toContain('[variable/user-variable-in-device-certificate]');
  expect(r.code).toBe(1);
});

test('GIVEN a committed cdktf.out/manifest.json that is a folder WHEN intune-scep synth THEN one clear error, not an internal error', async () => {
  const dir = classicMistakesApp();
  mkdirSync(join(dir, 'cdktf.out', 'manifest.json'), { recursive: true });
  const r = await runCli(['synth'], { cwd: dir, env: { ...appEnv, HOME: join(dir, 'home') } });
  expect(r.code).toBe(1);
  expect(r.stderr).not.toContain('Internal error');
});
