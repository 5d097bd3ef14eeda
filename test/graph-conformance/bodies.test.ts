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
const ZERO_ID = '00000000-0000-0000-0000-000000000000';
const name = (odataType: string) => odataType.replace('#microsoft.graph.', '');

/** Every structural property of the type as null, as the admin center sends what it leaves unset. */
function nulls(odataType: string): Record<string, null> {
  const props = ENTITY_TYPE_FACTS[name(odataType)]?.properties ?? {};
  return Object.fromEntries(Object.entries(props).filter(([, p]) => p.nullable && p.kind !== 'navigation').map(([k]) => [k, null]));
}

/** What the admin center puts in the subject and SANs, per platform (built-in formats included). */
function adminCenterScep(platform: Platform, rootId: string): Record<string, unknown> {
  const type = PLATFORM_TABLE[platform].scepODataType;
  const apple = platform === 'ios' || platform === 'macos';
  const deviceAdmin = platform === 'android_device_admin';
  const sans = deviceAdmin
    ? { subjectAlternativeNameType: 'emailAddress,customAzureADAttribute', subjectAlternativeNameFormatString: 'onPremisesSamAccountName' }
    : {
        subjectAlternativeNameType: 'none',
        customSubjectAlternativeNames: [
          platform === 'windows'
            ? { '@odata.type': 'microsoft.graph.customSubjectAlternativeName', sanType: 'domainNameService', name: '{{DeviceName}}.contoso.com' }
            : { '@odata.type': 'microsoft.graph.customSubjectAlternativeName', sanType: 'userPrincipalName', name: '{{UserPrincipalName}}' },
          { '@odata.type': '#microsoft.graph.customSubjectAlternativeName', sanType: 'customAzureADAttribute', name: 'onPremisesSamAccountName' },
        ],
      };
  return {
    ...nulls(type),
    '@odata.type': type,
    id: ZERO_ID,
    displayName: `Admin center ${platform}`,
    description: '',
    roleScopeTagIds: ['0'],
    version: 7,
    supportsScopeTags: true,
    renewalThresholdPercentage: 20,
    certificateValidityPeriodValue: 1,
    certificateValidityPeriodScale: 'years',
    subjectNameFormat: platform === 'windows' ? 'commonNameAsAadDeviceId' : apple ? 'commonNameAsEmail' : 'commonNameIncludingEmail',
    ...sans,
    ...(deviceAdmin ? {} : { certificateStore: platform === 'windows' ? 'machine' : 'user' }),
    extendedKeyUsages: [{ '@odata.type': 'microsoft.graph.extendedKeyUsage', name: 'Client Authentication', objectIdentifier: '1.3.6.1.5.5.7.3.2' }],
    keyUsage: 'digitalSignature,keyEncipherment',
    keySize: 'size2048',
    scepServerUrls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
    ...(platform === 'windows' ? { hashAlgorithm: 'sha2', keyStorageProvider: 'useTpmKspOtherwiseUseSoftwareKsp' } : {}),
    ...(['android_work_profile', 'android_device_owner', 'aosp', 'android_device_admin'].includes(platform) ? { hashAlgorithm: 'sha2' } : {}),
    // Older Android Enterprise profiles carry no certificateAccessType at all.
    ...(platform === 'android_device_owner' ? { certificateAccessType: undefined, silentCertificateAccessDetails: [] } : {}),
    'rootCertificate@odata.bind': `https://graph.microsoft.com/beta/deviceManagement/deviceConfigurations('${rootId}')`,
  };
}

function adminCenterRoot(platform: Platform): Record<string, unknown> {
  const type = PLATFORM_TABLE[platform].rootODataType;
  return {
    ...nulls(type),
    '@odata.type': type,
    id: ZERO_ID,
    displayName: `Admin center root ${platform}`,
    roleScopeTagIds: ['0'],
    trustedRootCertificate: certs.rootBase64Der,
    certFileName: 'root.cer',
    ...(platform === 'windows' ? { destinationStore: 'computerCertStoreRoot' } : {}),
  };
}

async function createOnPlatform(platform: Platform): Promise<{ rootId: string; scepId: string }> {
  const root = await http.post(COLL, adminCenterRoot(platform));
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
    const structural = Object.entries(ENTITY_TYPE_FACTS[name(type)]?.properties ?? {}).filter(([, p]) => p.kind !== 'navigation').map(([k]) => k);
    for (const k of structural) expect(Object.keys(got.body)).toContain(k);
    expect(got.body.deviceManagementApplicabilityRuleDeviceMode).toBeNull();
    if (platform === 'macos') expect({ hash: got.body.hashAlgorithm, channel: got.body.deploymentChannel }).toEqual({ hash: null, channel: null });
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
      builtin_subject_name: platform === 'windows' ? 'common_name_as_aad_device_id' : platform === 'ios' || platform === 'macos' ? 'common_name_as_email' : 'common_name_including_email',
      certificate_type: platform === 'windows' ? 'device' : 'user',
    });
    expect(read?.attrs.subject_alternative_names).toContainEqual({ type: 'custom_aad_attribute', value: 'onPremisesSamAccountName' });
    if (platform === 'android_device_admin') expect(read?.attrs.subject_alternative_names).toContainEqual({ type: 'email', value: '{{EmailAddress}}' });
    if (platform === 'android_device_owner') expect(read?.attrs.certificate_access).toBe('user_approval');
    if (platform === 'macos') expect(read?.attrs.deployment_channel).toBe('device');
  });

  it('imports admin-center profiles, plans no changes, and shows a change made in the tenant as one update', async () => {
    const { rootId, scepId } = await createOnPlatform(platform);
    const root = readProfile((await http.get(`${COLL}/${rootId}`)).body) as NonNullable<ReturnType<typeof readProfile>>;
    const scep = readProfile((await http.get(`${COLL}/${scepId}`)).body, { rootId }) as NonNullable<ReturnType<typeof readProfile>>;
    const config = (attrs: Record<string, unknown>) => Object.fromEntries(Object.entries(attrs).filter(([k]) => !['id', 'version', 'thumbprint', 'subject', 'not_after'].includes(k)));
    const doc = {
      resource: {
        intune_trusted_root_certificate: { root: config(root.attrs) },
        intune_scep_certificate_profile: { p: { ...config(scep.attrs), root_certificate_id: '${intune_trusted_root_certificate.root.id}' } },
      },
    };
    const imported = await importResource(f.ctx, configOf(doc), 'intune_trusted_root_certificate.root', rootId);
    expect(imported.diagnostics).toEqual([]);
    await importResource(f.ctx, configOf(doc), 'intune_scep_certificate_profile.p', scepId);
    const plan = await planStack(f.ctx, configOf(doc));
    expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(plan.changes.map((c) => `${c.address} ${c.action}`)).toEqual(['intune_scep_certificate_profile.p no-op', 'intune_trusted_root_certificate.root no-op']);

    // An edit in the admin center: the next plan puts the stack's value back, in place.
    const patched = await http.req('PATCH', `${COLL}/${scepId}`, { '@odata.type': PLATFORM_TABLE[platform].scepODataType, renewalThresholdPercentage: 35 });
    expect(patched.status).toBe(204);
    const after = await planStack(f.ctx, configOf(doc));
    expect(summarize(after)).toEqual({ add: 0, change: 1, destroy: 0 });
    const applied = await applyStack(f.ctx, { config: configOf(doc) });
    expect('errors' in applied ? applied.errors : applied).toEqual([]);
    expect((await http.get(`${COLL}/${scepId}`)).body.renewalThresholdPercentage).toBe(20);
  });
});
