/**
 * Apply: walk the plan as a graph of named steps, concurrently where independent, under the
 * Graph client's shared budget. State is written after every step that changed the tenant.
 *
 * | step     | for                                   | runs after                                     |
 * |----------|---------------------------------------|------------------------------------------------|
 * | create   | create, and the new half of a replace | the create/update steps of its dependencies    |
 * | update   | update in place (PATCH, $ref, assign) | the create/update steps of its dependencies    |
 * | delete   | delete, and the old half of a replace | every step of the objects that depended on it  |
 * |          |                                       | (they are re-pointed first); create-then-delete|
 * |          |                                       | also waits for its own create                  |
 * A delete-then-create replace runs its delete first and its create after it.
 * A failed step stops the steps that depend on it, not the run; every error is reported at the end.
 */
import { GraphRequestError, MappingError, fromGraph, type IntuneApi } from '../graph';
import { parseReference } from '../schema';
import { isReplace, type Plan, type ResourceChange } from './model';
import { profileBody, removeAssignments, setAssignments, updateProfile } from './operations';
import type { EngineHooks } from './plan';
import { differingAttributes, journal, writeState, type State, type StateResource } from './state';

/** Journal entries between full snapshots of the state. */
const COMPACT_EVERY = 1000;

export interface ApplyOptions {
  readonly api: IntuneApi;
  readonly stateFile: string;
  /** The state as read (and locked) for this run. */
  readonly state: State;
  readonly now: () => number;
  readonly hooks?: EngineHooks;
  /** Steps in flight at once (the Graph budget paces the requests). */
  readonly concurrency?: number;
  /**
   * Aborted (Ctrl-C, SIGTERM): no new step starts; the steps in flight finish (their requests are
   * bounded by the client's deadlines), state is written, and the steps never started are reported.
   */
  readonly signal?: AbortSignal;
}

export interface ApplyError {
  readonly address: string;
  readonly step: string;
  readonly message: string;
}

export interface ApplyResult {
  readonly state: State;
  readonly errors: readonly ApplyError[];
  /** Steps that changed the tenant. */
  readonly applied: number;
  /** The run was interrupted: `errors` lists the steps it did not start. */
  readonly interrupted: boolean;
}

interface Step {
  readonly key: string;
  readonly address: string;
  readonly kind: 'create' | 'update' | 'delete';
  readonly deps: Set<string>;
  readonly run: () => Promise<void>;
}

function message(e: unknown): string {
  if (e instanceof GraphRequestError) return e.oneLine();
  if (e instanceof MappingError) return `${e.message}`;
  return (e as Error).message;
}

