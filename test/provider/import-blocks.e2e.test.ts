/**
 * Import blocks through real terraform and the provider: an import may adopt only what
 * `intune-scep import` would (adopt.ts). A macOS root imported at a Windows root's address would be
 * replaced, that is deleted, by the apply; another profile's assignments at an assignment's address
 * would be rewritten. Both are refused at plan. A good import leaves no mark that refuses a later,
 * intended change.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveMockProcess } from '../helpers/cli';
import { testCertificates } from '../helpers/certificates';
import { describeWithTerraform, graph, installProvider, terraformWithProviderInWorker, type Installed } from '../helpers/terraform';

jest.setTimeout(180_000);

const head = (url: string) => `
terraform {
  required_providers {
    intune = { source = "intune-scep/intune", version = "0.1.0" }
  }
}
provider "intune" {
  graph_url = "${url}"
}
`;
const root = (platform: string) => `
resource "intune_trusted_root_certificate" "root" {
  display_name = "Contoso Root"
  platform     = "${platform}"
  certificate  = file("\${path.module}/root.pem")
}
`;

describeWithTerraform('import blocks through terraform', () => {
  let mock: { url: string; stop: () => Promise<void> };
  let installed: Installed;
  let pem: string;
  const work = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'intune-scep-tf-import-'));
    writeFileSync(join(dir, 'root.pem'), pem);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return { dir, tf: (args: string[]) => terraformWithProviderInWorker([...args, '-no-color', '-input=false'], dir, installed.cliConfig) };
  };
  const createRoot = async (odataType: string, name: string) =>
    (
      await graph(mock.url, 'POST', '/deviceManagement/deviceConfigurations', {
        '@odata.type': odataType,
        displayName: name,
        trustedRootCertificate: Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('base64'),
        certFileName: 'root.cer',
        ...(odataType.includes('windows') ? { destinationStore: 'computerCertStoreRoot' } : {}),
      })
    ).json.id as string;
  const names = async () =>
    ((await graph(mock.url, 'GET', '/deviceManagement/deviceConfigurations')).json.value as { displayName: string }[])
      .map((p) => p.displayName)
      .sort();

  beforeAll(async () => {
    [mock, installed] = await Promise.all([serveMockProcess(['--memory']), installProvider()]);
    pem = (await testCertificates()).root;
  });
  afterAll(async () => {
    await mock?.stop();
  });

  test("a macOS root's id in a Windows root's import block is refused at plan; the macOS root stays", async () => {
    const mac = await createRoot('#microsoft.graph.macOSTrustedRootCertificate', 'Mac root (another team)');
    const { tf } = work({
      'main.tf': `${head(mock.url)}${root('windows')}\nimport {\n  to = intune_trusted_root_certificate.root\n  id = "${mac}"\n}\n`,
    });
    expect((await tf(['init'])).code).toBe(0);
    const before = await names();
    for (const command of [['plan'], ['apply', '-auto-approve']]) {
      const r = await tf(command);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Import refused');
      expect(r.stderr.replace(/\s+/g, ' ')).toContain(
        `is a macos trusted root (#microsoft.graph.macOSTrustedRootCertificate); intune_trusted_root_certificate declares platform "windows"`,
      );
    }
    expect(await names()).toEqual(before);
  });

  test("an import into an assignment set whose profile_id is known only after apply is refused: another profile's assignments stay", async () => {
    const victim = await createRoot('#microsoft.graph.iosTrustedRootCertificate', 'iOS root (another team)');
    const group = ((await graph(mock.url, 'GET', "/groups?$filter=displayName eq 'Mac Users'")).json.value as { id: string }[])[0]!.id;
    await graph(mock.url, 'POST', `/deviceManagement/deviceConfigurations/${victim}/assign`, {
      assignments: [{ target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: group } }],
    });
    const assigned = async () =>
      (await graph(mock.url, 'GET', `/deviceManagement/deviceConfigurations/${victim}/assignments`)).json.value as unknown[];
    expect(await assigned()).toHaveLength(1);
    const { tf } = work({
      'main.tf': `${head(mock.url)}${root('windows')}
resource "intune_profile_assignment" "a" {
  profile_id          = intune_trusted_root_certificate.root.id
  include_group_names = ["Mac Users"]
}
import {
  to = intune_profile_assignment.a
  id = "${victim}"
}
`,
    });
    expect((await tf(['init'])).code).toBe(0);
    for (const command of [['plan'], ['apply', '-auto-approve']]) {
      const r = await tf(command);
      expect(r.code).toBe(1);
      expect(r.stderr.replace(/\s+/g, ' ')).toContain(`imports ${victim}, but its profile_id is known only after apply`);
    }
    expect(await assigned()).toHaveLength(1);
  });

  test('a good import block leaves no mark: the next platform change is a replacement, not a refusal', async () => {
    const windows = await createRoot('#microsoft.graph.windows81TrustedRootCertificate', 'Contoso Root');
    const { tf, dir } = work({
      'main.tf': `${head(mock.url)}${root('windows')}\nimport {\n  to = intune_trusted_root_certificate.root\n  id = "${windows}"\n}\n`,
    });
    expect((await tf(['init'])).code).toBe(0);
    const apply = await tf(['apply', '-auto-approve']);
    expect(apply.stderr).toBe('');
    expect(apply.stdout).toContain('1 imported');
    writeFileSync(join(dir, 'main.tf'), `${head(mock.url)}${root('macos')}`);
    const plan = await tf(['plan']);
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain('must be replaced');
  });
});
