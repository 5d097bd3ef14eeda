/**
 * The whole chain as code through the engine: Cloud PKI CAs, the trusted certificate profiles that
 * take their certificates by reference, and a SCEP profile that takes the issuing CA's SCEP URI, against
 * the embedded tenant. Creation waits until a CA is active; replacing or destroying one is refused
 * without revoke_on_destroy and counts the certificates it revokes.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KNOWN_AFTER_APPLY, applyStack, planStack, readState, summarize, type EngineHooks, type Plan } from '../../lib';
import { SEED_GROUPS, configOf, engineFixture, type EngineFixture } from '../helpers/engine';
import { ISSUING_CA, ROOT_CA, cloudPkiChain } from '../helpers/cloud-pki';

let f: EngineFixture;
/** Each write the mock applied, as `METHOD path`. */
let writes: string[] = [];
beforeEach(async () => {
  writes = [];
  f = await engineFixture({ onWrite: (_n, method, path) => writes.push(`${method} ${path}`) });
});
afterEach(async () => {
  await f.close();
});

const ROOT = ROOT_CA;
const ISSUING = ISSUING_CA;
const chain = cloudPkiChain;

const actions = (p: Plan) => Object.fromEntries(p.changes.map((c) => [c.address, c.action]));
const errors = (p: Plan) => p.diagnostics.filter((d) => d.severity === 'error');
const change = (p: Plan, address: string) => p.changes.find((c) => c.address === address);
const cas = () => [...f.mock.store.authorities.values()].map((a) => a.entity);
const configurations = () => [...f.mock.store.configurations.values()] as Record<string, unknown>[];

/** Apply `doc` and expect no errors. */
async function apply(doc: Record<string, unknown>, hooks: EngineHooks = {}) {
  const r = await applyStack({ ...f.ctx, hooks }, { config: configOf(doc) });
  if ('blocked' in r) throw new Error(`blocked: ${JSON.stringify(r.plan.diagnostics)}`);
  expect('errors' in r && r.errors).toEqual([]);
  return r;
}

/** Give the issuing CA `n` leaf certificates devices hold, as Intune issues them over SCEP. */
async function issueLeaves(n: number, upn = (i: number) => `user${i}@contoso.com`): Promise<void> {
  const id = readState(f.ctx.stateFile, 'test').resources[ISSUING]?.id as string;
  for (let i = 0; i < n; i++) {
    const r = await fetch(
      `${f.mock.url}/beta/deviceManagement/cloudCertificationAuthority/${id}/cloudCertificationAuthorityLeafCertificate`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ deviceName: `PC-${i}`, userPrincipalName: upn(i) }),
      },
    );
    expect(r.status).toBe(201);
  }
}

test('plan shows the chain as known after apply; apply makes it; the next plan has no changes', async () => {
  const p1 = await planStack(f.ctx, configOf(chain()));
  expect(errors(p1)).toEqual([]);
  expect(summarize(p1)).toEqual({ add: 8, change: 0, destroy: 0 });
  expect(change(p1, 'intune_trusted_root_certificate.root_win')?.after?.certificate).toBe(KNOWN_AFTER_APPLY);
  expect(change(p1, 'intune_scep_certificate_profile.wifi')?.after?.scep_server_urls).toEqual([KNOWN_AFTER_APPLY]);
  expect(change(p1, ISSUING)?.after?.root_ca_id).toBe(KNOWN_AFTER_APPLY);

  const progress: string[] = [];
  await apply(chain(), { onApplyProgress: (e) => progress.push(`${e.address}: ${e.message}`) });
  expect(progress).toEqual(
    expect.arrayContaining([expect.stringMatching(/^intune_cloud_pki_root_ca\.root: waiting for the CA to become active/)]),
  );
  expect(cas().map((c) => c.certificationAuthorityStatus)).toEqual(['active', 'active']);

  const p2 = await planStack(f.ctx, configOf(chain()));
  expect(errors(p2)).toEqual([]);
  expect(new Set(Object.values(actions(p2)))).toEqual(new Set(['no-op']));
});

