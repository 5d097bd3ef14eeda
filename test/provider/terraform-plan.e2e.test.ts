/**
 * The whole rule catalog for Terraform users: an HCL stack whose SCEP profile goes to a group its
 * trusted root does not is planned by the real terraform with the intune provider without a word
 * (the provider sees one resource at a time), and `intune-scep validate --terraform-plan` on
 * `terraform show -json` of that plan finds it, at main.tf's addresses. The README's pipeline recipe.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, serveMockProcess } from '../helpers/cli';
import { testCertificates } from '../helpers/certificates';
import { describeWithTerraform, installProvider, terraform } from '../helpers/terraform';

jest.setTimeout(120_000);

const mainTf = (url: string, profileGroup: string) => `
terraform {
  required_providers {
    intune = { source = "intune-scep/intune", version = "0.1.0" }
  }
}
provider "intune" {
  graph_url = "${url}"
}
resource "intune_trusted_root_certificate" "root" {
  display_name = "Contoso Root"
  platform     = "windows"
  certificate  = file("\${path.module}/root.pem")
}
resource "intune_scep_certificate_profile" "wifi" {
  display_name        = "Contoso Wi-Fi"
  platform            = "windows"
  root_certificate_id = intune_trusted_root_certificate.root.id
  certificate_type    = "user"
  subject_name_format = "CN={{UserPrincipalName}}"
  subject_alternative_names = [
    { type = "upn", value = "{{UserPrincipalName}}" },
    { type = "uri", value = "{{OnPremisesSecurityIdentifier}}" },
  ]
  scep_server_urls    = ["https://ndes.contoso.com/certsrv/mscep/mscep.dll"]
}
resource "intune_profile_assignment" "root" {
  profile_id          = intune_trusted_root_certificate.root.id
  include_group_names = ["Wi-Fi Users"]
}
resource "intune_profile_assignment" "wifi" {
  profile_id          = intune_scep_certificate_profile.wifi.id
  include_group_names = ["${profileGroup}"]
}
`;

describeWithTerraform('validate --terraform-plan with the real terraform', () => {
  let mock: { url: string; stop: () => Promise<void> };
  beforeAll(async () => {
    mock = await serveMockProcess(['--memory']);
  });
  afterAll(() => mock?.stop());

  test('terraform plans a root and a profile for different groups; validate --terraform-plan catches it at the plan address', async () => {
    const installed = await installProvider();
    const dir = mkdtempSync(join(tmpdir(), 'intune-scep-tfplan-'));
    writeFileSync(join(dir, 'root.pem'), (await testCertificates()).root);
    const tf = (args: string[]) => terraform([...args, '-no-color'], dir, installed.cliConfig);
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
    expect(apart.stdout).toContain('0 errors, 1 warning.');

    // The near miss: the same groups for both: clean.
    const together = await check('Wi-Fi Users');
    expect({ code: together.code, stdout: together.stdout }).toEqual({ code: 0, stdout: 'Success! plan.json is valid.\n' });
  });
});
