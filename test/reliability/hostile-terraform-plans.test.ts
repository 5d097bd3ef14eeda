/**
 * Attacks on validate --terraform-plan (lib/engine/terraform-plan.ts), session 3 review. The plans
 * are the fixture (real terraform 1.11 output) changed the way terraform itself writes them: each
 * shape below was checked against `terraform show -json` of a real plan with the intune provider.
 * Each test states what should hold; on the reviewed code, each fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateTerraformPlan } from '../../lib';
import { runCli } from '../helpers/cli';

const FIXTURE = join(__dirname, '..', 'fixtures', 'terraform', 'root-not-covering.plan.json');
type Plan = Record<string, any>;
const plan = (): Plan => JSON.parse(readFileSync(FIXTURE, 'utf8')) as Plan;
const now = new Date('2026-06-01T00:00:00Z');
const codes = (p: unknown) => validateTerraformPlan(p, { now }).map((d) => d.code);

const resourcesOf = (p: Plan) => [
  ...(p.planned_values.root_module.resources as Plan[]),
  ...(p.configuration.root_module.resources as Plan[]),
];

/** Renames a root-module resource in planned_values and configuration, and the references to it, as `resource "T" "NAME"` does. */
function rename(p: Plan, address: string, name: string): void {
  const to = `${address.split('.')[0]}.${name}`;
  for (const r of resourcesOf(p)) {
    if (r.address === address) {
      r.name = name;
      r.address = to;
    }
    for (const e of Object.values((r.expressions ?? {}) as Record<string, { references?: string[] }>))
      if (e.references)
        e.references = e.references.map((ref) => (ref === address || ref.startsWith(`${address}.`) ? to + ref.slice(address.length) : ref));
  }
}

/** Gives a root-module resource `count = 1` (or for_each), as terraform addresses its instance. */
function instance(p: Plan, address: string, key: string): void {
  for (const r of p.planned_values.root_module.resources as Plan[])
    if (r.address === address) {
      r.address = `${address}${key}`;
      r.index = JSON.parse(key.slice(1, -1));
    }
}

const expressionOf = (p: Plan, address: string, attribute: string): Plan =>
  (p.configuration.root_module.resources as Plan[]).find((r) => r.address === address)?.expressions[attribute];

test('baseline: the fixture has the violation', () => {
  expect(codes(plan())).toContain('assignment/root-not-covering');
});

// HCL names may be any identifier: `resource "intune_profile_assignment" "__proto__"` plans fine with
// terraform 1.11. Stored with `obj[name] = attrs`, "__proto__" sets the prototype instead of a key, and
// the resource vanishes from the stack the rules see: the violation is hidden, the output says valid.
test.each(['intune_profile_assignment.wifi', 'intune_scep_certificate_profile.wifi'])(
  'a resource named __proto__ (%s) is still checked',
  (address) => {
    const p = plan();
    rename(p, address, '__proto__');
    expect(codes(p)).toContain('assignment/root-not-covering');
  },
);

// The idioms for several sites: count / for_each on the root and the profile. terraform writes the
// profile's reference as ["intune_trusted_root_certificate.root", "count.index"] (or "each.key"):
// no ".id" after an index, so the reference is taken for "an id outside the stack" and the check
// that the profile's groups also get its root is skipped.
test.each([
  ['count', '[0]', 'count.index'],
  ['for_each', '["a"]', 'each.key'],
])('a root and profile with %s: the profile still references its root, and the violation is found', (_what, key, index) => {
  const p = plan();
  instance(p, 'intune_trusted_root_certificate.root', key);
  instance(p, 'intune_scep_certificate_profile.wifi', key);
  expressionOf(p, 'intune_scep_certificate_profile.wifi', 'root_certificate_id').references = [
    'intune_trusted_root_certificate.root',
    index,
  ];
  expressionOf(p, 'intune_profile_assignment.root', 'profile_id').references = [
    `intune_trusted_root_certificate.root${key}.id`,
    `intune_trusted_root_certificate.root${key}`,
    'intune_trusted_root_certificate.root',
  ];
  expressionOf(p, 'intune_profile_assignment.wifi', 'profile_id').references = [
    `intune_scep_certificate_profile.wifi${key}.id`,
    `intune_scep_certificate_profile.wifi${key}`,
    'intune_scep_certificate_profile.wifi',
  ];
  expect(codes(p)).toContain('assignment/root-not-covering');
});

// `root_certificate_id = local.root_id` with `locals { root_id = intune_trusted_root_certificate.root.id }`:
// terraform writes ["local.root_id"]. The reference is unknown, so it should be reported as not
// checkable (or followed through configuration.root_module's locals), never silently "valid".
test('a reference through a local is not silently valid', () => {
  const p = plan();
  expressionOf(p, 'intune_scep_certificate_profile.wifi', 'root_certificate_id').references = ['local.root_id'];
  const found = validateTerraformPlan(p, { now });
  expect(found.length).toBeGreaterThan(0);
  expect(found.map((d) => d.code)).not.toEqual(['san/strong-mapping-missing']);
});

// "Never throws for bad input": nested modules recurse without a bound.
test.each([
  [
    'child_modules',
    (n: number) => `{"format_version":"1.2","planned_values":{"root_module":${'{"child_modules":['.repeat(n)}{}${']}'.repeat(n)}}}`,
  ],
  [
    'module_calls',
    (n: number) =>
      `{"format_version":"1.2","planned_values":{},"configuration":{"root_module":${'{"module_calls":{"m":{"module":'.repeat(n)}{}${'}}}'.repeat(n)}}}`,
  ],
])('deeply nested %s: a diagnostic, not a stack overflow', async (_what, text) => {
  const deep = text(20_000);
  expect(() => validateTerraformPlan(deep, { now })).not.toThrow();
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-deep-plan-'));
  writeFileSync(join(dir, 'plan.json'), deep);
  const r = await runCli(['validate', '--terraform-plan', 'plan.json'], { cwd: dir });
  expect(r.stderr).not.toContain('Internal error');
});
