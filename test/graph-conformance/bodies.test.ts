/**
 * Real-shaped bodies on every platform, over HTTP: created the way the Intune admin center creates
 * (the zero id, explicit nulls for everything unset, built-in subject formats, Entra-attribute SANs)
 * and the way Microsoft Learn's examples do (read-only `version` and `supportsScopeTags`, nested
 * `@odata.type` without `#`), read back as Graph answers (every property, unset ones null), sent
 * back whole in a PATCH, mapped without an exception, then imported and planned by the engine.
 */
import { ENTITY_TYPE_FACTS } from '../../lib/graph-facts';
import { PLATFORMS, PLATFORM_TABLE, applyStack, importResource, planStack, readProfile, summarize, type Platform } from '../../lib';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { configOf, engineFixture, type EngineFixture } from '../helpers/engine';
import { TestClient } from '../helpers/mock';
import { ZERO_ID, adminCenterEntraAttribute, adminCenterRoot, adminCenterScep, typeName } from '../helpers/admin-center';

let certs: TestCertificates;
let f: EngineFixture;
let http: TestClient;
beforeAll(async () => {
  certs = await testCertificates();
});
beforeEach(async () => {
  f = await engineFixture();
  http = new TestClient(f.mock);
});
afterEach(async () => {
  await f.close();
});

const COLL = '/beta/deviceManagement/deviceConfigurations';
async function createOnPlatform(platform: Platform): Promise<{ rootId: string; scepId: string }> {
  const root = await http.post(COLL, adminCenterRoot(platform, certs.rootBase64Der));
  expect({ status: root.status, body: root.body?.error?.message }).toEqual({ status: 201, body: undefined });
  const scep = await http.post(COLL, JSON.parse(JSON.stringify(adminCenterScep(platform, root.body.id))));
  expect({ status: scep.status, body: scep.body?.error?.message }).toEqual({ status: 201, body: undefined });
  expect(scep.body.id).not.toBe(ZERO_ID);
  expect(scep.body.version).toBe(1);
  return { rootId: root.body.id, scepId: scep.body.id };
}

describe.each([...PLATFORMS])('%s', (platform) => {
  it('accepts admin-center and Learn-shaped creates, answers every property (unset ones null) and takes the GET body back in a PATCH', async () => {
    const { scepId } = await createOnPlatform(platform);
    const got = await http.get(`${COLL}/${scepId}`);
    const type = PLATFORM_TABLE[platform].scepODataType;
    const structural = Object.entries(ENTITY_TYPE_FACTS[typeName(type)]?.properties ?? {})
      .filter(([, p]) => p.kind !== 'navigation')
      .map(([k]) => k);
    for (const k of structural) expect(Object.keys(got.body)).toContain(k);
    expect(got.body.deviceManagementApplicabilityRuleDeviceMode).toBeNull();
    if (platform === 'macos')
      expect({ hash: got.body.hashAlgorithm, channel: got.body.deploymentChannel }).toEqual({ hash: null, channel: null });
    expect(got.body.extendedKeyUsages[0]['@odata.type']).toBe('microsoft.graph.extendedKeyUsage');
    const back = await http.req('PATCH', `${COLL}/${scepId}`, got.body);
    expect({ status: back.status, message: back.body?.error?.message }).toEqual({ status: 204, message: undefined });
    // A PATCH changes what it names and nothing else.
    const one = await http.req('PATCH', `${COLL}/${scepId}`, { '@odata.type': type, renewalThresholdPercentage: 30 });
    expect(one.status).toBe(204);
    const { version: _v1, lastModifiedDateTime: _m1, renewalThresholdPercentage: r, ...rest } = (await http.get(`${COLL}/${scepId}`)).body;
    const { version: _v0, lastModifiedDateTime: _m0, renewalThresholdPercentage: _r0, ...before } = got.body;
    expect(r).toBe(30);
    expect(rest).toEqual(before);
  });

  it('maps the real body without an exception: built-in subject, Entra-attribute SAN, nulls', async () => {
    const { rootId, scepId } = await createOnPlatform(platform);
    const got = await http.get(`${COLL}/${scepId}`);
    const read = readProfile(got.body, { rootId, address: 'intune_scep_certificate_profile.p' });
    expect(read?.diagnostics).toEqual([]);
    expect(read?.attrs).toMatchObject({
      platform,
      builtin_subject_name:
        platform === 'windows'
          ? 'common_name_as_aad_device_id'
          : platform === 'ios' || platform === 'macos'
            ? 'common_name_as_email'
            : 'common_name_including_email',
      certificate_type: platform === 'windows' ? 'device' : 'user',
    });
    const entra = adminCenterEntraAttribute(platform);
    if (entra) expect(read?.attrs.subject_alternative_names).toContainEqual({ type: 'custom_aad_attribute', value: entra });
    if (platform === 'android_device_admin')
      expect(read?.attrs.subject_alternative_names).toContainEqual({ type: 'email', value: '{{EmailAddress}}' });
    if (platform === 'android_device_owner') expect(read?.attrs.certificate_access).toBe('user_approval');
    if (platform === 'macos') expect(read?.attrs.deployment_channel).toBe('device');
  });

  it('imports admin-center profiles, plans no changes, and shows a change made in the tenant as one update', async () => {
    const { rootId, scepId } = await createOnPlatform(platform);
    const root = readProfile((await http.get(`${COLL}/${rootId}`)).body) as NonNullable<ReturnType<typeof readProfile>>;
    const scep = readProfile((await http.get(`${COLL}/${scepId}`)).body, { rootId }) as NonNullable<ReturnType<typeof readProfile>>;
    const config = (attrs: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(attrs).filter(([k]) => !['id', 'version', 'thumbprint', 'subject', 'not_after'].includes(k)));
    const doc = {
      resource: {
        intune_trusted_root_certificate: { root: config(root.attrs) },
        intune_scep_certificate_profile: {
          p: { ...config(scep.attrs), root_certificate_id: '${intune_trusted_root_certificate.root.id}' },
        },
      },
    };
    const imported = await importResource(f.ctx, configOf(doc), 'intune_trusted_root_certificate.root', rootId);
    expect(imported.diagnostics).toEqual([]);
    await importResource(f.ctx, configOf(doc), 'intune_scep_certificate_profile.p', scepId);
    const plan = await planStack(f.ctx, configOf(doc));
    expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(plan.changes.map((c) => `${c.address} ${c.action}`)).toEqual([
      'intune_scep_certificate_profile.p no-op',
      'intune_trusted_root_certificate.root no-op',
    ]);

    // An edit in the admin center: the next plan puts the stack's value back, in place.
    const patched = await http.req('PATCH', `${COLL}/${scepId}`, {
      '@odata.type': PLATFORM_TABLE[platform].scepODataType,
      renewalThresholdPercentage: 35,
    });
    expect(patched.status).toBe(204);
    const after = await planStack(f.ctx, configOf(doc));
    expect(summarize(after)).toEqual({ add: 0, change: 1, destroy: 0 });
    const applied = await applyStack(f.ctx, { config: configOf(doc) });
    expect('errors' in applied ? applied.errors : applied).toEqual([]);
    expect((await http.get(`${COLL}/${scepId}`)).body.renewalThresholdPercentage).toBe(20);
  });
});
