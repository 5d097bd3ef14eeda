/**
 * The example workflows are valid GitHub Actions workflows: action-validator checks each against the
 * workflow schema of SchemaStore (what editors use). Running their steps: github-actions.e2e.test.ts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { REPO } from '../helpers/cli';

const DIR = join(REPO, 'examples', 'github-actions');
const WORKFLOWS = readdirSync(DIR).filter((f) => f.endsWith('.yml'));

test('both example workflows are there', () => {
  expect(WORKFLOWS.sort()).toEqual(['intune-scep-drift.yml', 'intune-scep.yml']);
});

test.each(WORKFLOWS)('%s is a valid workflow', (file) => {
  // It warns on stderr that glob patterns (paths:) are not checked; the rest of the schema is.
  const warn = console.warn;
  console.warn = () => {};
  try {
    expect(validateWorkflow(readFileSync(join(DIR, file), 'utf8')).errors).toEqual([]);
  } finally {
    console.warn = warn;
  }
});

test('a workflow the schema refuses is reported (the check can fail)', () => {
  const warn = console.warn;
  console.warn = () => {};
  try {
    const bad = readFileSync(join(DIR, 'intune-scep.yml'), 'utf8').replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest');
    expect(validateWorkflow(bad).errors.length).toBeGreaterThan(0);
  } finally {
    console.warn = warn;
  }
});

/** Each job's tenants and limits, as its matrix lists them. */
function matrices(file: string): Record<string, unknown> {
  const doc = parse(readFileSync(join(DIR, file), 'utf8')) as { jobs: Record<string, { strategy?: { matrix?: { include?: unknown } } }> };
  return Object.fromEntries(
    Object.entries(doc.jobs).flatMap(([job, j]) => (j.strategy?.matrix?.include ? [[job, j.strategy.matrix.include]] : [])),
  );
}

test('the tenants and their impact limits are the same in every job: the comment verifies the plan with the limit the merge applies it with', () => {
  const main = matrices('intune-scep.yml');
  expect(Object.keys(main).sort()).toEqual(['apply', 'comment', 'plan']);
  expect(main.comment).toEqual(main.plan);
  expect(main.apply).toEqual(main.plan);
  // The drift watch plans the same tenants (no limit: it applies nothing).
  const tenants = (m: unknown) => (m as { name: string; tenant: string }[]).map(({ name, tenant }) => ({ name, tenant }));
  expect(tenants(matrices('intune-scep-drift.yml').drift)).toEqual(tenants(main.plan));
});
