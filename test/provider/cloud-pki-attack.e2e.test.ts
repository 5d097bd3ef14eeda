/**
 * Attacks on the provider's Cloud PKI guard through the real terraform binary: a CA taken down
 * without revoke_on_destroy by a replace Terraform decides itself (`-replace=`, `terraform taint`),
 * where the provider is asked to plan only the new object (prior null) and never the destroy half.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveMockProcess } from '../helpers/cli';
import { describeWithTerraform, graph, installProvider, terraformWithProviderInWorker, type Installed } from '../helpers/terraform';

jest.setTimeout(180_000);

const mainTf = (url: string) => `
terraform {
  required_providers {
    intune = { source = "intune-scep/intune", version = "0.1.0" }
  }
}
provider "intune" {
  graph_url = "${url}"
}
resource "intune_cloud_pki_root_ca" "root" {
  display_name   = "Contoso Root CA"
  common_name    = "Contoso Root CA"
  validity_years = 10
}
resource "intune_cloud_pki_issuing_ca" "issuing" {
  display_name   = "Contoso Issuing CA"
  common_name    = "Contoso Issuing CA"
  validity_years = 4
  root_ca_id     = intune_cloud_pki_root_ca.root.id
}
`;

describeWithTerraform('terraform cannot take a Cloud PKI CA down without revoke_on_destroy', () => {
  let mock: { url: string; stop: () => Promise<void> };
  let installed: Installed;
  let dir: string;
  const tf = (args: string[]) => terraformWithProviderInWorker([...args, '-no-color'], dir, installed.cliConfig);
  const cas = async () =>
    (await graph(mock.url, 'GET', '/deviceManagement/cloudCertificationAuthority')).json.value as Record<string, unknown>[];
  const issuing = async () => (await cas()).find((c) => c.cloudCertificationAuthorityType === 'issuingCertificationAuthority');

  beforeAll(async () => {
    [mock, installed] = await Promise.all([serveMockProcess(['--memory']), installProvider()]);
    dir = mkdtempSync(join(tmpdir(), 'intune-scep-tf-pki-attack-'));
    writeFileSync(join(dir, 'main.tf'), mainTf(mock.url));
    expect((await tf(['init', '-input=false'])).code).toBe(0);
    const apply = await tf(['apply', '-input=false', '-auto-approve']);
    expect(apply.stdout).toContain('Apply complete! Resources: 2 added');
  });
  afterAll(async () => {
    await mock?.stop();
  });

  test('-replace= of a CA without revoke_on_destroy is refused at plan, and apply leaves the CA in place', async () => {
    const before = await issuing();
    expect(before?.certificationAuthorityStatus).toBe('active');
    const apply = await tf(['apply', '-input=false', '-auto-approve', '-replace=intune_cloud_pki_issuing_ca.issuing']);
    // The CA Terraform was told to replace is still there, active: nothing revoked it.
    expect((await cas()).find((c) => c.id === before?.id)?.certificationAuthorityStatus).toBe('active');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('plan/ca-destroy-protected');
  });

  test('terraform taint of a CA without revoke_on_destroy: the next plan is refused, the CA stays', async () => {
    const before = await issuing();
    expect(before?.certificationAuthorityStatus).toBe('active');
    expect((await tf(['taint', 'intune_cloud_pki_issuing_ca.issuing'])).code).toBe(0);
    const apply = await tf(['apply', '-input=false', '-auto-approve']);
    expect((await cas()).find((c) => c.id === before?.id)?.certificationAuthorityStatus).toBe('active');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('plan/ca-destroy-protected');
  });
});
