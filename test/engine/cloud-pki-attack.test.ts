/**
 * Attacks on Cloud PKI CAs through the engine and on attribute references (review-e). Each test
 * states what should hold; a failing one is a finding.
 */
import { X509Certificate } from 'node:crypto';
import { applyStack, planStack, readState, writeState, type Plan } from '../../lib';
import { issueCaCertificate } from '../../lib/mock-graph/certificates';
import { configOf, engineFixture, type EngineFixture } from '../helpers/engine';
import { ISSUING_CA, ROOT_CA, attr, cloudPkiChain } from '../helpers/cloud-pki';

let f: EngineFixture;
let onWrite: (method: string, path: string) => void = () => {};
beforeEach(async () => {
  onWrite = () => {};
  f = await engineFixture({ onWrite: (_n, method, path) => onWrite(method, path) });
});
afterEach(async () => {
  await f.close();
});

const ROOT = ROOT_CA;
const ISSUING = ISSUING_CA;
const chain = cloudPkiChain;

const errors = (p: Plan) => p.diagnostics.filter((d) => d.severity === 'error');
const change = (p: Plan, address: string) => p.changes.find((c) => c.address === address);
type Ca = Record<string, unknown>;
const caEntity = (id: string) => [...f.mock.store.authorities.values()].map((a) => a.entity as Ca).find((c) => c.id === id) as Ca;
const configurations = () => [...f.mock.store.configurations.values()] as Record<string, unknown>[];

async function apply(doc: Record<string, unknown>) {
  const r = await applyStack(f.ctx, { config: configOf(doc) });
  if ('blocked' in r) throw new Error(`blocked: ${JSON.stringify(r.plan.diagnostics)}`);
  expect('errors' in r && r.errors).toEqual([]);
  return r;
}

async function issueLeaves(n: number): Promise<string> {
  const id = readState(f.ctx.stateFile, 'test').resources[ISSUING]?.id as string;
  for (let i = 0; i < n; i++) {
    const r = await fetch(
      `${f.mock.url}/beta/deviceManagement/cloudCertificationAuthority/${id}/cloudCertificationAuthorityLeafCertificate`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ deviceName: `PC-${i}`, userPrincipalName: `user${i}@contoso.com` }),
      },
    );
    expect(r.status).toBe(201);
  }
  return id;
}

const activeLeaves = (id: string) =>
  [...(f.mock.store.leaves.get(id) ?? [])].filter((l) => (l as { certificateStatus?: string }).certificateStatus !== 'revoked');

test('a deposed CA entry (state edited, or left by a failed replacement) does not take a live CA down without revoke_on_destroy', async () => {
  await apply(chain());
  const id = await issueLeaves(2);
  const state = readState(f.ctx.stateFile, 'test');
  const held = state.resources[ISSUING]!;
  expect(held.config.revoke_on_destroy).not.toBe(true);
  writeState(f.ctx.stateFile, { ...state, deposed: [...state.deposed, { address: ISSUING, resource: { ...held } }] });

  const p = await planStack(f.ctx, configOf(chain()));
  // Refused: a deposed object that is also the current one is an edited state, never a leftover.
  expect(errors(p).map((d) => [d.code, d.address])).toContainEqual(['plan/deposed-in-use', ISSUING]);
  const r = await applyStack(f.ctx, { config: configOf(chain()) });
  expect(activeLeaves(id).length).toBe(2);
  expect(caEntity(id)).toBeDefined();
  expect('blocked' in r).toBe(true);
});

test('a deposed CA (the old half of a replacement that did not finish) is taken down only with revoke_on_destroy', async () => {
  await apply(chain());
  const id = await issueLeaves(2);
  const state = readState(f.ctx.stateFile, 'test');
  const held = state.resources[ISSUING]!;
  const { [ISSUING]: _gone, ...rest } = state.resources;
  writeState(f.ctx.stateFile, { ...state, resources: rest, deposed: [{ address: ISSUING, resource: held }] });
  const g2 = { common_name: 'Contoso Issuing CA G2' };
  const refused = await planStack(f.ctx, configOf(chain({ issuing: g2 })));
  expect(errors(refused).map((d) => [d.code, d.address])).toEqual([['plan/ca-destroy-protected', ISSUING]]);
  expect('blocked' in (await applyStack(f.ctx, { config: configOf(chain({ issuing: g2 })) }))).toBe(true);
  expect(activeLeaves(id).length).toBe(2);
  const allowed = await planStack(f.ctx, configOf(chain({ issuing: { ...g2, revoke_on_destroy: true } })));
  expect(errors(allowed)).toEqual([]);
  expect(allowed.changes.find((c) => c.action === 'delete' && c.address === ISSUING && c.deposed)).toBeDefined();
});

