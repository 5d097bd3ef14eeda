/** Certificate impact as a pure function of the changes, the prior state and the counts Graph reported, and the pipeline's limits. */
import { certificateImpact, checkImpact, type CertificateImpact, type PriorState, type ResourceChange } from '../../lib';

const P = 'intune_scep_certificate_profile.wifi';
const A = 'intune_profile_assignment.wifi_assign';
const prior: PriorState = {
  resources: {
    [P]: { type: 'intune_scep_certificate_profile', id: 'p1', attrs: {}, config: {}, dependencies: [], createBeforeDestroy: true },
    [A]: { type: 'intune_profile_assignment', id: 'p1', attrs: {}, config: {}, dependencies: [P], createBeforeDestroy: true },
  },
  deposed: [],
};
const desired = { config: {}, dependsOn: [], createBeforeDestroy: true };
const update = (changed: string[]): ResourceChange => ({ address: P, type: 'intune_scep_certificate_profile', name: 'wifi', action: 'update', before: {}, after: {}, id: 'p1', desired, changedPaths: changed.map((c) => [c]), replacePaths: [], priorDependencies: [] });
const assignment = (before: Record<string, unknown>, after: Record<string, unknown>): ResourceChange => ({ address: A, type: 'intune_profile_assignment', name: 'wifi_assign', action: 'update', before: { profile_id: 'p1', ...before }, after: { profile_id: 'p1', ...after }, id: 'p1', desired, changedPaths: [], replacePaths: [], priorDependencies: [P] });
const R = 'intune_trusted_root_certificate.root';
const rootChange = (action: 'update' | 'create-then-delete', changed: string[]): ResourceChange =>
  ({ address: R, type: 'intune_trusted_root_certificate', name: 'root', action, before: {}, after: {}, id: 'r1', desired, changedPaths: changed.map((c) => [c]), replacePaths: action === 'update' ? [] : changed.map((c) => [c]), priorDependencies: [] }) as ResourceChange;
/** The tenant's profiles chained to root r1: the stack's and one outside it. */
const chained = (rootId: string) => (rootId === 'r1' ? [{ id: 'p1', name: P }, { id: 'p9', name: '"VPN" (p9, not in this stack)' }] : []);
const counts = new Map([['p1', { devices: 40, users: 30 }]]);
const effects = (changes: ResourceChange[]) => certificateImpact(changes, prior, counts, { 'Wi-Fi Users': 'g1' }, chained).map((i) => `${i.effect} ${i.detail.split(':')[0]}`);

test.each([
  ['a rename and a new description touch no certificate', [update(['display_name', 'description'])], []],
  ['a key size change reissues', [update(['display_name', 'key_size'])], ['reissue changed in place (key_size)']],
  ['a group removed takes certificates away, by the group name the plan resolved', [assignment({ include_group_ids: ['g1', 'g2'] }, { include_group_ids: ['g1'] })], ['remove group g2 removed']],
  ['a group added takes nothing away', [assignment({ include_group_ids: ['g1'] }, { include_group_ids: ['g1', 'g2'] })], []],
  ['an excluded group', [assignment({ include_group_ids: ['g2'] }, { include_group_ids: ['g2'], exclude_group_ids: ['g1'] })], ['remove group "Wi-Fi Users" excluded']],
  ['all devices turned off', [assignment({ all_devices: true }, { all_devices: false })], ['remove all devices removed']],
  ['a filter added', [assignment({ include_group_ids: ['g1'] }, { include_group_ids: ['g1'], filters: [{ target: 'g1', filter_id: 'f', mode: 'include' }] })], ['remove filter added or changed (include on "Wi-Fi Users")']],
  ['an assignment set moved to another profile', [{ ...assignment({ include_group_ids: ['g1'] }, { include_group_ids: ['g1'] }), after: { profile_id: 'p2', include_group_ids: ['g1'] } } as ResourceChange], ['remove the assignment set moves to another profile']],
  ["a root's certificate changed in place: every profile chained to it", [rootChange('update', ['certificate'])], ['remove the trusted root intune_trusted_root_certificate.root, which intune_scep_certificate_profile.wifi chains to, its certificate changes in place', 'remove the trusted root intune_trusted_root_certificate.root, which "VPN" (p9, not in this stack) chains to, its certificate changes in place']],
  ["a root's name changed: nothing", [rootChange('update', ['display_name'])], []],
  ['a root replaced: the chained profiles, unless their own change says it', [rootChange('create-then-delete', ['platform']), update(['root_certificate_id'])], ['reissue changed in place (root_certificate_id)', 'remove the trusted root intune_trusted_root_certificate.root, which "VPN" (p9, not in this stack) chains to, it is replaced']],
] as [string, ResourceChange[], string[]][])('%s', (_name, changes, expected) => {
  expect(effects(changes)).toEqual(expected);
});

