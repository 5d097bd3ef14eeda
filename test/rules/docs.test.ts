/** docs/rules.md is the user's catalog: the code and the documentation name the same ids and severities. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INPUT_CODES, RULES } from '../../lib';
import { AssignableProfile } from '../../lib/constructs';

const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8');
const ROW = /^\| `([a-z0-9/-]+)` \| (E|W) \|/gm;

function documented(): Map<string, 'error' | 'warning'> {
  const out = new Map<string, 'error' | 'warning'>();
  for (const m of DOC.matchAll(ROW)) out.set(m[1] as string, m[2] === 'E' ? 'error' : 'warning');
  return out;
}

test('every rule and input code is documented with its severity, and nothing else is', () => {
  const inCode = new Map([...RULES, ...INPUT_CODES].map((r) => [r.id, r.severity]));
  expect(Object.fromEntries([...documented()].sort())).toEqual(Object.fromEntries([...inCode].sort()));
});

test('rules that need the tenant are documented as checked at plan', () => {
  const planOnly = [...DOC.matchAll(/^\| `([a-z0-9/-]+)` \| [EW] \| plan \|/gm)].map((m) => m[1]).sort();
  expect(planOnly).toEqual(
    RULES.filter((r) => r.kind === 'tenant')
      .map((r) => r.id)
      .sort(),
  );
});

test('the TypeScript suppression API is documented beside suppress_warnings, and exists', () => {
  const cli = readFileSync(join(__dirname, '..', '..', 'docs', 'cli.md'), 'utf8');
  for (const text of [DOC, cli]) {
    expect(text).toContain('suppressWarnings');
    expect(text).toContain('suppressAssignmentWarnings');
  }
  expect(typeof AssignableProfile.prototype.suppressAssignmentWarnings).toBe('function');
});
