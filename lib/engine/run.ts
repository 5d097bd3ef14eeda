/**
 * The engine's entry points for the CLI and tests: plan, apply (fresh or saved plan), import,
 * with the state's lock held by every run that writes.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { GraphRequestError, assignmentsFromGraph, fromGraph, type IntuneApi } from '../graph';
import { hasErrors, type Diagnostic } from '../rules';
import { platformOfODataType, type ResourceType } from '../schema';
import { applyPlan, type ApplyResult } from './apply';
import type { ReadConfigResult } from './config';
import type { Plan } from './model';
import { makePlan, type EngineHooks, type PlanOptions } from './plan';
import { StateError, acquireLock, readState, writeJsonAtomic, writeState, type State } from './state';

export interface StackContext {
  readonly stack: string;
  readonly stateFile: string;
  readonly api: IntuneApi;
  readonly now: () => Date;
  readonly hooks?: EngineHooks;
}

/** A saved plan cannot be applied; says why. */
export class PlanFileError extends Error {}

const PlanFileSchema = z.object({ formatVersion: z.literal(1), stack: z.string(), lineage: z.string(), serial: z.number(), mode: z.enum(['normal', 'destroy', 'refresh-only']), changes: z.array(z.looseObject({ address: z.string(), action: z.string() })) }).loose();

export function savePlan(file: string, plan: Plan): void {
  writeJsonAtomic(file, plan);
}

export function loadPlan(file: string): Plan {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PlanFileError(`cannot read the saved plan ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const parsed = PlanFileSchema.safeParse(raw);
  if (!parsed.success) throw new PlanFileError(`${file} is not a plan saved by intune-scep plan --out.`);
  return raw as Plan;
}

/** Plan against the current state (read, not locked: planning changes nothing). */
export async function planStack(ctx: StackContext, config: ReadConfigResult, options: Omit<PlanOptions, 'stack' | 'now'> = {}): Promise<Plan> {
  const state = readState(ctx.stateFile, ctx.stack);
  return makePlan(config, state, ctx.api, { ...options, stack: ctx.stack, now: ctx.now() }, ctx.hooks);
}

export interface ApplyRun extends ApplyResult {
  readonly plan: Plan;
}

/**
 * Lock, plan (or take a saved plan, refused when the state moved on), ask `approve`, apply.
 * A plan with errors applies nothing.
 */
export async function applyStack(
  ctx: StackContext,
  source: { config: ReadConfigResult; options?: Omit<PlanOptions, 'stack' | 'now'> } | { saved: Plan },
  approve: (plan: Plan) => Promise<boolean> = async () => true,
): Promise<ApplyRun | { plan: Plan; declined: true } | { plan: Plan; blocked: true }> {
  const lock = acquireLock(ctx.stateFile, 'saved' in source ? 'apply (saved plan)' : `${source.options?.mode === 'destroy' ? 'destroy' : 'apply'}`, ctx.now());
  try {
    let state = readState(ctx.stateFile, ctx.stack);
    let plan: Plan;
    if ('saved' in source) {
      plan = source.saved;
      if (plan.stack !== ctx.stack) throw new PlanFileError(`the saved plan is for stack "${plan.stack}", not "${ctx.stack}".`);
      if (plan.lineage !== state.lineage || plan.serial !== state.serial) {
        throw new PlanFileError(`the saved plan is stale: it was made against state serial ${plan.serial} (lineage ${plan.lineage}), and the state is now at serial ${state.serial} (lineage ${state.lineage}). Run plan again.`);
      }
    } else plan = await makePlan(source.config, state, ctx.api, { ...source.options, stack: ctx.stack, now: ctx.now() }, ctx.hooks);
    if (hasErrors(plan.diagnostics)) return { plan, blocked: true };
    if (!(await approve(plan))) return { plan, declined: true };
    const result = await applyPlan(plan, { api: ctx.api, stateFile: ctx.stateFile, state, now: () => ctx.now().getTime(), ...(ctx.hooks ? { hooks: ctx.hooks } : {}) });
    return { ...result, plan };
  } finally {
    lock.release();
  }
}

/** Adopt an existing Graph object into state at `address`; the next plan shows only real differences. */
/** Adopt object `id` at `address`; the warnings say what of it the schema cannot express. */
export async function importResource(ctx: StackContext, config: ReadConfigResult, address: string, id: string): Promise<{ state: State; diagnostics: Diagnostic[] }> {
  const resource = config.resources.find((r) => r.address === address);
  if (!resource) throw new StateError(`${address} is not a resource of the stack; declare it first, then import it.`);
  const lock = acquireLock(ctx.stateFile, `import ${address}`, ctx.now());
  try {
    const state = readState(ctx.stateFile, ctx.stack);
    if (state.resources[address]) throw new StateError(`${address} is already in state (id ${state.resources[address]?.id}); remove it with "intune-scep state rm ${address}" first.`);
    let entity;
    try {
      entity = await ctx.api.get(id);
    } catch (e) {
      if (e instanceof GraphRequestError && e.status === 404) throw new StateError(`no device configuration with id ${id} exists in the tenant.`);
      throw e;
    }
    const kind = platformOfODataType(entity['@odata.type']);
    const expected: Record<ResourceType, string | undefined> = { intune_trusted_root_certificate: 'root', intune_scep_certificate_profile: 'scep', intune_profile_assignment: undefined };
    let attrs: Record<string, unknown>;
    const diagnostics: Diagnostic[] = [];
    if (resource.type === 'intune_profile_assignment') {
      if (!kind) throw new StateError(`${id} is a ${entity['@odata.type']}, not a SCEP or trusted root profile whose assignments ${address} could hold.`);
      attrs = { profile_id: entity.id, ...assignmentsFromGraph(entity.assignments ?? []) };
    } else {
      if (!kind || kind.kind !== expected[resource.type]) throw new StateError(`${id} is a ${entity['@odata.type']}; ${address} is a ${resource.type}.`);
      let rootId: string | undefined;
      if (kind.kind === 'scep') {
        const link = (await ctx.api.rootLinks([entity])).get(entity.id);
        if (link && !link.ok) throw link.error;
        rootId = link?.ok ? link.rootId : undefined;
      }
      const read = fromGraph(entity, { rootId, address });
      attrs = read.attrs;
      diagnostics.push(...read.diagnostics);
    }
    const next: State = {
      ...state,
      resources: { ...state.resources, [address]: { type: resource.type, id: entity.id, attrs, config: {}, dependencies: [...resource.dependsOn], createBeforeDestroy: resource.lifecycle.createBeforeDestroy ?? true } },
    };
    return { state: writeState(ctx.stateFile, next), diagnostics };
  } finally {
    lock.release();
  }
}