test('the chain holds: the issuing CA verifies against the root, and the profiles deploy exactly those certificates and that URI', async () => {
  await apply(chain());
  const state = readState(f.ctx.stateFile, 'test').resources;
  const byId = (id: string) => configurations().find((c) => c.id === id) as Record<string, unknown>;
  const ca = (address: string) => cas().find((c) => c.id === state[address]?.id) as Record<string, unknown>;
  const der = (c: Record<string, unknown>) => Buffer.from(String(c.certificateDownloadUrl).replace(/^data:[^,]*,/, ''), 'base64');
  const rootCert = new X509Certificate(der(ca(ROOT)));
  const issuingCert = new X509Certificate(der(ca(ISSUING)));
  expect(issuingCert.checkIssued(rootCert)).toBe(true);
  expect(issuingCert.verify(rootCert.publicKey)).toBe(true);
  expect(rootCert.verify(rootCert.publicKey)).toBe(true);

  const rootWin = byId(state['intune_trusted_root_certificate.root_win']?.id as string);
  const issuingWin = byId(state['intune_trusted_root_certificate.issuing_win']?.id as string);
  expect(Buffer.from(String(rootWin.trustedRootCertificate), 'base64').equals(rootCert.raw)).toBe(true);
  expect(Buffer.from(String(issuingWin.trustedRootCertificate), 'base64').equals(issuingCert.raw)).toBe(true);

  const wifi = byId(state['intune_scep_certificate_profile.wifi']?.id as string);
  expect(wifi.scepServerUrls).toEqual([ca(ISSUING).scepServerUrl]);
  expect(String(ca(ISSUING).scepServerUrl)).toMatch(/^https:\/\/\{\{CloudPKIFQDN\}\}\//);
  const link = await f.ctx.api.rootLinks([wifi as { id: string; '@odata.type': string }]);
  expect(link.get(wifi.id as string)).toEqual({ ok: true, rootId: rootWin.id });
  // State records the values sent, not the references' text.
  expect(state['intune_scep_certificate_profile.wifi']?.config.scep_server_urls).toEqual([ca(ISSUING).scepServerUrl]);
  expect(state['intune_trusted_root_certificate.root_win']?.config.certificate).toBe(rootCert.toString());
});

test('renaming a CA is an update in place that changes nothing else', async () => {
  await apply(chain());
  const before = cas().map((c) => c.thumbprint);
  const p = await planStack(f.ctx, configOf(chain({ issuing: { display_name: 'Contoso Wi-Fi CA' } })));
  expect(errors(p)).toEqual([]);
  expect(Object.entries(actions(p)).filter(([, a]) => a !== 'no-op')).toEqual([[ISSUING, 'update']]);
  await apply(chain({ issuing: { display_name: 'Contoso Wi-Fi CA' } }));
  expect(cas().map((c) => c.displayName)).toEqual(['Contoso Root CA', 'Contoso Wi-Fi CA']);
  expect(cas().map((c) => c.thumbprint)).toEqual(before);
});

test('replacing a CA is refused without revoke_on_destroy, and the tenant and state are unchanged', async () => {
  await apply(chain());
  const state = readFileSync(f.ctx.stateFile, 'utf8');
  const tenant = JSON.stringify(cas());
  const p = await planStack(f.ctx, configOf(chain({ issuing: { common_name: 'Contoso Issuing CA G2' } })));
  expect(errors(p).map((d) => [d.code, d.address])).toEqual([['plan/ca-destroy-protected', ISSUING]]);
  expect(errors(p)[0]?.detail).toMatch(
    /revokes every certificate it issued.*set revoke_on_destroy = true on intune_cloud_pki_issuing_ca\.issuing/,
  );
  const r = await applyStack(f.ctx, { config: configOf(chain({ issuing: { common_name: 'Contoso Issuing CA G2' } })) });
  expect('blocked' in r).toBe(true);
  expect(readFileSync(f.ctx.stateFile, 'utf8')).toBe(state);
  expect(JSON.stringify(cas())).toBe(tenant);
});

test('a create-first replacement that keeps the common name is refused before Intune would', async () => {
  await apply(chain());
  const p = await planStack(f.ctx, configOf(chain({ issuing: { validity_years: 2, revoke_on_destroy: true } })));
  expect(errors(p).map((d) => d.code)).toEqual(['plan/ca-replace-common-name']);
  expect(errors(p)[0]?.detail).toContain('"Contoso Issuing CA G2"');
});

test('with revoke_on_destroy, a replacement shows the certificates it revokes, honours --max-impact-devices, and re-points the chain', async () => {
  await apply(chain());
  await issueLeaves(3, (i) => (i < 2 ? 'ann@contoso.com' : 'bob@contoso.com'));
  const g2 = chain({ issuing: { common_name: 'Contoso Issuing CA G2', revoke_on_destroy: true } });
  const p = await planStack(f.ctx, configOf(g2));
  expect(errors(p)).toEqual([]);
  expect(actions(p)).toMatchObject({
    [ISSUING]: 'create-then-delete',
    'intune_trusted_root_certificate.issuing_win': 'update',
    'intune_scep_certificate_profile.wifi': 'update',
  });
  expect(p.impact.find((i) => i.address === ISSUING)).toMatchObject({ effect: 'remove', devices: 3, users: 2 });
  expect(p.impact.find((i) => i.address === ISSUING)?.detail).toContain('the 3 certificates it issued that devices hold are revoked');

  const limited = await planStack(f.ctx, configOf(g2), { maxImpact: { devices: 2 } });
  expect(errors(limited).map((d) => d.code)).toEqual(['plan/impact-over-threshold']);
  expect(errors(limited)[0]?.detail).toContain(`${ISSUING}: 3`);

  const oldId = readState(f.ctx.stateFile, 'test').resources[ISSUING]?.id;
  await apply(g2);
  const state = readState(f.ctx.stateFile, 'test').resources;
  expect(state[ISSUING]?.id).not.toBe(oldId);
  expect(cas().map((c) => c.commonName)).toEqual(['Contoso Root CA', 'Contoso Issuing CA G2']);
  expect([...(f.mock.store.leaves.get(oldId as string) ?? [])]).toEqual([]);
  const wifi = configurations().find((c) => c.id === state['intune_scep_certificate_profile.wifi']?.id);
  expect(wifi?.scepServerUrls).toEqual([cas()[1]?.scepServerUrl]);
  const p2 = await planStack(f.ctx, configOf(g2));
  expect(new Set(Object.values(actions(p2)))).toEqual(new Set(['no-op']));
});

test('setting revoke_on_destroy is an update only state records; then a destroy takes the CAs down in order', async () => {
  await apply(chain());
  await issueLeaves(1);
  // Without it in state, destroy is refused.
  const refused = await planStack(f.ctx, configOf(chain()), { mode: 'destroy' });
  expect(errors(refused).map((d) => [d.code, d.address])).toEqual([
    ['plan/ca-destroy-protected', ISSUING],
    ['plan/ca-destroy-protected', ROOT],
  ]);
  writes = [];
  const allowed = chain({ root: { revoke_on_destroy: true }, issuing: { revoke_on_destroy: true } });
  const p = await planStack(f.ctx, configOf(allowed));
  expect(Object.entries(actions(p)).filter(([, a]) => a !== 'no-op')).toEqual([
    [ISSUING, 'update'],
    [ROOT, 'update'],
  ]);
  expect(change(p, ROOT)?.changedPaths).toEqual([['revoke_on_destroy']]);
  await apply(allowed);
  expect(writes).toEqual([]);
  expect(readState(f.ctx.stateFile, 'test').resources[ISSUING]?.config.revoke_on_destroy).toBe(true);

  // Gone from the stack: the state's setting decides.
  const p2 = await planStack(f.ctx, configOf({ resource: {} }));
  expect(errors(p2)).toEqual([]);
  expect(p2.impact.find((i) => i.address === ISSUING)).toMatchObject({ devices: 1, users: 1 });
  expect(p2.impact.find((i) => i.address === ROOT)?.detail).toContain('a root CA issues no device certificates itself');
  await apply({ resource: {} });
  expect(cas()).toEqual([]);
  expect(configurations()).toEqual([]);
  expect(SEED_GROUPS.length).toBeGreaterThan(0);
});

test("the tenant's CA limit: a plan that would need more than 6 CAs at once is refused before anything is made", async () => {
  // Four CAs made outside the stack (by hand, another stack): two more fit, three do not.
  const root = await f.ctx.api.cloudPki.create({
    displayName: 'Other root',
    cloudCertificationAuthorityType: 'rootCertificationAuthority',
    commonName: 'Other Root',
    validityPeriodInYears: 10,
    certificateKeySize: 'rsa2048',
    cloudCertificationAuthorityHashingAlgorithm: 'sha256',
    extendedKeyUsages: [{ name: 'Client Authentication', objectIdentifier: '1.3.6.1.5.5.7.3.2' }],
  });
  await f.ctx.api.cloudPki.waitUntilActive(root.id);
  for (let i = 0; i < 3; i++)
    await f.ctx.api.cloudPki.create({
      displayName: `Other issuing ${i}`,
      cloudCertificationAuthorityType: 'issuingCertificationAuthority',
      certificationAuthorityIssuerId: root.id,
      commonName: `Other Issuing ${i}`,
      validityPeriodInYears: 2,
      extendedKeyUsages: [{ name: 'Client Authentication', objectIdentifier: '1.3.6.1.5.5.7.3.2' }],
    });
  expect(errors(await planStack(f.ctx, configOf(chain())))).toEqual([]);
  const three = chain();
  three.resource.intune_cloud_pki_issuing_ca!.second = {
    ...three.resource.intune_cloud_pki_issuing_ca!.issuing,
    display_name: 'Second',
    common_name: 'Second',
  };
  const p = await planStack(f.ctx, configOf(three));
  expect(errors(p).map((d) => d.code)).toEqual(['cloud-pki/limit']);
  expect(errors(p)[0]?.detail).toMatch(/the tenant holds 4 Cloud PKI CAs and the plan makes 3 more .* at most 6/);
  expect('blocked' in (await applyStack(f.ctx, { config: configOf(three) }))).toBe(true);
  expect(cas()).toHaveLength(4);
});
