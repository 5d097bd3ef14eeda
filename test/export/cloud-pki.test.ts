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
import { cloudPkiChain } from '../helpers/cloud-pki';

jest.setTimeout(60_000);
let f: EngineFixture;
beforeEach(async () => {
  f = await engineFixture();
});
afterEach(async () => {
  await f.close();
});

/** The tenant as a stack made it: a root CA, an issuing CA, Windows trusted roots of both, a Wi-Fi profile served by it. */
async function tenantWithCloudPki(): Promise<void> {
  const doc = cloudPkiChain({ issuing: { organization: 'Contoso' } });
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
