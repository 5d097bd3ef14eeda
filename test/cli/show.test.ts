/**
 * `intune-scep show PLAN-FILE`: a saved plan printed as `plan` printed it, without the config, the
 * state or a tenant, checked as apply checks it. The example workflow's comment job renders the pull
 * request's plan artifact with it, in a job that runs none of the pull request's code.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates } from '../helpers/certificates';
import { runCli } from '../helpers/cli';
import { resealPlan } from '../helpers/plan-files';
import { TENANT_UNREAD } from '../../lib/cli/views/plan';
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
  // A heading stays a heading: only a CI runner's command gets a zero-width space (found by review).
  expect(md.stdout.split('\n')[0]).toMatch(/^### intune-scep plan: /);
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

  // Found by review: the plan file says its mode and targets, and the pull request's code chooses them:
  // a plan targeted at what it does not change showed "No changes" though the code adds a root.
  test('GIVEN a targeted, destroy or refresh-only plan WHEN shown with --verify without those flags THEN it is refused as apply refuses it', async () => {
    for (const [flags, said] of [
      [['--target', 'intune_trusted_root_certificate.root'], 'a plan with --target intune_trusted_root_certificate.root'],
      [['--destroy'], 'a --destroy plan'],
      [['--refresh-only'], 'a --refresh-only plan'],
    ] as const) {
      await plan([...flags, '--out', 'mode.json']);
      const r = await show(['mode.json', '--verify', '--markdown']);
      expect(r).toMatchObject({ code: 1, stdout: '' });
      expect(r.stderr).toContain(`mode.json is ${said}, and this show --verify asks for a plan`);
      expect(r.stderr).toContain('[plan/other-mode]');
      // With the same flags, it is shown.
      expect((await show(['mode.json', '--verify', ...flags])).code).toBe(0);
    }
  });

  test('GIVEN a plan made against the embedded tenant of another folder WHEN shown with --verify or applied here THEN it is refused, and no tenant is made here', async () => {
    await plan(['--out', 'elsewhere.json']);
    const here = mkdtempSync(join(tmpdir(), 'intune-scep-show-here-'));
    writeFileSync(join(here, 'p.json'), readFileSync(join(dir, 'elsewhere.json')));
    writeFileSync(join(here, 'stack.json'), readFileSync(join(dir, 'stack.json')));
    for (const args of [
      ['show', 'p.json', '--verify'],
      ['apply', 'p.json', '--config', 'stack.json'],
    ]) {
      const r = await runCli(args, { cwd: here, env });
      expect(r).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('was made against the embedded mock tenant') });
      expect(existsSync(join(here, '.intune-scep'))).toBe(false);
    }
  });

  test('GIVEN a plan made against one Graph WHEN shown with --verify against another THEN it is refused before anything is read', async () => {
    await plan(['--out', 'graph.json']);
    const r = await show(['graph.json', '--verify', '--graph-url', 'http://127.0.0.1:9']);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toContain('was made against');
  });
});

test('GIVEN a saved plan the impact limit refuses now WHEN shown with --verify THEN it exits 1 with the plan and its errors on stdout, and each error on stderr', async () => {
  const { startMockGraph, DEFAULT_SEED_GROUPS } = await import('../../lib/mock-graph');
  const mock = await startMockGraph({ auth: 'off', throttle: { mode: 'off' }, seedGroups: [...DEFAULT_SEED_GROUPS] });
  try {
    const here = mkdtempSync(join(tmpdir(), 'intune-scep-show-impact-'));
    const doc = JSON.parse(readFileSync(join(dir, 'stack.json'), 'utf8')) as {
      resource: { intune_scep_certificate_profile: Record<string, Record<string, unknown>> };
    };
    writeFileSync(join(here, 'stack.json'), JSON.stringify(doc));
    const at = (args: string[]) => runCli([...args, '--graph-url', mock.url], { cwd: here, env });
    const applied = await at(['apply', '--config', 'stack.json', '--stack', 's', '--auto-approve']);
    expect({ code: applied.code, out: applied.stdout }).toEqual({ code: 0, out: expect.stringContaining('Apply complete!') });
    const state = JSON.parse(readFileSync(join(here, '.intune-scep', 'state', 's.json'), 'utf8')) as {
      resources: Record<string, { id: string }>;
    };
    const id = state.resources['intune_scep_certificate_profile.wifi']?.id as string;
    mock.store.setOverview(id, { device: { successCount: 1204 }, user: { successCount: 1204 } });
    for (const p of Object.values(doc.resource.intune_scep_certificate_profile)) p.renewal_threshold_percentage = 30;
    writeFileSync(join(here, 'stack.json'), JSON.stringify(doc));
    expect((await at(['plan', '--config', 'stack.json', '--stack', 's', '--out', 'p.json'])).code).toBe(0);
    const r = await at(['show', 'p.json', '--verify', '--markdown', '--max-impact-devices', '500']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^> Made again .* It has errors now: apply would apply nothing\./);
    expect(r.stdout).toContain('plan/impact-over-threshold');
    expect(r.stderr).toMatch(/^Error: .*\[plan\/impact-over-threshold\]\n.*\n.*1204 devices/m);
  } finally {
    await mock.close();
  }
});

test('a flag only show --verify reads, given to plain show, is refused rather than ignored', async () => {
  await plan(['--out', 'plain.json']);
  const r = await show(['plain.json', '--max-impact-devices', '500', '--target', 'intune_trusted_root_certificate.root']);
  expect(r).toMatchObject({ code: 1, stdout: '' });
  expect(r.stderr).toContain('--target, --max-impact-devices are for show --verify');
});

test('a synthesized stack, or a plan of a newer format, given as a saved plan: said in words, not a schema message', async () => {
  const stack = await show(['stack.json']);
  expect(stack).toMatchObject({ code: 1, stdout: '' });
  expect(stack.stderr).toContain(
    'stack.json is a synthesized stack (a cdk.tf.json), not a saved plan: "intune-scep plan --out FILE" saves one.',
  );
  await plan(['--out', 'newer.json']);
  const doc = JSON.parse(readFileSync(join(dir, 'newer.json'), 'utf8')) as Record<string, unknown>;
  resealPlan(join(dir, 'newer.json'), { ...doc, intuneScepPlan: 3 });
  const newer = await show(['newer.json']);
  expect(newer.stderr).toContain('newer.json was saved by a newer intune-scep (saved-plan format 3; this one reads format 2)');
  expect(`${stack.stderr}${newer.stderr}`).not.toContain('Invalid input');
});

test('a JSON object that is no saved plan at all ({}): said in words, not a schema message', async () => {
  writeFileSync(join(dir, 'empty.json'), '{}');
  const r = await show(['empty.json']);
  expect(r).toMatchObject({ code: 1, stdout: '' });
  expect(r.stderr).toContain(
    'empty.json is not a plan saved by intune-scep: it has no "intuneScepPlan" field, which every saved plan starts with. "intune-scep plan --out FILE" saves one.',
  );
  expect(r.stderr).not.toContain('Invalid input');
});

describe('a stack that breaks a rule on its own: every view says the tenant was not read', () => {
  let broken: string;
  beforeAll(async () => {
    broken = mkdtempSync(join(tmpdir(), 'intune-scep-unread-'));
    const certs = await testCertificates();
    writeFileSync(join(broken, 'stack.json'), JSON.stringify(cleanStack(certs, { profile: { deployment_channel: 'device' } })));
    writeFileSync(join(broken, 'expiring.json'), JSON.stringify(cleanStack(certs, { root: { certificate: certs.rootExpiringIn30Days } })));
  });
  const inBroken = (args: string[], now = '2026-06-01T00:00:00Z') => runCli(args, { cwd: broken, env: { INTUNE_SCEP_NOW: now } });

  test('plan: the text, the Markdown and the JSON', async () => {
    const text = await inBroken(['plan', '--config', 'stack.json', '--stack', 'unread']);
    expect(text.code).toBe(1);
    expect(text.stdout.trimEnd().split('\n').pop()).toBe(`${TENANT_UNREAD} Fix the stack and plan again.`);
    const md = await inBroken(['plan', '--config', 'stack.json', '--stack', 'unread', '--markdown']);
    expect(md.stdout).toContain(`**Refused**: 1 error, below; this plan cannot be applied. ${TENANT_UNREAD}`);
    // --refresh-only alike: never "State already matches the tenant" of a tenant not read (newcomer review).
    const refresh = await inBroken(['plan', '--config', 'stack.json', '--stack', 'unread', '--refresh-only']);
    expect(refresh.code).toBe(1);
    expect(refresh.stdout).not.toContain('matches');
    expect(refresh.stdout).toContain(TENANT_UNREAD);
    const json = JSON.parse((await inBroken(['plan', '--config', 'stack.json', '--stack', 'unread', '--json'])).stdout) as Record<
      string,
      unknown
    >;
    expect(json.tenant_read).toBe(false);
    // A stack in error only because of the tenant (or none) was read: no such line.
    const clean = await inBroken(['plan', '--config', 'expiring.json', '--stack', 'unread', '--json']);
    expect(JSON.parse(clean.stdout)).not.toHaveProperty('tenant_read');
  });

  test("show --verify of a plan whose root has expired since: the banner does not call the drift the tenant's", async () => {
    expect((await inBroken(['plan', '--config', 'expiring.json', '--stack', 'unread', '--out', 'p.json'])).code).toBe(0);
    const r = await inBroken(['show', 'p.json', '--verify', '--markdown'], '2026-08-01T00:00:00Z');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^> Made again from the saved plan's config: the stack breaks a rule on its own now, so the tenant was not read/,
    );
    expect(r.stdout).not.toContain("the drift are the tenant's now");
    expect(r.stdout).toContain('root/expired');
  });
});
