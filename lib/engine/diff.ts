/**
 * Diff: a pure function of the schema, the prior state (as refresh left it), what the tenant holds
 * (remote) and the stack (desired). It decides one action per object and never talks to Graph, so it
 * is table-tested without a server (Terraform's `plans/objchange`).
 *
 * Values are compared normalised (`normalise`): empty is null, certificates as base64 DER, set-like
 * lists (a fact on the attribute's schema) sorted and de-duplicated, group ids lower case.
 */
import { normaliseFilters, withDefaults, type AssignmentTargets, type TargetFilter } from '../graph';
import { certificateBytes, diagnostic, type Diagnostic } from '../rules';
import {
  RESOURCES,
  attributesWith,
  effectiveValue,
  isCompared,
  parseReference,
  replacementAttributes,
  type Reference,
  type ResourceType,
} from '../schema';
import { resolveReferences } from './references';
import type { ConfigResource } from './config';
import {
  KNOWN_AFTER_APPLY,
  creates,
  type AttrPathList,
  type Desired,
  type PriorState,
  type ResourceChange,
  type AttributeView,
} from './model';
import { differingAttributes } from '../state';
import { targetKeys, targetsOfConfig } from './assignment-targets';

/** What the tenant holds for an address: our attribute form of the object, or of its assignment set. */
export interface TenantView {
  readonly id: string;
  readonly attrs: Record<string, unknown>;
}

export interface DiffInput {
  readonly desired: readonly ConfigResource[];
  readonly prior: PriorState;
  /** By address of prior.resources; null: the object state holds is gone from the tenant. */
  readonly remote: ReadonlyMap<string, TenantView | null>;
  /** Group names resolved at plan time (name → id). */
  readonly groups: Readonly<Record<string, string>>;
  /** Assignment filter names resolved at plan time (name → id). */
  readonly filters?: Readonly<Record<string, string>>;
  readonly mode: 'normal' | 'destroy' | 'refresh-only';
  /** Limit the changes to these addresses and what they depend on. */
  readonly targets?: readonly string[] | undefined;
}

export interface DiffResult {
  readonly changes: ResourceChange[];
  readonly diagnostics: Diagnostic[];
}

/** A certificate as base64 DER, whatever form it was given in (unreadable text stays as it is). */
function certificateBytesOrText(text: string): string {
  const b = certificateBytes(text);
  return b.ok ? b.der.toString('base64') : text;
}

const SET_LIKE = new Set(Object.keys(RESOURCES).flatMap((t) => [...attributesWith(t as ResourceType, 'setLike')]));
const byType = <T>(f: (type: ResourceType) => T) =>
  Object.fromEntries(Object.keys(RESOURCES).map((t) => [t, f(t as ResourceType)])) as Record<ResourceType, T>;
/** Per type, the attributes a plan compares (schema facts, computed once: diff runs per object). */
const COMPARED = byType((t) =>
  Object.entries(RESOURCES[t].attributes)
    .filter(([, def]) => isCompared(def))
    .map(([name]) => name),
);
/** Per type, the attributes that hold another resource's id. */
const REFERENCES = byType((t) => [...attributesWith(t, 'references')]);
/** Per type, the settings of the stack kept in state (revoke_on_destroy). */
const KEPT_IN_STATE = byType((t) => [...attributesWith(t, 'keptInState')]);

