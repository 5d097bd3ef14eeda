/**
 * Tenant rules, table-tested without a server: each takes a resource and the facts a caller looked up
 * in Graph (TenantFacts), so a case is the stack plus the groups the tenant holds. Every tenant rule
 * with a check has cases that trigger it and near misses that do not.
 */
import { Expression, RULES, runTenantRules, type TenantFacts, type TenantFilter, type TenantGroup, type TenantRule } from '../../lib';

const WIFI: TenantGroup = { id: '1c7a8d2f-6b3e-4f9c-8d4a-2e3f4a5b6c71', displayName: 'Wi-Fi Users', deviceGroup: undefined };
const DEVICES: TenantGroup = { id: '0b6f7c1e-5a2d-4e8b-9c3f-1d2e3f4a5b60', displayName: 'Corporate Devices', deviceGroup: true };
const USERS: TenantGroup = { id: '2d8b9e3a-7c4f-4a0d-9e5b-3f4a5b6c7d82', displayName: 'Sales (dynamic)', deviceGroup: false };
const TWIN_A: TenantGroup = { id: '3e9c0f4b-8d5a-4b1e-af6c-4a5b6c7d8e93', displayName: 'Twins', deviceGroup: undefined };
const TWIN_B: TenantGroup = { id: '4fad1a5c-9e6b-4c2f-b07d-5b6c7d8e9fa4', displayName: 'Twins', deviceGroup: undefined };
const GROUPS = [WIFI, DEVICES, USERS, TWIN_A, TWIN_B];

const CORP_IOS: TenantFilter = { id: 'a1b2c3d4-0000-4000-8000-000000000001', displayName: 'Corporate iPhones', platform: 'iOS' };
const WIN11: TenantFilter = { id: 'a1b2c3d4-0000-4000-8000-000000000002', displayName: 'Windows 11', platform: 'windows10AndLater' };
const PILOT_A: TenantFilter = { id: 'a1b2c3d4-0000-4000-8000-000000000003', displayName: 'Pilot', platform: 'iOS' };
const PILOT_B: TenantFilter = { id: 'a1b2c3d4-0000-4000-8000-000000000004', displayName: 'Pilot', platform: 'iOS' };
const FILTERS = [CORP_IOS, WIN11, PILOT_A, PILOT_B];

const facts = (names: readonly string[], ids: readonly string[]): TenantFacts => ({
  filters: FILTERS,
  groupsByName: new Map(names.map((n) => [n, GROUPS.filter((g) => g.displayName.toLowerCase() === n.toLowerCase())])),
  groupsById: new Map(ids.map((id) => [id.toLowerCase(), GROUPS.find((g) => g.id === id.toLowerCase())])),
});

/**
 * Findings of one rule on an assignment set with these attributes, of a profile with `profileAttrs`
 * (an iOS one by default); with `rootAttrs`, the profile's trusted root is in the stack, assigned so.
 */
function findings(
  id: string,
  attrs: Record<string, unknown>,
  profileAttrs: Record<string, unknown> = { platform: 'ios' },
  rootAttrs?: Record<string, unknown>,
): string[] {
  // What the caller looks up: the text in the lists (an expression is no name yet).
  const sets = [attrs, ...(rootAttrs ? [rootAttrs] : [])];
  const text = (keys: string[]) =>
    sets.flatMap((set) => keys.flatMap((k) => (set[k] as unknown[] | undefined) ?? [])).filter((v): v is string => typeof v === 'string');
  const names = text(['include_group_names', 'exclude_group_names']);
  const ids = text(['include_group_ids', 'exclude_group_ids']);
  const resource = {
    address: 'intune_profile_assignment.a',
    type: 'intune_profile_assignment' as const,
    name: 'a',
    attrs: { profile_id: '${intune_scep_certificate_profile.p.id}', ...attrs },
  };
  // The assigned profile (an iOS one) is in the stack: the filter platform rule reads its platform.
  const profile = {
    address: 'intune_scep_certificate_profile.p',
    type: 'intune_scep_certificate_profile' as const,
    name: 'p',
    attrs: { root_certificate_id: '${intune_trusted_root_certificate.root.id}', ...profileAttrs },
  };
  const root = rootAttrs
    ? [
        {
          address: 'intune_trusted_root_certificate.root',
          type: 'intune_trusted_root_certificate' as const,
          name: 'root',
          attrs: { platform: profileAttrs.platform },
        },
        {
          address: 'intune_profile_assignment.root',
          type: 'intune_profile_assignment' as const,
          name: 'root_set',
          attrs: { profile_id: '${intune_trusted_root_certificate.root.id}', ...rootAttrs },
        },
      ]
    : [];
  return runTenantRules([resource, profile, ...root], facts(names, ids))
    .filter((d) => d.address === resource.address)
    .filter((d) => d.code === id)
    .map((d) => `${d.severity} ${d.path.join('.')}`);
}

