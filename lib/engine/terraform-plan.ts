/**
 * The stack a Terraform plan describes, for the rules: `terraform show -json PLANFILE` (the JSON
 * policy tools such as conftest and checkov read) made into the stack document the rules read, so
 * the stack rules run on an HCL stack too. The provider sees one resource at a time; this sees them
 * all, as they will be after the plan.
 *
 * | plan JSON                                      | becomes                                              |
 * |------------------------------------------------|------------------------------------------------------|
 * | planned_values, every module, managed intune_* | one resource each, its planned values                |
 * | a null value; a computed attribute             | left out (unset; Graph's or the provider's to fill)  |
 * | an expression referencing another intune       | `${type.name.id}`: the reference, known or not yet,  |
 * | resource's id (configuration.*.expressions)    | so stack rules see which root a profile uses         |
 * | `[count.index]` / `[each.key]` references      | the instance with the referring resource's own key   |
 * | group names, where others are given by id      | the ids the provider resolved (resolved_*_group_ids) |
 * | a reference it cannot follow (local, var, data)| its value; unknown: an id outside the stack, and a   |
 * |                                                | warning (config/reference-not-followed)              |
 * | a module or an instance address                | a stand-in name; diagnostics name the plan's address |
 *
 * Pure: the caller reads the file. Never throws for bad input.
 */
import { diagnostic, sortDiagnostics, type Diagnostic } from '../rules';
import { RESOURCES, isResourceType, type ResourceType } from '../schema';
import { isObject } from './config';
import { validateStack, type ValidateOptions } from './validate';

type Obj = Record<string, unknown>;

const NOT_A_PLAN =
  'expected the JSON of "terraform show -json PLANFILE" (an object with format_version and planned_values). Make it with: terraform plan -out=tfplan && terraform show -json tfplan > plan.json';

interface PlannedResource {
  /** The plan's address: `intune_x.y`, `module.m.intune_x.y["k"]`. */
  readonly address: string;
  readonly type: ResourceType;
  /** The module it is in (`module.m`, '' for the root) and its name there. */
  readonly module: string;
  readonly name: string;
  readonly values: Obj;
}

/** Modules nest deeper than this only in a hostile file: refused, never a stack overflow. */
const MAX_MODULE_DEPTH = 100;

class TooDeep extends Error {}

/** Every managed intune resource of planned_values, module by module (a walk, not a recursion). */
function plannedResources(root: unknown): PlannedResource[] {
  const out: PlannedResource[] = [];
  const queue: { module: unknown; depth: number }[] = [{ module: root, depth: 0 }];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    const { module, depth } = next;
    if (!isObject(module)) continue;
    if (depth > MAX_MODULE_DEPTH) throw new TooDeep();
    const prefix = typeof module.address === 'string' ? module.address : '';
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      if (!isObject(r) || r.mode !== 'managed' || typeof r.type !== 'string' || !isResourceType(r.type)) continue;
      if (typeof r.address !== 'string' || typeof r.name !== 'string' || !isObject(r.values)) continue;
      out.push({ address: r.address, type: r.type, module: prefix, name: r.name, values: r.values });
    }
    for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) queue.push({ module: child, depth: depth + 1 });
  }
  return out.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/** The configuration's expressions by `module path\0type.name` (the module path without instance keys). */
function expressionsByResource(root: unknown): Map<string, Obj> {
  const out = new Map<string, Obj>();
  const queue: { module: unknown; path: string; depth: number }[] = [{ module: root, path: '', depth: 0 }];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    const { module, path, depth } = next;
    if (!isObject(module)) continue;
    if (depth > MAX_MODULE_DEPTH) throw new TooDeep();
    for (const r of Array.isArray(module.resources) ? module.resources : [])
      if (isObject(r) && typeof r.type === 'string' && typeof r.name === 'string' && isObject(r.expressions))
        out.set(`${path}\0${r.type}.${r.name}`, r.expressions);
    for (const [name, call] of Object.entries(isObject(module.module_calls) ? module.module_calls : {}))
      if (isObject(call)) queue.push({ module: call.module, path: path ? `${path}.module.${name}` : `module.${name}`, depth: depth + 1 });
  }
  return out;
}

/** `module.a["x"].module.b[0]` → `module.a.module.b`: the configuration's path of a module instance. */
const configPath = (module: string) => module.replace(/\[[^\]]*\]/g, '');

