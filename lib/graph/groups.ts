/**
 * Group lookup in Entra ID (Graph v1.0), batched: by display name (names are not unique: 0, 1 or
 * several groups) and by id. Returns data: the tenant rules (rules/families/assignment.ts) judge it,
 * and resolution never guesses (a name without exactly one group resolves to nothing).
 */
import type { TenantFacts, TenantFilter, TenantGroup } from '../rules';
import type { GraphClient } from './client';
import type { AssignmentTargets } from './mapping';
import { odataString } from './client';

export interface GraphGroup {
  id: string;
  displayName: string;
  groupTypes?: string[];
  membershipRule?: string | null;
}

const SELECT = '$select=id,displayName,groupTypes,membershipRule';
/** Graph allows at most 15 values in an `in` clause on directory objects. */
const IN_LIMIT = 15;

/** Groups matching each display name exactly (Graph compares without case; so do we, then exactly). */
export async function lookupGroupsByName(client: GraphClient, names: readonly string[]): Promise<Map<string, GraphGroup[]>> {
  const unique = [...new Set(names)];
  const results = await client.batch(
    unique.map((name, i) => ({
      id: String(i),
      method: 'GET' as const,
      url: `/groups?$filter=${encodeURIComponent(`displayName eq ${odataString(name)}`)}&${SELECT}`,
    })),
    client.v1Url,
  );
  const out = new Map<string, GraphGroup[]>();
  unique.forEach((name, i) => {
    const r = results.get(String(i));
    if (!r?.ok) throw r?.error ?? new Error(`no answer for group ${name}`);
    const value = ((r.body as { value?: GraphGroup[] })?.value ?? []).filter((g) => g.displayName.toLowerCase() === name.toLowerCase());
    out.set(name, value);
  });
  return out;
}

/** Groups by id; a missing id maps to undefined. */
export async function lookupGroupsById(client: GraphClient, ids: readonly string[]): Promise<Map<string, GraphGroup | undefined>> {
  const unique = [...new Set(ids.map((i) => i.toLowerCase()))];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += IN_LIMIT) chunks.push(unique.slice(i, i + IN_LIMIT));
  const results = await client.batch(
    chunks.map((chunk, i) => ({
      id: String(i),
      method: 'GET' as const,
      url: `/groups?$filter=${encodeURIComponent(`id in (${chunk.map(odataString).join(',')})`)}&${SELECT}`,
    })),
    client.v1Url,
  );
  const found = new Map<string, GraphGroup>();
  chunks.forEach((_, i) => {
    const r = results.get(String(i));
    if (!r?.ok) throw r?.error ?? new Error('no answer for a group lookup');
    for (const g of (r.body as { value?: GraphGroup[] })?.value ?? []) found.set(g.id.toLowerCase(), g);
  });
  return new Map(unique.map((id) => [id, found.get(id)]));
}

/** True for a dynamic group whose rule selects devices; undefined when the group does not say. */
export function isDeviceGroup(g: GraphGroup): boolean | undefined {
  if (typeof g.membershipRule === 'string' && g.membershipRule.length > 0) return /\bdevice\./i.test(g.membershipRule);
  return undefined;
}

/** Every assignment filter of the tenant (Intune, beta), page by page. */
export async function listAssignmentFilters(client: GraphClient): Promise<TenantFilter[]> {
  const all = await client.list<{ id?: unknown; displayName?: unknown; platform?: unknown }>(
    '/deviceManagement/assignmentFilters?$select=id,displayName,platform',
  );
  return all.flatMap((f) =>
    typeof f.id === 'string' && typeof f.displayName === 'string'
      ? [{ id: f.id, displayName: f.displayName, platform: typeof f.platform === 'string' ? f.platform : 'unknown' }]
      : [],
  );
}

/**
 * The groups some assignment sets name, by name and by id, in one batched lookup each, and the
 * tenant's assignment filters when a set uses one: the facts the tenant rules (assignment/...)
 * check and resolveTargets reads.
 */
export async function lookupTenantGroups(
  client: GraphClient,
  sets: readonly GroupReferences[],
  options: { filters?: boolean } = {},
): Promise<TenantFacts> {
  const names = sets.flatMap((s) => [...s.include_group_names, ...s.exclude_group_names]);
  const ids = sets.flatMap((s) => [...s.include_group_ids, ...s.exclude_group_ids]);
  const fact = (g: GraphGroup): TenantGroup => ({ id: g.id, displayName: g.displayName, deviceGroup: isDeviceGroup(g) });
  const byName = names.length ? await lookupGroupsByName(client, names) : new Map<string, GraphGroup[]>();
  const byId = ids.length ? await lookupGroupsById(client, ids) : new Map<string, GraphGroup | undefined>();
  return {
    filters: options.filters ? await listAssignmentFilters(client) : [],
    groupsByName: new Map([...byName].map(([n, gs]) => [n, gs.map(fact)])),
    groupsById: new Map([...byId].map(([id, g]) => [id, g ? fact(g) : undefined])),
  };
}

/** The group references of one assignment set, as literal strings (expressions left out). */
export interface GroupReferences {
  readonly include_group_ids: readonly string[];
  readonly exclude_group_ids: readonly string[];
  readonly include_group_names: readonly string[];
  readonly exclude_group_names: readonly string[];
}

