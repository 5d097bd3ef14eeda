/**
 * Assignments: conflicts within one set, and whether a SCEP profile's groups also get its root.
 *
 * Userless devices (PlatformInfo.mayBeUserless: Android Enterprise dedicated, userless AOSP) never get
 * user-targeted profiles. A profile alone cannot say whether it reaches them (android_device_owner is
 * fully managed, dedicated and COPE alike), so a device certificate of such a platform is taken to:
 * a root assigned to all users does not cover it, and no advice suggests a user group for it.
 */
import { show } from '../diagnostic';
import { targetInTypeScript } from '../typescript';
import { PLATFORM_TABLE } from '../../schema';

import type { Finding, ResourceView, Rule, StackView, TenantFacts, TenantFilter, TenantGroup } from '../rule';
import { attributesWithPlatformRule, platformOnly } from './platform-only';

/** The profile reaches devices only through device targets: a device certificate, or a root, on a platform with userless devices. */
function deviceTargetsOnly(profile: ResourceView): boolean {
  if (!profile.platform || !PLATFORM_TABLE[profile.platform].mayBeUserless) return false;
  return profile.type === 'intune_trusted_root_certificate' || profile.string('certificate_type') === 'device';
}

/**
 * The targets of the assignment sets of one profile, compared as written (a group id, a group
 * name, or the same Terraform expression such as `${azuread_group.x.id}` name the same group).
 */
interface Targets {
  include: Map<string, { address: string; path: (string | number)[] }>;
  exclude: Set<string>;
  allUsers: { address: string } | undefined;
  allDevices: { address: string } | undefined;
}

function strings(a: ResourceView, name: string): { index: number; value: string }[] {
  const v = a.raw(name);
  return Array.isArray(v) ? v.flatMap((item, index) => (typeof item === 'string' ? [{ index, value: item }] : [])) : [];
}

function targetsOf(assignments: readonly ResourceView[]): Targets {
  const t: Targets = { include: new Map(), exclude: new Set(), allUsers: undefined, allDevices: undefined };
  for (const a of assignments) {
    for (const kind of ['ids', 'names'] as const) {
      for (const { index, value } of strings(a, `include_group_${kind}`)) {
        t.include.set(`${kind}:${value}`, { address: a.address, path: [`include_group_${kind}`, index] });
      }
      for (const { value } of strings(a, `exclude_group_${kind}`)) t.exclude.add(`${kind}:${value}`);
    }
    if (a.value('all_users') === true) t.allUsers = { address: a.address };
    if (a.value('all_devices') === true) t.allDevices = { address: a.address };
  }
  return t;
}