const impact = (profile: string, devices?: number): CertificateImpact => ({ address: profile, profile, effect: 'reissue', detail: '', ...(devices !== undefined ? { devices } : {}), unavailable: devices === undefined ? 'reading it answered 403' : undefined });

test('limits: each profile counted once, the sum against the limit, an unknown count refused', () => {
  const twice = [impact(P, 600), { ...impact(P, 600), address: A }];
  expect(checkImpact(twice, { devices: 600 })).toEqual([]);
  expect(checkImpact([...twice, impact('intune_scep_certificate_profile.vpn', 1)], { devices: 600 }).map((d) => d.code)).toEqual(['plan/impact-over-threshold']);
  expect(checkImpact([impact(P)], { devices: 1_000_000 })[0]?.detail).toContain('did not report how many devices hold it (reading it answered 403)');
  expect(checkImpact([impact(P)], { users: 5 })[0]?.detail).toContain('users');
  expect(checkImpact([impact(P, 10)], {})).toEqual([]);
});

describe('platforms whose certificates Intune does not report or revoke (AOSP, Android Enterprise device owner)', () => {
  const aospPrior: PriorState = {
    resources: {
      [P]: { ...(prior.resources[P] as PriorState['resources'][string]), attrs: { platform: 'aosp' } },
      [A]: prior.resources[A] as PriorState['resources'][string],
    },
    deposed: [],
  };
  const aospUpdate: ResourceChange = { ...update(['key_size']), before: { platform: 'aosp' } } as ResourceChange;
  // Graph's overview of such a profile counts nothing; a count that is there anyway is not read.
  const reported = new Map([['p1', { devices: 0, users: 0 }], ['p9', { devices: 3, users: 3 }]]);

  test('a change in place: no counts, the reason instead, and the words say the old certificates stay valid', () => {
    const [i] = certificateImpact([aospUpdate], aospPrior, reported);
    expect(i).toEqual({ address: P, profile: P, effect: 'reissue', detail: expect.stringContaining('Intune does not revoke certificates on Android (AOSP)'), unreported: expect.stringContaining('Android (AOSP)') });
    expect(i?.detail).not.toContain('Intune revokes');
  });

  test('an assignment narrowed: removed, not revoked', () => {
    const [i] = certificateImpact([assignment({ include_group_ids: ['g1', 'g2'] }, { include_group_ids: ['g1'] })], aospPrior, reported);
    expect(i?.detail).toContain('removed, not revoked');
    expect(i?.unreported).toContain('Android (AOSP)');
    expect(i).not.toHaveProperty('devices');
  });

  test('a deletion: removed from devices, not revoked', () => {
    const del = { address: P, type: 'intune_scep_certificate_profile', name: 'wifi', action: 'delete', before: { platform: 'android_device_owner' }, after: null, id: 'p1', changedPaths: [], replacePaths: [], priorDependencies: [] } as ResourceChange;
    const [i] = certificateImpact([del], prior, reported);
    expect(i?.detail).toMatch(/^deleted: Intune removes the certificates .* stay valid: Intune does not revoke certificates on Android Enterprise fully managed/);
    expect(i?.unreported).toBeDefined();
  });

  test("a root's change names a device-owner profile outside the stack as unreported (its @odata.type)", () => {
    const outside = (rootId: string) => (rootId === 'r1' ? [{ id: 'p9', name: '"Kiosk" (p9, not in this stack)', odataType: '#microsoft.graph.aospDeviceOwnerScepCertificateProfile' }] : []);
    const [i] = certificateImpact([rootChange('update', ['certificate'])], prior, reported, {}, outside);
    expect(i).toEqual(expect.objectContaining({ profile: '"Kiosk" (p9, not in this stack)', unreported: expect.stringContaining('Android (AOSP)') }));
    expect(i).not.toHaveProperty('devices');
  });

  test('a limit refuses an unreported profile with the platform reason (no permission hint); --accept-unreported-impact accepts it and still counts the rest', () => {
    const unreported: CertificateImpact = { address: P, profile: P, effect: 'reissue', detail: '', unreported: "certificate reporting isn't available for Android (AOSP), user-affinity and userless SCEP profiles" };
    const [d] = checkImpact([unreported], { devices: 10 });
    expect(d?.code).toBe('plan/impact-unreported');
    expect(d?.detail).toContain('Android (AOSP)');
    expect(d?.detail).toContain('--accept-unreported-impact');
    expect(d?.detail).not.toContain('permission');
    expect(checkImpact([unreported], { users: 10 }).map((x) => x.code)).toEqual(['plan/impact-unreported']);
    expect(checkImpact([unreported], {})).toEqual([]);
    expect(checkImpact([unreported], { devices: 10, acceptUnreported: true })).toEqual([]);
    expect(checkImpact([unreported, impact('intune_scep_certificate_profile.vpn', 11)], { devices: 10, acceptUnreported: true }).map((x) => x.code)).toEqual(['plan/impact-over-threshold']);
  });
});