test("an issuing CA's certificate that its root did not sign (self-signed impostor, same CN) is refused", async () => {
  await apply(chain());
  const state = readState(f.ctx.stateFile, 'test').resources;
  const issuing = caEntity(state[ISSUING]!.id);
  const impostor = issueCaCertificate({
    subject: { commonName: 'Contoso Issuing CA' },
    keyBits: 2048,
    hash: 'sha256',
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2030-01-01T00:00:00Z'),
    extendedKeyUsages: ['1.3.6.1.5.5.7.3.2'],
    keysInUse: new Set(),
  });
  issuing.certificateDownloadUrl = `data:application/pkix-cert;base64,${impostor.der.toString('base64')}`;
  issuing.thumbprint = impostor.thumbprint;
  const doc = chain({ issuingWin: { display_name: 'Cloud PKI issuing (Windows) v2' } });
  const p = await planStack(f.ctx, configOf(doc));
  const shown = String(change(p, 'intune_trusted_root_certificate.issuing_win')?.after?.certificate);
  // Should: refused (cloud-pki/certificate), never deployed to devices' intermediate store.
  expect(shown).not.toBe(new X509Certificate(impostor.der).toString());
  expect(errors(p).map((d) => d.code)).toContain('cloud-pki/certificate');
});

test("a reference in an assignment's include_group_names is resolved or refused, never sent as text", async () => {
  const doc = chain({ assign: { include_group_names: [attr(ISSUING, 'display_name')] } });
  const p = await planStack(f.ctx, configOf(doc));
  const r = await applyStack(f.ctx, { config: configOf(doc) });
  // Either refused at plan, or assigned to the group named like the CA (none exists: a plan error).
  expect({ planErrors: errors(p).length > 0, blocked: 'blocked' in r, errors: 'errors' in r ? r.errors.map(String) : [] }).toEqual({
    planErrors: true,
    blocked: true,
    errors: [],
  });
});

test('a reference to a setting only the stack holds (revoke_on_destroy) is refused at plan, not failed half-way through apply', async () => {
  const doc = chain({ rootWin: { description: attr(ISSUING, 'revoke_on_destroy') } });
  const p = await planStack(f.ctx, configOf(doc));
  const r = await applyStack(f.ctx, { config: configOf(doc) });
  const failed = 'errors' in r ? r.errors.map((e) => String((e as { message?: string }).message ?? e)) : [];
  expect({ planErrors: errors(p).map((d) => d.code), applyErrors: failed, casMade: f.mock.store.authorities.size }).toEqual({
    planErrors: ['config/invalid-reference'],
    applyErrors: [],
    casMade: 0,
  });
});

test('a reference to a number attribute in a string field is refused (no type confusion)', async () => {
  const doc = chain({ rootWin: { description: attr(ROOT, 'validity_years') } });
  const p = await planStack(f.ctx, configOf(doc));
  const r = await applyStack(f.ctx, { config: configOf(doc) });
  const sent = configurations().find((c) => c.displayName === 'Cloud PKI root (Windows)');
  expect({ planErrors: errors(p).length > 0, descriptionSent: sent?.description ?? null, blocked: 'blocked' in r }).toEqual({
    planErrors: true,
    descriptionSent: null,
    blocked: true,
  });
});

test('a reference to a list attribute in a string field is refused', async () => {
  const doc = chain({ rootWin: { description: attr('intune_scep_certificate_profile.wifi', 'scep_server_urls') } });
  const p = await planStack(f.ctx, configOf(doc));
  const r = await applyStack(f.ctx, { config: configOf(doc) });
  expect({ planErrors: errors(p).length > 0, blocked: 'blocked' in r, errors: 'errors' in r ? r.errors.map(String) : [] }).toEqual({
    planErrors: true,
    blocked: true,
    errors: [],
  });
});

