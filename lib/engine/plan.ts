/**
 * Plan: the orchestration. The rules look at the stack alone first (a stack in error goes no further);
 * refresh (refresh.ts) reads the tenant into the prior state; the tenant checks look at the stack;
 * diff (diff.ts, pure) decides one action per object; the plan-level checks (prevent_destroy, roots
 * still in use) run on the result.
 */
import { CLOUD_PKI_MAX_AUTHORITIES } from '../graph-facts';
import {
  GraphRequestError,
  IntuneApi,
  assignmentsFromGraph,
  groupReferencesOf,
  isScepType,
  lookupGroupsById,
  lookupTenantGroups,
  resolveFilterNames,
  resolveTargets,
  type ProfileWithAssignments,
  type RootLink,
} from '../graph';
import { applySuppressions, diagnostic, hasErrors, runRules, runTenantRules, sortDiagnostics, type Diagnostic } from '../rules';
import {
  REFERENCE_TARGETS,
  familyOf,
  type ResourceType,
  isAttributeReference,
  isExpression,
  isPlatform,
  parseReference,
  unreportedReason,
} from '../schema';
import { referenceRefusal } from './references';
import type { ConfigResource, ReadConfigResult } from './config';
import { assignmentView, diff } from './diff';
import { duplicateCreates } from './duplicates';
import {
  checkImpact,
  countedProfiles,
  findImpact,
  rootsToChain,
  withCounts,
  type ChainedProfile,
  type ImpactLimits,
  type StatusOverview,
  type TenantProfile,
} from './impact';
import {
  KNOWN_AFTER_APPLY,
  creates,
  destroys,
  type CertificateImpact,
  type Plan,
  type PlanNames,
  type PriorState,
  type ResourceChange,
  type AttributeView,
} from './model';
import { refresh, type RefreshResult } from './refresh';
import type { State } from '../state';

/** Progress for the CLI's views; the engine never prints. */
export interface EngineHooks {
  onRefresh?(e: { objects: number; requests: number }): void;
  onPlan?(plan: Plan): void;
  onApplyStart?(e: { address: string; step: string }): void;
  onApplyDone?(e: { address: string; step: string; error?: string }): void;
  /** A step that takes a while says what it waits for (a Cloud PKI CA being created or taken down). */
  onApplyProgress?(e: { address: string; message: string }): void;
}

export interface PlanOptions {
  readonly stack: string;
  readonly now: Date;
  readonly mode?: 'normal' | 'destroy' | 'refresh-only';
  /** Limit the plan to these addresses and what they depend on. */
  readonly targets?: readonly string[];
  /** Refuse a plan whose certificate impact exceeds these (impact.ts). */
  readonly maxImpact?: ImpactLimits;
  /** Days before a deployed certificate expires that root/expires-soon warns (the rules' default otherwise). */
  readonly expiryWarningDays?: number;
}

const IMPACT_CODES = new Set(['plan/impact-over-threshold', 'plan/impact-unreported']);

/** What the steps of a plan share: its inputs, and what each step found for the next. */
interface PlanWork {
  readonly config: ReadConfigResult;
  readonly state: State;
  readonly api: IntuneApi;
  readonly options: PlanOptions;
  readonly hooks: EngineHooks;
  readonly mode: NonNullable<PlanOptions['mode']>;
  /** The stack's resources as the plan wants them (none when destroying). */
  readonly desired: readonly ConfigResource[];
  readonly diagnostics: Diagnostic[];
  /** What refresh read (the first step sets it). */
  read: RefreshResult;
  groups: Record<string, string>;
  filters: Record<string, string>;
  changes: ResourceChange[];
  impact: CertificateImpact[];
  /** Group names Graph gave by id (lower-case): the ids the stack gives (tenant step), the rest the changes show (names step). */
  groupNamesById: Map<string, string>;
  names: PlanNames;
}

/** One step of a plan: its name, why it is there, and what it does to the work. */
interface PlanStep {
  readonly name: string;
  readonly why: string;
  /** Steps that decide changes or count them run only while nothing is in error. */
  readonly needsNoErrors?: boolean;
  run(work: PlanWork): Promise<void> | void;
}

