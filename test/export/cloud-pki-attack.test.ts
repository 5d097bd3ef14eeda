/**
 * Attacks on Cloud PKI export and on the CA answer checks (review-h). Each test states what should
 * hold; a failing one is a finding.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStateBackend, applyStack, readConfig, readState, summarize, type Plan } from '../../lib';
import { checkedAuthority, importResource } from '../../lib/engine';
import { ExportError, exportTenant, type ExportOptions } from '../../lib/export';
import { issueCaCertificate } from '../../lib/mock-graph/certificates';
import { configOf, engineFixture, type EngineFixture } from '../helpers/engine';
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
type Ca = Record<string, unknown>;
const caEntity = (id: string) => [...f.mock.store.authorities.values()].map((a) => a.entity as Ca).find((c) => c.id === id) as Ca;
const errors = (p: Plan) => p.diagnostics.filter((d) => d.severity === 'error');

const stackDoc = () => ({
  resource: {
    intune_cloud_pki_root_ca: { root: { display_name: 'Contoso Root CA', common_name: 'Contoso Root CA', validity_years: 10 } },
    intune_cloud_pki_issuing_ca: {
      issuing: { display_name: 'Contoso Issuing CA', common_name: 'Contoso Issuing CA', validity_years: 4, root_ca_id: `\${${ROOT}.id}` },
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
});

async function tenantWithCloudPki(): Promise<{ root: string; issuing: string }> {
  const r = await applyStack(f.ctx, { config: readConfig(stackDoc()) });
  expect('errors' in r && r.errors).toEqual([]);
  const s = readState(f.ctx.stateFile, 'test').resources;
  return { root: s[ROOT]!.id, issuing: s[ISSUING]!.id };
}

function options(over: Partial<ExportOptions> = {}): ExportOptions {
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-export-pki-h-'));
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

/** A self-signed CA certificate issued to `cn`: signed by no root of the tenant. */
function impostor(cn: string) {
  return issueCaCertificate({
    subject: { commonName: cn },
    keyBits: 2048,
    hash: 'sha256',
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2030-01-01T00:00:00Z'),
    extendedKeyUsages: ['1.3.6.1.5.5.7.3.2'],
    keysInUse: new Set(),
  });
}

/** The issuing CA's answer names no root (certificationAuthorityIssuerId null) and carries a self-signed certificate. */
function rootlessImpostor(id: string) {
  const ca = caEntity(id);
  const fake = impostor(String(ca.commonName));
  ca.certificationAuthorityIssuerId = null;
  ca.certificateDownloadUrl = `data:application/pkix-cert;base64,${fake.der.toString('base64')}`;
  ca.thumbprint = fake.thumbprint;
  return fake;
}

test('an issuing CA answer that names no root is refused: its certificate cannot be checked against one (checkedAuthority)', async () => {
  const { issuing } = await tenantWithCloudPki();
  rootlessImpostor(issuing);
  const read = await checkedAuthority(f.ctx.api, caEntity(issuing) as never);
  expect(read.diagnostics.map((d) => d.code)).toContain('cloud-pki/certificate');
  expect(read.diagnostics[0]?.detail).toContain('Graph names no root CA for this issuing CA');
  expect(read.attrs.certificate).toBeUndefined();
});

test('`intune-scep import` of an issuing CA whose answer names no root does not put its unchecked certificate in state', async () => {
  const ids = await tenantWithCloudPki();
  const fake = rootlessImpostor(ids.issuing);
  const ctx = { ...f.ctx, stack: 'other', stateFile: f.ctx.stateFile.replace(/test\.json$/, 'other.json') };
  await importResource(ctx, configOf(stackDoc()), ROOT, ids.root);
  await importResource(ctx, configOf(stackDoc()), ISSUING, ids.issuing).catch(() => undefined);
  const held = readState(f.ctx.stateFile.replace(/test\.json$/, 'other.json'), 'other').resources[ISSUING];
  expect(held?.attrs.thumbprint).not.toBe(fake.thumbprint);
  expect(held?.attrs.certificate).toBeUndefined();
});

test('`intune-scep import` of a refused CA (certificate not signed by its root) adopts nothing: all or nothing', async () => {
  const ids = await tenantWithCloudPki();
  const ca = caEntity(ids.issuing);
  const fake = impostor(String(ca.commonName));
  ca.certificateDownloadUrl = `data:application/pkix-cert;base64,${fake.der.toString('base64')}`;
  ca.thumbprint = fake.thumbprint;
  const ctx = { ...f.ctx, stack: 'other', stateFile: f.ctx.stateFile.replace(/test\.json$/, 'other.json') };
  const r = await importResource(ctx, configOf(stackDoc()), ISSUING, ids.issuing).catch((e: unknown) => e);
  // Should: refused like export refuses it (cloud-pki/certificate), state unchanged.
  expect(r).toBeInstanceOf(Error);
  expect(readState(f.ctx.stateFile.replace(/test\.json$/, 'other.json'), 'other').resources[ISSUING]).toBeUndefined();
});

