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
import { resealPlan } from '../helpers/plan-files';
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

describe('show --verify: the plan made again from its config against the state and the tenant, as the comment job shows it', () => {
  // The plan job runs the pull request's code, which writes the plan file as it likes: anything apply
  // does not check (names, impact, warnings, drift) was the pull request's word (found by review).
  const forgeNames = (file: string, to: string) => {
    const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { plan: { names: { groups: Record<string, string> } } };
    for (const id of Object.keys(doc.plan.names.groups)) doc.plan.names.groups[id] = to;
    resealPlan(join(dir, file), doc);
  };

  test("GIVEN a saved plan whose group names were rewritten (digest sealed again) WHEN shown with --verify THEN the names are the tenant's, and the rest is what plan prints now", async () => {
    await plan(['--out', 'names.json']);
    forgeNames('names.json', 'Pilot devices (5)');
    expect((await show(['names.json', '--markdown'])).stdout).toContain('Pilot devices (5)');
    const verified = await show(['names.json', '--markdown', '--verify', '--detailed-exitcode']);
    expect(verified).toMatchObject({ code: 2, stderr: expect.stringContaining('Refreshed') });
    expect(verified.stdout).not.toContain('Pilot devices');
    const [note, ...rest] = verified.stdout.split('\n\n');
    expect(note).toMatch(
      /^> Made again from the saved plan's config against the state and the tenant as they are now: apply makes exactly these changes or none\. The certificate impact, the names, the warnings and the drift are the tenant's now\./,
    );
    expect(rest.join('\n\n')).toBe((await plan(['--markdown'])).stdout);
  });

  test('GIVEN a saved plan the tenant has moved past WHEN shown with --verify THEN it is refused in one line, and nothing of it is printed', async () => {
    const moved = mkdtempSync(join(tmpdir(), 'intune-scep-show-moved-'));
    writeFileSync(join(moved, 'stack.json'), readFileSync(join(dir, 'stack.json')));
    const at = (args: string[]) => runCli(args, { cwd: moved, env });
    await at(['plan', '--config', 'stack.json', '--out', 'p.json']);
    expect((await at(['apply', '--config', 'stack.json', '--auto-approve'])).code).toBe(0);
    const r = await at(['show', 'p.json', '--markdown', '--verify']);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toMatch(/^Error: .*stale/m);
  });

  test('GIVEN a plan made against one Graph WHEN shown with --verify against another THEN it is refused before anything is read', async () => {
    await plan(['--out', 'graph.json']);
    const r = await show(['graph.json', '--verify', '--graph-url', 'http://127.0.0.1:9']);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toContain('was made against');
  });
});