/**
 * What a plan checks of the stack alone, before anything is read from the tenant: a stack these find
 * in error is not planned against the tenant (no token, no Graph request), as Terraform validates
 * the configuration before it refreshes.
 */
export const STACK_STEPS: readonly PlanStep[] = [
  {
    name: 'rules',
    why: 'the rules a stack breaks whatever the tenant holds, and the expressions the engine does not evaluate',
    run(w) {
      w.diagnostics.push(
        ...runRules(w.desired, { now: w.options.now, expiryWarningDays: w.options.expiryWarningDays }),
        ...unsupportedExpressions(w.desired),
      );
    },
  },
];

/**
 * A plan is these steps, in order (as Terraform's plan graph is a list of named transformers), after
 * STACK_STEPS. Each reads what the steps before it found; a step that needs no errors is skipped once
 * one is.
 */
export const PLAN_STEPS: readonly PlanStep[] = [
  {
    name: 'refresh',
    why: 'read every object state holds, and the objects import blocks adopt (not when destroying)',
    async run(w) {
      const byAddress = new Map(w.config.resources.map((r) => [r.address, r]));
      const imports =
        w.mode === 'destroy'
          ? []
          : (w.config.imports ?? []).flatMap((i) => {
              const r = byAddress.get(i.address);
              return r
                ? [
                    {
                      address: i.address,
                      id: i.id,
                      type: r.type,
                      attrs: r.attrs,
                      dependencies: r.dependsOn,
                      createBeforeDestroy: r.lifecycle.createBeforeDestroy ?? true,
                    },
                  ]
                : [];
            });
      const before = w.api.client.requests;
      w.read = await refresh(w.state, w.api, imports);
      w.hooks.onRefresh?.({ objects: w.read.remote.size, requests: w.api.client.requests - before });
      w.diagnostics.push(...w.read.diagnostics);
    },
  },
  {
    name: 'tenant',
    why: 'the groups and filters the stack names, and those the sets it removes name, looked up once and judged by the tenant rules',
    async run(w) {
      const sets = w.desired.filter((r) => r.type === 'intune_profile_assignment').map((a) => a.attrs);
      // Sets the plan removes take away only their own targets (a non-exclusive set): their names
      // are resolved too, from the config state recorded.
      const inStack = new Set(w.desired.map((r) => r.address));
      const removed = Object.entries(w.read.prior.resources)
        .filter(([address, r]) => r.type === 'intune_profile_assignment' && !inStack.has(address))
        .map(([, r]) => r.config);
      const refs = [...sets, ...removed].map(groupReferencesOf);
      const usesFilters = [...sets, ...removed].some((a) => Array.isArray(a.filters) && a.filters.length > 0);
      const facts = await lookupTenantGroups(w.api.client, refs, { filters: usesFilters });
      w.diagnostics.push(...runTenantRules(w.desired, facts));
      // What the groups given by id are called: the names step need not read them again.
      for (const [id, g] of facts.groupsById) if (g) w.groupNamesById.set(id.toLowerCase(), g.displayName);
      // Names are data: a group named "__proto__" is a key like any other (never an assignment to one).
      for (const r of refs)
        for (const [name, id] of resolveTargets(r, facts).byName)
          Object.defineProperty(w.groups, name, { value: id, enumerable: true, writable: true, configurable: true });
      w.filters = resolveFilterNames(facts.filters);
    },
  },
  {
    name: 'targets',
    why: 'a --target that names nothing would plan "No changes" and hide the typo',
    run(w) {
      const known = new Set([...w.config.resources.map((r) => r.address), ...Object.keys(w.read.prior.resources)]);
      for (const t of w.options.targets ?? []) {
        if (known.has(t)) continue;
        const name = t.split('.').pop() ?? t;
        const like = [...known]
          .filter((a) => a.toLowerCase().includes(name.toLowerCase()))
          .sort()
          .slice(0, 3);
        w.diagnostics.push(
          diagnostic(
            'plan/unknown-target',
            t,
            [],
            `--target ${t} is neither a resource of the stack nor in state; addresses look like intune_scep_certificate_profile.NAME.${like.length ? ` Did you mean ${like.join(', ')}?` : ' See "intune-scep state list".'}`,
          ),
        );
      }
    },
  },
  {
    name: 'diff',
    why: 'one action per object (diff.ts): the stack against state and what the tenant holds',
    needsNoErrors: true,
    run(w) {
      const { prior, remote, imported } = w.read;
      const result = diff({
        desired: w.desired,
        prior,
        remote,
        groups: w.groups,
        filters: w.filters,
        mode: w.mode,
        targets: w.options.targets,
      });
      const adopted = new Set(imported);
      w.changes = result.changes.map((c) => (adopted.has(c.address) ? { ...c, importing: true } : c));
      w.diagnostics.push(...result.diagnostics);
    },
  },
  {
    name: 'duplicates',
    why: 'an object the plan creates that the tenant already has by type and display name, outside this state (duplicates.ts)',
    needsNoErrors: true,
    run(w) {
      w.diagnostics.push(...applySuppressions(duplicateCreates(w.changes, w.read.prior, w.read.tenant, w.options.stack), w.desired));
    },
  },
  {
    name: 'prevent-destroy',
    why: 'a change that deletes or replaces an object with lifecycle.prevent_destroy is an error',
    run(w) {
      const lifecycle = new Map(w.config.resources.map((r) => [r.address, r.lifecycle]));
      for (const c of w.changes) {
        if (destroys(c) && !(c.action === 'delete' && c.deposed) && lifecycle.get(c.address)?.preventDestroy) {
          w.diagnostics.push(
            diagnostic(
              'plan/prevent-destroy',
              c.address,
              [],
              `the plan would ${c.action === 'delete' ? 'delete' : 'replace'} ${c.address}${c.reason ? ` (${c.reason})` : ''}, but it has lifecycle.prevent_destroy = true. Remove prevent_destroy to allow it, or change the stack so the object stays.`,
            ),
          );
        }
      }
    },
  },
  {
    name: 'ca-destroy-protected',
    why: 'taking a Cloud PKI CA down revokes every certificate it issued: refused unless the stack (or, for one it no longer declares, the state) sets revoke_on_destroy',
    run(w) {
      const declared = new Map(w.config.resources.map((r) => [r.address, r]));
      for (const c of w.changes) {
        if (!destroys(c) || familyOf(c.type) !== 'authority') continue;
        const r = declared.get(c.address);
        // The stack's word, else what state recorded for that very object (a deposed one's own config).
        const recorded =
          c.action === 'delete' && c.deposed
            ? w.read.prior.deposed.find((d) => d.address === c.address && d.resource.id === c.id)?.resource.config
            : w.read.prior.resources[c.address]?.config;
        if (r?.attrs.revoke_on_destroy === true || (!r && recorded?.revoke_on_destroy === true)) continue;
        const verb = c.action === 'delete' ? 'delete' : 'replace';
        w.diagnostics.push(
          diagnostic(
            'plan/ca-destroy-protected',
            c.address,
            r ? ['revoke_on_destroy'] : [],
            `the plan would ${verb} the Cloud PKI CA ${c.address}${c.reason ? ` (${c.reason})` : ''}, which revokes every certificate it issued: devices lose the Wi-Fi, VPN and 802.1X access they give. ${r ? `If that is meant, set revoke_on_destroy = true on ${c.address} and plan again.` : `If that is meant, put ${c.address} back in the stack with revoke_on_destroy = true, apply, then remove it.`} The plan's certificate impact counts the certificates it revokes.`,
          ),
        );
      }
    },
  },
  {
    name: 'ca-limit',
    why: 'a tenant holds at most 6 Cloud PKI CAs: the plan may not need more at once than are left (its creates may run before its deletes)',
    needsNoErrors: true,
    async run(w) {
      const made = w.changes.filter((c) => creates(c) && familyOf(c.type) === 'authority');
      if (made.length === 0) return;
      // What refresh read, when it did (a state holding CAs); else one read now.
      const held = (w.read.authorities ?? (await w.api.cloudPki.list())).length;
      if (held + made.length <= CLOUD_PKI_MAX_AUTHORITIES) return;
      w.diagnostics.push(
        diagnostic(
          'cloud-pki/limit',
          made[0]?.address ?? '',
          [],
          `the tenant holds ${held} Cloud PKI CAs and the plan makes ${made.length} more (${made.map((c) => c.address).join(', ')}); a tenant holds at most ${CLOUD_PKI_MAX_AUTHORITIES}, root and issuing together, and apply may make the new ones before it takes old ones down. Take unused CAs down first (in an apply of their own, or in the admin center), then plan again.`,
        ),
      );
    },
  },
  {
    name: 'deposed-in-use',
    why: 'a deposed object is deleted by the next apply: one with the id of an object state holds as current is no leftover but a live object (state edited)',
    run(w) {
      // An assignment set's id is its profile's: sets are compared with sets, objects with objects.
      const key = (r: { type: ResourceType; id: string }) =>
        `${familyOf(r.type) === 'assignment' ? 'set' : 'object'} ${r.id.toLowerCase()}`;
      const live = new Map(Object.entries(w.read.prior.resources).map(([address, r]) => [key(r), address]));
      for (const d of w.read.prior.deposed) {
        const at = live.get(key(d.resource));
        if (at === undefined) continue;
        w.diagnostics.push(
          diagnostic(
            'plan/deposed-in-use',
            d.address,
            [],
            `state holds ${d.resource.id} as a deposed object of ${d.address} (to be deleted) and as ${at} (in use): no run writes that, so the state was edited. Nothing is deleted. Remove the deposed entry from the state file (its "deposed" list), or restore the state from its backup.`,
          ),
        );
      }
    },
  },
  {
    name: 'ca-replace-common-name',
    why: 'a CA made before the old one is gone cannot take its common name (Cloud PKI keeps common names unique)',
    run(w) {
      for (const c of w.changes) {
        if (c.action !== 'create-then-delete' || familyOf(c.type) !== 'authority') continue;
        if (c.after.common_name !== c.before.common_name) continue;
        w.diagnostics.push(
          diagnostic(
            'plan/ca-replace-common-name',
            c.address,
            ['common_name'],
            `${c.address} is replaced (${c.reason ?? 'a change that forces replacement'}), and the new CA is made before the old one is taken down, with the same common_name ${JSON.stringify(c.after.common_name)}: Cloud PKI refuses a second CA of that name. Give the new generation its own common_name (for example "${String(c.after.common_name)} G2"), or set lifecycle.create_before_destroy = false to take the old one down first (its certificates stop working until devices get new ones).`,
          ),
        );
      }
    },
  },
  {
    name: 'roots-still-used',
    why: 'a root deleted while a SCEP profile that stays still links to it (reference/root-still-used)',
    needsNoErrors: true,
    async run(w) {
      w.diagnostics.push(...(await rootsStillUsed(w.changes, w.read.prior, w.read.tenant, w.api)));
    },
  },
  {
    name: 'names',
    why: 'the names of the groups and filters the changes show by id, before and after, and of the groups they may take away: the stack named them, or Graph says, in one read (for people only)',
    async run(w) {
      const named = new Map(Object.entries(w.groups).map(([name, id]) => [id.toLowerCase(), name]));
      const shown = shownIds(w.changes);
      const takenAway = w.mode === 'refresh-only' ? [] : groupIdsTakenAway(w.changes, tenantProfiles(w.read.tenant));
      const unknown = [...new Set([...shown.groups, ...takenAway])].filter((id) => !named.has(id) && !w.groupNamesById.has(id));
      if (unknown.length > 0) {
        const found = await lookupGroupsById(w.api.client, unknown).catch(() => new Map<string, undefined>());
        for (const [id, g] of found) if (g) w.groupNamesById.set(id.toLowerCase(), g.displayName);
      }
      const groups = new Map([...w.groupNamesById, ...named]);
      const filters = new Map(Object.entries(w.filters).map(([name, id]) => [id.toLowerCase(), name]));
      const pick = (m: Map<string, string>, ids: Set<string>) =>
        Object.fromEntries([...ids].sort().flatMap((id) => (m.has(id) ? [[id, m.get(id) as string]] : [])));
      // The sets a plan leaves as they are are drawn too (the Markdown's picture): named from what is
      // known already (the stack, the tenant step), with no read of their own.
      const held = shownIds(w.changes, { unchanged: true });
      w.names = { groups: pick(groups, held.groups), filters: pick(filters, held.filters) };
    },
  },
  {
    name: 'impact',
    why: "certificate impact with the counts Graph reports, and a pipeline's limits; platforms and names come from the tenant, not state or the stack",
    needsNoErrors: true,
    async run(w) {
      if (w.mode === 'refresh-only') return;
      const { prior, tenant } = w.read;
      const profiles = tenantProfiles(tenant);
      const chainedTo = await chainedProfiles(rootsToChain(w.changes, prior, profiles), tenant, w.api);
      const found = findImpact(w.changes, prior, { tenant: profiles, groups: w.groups, groupNames: w.groupNamesById, chainedTo });
      // Counts only of profiles Intune reports and whose root link was read: for the others there is
      // no count to read (an overview's 0 there is never "0 devices").
      const ids = countedProfiles(found);
      w.impact = [
        ...withCounts(found, ids.length ? await w.api.statusOverviews(ids) : new Map()),
        ...(await authorityImpact(w.changes, w.api)),
      ];
      if (w.options.maxImpact) w.diagnostics.push(...checkImpact(w.impact, w.options.maxImpact));
    },
  },
  {
    name: 'expiry',
    why: 'how many devices and users hold the SCEP profiles chained to a root that expires soon, as Graph counts them',
    async run(w) {
      const soon = w.diagnostics.filter((d) => d.code === 'root/expires-soon');
      if (soon.length === 0) return;
      const chained = (root: string) =>
        w.desired.filter(
          (r) => r.type === 'intune_scep_certificate_profile' && parseReference(r.attrs.root_certificate_id)?.address === root,
        );
      const idOf = (address: string) => {
        const s = Object.hasOwn(w.read.prior.resources, address) ? w.read.prior.resources[address] : undefined;
        return typeof s?.id === 'string' ? s.id : undefined;
      };
      const reported = (r: ConfigResource) => !(isPlatform(r.attrs.platform) && unreportedReason(r.attrs.platform));
      const ids = [
        ...new Set(
          soon.flatMap((d) =>
            chained(d.address)
              .filter(reported)
              .flatMap((r) => idOf(r.address) ?? []),
          ),
        ),
      ];
      const counts = ids.length ? await w.api.statusOverviews(ids) : new Map<string, StatusOverview>();
      const n = (v: number) => v.toLocaleString('en-US');
      for (const d of soon) {
        const profiles = chained(d.address);
        if (profiles.length === 0) continue;
        const each = profiles.map((r) => {
          const id = idOf(r.address);
          const c = id ? counts.get(id) : undefined;
          const what = !reported(r)
            ? 'not reported by Intune on this platform'
            : !id
              ? 'not created yet'
              : c?.devices === undefined || c.users === undefined
                ? `no count (${c?.unavailable ?? 'Graph gave none'})`
                : `${n(c.devices)} ${c.devices === 1 ? 'device' : 'devices'}, ${n(c.users)} ${c.users === 1 ? 'user' : 'users'}`;
          return `${r.address}: ${what}`;
        });
        const at = w.diagnostics.indexOf(d);
        w.diagnostics[at] = {
          ...d,
          detail: `${d.detail} Holding them now (Graph's deviceStatusOverview and userStatusOverview): ${each.join('; ')}.`,
        };
      }
    },
  },
];

