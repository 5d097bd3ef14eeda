/**
 * Apply: walk the plan as a graph of named steps, concurrently where independent, under the
 * Graph client's shared budget. State is written after every step that changed the tenant.
 *
 * | step   | for                                            | waits for                                      |
 * |--------|------------------------------------------------|------------------------------------------------|
 * | create | a create; the new half of a replace            | the create/update steps of its dependencies;   |
 * |        | (create-then-delete first deposes the old)     | delete-then-create: its own delete             |
 * | update | an update in place (PATCH, $ref, assign)       | the create/update steps of its dependencies    |
 * | delete | a delete; the old half of a replace; a deposed | every step of the objects that depend on it    |
 * |        | object a crashed run left                      | (re-pointed first); create-then-delete and a   |
 * |        |                                                | deposed object: the create at its address      |
 *
 * Crash safety of a replacement (kill -9 at any point):
 * | crash after                         | state holds            | next run                          |
 * |-------------------------------------|------------------------|-----------------------------------|
 * | depose (create-then-delete)         | old deposed, pending   | adopts the new object if made,    |
 * |                                     |                        | else creates it; deletes the old  |
 * | create, before it is recorded       | old deposed, pending   | adopts the new object             |
 * | delete, before it is recorded       | old deposed or current | refresh finds it gone; forgets it |
 * A failed step stops the steps that depend on it, not the run; every error is reported at the end.
 *
 * A failed state write (a journal append or a snapshot: the lock lost, storage gone) stops the run,
 * as an interrupt does: no new step starts, the steps in flight finish (their changes are found by
 * the next refresh, a create by its pending record), nothing more is sent to the state, and the
 * state error comes first among the errors, with how many steps were applied and recorded.
 */
import { CLOUD_CA_ODATA_TYPE, GraphRequestError, fromGraph, isCaType, withDefaults, type CaResourceType, type IntuneApi } from '../graph';
import { DiagnosticError, type Diagnostic } from '../rules';
import { toDiagnostic } from '../graph';
import { familyOf, parseReference } from '../schema';
import { KNOWN_AFTER_APPLY, creates, destroys, type CreatingChange, type DestroyingChange, type Plan, type ResourceChange } from './model';
import {
  createAuthority,
  profileBody,
  removeAssignments,
  setAssignments,
  updateAuthority,
  updateProfile,
  type ProfileType,
} from './operations';
import { hasReferences, resolveReferences } from './references';
import { profileView } from './diff';
import { targetsOfConfig } from './assignment-targets';
import type { EngineHooks } from './plan';
import type { StateBackend } from '../state';
import { differingAttributes, stateResource, type State, type StateChange, type StateResource } from '../state';

/** Journal entries between full snapshots of the state. */
const COMPACT_EVERY = 1000;

export interface ApplyOptions {
  readonly api: IntuneApi;
  /** Where state is journaled and written. */
  readonly backend: StateBackend;
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
  /** How long a new Cloud PKI CA may take to become active (CloudPkiApi.waitUntilActive's default otherwise). */
  readonly caWaitTimeoutMs?: number;
}

export interface ApplyResult {
  readonly state: State;
  /**
   * One per step that did not happen: its cause's code (graph/request-failed, ...) and summary
   * "<step> failed"; apply/not-attempted (a step it waited on failed); apply/not-started (interrupted).
   */
  readonly errors: readonly Diagnostic[];
  /** Steps that changed the tenant. */
  readonly applied: number;
  /** The run was interrupted: `errors` lists the steps it did not start. */
  readonly interrupted: boolean;
  /** A state write failed and stopped the run: `errors[0]` says why (state/lock-lost, ...). */
  readonly stateFailed: boolean;
}

/**
 * A failed unlock after an apply, reported after what the run did: among its errors, or among the
 * plan's diagnostics when nothing was applied; thrown when there is nothing else to report.
 */
