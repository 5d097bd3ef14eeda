/**
 * Microsoft Cloud PKI through the real terraform binary and the intune provider, against
 * `mock-graph serve`: the chain from CA to device by reference (Terraform resolves the references,
 * the provider waits for each CA to become active), no changes after apply, destroy refused until
 * revoke_on_destroy is in state, then allowed, and the CAs gone.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveMockProcess } from '../helpers/cli';
import { describeWithTerraform, graph, installProvider, terraformWithProviderInWorker, type Installed } from '../helpers/terraform';

jest.setTimeout(180_000);

function mainTf(url: string, revoke: boolean): string {
  return `
terraform {
  required_providers {
    intune = { source = "intune-scep/intune", version = "0.1.0" }
  }
}
provider "intune" {
  graph_url = "${url}"
}
resource "intune_cloud_pki_root_ca" "root" {
  display_name      = "Contoso Root CA"
  common_name       = "Contoso Root CA"
  validity_years    = 10
  revoke_on_destroy = ${revoke}
}
resource "intune_cloud_pki_issuing_ca" "issuing" {
  display_name      = "Contoso Issuing CA"
  common_name       = "Contoso Issuing CA"
  validity_years    = 4
  root_ca_id        = intune_cloud_pki_root_ca.root.id
  revoke_on_destroy = ${revoke}
}
resource "intune_trusted_root_certificate" "root" {
  display_name = "Contoso Root CA (Windows)"
  platform     = "windows"
  certificate  = intune_cloud_pki_root_ca.root.certificate
}
resource "intune_trusted_root_certificate" "issuing" {
  display_name      = "Contoso Issuing CA (Windows)"
  platform          = "windows"
  destination_store = "computer_intermediate"
  certificate       = intune_cloud_pki_issuing_ca.issuing.certificate
}
resource "intune_scep_certificate_profile" "wifi" {
  display_name        = "Wi-Fi (Cloud PKI)"
  platform            = "windows"
  root_certificate_id = intune_trusted_root_certificate.root.id
  certificate_type    = "user"
  subject_name_format = "CN={{UserPrincipalName}}"
  subject_alternative_names = [
    { type = "upn", value = "{{UserPrincipalName}}" },
    { type = "uri", value = "{{OnPremisesSecurityIdentifier}}" },
  ]
  scep_server_urls = [intune_cloud_pki_issuing_ca.issuing.scep_server_url]
}
`;
}

describeWithTerraform('terraform drives Cloud PKI CAs with the intune provider', () => {
  let mock: { url: string; stop: () => Promise<void> };
  let installed: Installed;
  let dir: string;
  const tf = (args: string[]) => terraformWithProviderInWorker([...args, '-no-color'], dir, installed.cliConfig);
  const cas = async () =>
    (await graph(mock.url, 'GET', '/deviceManagement/cloudCertificationAuthority')).json.value as Record<string, unknown>[];
  const profiles = async () =>
    (await graph(mock.url, 'GET', '/deviceManagement/deviceConfigurations')).json.value as Record<string, unknown>[];

  beforeAll(async () => {
    [mock, installed] = await Promise.all([serveMockProcess(['--memory']), installProvider()]);
    dir = mkdtempSync(join(tmpdir(), 'intune-scep-tf-pki-'));
    writeFileSync(join(dir, 'main.tf'), mainTf(mock.url, false));
  });
  afterAll(async () => {
    await mock?.stop();
  });

  test('plan, apply, no changes; destroy refused without revoke_on_destroy in state, then done', async () => {
    expect((await tf(['init', '-input=false'])).code).toBe(0);
    const plan = await tf(['plan', '-input=false', '-detailed-exitcode']);
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain('Plan: 5 to add, 0 to change, 0 to destroy.');
    expect(plan.stdout).toMatch(/certificate\s+= \(known after apply\)/);

    const apply = await tf(['apply', '-input=false', '-auto-approve']);
    expect(apply.stderr).toBe('');
    expect(apply.stdout).toContain('Apply complete! Resources: 5 added, 0 changed, 0 destroyed.');

    // The chain: the issuing CA verifies against the root; the profiles hold exactly those certificates and that URI.
    const made = await cas();
    const ca = (t: string) => made.find((c) => c.cloudCertificationAuthorityType === t) as Record<string, unknown>;
    const cert = (c: Record<string, unknown>) =>
      new X509Certificate(Buffer.from(String(c.certificateDownloadUrl).replace(/^data:[^,]*,/, ''), 'base64'));
    const root = cert(ca('rootCertificationAuthority'));
    const issuing = cert(ca('issuingCertificationAuthority'));
    expect(issuing.verify(root.publicKey)).toBe(true);
    const all = await profiles();
    const der = (name: string) => Buffer.from(String(all.find((p) => p.displayName === name)?.trustedRootCertificate), 'base64');
    expect(der('Contoso Root CA (Windows)').equals(root.raw)).toBe(true);
    expect(der('Contoso Issuing CA (Windows)').equals(issuing.raw)).toBe(true);
    expect(all.find((p) => p.displayName === 'Wi-Fi (Cloud PKI)')?.scepServerUrls).toEqual([
      ca('issuingCertificationAuthority').scepServerUrl,
    ]);

    expect((await tf(['plan', '-input=false', '-detailed-exitcode'])).code).toBe(0);

    const refused = await tf(['plan', '-destroy', '-input=false']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('plan/ca-destroy-protected');
    expect((await cas()).length).toBe(2);

    writeFileSync(join(dir, 'main.tf'), mainTf(mock.url, true));
    const allow = await tf(['apply', '-input=false', '-auto-approve']);
    expect(allow.stdout).toContain('Apply complete! Resources: 0 added, 2 changed, 0 destroyed.');
    const destroy = await tf(['destroy', '-input=false', '-auto-approve']);
    expect(destroy.stderr).toBe('');
    expect(destroy.stdout).toContain('Destroy complete! Resources: 5 destroyed.');
    expect(await cas()).toEqual([]);
  });
});