export async function applyPlan(plan: Plan, o: ApplyOptions): Promise<ApplyResult> {
  let state: State = { ...o.state, resources: { ...o.state.resources }, pending: [...o.state.pending] };
  /** Full snapshot: at the start, every COMPACT_EVERY journal entries, and at the end. */
  const save = () => {
    state = writeState(o.stateFile, state);
    entries = 0;
  };
  let entries = 0;
  const note = (change: Parameters<typeof journal>[2]) => {
    journal(o.stateFile, state, change);
    if (++entries >= COMPACT_EVERY) save();
  };
  const errors: ApplyError[] = [];
  let applied = 0;

  // Objects a crashed run made (adopted by refresh) join the state; its other pending creates were not made.
  let adopted = false;
  for (const c of plan.changes) {
    if (c.id && !state.resources[c.address] && c.desired) {
      state.resources[c.address] = { type: c.type, id: c.id, attrs: plan.refreshed[c.address]?.attrs ?? {}, config: c.desired.config, dependencies: [...c.desired.dependsOn], createBeforeDestroy: c.desired.createBeforeDestroy };
      adopted = true;
    }
  }
  if (adopted || state.pending.length > 0) {
    state.pending = [];
    save();
  }

  const byAddress = new Map(plan.changes.map((c) => [c.address, c]));
  const deletingIds = new Set(plan.changes.filter((c) => (c.action === 'delete' || isReplace(c.action)) && c.id).map((c) => c.id as string));

  /** The Graph id a reference (or a literal id) stands for, now. */
  const resolve = (value: unknown): string => {
    const ref = parseReference(value);
    if (!ref) return String(value);
    const r = state.resources[ref.address];
    if (!r) throw new Error(`${ref.address} has no Graph id yet (its create did not run)`);
    return r.id;
  };

  const record = (c: ResourceChange, id: string, attrs: Record<string, unknown>) => {
    const d = c.desired as NonNullable<ResourceChange['desired']>;
    note({ op: 'put', address: c.address, resource: { type: c.type, id, attrs, config: d.config, dependencies: [...d.dependsOn], createBeforeDestroy: d.createBeforeDestroy } });
    applied++;
  };

  const targetsOf = (config: Record<string, unknown>) => {
    const names = (key: string) => ((config[key] as string[] | undefined) ?? []).map((n) => plan.groups[n] ?? n);
    return {
      include_group_ids: [...((config.include_group_ids as string[] | undefined) ?? []), ...names('include_group_names')],
      exclude_group_ids: [...((config.exclude_group_ids as string[] | undefined) ?? []), ...names('exclude_group_names')],
      all_users: config.all_users === true,
      all_devices: config.all_devices === true,
    };
  };

  const assign = async (c: ResourceChange): Promise<void> => {
    const config = (c.desired as NonNullable<ResourceChange['desired']>).config;
    const profileId = resolve(config.profile_id);
    const result = await setAssignments(o.api, profileId, targetsOf(config), config.exclusive !== false);
    record(c, profileId, { profile_id: profileId, ...result });
  };

  const create = async (c: ResourceChange): Promise<void> => {
    if (c.type === 'intune_profile_assignment') return assign(c);
    const config = (c.desired as NonNullable<ResourceChange['desired']>).config;
    const rootId = c.type === 'intune_scep_certificate_profile' ? resolve(config.root_certificate_id) : undefined;
    const body = profileBody(c.type, config, rootId, o.api.client.baseUrl);
    const d = c.desired as NonNullable<ResourceChange['desired']>;
    note({ op: 'pending', pending: [...state.pending.filter((p) => p.address !== c.address), { address: c.address, type: c.type, odataType: body['@odata.type'], displayName: body.displayName, startedAt: o.now(), config: d.config, dependencies: [...d.dependsOn], createBeforeDestroy: d.createBeforeDestroy }] });
    const entity = await o.api.create(body);
    record(c, entity.id, fromGraph(entity, { rootId }).attrs);
    note({ op: 'pending', pending: state.pending.filter((p) => p.address !== c.address) });
  };

  const update = async (c: ResourceChange): Promise<void> => {
    if (c.type === 'intune_profile_assignment') return assign(c);
    const config = (c.desired as NonNullable<ResourceChange['desired']>).config;
    const rootId = c.type === 'intune_scep_certificate_profile' ? resolve(config.root_certificate_id) : undefined;
    const changed = c.changedPaths.map((p) => p[0]).filter((n): n is string => typeof n === 'string');
    const attrs = await updateProfile(o.api, c.type, c.id as string, config, plan.refreshed[c.address]?.attrs ?? {}, changed, rootId);
    record(c, c.id as string, attrs);
  };

  const remove = async (c: ResourceChange): Promise<void> => {
    const prior = state.resources[c.address];
    const id = c.id as string;
    if (c.type === 'intune_profile_assignment') {
      // The profile goes too: its assignments go with it.
      if (!deletingIds.has(id)) await removeAssignments(o.api, id, targetsOf(prior?.config ?? {}), prior?.config.exclusive !== false);
    } else await o.api.delete(id);
    if (state.resources[c.address]?.id === id) note({ op: 'remove', address: c.address });
    applied++;
  };

  // The steps, named, with their reasons for ordering.
  const steps = new Map<string, Step>();
  const dependantsOf = (address: string) => plan.changes.filter((x) => x.desired?.dependsOn.includes(address) || x.priorDependencies.includes(address));
  for (const c of plan.changes) {
    if (c.action === 'no-op' || c.action === 'read') continue;
    const createLike = c.action === 'create' || isReplace(c.action);
    if (createLike) steps.set(`create:${c.address}`, { key: `create:${c.address}`, address: c.address, kind: 'create', deps: new Set(), run: () => create(c) });
    if (c.action === 'update') steps.set(`update:${c.address}`, { key: `update:${c.address}`, address: c.address, kind: 'update', deps: new Set(), run: () => update(c) });
    if ((c.action === 'delete' || isReplace(c.action)) && c.id) steps.set(`delete:${c.address}`, { key: `delete:${c.address}`, address: c.address, kind: 'delete', deps: new Set(), run: () => remove(c) });
  }
  for (const step of steps.values()) {
    const c = byAddress.get(step.address) as ResourceChange;
    if (step.kind === 'create' || step.kind === 'update') {
      for (const d of c.desired?.dependsOn ?? []) for (const k of [`create:${d}`, `update:${d}`]) if (steps.has(k)) step.deps.add(k);
      if (c.action === 'delete-then-create' && steps.has(`delete:${c.address}`)) step.deps.add(`delete:${c.address}`);
    } else {
      for (const dep of dependantsOf(step.address)) for (const k of [`create:${dep.address}`, `update:${dep.address}`, `delete:${dep.address}`]) if (steps.has(k) && k !== step.key) step.deps.add(k);
      if (c.action === 'create-then-delete') step.deps.add(`create:${c.address}`);
      if (c.action === 'delete-then-create') step.deps.delete(`create:${c.address}`);
    }
  }

  // Run: ready steps concurrently; a failure skips everything that waits on it.
  const done = new Set<string>();
  const failed = new Set<string>();
  const running = new Map<string, Promise<void>>();
  const limit = o.concurrency ?? 16;
  const pending = new Map(steps);
  let interrupted = false;
  let stopped = false;
  const signal = o.signal;
  const aborted = signal ? new Promise<void>((r) => (signal.aborted ? r() : signal.addEventListener('abort', () => r(), { once: true }))) : undefined;
  while (pending.size > 0 || running.size > 0) {
    if (signal?.aborted && !stopped) {
      stopped = true;
      interrupted = pending.size > 0;
      for (const step of pending.values()) errors.push({ address: step.address, step: step.kind, message: 'not started: the run was interrupted' });
      pending.clear();
      if (running.size === 0) break;
    }
    for (const [key, step] of pending) {
      if (running.size >= limit) break;
      const blocked = [...step.deps].find((d) => failed.has(d));
      if (blocked) {
        pending.delete(key);
        failed.add(key);
        errors.push({ address: step.address, step: step.kind, message: `not attempted: ${blocked.replace(':', ' of ')} failed` });
        continue;
      }
      if ([...step.deps].every((d) => done.has(d) || !steps.has(d))) {
        pending.delete(key);
        o.hooks?.onApplyStart?.({ address: step.address, step: step.kind });
        running.set(
          key,
          step.run().then(
            () => {
              done.add(key);
              running.delete(key);
              o.hooks?.onApplyDone?.({ address: step.address, step: step.kind });
            },
            (e: unknown) => {
              failed.add(key);
              running.delete(key);
              errors.push({ address: step.address, step: step.kind, message: message(e) });
              o.hooks?.onApplyDone?.({ address: step.address, step: step.kind, error: message(e) });
            },
          ),
        );
      }
    }
    if (running.size === 0) {
      if (pending.size === 0) break;
      // Nothing can start: a dependency cycle. Report rather than hang.
      for (const step of pending.values()) errors.push({ address: step.address, step: step.kind, message: `not attempted: waits on ${[...step.deps].filter((d) => !done.has(d)).join(', ')} (a cycle)` });
      void [...pending.keys()].forEach((k) => failed.add(k));
      break;
    }
    // Wake on a finished step, or on the interrupt (once: afterwards only the steps in flight matter).
    await Promise.race([...running.values(), ...(aborted && !stopped ? [aborted] : [])]);
  }

  // Record what refresh read for unchanged objects, and forget objects deleted outside the stack.
  let touched = false;
  for (const c of plan.changes) {
    const r = state.resources[c.address];
    const read = plan.refreshed[c.address];
    if ((c.action === 'no-op' || c.action === 'read') && r && read && differingAttributes(r.attrs, read.attrs).length > 0) {
      state.resources[c.address] = { ...r, attrs: read.attrs, ...(c.action === 'no-op' && c.desired ? { config: c.desired.config } : {}) } as StateResource;
      touched = true;
    }
  }
  for (const [address] of Object.entries(state.resources)) {
    if (plan.refreshed[address] === null && !byAddress.has(address)) {
      delete state.resources[address];
      touched = true;
    }
  }
  if (touched || entries > 0) save();
  return { state, errors, applied, interrupted };
}
