/**
 * Synth is skipped when its inputs are as at the last synth (lib/cli/synth-cache.ts), and only then:
 * a changed file, environment or output, a manifest this user's key did not sign (committed to a
 * repository, copied from another machine, forged), no home folder, or INTUNE_SCEP_SYNTH=always run
 * the app again. The app is a child process (this tier); the CLI runs in-process.
 */
import { appendFileSync, chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { synthApp as fixture, type SynthApp as Fixture } from '../helpers/synth-app';

const SKIPPED =
  'Synthesis skipped: app unchanged since the last synth into cdktf.out ("intune-scep synth" or INTUNE_SCEP_SYNTH=always runs it).\n';

test('unchanged: the second command does not run the app, and says so', async () => {
  const f = fixture();
  const first = await f.validate();
  expect(first.stderr).toContain('Synthesizing: node app.js');
  const second = await f.validate();
  expect(second.stderr).toContain(SKIPPED);
  expect(f.runs()).toBe(1);
  expect(second.code).toBe(first.code);
});

test.each([
  ['a file of the folder changes', (f: Fixture) => writeFileSync(join(f.dir, 'stack.json'), JSON.stringify({ resource: {}, x: 1 }))],
  ['a file is added', (f: Fixture) => writeFileSync(join(f.dir, 'root.cer'), 'x')],
  ['cdktf.json changes', (f: Fixture) => writeFileSync(join(f.dir, 'cdktf.json'), JSON.stringify({ app: 'node  app.js' }))],
  ['the synthesized stack was edited', (f: Fixture) => appendFileSync(join(f.dir, 'cdktf.out', 'stacks', 's', 'cdk.tf.json'), ' ')],
  ['the stack was deleted', (f: Fixture) => rmSync(join(f.dir, 'cdktf.out', 'stacks', 's'), { recursive: true })],
  [
    "CDKTF's manifest.json was edited (it names the stacks)",
    (f: Fixture) => appendFileSync(join(f.dir, 'cdktf.out', 'manifest.json'), ' '),
  ],
])('%s: the app runs again', async (_what, change) => {
  const f = fixture();
  await f.validate();
  change(f);
  expect((await f.validate()).stderr).toContain('Synthesizing:');
  expect(f.runs()).toBe(2);
});

test('a file edited while the app runs: the next command runs the app again, and sees the edit', async () => {
  const f = fixture();
  writeFileSync(join(f.env.RUNS_FILE, '..', 'edit-while-running'), '');
  await f.validate();
  expect(readFileSync(join(f.dir, 'cdktf.out', 'stacks', 's', 'cdk.tf.json'), 'utf8')).not.toContain('"edited":true');
  expect((await f.validate()).stderr).toContain('Synthesizing:');
  expect(readFileSync(join(f.dir, 'cdktf.out', 'stacks', 's', 'cdk.tf.json'), 'utf8')).toContain('"edited":true');
  expect(f.runs()).toBe(2);
});

test('a link in the folder (its target may change anywhere): never skipped; a linked node_modules does not count', async () => {
  const f = fixture();
  const elsewhere = join(f.env.HOME, '..', 'root.cer');
  writeFileSync(elsewhere, 'one');
  symlinkSync(elsewhere, join(f.dir, 'root.cer'));
  await f.validate();
  await f.validate();
  expect(f.runs()).toBe(2);
  rmSync(join(f.dir, 'root.cer'));
  symlinkSync(join(f.env.HOME, '..'), join(f.dir, 'node_modules'));
  await f.validate();
  expect((await f.validate()).stderr).toContain(SKIPPED);
  expect(f.runs()).toBe(3);
});

test('the environment the app gets is an input: another value runs the app again', async () => {
  const f = fixture();
  await f.validate({ EXTRA_NAME: 'a' });
  expect((await f.validate({ EXTRA_NAME: 'b' })).stderr).toContain('Synthesizing:');
  expect((await f.validate({ EXTRA_NAME: 'b' })).stderr).toContain(SKIPPED);
  expect(f.runs()).toBe(2);
});

test('near misses: node_modules, .terraform and the shell bookkeeping variables do not count', async () => {
  const f = fixture();
  await f.validate({ _: '/usr/bin/npx', SHLVL: '1' });
  mkdirSync(join(f.dir, 'node_modules', 'x'), { recursive: true });
  writeFileSync(join(f.dir, 'node_modules', 'x', 'index.js'), '');
  mkdirSync(join(f.dir, '.terraform'));
  writeFileSync(join(f.dir, '.terraform', 'x'), '');
  expect((await f.validate({ _: '/usr/bin/node', SHLVL: '2', OLDPWD: '/' })).stderr).toContain(SKIPPED);
  expect(f.runs()).toBe(1);
});

test("a manifest and stack from elsewhere (a commit, another machine, a forgery) are not this user's: the app runs", async () => {
  const f = fixture();
  await f.validate();
  // The same folder, output, manifest and environment, on a machine whose key is another.
  rmSync(join(f.env.HOME, '.cache', 'intune-scep', 'synth-key'));
  expect((await f.validate()).stderr).toContain('Synthesizing:');
  expect(f.runs()).toBe(2);

  // A forged manifest: the right shape and digests, a made-up signature.
  const manifest = join(f.dir, 'cdktf.out', '.intune-scep-synth.json');
  const m = JSON.parse(readFileSync(manifest, 'utf8')) as { mac: string };
  writeFileSync(manifest, JSON.stringify({ ...m, mac: 'a'.repeat(64) }));
  expect((await f.validate()).stderr).toContain('Synthesizing:');
  expect(f.runs()).toBe(3);

  // A key file others can read is not a key: nothing is cached with it.
  chmodSync(join(f.env.HOME, '.cache', 'intune-scep', 'synth-key'), 0o644);
  await f.validate();
  expect(f.runs()).toBe(4);
});

test('no home folder, or INTUNE_SCEP_SYNTH=always, or the synth command: the app always runs', async () => {
  const f = fixture();
  const { HOME: _home, ...homeless } = f.env;
  await runCli(['validate'], { cwd: f.dir, env: homeless });
  await runCli(['validate'], { cwd: f.dir, env: homeless });
  expect(f.runs()).toBe(2);
  await f.validate();
  await f.validate({ INTUNE_SCEP_SYNTH: 'always' });
  expect(f.runs()).toBe(4);
  expect((await runCli(['synth'], { cwd: f.dir, env: f.env })).code).toBe(0);
  expect(f.runs()).toBe(5);
  expect((await f.validate()).stderr).toContain(SKIPPED);
  expect(f.runs()).toBe(5);
});

test('a compiled file written while the app runs (a watcher, tsc -w, finishing): the next command runs the app again', async () => {
  // The app runs main.js; a watcher writes the new main.js (from an edited main.ts) while it runs.
  // What the app ran is the old code: the next command must not take its stack for the new one.
  const f = fixture();
  writeFileSync(join(f.dir, 'main.ts'), 'export const name = "NEW NAME";\n');
  writeFileSync(join(f.dir, 'main.js'), 'exports.name = "OLD NAME";\n');
  writeFileSync(
    join(f.dir, 'watcher.js'),
    `require('node:fs').writeFileSync(require('node:path').join(__dirname, 'main.js'), 'exports.name = "NEW NAME";\\n');`,
  );
  writeFileSync(join(f.dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node app.js && node watcher.js' }));
  await f.validate();
  expect((await f.validate()).stderr).toContain('Synthesizing:');
  expect(f.runs()).toBe(2);
});
