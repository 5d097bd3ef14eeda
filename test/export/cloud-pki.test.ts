/**
 * export of a tenant with Microsoft Cloud PKI: the CAs come along as constructs, the trusted roots
 * that deploy their certificates take them by reference, the profiles they serve take the issuing CA
 * (no pasted certificate, no pasted URL), and the first plan is all no-ops.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStateBackend, applyStack, readConfig, summarize } from '../../lib';
import { exportTenant, type ExportOptions } from '../../lib/export';
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { windowsUserProfile } from '../helpers/stacks';

jest.setTimeout(60_000);
let f: EngineFixture;
beforeEach(async () => {
  f = await engineFixture();
});
afterEach(async () => {
  await f.close();
});

const ROOT = 'intune_cloud_pki_root_ca.root';
const ISSUING = 'intune_cloud_pki_issuing_ca.issuing';
const attr = (address: string, name: string) => `\${${address}.${name}}`;

/** The tenant as a stack made it: a root CA, an issuing CA, Windows trusted roots of both, a Wi-Fi profile served by it. */
async function tenantWithCloudPki(): Promise<void> {
  const doc = {
    resource: {
      intune_cloud_pki_root_ca: { root: { display_name: 'Contoso Root CA', common_name: 'Contoso Root CA', validity_years: 10 } },
      intune_cloud_pki_issuing_ca: {
        issuing: {
          display_name: 'Contoso Issuing CA',
          common_name: 'Contoso Issuing CA',
          validity_years: 4,
          root_ca_id: `\${${ROOT}.id}`,
          organization: 'Contoso',
        },
      },
      intune_trusted_root_certificate: {
        root_win: { display_name: 'Cloud PKI root (Windows)', platform: 'windows', certificate: attr(ROOT, 'certificate') },
        issuing_win: {
          display_name: 'Cloud PKI issuing (Windows)',
          platform: 'windows',
          certificate: attr(ISSUING, 'certificate'),
          destination_store: 'computer_intermediate',
        },
      },
      intune_scep_certificate_profile: {
        wifi: windowsUserProfile({
          root_certificate_id: '${intune_trusted_root_certificate.root_win.id}',
          scep_server_urls: [attr(ISSUING, 'scep_server_url')],
        }),
      },
    },
  };
  const r = await applyStack(f.ctx, { config: readConfig(doc) });
  expect('errors' in r && r.errors).toEqual([]);
}

function options(over: Partial<ExportOptions> = {}): ExportOptions {
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-export-pki-'));
  return {
    api: f.ctx.api,
    dir,
    stack: 'intune',
    flavour: 'cdktf',
    source: 'the test tenant',
    packageVersion: '0.1.0',
    now: f.ctx.now,
    backend: new LocalStateBackend(join(dir, '.intune-scep', 'state', 'intune.json')),
    ...over,
  };
}

test('the CAs come along; roots and profiles take them by reference; the first plan is all no-ops', async () => {
  await tenantWithCloudPki();
  const o = options();
  const r = await exportTenant(o);
  expect(r.objects).toBe(5);
  expect(summarize(r.plan)).toEqual({ add: 0, change: 0, destroy: 0 });
  expect(r.plan.changes.map((c) => c.action).every((a) => a === 'no-op')).toBe(true);
  const main = readFileSync(join(o.dir, 'main.ts'), 'utf8');
  expect(main).toContain("const contosoRootCa = new CloudPkiRootCa(this, 'ContosoRootCa', {");
  expect(main).toMatch(/new CloudPkiIssuingCa\(this, 'ContosoIssuingCa', \{[^}]*rootCa: contosoRootCa,/s);
  expect(main).toContain('certificate: contosoRootCa.certificate');
  expect(main).toContain('certificate: contosoIssuingCa.certificate');
  expect(main).toMatch(/issuingCa: contosoIssuingCa/);
  expect(main).not.toContain('scepServerUrls');
  expect(main).not.toContain('CloudPKIFQDN');
  expect(main).not.toContain('BEGIN CERTIFICATE');
  expect(main).toContain(".importFrom('");
  // No certificate file: the certificates come from the CAs.
  expect(existsSync(join(o.dir, 'roots'))).toBe(false);
  // The CAs are protected as any stack's: revokeOnDestroy is not written.
  expect(main).not.toContain('revokeOnDestroy');
});

test('with --name, only the CAs the selected profiles use come along (and their root CA)', async () => {
  await tenantWithCloudPki();
  const o = options({ name: /^Wi-Fi/ });
  const r = await exportTenant(o);
  expect(summarize(r.plan)).toEqual({ add: 0, change: 0, destroy: 0 });
  const main = readFileSync(join(o.dir, 'main.ts'), 'utf8');
  expect(main).toContain('new CloudPkiIssuingCa(');
  expect(main).toContain('new CloudPkiRootCa(');
});
