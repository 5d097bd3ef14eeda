/**
 * Diagnostics are values, returned in lists and never thrown (Terraform tfdiags).
 *
 * | field    | meaning                                                                  |
 * |----------|--------------------------------------------------------------------------|
 * | severity | `error` blocks plan/apply; `warning` prints (blocks only with --strict)  |
 * | code     | a rule id of the catalog (rules.md), an input code (config/, schema/), or |
 * |          | a run code (state/locked, plan/stale, apply/failed, graph/..., ...)        |
 * | address  | `type.name` of the resource; empty for problems with the file itself     |
 * | path     | attribute path inside the resource, e.g. ["subject_alternative_names",1,"value"] |
 * | summary  | one-line title                                                           |
 * | detail   | what was wrong, the value received, and how to fix it                    |
 * | typescript | optional: the detail in the L2 constructs' words (rules/typescript.ts)  |
 */
import { z } from 'zod';

export const SeveritySchema = z.enum(['error', 'warning']);
export type Severity = z.infer<typeof SeveritySchema>;

export type PathSegment = string | number;
export type AttrPath = readonly PathSegment[];

export const DiagnosticSchema = z.object({
  severity: SeveritySchema,
  code: z.string(),
  address: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
  summary: z.string(),
  detail: z.string(),
  typescript: z.string().optional(),
});

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly address: string;
  readonly path: AttrPath;
  readonly summary: string;
  readonly detail: string;
  readonly typescript?: string;
}

/**
 * A run that cannot go on, for a reason the user can act on: the error carries its diagnostic (one
 * vocabulary for engine, state, provider and CLI). Thrown only across an entry point's boundary (a
 * locked state, a stale plan); bugs are plain errors, which toDiagnostic (engine) names as such.
 */
export class DiagnosticError extends Error {
  readonly diagnostic: Diagnostic;

  constructor(code: string, summary: string, detail: string, address = '') {
    super(detail);
    this.diagnostic = { severity: 'error', code, address, path: [], summary, detail };
  }
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** `a.b[1].c` for display. */
export function formatPath(path: AttrPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Stable order: errors first, then by address, path, code and detail. Outputs stay deterministic. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => [d.severity === 'error' ? '0' : '1', d.address, formatPath(d.path), d.code, d.detail];
  return [...diags].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const c = (ka[i] as string).localeCompare(kb[i] as string);
      if (c !== 0) return c;
    }
    return 0;
  });
}

/**
 * A string with a caret under one character, for details that point at a position:
 *   CN=foo,OU
 *            ^ expected "="
 */
export function pointAt(text: string, offset: number, note: string): string {
  const shown = JSON.stringify(text);
  // +1 for the opening quote; escapes before the offset widen the JSON form.
  const prefix = JSON.stringify(text.slice(0, offset)).length - 1;
  return `  ${shown}\n  ${' '.repeat(prefix)}^ ${note} (character ${offset + 1})`;
}

/** The longest word `closest` measures: a typo is in a name, not in a block of text. */
const LONGEST_SUGGESTED = 200;

/**
 * The closest candidate by edit distance (Levenshtein, ignoring case), when it is close enough to be a
 * likely typo: within a third of the input's length, at least 2. An input or candidate over 200
 * characters is not measured (no suggestion): measuring costs the product of the two lengths.
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  if (input.length > LONGEST_SUGGESTED) return undefined;
  const lower = input.toLowerCase();
  const limit = Math.max(2, Math.floor(input.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const other = c.toLowerCase();
    // The distance is at least the difference in length: past the limit, c cannot be the answer.
    if (Math.abs(lower.length - other.length) > limit || other.length > LONGEST_SUGGESTED) continue;
    const d = editDistance(lower, other, Math.min(limit, bestDistance));
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** The edit distance of a and b, or more than `max` as soon as no alignment can stay within it. */
function editDistance(a: string, b: string, max: number): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
      least = Math.min(least, prev[j] as number);
    }
    // A row's least value never falls in the rows below it.
    if (least > max) return max + 1;
  }
  return prev[b.length] as number;
}

/** A value shown in a detail: strings quoted, long ones cut. */
export function show(value: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}