/**
 * The group and filter ids (lower-case) in the before and after of the assignment sets a plan changes
 * (with `unchanged`, of every set it holds).
 */
function shownIds(
  changes: readonly ResourceChange[],
  options: { unchanged?: boolean } = {},
): { groups: Set<string>; filters: Set<string> } {
  const groups = new Set<string>();
  const filters = new Set<string>();
  const id = (v: unknown, into: Set<string>) => {
    if (typeof v === 'string' && v !== KNOWN_AFTER_APPLY) into.add(v.toLowerCase());
  };
  for (const c of changes) {
    if (c.type !== 'intune_profile_assignment' || (c.action === 'no-op' && !options.unchanged)) continue;
    for (const view of [c.before, c.after]) {
      for (const key of ['include_group_ids', 'exclude_group_ids'])
        for (const g of Array.isArray(view?.[key]) ? (view[key] as unknown[]) : []) id(g, groups);
      for (const f of Array.isArray(view?.filters) ? (view.filters as unknown[]) : []) {
        if (!f || typeof f !== 'object') continue;
        const target = (f as Record<string, unknown>).target;
        if (target !== 'all_users' && target !== 'all_devices') id(target, groups);
        id((f as Record<string, unknown>).filter_id, filters);
      }
    }
  }
  return { groups, filters };
}

