/** map → Graph → map is the identity for every platform, in pure form and through the mock. */
import {
  GraphClient,
  IntuneApi,
  PLATFORMS,
  assignmentsFromGraph,
  assignmentsToGraph,
  fromGraph,
  rootToGraph,
  scepToGraph,
  type Platform,
} from '../../lib';
import { THROTTLE_HEADER, startMockGraph, type MockGraph } from '../../lib/mock-graph';
import { testCertificates, type TestCertificates } from '../helpers/certificates';

let certs: TestCertificates;
let mock: MockGraph;
let api: IntuneApi;
beforeAll(async () => {
  certs = await testCertificates();
  mock = await startMockGraph({
    auth: 'off',
    throttle: { mode: 'off' },
    seedGroups: [{ id: 'aaaaaaaa-0000-0000-0000-000000000001', displayName: 'A' }],
  });
  api = new IntuneApi(new GraphClient({ baseUrl: `${mock.url}/beta`, throttlePolicyHeader: THROTTLE_HEADER }));
});
afterAll(async () => {
  await mock.close();
});

function canonicalRoot(platform: Platform): Record<string, unknown> {
  return {
    display_name: `Root ${platform}`,
    description: 'Contoso root CA',
    platform,
    certificate: certs.rootBase64Der,
    file_name: 'contoso-root.cer',
    role_scope_tag_ids: ['0', '7'],
    ...(platform === 'windows' ? { destination_store: 'computer_intermediate' } : {}),
    ...(platform === 'macos' ? { deployment_channel: 'user' } : {}),
  };
}