test('apply sends the certificate the plan showed, or stops: a CA whose certificate changes during apply is not deployed unseen', async () => {
  await apply(chain());
  const state = readState(f.ctx.stateFile, 'test').resources;
  const rootId = state[ROOT]!.id;
  const issuingId = state[ISSUING]!.id;
  const doc = chain({ issuing: { display_name: 'Contoso Wi-Fi CA' }, issuingWin: { display_name: 'Cloud PKI issuing v2' } });
  const p = await planStack(f.ctx, configOf(doc));
  expect(errors(p)).toEqual([]);
  const shown = change(p, 'intune_trusted_root_certificate.issuing_win')?.after?.certificate;
  expect(typeof shown).toBe('string');
  // The tenant answers the rename with another CA certificate (same CN, thumbprint to match): here the root's, with CN patched.
  onWrite = (method, path) => {
    if (method === 'PATCH' && path.includes(issuingId)) {
      const issuing = caEntity(issuingId);
      const root = caEntity(rootId);
      issuing.certificateDownloadUrl = root.certificateDownloadUrl;
      issuing.thumbprint = root.thumbprint;
      issuing.commonName = 'Contoso Root CA';
    }
  };
  const r = await applyStack(f.ctx, { config: configOf(doc) });
  // The CA's answer is refused (the root's own certificate is no issuing CA's), and what takes it is not sent.
  expect('errors' in r && r.errors.map((e) => [e.code, e.address])).toEqual([
    ['cloud-pki/certificate', ISSUING],
    ['apply/not-attempted', 'intune_trusted_root_certificate.issuing_win'],
  ]);
  const sent = configurations().find(
    (c) => c.id === readState(f.ctx.stateFile, 'test').resources['intune_trusted_root_certificate.issuing_win']?.id,
  );
  // The plan shows a certificate as base64 DER (as compared); the profile kept the one shown.
  expect(sent?.trustedRootCertificate).toBe(shown);
});

test('a self-reference is refused at plan', async () => {
  const doc = chain({ rootWin: { description: attr('intune_trusted_root_certificate.root_win', 'display_name') } });
  const p = await planStack(f.ctx, configOf(doc));
  expect(errors(p).length).toBeGreaterThan(0);
});

test('a deposed entry naming a live profile deletes nothing (plan/deposed-in-use), whatever its type', async () => {
  await apply(chain());
  const state = readState(f.ctx.stateFile, 'test');
  const wifi = state.resources['intune_scep_certificate_profile.wifi']!;
  writeState(f.ctx.stateFile, { ...state, deposed: [{ address: 'intune_scep_certificate_profile.other', resource: { ...wifi } }] });
  const p = await planStack(f.ctx, configOf(chain()));
  expect(errors(p).map((d) => [d.code, d.address])).toEqual([['plan/deposed-in-use', 'intune_scep_certificate_profile.other']]);
  expect(errors(p)[0]?.detail).toContain('as intune_scep_certificate_profile.wifi (in use)');
  expect('blocked' in (await applyStack(f.ctx, { config: configOf(chain()) }))).toBe(true);
  expect(configurations().some((c) => c.id === wifi.id)).toBe(true);
});

