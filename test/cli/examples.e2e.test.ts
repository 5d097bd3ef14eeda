/**
 * Every example app synthesizes, validates clean, plans and applies against a mock server, and re-plans
 * to no changes. The apps run as child processes (synth); one example runs the built bin in its own
 * folder as a user would, the others the CLI in-process (`runCli`) against an in-process
 * `mock-graph serve`: the subject is the apps, not the CLI's process.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, runCli, serveMock, spawnCli } from '../helpers/cli';

jest.setTimeout(120_000);
const EXAMPLES = readdirSync(join(REPO, 'examples')).filter(
  (e) =>
    statSync(join(REPO, 'examples', e)).isDirectory() &&
    statSync(join(REPO, 'examples', e, 'main.ts'), { throwIfNoEntry: false })?.isFile(),
);
let server: { url: string; stop: () => Promise<void> };
let url: string;
beforeAll(async () => {
  server = await serveMock();
  url = server.url;
});
afterAll(() => server.stop());

test('there are the seven examples of the issue and the Cloud PKI one, and the root cdktf.json runs one of them', () => {
  expect(EXAMPLES.sort()).toEqual([
    'android-fully-managed-vpn',
    'android-work-profile',
    'aosp-wifi',
    'cloud-pki',
    'ios-wifi',
    'macos-user-channel',
    'multi-platform',
    'windows-8021x',
  ]);
  expect((JSON.parse(readFileSync(join(REPO, 'cdktf.json'), 'utf8')) as { app: string }).app).toBe(
    'npx tsc -p examples && node examples/.build/examples/windows-8021x/main.js',
  );
});

test('an example runs from source in its own folder: its app compiles main.ts as it is now, then runs it', async () => {
  // (The other tests run the copy npm test built in dist/, from temp folders, so they can run in parallel.)
  const dir = join(REPO, 'examples', 'ios-wifi');
  const v = await spawnCli(['validate', '--json'], { cwd: dir, env: { CI: 'true' } });
  expect(v.stderr).toBe('Synthesizing: npx tsc -p .. && node ../.build/examples/ios-wifi/main.js\n');
  expect(v.code).toBe(0);
  expect(statSync(join(REPO, 'examples', '.build', 'examples', 'ios-wifi', 'main.js')).mtimeMs).toBeGreaterThanOrEqual(
    statSync(join(dir, 'main.ts')).mtimeMs,
  );
});

test.each(EXAMPLES)('%s: synth, validate, apply, plan shows no changes, destroy', async (name) => {
  const own = JSON.parse(readFileSync(join(REPO, 'examples', name, 'cdktf.json'), 'utf8')) as { app: string };
  expect(own.app).toBe(`npx tsc -p .. && node ../.build/examples/${name}/main.js`);
  const dir = mkdtempSync(join(tmpdir(), `intune-scep-example-${name}-`));
  writeFileSync(
    join(dir, 'cdktf.json'),
    JSON.stringify({ ...own, app: `node ${JSON.stringify(join(REPO, 'dist', 'examples', name, 'main.js'))}` }),
  );
  const env = { CI: 'true' };
  // validate synthesizes the app; apply applies what it validated; plan synthesizes it again (the
  // same stack, or the plan would show changes).
  const v = await runCli(['validate', '--json'], { cwd: dir, env });
  expect(v.code).toBe(0);
  expect((JSON.parse(v.stdout) as { diagnostics: unknown[] }).diagnostics).toEqual([]);
  const [stack] = readdirSync(join(dir, 'cdktf.out', 'stacks'));
  const a = await runCli(
    ['apply', '--auto-approve', '--graph-url', url, '--config', join('cdktf.out', 'stacks', stack as string, 'cdk.tf.json')],
    { cwd: dir, env },
  );
  expect(a.stderr).not.toContain('Error');
  expect(a.code).toBe(0);
  expect(a.stdout).toMatch(/Apply complete! Resources: \d+ added/);
  const p = await runCli(['plan', '--detailed-exitcode', '--graph-url', url], { cwd: dir, env });
  expect(p.code).toBe(0);
  const d = await runCli(['apply', '--destroy', '--auto-approve', '--graph-url', url], { cwd: dir, env });
  expect(d.stderr).not.toContain('Error');
  expect(d.stdout).toMatch(/Destroy complete! Resources: \d+ destroyed/);
});
