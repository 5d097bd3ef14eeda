/**
 * An assignment set's targets as Graph takes them: the stack's group and filter names replaced by
 * the ids the plan resolved. One function, for the diff (what the plan shows) and apply (what it
 * posts), so the two cannot disagree.
 */
import { normaliseFilters, type TargetFilter, type AssignmentTargets } from '../graph';

/** Names the plan resolved (name → id). */
export interface ResolvedNames {
  readonly groups: Readonly<Record<string, string>>;
  readonly filters: Readonly<Record<string, string>>;
}

/** A name's id, looked up as data (own keys only: "constructor" or "__proto__" are names like any other). */
const idOf = (table: Readonly<Record<string, string>>, name: string): string | undefined =>
  Object.hasOwn(table, name) ? table[name] : undefined;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** A name the plan could not resolve shows as such (a plan with unresolved names has errors and applies nothing). */
const unresolved = (kind: string, name: string) => `(${kind} ${JSON.stringify(name)})`;

export function targetsOfConfig(config: Readonly<Record<string, unknown>>, names: ResolvedNames): AssignmentTargets {
  const group = (n: string) => idOf(names.groups, n) ?? unresolved('group', n);
  const side = (key: 'include' | 'exclude') =>
    [
      ...new Set([...strings(config[`${key}_group_ids`]), ...strings(config[`${key}_group_names`]).map(group)].map((g) => g.toLowerCase())),
    ].sort();
  const entries = Array.isArray(config.filters) ? (config.filters as Record<string, unknown>[]) : [];
  const filters = entries.flatMap((e): TargetFilter[] => {
    if (!e || typeof e !== 'object') return [];
    const target =
      typeof e.group_id === 'string'
        ? e.group_id
        : typeof e.group_name === 'string'
          ? group(e.group_name)
          : e.all_users === true
            ? 'all_users'
            : e.all_devices === true
              ? 'all_devices'
              : undefined;
    const filterId =
      typeof e.filter_id === 'string'
        ? e.filter_id
        : typeof e.filter_name === 'string'
          ? (idOf(names.filters, e.filter_name) ?? unresolved('filter', e.filter_name))
          : undefined;
    if (target === undefined || filterId === undefined || (e.mode !== 'include' && e.mode !== 'exclude')) return [];
    return [{ target, filter_id: filterId, mode: e.mode }];
  });
  const t: AssignmentTargets = {
    include_group_ids: side('include'),
    exclude_group_ids: side('exclude'),
    all_users: config.all_users === true,
    all_devices: config.all_devices === true,
  };
  const f = normaliseFilters(filters);
  if (f) t.filters = f;
  return t;
}

/** The target keys a set assigns (as TargetFilter.target names them). */
export function targetKeys(
  t: Pick<AssignmentTargets, 'include_group_ids' | 'exclude_group_ids' | 'all_users' | 'all_devices'>,
): Set<string> {
  return new Set(
    [...t.include_group_ids, ...t.exclude_group_ids]
      .map((g) => g.toLowerCase())
      .concat(t.all_users ? ['all_users'] : [], t.all_devices ? ['all_devices'] : []),
  );
}