/** A stack in error is not planned against the tenant: the state as last written stands for what refresh would read. */
function unread(state: State): RefreshResult {
  return {
    prior: { resources: state.resources, deposed: state.deposed },
    remote: new Map(),
    tenant: [],
    drift: [],
    diagnostics: [],
    imported: [],
  };
}

/**
 * Make the plan: the steps of STACK_STEPS, then, for a stack they find no error in, of PLAN_STEPS.
 * Diagnostics with errors leave the plan without changes, but for the impact limits' (shown, never
 * applied).
 */
export async function makePlan(
  config: ReadConfigResult,
  state: State,
  api: IntuneApi,
  options: PlanOptions,
  hooks: EngineHooks = {},
): Promise<Plan> {
  const mode = options.mode ?? 'normal';
  const work = {
    config,
    state,
    api,
    options,
    hooks,
    mode,
    desired: mode === 'destroy' ? [] : config.resources,
    diagnostics: [...config.diagnostics],
    groups: {},
    filters: {},
    changes: [],
    impact: [],
    groupNamesById: new Map(),
    names: { groups: {}, filters: {} },
  } as Omit<PlanWork, 'read'> as PlanWork;
  for (const step of STACK_STEPS) await step.run(work);
  const tenantUnread = hasErrors(work.diagnostics);
  if (tenantUnread) work.read = unread(state);
  else
    for (const step of PLAN_STEPS) {
      if (step.needsNoErrors && hasErrors(work.diagnostics)) continue;
      await step.run(work);
    }
  const { diagnostics, changes, groups, filters } = work;
  // A plan with errors applies nothing and shows no changes; one refused only by the impact limits
  // shows them, for the reviewer to see what was refused (apply refuses any plan with errors).
  const refusedForImpact = diagnostics.filter((d) => d.severity === 'error').every((d) => IMPACT_CODES.has(d.code));
  const plan: Plan = {
    formatVersion: 1,
    stack: options.stack,
    lineage: state.lineage,
    serial: state.serial,
    mode,
    changes: hasErrors(diagnostics) && !refusedForImpact ? [] : changes,
    drift: work.read.drift,
    impact: work.impact,
    diagnostics: sortDiagnostics(diagnostics),
    ...(tenantUnread ? { tenantUnread: true as const } : {}),
    groups,
    ...(Object.keys(filters).length ? { filters } : {}),
    ...(Object.keys(work.names.groups).length + Object.keys(work.names.filters).length ? { names: work.names } : {}),
    refreshed: Object.fromEntries(work.read.remote),
    prior: work.read.prior,
  };
  hooks.onPlan?.(plan);
  return plan;
}

