/**
 * The engine's entry points for the CLI and tests: plan, apply (fresh or saved plan), import,
 * with the state's lock held by every run that writes.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { GraphRequestError, assignmentsFromGraph, fromGraph, type IntuneApi, type ProfileWithAssignments, type RootLink } from '../graph';
import { DiagnosticError, DiagnosticSchema, hasErrors, type Diagnostic } from '../rules';
import { RESOURCE_TYPES, canHold, platformOfODataType } from '../schema';
import { applyPlan, unlockFailedAfter, type ApplyResult } from './apply';
import type { ConfigResource, ReadConfigResult } from './config';
import type { Plan } from './model';
import { makePlan, type EngineHooks, type PlanOptions } from './plan';
import { jsonSyntaxReason } from './json-error';
import { LocalStateBackend, releasing, type StateBackend } from './backend';
import { DeposedObjectSchema, StateError, StateResourceSchema, checkStackName, stateResource, writeJsonAtomic, type State } from './state';

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
export type StackContext = StackContextBase & ({ readonly stateFile: string; readonly backend?: undefined } | { readonly backend: StateBackend; readonly stateFile?: undefined });

/**
 * Read the stack's state for this run. State records its tenant; a run against another tenant would
 * find none of the objects and plan to create them all, so it is refused (one state per tenant).
 */
