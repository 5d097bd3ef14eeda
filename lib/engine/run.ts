/**
 * The engine's entry points for the CLI and tests: plan and apply (fresh, or a saved plan made
 * again and compared), with the state's lock held by every run that writes. Import: import.ts.
 */
import type { IntuneApi } from '../graph';
import { hasErrors } from '../rules';
import { applyPlan, unlockFailedAfter, type ApplyResult } from './apply';
import { readConfig, type ReadConfigResult } from './config';
import type { Plan } from './model';
import { makePlan, type EngineHooks, type PlanOptions } from './plan';
import { PlanFileError, planDifference, type SavedPlan } from './plan-file';
import { LocalStateBackend, releasing, type StateBackend } from '../state';
import { StateError, type State } from '../state';

interface StackContextBase {
  readonly stack: string;
  readonly api: IntuneApi;
  readonly now: () => Date;
  readonly hooks?: EngineHooks;
  /** Interrupts an apply between steps (see ApplyOptions.signal). */
  readonly signal?: AbortSignal;
  /** The Entra tenant this run's Graph is (undefined for a mock): state of another tenant is refused. */
  readonly tenant?: string;
}

/** A stack's run: its state in a local file (`stateFile`), or behind any StateBackend. */
export type StackContext = StackContextBase &
  ({ readonly stateFile: string; readonly backend?: undefined } | { readonly backend: StateBackend; readonly stateFile?: undefined });

/**
 * Read the stack's state for this run. State records its tenant; a run against another tenant would
 * find none of the objects and plan to create them all, so it is refused (one state per tenant).
 */
export async function readFor(ctx: StackContext, backend: StateBackend): Promise<State> {
  const state = await backend.read(ctx.stack);
  if (!ctx.tenant) return state;
  if (state.tenant && state.tenant.toLowerCase() !== ctx.tenant.toLowerCase()) {
    throw new StateError(
      `the state of stack ${JSON.stringify(ctx.stack)} (${backend.location}) holds the objects of tenant ${state.tenant}; this run is against tenant ${ctx.tenant}. Keep one state per tenant: a --key-prefix per tenant with remote state, or a --stack per tenant.`,
      'state/other-tenant',
      'The state belongs to another tenant',
    );
  }
  return { ...state, tenant: ctx.tenant };
}

/** The backend a context names. */
export function backendOf(ctx: StackContext): StateBackend {
  return ctx.backend ?? new LocalStateBackend(ctx.stateFile as string);
}

/** Plan against the current state (read, not locked: planning changes nothing). */
export async function planStack(
  ctx: StackContext,
  config: ReadConfigResult,
  options: Omit<PlanOptions, 'stack' | 'now'> = {},
): Promise<Plan> {
  const state = await readFor(ctx, backendOf(ctx));
  return makePlan(config, state, ctx.api, { ...options, stack: ctx.stack, now: ctx.now() }, ctx.hooks);
}

/** Options a saved plan is made again with: its own (mode, targets), and the limits of the run that remakes it. */
type SavedPlanOptions = Pick<PlanOptions, 'maxImpact'>;

/**
 * A saved plan made again from the inputs it recorded against `state` and a fresh refresh (certificate
 * impact and its limits with the counts Graph reports now); the plan as made now when its changes are
 * the ones the file shows (Terraform's rule: nothing it rests on moved), or blocked when the rules or
 * the limits refuse it now. Throws PlanFileError when it no longer holds. What the file records beyond
 * its inputs and changes (prior state, ids, impact, names, warnings, drift) is never acted on or shown.
 */
