/**
 * Assignment sets both ways: our targets (groups, all users/devices, exclusions, filters) as Graph's
 * `assign` body, and a profile's assignments as our targets.
 */
import type * as G from '@microsoft/microsoft-graph-types-beta';
import { GRAPH_ALL_DEVICES_ASSIGNMENT_ID, GRAPH_ALL_USERS_ASSIGNMENT_ID, GRAPH_ASSIGNMENT_TARGETS } from '../../schema';
import { Tagged } from './bodies';

/**
 * An assignment filter on one target. `target` is `all_users`, `all_devices` or a group id (lower
 * case): group ids are GUIDs, so the three never clash, and a group is never both included and
 * excluded (rule assignment/include-exclude-conflict).
 */
export interface TargetFilter {
  readonly target: string;
  readonly filter_id: string;
  readonly mode: 'include' | 'exclude';
}

export interface AssignmentTargets {
  include_group_ids: string[];
  exclude_group_ids: string[];
  all_users: boolean;
  all_devices: boolean;
  /** Absent when no target has a filter (as most sets have none). */
  filters?: TargetFilter[];
}

/** Filters sorted by target, lower-case ids, one per target (the last wins, as Graph keeps one); undefined when none. */
export function normaliseFilters(filters: readonly TargetFilter[] | undefined): TargetFilter[] | undefined {
  if (!filters || filters.length === 0) return undefined;
  const byTarget = new Map<string, TargetFilter>();
  for (const f of filters) {
    const target = f.target.toLowerCase();
    byTarget.set(target, { target, filter_id: f.filter_id.toLowerCase(), mode: f.mode });
  }
  return [...byTarget.values()].sort((a, b) => a.target.localeCompare(b.target));
}

type GraphAssignmentTarget = Tagged<G.DeviceAndAppManagementAssignmentTarget> & Pick<G.GroupAssignmentTarget, 'groupId'>;

type AssignBody = { assignments: { target: GraphAssignmentTarget }[] };

/** Graph's `assign` body for a set of targets (group and filter names already resolved to ids). */
export function assignmentsToGraph(t: AssignmentTargets): AssignBody {
  const filterOf = new Map((t.filters ?? []).map((f) => [f.target.toLowerCase(), f]));
  const target = (key: string, base: GraphAssignmentTarget): { target: GraphAssignmentTarget } => {
    const f = filterOf.get(key.toLowerCase());
    return {
      target: f
        ? { ...base, deviceAndAppManagementAssignmentFilterId: f.filter_id, deviceAndAppManagementAssignmentFilterType: f.mode }
        : base,
    };
  };
  return {
    assignments: [
      ...t.include_group_ids.map((groupId) => target(groupId, { '@odata.type': GRAPH_ASSIGNMENT_TARGETS.includeGroup, groupId })),
      ...t.exclude_group_ids.map((groupId) => target(groupId, { '@odata.type': GRAPH_ASSIGNMENT_TARGETS.excludeGroup, groupId })),
      ...(t.all_users ? [target('all_users', { '@odata.type': GRAPH_ASSIGNMENT_TARGETS.allUsers })] : []),
      ...(t.all_devices ? [target('all_devices', { '@odata.type': GRAPH_ASSIGNMENT_TARGETS.allDevices })] : []),
    ],
  };
}

/** `#microsoft.graph.x` and `microsoft.graph.x` are the same type. */
const sameType = (a: unknown, b: string) => typeof a === 'string' && a.replace(/^#/, '') === b.replace(/^#/, '');

/** Graph's assignment list as targets; group ids sorted (Graph keeps no order), lower case; filters by target. */
export function assignmentsFromGraph(assignments: readonly { id?: string; target?: object | null }[]): AssignmentTargets {
  const t: AssignmentTargets = { include_group_ids: [], exclude_group_ids: [], all_users: false, all_devices: false };
  const filters: TargetFilter[] = [];
  for (const a of assignments) {
    const target = (a?.target ?? {}) as Record<string, unknown>;
    const type = target['@odata.type'];
    const groupId = typeof target.groupId === 'string' ? target.groupId.toLowerCase() : undefined;
    let key: string | undefined;
    if (sameType(type, GRAPH_ASSIGNMENT_TARGETS.includeGroup) && groupId) t.include_group_ids.push((key = groupId));
    else if (sameType(type, GRAPH_ASSIGNMENT_TARGETS.excludeGroup) && groupId) t.exclude_group_ids.push((key = groupId));
    else if (sameType(type, GRAPH_ASSIGNMENT_TARGETS.allUsers) || a?.id?.endsWith(GRAPH_ALL_USERS_ASSIGNMENT_ID))
      t.all_users = !!(key = 'all_users');
    else if (sameType(type, GRAPH_ASSIGNMENT_TARGETS.allDevices) || a?.id?.endsWith(GRAPH_ALL_DEVICES_ASSIGNMENT_ID))
      t.all_devices = !!(key = 'all_devices');
    const filterId = target.deviceAndAppManagementAssignmentFilterId;
    const mode = target.deviceAndAppManagementAssignmentFilterType;
    if (key && typeof filterId === 'string' && filterId !== '' && (mode === 'include' || mode === 'exclude'))
      filters.push({ target: key, filter_id: filterId, mode });
  }
  const f = normaliseFilters(filters);
  if (f) t.filters = f;
  t.include_group_ids = [...new Set(t.include_group_ids)].sort();
  t.exclude_group_ids = [...new Set(t.exclude_group_ids)].sort();
  return t;
}