async function readFor(ctx: StackContext, backend: StateBackend): Promise<State> {
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

/** A saved plan cannot be applied; says why. */
export class PlanFileError extends DiagnosticError {
  constructor(detail: string, code = 'plan/unusable') {
    super(code, code === 'plan/stale' ? 'The saved plan is stale' : 'The saved plan cannot be applied', detail);
  }
}

/** Larger plan files are refused before reading: a plan of every profile a tenant can hold is far smaller. */
export const MAX_PLAN_BYTES = 64 * 1024 * 1024;

const View = z.record(z.string(), z.unknown());
const Paths = z.array(z.array(z.union([z.string(), z.number()])));
const DesiredSchema = z.object({ config: View, dependsOn: z.array(z.string()), createBeforeDestroy: z.boolean() });
const ChangeBase = { address: z.string(), type: z.enum(RESOURCE_TYPES), name: z.string(), changedPaths: Paths, reason: z.string().optional(), priorDependencies: z.array(z.string()), importing: z.boolean().optional() };
const NoPaths = z.array(z.never()).max(0);

/** A change as saved: the same invariants per action as ResourceChange (model.ts). */
const ResourceChangeSchema = z.discriminatedUnion('action', [
  z.object({ ...ChangeBase, action: z.literal('create'), before: z.null(), after: View, id: z.undefined().optional(), desired: DesiredSchema, replacePaths: NoPaths }),
  z.object({ ...ChangeBase, action: z.literal('update'), before: View, after: View, id: z.string(), desired: DesiredSchema, replacePaths: NoPaths }),
  z.object({ ...ChangeBase, action: z.enum(['create-then-delete', 'delete-then-create']), before: View, after: View, id: z.string(), desired: DesiredSchema, replacePaths: Paths.min(1) }),
  z.object({ ...ChangeBase, action: z.literal('delete'), before: View.nullable(), after: z.null(), id: z.string(), desired: z.undefined().optional(), replacePaths: NoPaths, deposed: z.boolean().optional() }),
  z.object({ ...ChangeBase, action: z.literal('no-op'), before: View, after: View, id: z.string(), desired: DesiredSchema.optional(), replacePaths: NoPaths }),
  z.object({ ...ChangeBase, action: z.literal('read'), before: View.nullable(), after: View.nullable(), id: z.string(), desired: DesiredSchema.optional(), replacePaths: NoPaths }),
]);

/** A saved plan: every field apply reads is checked, so a damaged plan is refused before anything runs. */
const PlanFileSchema = z.object({
  formatVersion: z.literal(1),
  stack: z.string(),
  lineage: z.string(),
  serial: z.number().int().nonnegative(),
  mode: z.enum(['normal', 'destroy', 'refresh-only']),
  changes: z.array(ResourceChangeSchema),
  drift: z.array(z.object({ address: z.string(), kind: z.enum(['deleted', 'changed']), paths: Paths, detail: z.string() })),
  diagnostics: z.array(DiagnosticSchema),
  groups: z.record(z.string(), z.string()),
  filters: z.record(z.string(), z.string()).optional(),
  impact: z.array(
    z.object({
      address: z.string(),
      profile: z.string(),
      effect: z.enum(['reissue', 'remove']),
      detail: z.string(),
      devices: z.number().int().nonnegative().optional(),
      users: z.number().int().nonnegative().optional(),
      reportedAt: z.string().optional(),
      unavailable: z.string().optional(),
    }),
  ),
  refreshed: z.record(z.string(), z.object({ id: z.string(), attrs: View }).nullable()),
  prior: z.object({ resources: z.record(z.string(), StateResourceSchema), deposed: z.array(DeposedObjectSchema) }),
  target: z.string(),
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
});

/** JSON with object keys sorted at every level: the same value always gives the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The digest of a plan as JSON holds it (undefined members dropped, as in the file). */
const digestOf = (sealed: object) => `sha256:${createHash('sha256').update(canonical(JSON.parse(JSON.stringify(sealed)))).digest('hex')}`;

/** A plan as saved: sealed with the Graph target it was made against and a digest of its content. */
export interface SavedPlan {
  readonly plan: Plan;
  /** Where the plan's Graph is (GraphTarget.identity): apply refuses a plan made against another. */
  readonly target: string;
}

export function savePlan(file: string, plan: Plan, target: string): void {
  const sealed = { ...plan, target };
  writeJsonAtomic(file, { ...sealed, digest: digestOf(sealed) });
}

/**
 * Read a saved plan with the same guards as a config (a regular file, a size cap), parse it with a
 * schema, and check its digest: any edit after `plan --out` (an action, an id, a stack) is refused.
 */
export function loadPlan(file: string): SavedPlan {
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st) throw new PlanFileError(`${file}: no such file. Save a plan with "intune-scep plan --out ${file}" first.`);
  if (!st.isFile()) throw new PlanFileError(`${file} is not a regular file; a saved plan is the file "intune-scep plan --out" wrote.`);
  if (st.size > MAX_PLAN_BYTES) throw new PlanFileError(`${file} is ${(st.size / 1024 / 1024).toFixed(1)} MiB, larger than any saved plan (${MAX_PLAN_BYTES / 1024 / 1024} MiB); refused unread.`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PlanFileError(`cannot read the saved plan ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new PlanFileError(`${file} is not a saved plan: not valid JSON (${jsonSyntaxReason(text, e)}).`);
  }
  const parsed = PlanFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PlanFileError(`${file} is not a plan saved by this intune-scep ("intune-scep plan --out"): ${issue?.path.join('.') || 'top level'}: ${issue?.message}. Run plan --out again.`);
  }
  const { digest, ...sealed } = raw as Record<string, unknown> & { digest: string; target: string };
  let actual: string;
  try {
    actual = digestOf(sealed);
  } catch {
    throw new PlanFileError(`${file} is not a saved plan: its values nest too deeply to read.`); // a hostile file; plans are shallow
  }
  if (actual !== digest) throw new PlanFileError(`${file} was changed after "intune-scep plan --out" saved it (its digest does not match its content). Apply only plans as saved: run plan --out again.`);
  try {
    checkStackName(parsed.data.stack, `${file}: stack`);
  } catch (e) {
    throw new PlanFileError((e as Error).message);
  }
  const { target, ...plan } = sealed;
  return { plan: plan as unknown as Plan, target };
}

/**
 * A saved plan acts on the objects state holds. Its prior state may differ from the state only as
 * refresh makes it differ: an object adopted where state has a pending create (an object held there
 * before then deposed), a deposed object dropped. And every change naming an existing object must
 * name the one the prior state holds at its address (a plan cannot be pointed at another object).
 */
function checkPriorAgainstState(plan: Plan, state: State): void {
  const refuse = (what: string) => {
    throw new PlanFileError(`the saved plan${what}. Nothing was applied; run plan again.`);
  };
  const pendingAt = new Set(state.pending.map((p) => p.address));
  // An object the plan imports sits where state holds nothing (and only there).
  const importedAt = new Set(plan.changes.filter((c) => c.importing).map((c) => c.address));
  const key = (address: string, id: string) => `${address}\u0000${id.toLowerCase()}`;
  const stateDeposed = new Set(state.deposed.map((d) => key(d.address, d.resource.id)));
  for (const [address, r] of Object.entries(plan.prior.resources)) {
    const held = stateResource(state, address);
    if (held?.id !== r.id && !pendingAt.has(address) && !(importedAt.has(address) && !held)) refuse(` holds object ${r.id} at ${address}, but state holds ${held ? held.id : 'nothing'} there`);
  }
  for (const address of Object.keys(state.resources)) if (!Object.hasOwn(plan.prior.resources, address)) refuse(` leaves out ${address}, which state holds`);
  for (const d of plan.prior.deposed) {
    const wasHeld = stateResource(state, d.address)?.id === d.resource.id && pendingAt.has(d.address);
    if (!stateDeposed.has(key(d.address, d.resource.id)) && !wasHeld) refuse(` deposes object ${d.resource.id} of ${d.address}, which state does not hold`);
  }
  const priorDeposed = new Set(plan.prior.deposed.map((d) => key(d.address, d.resource.id)));
  for (const c of plan.changes) {
    if (c.id === undefined) continue;
    const known = c.action === 'delete' && c.deposed ? priorDeposed.has(key(c.address, c.id)) : plan.prior.resources[c.address]?.id === c.id;
    if (!known) refuse(`'s ${c.action} of ${c.address} names object ${c.id}, but state holds ${plan.prior.resources[c.address]?.id ?? 'nothing'} there`);
  }
}

/** Plan against the current state (read, not locked: planning changes nothing). */
export async function planStack(ctx: StackContext, config: ReadConfigResult, options: Omit<PlanOptions, 'stack' | 'now'> = {}): Promise<Plan> {
  const state = await readFor(ctx, backendOf(ctx));
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
  const backend = backendOf(ctx);
  const lock = await backend.lock('saved' in source ? 'apply (saved plan)' : `${source.options?.mode === 'destroy' ? 'destroy' : 'apply'}`, ctx.now());
  return releasing(lock, async () => {
    const state = await readFor(ctx, backend);
    let plan: Plan;
    if ('saved' in source) {
      plan = source.saved;
      if (plan.stack !== ctx.stack) throw new PlanFileError(`the saved plan is for stack "${plan.stack}", not "${ctx.stack}".`);
      if (plan.lineage !== state.lineage || plan.serial !== state.serial) {
        throw new PlanFileError(`the saved plan is stale: it was made against state serial ${plan.serial} (lineage ${plan.lineage}), and the state is now at serial ${state.serial} (lineage ${state.lineage}). Run plan again.`, 'plan/stale');
      }
      checkPriorAgainstState(plan, state);
      ctx.hooks?.onPlan?.(plan);
    } else plan = await makePlan(source.config, state, ctx.api, { ...source.options, stack: ctx.stack, now: ctx.now() }, ctx.hooks);
    if (hasErrors(plan.diagnostics)) return { plan, blocked: true };
    if (!(await approve(plan))) return { plan, declined: true };
    const result = await applyPlan(plan, { api: ctx.api, backend, state, now: () => ctx.now().getTime(), ...(ctx.hooks ? { hooks: ctx.hooks } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}) });
    return { ...result, plan };
  }, unlockFailedAfter);
}

