/** `synth` runs the app of cdktf.json; plan and apply synth first when there is no --config. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, spawnCli } from '../helpers/cli';

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

test('without cdktf.json, synth says where to run it', async () => {
  const r = await spawnCli(['synth'], { cwd: mkdtempSync(join(tmpdir(), 'intune-scep-nosynth-')), env });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('no cdktf.json here');
});
