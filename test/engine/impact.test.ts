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
