/**
 * Refresh and plan: read what exists, compare it with the stack, and decide one action per
 * resource. The comparison is on normalised views (certificates as base64 DER, flag lists and group
 * ids as sorted sets, defaults filled in) so that a plan right after an apply shows no changes.
 */
import { IntuneApi, assignmentsFromGraph, fromGraph, isScepType, resolveAssignmentGroups, withDefaults, type ProfileWithAssignments, type ResolvedGroups } from '../graph';
import { applySuppressions, certificateBytes, diagnostic, hasErrors, runRules, sortDiagnostics, type Diagnostic } from '../rules';
import { RESOURCES, isExpression, parseReference, replacementAttributes, type ResourceType } from '../schema';
import type { ConfigResource, ReadConfigResult } from './config';
import { UNKNOWN, isReplace, type Action, type AttrPathList, type Drift, type Plan, type ResourceChange } from './model';
import { differingAttributes, stateResource, type State, type StateResource } from './state';

/** Progress for the CLI's views; the engine never prints. */
export interface EngineHooks {
  onRefresh?(e: { objects: number; requests: number }): void;
  onPlan?(plan: Plan): void;
  onApplyStart?(e: { address: string; step: string }): void;
  onApplyDone?(e: { address: string; step: string; error?: string }): void;
}

export interface PlanOptions {
  readonly stack: string;
  readonly now: Date;
  readonly mode?: 'normal' | 'destroy' | 'refresh-only';
  /** Limit the plan to these addresses and what they depend on. */
  readonly targets?: readonly string[];
}

interface Actual {
  id: string;
  /** Our attribute form of the Graph object (profiles and roots) or of its assignment set. */
  attrs: Record<string, unknown>;
}

/** Attributes never compared: bookkeeping and computed ones. */
const NOT_COMPARED = new Set(['suppress_warnings', 'id', 'version', 'thumbprint', 'subject', 'not_after', 'resolved_include_group_ids', 'resolved_exclude_group_ids']);
/** Lists Graph keeps as sets: compared sorted. */
const SET_LISTS = new Set(['key_usage', 'role_scope_tag_ids', 'silent_access_app_ids', 'include_group_ids', 'exclude_group_ids']);

/** A certificate as base64 DER, whatever form it was given in (unreadable text stays as it is). */
function certificateBytesOrText(text: string): string {
  const b = certificateBytes(text);
  return b.ok ? b.der.toString('base64') : text;
}

/** An attribute value as compared: empty is null, certificates as DER, set-like lists sorted. */
export function normalise(name: string, value: unknown): unknown {
  if (value === undefined || value === null || value === '') return null;
  if (name === 'certificate' && typeof value === 'string') return certificateBytesOrText(value);
  if (SET_LISTS.has(name) && Array.isArray(value)) {
    const items = value.map((v) => (typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? v.toLowerCase() : v));
    return [...new Set(items)].sort();
  }
  return value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** A string known before apply (not a Terraform expression). */
const isLiteral = (v: unknown): v is string => typeof v === 'string' && !isExpression(v);

/** Profiles and roots as compared: every attribute of the type, normalised; computed ones left out. */
function profileView(type: ResourceType, attrs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(RESOURCES[type].attributes)) {
    if (NOT_COMPARED.has(name)) continue;
    const v = normalise(name, attrs[name]);
    if (v !== null) out[name] = v;
  }
  return out;
}