export function unlockFailedAfter<R extends { plan: Plan }>(r: R, unlock: Diagnostic): R {
  if ('errors' in r) return { ...r, errors: [...(r as unknown as ApplyResult).errors, unlock] };
  if ('blocked' in r) return { ...r, plan: { ...r.plan, diagnostics: [...r.plan.diagnostics, unlock] } };
  throw new DiagnosticError(unlock.code, unlock.summary, unlock.detail);
}

/** A change not sent to the state because an earlier state write failed. */
class NotRecorded extends Error {}

type UpdatingChange = Extract<ResourceChange, { action: 'update' }>;

interface Step {
  readonly key: string;
  readonly address: string;
  readonly kind: 'create' | 'update' | 'delete';
  readonly deps: Set<string>;
  readonly run: () => Promise<void>;
}

/**
 * The apply graph, as a short list of named steps (Terraform's graph_builder_apply.go): one line
 * each, with the reason it is there.
 */
function buildSteps(
  changes: readonly ResourceChange[],
  run: { create(c: CreatingChange): Promise<void>; update(c: UpdatingChange): Promise<void>; remove(c: DestroyingChange): Promise<void> },
): Map<string, Step> {
  const steps = new Map<string, Step>();
  const deleteKey = (c: DestroyingChange) => (c.action === 'delete' && c.deposed ? `delete:${c.address}#${c.id}` : `delete:${c.address}`);
  const add = (key: string, address: string, kind: Step['kind'], go: () => Promise<void>) =>
    steps.set(key, { key, address, kind, deps: new Set(), run: go });
  // 1. One step per thing to do: create (and the new half of a replace), update, delete (the old half, a deposed object).
  for (const c of changes) {
    if (creates(c)) add(`create:${c.address}`, c.address, 'create', () => run.create(c));
    if (c.action === 'update') add(`update:${c.address}`, c.address, 'update', () => run.update(c));
    if (destroys(c)) add(deleteKey(c), c.address, 'delete', () => run.remove(c));
  }
  const has = (k: string) => steps.has(k);
  const at = new Map<string, string[]>();
  for (const step of steps.values()) at.set(step.address, [...(at.get(step.address) ?? []), step.key]);
  const stepsAt = (address: string) => at.get(address) ?? [];
  // Who depends on each address, now or in state: built once (a destroy of thousands asks per object).
  const dependantsOf = new Map<string, ResourceChange[]>();
  for (const x of changes) {
    for (const d of new Set([...(x.desired?.dependsOn ?? []), ...x.priorDependencies]))
      dependantsOf.set(d, [...(dependantsOf.get(d) ?? []), x]);
  }
  for (const c of changes) {
    // 2. Creates and updates wait for what they reference to exist in its new form.
    if (creates(c) || c.action === 'update') {
      const step = steps.get(`${creates(c) ? 'create' : 'update'}:${c.address}`) as Step;
      for (const d of c.desired.dependsOn) for (const k of [`create:${d}`, `update:${d}`]) if (has(k)) step.deps.add(k);
      // 3. A delete-first replacement creates after its delete.
      if (c.action === 'delete-then-create') step.deps.add(`delete:${c.address}`);
    }
    if (destroys(c)) {
      const step = steps.get(deleteKey(c)) as Step;
      // 4. A delete waits until everything that used the object let go of it: deleted, and (unless the
      //    object is replaced delete-first, when its dependants are made again after it) re-pointed.
      for (const dep of dependantsOf.get(c.address) ?? []) {
        for (const k of stepsAt(dep.address))
          if (k !== step.key && (c.action !== 'delete-then-create' || k.startsWith('delete:'))) step.deps.add(k);
      }
      // 5. A create-first replacement, or a deposed object, is deleted after the new object exists.
      if ((c.action === 'create-then-delete' || (c.action === 'delete' && c.deposed)) && has(`create:${c.address}`))
        step.deps.add(`create:${c.address}`);
    }
  }
  return steps;
}