/** An attribute value as compared: empty is null, certificates as DER, set-like lists sorted. */
export function normalise(name: string, value: unknown): unknown {
  if (value === undefined || value === null || value === '') return null;
  if (name === 'certificate' && typeof value === 'string') return certificateBytesOrText(value);
  if (SET_LIKE.has(name) && Array.isArray(value)) {
    const items = value.map((v) => (typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? v.toLowerCase() : v));
    return [...new Set(items)].sort();
  }
  return value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Whether two values of attribute `name` mean the same to Graph: the comparison diff makes, for the
 * provider too. `emptyIsUnset`: an empty list or false is no value (Terraform sends them for unset
 * optional attributes).
 */
export function sameAttribute(name: string, a: unknown, b: unknown, options: { emptyIsUnset?: boolean } = {}): boolean {
  const n = (v: unknown) => {
    const x = normalise(name, v);
    return options.emptyIsUnset && ((Array.isArray(x) && x.length === 0) || x === false) ? null : x;
  };
  return same(n(a), n(b));
}

/** Profiles and roots as compared: every compared attribute of the type, normalised. */
export function profileView(type: ResourceType, attrs: Record<string, unknown>): AttributeView {
  const out: AttributeView = {};
  for (const name of COMPARED[type]) {
    const v = normalise(name, attrs[name]);
    if (v !== null) out[name] = v;
  }
  return out;
}

/** What a plan shows of an object it deletes or reads: an assignment set as read, a profile or root as compared. */
function shown(type: ResourceType, attrs: Record<string, unknown>): AttributeView {
  return type === 'intune_profile_assignment' ? attrs : profileView(type, attrs);
}

/** `type.name` → `name`. */
const nameOf = (address: string) => address.slice(address.indexOf('.') + 1);

/** An assignment set as Graph holds it: group ids as sets, filters by target (absent when none). */
export function assignmentView(attrs: Record<string, unknown>): AttributeView {
  const { filters, ...rest } = attrs;
  const f = normaliseFilters(filters as TargetFilter[] | undefined);
  return {
    ...rest,
    include_group_ids: normalise('include_group_ids', attrs.include_group_ids) ?? [],
    exclude_group_ids: normalise('exclude_group_ids', attrs.exclude_group_ids) ?? [],
    ...(f ? { filters: f } : {}),
  };
}

/** Topological order of config resources (dependencies first); ties by address. */
function topoOrder(resources: readonly ConfigResource[]): ConfigResource[] {
  const by = new Map(resources.map((r) => [r.address, r]));
  const out: ConfigResource[] = [];
  const seen = new Set<string>();
  const visit = (r: ConfigResource, stack: string[]) => {
    if (seen.has(r.address) || stack.includes(r.address)) return; // a cycle is reported by config; keep order
    for (const d of r.dependsOn) {
      const dep = by.get(d);
      if (dep) visit(dep, [...stack, r.address]);
    }
    seen.add(r.address);
    out.push(r);
  };
  for (const r of [...resources].sort((a, b) => a.address.localeCompare(b.address))) visit(r, []);
  return out;
}

/**
 * create_before_destroy propagates to what a resource depends on (as in Terraform): an object that
 * destroys first cannot sit under one that creates first, or apply would wait on itself (the old
 * object's delete waits for its dependants, whose new halves wait for the new object, which waits for
 * the delete). Returns the objects forced, with the dependant that forces each.
 */
function forcedCreateFirst(config: readonly ConfigResource[]): Map<string, string> {
  const by = new Map(config.map((r) => [r.address, r]));
  const forcedBy = new Map<string, string>();
  const visited = new Set<string>();
  const force = (address: string, dependant: string) => {
    const d = by.get(address);
    if (!d || visited.has(address)) return;
    visited.add(address);
    if (d.lifecycle.createBeforeDestroy === false) forcedBy.set(address, dependant);
    for (const next of d.dependsOn) force(next, dependant);
  };
  for (const r of config) if ((r.lifecycle.createBeforeDestroy ?? true) === true) for (const d of r.dependsOn) force(d, r.address);
  return forcedBy;
}

/** The attributes of a profile or root that differ, honouring ignore_changes; `after` takes ignored values from `before`. */
function profileChanges(
  r: ConfigResource,
  after: AttributeView,
  before: AttributeView,
  priorConfig: Record<string, unknown> | undefined,
): AttrPathList {
  const changed: AttrPathList = [];
  const ignored = r.lifecycle.ignoreChanges;
  const defs = RESOURCES[r.type].attributes;
  // Attributes the stack sets, or set at the last apply (unset now: to be cleared).
  const managed = new Set([
    ...Object.keys(after),
    ...Object.keys(priorConfig ?? {}).filter((k) => defs[k] !== undefined && isCompared(defs[k])),
  ]);
  for (const key of [...managed].sort()) {
    if (ignored === 'all' || ignored.includes(key)) continue;
    const want = key in after ? after[key] : null;
    const have = key in before ? before[key] : null;
    if (want === null && have === null) continue;
    if (!same(want, have)) changed.push([key]);
  }
  if (ignored === 'all' || ignored.length > 0)
    for (const key of ignored === 'all' ? Object.keys(after) : ignored) if (key in before) after[key] = before[key];
  return changed;
}

/**
 * The attributes of an assignment set that differ; a non-exclusive set only misses targets, never has
 * extra. Filters: exclusive, the lists agree; not exclusive, the filters on the set's own targets do
 * (filters on targets made elsewhere are left alone).
 */
function assignmentChanges(exclusive: boolean, after: AttributeView, before: AttributeView): AttrPathList {
  const changed: AttrPathList = [];
  const keys = new Set([...Object.keys(after), ...('filters' in before ? ['filters'] : [])]);
  for (const key of [...keys].sort()) {
    if (key === 'filters') {
      const own = targetKeys(after as unknown as AssignmentTargets);
      const have = ((before.filters ?? []) as TargetFilter[]).filter((f) => exclusive || own.has(f.target));
      if (!same(after.filters ?? [], have)) changed.push([key]);
    } else if (key === 'profile_id' || exclusive) {
      if (!same(after[key], before[key])) changed.push([key]);
    } else if (Array.isArray(after[key])) {
      const have = new Set(before[key] as string[]);
      if ((after[key] as string[]).some((x) => !have.has(x))) changed.push([key]);
    } else if (after[key] === true && before[key] !== true) changed.push([key]);
  }
  return changed;
}

export function diff(input: DiffInput): DiffResult {
  const { prior, remote, mode } = input;
  const names = { groups: input.groups, filters: input.filters ?? {} };
  const desired = mode === 'destroy' ? [] : input.desired;
  const changes = new Map<string, ResourceChange>();
  const configBy = new Map(desired.map((r) => [r.address, r]));
  const held = (address: string) => (Object.hasOwn(prior.resources, address) ? prior.resources[address] : undefined);
  /** Addresses whose Graph id is unknown until apply (created or replaced). */
  const newIds = new Set<string>();
  const idOf = (ref: unknown): string => {
    const parsed = parseReference(ref);
    if (!parsed) return typeof ref === 'string' ? ref : KNOWN_AFTER_APPLY;
    if (newIds.has(parsed.address)) return KNOWN_AFTER_APPLY;
    return held(parsed.address)?.id ?? KNOWN_AFTER_APPLY;
  };
  /**
   * What another resource's attribute will be (references.ts): what the tenant holds, unless the
   * plan creates or replaces that resource, or changes the attribute.
   */
  const valueOf = (ref: Reference): unknown => {
    const c = changes.get(ref.address);
    if (!c || creates(c) || (c.action === 'update' && c.changedPaths.some((p) => p[0] === ref.attribute))) return KNOWN_AFTER_APPLY;
    if (ref.attribute === 'id') return held(ref.address)?.id ?? KNOWN_AFTER_APPLY;
    const v = remote.get(ref.address)?.attrs[ref.attribute];
    return v === undefined || v === null ? KNOWN_AFTER_APPLY : v;
  };
  const forcedBy = forcedCreateFirst(desired);

  for (const r of topoOrder(desired)) {
    const was = held(r.address);
    const now = was ? remote.get(r.address) : undefined;
    const cbd = (r.lifecycle.createBeforeDestroy ?? true) || forcedBy.has(r.address);
    const want: Desired = { config: { ...r.attrs }, dependsOn: r.dependsOn, createBeforeDestroy: cbd };
    // Fields written out, not spread: diff runs per object, and spreads cost at 10,000 objects.
    const { address, type, name } = r;
    const priorDependencies = was?.dependencies ?? [];
    let after: AttributeView;
    let before: AttributeView | null = null;
    let changed: AttrPathList = [];
    if (r.type === 'intune_profile_assignment') {
      const exclusive = r.attrs.exclusive !== false;
      const t = targetsOfConfig(r.attrs, names);
      after = {
        profile_id: idOf(r.attrs.profile_id),
        include_group_ids: t.include_group_ids,
        exclude_group_ids: t.exclude_group_ids,
        all_users: t.all_users,
        all_devices: t.all_devices,
        ...(t.filters ? { filters: t.filters } : {}),
      };
      if (now) {
        before = assignmentView(now.attrs);
        changed = assignmentChanges(exclusive, after, before);
        if (!exclusive) after = { ...after, exclusive: false };
      }
    } else {
      const effective = withDefaults(r.type, resolveReferences(r.attrs, valueOf));
      for (const name of REFERENCES[r.type]) if (name in effective) effective[name] = idOf(r.attrs[name]);
      after = profileView(r.type, effective);
      if (now) {
        before = profileView(r.type, now.attrs);
        changed = profileChanges(r, after, before, was?.config);
      }
      // Settings kept in state: shown, and a change is an update that only state records.
      for (const name of KEPT_IN_STATE[r.type]) {
        const def = RESOURCES[r.type].attributes[name];
        after[name] = effectiveValue(def, name, r.attrs);
        if (now && before) {
          before[name] = effectiveValue(def, name, was?.config ?? {});
          if (!same(after[name], before[name])) changed = [...changed, [name]].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
        }
      }
    }

    let change: ResourceChange;
    if (!was || !now || before === null) {
      const reason = was && now === null ? 'it was deleted outside this stack' : undefined;
      change = {
        address,
        type,
        name,
        priorDependencies,
        action: 'create',
        before: null,
        after,
        changedPaths: changed,
        replacePaths: [],
        desired: want,
        reason,
      };
    } else if (changed.length === 0)
      change = {
        address,
        type,
        name,
        priorDependencies,
        action: 'no-op',
        before,
        after,
        changedPaths: [],
        replacePaths: [],
        id: was.id,
        desired: want,
      };
    else {
      const forcing = replacementAttributes(r.type).filter((a) => changed.some((p) => p[0] === a.name));
      if (forcing.length > 0) {
        const by = forcedBy.get(r.address);
        const reason =
          forcing.map((f) => f.reason).join('; ') +
          (by ? `; create_before_destroy = false is overridden because ${by} depends on it and creates before it destroys` : '');
        change = {
          address,
          type,
          name,
          priorDependencies,
          action: cbd ? 'create-then-delete' : 'delete-then-create',
          before,
          after,
          changedPaths: changed,
          replacePaths: forcing.map((f) => [f.name]),
          reason,
          id: was.id,
          desired: want,
        };
      } else
        change = {
          address,
          type,
          name,
          priorDependencies,
          action: 'update',
          before,
          after,
          changedPaths: changed,
          replacePaths: [],
          id: was.id,
          desired: want,
        };
    }
    if (creates(change)) newIds.add(r.address);
    changes.set(r.address, change);
  }

  for (const [address, was] of Object.entries(prior.resources)) {
    if (configBy.has(address)) continue;
    const now = remote.get(address);
    if (now === null) continue; // already gone: state forgets it on apply
    changes.set(address, {
      address,
      type: was.type,
      name: nameOf(address),
      action: 'delete',
      before: now ? shown(was.type, now.attrs) : null,
      after: null,
      changedPaths: [],
      replacePaths: [],
      reason: mode === 'destroy' ? 'destroy' : 'it is no longer in the stack',
      id: was.id,
      priorDependencies: was.dependencies,
    });
  }

  let list = [...changes.values()];
  // Deposed objects (set aside by a replacement that did not finish) are deleted in every mode but refresh-only.
  if (mode !== 'refresh-only') {
    for (const d of prior.deposed) {
      list.push({
        address: d.address,
        type: d.resource.type,
        name: nameOf(d.address),
        action: 'delete',
        deposed: true,
        before: shown(d.resource.type, d.resource.attrs),
        after: null,
        changedPaths: [],
        replacePaths: [],
        reason: `deposed object ${d.resource.id}: the old object of a replacement a previous run did not finish`,
        id: d.resource.id,
        priorDependencies: d.resource.dependencies,
      });
    }
  }

  if (mode === 'refresh-only') {
    // Read into state only what differs from state (deleted, or changed outside the stack): the same
    // comparison apply uses to decide what to write. The rest is a no-op, so a clean tenant shows none.
    list = list.flatMap((c): ResourceChange[] => {
      const was = held(c.address);
      if (!was) return [];
      const read = remote.get(c.address);
      const drifted = !read || differingAttributes(was.attrs, read.attrs).length > 0;
      const before = c.before ?? (read ? shown(was.type, read.attrs) : null);
      const common = {
        address: c.address,
        type: c.type,
        name: c.name,
        priorDependencies: c.priorDependencies,
        changedPaths: c.changedPaths,
        replacePaths: [] as const,
        id: was.id,
        desired: c.desired,
        reason: c.reason,
      };
      return drifted
        ? [{ ...common, action: 'read', before, after: c.after }]
        : [{ ...common, action: 'no-op', before: before ?? {}, after: c.after ?? before ?? {} }];
    });
  }

  const diagnostics = replaceOrder(list, desired);

  if (input.targets && input.targets.length > 0) {
    const keep = new Set<string>();
    const add = (a: string) => {
      if (keep.has(a)) return;
      keep.add(a);
      for (const d of changes.get(a)?.desired?.dependsOn ?? changes.get(a)?.priorDependencies ?? []) add(d);
    };
    for (const t of input.targets) add(t);
    list = list.filter((c) => keep.has(c.address));
  }
  list.sort(
    (a, b) =>
      a.address.localeCompare(b.address) ||
      Number(a.action === 'delete' && a.deposed === true) - Number(b.action === 'delete' && b.deposed === true),
  );
  return { changes: list, diagnostics };
}

/**
 * A delete-first replacement of X deletes X while its dependants still point at it: only a dependant
 * that is itself deleted or replaced delete-first lets go of X in time. A dependant that stays (an
 * update, or none) would keep X in use and apply would fail half-way, so the plan is refused.
 * (A dependant that creates first forces X to create first too: see forcedCreateFirst.)
 */
function replaceOrder(changes: readonly ResourceChange[], desired: readonly ConfigResource[]): Diagnostic[] {
  const by = new Map(changes.map((c) => [c.address, c]));
  const out: Diagnostic[] = [];
  for (const c of changes) {
    if (c.action !== 'delete-then-create') continue;
    // Dependants whose existing object stays (a create makes a new one, which waits for the new X).
    const staying = desired
      .filter((d) => d.dependsOn.includes(c.address))
      .filter((d) => {
        const action = by.get(d.address)?.action;
        return action === 'update' || action === 'no-op' || action === 'create-then-delete';
      });
    if (staying.length === 0) continue;
    const names = staying.map((d) => d.address).join(', ');
    out.push(
      diagnostic(
        'plan/replace-order',
        c.address,
        [],
        `${c.address} must be replaced (${c.reason ?? 'a change that forces replacement'}) and has lifecycle.create_before_destroy = false, so its old object would be deleted first; but ${names} ${staying.length === 1 ? 'stays and references' : 'stay and reference'} it, and Intune does not delete an object in use. Remove create_before_destroy = false from ${c.address} (the new object is then created first and ${staying.length === 1 ? 'its dependant re-pointed' : 'its dependants re-pointed'}), or let ${staying.length === 1 ? 'the dependant' : 'the dependants'} be replaced too.`,
      ),
    );
  }
  return out;
}