export const assignmentRules: Rule[] = [
  {
    id: 'assignment/include-exclude-conflict',
    severity: 'error',
    summary: 'Group both included and excluded',
    kind: 'resource',
    types: ['intune_profile_assignment'],
    check(a) {
      const findings: Finding[] = [];
      for (const kind of ['ids', 'names'] as const) {
        const excluded = new Set(strings(a, `exclude_group_${kind}`).map((s) => s.value));
        for (const { index, value } of strings(a, `include_group_${kind}`)) {
          if (!excluded.has(value)) continue;
          findings.push({
            path: [`include_group_${kind}`, index],
            detail: `${show(value)} is in include_group_${kind} and exclude_group_${kind}; Intune applies the exclusion and the include does nothing. Keep it in one list.`,
          });
        }
      }
      return findings;
    },
  },
  {
    id: 'assignment/root-not-covering',
    severity: 'warning',
    summary: 'A group gets the SCEP profile but not its trusted root',
    kind: 'stack',
    check(ctx) {
      const findings: Finding[] = [];
      for (const profile of ctx.stack.ofType('intune_scep_certificate_profile')) {
        const root = ctx.stack.referenced(profile, 'root_certificate_id', 'intune_trusted_root_certificate');
        const scepAssignments = ctx.stack.assignmentsOf(profile);
        if (!root || scepAssignments.length === 0) continue;
        const scep = targetsOf(scepAssignments);
        const rootT = targetsOf(ctx.stack.assignmentsOf(root));
        const excludedFromRoot = (key: string) => rootT.exclude.has(key);
        const fix = `Assign ${root.address} to the same groups as ${profile.address} (a CertificateDeployment does this).`;
        const typescriptFix = (target: string) =>
          `Add ${target} to the assignTo([...]) of ${root.address} too, or make both with a CertificateDeployment, which assigns the root wherever the profile goes.`;
        // A root for all users reaches no userless device: it covers a device certificate of such a platform nowhere.
        const userless = deviceTargetsOnly(profile);
        const rootToUsers = rootT.allUsers !== undefined && !userless;
        for (const [key, where] of scep.include) {
          const covered = !excludedFromRoot(key) && (rootT.include.has(key) || rootT.allDevices !== undefined || rootToUsers);
          if (covered) continue;
          const [kind, value] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
          const why =
            userless && rootT.allUsers !== undefined && !excludedFromRoot(key)
              ? `its trusted root ${root.address} goes to all users only, and dedicated and userless ${profile.platform} devices have no user, so user-targeted profiles never reach them ("User attributes aren't supported for devices that don't have user associations, such as devices that are enrolled as Android Enterprise dedicated")`
              : `${excludedFromRoot(key) ? 'is excluded from' : 'not'} its trusted root ${root.address}`;
          const consequence = 'devices must get the root first or the SCEP profile fails.';
          const group = targetInTypeScript(`include_group_${kind}`, value);
          findings.push({
            address: where.address,
            path: where.path,
            detail: `group ${kind === 'ids' ? 'id' : 'name'} ${show(value)} receives ${profile.address} but ${why}; ${consequence} ${userless ? `Assign ${root.address} to the same device groups, or to all devices.` : fix}`,
            typescript: `${group} receives ${profile.address} but ${why}; ${consequence} ${userless ? `Assign ${root.address} to the same device groups (assignTo), or to AllDevices.` : typescriptFix(group)}`,
          });
        }
        if (scep.allUsers && !rootT.allUsers && !rootT.allDevices) {
          findings.push({
            address: scep.allUsers.address,
            path: ['all_users'],
            detail: `all users receive ${profile.address} but not its trusted root ${root.address}. ${fix}`,
            typescript: `AllUsers receive ${profile.address} but not its trusted root ${root.address}. ${typescriptFix('AllUsers')}`,
          });
        }
        if (scep.allDevices && !rootT.allDevices) {
          findings.push({
            address: scep.allDevices.address,
            path: ['all_devices'],
            detail: `all devices receive ${profile.address} but not its trusted root ${root.address}. ${fix}`,
            typescript: `AllDevices receive ${profile.address} but not its trusted root ${root.address}. ${typescriptFix('AllDevices')}`,
          });
        }
      }
      return findings;
    },
  },
  {
    id: 'assignment/group-not-found',
    severity: 'error',
    summary: 'Group not found in the tenant',
    kind: 'tenant',
    types: ['intune_profile_assignment'],
    check(r, tenant) {
      return groupReferences(r).flatMap((g): Finding[] => {
        if (g.by === 'id')
          return tenant.groupsById.get(g.value.toLowerCase())
            ? []
            : [{ path: g.path, detail: `no group with id ${JSON.stringify(g.value)} exists in the tenant. Check the id in Entra ID.` }];
        return (tenant.groupsByName.get(g.value) ?? []).length > 0
          ? []
          : [
              {
                path: g.path,
                detail: `no group named ${JSON.stringify(g.value)} exists in the tenant. Check the name (it must match the group's display name), or use the group's object id.`,
              },
            ];
      });
    },
  },
  {
    id: 'assignment/group-ambiguous',
    severity: 'error',
    summary: 'Group name matches several groups',
    kind: 'tenant',
    types: ['intune_profile_assignment'],
    check(r, tenant) {
      return groupReferences(r).flatMap((g): Finding[] => {
        const matches = g.by === 'name' ? (tenant.groupsByName.get(g.value) ?? []) : [];
        if (matches.length < 2) return [];
        return [
          {
            path: g.path,
            detail: `${matches.length} groups are named ${JSON.stringify(g.value)} (${matches.map((m) => m.id).join(', ')}); intune-scep will not guess. Use the intended group's id in include_group_ids/exclude_group_ids.`,
          },
        ];
      });
    },
  },
  {
    id: 'assignment/device-group-delay',
    severity: 'warning',
    summary: 'Only device groups included',
    kind: 'tenant',
    types: ['intune_profile_assignment'],
    check(r, tenant, stack) {
      if (r.value('all_users') === true) return [];
      // Dedicated and userless devices have no user: device groups are the only way to reach them, so there is nothing to advise.
      const profile = profileOf(r, stack);
      if (profile && deviceTargetsOnly(profile)) return [];
      // A device certificate (machine 802.1X, a kiosk) is meant for device groups: nothing to advise.
      if (profile && servesDeviceCertificatesOnly(profile, stack)) return [];
      const included = groupReferences(r)
        .filter((g) => g.path[0] === 'include_group_ids' || g.path[0] === 'include_group_names')
        .flatMap((g) =>
          g.by === 'id'
            ? [tenant.groupsById.get(g.value.toLowerCase())]
            : tenant.groupsByName.get(g.value)?.length === 1
              ? tenant.groupsByName.get(g.value)
              : [],
        )
        .filter((g): g is TenantGroup => g !== undefined);
      if (included.length === 0 || !included.every((g) => g.deviceGroup === true)) return [];
      return [
        {
          path: ['include_group_ids'],
          detail:
            'only device groups are included: the profile reaches a device after full device registration, while user groups deliver right after enrollment. Add the users\' group if certificates are needed at enrollment; if they are needed only once the device is registered, add "assignment/device-group-delay" to this assignment set\'s suppress_warnings (suppressAssignmentWarnings in a CDKTF app).',
        },
      ];
    },
  },
  {
    id: 'assignment/root-device-targeted',
    severity: 'error',
    summary: 'A user-targeted SCEP profile whose trusted root reaches devices only',
    kind: 'tenant',
    types: ['intune_profile_assignment'],
    check(a, tenant, stack) {
      // The troubleshooting guide's matrix, as assignment/root-target-kind applies it to all users and
      // all devices, for groups: whether a group holds users or devices is known for a dynamic group
      // (its rule reads user. or device. properties); a static group may hold either and is not judged.
      const profile = stack.referenced(a, 'profile_id', 'intune_scep_certificate_profile');
      const root = profile ? stack.referenced(profile, 'root_certificate_id', 'intune_trusted_root_certificate') : undefined;
      if (!profile || !root) return [];
      const rootSets = stack.assignmentsOf(root);
      const rootTargets = rootSets.flatMap((s) => targetKinds(s, tenant));
      if (rootTargets.length === 0 || !rootTargets.every((t) => t.kind === 'device')) return [];
      // All users with a root for all devices is assignment/root-target-kind's, at validate already.
      const rootAllDevices = rootSets.some((s) => s.value('all_devices') === true);
      return targetKinds(a, tenant)
        .filter((t) => t.kind === 'user' && !(t.path[0] === 'all_users' && rootAllDevices))
        .map((t) => ({
          path: t.path,
          detail: `${t.label} receives ${profile.address}, but its trusted root ${root.address} goes to devices only (${rootTargets.map((r) => r.label).join(', ')}); a user-targeted SCEP profile with a device-targeted root fails on the device (the SCEP troubleshooting guide's matrix). Assign ${root.address} to the same users as ${profile.address} (a CertificateDeployment does this).`,
        }));
    },
  },
  {
    id: 'assignment/root-target-kind',
    severity: 'error',
    summary: 'SCEP profile and its trusted root assigned to different target kinds',
    kind: 'stack',
    check(ctx) {
      // The troubleshooting guide's matrix: the root and the SCEP profile must reach the device through
      // the same kind of target; a user-targeted profile whose root goes to devices only (or the
      // reverse) fails on the device.
      const findings: Finding[] = [];
      for (const profile of ctx.stack.ofType('intune_scep_certificate_profile')) {
        const root = ctx.stack.referenced(profile, 'root_certificate_id', 'intune_trusted_root_certificate');
        if (!root) continue;
        const scep = targetsOf(ctx.stack.assignmentsOf(profile));
        const rootT = targetsOf(ctx.stack.assignmentsOf(root));
        const r = { users: rootT.allUsers !== undefined, devices: rootT.allDevices !== undefined };
        const fix = `Assign ${root.address} to the same kind of target as ${profile.address} (a CertificateDeployment does this).`;
        if (scep.allUsers && !r.users && r.devices) {
          findings.push({
            address: scep.allUsers.address,
            path: ['all_users'],
            detail: `${profile.address} is assigned to all users but its trusted root ${root.address} to all devices only; a user-targeted SCEP profile with a device-targeted root fails on the device. ${fix}`,
          });
        }
        if (scep.allDevices && !r.devices && r.users) {
          findings.push({
            address: scep.allDevices.address,
            path: ['all_devices'],
            detail: `${profile.address} is assigned to all devices but its trusted root ${root.address} to all users only; a device-targeted SCEP profile with a user-targeted root fails on the device. ${fix}`,
          });
        }
      }
      return findings;
    },
  },
  {
    id: 'assignment/filter-invalid',
    severity: 'error',
    summary: 'Assignment filter entry without exactly one target and one filter',
    kind: 'resource',
    types: ['intune_profile_assignment'],
    check(a) {
      const findings: Finding[] = [];
      const seen = new Map<string, number>();
      for (const e of filterEntries(a)) {
        if (e.targets.length !== 1) {
          findings.push({
            path: ['filters', e.index],
            detail: `filters[${e.index}] names ${e.targets.length === 0 ? 'no target' : `${e.targets.length} targets (${e.targets.join(', ')})`}; set exactly one of group_id, group_name, all_users = true or all_devices = true.`,
          });
        }
        if (e.filters.length !== 1) {
          findings.push({
            path: ['filters', e.index],
            detail: `filters[${e.index}] names ${e.filters.length === 0 ? 'no filter' : 'both filter_id and filter_name'}; set exactly one of them.`,
          });
        }
        const key = e.targets.length === 1 ? e.targets[0] : undefined;
        if (key !== undefined) {
          const first = seen.get(key);
          if (first !== undefined)
            findings.push({
              path: ['filters', e.index],
              detail: `filters[${e.index}] and filters[${first}] both filter ${key}; Intune keeps one filter per target. Keep one entry.`,
            });
          else seen.set(key, e.index);
        }
      }
      return findings;
    },
  },
  {
    id: 'assignment/filter-target-missing',
    severity: 'error',
    summary: 'Assignment filter on a target the set does not assign',
    kind: 'resource',
    types: ['intune_profile_assignment'],
    check(a) {
      const included = groupKeys(a, 'include');
      if (a.value('all_users') === true) included.add('all_users');
      if (a.value('all_devices') === true) included.add('all_devices');
      const excluded = groupKeys(a, 'exclude');
      return filterEntries(a).flatMap((e): Finding[] => {
        const key = e.targets.length === 1 ? (e.targets[0] as string) : undefined;
        if (key === undefined || included.has(key) || excluded.has(key)) return [];
        const where = key.startsWith('group_id')
          ? 'include_group_ids'
          : key.startsWith('group_name')
            ? 'include_group_names'
            : `${key} = true`;
        return [
          {
            path: ['filters', e.index],
            detail: `filters[${e.index}] filters ${key}, which this set does not assign, so the filter would do nothing. Add it to ${where}, or remove the entry.`,
          },
        ];
      });
    },
  },
  {
    id: 'assignment/filter-on-excluded-group',
    severity: 'error',
    summary: 'Assignment filter on an excluded group',
    kind: 'resource',
    types: ['intune_profile_assignment'],
    check(a) {
      const excluded = groupKeys(a, 'exclude');
      return filterEntries(a).flatMap((e): Finding[] => {
        const key = e.targets.length === 1 ? (e.targets[0] as string) : undefined;
        if (key === undefined || !excluded.has(key)) return [];
        return [
          {
            path: ['filters', e.index],
            detail: `filters[${e.index}] filters the excluded ${key}; Intune does not apply filters to excluded groups (the whole group is excluded). Remove the entry, or include the group with a filter of mode "exclude".`,
          },
        ];
      });
    },
  },
  {
    id: 'assignment/filter-not-found',
    severity: 'error',
    summary: 'Assignment filter not found in the tenant',
    kind: 'tenant',
    types: ['intune_profile_assignment'],
    check(a, tenant) {
      return filterReferences(a).flatMap((f): Finding[] =>
        matchFilters(f, tenant).length > 0
          ? []
          : [
              {
                path: f.path,
                detail: `no assignment filter ${f.by === 'id' ? 'with id' : 'named'} ${JSON.stringify(f.value)} exists in the tenant. Check it under Tenant administration > Filters in the Intune admin center${f.by === 'name' ? ' (the name must match exactly)' : ''}.`,
              },
            ],
      );
    },
  },
  {
    id: 'assignment/filter-ambiguous',
    severity: 'error',
    summary: 'Assignment filter name matches several filters',
    kind: 'tenant',
    types: ['intune_profile_assignment'],
    check(a, tenant) {
      return filterReferences(a).flatMap((f): Finding[] => {
        const matches = f.by === 'name' ? matchFilters(f, tenant) : [];
        if (matches.length < 2) return [];
        return [
          {
            path: f.path,
            detail: `${matches.length} assignment filters are named ${JSON.stringify(f.value)} (${matches.map((m) => m.id).join(', ')}); intune-scep will not guess. Use filter_id.`,
          },
        ];
      });
    },
  },
  {
    id: 'assignment/filter-platform-mismatch',
    severity: 'error',
    summary: "Assignment filter of another platform than the profile's",
    kind: 'tenant',
    types: ['intune_profile_assignment'],
    check(a, tenant, stack) {
      const profile = profileOf(a, stack);
      const platform = profile?.platform;
      if (!profile || !platform) return [];
      const allowed = PLATFORM_TABLE[platform].filterPlatforms as readonly string[];
      return filterReferences(a).flatMap((f): Finding[] => {
        const matches = matchFilters(f, tenant);
        if (matches.length !== 1) return [];
        const filter = matches[0] as TenantFilter;
        if (allowed.includes(filter.platform)) return [];
        return [
          {
            path: f.path,
            detail: `the assignment filter ${JSON.stringify(filter.displayName)} is for platform ${filter.platform}, but ${profile.address} is a profile for ${PLATFORM_TABLE[platform].label} devices (filters of platform ${allowed.join(' or ')}); Intune does not evaluate it on these devices. Use a filter made for ${allowed.join(' or ')}.`,
          },
        ];
      });
    },
  },
  {
    id: 'applicability/windows-only',
    severity: 'error',
    summary: 'Applicability rules are for Windows only',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      return platformOnly(r.type, attributesWithPlatformRule(r.type, 'applicability/windows-only'))(r);
    },
  },
];