interface Cases {
  triggers: Record<
    string,
    { attrs: Record<string, unknown>; profile?: Record<string, unknown>; root?: Record<string, unknown>; expect: string[] }
  >;
  passes: Record<
    string,
    Record<string, unknown> | { attrs: Record<string, unknown>; profile: Record<string, unknown>; root?: Record<string, unknown> }
  >;
}

const TABLE: Record<string, Cases> = {
  'assignment/group-not-found': {
    triggers: {
      'a name no group has': { attrs: { include_group_names: ['Wi-Fi Users', 'Nobody'] }, expect: ['error include_group_names.1'] },
      'an id no group has': {
        attrs: { exclude_group_ids: ['ffffffff-0000-4000-8000-000000000000'] },
        expect: ['error exclude_group_ids.0'],
      },
      // Values are text: a name that reads like an interpolation is a name to look up, not an expression.
      'text that reads like an expression': {
        attrs: { include_group_names: ['${azuread_group.g.display_name}'] },
        expect: ['error include_group_names.0'],
      },
    },
    passes: {
      'a name with one group, in another case': { include_group_names: ['wi-fi users'] },
      'an id in upper case': { include_group_ids: [WIFI.id.toUpperCase()] },
      'an expression (known only at apply)': { include_group_ids: [new Expression('${azuread_group.g.id}')] },
    },
  },
  'assignment/group-ambiguous': {
    triggers: { 'a name two groups have': { attrs: { exclude_group_names: ['Twins'] }, expect: ['error exclude_group_names.0'] } },
    passes: { 'one of the twins by id': { exclude_group_ids: [TWIN_A.id] }, 'a unique name': { include_group_names: ['Wi-Fi Users'] } },
  },
  'assignment/device-group-delay': {
    triggers: {
      'only a device group, by name': { attrs: { include_group_names: ['Corporate Devices'] }, expect: ['warning include_group_ids'] },
      'only a device group, by id': { attrs: { include_group_ids: [DEVICES.id] }, expect: ['warning include_group_ids'] },
      'a user certificate on AOSP: its devices have users': {
        attrs: { include_group_names: ['Corporate Devices'] },
        profile: { platform: 'aosp', certificate_type: 'user' },
        expect: ['warning include_group_ids'],
      },
    },
    passes: {
      'a device group and a users group': { include_group_names: ['Corporate Devices', 'Wi-Fi Users'] },
      'a device group and all users': { include_group_ids: [DEVICES.id], all_users: true },
      'a device group excluded only': { exclude_group_ids: [DEVICES.id], include_group_names: ['Wi-Fi Users'] },
      suppressed: { include_group_ids: [DEVICES.id], suppress_warnings: ['assignment/device-group-delay'] },
      // Dedicated and userless devices have no user: a device group is the only way to reach them.
      'an AOSP kiosk device certificate': {
        attrs: { include_group_names: ['Corporate Devices'] },
        profile: { platform: 'aosp', certificate_type: 'device' },
      },
      'an Android Enterprise device-owner device certificate': {
        attrs: { include_group_ids: [DEVICES.id] },
        profile: { platform: 'android_device_owner', certificate_type: 'device' },
      },
      // Machine 802.1X: a device certificate belongs in device groups.
      'a Windows device certificate': {
        attrs: { include_group_ids: [DEVICES.id] },
        profile: { platform: 'windows', certificate_type: 'device' },
      },
    },
  },
  // The troubleshooting guide's matrix for groups whose kind the tenant says (dynamic groups).
  'assignment/root-device-targeted': {
    triggers: {
      'a dynamic user group, root to all devices': {
        attrs: { include_group_names: ['Sales (dynamic)'] },
        profile: { platform: 'windows', certificate_type: 'user' },
        root: { all_devices: true },
        expect: ['error include_group_names.0'],
      },
      'all users, root to a dynamic device group': {
        attrs: { all_users: true },
        profile: { platform: 'windows', certificate_type: 'user' },
        root: { include_group_ids: [DEVICES.id] },
        expect: ['error all_users'],
      },
    },
    passes: {
      'root to the users too': {
        attrs: { include_group_ids: [USERS.id] },
        profile: { platform: 'windows', certificate_type: 'user' },
        root: { all_devices: true, include_group_ids: [USERS.id] },
      },
      'a static group (users or devices)': {
        attrs: { include_group_names: ['Wi-Fi Users'] },
        profile: { platform: 'windows', certificate_type: 'user' },
        root: { all_devices: true },
      },
      'all users and all devices (assignment/root-target-kind speaks)': {
        attrs: { all_users: true },
        profile: { platform: 'windows', certificate_type: 'user' },
        root: { all_devices: true },
      },
      'no root assignment in the stack': {
        attrs: { include_group_ids: [USERS.id] },
        profile: { platform: 'windows', certificate_type: 'user' },
      },
    },
  },
  'assignment/filter-not-found': {
    triggers: {
      'a name no filter has': {
        attrs: { all_devices: true, filters: [{ all_devices: true, filter_name: 'Nope', mode: 'include' }] },
        expect: ['error filters.0.filter_name'],
      },
      'an id no filter has': {
        attrs: {
          include_group_ids: [WIFI.id],
          filters: [{ group_id: WIFI.id, filter_id: 'ffffffff-0000-4000-8000-000000000000', mode: 'exclude' }],
        },
        expect: ['error filters.0.filter_id'],
      },
    },
    passes: {
      'a name with one filter': { all_users: true, filters: [{ all_users: true, filter_name: 'Corporate iPhones', mode: 'include' }] },
      'an id in upper case': { all_users: true, filters: [{ all_users: true, filter_id: CORP_IOS.id.toUpperCase(), mode: 'include' }] },
    },
  },
  'assignment/filter-ambiguous': {
    triggers: {
      'a name two filters have': {
        attrs: { all_users: true, filters: [{ all_users: true, filter_name: 'Pilot', mode: 'include' }] },
        expect: ['error filters.0.filter_name'],
      },
    },
    passes: { 'one of the twins by id': { all_users: true, filters: [{ all_users: true, filter_id: PILOT_B.id, mode: 'include' }] } },
  },
  'assignment/filter-platform-mismatch': {
    triggers: {
      'a Windows filter on an iOS profile, by name': {
        attrs: { all_devices: true, filters: [{ all_devices: true, filter_name: 'Windows 11', mode: 'include' }] },
        expect: ['error filters.0.filter_name'],
      },
      'a Windows filter on an iOS profile, by id': {
        attrs: { all_devices: true, filters: [{ all_devices: true, filter_id: WIN11.id, mode: 'exclude' }] },
        expect: ['error filters.0.filter_id'],
      },
    },
    passes: {
      'an iOS filter on an iOS profile': {
        all_devices: true,
        filters: [{ all_devices: true, filter_name: 'Corporate iPhones', mode: 'include' }],
      },
      'an unknown filter (filter-not-found speaks)': {
        all_devices: true,
        filters: [{ all_devices: true, filter_name: 'Nope', mode: 'include' }],
      },
    },
  },
};