/**
 * The engine does not evaluate Terraform: any expression (interpolation or directive) other than a
 * reference to another intune resource's id (in root_certificate_id or profile_id) or to one of its
 * attributes where references.ts allows one is refused. Text is never an expression, whatever it
 * holds (`$${x}` in the configuration is the text `${x}`).
 */
function unsupportedExpressions(resources: readonly ConfigResource[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of resources) {
    const walk = (value: unknown, path: (string | number)[]) => {
      if (isAttributeReference(value)) {
        const why = referenceRefusal(r.type, path, value.ref);
        if (why) out.push(diagnostic('config/invalid-reference', r.address, path, `${path.join('.')} = ${JSON.stringify(value)}: ${why}.`));
        return;
      }
      const ref = path.length === 1 && Object.hasOwn(REFERENCE_TARGETS, String(path[0])) ? parseReference(value) : undefined;
      if (isExpression(value) || (ref && !(ref.type.startsWith('intune_') && ref.attribute === 'id'))) {
        out.push(
          diagnostic(
            'config/unsupported-expression',
            r.address,
            path,
            `${path.join('.')} = ${JSON.stringify(value)}: intune-scep's engine does not evaluate Terraform expressions (variables, other providers' resources, functions, %{ } directives). Write the value itself in the stack (Terraform's $\${ and %%{ escapes write a literal \${ and %{), or run it through Terraform with the intune provider, which evaluates them.`,
          ),
        );
      } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    };
    for (const [k, v] of Object.entries(r.attrs)) walk(v, [k]);
  }
  return out;
}

