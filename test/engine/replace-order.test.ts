/**
 * Delete-first replacements (lifecycle.create_before_destroy = false) with dependants, for every
 * resource type: each applies and converges, or the plan is refused with plan/replace-order. Before
 * the apply graph deleted a dependant's old object before its dependency's, every case below ended
 * with every step "not attempted ... (a cycle)".
 */
import { applyStack, planStack, type Plan } from '../../lib';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { configOf, engineFixture, type EngineFixture } from '../helpers/engine';
import { ref, synth, type Attrs } from '../helpers/stacks';

let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
});
let f: EngineFixture;
beforeEach(async () => {
  f = await engineFixture();
});
afterEach(() => f.close());

const DELETE_FIRST = { lifecycle: { create_before_destroy: false } };

function stack(o: { platform: string; assignedTo?: string; profileOver?: Attrs }): Record<string, unknown> {
  const scep = (name: string): Attrs => ({
    display_name: `SCEP ${name}`,
    platform: o.platform,
    root_certificate_id: ref('intune_trusted_root_certificate.root'),
    certificate_type: 'device',
    subject_name_format: 'CN={{AAD_Device_ID}}',
    scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
    ...DELETE_FIRST,
    ...o.profileOver,
  });
  return synth({
    roots: { root: { display_name: 'Root', platform: o.platform, certificate: certs.root, ...DELETE_FIRST } },
    profiles: { a: scep('a'), b: scep('b') },
    assignments: {
      root_assign: { profile_id: ref('intune_trusted_root_certificate.root'), include_group_names: ['Wi-Fi Users'], ...DELETE_FIRST },
      set: {
        profile_id: ref(`intune_scep_certificate_profile.${o.assignedTo ?? 'a'}`),
        include_group_names: ['Wi-Fi Users'],
        ...DELETE_FIRST,
      },
    },
  });
}

const actions = (plan: Plan) => plan.changes.filter((c) => c.action !== 'no-op').map((c) => `${c.action} ${c.address}`);

interface Case {
  readonly from: () => Record<string, unknown>;
  readonly to: () => Record<string, unknown>;
  readonly planned: string[];
}

const CASES: Record<string, Case> = {
  'a trusted root with SCEP profiles and assignment sets on it (platform change)': {
    from: () => stack({ platform: 'android_work_profile' }),
    to: () => stack({ platform: 'android_device_owner' }),
    planned: [
      'delete-then-create intune_profile_assignment.root_assign',
      'delete-then-create intune_profile_assignment.set',
      'delete-then-create intune_scep_certificate_profile.a',
      'delete-then-create intune_scep_certificate_profile.b',
      'delete-then-create intune_trusted_root_certificate.root',
    ],
  },
  'a SCEP profile with an assignment set on it (macOS channel change)': {
    from: () =>
      stack({
        platform: 'macos',
        profileOver: { certificate_type: 'user', subject_name_format: 'CN={{UserPrincipalName}}', deployment_channel: 'device' },
      }),
    to: () =>
      stack({
        platform: 'macos',
        profileOver: { certificate_type: 'user', subject_name_format: 'CN={{UserPrincipalName}}', deployment_channel: 'user' },
      }),
    planned: [
      'delete-then-create intune_profile_assignment.set',
      'delete-then-create intune_scep_certificate_profile.a',
      'delete-then-create intune_scep_certificate_profile.b',
    ],
  },
  'an assignment set moved to another profile': {
    from: () => stack({ platform: 'windows', assignedTo: 'a' }),
    to: () => stack({ platform: 'windows', assignedTo: 'b' }),
    planned: ['delete-then-create intune_profile_assignment.set'],
  },
};

test.each(Object.entries(CASES))('delete first: %s applies and converges', async (_name, c) => {
  const first = await applyStack(f.ctx, { config: configOf(c.from()) });
  expect('errors' in first && first.errors).toEqual([]);
  const plan = await planStack(f.ctx, configOf(c.to()));
  expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(actions(plan)).toEqual(c.planned);
  const r = await applyStack(f.ctx, { config: configOf(c.to()) });
  expect('errors' in r && r.errors).toEqual([]);
  expect(actions(await planStack(f.ctx, configOf(c.to())))).toEqual([]);
  // Exactly the stack's objects: a root and two profiles, each once.
  expect([...f.mock.store.configurations.values()].map((e) => String(e.displayName)).sort()).toEqual(['Root', 'SCEP a', 'SCEP b']);
});

test('a delete-first root replacement under a profile that stays (ignore_changes on its platform) is refused with plan/replace-order, and nothing is applied', async () => {
  await applyStack(f.ctx, { config: configOf(stack({ platform: 'android_work_profile' })) });
  const before = JSON.stringify([...f.mock.store.configurations.entries()]);
  // The profiles' platform changes too, but is ignored: they stay, updated to the new root.
  const to = stack({
    platform: 'android_device_owner',
    profileOver: { lifecycle: { create_before_destroy: false, ignore_changes: ['platform'] } },
  });
  const r = await applyStack(f.ctx, { config: configOf(to) });
  expect('blocked' in r).toBe(true);
  const refusal = r.plan.diagnostics.filter((d) => d.code === 'plan/replace-order');
  expect(refusal.map((d) => `${d.severity} ${d.address}`)).toEqual(['error intune_trusted_root_certificate.root']);
  expect(refusal[0]?.detail).toContain('intune_scep_certificate_profile.a, intune_scep_certificate_profile.b stay and reference it');
  expect(JSON.stringify([...f.mock.store.configurations.entries()])).toBe(before);
});
