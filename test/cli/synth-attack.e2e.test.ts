/**
 * Attacks on `intune-scep synth` now that the app runs with INTUNE_SCEP_VALIDATES_STACK=1 (the rules
 * skipped in the app, left to the CLI) and intune-scep reads cdktf.out/manifest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classicMistakesApp } from '../helpers/classic-mistakes';
import { REPO, runCli } from '../helpers/cli';

jest.setTimeout(120_000);
const env = { INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z', CI: 'true' };
// The app runs outside a project: it finds the CDK and the built constructs through these.
const appEnv = { ...env, CDK: join(REPO, 'node_modules', 'cdktf'), INTUNE_SCEP: join(REPO, 'dist', 'lib', 'constructs') };
/** `intune-scep synth` in the app's folder, with a home of its own there. */
const synthIn = (dir: string) => runCli(['synth'], { cwd: dir, env: { ...appEnv, HOME: join(dir, 'home') } });

test('GIVEN an app whose stack breaks a rule (a user variable in a device certificate) WHEN intune-scep synth THEN it fails with the rule id, as docs/cli.md says', async () => {
  const dir = classicMistakesApp();
  const r = await synthIn(dir);
  // Before this change the app's validation failed synth; now the app skips the rules and synth does not run them.
  expect(r.stdout + r.stderr).toContain('[variable/user-variable-in-device-certificate]');
  expect(r.code).toBe(1);
  // No success line beside the failure (newcomer review): the error says where the stack was written.
  expect(r.stdout).not.toContain('Synthesized');
  expect(r.stderr).toMatch(
    /^Error: stack "certificates" \(a rule\), synthesized into cdktf\.out, breaks the rules above; fix the app and run again \(plan and apply refuse it\)\.\n$/m,
  );
});

test('GIVEN an app with two stacks, one breaking a rule WHEN intune-scep synth THEN the error names the failing stack and the passing one, and no success line', async () => {
  const dir = classicMistakesApp();
  writeFileSync(
    join(dir, 'two.js'),
    `const { App, TerraformStack } = require(process.env.CDK);
const { IntuneProvider } = require(process.env.INTUNE_SCEP);
const { Certificates } = require('./main.js');
const app = new App();
new Certificates(app, 'certificates');
new IntuneProvider(new TerraformStack(app, 'clean'), 'intune', {});
app.synth();
`,
  );
  writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node two.js' }));
  const r = await synthIn(dir);
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: '' });
  expect(r.stderr).toMatch(
    /^Error: stack "certificates" \(a rule\), synthesized into cdktf\.out, breaks the rules above; .*\. Passing: clean\.\n$/m,
  );
});

test('GIVEN a committed cdktf.out/manifest.json that is a folder WHEN intune-scep synth THEN one clear error, not an internal error', async () => {
  const dir = classicMistakesApp();
  mkdirSync(join(dir, 'cdktf.out', 'manifest.json'), { recursive: true });
  const r = await synthIn(dir);
  expect(r.code).toBe(1);
  expect(r.stderr).not.toContain('Internal error');
});

test("GIVEN an app where another library leaves an annotation whose data is not a string WHEN intune-scep synth THEN the constructs' errors still fail it", async () => {
  const dir = classicMistakesApp();
  writeFileSync(
    join(dir, 'main.js'),
    `const { App, TerraformStack } = require(process.env.CDK);
const { CertificateDeployment, Certificate, IntuneProvider } = require(process.env.INTUNE_SCEP);
const app = new App();
const stack = new TerraformStack(app, 'certificates');
new IntuneProvider(stack, 'intune', {});
new CertificateDeployment(stack, 'wifi', { rootDisplayName: 'Root', rootCertificate: Certificate.fromPem('x'), profiles: {}, assignTo: [] });
stack.node.addMetadata('@cdktf/info', { note: 'another library' });
app.synth();
`,
  );
  const r = await synthIn(dir);
  // One odd annotation fails the whole manifest's schema: every error is dropped and an empty stack passes.
  expect(r.stderr).toContain('[construct/no-platform]');
  expect(r.code).toBe(1);
});