/** The literal group ids and names of an assignment set, with their paths (expressions left out). */
export function groupReferences(r: ResourceView): { by: 'id' | 'name'; value: string; path: (string | number)[] }[] {
  const out: { by: 'id' | 'name'; value: string; path: (string | number)[] }[] = [];
  for (const key of ['include_group_ids', 'exclude_group_ids', 'include_group_names', 'exclude_group_names'] as const) {
    const list = r.raw(key);
    if (!Array.isArray(list)) continue;
    list.forEach((v, i) => {
      if (typeof v === 'string') out.push({ by: key.endsWith('_ids') ? 'id' : 'name', value: v, path: [key, i] });
    });
  }
  return out;
}

/** A set's included (excluded) groups as filterEntries names targets: `group_id "x"`, `group_name "y"`. */
function groupKeys(a: ResourceView, side: 'include' | 'exclude'): Set<string> {
  return new Set([
    ...strings(a, `${side}_group_ids`).map((s) => `group_id ${show(s.value)}`),
    ...strings(a, `${side}_group_names`).map((s) => `group_name ${show(s.value)}`),
  ]);
}

/** One entry of `filters`: the targets and filters it names (normally one each), as written. */
function filterEntries(
  a: ResourceView,
): { index: number; targets: string[]; filters: { by: 'id' | 'name'; value: string }[]; mode: unknown }[] {
  return (a.list('filters') ?? []).flatMap(({ index, item }) => {
    if (!item || typeof item !== 'object') return [];
    const f = item as Record<string, unknown>;
    const targets: string[] = [];
    if (typeof f.group_id === 'string') targets.push(`group_id ${show(f.group_id)}`);
    if (typeof f.group_name === 'string') targets.push(`group_name ${show(f.group_name)}`);
    if (f.all_users === true) targets.push('all_users');
    if (f.all_devices === true) targets.push('all_devices');
    const filters: { by: 'id' | 'name'; value: string }[] = [];
    if (typeof f.filter_id === 'string') filters.push({ by: 'id', value: f.filter_id });
    if (typeof f.filter_name === 'string') filters.push({ by: 'name', value: f.filter_name });
    return [{ index, targets, filters, mode: f.mode }];
  });
}

