/**
 * Attacks on the synth cache (lib/cli/synth-cache.ts, commands/synth.ts), session 3 review: ways to
 * make validate/plan/apply use a cdk.tf.json that is not what the checked-out app synthesizes. Same
 * app as test/cli/synth-cache.e2e.test.ts (writes stack.json of its folder as stack "s", counts its
 * runs). Each test states what should hold; on the reviewed code, each fails.
 */
import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { synthApp, WRITE_MANIFEST } from '../helpers/synth-app';

const APP = (source: string, after = '') => `
const { appendFileSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
appendFileSync(process.env.RUNS_FILE, 'run\\n');
const out = join(process.env.CDKTF_OUTDIR, 'stacks', 's');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'cdk.tf.json'), readFileSync(join(__dirname, ${JSON.stringify(source)}), 'utf8'));
${WRITE_MANIFEST('s')}
${after}
`;

const fixture = (app: string, cdktf: Record<string, unknown> = {}) => synthApp({ app, cdktf });

// cdktf's own `cdktf get` writes provider bindings into .gen/ (its default codeMakerOutput), and an
// app imports them; any dot-folder the app reads is as much code as main.ts. A change there (a pull
// request's, or a regenerated binding) is not in the digest: the plan shows the last synth's stack.
test('a change in a dot-folder the app reads (.gen/) runs the app again', async () => {
  const f = fixture(APP('.gen/stack.json'));
  mkdirSync(join(f.dir, '.gen'));
  writeFileSync(join(f.dir, '.gen', 'stack.json'), JSON.stringify({ resource: {} }));
  await f.validate();
  const changed = JSON.stringify({ resource: {}, changed: true });
  writeFileSync(join(f.dir, '.gen', 'stack.json'), changed);
  await f.validate();
  expect(f.stack()).toBe(changed);
});

// The digest recorded is the folder's after the app ran: a source edited while the app runs (an
// editor's save, a `git checkout` in another terminal, a generator) is recorded as synthesized, and
// every later command uses the stack of the old source.
test('a source that changes while the app runs is not recorded as synthesized', async () => {
  const edit = `writeFileSync(join(__dirname, 'stack.json'), JSON.stringify({ resource: {}, edited: true }));`;
  const f = fixture(APP('stack.json', edit));
  await f.validate();
  await f.validate();
  expect(f.stack()).toBe(readFileSync(join(f.dir, 'stack.json'), 'utf8'));
});

// The key is created with O_NOFOLLOW, but read through statSync/readFileSync, which follow links:
// a synth-key that is a symlink to a file whose content the attacker knows (mode 0600 passes; no
// owner check either, so for root any user's file passes) makes the manifest forgeable, and a
// committed or restored cdktf.out with a forged manifest is used without running the app.
test('a key file that is a symbolic link is not a key: a manifest signed with its target is not trusted', async () => {
  const f = fixture(APP('stack.json'));
  const known = 'ab'.repeat(32);
  const keyFile = join(f.env.HOME, '.cache', 'intune-scep', 'synth-key');
  mkdirSync(join(f.env.HOME, '.cache', 'intune-scep'), { recursive: true, mode: 0o700 });
  // A synth with the known key as a plain file gives a record whose inputs are right (the attacker
  // could compute them: the folder is the repository's, the environment the runner's).
  writeFileSync(keyFile, known, { mode: 0o600 });
  await f.validate();
  expect(f.runs()).toBe(1);

  // The attacker's cdktf.out: a stack the app never wrote, its record signed again with the known key,
  // and the key a link to a file holding it.
  const outdir = join(f.dir, 'cdktf.out');
  const forged = JSON.stringify({ resource: {}, forged: true });
  writeFileSync(join(outdir, 'stacks', 's', 'cdk.tf.json'), forged);
  const record = JSON.parse(readFileSync(join(outdir, '.intune-scep-synth.json'), 'utf8')) as {
    inputs: string;
    outputs: { manifest: string; stacks: Record<string, string> };
  };
  const outputs = { ...record.outputs, stacks: { s: createHash('sha256').update(forged).digest('hex') } };
  const mac = createHmac('sha256', Buffer.from(known, 'hex'))
    .update(JSON.stringify({ inputs: record.inputs, manifest: outputs.manifest, stacks: Object.entries(outputs.stacks).sort() }))
    .digest('hex');
  writeFileSync(join(outdir, '.intune-scep-synth.json'), JSON.stringify({ version: 2, inputs: record.inputs, outputs, mac }));
  const target = join(f.base, 'known-key');
  writeFileSync(target, known, { mode: 0o600 });
  rmSync(keyFile);
  symlinkSync(target, keyFile);

  const r = await f.validate();
  expect(r.stderr).toContain('Synthesizing:');
  expect(f.stack()).not.toBe(forged);
});

// Pre-existing, found on the way: synth resolves cdktf.json's "output": "" to the app's folder itself
// (CDKTF_OUTDIR), while locateConfig (stack-config.ts outputDir) takes "" as cdktf.out. A committed
// cdktf.out/stacks/<x>/cdk.tf.json is then what validate/plan/apply use, whatever the app wrote.
test('"output": "": refused before the app runs, so a committed cdktf.out is never what is used', async () => {
  const f = fixture(APP('stack.json'), { output: '' });
  const committed = join(f.dir, 'cdktf.out', 'stacks', 'committed');
  mkdirSync(committed, { recursive: true });
  writeFileSync(
    join(committed, 'cdk.tf.json'),
    JSON.stringify({ resource: { intune_trusted_root_certificate: { planted: { display_name: 'x', platform: 'bogus' } } } }),
  );
  const r = await f.validate();
  expect(f.runs()).toBe(0);
  expect(`${r.stdout}${r.stderr}`).not.toContain('planted');
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: expect.stringContaining(`cdktf.json's "output" is empty`) });
});

// The folder's name is printed in messages: a line break in it printed a forged "Synthesized" line beside
// a rule error (attack review). Refused before the app runs, by synth and by the commands that read it.
test.each(['out\nSynthesized 1 stack(s) into cdktf.out: s', 'out\u001b[2K', 'out\u2028x'])(
  '"output" with a control character (%j): one line naming it, before the app runs',
  async (output) => {
    const f = fixture(APP('stack.json'), { output });
    for (const argv of [['synth'], ['validate']]) {
      const r = await runCli(argv, { cwd: f.dir, env: f.env });
      const where = argv[0];
      expect({ where, code: r.code, stdout: r.stdout }).toEqual({ where, code: 1, stdout: '' });
      expect({ where, stderr: r.stderr }).toEqual({
        where,
        stderr: expect.stringMatching(
          /^Error: cdktf\.json's "output" holds a control character \(".+" at character 4\): name a folder without one, e\.g\. "output": "cdktf\.out"\.\n$/,
        ),
      });
    }
    expect(f.runs()).toBe(0);
  },
);