async function remakeSaved(
  ctx: StackContext,
  state: State,
  source: SavedPlan,
  limits: SavedPlanOptions | undefined,
): Promise<{ plan: Plan } | { plan: Plan; blocked: true }> {
  const saved = source.plan;
  if (saved.stack !== ctx.stack) throw new PlanFileError(`the saved plan is for stack "${saved.stack}", not "${ctx.stack}".`);
  if (saved.lineage !== state.lineage || saved.serial !== state.serial) {
    throw new PlanFileError(
      saved.lineage === state.lineage || saved.lineage === ''
        ? `the saved plan is stale: the state was written since it was made (${saved.lineage === '' ? 'there was none then' : `serial ${saved.serial}`}, now serial ${state.serial}): an apply ran, this plan's own if it was applied already. Run plan again.`
        : `the saved plan is stale: it was made against another state (lineage ${saved.lineage}; this one is ${state.lineage}, at serial ${state.serial}). Run plan again.`,
      'plan/stale',
    );
  }
  const { inputs } = source;
  const options = {
    mode: saved.mode,
    ...(inputs.targets ? { targets: inputs.targets } : {}),
    ...(limits?.maxImpact ? { maxImpact: limits.maxImpact } : {}),
  };
  const plan = await makePlan(
    readConfig(inputs.config),
    state,
    ctx.api,
    { ...options, stack: ctx.stack, now: ctx.now() },
    {
      ...ctx.hooks,
      onPlan: undefined,
    },
  );
  // A plan the rules or the impact limits refuse now applies nothing, whatever it showed.
  if (hasErrors(plan.diagnostics)) return { plan, blocked: true };
  const difference = planDifference(saved, plan);
  if (difference !== undefined) {
    throw new PlanFileError(
      `the saved plan no longer holds: made again from its config, the state and the tenant as they are now, ${difference}. The tenant or the state changed since it was made (or the file was edited). Nothing was applied; run plan again and review the new plan.`,
      'plan/stale',
    );
  }
  return { plan };
}

/**
 * A saved plan checked as apply checks it, without the lock and without applying (show --verify): the
 * plan as made again now, to show in place of what the file says of itself.
 */
export async function verifySavedPlan(
  ctx: StackContext,
  saved: SavedPlan,
  limits?: SavedPlanOptions,
): Promise<{ plan: Plan } | { plan: Plan; blocked: true }> {
  return remakeSaved(ctx, await readFor(ctx, backendOf(ctx)), saved, limits);
}

export interface ApplyRun extends ApplyResult {
  readonly plan: Plan;
}

/**
 * Lock, plan, ask `approve`, apply. A plan with errors applies nothing.
 *
 * A saved plan is a proposal: it is made again here from the inputs it recorded, the state as it is
 * and a fresh refresh (certificate impact and its limits with the counts Graph reports now), and
 * applied only if the changes are the ones it shows (Terraform's rule: nothing it rests on moved).
 * What it records beyond its inputs (prior state, ids, impact) is never acted on.
 */
export async function applyStack(
  ctx: StackContext,
  source: { config: ReadConfigResult; options?: Omit<PlanOptions, 'stack' | 'now'> } | { saved: SavedPlan; options?: SavedPlanOptions },
  approve: (plan: Plan) => Promise<boolean> = async () => true,
): Promise<ApplyRun | { plan: Plan; declined: true } | { plan: Plan; blocked: true }> {
  const backend = backendOf(ctx);
  const lock = await backend.lock(
    'saved' in source ? 'apply (saved plan)' : `${source.options?.mode === 'destroy' ? 'destroy' : 'apply'}`,
    ctx.now(),
  );
  return releasing(
    lock,
    async () => {
      const state = await readFor(ctx, backend);
      let plan: Plan;
      if ('saved' in source) {
        const remade = await remakeSaved(ctx, state, source.saved, source.options);
        if ('blocked' in remade) return remade;
        plan = remade.plan;
        ctx.hooks?.onPlan?.(plan);
      } else plan = await makePlan(source.config, state, ctx.api, { ...source.options, stack: ctx.stack, now: ctx.now() }, ctx.hooks);
      if (hasErrors(plan.diagnostics)) return { plan, blocked: true };
      if (!(await approve(plan))) return { plan, declined: true };
      const result = await applyPlan(plan, {
        api: ctx.api,
        backend,
        state,
        now: () => ctx.now().getTime(),
        ...(ctx.hooks ? { hooks: ctx.hooks } : {}),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      return { ...result, plan };
    },
    unlockFailedAfter,
  );
}