/** The literal filter ids and names of an assignment set, with their paths. */
export function filterReferences(a: ResourceView): { by: 'id' | 'name'; value: string; path: (string | number)[] }[] {
  return filterEntries(a).flatMap((e) =>
    e.filters.map((f) => ({ ...f, path: ['filters', e.index, f.by === 'id' ? 'filter_id' : 'filter_name'] })),
  );
}

/** The tenant's filters a reference names: by id (any case), or by exact display name. */
export function matchFilters(f: { by: 'id' | 'name'; value: string }, tenant: TenantFacts): TenantFilter[] {
  return f.by === 'id'
    ? tenant.filters.filter((x) => x.id.toLowerCase() === f.value.toLowerCase())
    : tenant.filters.filter((x) => x.displayName === f.value);
}

/**
 * Whether `profile` delivers device certificates only: a SCEP profile of certificate_type "device", or
 * a root that the stack's SCEP profiles referencing it (one at least) all use for device certificates.
 */
function servesDeviceCertificatesOnly(profile: ResourceView, stack: StackView): boolean {
  if (profile.type === 'intune_scep_certificate_profile') return profile.string('certificate_type') === 'device';
  const users = stack
    .ofType('intune_scep_certificate_profile')
    .filter((p) => stack.referenced(p, 'root_certificate_id', 'intune_trusted_root_certificate')?.address === profile.address);
  return users.length > 0 && users.every((p) => p.string('certificate_type') === 'device');
}