/** Why a root link read failed, in words. */
const unreadable = (link: RootLink & { ok: false }) =>
  `reading its root link answered ${link.error.status ?? link.error.code ?? 'an error'}`;

/** A SCEP profile outside the stack, named as the tenant names it. */
const outside = (p: ProfileWithAssignments) => `${JSON.stringify(String(p.displayName))} (${p.id}, not in this stack)`;

/**
 * reference/root-still-used: a root the plan deletes while a SCEP profile that stays links to it, or
 * may (its link could not be read: unknown is not "not used").
 */
async function rootsStillUsed(
  changes: readonly ResourceChange[],
  state: PriorState,
  tenant: readonly ProfileWithAssignments[],
  api: IntuneApi,
): Promise<Diagnostic[]> {
  const deletedRoots = changes
    .filter((c) => c.type === 'intune_trusted_root_certificate' && destroys(c))
    .map((c) => ({ address: c.address, id: (c.id as string).toLowerCase() }));
  if (deletedRoots.length === 0) return [];
  const goingAway = new Set(changes.filter(destroys).map((c) => c.id.toLowerCase()));
  const repointed = new Set(
    changes
      .filter((c) => c.type === 'intune_scep_certificate_profile' && c.changedPaths.some((p) => p[0] === 'root_certificate_id') && c.id)
      .map((c) => (c.id as string).toLowerCase()),
  );
  const staying = tenant.filter(
    (p) => isScepType(p['@odata.type']) && !goingAway.has(p.id.toLowerCase()) && !repointed.has(p.id.toLowerCase()),
  );
  if (staying.length === 0) return [];
  const links = await api.rootLinks(staying);
  const byIdAddress = new Map(Object.entries(state.resources).map(([a, r]) => [r.id.toLowerCase(), a]));
  const out: Diagnostic[] = [];
  for (const root of deletedRoots) {
    const users: string[] = [];
    const maybe: string[] = [];
    for (const p of staying) {
      const l = links.get(p.id);
      const name = byIdAddress.get(p.id.toLowerCase()) ?? outside(p);
      if (!l || !l.ok) maybe.push(`${name} (${l ? unreadable(l) : 'its root link was not read'})`);
      else if (l.rootId?.toLowerCase() === root.id) users.push(name);
    }
    if (users.length > 0)
      out.push(
        diagnostic(
          'reference/root-still-used',
          root.address,
          [],
          `the plan deletes ${root.address}, but ${users.join(', ')} still ${users.length === 1 ? 'references' : 'reference'} it and ${users.length === 1 ? 'stays' : 'stay'}. Point ${users.length === 1 ? 'it' : 'them'} at another trusted root first, or delete ${users.length === 1 ? 'it' : 'them'} too.`,
        ),
      );
    else if (maybe.length > 0)
      out.push(
        diagnostic(
          'reference/root-still-used',
          root.address,
          [],
          `the plan deletes ${root.address}, and nobody can say whether ${maybe.join(', ')} still ${maybe.length === 1 ? 'references' : 'reference'} it: a root link that cannot be read is not "unused". Give the app read access to ${maybe.length === 1 ? 'that profile' : 'those profiles'} (DeviceManagementConfiguration.Read.All) and plan again.`,
        ),
      );
  }
  return out;
}