/** A step that did not happen, as a diagnostic. */
function stepDiagnostic(
  step: { address: string; kind: string },
  outcome: 'failed' | 'not attempted' | 'not started',
  cause: unknown,
): Diagnostic {
  if (outcome === 'failed') return { ...toDiagnostic(cause, step.address), summary: `${step.kind} failed` };
  return {
    severity: 'error',
    code: outcome === 'not started' ? 'apply/not-started' : 'apply/not-attempted',
    address: step.address,
    path: [],
    summary: `${step.kind} ${outcome}`,
    detail: String(cause),
  };
}

export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  // Start from the prior state refresh made: adopted creates, deposed objects, pending cleared.
  let state: State = { ...options.state, resources: { ...plan.prior.resources }, deposed: [...plan.prior.deposed], pending: [] };
  /** The first state write that failed: the run stops, and nothing more goes to the state. */
  let stateFailure: { error: unknown } | undefined;
  const refusedAfterFailure = () => new NotRecorded('not recorded: an earlier state write failed');
  /** Full snapshot: at the start, every COMPACT_EVERY journal entries, and at the end. */
  const save = async () => {
    if (stateFailure) throw refusedAfterFailure();
    try {
      state = await options.backend.write(state);
    } catch (e) {
      stateFailure ??= { error: e };
      throw e;
    }
    entries = 0;
  };
  let entries = 0;
  // Journal writes one at a time, in the order the steps made them (steps run concurrently).
  let queue: Promise<void> = Promise.resolve();
  // A change may be computed from the state as it is when its turn comes (the pending list).
  const note = (change: StateChange | ((now: State) => StateChange)): Promise<void> => {
    const next = queue.then(async () => {
      if (stateFailure) throw refusedAfterFailure();
      try {
        await options.backend.append(state, typeof change === 'function' ? change(state) : change);
      } catch (e) {
        stateFailure ??= { error: e };
        throw e;
      }
      // The change is recorded; a failed compaction stops the run (save notes it), not this step.
      if (++entries >= COMPACT_EVERY) await save().catch(() => undefined);
    });
    queue = next.catch(() => undefined);
    return next;
  };
  const errors: Diagnostic[] = [];
  let applied = 0;
  const unchanged = JSON.stringify([options.state.resources, options.state.deposed]) === JSON.stringify([state.resources, state.deposed]);
  if (!unchanged || options.state.pending.length > 0) await save();

  /** Profiles and roots this plan deletes: their assignments go with them. */
  const deletingIds = new Set(plan.changes.filter(destroys).flatMap((c) => (familyOf(c.type) === 'profile' ? [c.id] : [])));

  /** The Graph id a reference (or a literal id) stands for, now. */
  const resolve = (value: unknown): string => {
    const ref = parseReference(value);
    if (!ref) return String(value);
    const r = stateResource(state, ref.address);
    if (!r) throw new Error(`${ref.address} has no Graph id yet (its create did not run)`);
    return r.id;
  };

  /**
   * The config with every reference to another resource's attribute as the state holds it now
   * (references.ts). A value the plan showed (not "known after apply") must be what is sent: one that
   * changed since (the tenant answered otherwise) stops the step, never goes out unseen.
   */
  const resolved = (c: CreatingChange | UpdatingChange): Record<string, unknown> => {
    const config = resolveReferences(c.desired.config, (ref) => {
      const r = stateResource(state, ref.address);
      const v = ref.attribute === 'id' ? r?.id : r?.attrs[ref.attribute];
      if (v === undefined || v === null)
        throw new DiagnosticError(
          'apply/value-changed',
          'A value changed since the plan',
          `${c.address} takes ${ref.address}.${ref.attribute}, which has no value now (${r ? 'the tenant gave none' : 'its create did not run'}). Nothing was sent for ${c.address}; plan again.`,
          c.address,
        );
      return v;
    });
    const now = profileView(c.type, withDefaults(c.type, config));
    for (const [key, value] of Object.entries(c.desired.config)) {
      if (!hasReferences({ [key]: value })) continue;
      const shown = JSON.stringify(c.after[key] ?? null);
      if (shown.includes(KNOWN_AFTER_APPLY) || shown === JSON.stringify(now[key] ?? null)) continue;
      throw new DiagnosticError(
        'apply/value-changed',
        'A value changed since the plan',
        `${c.address}: ${key} takes ${JSON.stringify(value)}, whose value is no longer the one the plan showed (the tenant answered otherwise during this apply). Nothing was sent for ${c.address}; plan again and review the new value.`,
        c.address,
      );
    }
    return config;
  };

  const record = async (
    c: CreatingChange | UpdatingChange,
    id: string,
    attrs: Record<string, unknown>,
    config: Record<string, unknown>,
  ): Promise<void> => {
    const d = c.desired;
    await note({
      op: 'put',
      address: c.address,
      resource: { type: c.type, id, attrs, config, dependencies: [...d.dependsOn], createBeforeDestroy: d.createBeforeDestroy },
    });
    applied++;
  };

  const targetsOf = (config: Record<string, unknown>) => targetsOfConfig(config, { groups: plan.groups, filters: plan.filters ?? {} });

  const assign = async (c: CreatingChange | UpdatingChange): Promise<void> => {
    const config = c.desired.config;
    const profileId = resolve(config.profile_id);
    const result = await setAssignments(options.api, profileId, targetsOf(config), config.exclusive !== false);
    await record(c, profileId, { profile_id: profileId, ...result }, config);
  };

  /** Notes that `c` is being created, so a crash before its record is found by the next refresh (findCreated). */
  const pendingCreate = (c: CreatingChange, body: { '@odata.type': string; displayName: string }, config: Record<string, unknown>) =>
    note((now) => ({
      op: 'pending',
      pending: [
        ...now.pending.filter((p) => p.address !== c.address),
        {
          address: c.address,
          type: c.type,
          odataType: body['@odata.type'],
          displayName: body.displayName,
          startedAt: options.now(),
          config,
          dependencies: [...c.desired.dependsOn],
          createBeforeDestroy: c.desired.createBeforeDestroy,
        },
      ],
    }));
  const createdAt = (c: CreatingChange) => note((now) => ({ op: 'pending', pending: now.pending.filter((p) => p.address !== c.address) }));

  /**
   * A Cloud PKI CA: created, recorded at once (a CA still being created is in state, never orphaned),
   * then waited for until active, bounded, with progress; recorded again with its certificate.
   */
  const createCa = async (c: CreatingChange & { type: CaResourceType }): Promise<void> => {
    const config = resolved(c);
    const rootId = c.type === 'intune_cloud_pki_issuing_ca' ? resolve(config.root_ca_id) : undefined;
    const rootRef = parseReference(config.root_ca_id);
    const rootPem = rootRef ? stateResource(state, rootRef.address)?.attrs.certificate : undefined;
    await pendingCreate(c, { '@odata.type': CLOUD_CA_ODATA_TYPE, displayName: String(config.display_name ?? '') }, config);
    const attrs = await createAuthority(options.api, c.type, config, rootId, {
      onCreated: async (id, made) => {
        await record(c, id, made, config);
        await createdAt(c);
      },
      onProgress: (message) => options.hooks?.onApplyProgress?.({ address: c.address, message }),
      ...(options.caWaitTimeoutMs !== undefined ? { timeoutMs: options.caWaitTimeoutMs } : {}),
      ...(typeof rootPem === 'string' ? { rootCertificate: rootPem } : {}),
    });
    await note({ op: 'put', address: c.address, resource: { ...(stateResource(state, c.address) as StateResource), attrs } });
  };

  const create = async (c: CreatingChange): Promise<void> => {
    // The old object of a create-first replacement is set aside first: from here on a crash leaves it
    // deposed, for the next run to delete, never orphaned.
    if (c.action === 'create-then-delete' && stateResource(state, c.address)?.id === c.id) await note({ op: 'depose', address: c.address });
    if (c.type === 'intune_profile_assignment') return assign(c);
    if (isCaType(c.type)) return createCa(c as CreatingChange & { type: CaResourceType });
    const config = resolved(c);
    const rootId = c.type === 'intune_scep_certificate_profile' ? resolve(config.root_certificate_id) : undefined;
    const body = profileBody(c.type as ProfileType, config, rootId, options.api.client.baseUrl);
    await pendingCreate(c, body, config);
    const entity = await options.api.create(body);
    await record(c, entity.id, fromGraph(entity, { rootId }).attrs, config);
    await createdAt(c);
  };

  const update = async (c: UpdatingChange): Promise<void> => {
    if (c.type === 'intune_profile_assignment') return assign(c);
    const config = resolved(c);
    const changed = c.changedPaths.map((p) => p[0]).filter((n): n is string => typeof n === 'string');
    if (isCaType(c.type)) {
      const held = stateResource(state, c.address)?.attrs ?? {};
      const attrs = await updateAuthority(options.api, c.id, config, changed, {
        rootId: typeof held.root_ca_id === 'string' ? held.root_ca_id : undefined,
        thumbprint: typeof held.thumbprint === 'string' ? held.thumbprint : undefined,
      });
      return record(c, c.id, attrs, config);
    }
    const rootId = c.type === 'intune_scep_certificate_profile' ? resolve(config.root_certificate_id) : undefined;
    const attrs = await updateProfile(
      options.api,
      c.type as ProfileType,
      c.id,
      config,
      plan.refreshed[c.address]?.attrs ?? {},
      changed,
      rootId,
    );
    await record(c, c.id, attrs, config);
  };

  /** Delete object `c.id`: the current object at the address, or a deposed one. */
  const remove = async (c: DestroyingChange): Promise<void> => {
    const held = stateResource(state, c.address);
    const old = held?.id === c.id ? held : state.deposed.find((d) => d.address === c.address && d.resource.id === c.id)?.resource;
    if (c.type === 'intune_profile_assignment') {
      // The profile goes too: its assignments go with it.
      if (!deletingIds.has(c.id)) await removeAssignments(options.api, c.id, targetsOf(old?.config ?? {}), old?.config.exclusive !== false);
    } else if (isCaType(c.type)) {
      // The plan let it through only with revoke_on_destroy (plan/ca-destroy-protected): its
      // certificates are revoked, in Intune's order (CloudPkiApi.decommission). Gone already: done.
      await options.api.cloudPki
        .decommission(c.id, {
          revokeLeaves: true,
          onProgress: (message) => options.hooks?.onApplyProgress?.({ address: c.address, message }),
        })
        .catch((e: unknown) => {
          if (!(e instanceof GraphRequestError && e.status === 404)) throw e;
        });
    } else {
      // 404: gone since refresh (deleted by hand, or by a run that died with the request in flight):
      // what the step is for already holds.
      await options.api.delete(c.id).catch((e: unknown) => {
        if (!(e instanceof GraphRequestError && e.status === 404)) throw e;
      });
    }
    if (held?.id === c.id) await note({ op: 'remove', address: c.address });
    else await note({ op: 'remove-deposed', address: c.address, id: c.id });
    applied++;
  };

  const steps = buildSteps(plan.changes, { create, update, remove });

  // Run: ready steps concurrently; a failure skips everything that waits on it.
  const done = new Set<string>();
  const failed = new Set<string>();
  const running = new Map<string, Promise<void>>();
  const limit = options.concurrency ?? 16;
  const pending = new Map(steps);
  let interrupted = false;
  let stopped = false;
  const signal = options.signal;
  const aborted = signal
    ? new Promise<void>((r) => (signal.aborted ? r() : signal.addEventListener('abort', () => r(), { once: true })))
    : undefined;
  while (pending.size > 0 || running.size > 0) {
    // An interrupt, or a failed state write: no new step starts; the steps in flight finish.
    if ((signal?.aborted || stateFailure) && !stopped) {
      stopped = true;
      interrupted = !stateFailure && pending.size > 0;
      for (const step of pending.values())
        errors.push(
          stepDiagnostic(
            step,
            'not started',
            stateFailure ? 'not started: the state could not be written' : 'not started: the run was interrupted',
          ),
        );
      pending.clear();
      if (running.size === 0) break;
    }
    for (const [key, step] of pending) {
      if (running.size >= limit) break;
      const blocked = [...step.deps].find((d) => failed.has(d));
      if (blocked) {
        pending.delete(key);
        failed.add(key);
        errors.push(stepDiagnostic(step, 'not attempted', `not attempted: ${blocked.replace(':', ' of ')} failed`));
        continue;
      }
      if ([...step.deps].every((d) => done.has(d) || !steps.has(d))) {
        pending.delete(key);
        options.hooks?.onApplyStart?.({ address: step.address, step: step.kind });
        running.set(
          key,
          step.run().then(
            () => {
              done.add(key);
              running.delete(key);
              options.hooks?.onApplyDone?.({ address: step.address, step: step.kind });
            },
            (e: unknown) => {
              failed.add(key);
              running.delete(key);
              // A step whose record the state refused: said once, by the state error at the top.
              const d =
                stateFailure && (e === stateFailure.error || e instanceof NotRecorded)
                  ? notRecorded(step)
                  : stepDiagnostic(step, 'failed', e);
              errors.push(d);
              options.hooks?.onApplyDone?.({ address: step.address, step: step.kind, error: d.detail });
            },
          ),
        );
      }
    }
    if (running.size === 0) {
      if (pending.size === 0) break;
      // Nothing can start: a dependency cycle. Report rather than hang.
      for (const step of pending.values())
        errors.push(
          stepDiagnostic(
            step,
            'not attempted',
            `not attempted: waits on ${[...step.deps].filter((d) => !done.has(d)).join(', ')} (a cycle)`,
          ),
        );
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
      state.resources[c.address] = {
        ...r,
        attrs: read.attrs,
        ...(c.action === 'no-op' && c.desired ? { config: c.desired.config } : {}),
      } as StateResource;
      touched = true;
    }
  }
  const actionAt = new Map(plan.changes.filter((c) => !(c.action === 'delete' && c.deposed)).map((c) => [c.address, c.action]));
  for (const [address] of Object.entries(state.resources)) {
    if (plan.refreshed[address] === null && (actionAt.get(address) ?? 'read') === 'read') {
      delete state.resources[address];
      touched = true;
    }
  }
  await queue;
  if (!stateFailure && (touched || entries > 0)) await save().catch(() => undefined);
  if (stateFailure) {
    const d = toDiagnostic(stateFailure.error);
    const notStarted = errors.filter((e) => e.code === 'apply/not-started').length;
    const next =
      d.code === 'state/lock-lost'
        ? 'Another run may hold the lock now: let it finish (or break its lock if it died), then run plan to see what is left.'
        : 'Once the state can be written again, run plan to see what is left.';
    errors.unshift({
      ...d,
      address: '',
      detail: `${d.detail.replace(/\.+$/, '')}; ${applied} step(s) were applied, recorded in ${options.backend.location}; ${notStarted} not started. ${next}`,
    });
  }
  return { state, errors, applied, interrupted, stateFailed: stateFailure !== undefined };
}

/** A step that ran (or began) but whose record the state refused. */
function notRecorded(step: { address: string; kind: string }): Diagnostic {
  return {
    severity: 'error',
    code: 'apply/not-recorded',
    address: step.address,
    path: [],
    summary: `${step.kind} not recorded`,
    detail:
      'the state refused its record (the state error of this run); what it changed in the tenant, if anything, the next plan reads back from the tenant',
  };
}
