/**
 * Table tests of the rule catalog: every rule id that needs no tenant has named cases that
 * trigger it and near misses that do not, run through validateStack as a user's stack would be.
 */
import { RULES, TENANT_RULE_IDS, validateStack, type Diagnostic } from '../../lib';
import { NOW, testCertificates, type TestCertificates } from '../helpers/certificates';
import { cleanStack } from '../helpers/stacks';
import { CASES } from './cases';
import type { RuleCase } from './cases/types';

const TABLE = CASES;

let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
});

/** As a file on disk would hold it: undefined attributes dropped. */
function diagnosticsOf(c: RuleCase): Diagnostic[] {
  return validateStack(JSON.parse(JSON.stringify(c.config(certs))), { now: NOW });
}

test('the clean stack has no diagnostics at all', () => {
  expect(validateStack(cleanStack(certs), { now: NOW })).toEqual([]);
});

test('every rule id that needs no tenant has cases, and no case names an unknown id', () => {
  const checkable = RULES.filter((r) => r.kind !== 'tenant')
    .map((r) => r.id)
    .sort();
  expect(Object.keys(TABLE).sort()).toEqual(checkable);
});

test('the tenant-only rules are exactly the ones the engine checks at plan time', () => {
  expect([...TENANT_RULE_IDS].sort()).toEqual([
    'assignment/device-group-delay',
    'assignment/filter-ambiguous',
    'assignment/filter-not-found',
    'assignment/filter-platform-mismatch',
    'assignment/group-ambiguous',
    'assignment/group-not-found',
    'assignment/root-device-targeted',
    'reference/root-still-used',
  ]);
});

describe.each(Object.entries(TABLE))('%s', (id, cases) => {
  const severity = RULES.find((r) => r.id === id)?.severity;

  it.each(Object.entries(cases.triggers))('triggers: %s', (_name, c) => {
    const found = diagnosticsOf(c).filter((d) => d.code === id);
    expect(found.length).toBeGreaterThan(0);
    const match = found.find(
      (d) =>
        (c.address === undefined || d.address === c.address) &&
        (c.path === undefined || JSON.stringify(d.path) === JSON.stringify(c.path)) &&
        (c.detail === undefined || d.detail.includes(c.detail)),
    );
    if (!match)
      throw new Error(
        `no ${id} diagnostic matches ${JSON.stringify({ address: c.address, path: c.path, detail: c.detail })}; got:\n${JSON.stringify(found, null, 2)}`,
      );
    expect(match.severity).toBe(severity);
    expect(match.detail.length).toBeGreaterThan(20);
  });

  it.each(Object.entries(cases.nearMisses))('does not trigger: %s', (_name, c) => {
    const found = diagnosticsOf(c).filter((d) => d.code === id);
    expect(found).toEqual([]);
  });
});