function canonicalScep(platform: Platform, rootId: string): Record<string, unknown> {
  const hashed = ['windows', 'android_work_profile', 'android_device_owner', 'aosp', 'android_device_admin'].includes(platform);
  return {
    display_name: `SCEP ${platform}`,
    description: 'Wi-Fi',
    platform,
    root_certificate_id: rootId,
    certificate_type: 'user',
    subject_name_format: 'CN={{UserPrincipalName}},E={{EmailAddress}}',
    // Android device administrator holds SANs as flags (in Graph's declared order) with implied values.
    subject_alternative_names:
      platform === 'android_device_admin'
        ? [
            { type: 'email', value: '{{EmailAddress}}' },
            { type: 'upn', value: '{{UserPrincipalName}}' },
            { type: 'custom_aad_attribute', value: 'onPremisesSamAccountName' },
          ]
        : [
            { type: 'upn', value: '{{UserPrincipalName}}' },
            { type: 'email', value: '{{EmailAddress}}' },
            { type: 'dns', value: '{{DeviceName}}.contoso.com' },
            { type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' },
            { type: 'custom_aad_attribute', value: 'extensionAttribute1' },
          ],
    validity_period_value: 6,
    validity_period_unit: 'months',
    renewal_threshold_percentage: 15,
    key_usage: ['key_encipherment', 'digital_signature'],
    key_size: 4096,
    extended_key_usages: [
      { name: 'Client Authentication', object_identifier: '1.3.6.1.5.5.7.3.2' },
      { name: 'Smart Card Logon', object_identifier: '1.3.6.1.4.1.311.20.2.2' },
    ],
    scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll', 'https://ndes2.contoso.com/certsrv/mscep/mscep.dll'],
    role_scope_tag_ids: ['0'],
    ...(hashed ? { hash_algorithm: 'sha1' } : {}),
    ...(platform === 'windows'
      ? {
          key_storage_provider: 'software',
          applicability_rules: [
            { rule_type: 'include', os_editions: ['windows10Enterprise', 'windows10Education'] },
            { rule_type: 'exclude', min_os_version: '10.0.10240', max_os_version: '10.0.19045' },
          ],
        }
      : {}),
    ...(platform === 'macos' ? { deployment_channel: 'user', allow_all_apps_access: true } : {}),
    ...(platform === 'android_device_owner'
      ? { certificate_access: 'specific_apps', silent_access_app_ids: ['com.cisco.anyconnect.vpn.android.avf', 'com.contoso.wifi'] }
      : {}),
  };
}

const drop = (o: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

describe.each([...PLATFORMS])('%s', (platform) => {
  it('round-trips a trusted root, deriving thumbprint, subject and expiry', () => {
    const a = canonicalRoot(platform);
    const back = fromGraph({ ...rootToGraph(a), id: 'r1' });
    expect(back.type).toBe('intune_trusted_root_certificate');
    expect(drop(back.attrs, 'id', 'thumbprint', 'subject', 'not_after')).toEqual(a);
    expect(back.attrs).toMatchObject({
      thumbprint: certs.rootThumbprint,
      subject: 'CN=Contoso Root CA, O=Contoso',
      not_after: '2040-01-01T00:00:00.000Z',
    });
  });

  it('round-trips a SCEP profile with every attribute of the platform', () => {
    const a = canonicalScep(platform, 'root-1');
    const body = scepToGraph(a, { rootId: 'root-1', bindBase: 'https://graph.microsoft.com/beta' });
    expect(body['rootCertificate@odata.bind']).toBe("https://graph.microsoft.com/beta/deviceManagement/deviceConfigurations('root-1')");
    const back = fromGraph({ ...body, id: 's1', version: 3 }, { rootId: 'root-1' });
    expect(drop(back.attrs, 'id', 'version')).toEqual(a);
  });

  it('round-trips through the mock over HTTP (create, then read back)', async () => {
    const rootEntity = await api.create(rootToGraph(canonicalRoot(platform)) as never);
    const a = canonicalScep(platform, rootEntity.id);
    const created = await api.create(scepToGraph(a, { rootId: rootEntity.id, bindBase: 'https://graph.microsoft.com/beta' }) as never);
    const read = await api.get(created.id);
    const links = await api.rootLinks([read]);
    const link = links.get(read.id);
    expect(link).toEqual({ ok: true, rootId: rootEntity.id });
    const back = fromGraph(read, { rootId: link?.ok ? link.rootId : undefined });
    expect(drop(back.attrs, 'id', 'version')).toEqual(a);
    expect(drop(fromGraph(await api.get(rootEntity.id)).attrs, 'id', 'thumbprint', 'subject', 'not_after')).toEqual(
      canonicalRoot(platform),
    );
  });
});

test('the PEM and base64 DER forms of a certificate give the same Graph body', () => {
  const a = canonicalRoot('ios');
  expect(rootToGraph({ ...a, certificate: certs.root })).toEqual(rootToGraph(a));
});

test('defaults are filled in the Graph body: key usage, size, EKU, validity, KSP', () => {
  const body = scepToGraph({
    display_name: 'x',
    platform: 'windows',
    certificate_type: 'device',
    subject_name_format: 'CN={{AAD_Device_ID}}',
    scep_server_urls: ['https://a'],
  });
  expect(body).toMatchObject({
    certificateStore: 'machine',
    keyUsage: 'keyEncipherment,digitalSignature',
    keySize: 'size2048',
    hashAlgorithm: 'sha2',
    keyStorageProvider: 'useTpmKspOtherwiseUseSoftwareKsp',
    certificateValidityPeriodValue: 1,
    certificateValidityPeriodScale: 'years',
    renewalThresholdPercentage: 20,
    extendedKeyUsages: [{ name: 'Client Authentication', objectIdentifier: '1.3.6.1.5.5.7.3.2' }],
    roleScopeTagIds: ['0'],
    subjectNameFormat: 'custom',
    subjectAlternativeNameType: 'none',
  });
  expect(body).not.toHaveProperty('rootCertificate@odata.bind');
  expect(body).not.toHaveProperty('description');
});

test('flags compare as sets: any order from Graph reads back the same', () => {
  const a = canonicalScep('ios', 'r');
  const body = { ...scepToGraph(a), keyUsage: 'digitalSignature,keyEncipherment', id: 'x' };
  expect(fromGraph(body).attrs.key_usage).toEqual(['key_encipherment', 'digital_signature']);
});

test('Graph objects intune-scep cannot express are warnings naming object, property and value, never guesses or exceptions', () => {
  expect(() => fromGraph({ '@odata.type': '#microsoft.graph.windows10GeneralConfiguration', id: 'x' })).toThrow(
    'not a SCEP or trusted root',
  );
  const builtin = fromGraph({
    ...scepToGraph(canonicalScep('ios', 'r')),
    subjectNameFormat: 'commonName',
    subjectNameFormatString: null,
    id: 'x',
  });
  expect(builtin.attrs).toMatchObject({ builtin_subject_name: 'common_name' });
  expect(builtin.attrs).not.toHaveProperty('subject_name_format');
  expect(builtin.diagnostics).toEqual([]);
  const odd = fromGraph(
    { ...scepToGraph(canonicalScep('windows', 'r')), keySize: 'size8192', id: 'x' },
    { address: 'intune_scep_certificate_profile.w' },
  );
  expect(odd.attrs).not.toHaveProperty('key_size');
  expect(odd.diagnostics).toEqual([
    expect.objectContaining({
      severity: 'warning',
      code: 'graph/unrepresentable-value',
      address: 'intune_scep_certificate_profile.w',
      path: ['key_size'],
    }),
  ]);
  expect(odd.diagnostics[0]?.detail).toContain('windows81SCEPCertificateProfile x: Graph property keySize = "size8192"');
  expect(() =>
    scepToGraph({
      ...canonicalScep('windows', 'r'),
      applicability_rules: [
        { rule_type: 'include', os_editions: ['windows10Enterprise'] },
        { rule_type: 'exclude', os_editions: ['windows10Home'] },
      ],
    }),
  ).toThrow('one OS edition rule');
});

test('assignment targets round-trip; group ids come back sorted and lower case', () => {
  const t = { include_group_ids: ['b', 'a'], exclude_group_ids: ['C'], all_users: true, all_devices: false };
  const body = assignmentsToGraph(t);
  expect(body.assignments.map((x) => x.target['@odata.type'])).toEqual([
    '#microsoft.graph.groupAssignmentTarget',
    '#microsoft.graph.groupAssignmentTarget',
    '#microsoft.graph.exclusionGroupAssignmentTarget',
    '#microsoft.graph.allLicensedUsersAssignmentTarget',
  ]);
  expect(assignmentsFromGraph(body.assignments)).toEqual({
    include_group_ids: ['a', 'b'],
    exclude_group_ids: ['c'],
    all_users: true,
    all_devices: false,
  });
});