test('a CA certificate that changes during apply to another valid one is refused (its thumbprint is the one state records)', async () => {
  await apply(chain());
  const state = readState(f.ctx.stateFile, 'test').resources;
  const issuingId = state[ISSUING]!.id;
  // Another issuing CA under the same root: a certificate that passes every check of its own.
  const other = await f.ctx.api.cloudPki.create({
    displayName: 'Other',
    cloudCertificationAuthorityType: 'issuingCertificationAuthority',
    certificationAuthorityIssuerId: state[ROOT]!.id,
    commonName: 'Other Issuing CA',
    validityPeriodInYears: 2,
    extendedKeyUsages: [{ name: 'Client Authentication', objectIdentifier: '1.3.6.1.5.5.7.3.2' }],
  });
  const otherActive = await f.ctx.api.cloudPki.waitUntilActive(other.id);
  const doc = chain({ issuing: { display_name: 'Contoso Wi-Fi CA' }, issuingWin: { display_name: 'Cloud PKI issuing v2' } });
  const p = await planStack(f.ctx, configOf(doc));
  expect(errors(p)).toEqual([]);
  const shown = change(p, 'intune_trusted_root_certificate.issuing_win')?.after?.certificate;
  onWrite = (method, path) => {
    if (method === 'PATCH' && path.includes(issuingId)) {
      const issuing = caEntity(issuingId);
      issuing.certificateDownloadUrl = otherActive.certificateDownloadUrl;
      issuing.thumbprint = otherActive.thumbprint;
      issuing.commonName = 'Other Issuing CA';
    }
  };
  const r = await applyStack(f.ctx, { config: configOf(doc) });
  expect('errors' in r && r.errors.map((e) => [e.code, e.address])).toEqual([
    ['cloud-pki/certificate', ISSUING],
    ['apply/not-attempted', 'intune_trusted_root_certificate.issuing_win'],
  ]);
  expect('errors' in r && r.errors[0]?.detail).toContain('not the one state records');
  const sent = configurations().find(
    (c) => c.id === readState(f.ctx.stateFile, 'test').resources['intune_trusted_root_certificate.issuing_win']?.id,
  );
  expect(sent?.trustedRootCertificate).toBe(shown);
});

test('a SCEP URI that changes during apply is not sent unseen (apply/value-changed)', async () => {
  await apply(chain());
  const issuingId = readState(f.ctx.stateFile, 'test').resources[ISSUING]!.id;
  const doc = chain({ issuing: { display_name: 'Contoso Wi-Fi CA' }, profile: { description: 'v2' } });
  const p = await planStack(f.ctx, configOf(doc));
  expect(errors(p)).toEqual([]);
  const shown = change(p, 'intune_scep_certificate_profile.wifi')?.after?.scep_server_urls;
  expect(shown).toEqual([caEntity(issuingId).scepServerUrl]);
  onWrite = (method, path) => {
    if (method === 'PATCH' && path.includes(issuingId)) caEntity(issuingId).scepServerUrl = 'https://scep.fabrikam.example/scep';
  };
  const r = await applyStack(f.ctx, { config: configOf(doc) });
  expect('errors' in r && r.errors.map((e) => [e.code, e.address])).toEqual([
    ['apply/value-changed', 'intune_scep_certificate_profile.wifi'],
  ]);
  const wifi = configurations().find(
    (c) => c.id === readState(f.ctx.stateFile, 'test').resources['intune_scep_certificate_profile.wifi']?.id,
  );
  expect(wifi?.scepServerUrls).toEqual(shown);
});

test('a crash after setting a profile aside and before its create: the old object is not taken for the new one', async () => {
  await apply(chain());
  const state = readState(f.ctx.stateFile, 'test');
  const wifi = state.resources['intune_scep_certificate_profile.wifi']!;
  const entity = configurations().find((c) => c.id === wifi.id) as Record<string, unknown>;
  // As apply leaves it when killed there: the old object deposed, the create pending (same type and name).
  const { ['intune_scep_certificate_profile.wifi']: _old, ...rest } = state.resources;
  writeState(f.ctx.stateFile, {
    ...state,
    resources: rest,
    deposed: [{ address: 'intune_scep_certificate_profile.wifi', resource: wifi }],
    pending: [
      {
        address: 'intune_scep_certificate_profile.wifi',
        type: 'intune_scep_certificate_profile',
        odataType: String(entity['@odata.type']),
        displayName: String(entity.displayName),
        startedAt: f.ctx.now().getTime(),
        config: wifi.config,
        dependencies: wifi.dependencies,
        createBeforeDestroy: true,
      },
    ],
  });
  const p = await planStack(f.ctx, configOf(chain()));
  expect(errors(p)).toEqual([]);
  const at = p.changes
    .filter((c) => c.address === 'intune_scep_certificate_profile.wifi')
    .map((c) => [c.action, c.action === 'delete' && c.deposed]);
  expect(at).toEqual([
    ['create', false],
    ['delete', true],
  ]);
});