function mergeTargets(a: Record<string, unknown>, names: Record<string, string>, key: 'include' | 'exclude'): string[] {
  const ids = Array.isArray(a[`${key}_group_ids`]) ? (a[`${key}_group_ids`] as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  const byName = Array.isArray(a[`${key}_group_names`]) ? (a[`${key}_group_names`] as unknown[]).filter((x): x is string => typeof x === 'string').map((n) => names[n] ?? `(group ${JSON.stringify(n)})`) : [];
  return [...ids, ...byName];
}

/** Topological order of config resources (dependencies first); ties by address. */
function topoOrder(resources: readonly ConfigResource[]): ConfigResource[] {
  const by = new Map(resources.map((r) => [r.address, r]));
  const out: ConfigResource[] = [];
  const seen = new Set<string>();
  const visit = (r: ConfigResource, stack: string[]) => {
    if (seen.has(r.address)) return;
    if (stack.includes(r.address)) return; // a cycle: config/invalid-reference elsewhere would be better; keep order
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

/** Read the state's objects from the tenant, adopting pending creates the last run may have left. */
export async function refresh(
  state: State,
  api: IntuneApi,
): Promise<{ actual: Map<string, Actual | null>; tenant: ProfileWithAssignments[]; adopted: Record<string, StateResource>; drift: Drift[]; diagnostics: Diagnostic[] }> {
  const tenant = await api.listProfiles();
  const byId = new Map(tenant.map((p) => [p.id.toLowerCase(), p]));
  const resources: Record<string, StateResource> = { ...state.resources };
  const adopted: Record<string, StateResource> = {};
  for (const p of state.pending) {
    if (resources[p.address]) continue;
    const found = await api.client.findCreated('/deviceManagement/deviceConfigurations', p.odataType, p.displayName, p.startedAt);
    if (found) {
      const r: StateResource = { type: p.type, id: found.id, attrs: {}, config: p.config, dependencies: p.dependencies, createBeforeDestroy: p.createBeforeDestroy };
      resources[p.address] = r;
      adopted[p.address] = r;
      if (!byId.has(found.id.toLowerCase())) byId.set(found.id.toLowerCase(), (await api.get(found.id)) as ProfileWithAssignments);
    }
  }
  const sceps = Object.values(resources)
    .filter((r) => r.type === 'intune_scep_certificate_profile')
    .map((r) => byId.get(r.id.toLowerCase()))
    .filter((p): p is ProfileWithAssignments => p !== undefined && isScepType(p['@odata.type']));
  const links = await api.rootLinks(sceps);
  const actual = new Map<string, Actual | null>();
  const drift: Drift[] = [];
  /** Values in the tenant our schema cannot express (admin-center settings we do not model). */
  const diagnostics: Diagnostic[] = [];
  for (const [address, r] of Object.entries(resources)) {
    const entity = byId.get(r.id.toLowerCase());
    if (!entity) {
      actual.set(address, null);
      drift.push({ address, kind: 'deleted', paths: [], detail: `${address} (id ${r.id}) no longer exists in the tenant: deleted outside this stack.` });
      continue;
    }
    let attrs: Record<string, unknown>;
    if (r.type === 'intune_profile_assignment') attrs = { profile_id: r.id, ...assignmentsFromGraph(entity.assignments ?? []) };
    else {
      const link = links.get(entity.id);
      if (link && !link.ok) throw link.error;
      const read = fromGraph(entity, { rootId: link?.ok ? link.rootId : undefined, address });
      diagnostics.push(...read.diagnostics);
      attrs = read.attrs;
    }
    actual.set(address, { id: r.id, attrs });
    // Drift that happened: what the tenant holds now against what state recorded at the last apply
    // (an object adopted from a crashed run has no record yet, so nothing to compare).
    if (Object.keys(r.attrs).length > 0) {
      // Attributes Graph computes (version, ...) follow every edit: they say nothing of their own.
      const computed = (k: string) => RESOURCES[r.type].attributes[k]?.presence === 'computed';
      const paths = differingAttributes(r.attrs, attrs).filter((k) => !computed(k));
      if (paths.length > 0) drift.push({ address, kind: 'changed', paths: paths.map((p) => [p]), detail: `${address} (id ${r.id}) was changed outside this stack since the last apply: ${paths.join(', ')}.` });
    }
  }
  return { actual, tenant, adopted, drift, diagnostics };
}

/** Make the plan. Diagnostics with errors leave the plan without changes. */
export async function makePlan(config: ReadConfigResult, state: State, api: IntuneApi, options: PlanOptions, hooks: EngineHooks = {}): Promise<Plan> {
  const mode = options.mode ?? 'normal';
  const before = api.client.requests;
  const { actual, tenant, adopted, drift, diagnostics: readDiagnostics } = await refresh(state, api);
  hooks.onRefresh?.({ objects: actual.size, requests: api.client.requests - before });
  const resources: Record<string, StateResource> = { ...state.resources, ...adopted };

  const diagnostics: Diagnostic[] = [...config.diagnostics, ...readDiagnostics];
  const configResources = mode === 'destroy' ? [] : config.resources;
  diagnostics.push(...runRules(configResources, { now: options.now }));
  diagnostics.push(...unsupportedExpressions(configResources));

  // Tenant rules: groups by name and id.
  const groups: Record<string, string> = {};
  const assignments = configResources.filter((r) => r.type === 'intune_profile_assignment');
  const literals = (a: ConfigResource, key: string): string[] => ((a.attrs[key] as unknown[] | undefined) ?? []).filter(isLiteral);
  const resolved = await resolveAssignmentGroups(
    api.client,
    assignments.map((a) => ({
      address: a.address,
      include_group_ids: literals(a, 'include_group_ids'),
      exclude_group_ids: literals(a, 'exclude_group_ids'),
      include_group_names: literals(a, 'include_group_names'),
      exclude_group_names: literals(a, 'exclude_group_names'),
    })),
  );
  const tenantDiags: Diagnostic[] = [];
  assignments.forEach((a, i) => {
    const r = resolved[i] as ResolvedGroups;
    for (const [name, id] of r.byName) groups[name] = id;
    tenantDiags.push(...r.diagnostics);
    const flags = r.includedDeviceFlags;
    if (flags.length > 0 && a.attrs.all_users !== true && flags.every((f) => f === true)) {
      tenantDiags.push(diagnostic('assignment/device-group-delay', a.address, ['include_group_ids'], 'only device groups are included: the profile reaches a device after full device registration, while user groups deliver right after enrollment. Add the users\' group if certificates are needed at enrollment.'));
    }
  });
  diagnostics.push(...applySuppressions(tenantDiags, configResources));

  // A --target that names nothing would plan "No changes" and hide the typo.
  const known = new Set([...config.resources.map((r) => r.address), ...Object.keys(resources)]);
  for (const t of options.targets ?? []) {
    if (known.has(t)) continue;
    const name = t.split('.').pop() ?? t;
    const like = [...known].filter((a) => a.toLowerCase().includes(name.toLowerCase())).sort().slice(0, 3);
    diagnostics.push(diagnostic('plan/unknown-target', t, [], `--target ${t} is neither a resource of the stack nor in state; addresses look like intune_scep_certificate_profile.NAME.${like.length ? ` Did you mean ${like.join(', ')}?` : ' See "intune-scep state list".'}`));
  }

  const planState = { ...state, resources };
  const changes = hasErrors(diagnostics) ? [] : diff(configResources, planState, actual, groups, mode, options.targets);
  // prevent_destroy: a plan that would delete or replace the object is an error.
  const lifecycle = new Map(config.resources.map((r) => [r.address, r.lifecycle]));
  for (const c of changes) {
    if ((c.action === 'delete' || isReplace(c.action)) && lifecycle.get(c.address)?.preventDestroy) {
      diagnostics.push(diagnostic('plan/prevent-destroy', c.address, [], `the plan would ${c.action === 'delete' ? 'delete' : 'replace'} ${c.address}${c.reason ? ` (${c.reason})` : ''}, but it has lifecycle.prevent_destroy = true. Remove prevent_destroy to allow it, or change the stack so the object stays.`));
    }
  }

  // reference/root-still-used: a root deleted while a SCEP profile that stays still links to it.
  if (!hasErrors(diagnostics)) diagnostics.push(...(await rootsStillUsed(changes, planState, tenant, api)));

  const finalChanges = hasErrors(diagnostics) ? [] : changes;
  const notes = finalChanges
    .filter((c) => c.type === 'intune_scep_certificate_profile' && (c.action === 'delete' || isReplace(c.action)))
    .map((c) => `${c.action === 'delete' ? 'Deleting' : 'Replacing'} ${c.address} makes every device that has it request a new certificate${c.action === 'delete' ? ' (or lose it)' : ''}; certificates it issued may be revoked, and Wi-Fi, VPN or 802.1X connections that use them drop until devices enroll again.`);
  const plan: Plan = {
    formatVersion: 1,
    stack: options.stack,
    lineage: state.lineage,
    serial: state.serial,
    mode,
    changes: finalChanges,
    drift,
    notes,
    diagnostics: sortDiagnostics(diagnostics),
    groups,
    refreshed: Object.fromEntries([...actual].map(([k, v]) => [k, v])),
  };
  hooks.onPlan?.(plan);
  return plan;
}

/** Reference attributes whose `${intune_x.name.id}` the engine resolves itself. */
const RESOLVED_REFERENCES = new Set(['root_certificate_id', 'profile_id']);

/**
 * The engine does not evaluate Terraform: any expression other than a reference to another intune
 * resource's id (in root_certificate_id or profile_id) would reach Graph as literal text.
 */
function unsupportedExpressions(resources: readonly ConfigResource[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of resources) {
    const walk = (value: unknown, path: (string | number)[]) => {
      if (typeof value === 'string' && isExpression(value)) {
        const ref = parseReference(value);
        const ok = path.length === 1 && RESOLVED_REFERENCES.has(String(path[0])) && ref !== undefined && ref.type.startsWith('intune_') && ref.attribute === 'id';
        if (!ok) {
          out.push(diagnostic('config/unsupported-expression', r.address, path, `${path.join('.')} = ${JSON.stringify(value)}: intune-scep's engine does not evaluate Terraform expressions (variables, other providers' resources, functions). Write the value itself in the stack, or run it through Terraform with the intune provider, which evaluates them.`));
        }
      } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    };
    for (const [k, v] of Object.entries(r.attrs)) walk(v, [k]);
  }
  return out;
}

async function rootsStillUsed(changes: readonly ResourceChange[], state: State, tenant: readonly ProfileWithAssignments[], api: IntuneApi): Promise<Diagnostic[]> {
  const deletedRoots = changes.filter((c) => c.type === 'intune_trusted_root_certificate' && (c.action === 'delete' || isReplace(c.action)) && c.id).map((c) => ({ address: c.address, id: (c.id as string).toLowerCase() }));
  if (deletedRoots.length === 0) return [];
  const goingAway = new Set(changes.filter((c) => (c.action === 'delete' || isReplace(c.action)) && c.id).map((c) => (c.id as string).toLowerCase()));
  const repointed = new Set(changes.filter((c) => c.type === 'intune_scep_certificate_profile' && c.changedPaths.some((p) => p[0] === 'root_certificate_id') && c.id).map((c) => (c.id as string).toLowerCase()));
  const staying = tenant.filter((p) => isScepType(p['@odata.type']) && !goingAway.has(p.id.toLowerCase()) && !repointed.has(p.id.toLowerCase()));
  if (staying.length === 0) return [];
  const links = await api.rootLinks(staying);
  const byIdAddress = new Map(Object.entries(state.resources).map(([a, r]) => [r.id.toLowerCase(), a]));
  const out: Diagnostic[] = [];
  for (const root of deletedRoots) {
    const users = staying.filter((p) => {
      const l = links.get(p.id);
      return l?.ok && l.rootId?.toLowerCase() === root.id;
    });
    if (users.length === 0) continue;
    const named = users.map((u) => byIdAddress.get(u.id.toLowerCase()) ?? `"${String(u.displayName)}" (${u.id}, not in this stack)`);
    out.push(diagnostic('reference/root-still-used', root.address, [], `the plan deletes ${root.address}, but ${named.join(', ')} still ${users.length === 1 ? 'references' : 'reference'} it and ${users.length === 1 ? 'stays' : 'stay'}. Point ${users.length === 1 ? 'it' : 'them'} at another trusted root first, or delete ${users.length === 1 ? 'it' : 'them'} too.`));
  }
  return out;
}

function diff(
  config: readonly ConfigResource[],
  state: State,
  actual: ReadonlyMap<string, Actual | null>,
  groups: Readonly<Record<string, string>>,
  mode: 'normal' | 'destroy' | 'refresh-only',
  targets: readonly string[] | undefined,
): ResourceChange[] {
  const changes = new Map<string, ResourceChange>();
  const configBy = new Map(config.map((r) => [r.address, r]));
  /** Addresses whose Graph id is unknown until apply (created or replaced). */
  const newIds = new Set<string>();

  const idOf = (ref: unknown): string => {
    const parsed = parseReference(ref);
    if (!parsed) return typeof ref === 'string' ? ref : UNKNOWN;
    if (newIds.has(parsed.address)) return UNKNOWN;
    return state.resources[parsed.address]?.id ?? UNKNOWN;
  };

  // create_before_destroy propagates to what a resource depends on (as in Terraform): an object that
  // destroys first cannot sit under one that creates first, or apply would wait on itself (the old
  // object's delete waits for its dependants, whose new halves wait for the new object, which waits
  // for the delete). Forced here, the plan says so.
  const forcedBy = new Map<string, string>();
  const visited = new Set<string>();
  const force = (address: string, by: string) => {
    const d = configBy.get(address);
    if (!d || visited.has(address)) return;
    visited.add(address);
    if (d.lifecycle.createBeforeDestroy === false) forcedBy.set(address, by);
    for (const next of d.dependsOn) force(next, by);
  };
  for (const r of config) if ((r.lifecycle.createBeforeDestroy ?? true) === true) for (const d of r.dependsOn) force(d, r.address);

  for (const r of topoOrder(config)) {
    const prior = state.resources[r.address];
    const now = prior ? actual.get(r.address) : undefined;
    const cbd = (r.lifecycle.createBeforeDestroy ?? true) || forcedBy.has(r.address);
    const desired = { config: { ...r.attrs }, dependsOn: r.dependsOn, createBeforeDestroy: cbd };
    let after: Record<string, unknown>;
    let before: Record<string, unknown> | null = null;
    const changed: AttrPathList = [];

    if (r.type === 'intune_profile_assignment') {
      after = {
        profile_id: idOf(r.attrs.profile_id),
        include_group_ids: normalise('include_group_ids', mergeTargets(r.attrs, groups, 'include')) ?? [],
        exclude_group_ids: normalise('exclude_group_ids', mergeTargets(r.attrs, groups, 'exclude')) ?? [],
        all_users: r.attrs.all_users === true,
        all_devices: r.attrs.all_devices === true,
      };
      if (now) {
        before = { ...now.attrs, include_group_ids: normalise('include_group_ids', now.attrs.include_group_ids) ?? [], exclude_group_ids: normalise('exclude_group_ids', now.attrs.exclude_group_ids) ?? [] };
        const exclusive = r.attrs.exclusive !== false;
        for (const key of Object.keys(after)) {
          if (key === 'profile_id') {
            if (after.profile_id !== before.profile_id) changed.push([key]);
            continue;
          }
          if (exclusive) {
            if (!same(after[key], before[key])) changed.push([key]);
          } else if (Array.isArray(after[key])) {
            const have = new Set(before[key] as string[]);
            if ((after[key] as string[]).some((x) => !have.has(x))) changed.push([key]);
          } else if (after[key] === true && before[key] !== true) changed.push([key]);
        }
        if (!exclusive) after = { ...after, exclusive: false };
      }
    } else {
      const effective = withDefaults(r.type, r.attrs);
      if (r.type === 'intune_scep_certificate_profile') effective.root_certificate_id = idOf(r.attrs.root_certificate_id);
      after = profileView(r.type, effective);
      if (now) {
        before = profileView(r.type, now.attrs);
        const ignored = r.lifecycle.ignoreChanges;
        const managed = new Set([...Object.keys(after), ...Object.keys(prior?.config ?? {}).filter((k) => !NOT_COMPARED.has(k))]);
        for (const key of [...managed].sort()) {
          if (ignored === 'all' || ignored.includes(key)) continue;
          const want = key in after ? after[key] : null;
          const have = key in before ? before[key] : null;
          if (want === null && (have === null || !(key in RESOURCES[r.type].attributes))) continue;
          if (key in after || prior?.config[key] !== undefined) {
            if (!same(want, have)) changed.push([key]);
          }
        }
        if (ignored === 'all' || ignored.length > 0) for (const key of ignored === 'all' ? Object.keys(after) : ignored) if (key in before) after[key] = before[key];
      }
    }

    let action: Action;
    let reason: string | undefined;
    let replacePaths: AttrPathList = [];
    if (!prior || now === null || now === undefined) {
      action = 'create';
      if (prior && now === null) reason = 'it was deleted outside this stack';
    } else if (changed.length === 0) action = 'no-op';
    else {
      const forcing = replacementAttributes(r.type).filter((a) => changed.some((p) => p[0] === a.name));
      if (forcing.length > 0) {
        action = cbd ? 'create-then-delete' : 'delete-then-create';
        replacePaths = forcing.map((f) => [f.name]);
        reason = forcing.map((f) => f.reason).join('; ');
        const by = forcedBy.get(r.address);
        if (by) reason += `; create_before_destroy = false is overridden because ${by} depends on it and creates before it destroys`;
      } else action = 'update';
    }
    if (action === 'create' || isReplace(action)) newIds.add(r.address);
    changes.set(r.address, {
      address: r.address,
      type: r.type,
      name: r.name,
      action,
      before,
      after,
      changedPaths: changed,
      replacePaths,
      reason,
      id: prior && now ? prior.id : undefined,
      desired,
      priorDependencies: prior?.dependencies ?? [],
    });
  }

  for (const [address, prior] of Object.entries(state.resources)) {
    if (configBy.has(address)) continue;
    const now = actual.get(address);
    if (now === null) continue; // already gone: state forgets it on apply
    changes.set(address, {
      address,
      type: prior.type,
      name: address.slice(address.indexOf('.') + 1),
      action: 'delete',
      before: prior.type === 'intune_profile_assignment' ? (now?.attrs ?? null) : now ? profileView(prior.type, now.attrs) : null,
      after: null,
      changedPaths: [],
      replacePaths: [],
      reason: mode === 'destroy' ? 'destroy' : 'it is no longer in the stack',
      id: prior.id,
      desired: undefined,
      priorDependencies: prior.dependencies,
    });
  }

  let list = [...changes.values()];
  if (mode === 'refresh-only') {
    // Read into state only what differs from state (deleted, or changed outside the stack): the same
    // comparison apply uses to decide what to write. The rest is a no-op, so a clean tenant shows none.
    list = list
      .filter((c) => c.before !== null || stateResource(state, c.address))
      .map((c) => {
        const held = stateResource(state, c.address);
        const read = actual.get(c.address);
        const drifted = !held || !read || differingAttributes(held.attrs, read.attrs).length > 0;
        return { ...c, action: (drifted ? 'read' : 'no-op') as Action, replacePaths: [] };
      });
  }
  if (targets && targets.length > 0) {
    const keep = new Set<string>();
    const add = (a: string) => {
      if (keep.has(a)) return;
      keep.add(a);
      for (const d of changes.get(a)?.desired?.dependsOn ?? changes.get(a)?.priorDependencies ?? []) add(d);
    };
    for (const t of targets) add(t);
    list = list.filter((c) => keep.has(c.address));
  }
  return list.sort((a, b) => a.address.localeCompare(b.address));
}
