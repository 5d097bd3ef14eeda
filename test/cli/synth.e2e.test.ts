/** `synth` runs the app of cdktf.json; plan and apply synth first when there is no --config. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLASSIC_MISTAKES, classicMistakesApp, occurrences } from '../helpers/classic-mistakes';
import { REPO, runCli, spawnCli } from '../helpers/cli';

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
  expect(s.stdout).toContain('Synthesized 1 stack(s)');
  expect(s.stdout).toContain('windows-8021x');
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