test("an issuing CA whose answer names another issuing CA as its root is refused (the 'root' is no root CA)", async () => {
  const ids = await tenantWithCloudPki();
  const sub = await f.ctx.api.cloudPki.create({
    displayName: 'Sub CA',
    cloudCertificationAuthorityType: 'issuingCertificationAuthority',
    certificationAuthorityIssuerId: ids.root,
    commonName: 'Sub CA',
    validityPeriodInYears: 2,
    extendedKeyUsages: [{ name: 'Client Authentication', objectIdentifier: '1.3.6.1.5.5.7.3.2' }],
  });
  await f.ctx.api.cloudPki.waitUntilActive(sub.id);
  const issuing = f.mock.store.authorities.get(ids.issuing)!;
  const signed = issueCaCertificate({
    subject: { commonName: 'Sub CA' },
    keyBits: 2048,
    hash: 'sha256',
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2028-01-01T00:00:00Z'),
    extendedKeyUsages: ['1.3.6.1.5.5.7.3.2'],
    issuer: {
      der: Buffer.from(issuing.certificate, 'base64'),
      privateKey: Buffer.from(issuing.privateKey, 'base64'),
      subject: { commonName: String(issuing.entity.commonName) },
    },
    keysInUse: new Set(),
  });
  const e = caEntity(sub.id);
  e.certificationAuthorityIssuerId = ids.issuing;
  e.certificateDownloadUrl = `data:application/pkix-cert;base64,${signed.der.toString('base64')}`;
  e.thumbprint = signed.thumbprint;
  const read = await checkedAuthority(f.ctx.api, caEntity(sub.id) as never);
  expect(read.diagnostics.map((d) => d.code)).toContain('cloud-pki/certificate');
  // And export says so, rather than writing a main.ts that does not compile ("a bug in intune-scep export").
  const err = await exportTenant(options()).catch((x: unknown) => x);
  expect(String((err as Error).message)).not.toContain('a bug in intune-scep export');
});

test('export of an issuing CA whose answer names no root is refused with the reason, not a crash', async () => {
  const { issuing } = await tenantWithCloudPki();
  rootlessImpostor(issuing);
  const err = await exportTenant(options()).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ExportError);
  expect(String((err as Error).message)).toMatch(/certificate|root/);
});

test('two issuing CAs answering the same SCEP URI: export does not pick one for the profile', async () => {
  const ids = await tenantWithCloudPki();
  const other = await f.ctx.api.cloudPki.create({
    displayName: 'Zz Other Issuing CA',
    cloudCertificationAuthorityType: 'issuingCertificationAuthority',
    certificationAuthorityIssuerId: ids.root,
    commonName: 'Other Issuing CA',
    validityPeriodInYears: 2,
    extendedKeyUsages: [{ name: 'Client Authentication', objectIdentifier: '1.3.6.1.5.5.7.3.2' }],
  });
  await f.ctx.api.cloudPki.waitUntilActive(other.id);
  caEntity(other.id).scepServerUrl = caEntity(ids.issuing).scepServerUrl;
  const o = options();
  await exportTenant(o).catch(() => undefined);
  const written = (() => {
    try {
      return readFileSync(join(o.dir, 'main.ts'), 'utf8');
    } catch {
      return ''; // refused: fine
    }
  })();
  expect(written).not.toMatch(/issuingCa: zzOtherIssuingCa/);
});

test('display and common names with ${...} and %{...} come through export as text; first plan all no-ops', async () => {
  const root = await f.ctx.api.cloudPki.create({
    displayName: 'Root ${var.x} %{if true}y%{endif}',
    cloudCertificationAuthorityType: 'rootCertificationAuthority',
    commonName: 'Root $${x} CA',
    validityPeriodInYears: 10,
    certificateKeySize: 'rsa2048',
    cloudCertificationAuthorityHashingAlgorithm: 'sha256',
    extendedKeyUsages: [{ name: 'Client ${x}', objectIdentifier: '1.3.6.1.5.5.7.3.2' }],
    organizationName: "O'Brien \\ ${o}",
  } as never);
  await f.ctx.api.cloudPki.waitUntilActive(root.id);
  const o = options();
  const r = await exportTenant(o);
  expect(errors(r.plan)).toEqual([]);
  expect(summarize(r.plan)).toEqual({ add: 0, change: 0, destroy: 0 });
  expect(r.plan.changes.every((c) => c.action === 'no-op')).toBe(true);
});
