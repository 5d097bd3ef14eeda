/** Assignments: conflicts within one set, and whether a SCEP profile's groups also get its root. */
import { show } from '../diagnostic';
import { isExpression } from '../../schema';
import type { Finding, ResourceView, Rule, TenantGroup } from '../rule';
import { attributesWithPlatformRule, platformOnly } from './platform-only';

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
        for (const [key, where] of scep.include) {
          const covered = !excludedFromRoot(key) && (rootT.include.has(key) || rootT.allDevices !== undefined || rootT.allUsers !== undefined);
          if (covered) continue;
          const [kind, value] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
          findings.push({
            address: where.address,
            path: where.path,
            detail: `group ${kind === 'ids' ? 'id' : 'name'} ${show(value)} receives ${profile.address} but ${excludedFromRoot(key) ? 'is excluded from' : 'not'} its trusted root ${root.address}; devices must get the root first or the SCEP profile fails. ${fix}`,
          });
        }
        if (scep.allUsers && !rootT.allUsers && !rootT.allDevices) {
          findings.push({ address: scep.allUsers.address, path: ['all_users'], detail: `all users receive ${profile.address} but not its trusted root ${root.address}. ${fix}` });
        }
        if (scep.allDevices && !rootT.allDevices) {
          findings.push({ address: scep.allDevices.address, path: ['all_devices'], detail: `all devices receive ${profile.address} but not its trusted root ${root.address}. ${fix}` });
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
        if (g.by === 'id') return tenant.groupsById.get(g.value.toLowerCase()) ? [] : [{ path: g.path, detail: `no group with id ${JSON.stringify(g.value)} exists in the tenant. Check the id in Entra ID.` }];
        return (tenant.groupsByName.get(g.value) ?? []).length > 0 ? [] : [{ path: g.path, detail: `no group named ${JSON.stringify(g.value)} exists in the tenant. Check the name (it must match the group's display name), or use the group's object id.` }];
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
        return [{ path: g.path, detail: `${matches.length} groups are named ${JSON.stringify(g.value)} (${matches.map((m) => m.id).join(', ')}); intune-scep will not guess. Use the intended group's id in include_group_ids/exclude_group_ids.` }];
      });
    },
  },
  {
    id: 'assignment/device-group-delay',
    severity: 'warning',
    summary: 'Only device groups included',
    kind: 'tenant',
    types: ['intune_profile_assignment'],
    check(r, tenant) {
      if (r.value('all_users') === true) return [];
      const included = groupReferences(r)
        .filter((g) => g.path[0] === 'include_group_ids' || g.path[0] === 'include_group_names')
        .flatMap((g) => (g.by === 'id' ? [tenant.groupsById.get(g.value.toLowerCase())] : tenant.groupsByName.get(g.value)?.length === 1 ? tenant.groupsByName.get(g.value) : []))
        .filter((g): g is TenantGroup => g !== undefined);
      if (included.length === 0 || !included.every((g) => g.deviceGroup === true)) return [];
      return [{ path: ['include_group_ids'], detail: "only device groups are included: the profile reaches a device after full device registration, while user groups deliver right after enrollment. Add the users' group if certificates are needed at enrollment." }];
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
      if (typeof v === 'string' && !isExpression(v)) out.push({ by: key.endsWith('_ids') ? 'id' : 'name', value: v, path: [key, i] });
    });
  }
  return out;
}