/** The included targets of an assignment set and what they hold: users, devices, or not known (a static group, an expression, a name without one group). */
function targetKinds(
  a: ResourceView,
  tenant: TenantFacts,
): { kind: 'user' | 'device' | 'unknown'; path: (string | number)[]; label: string }[] {
  const out: { kind: 'user' | 'device' | 'unknown'; path: (string | number)[]; label: string }[] = [];
  if (a.value('all_users') === true) out.push({ kind: 'user', path: ['all_users'], label: 'all users' });
  if (a.value('all_devices') === true) out.push({ kind: 'device', path: ['all_devices'], label: 'all devices' });
  for (const key of ['include_group_ids', 'include_group_names'] as const) {
    const list = a.raw(key);
    if (!Array.isArray(list)) continue;
    list.forEach((value, index) => {
      const groups =
        typeof value !== 'string'
          ? []
          : key === 'include_group_ids'
            ? [tenant.groupsById.get(value.toLowerCase())]
            : (tenant.groupsByName.get(value) ?? []);
      const group = groups.length === 1 ? groups[0] : undefined;
      const kind = group?.deviceGroup === true ? 'device' : group?.deviceGroup === false ? 'user' : 'unknown';
      const what = kind === 'device' ? 'the dynamic device group' : kind === 'user' ? 'the dynamic user group' : 'the group';
      out.push({
        kind,
        path: [key, index],
        label: `${what} ${typeof value === 'string' ? show(group?.displayName ?? value) : 'given by an expression'}`,
      });
    });
  }
  return out;
}

/** The profile an assignment set assigns, when it is in the stack. */
function profileOf(a: ResourceView, stack: StackView): ResourceView | undefined {
  return (
    stack.referenced(a, 'profile_id', 'intune_scep_certificate_profile') ??
    stack.referenced(a, 'profile_id', 'intune_trusted_root_certificate')
  );
}