/** The tenant's SCEP profiles and roots as findImpact reads them, by id in lower case. */
function tenantProfiles(tenant: readonly ProfileWithAssignments[]): Map<string, TenantProfile> {
  return new Map(
    tenant.map((p) => [
      p.id.toLowerCase(),
      {
        id: p.id,
        odataType: p['@odata.type'],
        displayName: String(p.displayName),
        assignments: assignmentView({ profile_id: p.id, ...assignmentsFromGraph(p.assignments ?? []) }),
      },
    ]),
  );
}

/**
 * The groups (lower-case ids) the plan's assignment changes may take away: a group removed from a
 * set, the groups an exclusive set replaces. Their names are read for the impact's words only.
 */
function groupIdsTakenAway(changes: readonly ResourceChange[], tenant: ReadonlyMap<string, TenantProfile>): string[] {
  const ids = new Set<string>();
  const add = (v: AttributeView | null | undefined) => {
    for (const key of ['include_group_ids', 'exclude_group_ids'] as const)
      for (const g of Array.isArray(v?.[key]) ? (v[key] as unknown[]) : []) if (typeof g === 'string') ids.add(g.toLowerCase());
  };
  for (const c of changes) {
    if (c.type !== 'intune_profile_assignment' || c.action === 'no-op' || c.action === 'read') continue;
    add(c.before);
    const to = c.after?.profile_id;
    if (typeof to === 'string' && to !== KNOWN_AFTER_APPLY) add(tenant.get(to.toLowerCase())?.assignments);
  }
  return [...ids];
}

