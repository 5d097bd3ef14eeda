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
 * | a reference the plan cannot resolve            | its value, or an id outside the stack when unknown   |
 * | a module or an instance address                | a stand-in name; diagnostics name the plan's address |
 *
 * Pure: the caller reads the file. Never throws for bad input.
 */
import { diagnostic, sortDiagnostics, type Diagnostic } from '../rules';
import { RESOURCES, isResourceType, type ResourceType } from '../schema';
import { validateStack, type ValidateOptions } from './validate';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

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

function plannedResources(module: unknown, out: PlannedResource[]): void {
  if (!isObj(module)) return;
  const prefix = typeof module.address === 'string' ? module.address : '';
  for (const r of Array.isArray(module.resources) ? module.resources : []) {
    if (!isObj(r) || r.mode !== 'managed' || typeof r.type !== 'string' || !isResourceType(r.type)) continue;
    if (typeof r.address !== 'string' || typeof r.name !== 'string' || !isObj(r.values)) continue;
    out.push({ address: r.address, type: r.type, module: prefix, name: r.name, values: r.values });
  }
  for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) plannedResources(child, out);
}

/** The configuration's expressions by `module path\0type.name` (the module path without instance keys). */
function expressionsByResource(module: unknown, path: string, out: Map<string, Obj>): void {
  if (!isObj(module)) return;
  for (const r of Array.isArray(module.resources) ? module.resources : [])
    if (isObj(r) && typeof r.type === 'string' && typeof r.name === 'string' && isObj(r.expressions))
      out.set(`${path}\0${r.type}.${r.name}`, r.expressions);
  for (const [name, call] of Object.entries(isObj(module.module_calls) ? module.module_calls : {}))
    if (isObj(call)) expressionsByResource(call.module, path ? `${path}.module.${name}` : `module.${name}`, out);
}

/** `module.a["x"].module.b[0]` → `module.a.module.b`: the configuration's path of a module instance. */
const configPath = (module: string) => module.replace(/\[[^\]]*\]/g, '');

/**
 * The intune resource an attribute's expression references (`intune_x.y.id` first in Terraform's
 * list), within the same module; undefined for a value, or a reference to anything else.
 */
function referencedAddress(expression: unknown): string | undefined {
  if (!isObj(expression) || !Array.isArray(expression.references)) return undefined;
  for (const ref of expression.references) {
    const m = typeof ref === 'string' ? /^(intune_[a-z_]+)\.([A-Za-z_][\w-]*)(\[[^\]]*\])?\.id$/.exec(ref) : null;
    if (m && isResourceType(m[1] as string)) return `${m[1]}.${m[2]}${m[3] ?? ''}`;
  }
  return undefined;
}

/** Where a referenced id is unknown and its resource not in the plan: an object outside the stack. */
const OUTSIDE_ID = '00000000-0000-0000-0000-000000000000';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]{0,255}$/;

export interface TerraformPlanStack {
  /** The stack document (cdk.tf.json's shape) the rules read. */
  readonly doc: { resource: Record<string, Record<string, Obj>> };
  /** The document's address of each resource → the plan's address. */
  readonly addresses: ReadonlyMap<string, string>;
  readonly diagnostics: readonly Diagnostic[];
}

export function stackFromTerraformPlan(plan: unknown): TerraformPlanStack {
  const empty = { doc: { resource: {} }, addresses: new Map<string, string>() };
  if (!isObj(plan) || typeof plan.format_version !== 'string' || !isObj(plan.planned_values))
    return { ...empty, diagnostics: [diagnostic('config/not-a-terraform-plan', '', [], NOT_A_PLAN)] };
  const planned: PlannedResource[] = [];
  plannedResources(plan.planned_values.root_module, planned);
  const expressions = new Map<string, Obj>();
  expressionsByResource(isObj(plan.configuration) ? plan.configuration.root_module : undefined, '', expressions);

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
  const documentAddress = (planAddress: string, type: string) => `${type}.${nameOf.get(planAddress) as string}`;

  const resource: Record<string, Record<string, Obj>> = {};
  const addresses = new Map<string, string>();
  for (const r of planned) {
    const defs = RESOURCES[r.type].attributes;
    const attrs: Obj = {};
    for (const [k, v] of Object.entries(r.values)) {
      const def = defs[k];
      if (v === null || (def !== undefined && def.presence === 'computed')) continue;
      attrs[k] = v;
    }
    // References, from the configuration: which resource an id comes from, known or not yet.
    const exprs = expressions.get(`${configPath(r.module)}\0${r.type}.${r.name}`) ?? {};
    for (const [k, def] of Object.entries(defs)) {
      if (!def.references) continue;
      const expression = exprs[k];
      const target = referencedAddress(expression);
      const full = target === undefined ? undefined : r.module ? `${r.module}.${target}` : target;
      if (full !== undefined && nameOf.has(full)) {
        const type = full.slice(full.lastIndexOf('intune_')).split('.')[0] as string;
        attrs[k] = `\${${documentAddress(full, type)}.id}`;
      } else if (typeof attrs[k] !== 'string' && isObj(expression) && Array.isArray(expression.references)) {
        // Known only at apply, from something the plan does not show: an id outside the stack.
        attrs[k] = OUTSIDE_ID;
      }
    }
    (resource[r.type] ??= {})[nameOf.get(r.address) as string] = attrs;
    addresses.set(documentAddress(r.address, r.type), r.address);
  }
  return { doc: { resource }, addresses, diagnostics: [] };
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
  if (stack.diagnostics.length > 0) return [...stack.diagnostics];
  const rename = (text: string) => {
    let out = text;
    for (const [ours, theirs] of stack.addresses) if (ours !== theirs) out = out.split(ours).join(theirs);
    return out;
  };
  return sortDiagnostics(
    validateStack(stack.doc, options).map((d) => ({
      ...d,
      address: stack.addresses.get(d.address) ?? rename(d.address),
      detail: rename(d.detail),
    })),
  );
}
