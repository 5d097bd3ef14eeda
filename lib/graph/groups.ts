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