test('every tenant rule with a check has cases', () => {
  const checked = RULES.filter((r): r is TenantRule => r.kind === 'tenant' && r.check !== undefined)
    .map((r) => r.id)
    .sort();
  expect(Object.keys(TABLE).sort()).toEqual(checked);
});

describe.each(Object.entries(TABLE))('%s', (id, cases) => {
  it.each(Object.entries(cases.triggers))('triggers: %s', (_name, c) => {
    expect(findings(id, c.attrs, c.profile, c.root)).toEqual(c.expect);
  });
  it.each(Object.entries(cases.passes))('passes: %s', (_name, c) => {
    const { attrs, profile, root } =
      'profile' in c && 'attrs' in c
        ? (c as { attrs: Record<string, unknown>; profile: Record<string, unknown>; root?: Record<string, unknown> })
        : { attrs: c, profile: undefined, root: undefined };
    expect(findings(id, attrs, profile, root)).toEqual([]);
  });
});

test("filter-platform-mismatch names the profile's platform in words that read (the admin center's AOSP terms)", () => {
  const resource = {
    address: 'intune_profile_assignment.a',
    type: 'intune_profile_assignment' as const,
    name: 'a',
    attrs: {
      profile_id: '${intune_scep_certificate_profile.p.id}',
      all_devices: true,
      filters: [{ all_devices: true, filter_name: 'Windows 11', mode: 'include' }],
    },
  };
  const profile = {
    address: 'intune_scep_certificate_profile.p',
    type: 'intune_scep_certificate_profile' as const,
    name: 'p',
    attrs: { platform: 'aosp' },
  };
  const [d] = runTenantRules([resource, profile], facts([], [])).filter((x) => x.code === 'assignment/filter-platform-mismatch');
  expect(d?.detail).toContain(
    'intune_scep_certificate_profile.p is a profile for Android (AOSP) corporate-owned, user-associated or userless devices (filters of platform androidAOSP)',
  );
});