/** The group ids and names of an assignment set's attributes (values: text; expressions and unknowns are not strings, and are left out). */
export function groupReferencesOf(attrs: Readonly<Record<string, unknown>>): GroupReferences {
  const literals = (key: string): string[] =>
    (Array.isArray(attrs[key]) ? (attrs[key] as unknown[]) : []).filter((v): v is string => typeof v === 'string');
  return {
    include_group_ids: literals('include_group_ids'),
    exclude_group_ids: literals('exclude_group_ids'),
    include_group_names: literals('include_group_names'),
    exclude_group_names: literals('exclude_group_names'),
  };
}

/**
 * The targets of one assignment set: its ids and the groups its names stand for, lower case, unique,
 * sorted. A name without exactly one group is left out (the tenant rules report it, and a plan with
 * their errors applies nothing).
 */
export function resolveTargets(
  set: GroupReferences,
  facts: TenantFacts,
): { include: string[]; exclude: string[]; byName: Map<string, string> } {
  const byName = new Map<string, string>();
  const side = (ids: readonly string[], names: readonly string[]) => {
    const out = ids.map((id) => id.toLowerCase());
    for (const n of names) {
      const matches = facts.groupsByName.get(n) ?? [];
      if (matches.length !== 1) continue;
      byName.set(n, (matches[0] as TenantGroup).id);
      out.push((matches[0] as TenantGroup).id.toLowerCase());
    }
    return [...new Set(out)].sort();
  };
  return {
    include: side(set.include_group_ids, set.include_group_names),
    exclude: side(set.exclude_group_ids, set.exclude_group_names),
    byName,
  };
}

/** Filter display names that name exactly one filter (name → id); others the tenant rules report. */
export function resolveFilterNames(filters: readonly TenantFilter[]): Record<string, string> {
  const count = new Map<string, number>();
  for (const f of filters) count.set(f.displayName, (count.get(f.displayName) ?? 0) + 1);
  return Object.fromEntries(filters.filter((f) => count.get(f.displayName) === 1).map((f) => [f.displayName, f.id.toLowerCase()]));
}

/** An assignment set as a stack writes it (the `intune_profile_assignment` attributes). */
export interface ConfigTargets {
  include_group_names?: string[];
  include_group_ids?: string[];
  exclude_group_names?: string[];
  exclude_group_ids?: string[];
  all_users?: true;
  all_devices?: true;
  filters?: Record<string, unknown>[];
}

/**
 * Graph's targets as a stack writes them, the one rule import and export share: a group or a filter
 * by its display name when exactly one group (filter) has that name, by id otherwise (a name two
 * groups share, or a group deleted since it was assigned). Lists sorted; unset attributes left out.
 */
export async function describeTargets(
  client: GraphClient,
  t: AssignmentTargets,
  tenantFilters?: readonly TenantFilter[],
): Promise<ConfigTargets> {
  return (await describeAllTargets(client, [t], tenantFilters))[0] as ConfigTargets;
}

/** describeTargets for many sets at once: one batched lookup of all their groups (export reads a whole tenant). */
export async function describeAllTargets(
  client: GraphClient,
  sets: readonly AssignmentTargets[],
  tenantFilters?: readonly TenantFilter[],
): Promise<ConfigTargets[]> {
  const ids = sets.flatMap((t) => [...t.include_group_ids, ...t.exclude_group_ids]);
  const byId = ids.length ? await lookupGroupsById(client, ids) : new Map<string, GraphGroup | undefined>();
  const names = [...new Set([...byId.values()].flatMap((g) => (g ? [g.displayName] : [])))];
  const byName = names.length ? await lookupGroupsByName(client, names) : new Map<string, GraphGroup[]>();
  const nameOf = (id: string): string | undefined => {
    const g = byId.get(id.toLowerCase());
    return g && byName.get(g.displayName)?.length === 1 ? g.displayName : undefined;
  };
  const filters = sets.some((t) => t.filters?.length) ? (tenantFilters ?? (await listAssignmentFilters(client))) : [];
  const uniqueName = new Map(Object.entries(resolveFilterNames(filters)).map(([name, id]) => [id, name]));
  const filterName = (id: string): string | undefined => uniqueName.get(id.toLowerCase());
  return sets.map((t) => {
    const out: ConfigTargets = {};
    const side = (list: readonly string[], key: 'include' | 'exclude') => {
      const named = list.flatMap((id) => nameOf(id) ?? []).sort();
      const byIdOnly = list.filter((id) => nameOf(id) === undefined).sort();
      if (named.length) out[`${key}_group_names`] = named;
      if (byIdOnly.length) out[`${key}_group_ids`] = byIdOnly;
    };
    side(t.include_group_ids, 'include');
    side(t.exclude_group_ids, 'exclude');
    if (t.all_users) out.all_users = true;
    if (t.all_devices) out.all_devices = true;
    if (t.filters?.length) {
      out.filters = t.filters.map((f) => {
        const target =
          f.target === 'all_users' || f.target === 'all_devices'
            ? { [f.target]: true }
            : nameOf(f.target) !== undefined
              ? { group_name: nameOf(f.target) }
              : { group_id: f.target };
        const name = filterName(f.filter_id);
        return { ...target, ...(name !== undefined ? { filter_name: name } : { filter_id: f.filter_id }), mode: f.mode };
      });
    }
    return out;
  });
}
