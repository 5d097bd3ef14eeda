/** Rendering diagnostics for people (human) and for programs (json). */
import {
  constructWhere,
  constructsOf,
  formatPath,
  inTypeScriptTerms,
  renderForConstructs,
  type ConstructResource,
  type Diagnostic,
} from '../../rules';
import type { StackResource } from '../../schema';

export interface DiagnosticSource {
  /** The file the diagnostics are about, as the user named it. */
  readonly file?: string;
  /**
   * The stack's resources: a diagnostic about a resource an L2 construct made speaks the
   * constructs' words (rules/typescript.ts); others name their construct path when CDKTF wrote one.
   */
  readonly resources?: readonly StackResource[];
}

interface StackIndex {
  readonly byAddress: ReadonlyMap<string, StackResource>;
  readonly constructs: ReadonlyMap<string, ConstructResource>;
}

const INDEX = new WeakMap<readonly StackResource[], StackIndex>();

function indexOf(resources: readonly StackResource[] | undefined): StackIndex | undefined {
  if (!resources) return undefined;
  let i = INDEX.get(resources);
  if (!i) {
    i = { byAddress: new Map(resources.map((r) => [r.address, r])), constructs: constructsOf(resources) };
    INDEX.set(resources, i);
  }
  return i;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => (l.length ? by + l : l))
    .join('\n');
}

export function renderDiagnosticHuman(d: Diagnostic, source: DiagnosticSource = {}): string {
  const label = d.severity === 'error' ? 'Error' : 'Warning';
  const index = indexOf(source.resources);
  const inConstructTerms = index ? renderForConstructs(d, index.byAddress, index.constructs) : undefined;
  if (inConstructTerms !== undefined) return `${label}: ${inConstructTerms}`;
  const where = [source.file, d.address || undefined, d.path.length ? formatPath(d.path) : undefined].filter(Boolean).join(', ');
  const construct = d.address ? JSON.stringify(index?.byAddress.get(d.address)?.constructPath ?? '').slice(1, -1) : undefined;
  const lines = [`${label}: ${d.summary} [${d.code}]`];
  if (where) lines.push(`  on ${where}${construct ? ` (construct ${construct})` : ''}`);
  lines.push(indent(d.detail, '  '));
  return lines.join('\n');
}

export function countBySeverity(diags: readonly Diagnostic[]): { errors: number; warnings: number } {
  const errors = diags.filter((d) => d.severity === 'error').length;
  return { errors, warnings: diags.length - errors };
}

export function renderDiagnosticsHuman(diags: readonly Diagnostic[], source: DiagnosticSource = {}): string {
  const { errors, warnings } = countBySeverity(diags);
  const blocks = diags.map((d) => renderDiagnosticHuman(d, source));
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const summary =
    diags.length === 0
      ? `Success! ${source.file ?? 'The configuration'} is valid.`
      : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`;
  return [...blocks, summary].join('\n\n') + '\n';
}

/**
 * One diagnostic for programs: the rules.md shape (`typescript` when the rule wrote one), then where
 * the stack says a construct made the resource: `construct_path` (CDKTF's path), and for our L2
 * constructs `in_typescript`, the place and the detail in the constructs' words, as `validate` and
 * synth print them.
 */
export function diagnosticJson(d: Diagnostic, source: DiagnosticSource = {}): Record<string, unknown> {
  const index = indexOf(source.resources);
  const resource = d.address ? index?.byAddress.get(d.address) : undefined;
  const construct = resource ? index?.constructs.get(d.address) : undefined;
  return {
    severity: d.severity,
    code: d.code,
    address: d.address,
    path: d.path,
    summary: d.summary,
    detail: d.detail,
    ...(d.typescript !== undefined ? { typescript: d.typescript } : {}),
    ...(resource?.constructPath !== undefined ? { construct_path: resource.constructPath } : {}),
    ...(resource && construct && index
      ? {
          in_typescript: {
            where: constructWhere(d, resource, construct),
            detail: inTypeScriptTerms(d.typescript ?? d.detail, resource.type, index.constructs),
          },
        }
      : {}),
  };
}

/** `{"diagnostics": [...]}`: one diagnosticJson per diagnostic. */
export function renderDiagnosticsJson(diags: readonly Diagnostic[], source: DiagnosticSource = {}): string {
  return `${JSON.stringify({ diagnostics: diags.map((d) => diagnosticJson(d, source)) }, null, 2)}\n`;
}
