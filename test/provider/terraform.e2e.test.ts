/**
 * The intune provider driven by the real terraform binary against `mock-graph serve`: offline init
 * from the mirror `provider install` writes, plan, apply, no changes, drift, replacement, import,
 * validation errors with rule ids and lines, destroy. Terraform attaches to the provider served in the
 * jest worker (helpers/terraform.ts); the provider's own process, from the mirror, is run by
 * hostile-folders.e2e, lock.e2e, cdktf.e2e (configured by the environment alone), docs/examples.e2e and
 * the package tier.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveMockProcess } from '../helpers/cli';
import { testCertificates } from '../helpers/certificates';
import { describeWithTerraform, graph, installProvider, terraformWithProviderInWorker, type Installed } from '../helpers/terraform';

jest.setTimeout(180_000);

function mainTf(url: string, channel: 'device' | 'user'): string {
  return `
terraform {
  required_providers {
    intune = { source = "intune-scep/intune", version = "0.1.0" }
  }
}
provider "intune" {
  graph_url = "${url}"
}
resource "intune_trusted_root_certificate" "root" {
  display_name = "Contoso Root (macOS)"
  platform     = "macos"
  certificate  = file("\${path.module}/root.pem")
  lifecycle { create_before_destroy = true }
}
resource "intune_scep_certificate_profile" "wifi" {
  display_name        = "Contoso Mac Wi-Fi"
  platform            = "macos"
  deployment_channel  = "${channel}"
  root_certificate_id = intune_trusted_root_certificate.root.id
  certificate_type    = "user"
  subject_name_format = "CN={{UserPrincipalName}}"
  subject_alternative_names = [{ type = "upn", value = "{{UserPrincipalName}}" }]
  key_usage           = ["digital_signature", "key_encipherment"]
  scep_server_urls    = ["https://ndes.contoso.com/certsrv/mscep/mscep.dll"]
  lifecycle { create_before_destroy = true }
}
resource "intune_profile_assignment" "wifi" {
  profile_id          = intune_scep_certificate_profile.wifi.id
  include_group_names = ["Mac Users"]
}
`;
}

describeWithTerraform('terraform with the intune provider', () => {
  let mock: { url: string; stop: () => Promise<void> };
  let installed: Installed;
  let dir: string;
  const tf = (args: string[]) => terraformWithProviderInWorker([...args, '-no-color'], dir, installed.cliConfig);
  const profiles = async () =>
    ((await graph(mock.url, 'GET', '/deviceManagement/deviceConfigurations')).json.value as { id: string; displayName: string }[])
      .map((p) => p.displayName)
      .sort();

  beforeAll(async () => {
    [mock, installed] = await Promise.all([serveMockProcess(['--memory']), installProvider()]);
    dir = mkdtempSync(join(tmpdir(), 'intune-scep-tf-'));
    writeFileSync(join(dir, 'root.pem'), (await testCertificates()).root);
    writeFileSync(join(dir, 'main.tf'), mainTf(mock.url, 'device'));
  });
  afterAll(async () => {
    await mock?.stop();
  });

  test('the full cycle: init offline, plan, apply, no changes, drift, replacement, import, destroy', async () => {
    const init = await tf(['init', '-input=false']);
    expect(init.stderr).toBe('');
    expect(init.stdout).toContain('Installing intune-scep/intune v0.1.0');
    expect(init.stdout).toContain('Terraform has been successfully initialized');

    const plan = await tf(['plan', '-input=false', '-detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('Plan: 3 to add, 0 to change, 0 to destroy.');
    expect(plan.stdout).toMatch(/deployment_channel\s+= "device"/);
    expect(plan.stdout).toMatch(/thumbprint\s+= "[0-9A-F]{40}"/); // known at plan, from the certificate

    const apply = await tf(['apply', '-input=false', '-auto-approve']);
    expect(apply.stderr).toBe('');
    expect(apply.stdout).toContain('Apply complete! Resources: 3 added, 0 changed, 0 destroyed.');
    expect(await profiles()).toEqual(['Contoso Mac Wi-Fi', 'Contoso Root (macOS)']);

    const again = await tf(['plan', '-input=false', '-detailed-exitcode']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes.');

    // Out of band: someone changes the key size and adds a group in the admin center.
    const state = JSON.parse((await tf(['show', '-json'])).stdout) as {
      values: { root_module: { resources: { address: string; values: { id: string } }[] } };
    };
    const profileId = state.values.root_module.resources.find((r) => r.address === 'intune_scep_certificate_profile.wifi')?.values
      .id as string;
    expect(
      (
        await graph(mock.url, 'PATCH', `/deviceManagement/deviceConfigurations/${profileId}`, {
          '@odata.type': '#microsoft.graph.macOSScepCertificateProfile',
          keySize: 'size4096',
        })
      ).status,
    ).toBe(204);
    const drift = await tf(['plan', '-input=false', '-detailed-exitcode']);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toMatch(/~ key_size\s+= 4096 -> 2048/);
    expect(drift.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    expect((await tf(['apply', '-input=false', '-auto-approve'])).stdout).toContain('Resources: 0 added, 1 changed, 0 destroyed.');

    // A new deployment channel needs a new profile, created before the old one goes.
    writeFileSync(join(dir, 'main.tf'), mainTf(mock.url, 'user'));
    const replace = await tf(['plan', '-input=false']);
    expect(replace.stdout).toContain('+/- create replacement and then destroy');
    expect(replace.stdout).toMatch(/~ deployment_channel\s+= "device" -> "user" # forces replacement/);
    expect(replace.stdout).toContain('Plan: 2 to add, 0 to change, 2 to destroy.'); // the profile and its assignment
    const replaced = await tf(['apply', '-input=false', '-auto-approve']);
    expect(replaced.stderr).toBe('');
    expect(replaced.stdout.indexOf('intune_scep_certificate_profile.wifi: Creation complete')).toBeLessThan(
      replaced.stdout.indexOf('intune_scep_certificate_profile.wifi (deposed object'),
    );
    expect(await profiles()).toEqual(['Contoso Mac Wi-Fi', 'Contoso Root (macOS)']);
    expect((await graph(mock.url, 'GET', `/deviceManagement/deviceConfigurations/${profileId}`)).status).toBe(404);
    expect((await tf(['plan', '-input=false', '-detailed-exitcode'])).code).toBe(0);

    // Import: forget the profile and the root, adopt them again by id: no changes.
    const ids = JSON.parse((await tf(['show', '-json'])).stdout).values.root_module.resources as {
      address: string;
      values: { id: string };
    }[];
    const id = (a: string) => ids.find((r) => r.address === a)?.values.id as string;
    const newProfile = id('intune_scep_certificate_profile.wifi');
    const root = id('intune_trusted_root_certificate.root');
    expect((await tf(['state', 'rm', 'intune_scep_certificate_profile.wifi', 'intune_trusted_root_certificate.root'])).code).toBe(0);
    expect((await tf(['import', '-input=false', 'intune_scep_certificate_profile.wifi', newProfile])).stdout).toContain(
      'Import successful!',
    );
    expect((await tf(['import', '-input=false', 'intune_trusted_root_certificate.root', root])).stdout).toContain('Import successful!');
    // Import reads Graph's form of each value: where the configuration writes the same value in
    // another form (PEM for base64 DER, another list order), Terraform shows an in-place update once.
    // Applying it writes nothing to Graph (the profile's version stays) and aligns the state.
    const version = async () =>
      (await graph(mock.url, 'GET', `/deviceManagement/deviceConfigurations/${newProfile}`)).json.version as number;
    const versionBefore = await version();
    const afterImport = await tf(['plan', '-input=false']);
    expect(afterImport.stdout).toContain('Plan: 0 to add, 2 to change, 0 to destroy.');
    expect((await tf(['apply', '-input=false', '-auto-approve'])).stdout).toContain('Resources: 0 added, 2 changed, 0 destroyed.');
    expect(await version()).toBe(versionBefore);
    const settled = await tf(['plan', '-input=false', '-detailed-exitcode']);
    expect(settled.stdout).toContain('No changes.');
    expect(settled.code).toBe(0);
    const badImport = await tf(['import', '-input=false', 'intune_trusted_root_certificate.other', 'not-a-guid']);
    expect(badImport.code).toBe(1);

    const destroy = await tf(['destroy', '-input=false', '-auto-approve']);
    expect(destroy.stdout).toContain('Destroy complete! Resources: 3 destroyed.');
    expect(await profiles()).toEqual([]);
  });

  test('validation errors carry the rule id and point at the attribute line', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'intune-scep-tf-bad-'));
    writeFileSync(
      join(bad, 'main.tf'),
      `terraform {
  required_providers {
    intune = { source = "intune-scep/intune", version = "0.1.0" }
  }
}
resource "intune_scep_certificate_profile" "kerberos" {
  display_name         = "Kerberos"
  platform             = "windows"
  root_certificate_id  = "6a0b3c1e-0000-4000-8000-000000000001"
  certificate_type     = "device"
  subject_name_format  = "CN={{AAD_Device_ID}}"
  key_size             = 4096
  key_storage_provider = "tpm_otherwise_fail"
  scep_server_urls     = ["https://ndes.contoso.com/certsrv/mscep/mscep.dll"]
}
`,
    );
    expect((await terraformWithProviderInWorker(['init', '-input=false', '-no-color'], bad, installed.cliConfig)).code).toBe(0);
    const v = await terraformWithProviderInWorker(['validate', '-no-color'], bad, installed.cliConfig);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('Error: [key/4096-needs-software-ksp]');
    expect(v.stderr).toContain('on main.tf line 13, in resource "intune_scep_certificate_profile" "kerberos":');
    expect(v.stderr).toContain('13:   key_storage_provider = "tpm_otherwise_fail"');
  });

  test('a provider with nowhere to go says how to configure it', async () => {
    const none = mkdtempSync(join(tmpdir(), 'intune-scep-tf-none-'));
    writeFileSync(join(none, 'main.tf'), mainTf('', 'device').replace('graph_url = ""', ''));
    writeFileSync(join(none, 'root.pem'), (await testCertificates()).root);
    await terraformWithProviderInWorker(['init', '-input=false', '-no-color'], none, installed.cliConfig);
    const p = await terraformWithProviderInWorker(['plan', '-input=false', '-no-color'], none, installed.cliConfig);
    expect(p.code).toBe(1);
    expect(p.stderr).toContain('No Graph to talk to');
    expect(p.stderr).toContain('graph_url');
  });
});