/** A reference Terraform lists: `intune_x.y`, `intune_x.y[0]`, `intune_x.y["k"].id`. */
const INTUNE_REFERENCE = /^(intune_[a-z_]+)\.([A-Za-z_][\w-]*)(\[[^\]]*\])?(\.id)?$/;

/**
 * Which resource of the plan (its address) an attribute's expression takes the id of, as terraform
 * lists references: `intune_x.y.id`; `intune_x.y[0].id`; or, for `intune_x.y[count.index].id` and
 * `intune_x.y[each.key].id`, `intune_x.y` with `count.index` / `each.key`: the instance with the
 * referring resource's own key. `none`: the expression references nothing (a value);
 * `not-followed`: it references something this cannot follow (a local, a variable, a data source).
 */
function referencedResource(
  expression: unknown,
  module: string,
  ownKey: string,
  planned: ReadonlyMap<string, unknown>,
): string | 'none' | 'not-followed' {
  if (!isObject(expression) || !Array.isArray(expression.references) || expression.references.length === 0) return 'none';
  const refs = expression.references.filter((r): r is string => typeof r === 'string');
  const byInstance = refs.includes('count.index') || refs.includes('each.key');
  const at = (address: string) => (module ? `${module}.${address}` : address);
  for (const ref of refs) {
    const m = INTUNE_REFERENCE.exec(ref);
    if (!m || !isResourceType(m[1] as string)) continue;
    const base = `${m[1]}.${m[2]}`;
    if (m[3] !== undefined && planned.has(at(`${base}${m[3]}`))) return at(`${base}${m[3]}`);
    if (m[3] === undefined && byInstance && ownKey && planned.has(at(`${base}${ownKey}`))) return at(`${base}${ownKey}`);
    if (m[3] === undefined && planned.has(at(base))) return at(base);
  }
  return 'not-followed';
}

/** The instance key an address ends with (`[0]`, `["k"]`), or ''. */
const instanceKey = (address: string) => /(\[[^\]]*\])$/.exec(address)?.[1] ?? '';

/** Where a referenced id is unknown and its resource not in the plan: an object outside the stack. */
const OUTSIDE_ID = '00000000-0000-0000-0000-000000000000';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]{0,255}$/;

/** A plain record whose keys are data (a resource named `__proto__` is a key like any other). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export interface TerraformPlanStack {
  /** The stack document (cdk.tf.json's shape) the rules read. */
  readonly doc: { resource: Record<string, Record<string, Obj>> };
  /** The document's address of each resource → the plan's address. */
  readonly addresses: ReadonlyMap<string, string>;
  readonly diagnostics: readonly Diagnostic[];
}

