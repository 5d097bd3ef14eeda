/**
 * The whole rule catalog for Terraform users: an HCL stack whose SCEP profile goes to a group its
 * trusted root does not is planned by the real terraform with the intune provider without a word
 * (the provider sees one resource at a time), and `intune-scep validate --terraform-plan` on
 * `terraform show -json` of that plan finds it, at main.tf's addresses. The README's pipeline recipe.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, serveMockProcess } from '../helpers/cli';
import { describeWithTerraform, installProvider, terraformWithProviderInWorker } from '../helpers/terraform';

jest.setTimeout(120_000);

/** test/fixtures/terraform/root-not-covering.tf (the unit tests' plan was made from it), against this mock and with the profile's group. */
const mainTf = (url: string, profileGroup: string) =>
  readFileSync(join(__dirname, '..', 'fixtures', 'terraform', 'root-not-covering.tf'), 'utf8')
    .replace('graph_url = "http://127.0.0.1:5911"', `graph_url = ${JSON.stringify(url)}`)
    .replace('include_group_names = ["VPN Users"]', `include_group_names = [${JSON.stringify(profileGroup)}]`);

describeWithTerraform('validate --terraform-plan with the real terraform', () => {
  let mock: { url: string; stop: () => Promise<void> };
  beforeAll(async () => {
    mock = await serveMockProcess(['--memory']);
  });
  afterAll(() => mock?.stop());

  test('terraform plans a root and a profile for different groups; validate --terraform-plan catches it at the plan address', async () => {
    const installed = await installProvider();
    const dir = mkdtempSync(join(tmpdir(), 'intune-scep-tfplan-'));
    const tf = (args: string[]) => terraformWithProviderInWorker([...args, '-no-color'], dir, installed.cliConfig);
    const check = async (group: string) => {
      writeFileSync(join(dir, 'main.tf'), mainTf(mock.url, group));
      const plan = await tf(['plan', '-input=false', '-out=tfplan']);
      expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 0, stderr: '' });
      const shown = await tf(['show', '-json', 'tfplan']);
      expect(shown.code).toBe(0);
      writeFileSync(join(dir, 'plan.json'), shown.stdout);
      return runCli(['validate', '--terraform-plan', 'plan.json', '--strict'], { cwd: dir });
    };
    writeFileSync(join(dir, 'main.tf'), mainTf(mock.url, 'VPN Users'));
    expect((await tf(['init', '-input=false'])).code).toBe(0);

    const apart = await check('VPN Users');
    expect(apart.code).toBe(1);
    expect(apart.stdout).toContain(
      'Warning: A group gets the SCEP profile but not its trusted root [assignment/root-not-covering]\n  on plan.json, intune_profile_assignment.wifi, include_group_names[0]\n  group name "VPN Users" receives intune_scep_certificate_profile.wifi but not its trusted root intune_trusted_root_certificate.root;',
    );
    expect(apart.stdout).toContain('0 errors, 2 warnings.'); // and san/strong-mapping-missing

    // The near miss: the same groups for both: only the strong-mapping warning is left.
    const together = await check('Wi-Fi Users');
    expect(together.stdout).not.toContain('root-not-covering');
    expect(together.stdout).toContain('0 errors, 1 warning.');
  });
});
