/**
 * Group lookup in Entra ID (Graph v1.0), batched: by display name (names are not unique: 0, 1 or
 * several groups) and by id. Resolution never guesses: no match or several matches is a
 * diagnostic for the user to fix.
 */
import { diagnostic, type AttrPath, type Diagnostic } from '../rules';
import type { GraphClient } from './client';
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
    unique.map((name, i) => ({ id: String(i), method: 'GET' as const, url: `/groups?$filter=${encodeURIComponent(`displayName eq ${odataString(name)}`)}&${SELECT}` })),
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
    chunks.map((chunk, i) => ({ id: String(i), method: 'GET' as const, url: `/groups?$filter=${encodeURIComponent(`id in (${chunk.map(odataString).join(',')})`)}&${SELECT}` })),
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


/** The id a group name stands for, or the diagnostic that says why there is none. */
export function resolveGroupName(address: string, path: AttrPath, name: string, matches: readonly GraphGroup[]): { id: string } | { diagnostic: Diagnostic } {
  if (matches.length === 1) return { id: (matches[0] as GraphGroup).id };
  if (matches.length === 0) {
    return { diagnostic: diagnostic('assignment/group-not-found', address, path, `no group named ${JSON.stringify(name)} exists in the tenant. Check the name (it must match the group's display name), or use the group's object id.`) };
  }
  return {
    diagnostic: diagnostic('assignment/group-ambiguous', address, path, `${matches.length} groups are named ${JSON.stringify(name)} (${matches.map((g) => g.id).join(', ')}); intune-scep will not guess. Use the intended group's id in include_group_ids/exclude_group_ids.`),
  };
}

/** The diagnostic for a group id that does not exist. */
export function groupIdNotFound(address: string, path: AttrPath, id: string): Diagnostic {
  return diagnostic('assignment/group-not-found', address, path, `no group with id ${JSON.stringify(id)} exists in the tenant. Check the id in Entra ID.`);
}

/** The group references of one assignment set, as literal strings (expressions left out by the caller). */
export interface GroupReferences {
  /** For diagnostics: the resource address ('' where the caller has none, as in the provider). */
  readonly address: string;
  readonly include_group_ids: readonly string[];
  readonly exclude_group_ids: readonly string[];
  readonly include_group_names: readonly string[];
  readonly exclude_group_names: readonly string[];
}

export interface ResolvedGroups {
  /** Ids to include: the ids given and the groups the names resolve to, lower case, unique, sorted. */
  readonly include: string[];
  /** Ids to exclude, the same way. */
  readonly exclude: string[];
  /** The group id each name that resolved stands for. */
  readonly byName: ReadonlyMap<string, string>;
  /** For each included group found: a device group (true), not (false), or it does not say (undefined). */
  readonly includedDeviceFlags: readonly (boolean | undefined)[];
  /** Names with no or several groups, and ids with none: errors for the user to fix. */
  readonly diagnostics: Diagnostic[];
}

/**
 * Resolves the group references of several assignment sets with one batched lookup by name and
 * one by id: the one way the engine's plan and the provider turn names and ids into targets.
 */
export async function resolveAssignmentGroups(client: GraphClient, sets: readonly GroupReferences[]): Promise<ResolvedGroups[]> {
  const names = [...new Set(sets.flatMap((s) => [...s.include_group_names, ...s.exclude_group_names]))];
  const ids = [...new Set(sets.flatMap((s) => [...s.include_group_ids, ...s.exclude_group_ids]))];
  const byName = names.length ? await lookupGroupsByName(client, names) : new Map<string, GraphGroup[]>();
  const byId = ids.length ? await lookupGroupsById(client, ids) : new Map<string, GraphGroup | undefined>();
  return sets.map((set) => {
    const diagnostics: Diagnostic[] = [];
    const resolved = new Map<string, string>();
    const includedDeviceFlags: (boolean | undefined)[] = [];
    const side = (idKey: 'include_group_ids' | 'exclude_group_ids', nameKey: 'include_group_names' | 'exclude_group_names'): string[] => {
      const out: string[] = [];
      set[idKey].forEach((id, i) => {
        const g = byId.get(id.toLowerCase());
        if (!g) diagnostics.push(groupIdNotFound(set.address, [idKey, i], id));
        else if (idKey === 'include_group_ids') includedDeviceFlags.push(isDeviceGroup(g));
        out.push(id.toLowerCase());
      });
      set[nameKey].forEach((name, i) => {
        const matches = byName.get(name) ?? [];
        const r = resolveGroupName(set.address, [nameKey, i], name, matches);
        if ('diagnostic' in r) return void diagnostics.push(r.diagnostic);
        resolved.set(name, r.id);
        if (nameKey === 'include_group_names') includedDeviceFlags.push(isDeviceGroup(matches[0] as GraphGroup));
        out.push(r.id.toLowerCase());
      });
      return [...new Set(out)].sort();
    };
    const include = side('include_group_ids', 'include_group_names');
    const exclude = side('exclude_group_ids', 'exclude_group_names');
    return { include, exclude, byName: resolved, includedDeviceFlags, diagnostics };
  });
}

