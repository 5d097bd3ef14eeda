/**
 * Running the catalog over a stack: resource rules per resource, stack rules once, then
 * `suppress_warnings` (warnings only, by id, per resource). Tenant rules run apart, on the facts the
 * caller looked up in Graph (runTenantRules).
 */
import type { StackResource } from '../schema';
import { NOT_APPLICABLE, RULES, codeInfo } from './catalog';
import { show, sortDiagnostics, type Diagnostic } from './diagnostic';
import {
  EXPIRY_WARNING_DAYS,
  StackView,
  type Finding,
  type ResourceRule,
  type RuleContext,
  type RuleMeta,
  type TenantFacts,
  type TenantRule,
} from './rule';

export interface RunOptions {
  /** The clock for date rules (expiry, validity against the root). */
  readonly now: Date;
  /** Days before a deployed certificate expires that `root/expires-soon` warns (default EXPIRY_WARNING_DAYS). */
  readonly expiryWarningDays?: number;
}

function toDiagnostic(meta: RuleMeta, address: string, f: Finding): Diagnostic {
  return {
    severity: meta.severity,
    code: meta.id,
    address: f.address ?? address,
    path: f.path,
    summary: meta.summary,
    detail: f.detail,
    ...(f.typescript !== undefined ? { typescript: f.typescript } : {}),
  };
}

const RESOURCE_RULES: readonly ResourceRule[] = [...RULES.filter((r): r is ResourceRule => r.kind === 'resource'), NOT_APPLICABLE];

/** Every rule finding for the stack, suppressions applied, sorted. Never throws for bad input. */
export function runRules(resources: readonly StackResource[], options: RunOptions): Diagnostic[] {
  const stack = new StackView(resources);
  const ctx: RuleContext = { now: options.now, expiryWarningDays: options.expiryWarningDays ?? EXPIRY_WARNING_DAYS, stack };
  const out: Diagnostic[] = [];
  for (const view of stack.views) {
    for (const rule of RESOURCE_RULES) {
      if (!rule.types.includes(view.type)) continue;
      for (const f of rule.check(view, ctx)) out.push(toDiagnostic(rule, view.address, f));
    }
  }
  for (const rule of RULES) {
    if (rule.kind !== 'stack') continue;
    for (const f of rule.check(ctx)) out.push(toDiagnostic(rule, '', f));
  }
  return sortDiagnostics([...applySuppressions(out, resources), ...checkSuppressions(resources)]);
}

const TENANT_RULES: readonly TenantRule[] = RULES.filter((r): r is TenantRule => r.kind === 'tenant');
/** Only resources of these types have tenant rules to run. */
const TENANT_TYPES = new Set(TENANT_RULES.filter((r) => r.check).flatMap((r) => r.types));

/** The tenant rules' findings for the stack, against what the caller looked up; suppressions applied. */
export function runTenantRules(resources: readonly StackResource[], tenant: TenantFacts): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack = new StackView(resources);
  for (const view of stack.views) {
    if (!TENANT_TYPES.has(view.type)) continue;
    for (const rule of TENANT_RULES) {
      if (!rule.check || !rule.types.includes(view.type)) continue;
      for (const f of rule.check(view, tenant, stack)) out.push(toDiagnostic(rule, view.address, f));
    }
  }
  return sortDiagnostics(applySuppressions(out, resources));
}

/** Drops warnings whose resource lists their code in `suppress_warnings`. */
export function applySuppressions(diags: readonly Diagnostic[], resources: readonly StackResource[]): Diagnostic[] {
  const suppressed = new Map<string, Set<string>>();
  for (const r of resources) {
    const list = r.attrs.suppress_warnings;
    if (Array.isArray(list)) suppressed.set(r.address, new Set(list.filter((x): x is string => typeof x === 'string')));
  }
  return diags.filter((d) => d.severity !== 'warning' || !suppressed.get(d.address)?.has(d.code));
}

/** suppress_warnings entries that name no rule, or an error (which cannot be suppressed). */
function checkSuppressions(resources: readonly StackResource[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of resources) {
    const list = r.attrs.suppress_warnings;
    if (!Array.isArray(list)) continue;
    list.forEach((id, index) => {
      if (typeof id !== 'string') return;
      const meta = codeInfo(id);
      const path = ['suppress_warnings', index];
      if (!meta) {
        const unknown = codeInfo('suppress/unknown-rule') as RuleMeta;
        out.push(
          toDiagnostic(unknown, r.address, {
            path,
            detail: `${show(id)} is not a rule id; nothing is suppressed. See docs/rules.md for the ids.`,
          }),
        );
      } else if (meta.severity === 'error') {
        const notWarning = codeInfo('suppress/not-a-warning') as RuleMeta;
        out.push(
          toDiagnostic(notWarning, r.address, {
            path,
            detail: `${show(id)} is an error; errors cannot be suppressed. Fix the configuration instead.`,
          }),
        );
      }
    });
  }
  return out;
}
