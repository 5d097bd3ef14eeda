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

const SKIPPED = "Synthesis skipped: the app's folder, cdktf.json and environment are as at the last synth into cdktf.out";

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

/**
 * An app that compiles into its folder, as `npx tsc && node main.js` does: main.ts to main.js (and
 * its map and declarations), and tsbuildinfo; then runs the APP. SIDE_EFFECT names one more thing
 * it does while it runs (an editor saving a file, say).
 */
const COMPILING_APP = `
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const src = readFileSync(join(__dirname, 'main.ts'), 'utf8');
writeFileSync(join(__dirname, 'main.js'), '// compiled\\n' + src);
writeFileSync(join(__dirname, 'main.js.map'), '{}');
writeFileSync(join(__dirname, 'main.d.ts'), 'export {};');
writeFileSync(join(__dirname, 'tsconfig.tsbuildinfo'), String(Date.now()));
const effect = process.env.SIDE_EFFECT ? join(process.env.RUNS_FILE, '..', 'side-effect-done') : undefined;
if (effect && !existsSync(effect)) {
  writeFileSync(effect, '');
  const [file, text] = process.env.SIDE_EFFECT.split('=');
  writeFileSync(join(__dirname, file), text);
}
`;

function compilingApp(): Fixture {
  const f = fixture();
  writeFileSync(join(f.dir, 'main.ts'), 'export const version = 1;\n');
  writeFileSync(join(f.dir, 'compile.js'), COMPILING_APP);
  writeFileSync(join(f.dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node compile.js && node app.js' }));
  return f;
}

test('an app that compiles into its folder (main.ts to main.js, tsbuildinfo): the next command finds it unchanged', async () => {
  const f = compilingApp();
  expect((await f.validate()).stderr).toContain('Synthesizing:');
  expect((await f.validate()).stderr).toContain(SKIPPED);
  expect(f.runs()).toBe(1);
  // An edit to the source: the app runs once, and the command after finds it unchanged again.
  writeFileSync(join(f.dir, 'main.ts'), 'export const version = 2;\n');
  expect((await f.validate()).stderr).toContain('Synthesizing:');
  expect((await f.validate()).stderr).toContain(SKIPPED);
  expect(f.runs()).toBe(2);
});

test.each([
  ['the TypeScript source beside the output', 'main.ts=export const version = 3;'],
  ['a script with no TypeScript source', 'helper.js=module.exports = 3;'],
  ['a declaration file with no source', 'types.d.ts=export type T = 3;'],
  ['a new TypeScript source', 'extra.ts=export const x = 3;'],
  ['a file of another kind', 'stack.json={"resource":{},"edited":true}'],
])('an app that compiles, and %s edited while it runs: the next command runs the app again', async (_what, effect) => {
  const f = compilingApp();
  await f.validate({ SIDE_EFFECT: effect });
  expect((await f.validate({ SIDE_EFFECT: effect })).stderr).toContain('Synthesizing:');
  expect(f.runs()).toBe(2);
  expect((await f.validate({ SIDE_EFFECT: effect })).stderr).toContain(SKIPPED);
});

test('an app that compiles, and a compiled file removed while it runs: the next command runs the app again', async () => {
  const f = compilingApp();
  writeFileSync(join(f.dir, 'old.ts'), 'export {};');
  writeFileSync(join(f.dir, 'old.js'), '// compiled');
  writeFileSync(
    join(f.dir, 'cdktf.json'),
    JSON.stringify({
      language: 'typescript',
      app: "node compile.js && node -e \"require('fs').rmSync('old.js', {force: true})\" && node app.js",
    }),
  );
  await f.validate();
  expect((await f.validate()).stderr).toContain('Synthesizing:');
  expect(f.runs()).toBe(2);
});
