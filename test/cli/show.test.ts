/**
 * `intune-scep show PLAN-FILE`: a saved plan printed as `plan` printed it, without the config, the
 * state or a tenant, checked as apply checks it. The example workflow's comment job renders the pull
 * request's plan artifact with it, in a job that runs none of the pull request's code.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates } from '../helpers/certificates';
import { runCli } from '../helpers/cli';
import { cleanStack } from '../helpers/stacks';

const env = { INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z' };
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intune-scep-show-'));
  writeFileSync(join(dir, 'stack.json'), JSON.stringify(cleanStack(await testCertificates())));
});

const plan = (args: string[]) => runCli(['plan', '--config', 'stack.json', '--stack', 'show', ...args], { cwd: dir, env });
const show = (args: string[]) => runCli(['show', ...args], { cwd: dir, env });

test('the Markdown, JSON and text of a saved plan are what plan printed when it saved it; exit 2 when it changes something', async () => {
  const md = await plan(['--markdown', '--detailed-exitcode', '--out', 'plan.json']);
  expect(md.code).toBe(2);
  const shown = await show(['plan.json', '--markdown', '--detailed-exitcode']);
  expect(shown).toMatchObject({ code: 2, stderr: '' });
  // What apply does not check of the file is said to be the saving job's word (found by review).
  const [note, ...rest] = shown.stdout.split('\n\n');
  expect(note).toMatch(
    /^> Shown from a saved plan: apply makes exactly these changes or none\. The certificate impact, the names, the warnings and the drift are as the job that saved it reported them/,
  );
  expect(rest.join('\n\n')).toBe(md.stdout);
  expect((await show(['plan.json', '--json'])).stdout).toBe((await plan(['--json'])).stdout);
  const text = await show(['plan.json']);
  expect(text.code).toBe(0);
  expect(text.stdout).toContain('Plan: 4 to add, 0 to change, 0 to destroy.');
});

test('a file that is not a saved plan, or one edited after it was saved, is refused in one line, and nothing is printed of it', async () => {
  writeFileSync(join(dir, 'not-a-plan.json'), '{"hello": 1}');
  const r = await show(['not-a-plan.json', '--markdown']);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain('not-a-plan.json');
  await plan(['--out', 'edited.json']);
  const saved = JSON.parse(readFileSync(join(dir, 'edited.json'), 'utf8')) as { plan: { changes: unknown[] } };
  saved.plan.changes = [];
  writeFileSync(join(dir, 'edited.json'), JSON.stringify(saved));
  const edited = await show(['edited.json', '--markdown']);
  expect(edited.code).toBe(1);
  expect(edited.stdout).toBe('');
  expect((await show(['missing.json'])).stderr).toContain('missing.json: no such file');
});