/**
 * The SCEP profiles of the tenant chained to each of `roots` (one $batch of root links, read only
 * when there are roots). A profile whose link cannot be read may be chained to any of them: it is
 * named for each, as unknown, never left out.
 */
async function chainedProfiles(
  roots: ReadonlySet<string>,
  tenant: readonly ProfileWithAssignments[],
  api: IntuneApi,
): Promise<(rootId: string) => readonly ChainedProfile[]> {
  if (roots.size === 0) return () => [];
  const sceps = tenant.filter((p) => isScepType(p['@odata.type']));
  const links = sceps.length ? await api.rootLinks(sceps) : new Map<string, RootLink>();
  const byRoot = new Map<string, ChainedProfile[]>();
  const unknown: ChainedProfile[] = [];
  for (const p of sceps) {
    const link = links.get(p.id);
    if (!link || !link.ok) {
      unknown.push({ id: p.id, unreadable: link ? unreadable(link) : 'its root link was not read' });
      continue;
    }
    const root = link.rootId?.toLowerCase();
    if (root && roots.has(root)) byRoot.set(root, [...(byRoot.get(root) ?? []), { id: p.id }]);
  }
  return (rootId) => [...(byRoot.get(rootId.toLowerCase()) ?? []), ...unknown];
}

/**
 * The Cloud PKI CAs the plan takes down: each revokes the leaf certificates it issued that devices
 * still hold (CloudPkiApi.activeLeaves), counted as devices (one per certificate) and the users named
 * on them. A count Graph does not give is unavailable, never zero.
 */
async function authorityImpact(changes: readonly ResourceChange[], api: IntuneApi): Promise<CertificateImpact[]> {
  const out: CertificateImpact[] = [];
  for (const c of changes) {
    if (!destroys(c) || familyOf(c.type) !== 'authority') continue;
    const what = c.action === 'delete' ? 'taken down and deleted' : 'replaced: the old CA is taken down';
    const base = { address: c.address, profile: c.address, effect: 'remove' as const };
    if (c.type === 'intune_cloud_pki_root_ca') {
      out.push({
        ...base,
        devices: 0,
        users: 0,
        detail: `${what}: a root CA issues no device certificates itself (its issuing CAs do, and are counted with them); devices keep trusting it until its trusted certificate profiles are removed`,
      });
      continue;
    }
    try {
      const leaves = await api.cloudPki.activeLeaves(c.id);
      const users = new Set(
        leaves.flatMap((l) => (typeof l.userPrincipalName === 'string' && l.userPrincipalName ? [l.userPrincipalName.toLowerCase()] : [])),
      );
      out.push({
        ...base,
        devices: leaves.length,
        users: users.size,
        detail: `${what}: the ${leaves.length} ${leaves.length === 1 ? 'certificate' : 'certificates'} it issued that devices hold ${leaves.length === 1 ? 'is' : 'are'} revoked, and Wi-Fi, VPN or 802.1X connections that use them stop working until devices get new ones`,
      });
    } catch (e) {
      if (!(e instanceof GraphRequestError)) throw e;
      out.push({
        ...base,
        unavailable: `reading its leaf certificates answered ${e.status ?? 'an error'}`,
        detail: `${what}: every certificate it issued is revoked`,
      });
    }
  }
  return out;
}