/** Adopt object `id` at `address`; the warnings say what of it the schema cannot express. */
export async function importResource(ctx: StackContext, config: ReadConfigResult, address: string, id: string): Promise<{ state: State; diagnostics: Diagnostic[] }> {
  return importResources(ctx, config, [{ address, id }]);
}

/** Above this many, the objects are read with the tenant's list (pages) rather than one GET each. */
const LIST_FROM = 20;

/**
 * Adopt several objects at once (export adopts a whole tenant): one lock, the objects read in pages
 * and root links in $batch, one state write. All or nothing: any object that cannot be adopted
 * refuses the lot, and state is unchanged.
 */
export async function importResources(
  ctx: StackContext,
  config: ReadConfigResult,
  wanted: readonly { address: string; id: string }[],
  /** What the caller read from the tenant a moment ago (export): not read again. */
  read?: { readonly entities: readonly ProfileWithAssignments[]; readonly links: ReadonlyMap<string, RootLink> },
): Promise<{ state: State; diagnostics: Diagnostic[] }> {
  const byAddress = new Map(config.resources.map((r) => [r.address, r]));
  for (const { address } of wanted) if (!byAddress.has(address)) throw new StateError(`${address} is not a resource of the stack; declare it first, then import it.`);
  const backend = backendOf(ctx);
  const lock = await backend.lock(wanted.length === 1 ? `import ${wanted[0]?.address}` : `import of ${wanted.length} objects`, ctx.now());
  return releasing(lock, async () => {
    const state = await readFor(ctx, backend);
    for (const { address } of wanted) {
      const held = stateResource(state, address);
      if (held) throw new StateError(`${address} is already in state (id ${held.id}); remove it with "intune-scep state rm ${address}" first.`);
    }
    const entities = new Map<string, ProfileWithAssignments>((read?.entities ?? []).map((e) => [e.id.toLowerCase(), e]));
    if (!read && wanted.length >= LIST_FROM) for (const e of await ctx.api.listProfiles()) entities.set(e.id.toLowerCase(), e);
    for (const { id } of wanted) {
      if (entities.has(id.toLowerCase())) continue;
      try {
        entities.set(id.toLowerCase(), await ctx.api.get(id));
      } catch (e) {
        if (e instanceof GraphRequestError && e.status === 404) throw new StateError(`no device configuration with id ${id} exists in the tenant.`);
        throw e;
      }
    }
    const sceps = wanted.filter((w) => byAddress.get(w.address)?.type === 'intune_scep_certificate_profile').map((w) => entities.get(w.id.toLowerCase()) as ProfileWithAssignments).filter((e) => platformOfODataType(e['@odata.type'])?.kind === 'scep');
    const unread = sceps.filter((e) => !read?.links.has(e.id));
    const links = new Map<string, RootLink>([...(read?.links ?? []), ...(unread.length ? await ctx.api.rootLinks(unread) : [])]);
    const diagnostics: Diagnostic[] = [];
    const resources = { ...state.resources };
    for (const { address, id } of wanted) {
      const resource = byAddress.get(address) as ConfigResource;
      const entity = entities.get(id.toLowerCase()) as ProfileWithAssignments;
      const kind = platformOfODataType(entity['@odata.type']);
      let attrs: Record<string, unknown>;
      if (resource.type === 'intune_profile_assignment') {
        if (!kind) throw new StateError(`${id} is a ${entity['@odata.type']}, not a SCEP or trusted root profile whose assignments ${address} could hold.`);
        attrs = { profile_id: entity.id, ...assignmentsFromGraph(entity.assignments ?? []) };
      } else {
        if (!kind || !canHold(resource.type, entity['@odata.type'])) throw new StateError(`${id} is a ${entity['@odata.type']}; ${address} is a ${resource.type}.`);
        // The address's platform is the stack's: adopting another platform's object there would have the next plan replace it.
        const declared = resource.attrs.platform;
        if (typeof declared === 'string' && declared !== kind.platform) {
          throw new StateError(`${id} is a ${kind.platform} ${kind.kind === 'scep' ? 'SCEP profile' : 'trusted root'} (${entity['@odata.type']}); ${address} declares platform "${declared}". Import an object of that platform, or change the stack.`);
        }
        let rootId: string | undefined;
        if (kind.kind === 'scep') {
          const link = links.get(entity.id);
          if (link && !link.ok) throw link.error;
          rootId = link?.ok ? link.rootId : undefined;
        }
        const read = fromGraph(entity, { rootId, address });
        attrs = read.attrs;
        diagnostics.push(...read.diagnostics);
      }
      resources[address] = { type: resource.type, id: entity.id, attrs, config: {}, dependencies: [...resource.dependsOn], createBeforeDestroy: resource.lifecycle.createBeforeDestroy ?? true };
    }
    return { state: await backend.write({ ...state, resources }), diagnostics };
  });
}
