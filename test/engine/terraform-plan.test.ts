/**
 * The stack a Terraform plan describes (`terraform show -json PLANFILE`), for the rules. The fixture
 * is real terraform 1.11.4 output (format 1.2) with the intune provider, for
 * test/fixtures/terraform/root-not-covering.tf: a root assigned to "Wi-Fi Users", its SCEP profile to
 * "VPN Users". terraform plans it without complaint (the provider sees one resource at a time);
 * validate --terraform-plan sees the stack. The e2e twin (test/provider/terraform-plan.e2e.test.ts)
 * makes a plan with the real terraform each run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackFromTerraformPlan, validateTerraformPlan } from '../../lib';
import { runCli } from '../helpers/cli';

const FIXTURE = join(__dirname, '..', 'fixtures', 'terraform', 'root-not-covering.plan.json');
const plan = () => JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, any>;
const now = new Date('2026-06-01T00:00:00Z');

test('the stack rules run on an HCL stack: the SCEP profile goes to a group its root does not', () => {
  const found = validateTerraformPlan(readFileSync(FIXTURE, 'utf8'), { now });
  expect(found.map((d) => [d.code, d.address])).toEqual([
    ['assignment/root-not-covering', 'intune_profile_assignment.wifi'],
    ['san/strong-mapping-missing', 'intune_scep_certificate_profile.wifi'],
  ]);
});

test('references become references (unknown ids included), computed and null values are left out', () => {
  const { doc, addresses } = stackFromTerraformPlan(plan());
  expect(doc.resource.intune_scep_certificate_profile?.wifi?.root_certificate_id).toBe('${intune_trusted_root_certificate.root.id}');
  expect(doc.resource.intune_profile_assignment?.wifi).toEqual({
    all_devices: false,
    all_users: false,
    exclusive: true,
    include_group_names: ['VPN Users'],
    profile_id: '${intune_scep_certificate_profile.wifi.id}',
  });
  expect(addresses.get('intune_profile_assignment.wifi')).toBe('intune_profile_assignment.wifi');
});

test('module and instance addresses: reported as the plan names them, references resolved within the module', () => {
  const p = plan();
  const moduleOf = (address: string) => ({
    address,
    resources: (p.planned_values.root_module.resources as { address: string }[]).map((r) => ({
      ...r,
      address: `${address}.${r.address}`,
    })),
  });
  p.planned_values.root_module = { resources: [], child_modules: [moduleOf('module.site["paris"]')] };
  p.configuration.root_module = { module_calls: { site: { module: p.configuration.root_module } } };
  const found = validateTerraformPlan(p, { now });
  expect(found.map((d) => [d.code, d.address])).toEqual([
    ['assignment/root-not-covering', 'module.site["paris"].intune_profile_assignment.wifi'],
    ['san/strong-mapping-missing', 'module.site["paris"].intune_scep_certificate_profile.wifi'],
  ]);
  expect(found[0]?.detail).toContain(
    'receives module.site["paris"].intune_scep_certificate_profile.wifi but not its trusted root module.site["paris"].intune_trusted_root_certificate.root',
  );
});

test('a reference to something the plan does not show is an object outside the stack, never a missing attribute', () => {
  const p = plan();
  p.configuration.root_module.resources.find(
    (r: { address: string }) => r.address === 'intune_scep_certificate_profile.wifi',
  ).expressions.root_certificate_id = {
    references: ['data.intune_lookup.root.id', 'data.intune_lookup.root'],
  };
  const found = validateTerraformPlan(p, { now });
  expect(found.filter((d) => d.severity === 'error')).toEqual([]);
  expect(stackFromTerraformPlan(p).doc.resource.intune_scep_certificate_profile?.wifi?.root_certificate_id).toBe(
    '00000000-0000-0000-0000-000000000000',
  );
});

test('a group given by id in one place and by name in another is one group: the ids the provider resolved', () => {
  const p = plan();
  const root = p.planned_values.root_module.resources.find((r: { address: string }) => r.address === 'intune_profile_assignment.root');
  const wifi = p.planned_values.root_module.resources.find((r: { address: string }) => r.address === 'intune_profile_assignment.wifi');
  // The root by the id of "Wi-Fi Users", the profile by its name (the provider resolved it at plan).
  root.values.include_group_ids = [root.values.resolved_include_group_ids[0]];
  root.values.include_group_names = null;
  wifi.values.include_group_names = ['Wi-Fi Users'];
  wifi.values.resolved_include_group_ids = [...root.values.include_group_ids];
  expect(validateTerraformPlan(p, { now }).map((d) => d.code)).toEqual(['san/strong-mapping-missing']);
  // The near miss: another group by name is still found.
  wifi.values.include_group_names = ['VPN Users'];
  wifi.values.resolved_include_group_ids = ['2d8b9e3a-7c4f-4a0d-9e5b-3f4a5b6c7d82'];
  expect(validateTerraformPlan(p, { now }).map((d) => d.code)).toContain('assignment/root-not-covering');
});

test.each([
  ['not JSON', '{"format_version": '],
  ['a cdk.tf.json', JSON.stringify({ resource: {} })],
  ['an array', '[]'],
])('%s is refused in one line saying how to make the file', (_what, text) => {
  const [d, ...rest] = validateTerraformPlan(text, { now });
  expect(rest).toEqual([]);
  expect(d?.code).toBe('config/not-a-terraform-plan');
  expect(d?.detail).toContain('terraform plan -out=tfplan && terraform show -json tfplan > plan.json');
});

test('the CLI: --terraform-plan reports at the plan addresses, exits 1 under --strict, and refuses --config beside it', async () => {
  const ok = await runCli(['validate', '--terraform-plan', FIXTURE]);
  expect(ok.code).toBe(0);
  expect(ok.stdout).toContain(
    '[assignment/root-not-covering]\n  on test/fixtures/terraform/root-not-covering.plan.json, intune_profile_assignment.wifi, include_group_names[0]',
  );
  expect((await runCli(['validate', '--terraform-plan', FIXTURE, '--strict'])).code).toBe(1);
  const both = await runCli(['validate', '--terraform-plan', FIXTURE, '--config', 'cdk.tf.json']);
  expect({ code: both.code, err: both.stderr }).toEqual({
    code: 1,
    err: expect.stringContaining('--terraform-plan reads the stack from the plan: give it without --config or --stack.'),
  });
  const missing = await runCli(['validate', '--terraform-plan', 'nope.json']);
  expect(missing.stderr).toContain('nope.json: no such file. Pass the JSON of "terraform show -json PLANFILE".');
});