export function stackFromTerraformPlan(plan: unknown): TerraformPlanStack {
  const empty = { doc: { resource: {} }, addresses: new Map<string, string>() };
  if (!isObject(plan) || typeof plan.format_version !== 'string' || !isObject(plan.planned_values))
    return { ...empty, diagnostics: [diagnostic('config/not-a-terraform-plan', '', [], NOT_A_PLAN)] };
  let planned: PlannedResource[];
  let expressions: Map<string, Obj>;
  try {
    planned = plannedResources(plan.planned_values.root_module);
    expressions = expressionsByResource(isObject(plan.configuration) ? plan.configuration.root_module : undefined);
  } catch (e) {
    if (!(e instanceof TooDeep)) throw e;
    return {
      ...empty,
      diagnostics: [
        diagnostic('config/not-a-terraform-plan', '', [], `its modules nest more than ${MAX_MODULE_DEPTH} deep; ${NOT_A_PLAN}`),
      ],
    };
  }

  // A name for each resource the document can hold: its own in the root module, else a stand-in.
  const nameOf = new Map<string, string>();
  const taken = new Set<string>();
  for (const r of planned) {
    const own = r.module === '' && IDENTIFIER.test(r.name) && r.address === `${r.type}.${r.name}` ? r.name : undefined;
    let name =
      own ??
      r.address
        .replace(`${r.type}.`, '')
        .replace(/[^A-Za-z0-9_-]+/g, '_')
        .replace(/^[^A-Za-z_]/, '_$&')
        .slice(0, 200);
    while (taken.has(`${r.type}.${name}`)) name = `${name}_`;
    taken.add(`${r.type}.${name}`);
    nameOf.set(r.address, name);
  }
  const typeOf = new Map(planned.map((r) => [r.address, r.type]));
  const documentAddress = (planAddress: string) => `${typeOf.get(planAddress) as string}.${nameOf.get(planAddress) as string}`;

  const mixesIds = planned.some(
    (r) =>
      r.type === 'intune_profile_assignment' && (Array.isArray(r.values.include_group_ids) || Array.isArray(r.values.exclude_group_ids)),
  );
  const resource = Object.create(null) as Record<string, Record<string, Obj>>;
  const addresses = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const r of planned) {
    const defs = RESOURCES[r.type].attributes;
    const attrs: Obj = {};
    for (const [k, v] of Object.entries(r.values)) {
      const def = defs[k];
      if (v === null || def === undefined || def.presence === 'computed') continue;
      define(attrs, k, v);
    }
    // Where the stack gives some groups by id, the names the provider resolved at plan (resolved_*)
    // become ids too: a group given by id in one place and by name in another is then one group to
    // the rules. Where it names them all, names stay (and the findings say them).
    for (const side of mixesIds ? (['include', 'exclude'] as const) : []) {
      const resolved = r.values[`resolved_${side}_group_ids`];
      if (Array.isArray(resolved) && Array.isArray(attrs[`${side}_group_names`])) {
        define(attrs, `${side}_group_ids`, [
          ...new Set([...(Array.isArray(attrs[`${side}_group_ids`]) ? (attrs[`${side}_group_ids`] as unknown[]) : []), ...resolved]),
        ]);
        delete attrs[`${side}_group_names`];
      }
    }
    // References, from the configuration: which resource an id comes from, known or not yet.
    const exprs = expressions.get(`${configPath(r.module)}\0${r.type}.${r.name}`) ?? {};
    for (const [k, def] of Object.entries(defs)) {
      if (!def.references) continue;
      const target = referencedResource(exprs[k], r.module, instanceKey(r.address), typeOf);
      if (target === 'none') continue;
      if (target !== 'not-followed') {
        define(attrs, k, `\${${documentAddress(target)}.id}`);
        continue;
      }
      if (typeof attrs[k] === 'string') continue; // known: a Graph id, outside the stack
      define(attrs, k, OUTSIDE_ID);
      diagnostics.push(
        diagnostic(
          'config/reference-not-followed',
          r.address,
          [k],
          `${k} takes its value from ${JSON.stringify(String((exprs[k] as Obj).references).slice(0, 200))}, which validate --terraform-plan does not follow (it follows a direct reference to another intune resource's id, with count.index or each.key); the value is unknown until apply, so the rules that need to know which object this is did not run for ${r.address}. Reference the resource directly to have them run.`,
        ),
      );
    }
    define((resource[r.type] ??= Object.create(null) as Record<string, Obj>), nameOf.get(r.address) as string, attrs);
    addresses.set(documentAddress(r.address), r.address);
  }
  return { doc: { resource }, addresses, diagnostics };
}

/**
 * Every rule that needs no tenant, on the stack a Terraform plan describes (the JSON of
 * `terraform show -json PLANFILE`, parsed or as text), reported at the plan's addresses.
 */
export function validateTerraformPlan(plan: unknown, options: ValidateOptions): Diagnostic[] {
  let parsed = plan;
  if (typeof plan === 'string') {
    try {
      parsed = JSON.parse(plan);
    } catch {
      return [diagnostic('config/not-a-terraform-plan', '', [], `the file is not JSON; ${NOT_A_PLAN}`)];
    }
  }
  const stack = stackFromTerraformPlan(parsed);
  if (stack.diagnostics.some((d) => d.code === 'config/not-a-terraform-plan')) return [...stack.diagnostics];
  // Stand-in addresses back to the plan's, in one pass: each whole address, never a prefix of another.
  const renamed = [...stack.addresses].filter(([ours, theirs]) => ours !== theirs);
  const pattern = renamed.length
    ? new RegExp(
        `(?<![\\w.-])(${renamed
          .map(([ours]) => ours)
          .sort((a, b) => b.length - a.length)
          .map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('|')})(?![\\w-])`,
        'g',
      )
    : undefined;
  const back = new Map(renamed);
  const rename = (text: string) => (pattern ? text.replace(pattern, (a) => back.get(a) ?? a) : text);
  return sortDiagnostics([
    ...stack.diagnostics,
    ...validateStack(stack.doc, options).map((d) => ({
      ...d,
      address: stack.addresses.get(d.address) ?? rename(d.address),
      detail: rename(d.detail),
    })),
  ]);
}
