/** `synth` runs the app of cdktf.json; plan and apply synth first when there is no --config. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLASSIC_MISTAKES, classicMistakesApp, occurrences } from '../helpers/classic-mistakes';
import { REPO, runCli, spawnCli } from '../helpers/cli';
import { synthApp, WRITE_MANIFEST } from '../helpers/synth-app';
import { testCertificates } from '../helpers/certificates';

jest.setTimeout(120_000);
const env = { INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z', CI: 'true' };

function app(cdktfJson: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-synth-'));
  writeFileSync(join(dir, 'cdktf.json'), JSON.stringify(cdktfJson));
  return dir;
}

test('synth, then plan and apply synthesize the example app themselves', async () => {
  const dir = app({ language: 'typescript', app: `node ${JSON.stringify(join(REPO, 'dist', 'examples', 'windows-8021x', 'main.js'))}` });
  const s = await spawnCli(['synth'], { cwd: dir, env });
  expect(s.code).toBe(0);
  expect(s.stdout).toBe('Synthesized stack "windows-8021x" into cdktf.out\n');
  const v = await spawnCli(['validate'], { cwd: dir, env });
  expect(v).toMatchObject({ code: 0 });
  expect(v.stdout).toContain('is valid');
  const a = await spawnCli(['apply', '--auto-approve'], { cwd: dir, env });
  expect(a.code).toBe(0);
  expect(a.stderr).toContain('Synthesizing:');
  expect(a.stdout).toContain('Apply complete! Resources: 4 added');
  const p = await spawnCli(['plan', '--detailed-exitcode'], { cwd: dir, env });
  expect(p.code).toBe(0);
  expect(
    (await spawnCli(['state', 'list', '--stack', 'windows-8021x'], { cwd: dir, env })).stdout.split('\n').filter(Boolean),
  ).toHaveLength(4);
});

test.each([
  ['a failing app', { app: 'node -e "process.exit(3)"' }, 'failed (exit 3)'],
  ['no app', { language: 'typescript' }, 'has no "app"'],
  ['an app that writes no stack', { app: 'node -e "0"' }, 'wrote no stack'],
])('%s is one clear error', async (_n, json, message) => {
  const r = await spawnCli(['synth'], { cwd: app(json), env });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(message);
});

test("the app gets the CLI's environment as run was given it, not the environment of the process around run", async () => {
  // In the bin the two are one; in-process (a test, a tool calling run) this process's variables are not the run's.
  process.env.INTUNE_SCEP_TEST_OUTSIDE_RUN = 'seen';
  try {
    const dir = app({ app: 'node -e "process.exit(process.env.INTUNE_SCEP_TEST_OUTSIDE_RUN ? 7 : 3)"' });
    const r = await runCli(['synth'], { cwd: dir, env: { ...env, PATH: process.env.PATH ?? '' } });
    expect(r.stderr).toContain('failed (exit 3)');
  } finally {
    delete process.env.INTUNE_SCEP_TEST_OUTSIDE_RUN;
  }
});

test('without cdktf.json, synth says where to run it', async () => {
  const r = await spawnCli(['synth'], { cwd: mkdtempSync(join(tmpdir(), 'intune-scep-nosynth-')), env });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('no cdktf.json here');
});

describe('the constructs speak TypeScript through intune-scep too', () => {
  // The app runs outside a project: it finds the CDK and the built constructs through these.
  const appEnv = { ...env, CDK: join(REPO, 'node_modules', 'cdktf'), INTUNE_SCEP: join(REPO, 'dist', 'lib', 'constructs') };

  test('GIVEN the three classic mistakes WHEN intune-scep plans THEN each prints once, word for word as under cdktf, with no stack trace', async () => {
    const dir = classicMistakesApp();
    const r = await runCli(['plan'], { cwd: dir, env: { ...appEnv, HOME: join(dir, 'home') } });
    const out = r.stdout + r.stderr;
    for (const m of CLASSIC_MISTAKES)
      expect({ body: m.body, times: occurrences(out, `${m.severity === 'error' ? 'Error' : 'Warning'}: ${m.body}\n`) }).toEqual({
        body: m.body,
        times: 1,
      });
    expect(out.match(/^(Error|Warning): /gm)).toHaveLength(CLASSIC_MISTAKES.length);
    expect(out).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m);
    expect(out).not.toContain('skipValidation');
    expect(r.code).toBe(1);
    // Programs still get Terraform's words: the address and attribute path.
    const json = await runCli(['plan', '--json'], { cwd: dir, env: { ...appEnv, HOME: join(dir, 'home') } });
    const diagnostics = (JSON.parse(json.stdout) as { diagnostics: { code: string; address: string; path: unknown[] }[] }).diagnostics;
    expect(diagnostics.find((d) => d.code === 'san/strong-mapping-missing')).toMatchObject({
      address: expect.stringMatching(/^intune_scep_certificate_profile\.userWifi_[0-9A-F]{8}$/),
      path: ['subject_alternative_names'],
    });
  });

  test('GIVEN a root whose certificate file is missing WHEN intune-scep synthesizes THEN one diagnostic says so, and no stack trace', async () => {
    const dir = classicMistakesApp();
    rmSync(join(dir, 'root.cer'));
    const r = await runCli(['synth'], { cwd: dir, env: appEnv });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      [
        'Error: A certificate file the trusted root cannot use [construct/certificate-file]',
        '  on WindowsTrustedRootCertificate windowsRoot, certificate',
        `  Certificate.fromFile(${JSON.stringify(join(dir, 'root.cer'))}): no such file (${join(dir, 'root.cer')}). Export the root CA certificate as .cer (PEM or DER) and point to it.`,
        '',
        "Error: the app's constructs reported an error (above); fix it and run again.",
      ].join('\n'),
    );
    expect(r.stderr.match(/^Error: /gm)).toHaveLength(2);
    expect(r.stderr).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m);
  });
});

describe("the stacks are the ones this run's app wrote (its manifest.json), never a folder an earlier run left", () => {
  // An app that writes the stack named STACK (stack.json of its folder) and its manifest, as cdktf's
  // app.synth() does; with FORGET set it returns before synthesizing, as an app that lost its
  // app.synth() line does.
  const STACK_APP = `
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
if (process.env.FORGET) process.exit(0);
const name = process.env.STACK;
mkdirSync(join(process.env.CDKTF_OUTDIR, 'stacks', name), { recursive: true });
writeFileSync(join(process.env.CDKTF_OUTDIR, 'stacks', name, 'cdk.tf.json'), readFileSync(join(__dirname, 'stack.json'), 'utf8'));
writeFileSync(join(process.env.CDKTF_OUTDIR, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks: { [name]: { name, synthesizedStackPath: 'stacks/' + name + '/cdk.tf.json', annotations: [] } } }));
`;
  const rootStack = async () => ({
    resource: {
      intune_trusted_root_certificate: {
        root: { display_name: 'Root', platform: 'windows', certificate: (await testCertificates()).root },
      },
    },
  });

  test('GIVEN an app that no longer calls app.synth() WHEN intune-scep plans THEN it is refused, not "No changes" on the last stack', async () => {
    const f = synthApp({ app: STACK_APP });
    writeFileSync(join(f.dir, 'stack.json'), JSON.stringify({ resource: {} }));
    expect(await runCli(['plan'], { cwd: f.dir, env: { ...env, ...f.env, STACK: 's' } })).toMatchObject({ code: 0 });
    const r = await runCli(['plan', '--detailed-exitcode'], { cwd: f.dir, env: { ...env, ...f.env, STACK: 's', FORGET: '1' } });
    expect(r.stdout).not.toContain('No changes');
    expect(r).toMatchObject({ code: 1, stderr: expect.stringContaining('does it call app.synth()?') });
  });

  test('GIVEN a stack renamed in the app WHEN intune-scep plans THEN it plans the new stack alone, and the old name is not offered', async () => {
    const f = synthApp({ app: STACK_APP });
    writeFileSync(join(f.dir, 'stack.json'), JSON.stringify({ resource: {} }));
    expect(await runCli(['plan'], { cwd: f.dir, env: { ...env, ...f.env, STACK: 'old' } })).toMatchObject({ code: 0 });
    writeFileSync(join(f.dir, 'stack.json'), JSON.stringify(await rootStack()));
    const r = await runCli(['plan', '--detailed-exitcode'], { cwd: f.dir, env: { ...env, ...f.env, STACK: 'new' } });
    expect(r).toMatchObject({ code: 2, stdout: expect.stringContaining('1 to add') });
    const old = await runCli(['plan', '--stack', 'old'], { cwd: f.dir, env: { ...env, ...f.env, STACK: 'new' } });
    expect(old).toMatchObject({ code: 1, stderr: expect.stringContaining('no synthesized stack "old"') });
    expect(old.stderr).toContain('(found: new)');
  });

  // Found by review: an app with HCL output (hclOutput, SYNTH_HCL_OUTPUT) writes stacks/<name>/cdk.tf
  // and a manifest naming that; the cdk.tf.json an earlier run left was planned as this run's.
  test('GIVEN an app that now writes HCL (cdk.tf) beside the cdk.tf.json an earlier run left WHEN intune-scep plans THEN it is refused, not the old stack', async () => {
    const HCL_APP = `${STACK_APP}
if (process.env.HCL) {
  const { rmSync, renameSync } = require('node:fs');
  const dir = join(process.env.CDKTF_OUTDIR, 'stacks', process.env.STACK);
  renameSync(join(dir, 'cdk.tf.json'), join(dir, 'cdk.tf'));
  writeFileSync(join(process.env.CDKTF_OUTDIR, 'manifest.json'), JSON.stringify({ stacks: { [process.env.STACK]: { name: process.env.STACK, synthesizedStackPath: 'stacks/' + process.env.STACK + '/cdk.tf' } } }));
}
`;
    const f = synthApp({ app: HCL_APP });
    writeFileSync(join(f.dir, 'stack.json'), JSON.stringify({ resource: {} }));
    expect(await runCli(['plan'], { cwd: f.dir, env: { ...env, ...f.env, STACK: 's' } })).toMatchObject({ code: 0 });
    writeFileSync(join(f.dir, 'stack.json'), JSON.stringify(await rootStack()));
    const r = await runCli(['plan'], { cwd: f.dir, env: { ...env, ...f.env, STACK: 's', HCL: '1' } });
    expect(r.stdout).not.toContain('No changes');
    expect(r).toMatchObject({ code: 1, stderr: expect.stringContaining('HCL') });
  });

  test('GIVEN an app whose manifest names a stack it did not write this run WHEN intune-scep plans THEN it is refused, not the file an earlier run left', async () => {
    const MANIFEST_ONLY = `${STACK_APP.replace("writeFileSync(join(process.env.CDKTF_OUTDIR, 'stacks', name, 'cdk.tf.json')", "if (!process.env.NOFILE) writeFileSync(join(process.env.CDKTF_OUTDIR, 'stacks', name, 'cdk.tf.json')")}`;
    expect(MANIFEST_ONLY).toContain('if (!process.env.NOFILE)');
    const f = synthApp({ app: MANIFEST_ONLY });
    writeFileSync(join(f.dir, 'stack.json'), JSON.stringify({ resource: {} }));
    expect(await runCli(['plan'], { cwd: f.dir, env: { ...env, ...f.env, STACK: 's' } })).toMatchObject({ code: 0 });
    writeFileSync(join(f.dir, 'stack.json'), JSON.stringify(await rootStack()));
    const r = await runCli(['plan'], { cwd: f.dir, env: { ...env, ...f.env, STACK: 's', NOFILE: '1' } });
    expect(r.stdout).not.toContain('No changes');
    expect(r).toMatchObject({ code: 1, stderr: expect.stringContaining('wrote no stack') });
  });

  test.each([['..'], ['a/../../x'], ['.'], [''], ['__proto__'], ['-x'], ['a b']])(
    'GIVEN a manifest naming the stack %j WHEN intune-scep synthesizes THEN one line refuses it, and no file outside stacks/ is read',
    async (name) => {
      const app = `const fs=require('fs');fs.mkdirSync(process.env.CDKTF_OUTDIR,{recursive:true});fs.writeFileSync(process.env.CDKTF_OUTDIR+'/cdk.tf.json','{}');fs.writeFileSync(process.env.CDKTF_OUTDIR+'/manifest.json',JSON.stringify({stacks:{[${JSON.stringify(name)}]:{}}}));`;
      const f = synthApp({ app });
      const r = await runCli(['synth'], { cwd: f.dir, env: { ...env, ...f.env } });
      expect(r).toMatchObject({ code: 1, stdout: '' });
      expect(r.stderr).toContain(`names the stack ${JSON.stringify(name)}, which is not a stack name intune-scep keeps state for`);
      expect(r.stderr.trim().split('\n')).toEqual([
        'Synthesizing: node app.js',
        expect.stringMatching(/^Error: cdktf\.out\/manifest\.json names/),
      ]);
    },
  );
  // Found by review: a FIFO named manifest.json blocked the CLI for good; a stack linked to a file
  // elsewhere was read, and its first bytes shown in the error.
  test('GIVEN a manifest.json that is a FIFO, or a stack that is a link WHEN intune-scep synthesizes THEN one line refuses it, and nothing is read through it', async () => {
    const fifo = `require('node:child_process').execFileSync('mkfifo', [process.env.CDKTF_OUTDIR + '/manifest.json']);`;
    const f = synthApp({ app: `require('node:fs').mkdirSync(process.env.CDKTF_OUTDIR, { recursive: true });${fifo}` });
    const r = await runCli(['synth'], { cwd: f.dir, env: { ...env, ...f.env } });
    expect(r).toMatchObject({ code: 1, stderr: expect.stringContaining('manifest.json is not a file CDKTF wrote (not a regular file)') });
    const secret = join(f.base, 'secret.txt');
    writeFileSync(secret, 'SECRET_TOKEN=abc');
    const linked = synthApp({
      app: `const fs = require('node:fs'); const d = process.env.CDKTF_OUTDIR + '/stacks/s'; fs.mkdirSync(d, { recursive: true }); fs.symlinkSync(${JSON.stringify(secret)}, d + '/cdk.tf.json'); ${WRITE_MANIFEST('s')}`,
    });
    const l = await runCli(['plan'], { cwd: linked.dir, env: { ...env, ...linked.env } });
    expect(l).toMatchObject({ code: 1, stderr: expect.stringContaining('wrote no stack') });
    expect(l.stderr + l.stdout).not.toContain('SECRET');
  });
});

// Found by the second attack review: the app's output went on chunk by chunk, each made safe alone, so a
// runner command split across two writes (`#` then `#[error]...`, a line's `:` then `:warning::`) reached
// the log whole.
test('GIVEN an app whose output splits a CI runner command across writes WHEN intune-scep synthesizes THEN the command is broken all the same', async () => {
  const app = `process.stdout.write('subject: #');
setTimeout(() => process.stdout.write('#[error]Injected annotation\\n:'), 50);
setTimeout(() => process.stdout.write(':warning::Injected warning\\nend'), 100);
setTimeout(() => process.exit(3), 150);`;
  const f = synthApp({ app });
  const r = await runCli(['synth'], { cwd: f.dir, env: { ...env, ...f.env } });
  expect(r.stderr).toContain('Injected annotation');
  expect(r.stderr).toContain('Injected warning');
  expect(r.stderr).not.toMatch(/##\[error\]/);
  expect(r.stderr).not.toMatch(/^\s*::warning::/m);
  expect(r.stderr).toContain('end');
});
