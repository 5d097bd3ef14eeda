/**
 * --max-impact-devices counts every change that takes certificates away (review of issues 24/29, F1 and
 * F3): the CLI (its `run`, in this process) against a mock server process whose overview says 700 devices
 * hold the profile (PATCHed as Intune's report would say it). A removed assignment set, a set moved to
 * another profile, and an exclusive set created from another stack for a profile that has assignments are
 * refused under --max-impact-devices 10, the refused plan shows the resource diff, and state and the
 * tenant's assignments stay as they were.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { serveMockProcess, runCliAsBin } from '../helpers/cli';
import { cleanStack, ref, synth, windowsUserProfile } from '../helpers/stacks';

let certs: TestCertificates;
let server: { url: string; stop: () => Promise<void> };
beforeAll(async () => {
  certs = await testCertificates();
  server = await serveMockProcess(['--memory', '--auth', 'off']);
});
afterAll(() => server.stop());

jest.setTimeout(120_000);

const env = { INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z', CI: 'true' };
type Doc = { resource: Record<string, Record<string, Record<string, unknown>>> };
const CONFIGURATIONS = () => `${server.url}/beta/deviceManagement/deviceConfigurations`;

/** The clean stack and a second profile Q with no assignments. */
function stack(): Doc {
  const d = cleanStack(certs) as Doc;
  d.resource.intune_scep_certificate_profile!.q = windowsUserProfile({ display_name: 'Q' });
  return d;
}

/** 700 devices and users hold the profile, as Intune's report would say (Microsoft documents PATCH on the overview). */
async function hold(id: string, n: number): Promise<void> {
  for (const o of ['deviceStatusOverview', 'userStatusOverview']) {
    const r = await fetch(`${CONFIGURATIONS()}/${id}/${o}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ successCount: n }),
    });
    expect(r.status).toBe(204);
  }
}

async function groupsOf(id: string): Promise<string[]> {
  const body = (await (await fetch(`${CONFIGURATIONS()}/${id}/assignments`)).json()) as { value: { target: { groupId?: string } }[] };
  return body.value.map((a) => String(a.target.groupId)).sort();
}

describe('a profile 700 devices hold, under --max-impact-devices 10', () => {
  let work: string;
  let wifi: string;
  const run = (args: string[], cwd = work) =>
    runCliAsBin([...args, '--config', 'stack.json', '--stack', 'p', '--graph-url', server.url], { cwd, env });
  const stateText = () => readFileSync(join(work, '.intune-scep', 'state', 'p.json'), 'utf8');

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'intune-scep-impact-limits-'));
    writeFileSync(join(work, 'stack.json'), JSON.stringify(stack()));
    const first = await run(['apply', '--auto-approve']);
    expect({ code: first.code, stderr: first.code === 0 ? '' : first.stderr }).toEqual({ code: 0, stderr: '' });
    wifi = (JSON.parse(stateText()) as { resources: Record<string, { id: string }> }).resources['intune_scep_certificate_profile.wifi']
      ?.id as string;
    await hold(wifi, 700);
  });

  test.each([
    [
      'F1: the assignment set removed from the stack',
      (d: Doc) => void delete d.resource.intune_profile_assignment?.wifi_assign,
      'the assignment set is removed',
    ],
    [
      'F1: the assignment set moved to another profile',
      (d: Doc) => void (d.resource.intune_profile_assignment!.wifi_assign!.profile_id = ref('intune_scep_certificate_profile.q')),
      'the assignment set moves to another profile',
    ],
  ])('%s: plan and apply refuse it, the refused plan shows the diff, nothing changes', async (_name, edit, words) => {
    const d = stack();
    edit(d);
    writeFileSync(join(work, 'stack.json'), JSON.stringify(d));
    const state = stateText();
    const groups = await groupsOf(wifi);

    const plan = await run(['plan', '--max-impact-devices', '10']);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain(`intune_profile_assignment.wifi_assign ${words}`);
    expect(plan.stdout).toContain('700 devices and 700 users hold intune_scep_certificate_profile.wifi now');
    expect(plan.stdout).toContain('plan/impact-over-threshold');
    expect(plan.stdout).toContain('held by 700 devices (intune_scep_certificate_profile.wifi: 700), more than --max-impact-devices 10');
    // The reviewer sees what was refused: the resource diff, as an unlimited plan shows it.
    expect(plan.stdout).toContain('# intune_profile_assignment.wifi_assign ');
    expect(plan.stdout).toMatch(/Plan: \d+ to add, \d+ to change, \d+ to destroy\./);

    const apply = await run(['apply', '--auto-approve', '--max-impact-devices', '10']);
    expect(apply.code).toBe(1);
    expect(apply.stdout + apply.stderr).toContain('plan/impact-over-threshold');
    expect(stateText()).toBe(state);
    expect(await groupsOf(wifi)).toEqual(groups);
  });

  test('F3: an exclusive set created from another stack for the profile replaces its assignments: refused, the tenant keeps them', async () => {
    const other = join(work, 'other');
    mkdirSync(other, { recursive: true });
    writeFileSync(
      join(other, 'stack.json'),
      JSON.stringify(synth({ assignments: { a: { profile_id: wifi, include_group_names: ['VPN Users'] } } })),
    );
    const groups = await groupsOf(wifi);
    const plan = await run(['plan', '--max-impact-devices', '10'], other);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('# intune_profile_assignment.a will be created');
    expect(plan.stdout).toContain(
      `intune_profile_assignment.a the new assignment set replaces the profile's assignments (group "Wi-Fi Users" removed)`,
    );
    expect(plan.stdout).toContain(`"Wi-Fi user certificate" (${wifi}, not in this stack)`);
    expect(plan.stdout).toContain('plan/impact-over-threshold');
    const apply = await run(['apply', '--auto-approve', '--max-impact-devices', '10'], other);
    expect(apply.code).toBe(1);
    expect(await groupsOf(wifi)).toEqual(groups);
  });
});
