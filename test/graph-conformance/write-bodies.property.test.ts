/**
 * Property: on every platform, any valid stack (every optional attribute set or not) produces write
 * bodies that use only properties, kinds, nullability and enum members of the real Graph type, as
 * Microsoft's published types define them. Checked here against the generated facts directly, not
 * through the mock.
 */
import fc from 'fast-check';
import { COMPLEX_TYPE_FACTS, ENTITY_TYPE_FACTS, ENUM_FACTS, FLAG_ENUMS, type PropertyFact } from '../../lib/graph-facts';
import { APPLE_BUILTINS, PLATFORMS, enumValues, rootToGraph, scepToGraph, validateStack, type Platform } from '../../lib';
import { NOW, testCertificates, type TestCertificates } from '../helpers/certificates';
import { platformStack } from '../helpers/stacks';

let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
});

/** Problems of `value` against a published property fact; empty when Graph would take it. */
function check(where: string, fact: PropertyFact, value: unknown): string[] {
  if (value === null) return fact.nullable ? [] : [`${where}: null for a non-nullable property`];
  if (fact.collection) {
    if (!Array.isArray(value)) return [`${where}: not a collection`];
    if (fact.maxItems !== undefined && value.length > fact.maxItems) return [`${where}: over ${fact.maxItems} items`];
    return value.flatMap((v, i) => check(`${where}[${i}]`, { ...fact, collection: false, nullable: false }, v));
  }
  switch (fact.kind) {
    case 'primitive':
      return typeof value === fact.type ? [] : [`${where}: ${typeof value}, expected ${fact.type}`];
    case 'enum': {
      const members = ENUM_FACTS[fact.type] ?? [];
      const parts = FLAG_ENUMS.has(fact.type) && typeof value === 'string' ? value.split(',') : [value];
      return parts
        .filter((p) => !members.includes(p as string))
        .map((p) => `${where}: ${JSON.stringify(p)} is not a member of ${fact.type}`);
    }
    case 'complex': {
      const props = COMPLEX_TYPE_FACTS[fact.type]?.properties ?? {};
      return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
        props[k] ? check(`${where}.${k}`, props[k] as PropertyFact, v) : [`${where}.${k}: not a property of ${fact.type}`],
      );
    }
    case 'navigation':
      return [`${where}: a navigation property written inline`];
  }
}

function problems(written: object): string[] {
  const body = written as Record<string, unknown>;
  const type = String(body['@odata.type']).replace('#microsoft.graph.', '');
  const props = ENTITY_TYPE_FACTS[type]?.properties;
  if (!props) return [`unknown type ${type}`];
  return Object.entries(body).flatMap(([k, v]) => {
    if (k === '@odata.type') return [];
    if (k === 'rootCertificate@odata.bind')
      return props.rootCertificate?.kind === 'navigation' ? [] : [`${type}: no rootCertificate to bind`];
    const fact = props[k];
    return fact ? check(`${type}.${k}`, fact, v) : [`${type}.${k}: not a property of the published type`];
  });
}

const ANDROID_ENTERPRISE = ['android_work_profile', 'android_device_owner', 'aosp'];

/** Random optional SCEP attributes that are valid on `platform`. */
function scepAttributes(platform: Platform): fc.Arbitrary<Record<string, unknown>> {
  const deviceAdmin = platform === 'android_device_admin';
  const apple = platform === 'ios' || platform === 'macos';
  const sans = deviceAdmin
    ? fc.subarray([
        { type: 'email', value: '{{EmailAddress}}' },
        { type: 'upn', value: '{{UserPrincipalName}}' },
        { type: 'custom_aad_attribute', value: 'onPremisesSamAccountName' },
      ])
    : // An Entra-attribute SAN names an attribute of the user: none in these device certificates.
      fc.array(
        fc.constantFrom(
          ...enumValues('san_type')
            .filter((type) => type !== 'custom_aad_attribute')
            .map((type) => ({ type, value: type === 'uri' ? 'tag:contoso,{{DeviceId}}' : `{{DeviceName}}.${type}.contoso.com` })),
        ),
        { maxLength: 4 },
      );
  const subject = fc.oneof(
    fc.constant({ subject_name_format: 'CN={{AAD_Device_ID}},O=Contoso' }),
    fc
      .constantFrom(
        ...(apple
          ? APPLE_BUILTINS
          : ['common_name_as_aad_device_id', 'common_name_as_intune_device_id', 'common_name_as_durable_device_id']),
      )
      .map((b) => ({ subject_name_format: undefined, builtin_subject_name: b })),
  );
  return fc
    .record(
      {
        subject,
        subject_alternative_names: sans,
        description: fc.string({ maxLength: 40 }),
        validity_period_value: fc.integer({ min: 1, max: 12 }),
        validity_period_unit: fc.constant('months'),
        renewal_threshold_percentage: fc.integer({ min: 1, max: 99 }),
        key_size: fc.constantFrom(2048, 4096),
        key_usage: fc.subarray(['key_encipherment', 'digital_signature'], { minLength: 1 }),
        extended_key_usages: fc.array(
          fc.record({
            name: fc.constant('Client Authentication'),
            object_identifier: fc.constantFrom('1.3.6.1.5.5.7.3.2', '1.3.6.1.4.1.311.20.2.2'),
          }),
          { minLength: 1, maxLength: 2 },
        ),
        role_scope_tag_ids: fc.subarray(['0', '7'], { minLength: 1 }),
        ...(platform === 'windows' || ANDROID_ENTERPRISE.includes(platform) || deviceAdmin ? { hash_algorithm: fc.constant('sha2') } : {}),
        ...(platform === 'windows'
          ? {
              key_storage_provider: fc.constantFrom('software', 'tpm_otherwise_software'),
              applicability_rules: fc.constant([
                { rule_type: 'include', os_editions: ['windows10Enterprise'] },
                { rule_type: 'exclude', min_os_version: '10.0.1' },
              ]),
            }
          : {}),
        ...(platform === 'macos' ? { deployment_channel: fc.constant('device'), allow_all_apps_access: fc.boolean() } : {}),
        ...(platform === 'android_device_owner'
          ? { certificate_access: fc.constant('specific_apps'), silent_access_app_ids: fc.constant(['com.contoso.wifi']) }
          : {}),
      },
      { requiredKeys: [] },
    )
    .map(({ subject, ...rest }) => ({ ...rest, ...(subject as Record<string, unknown> | undefined) }));
}

describe.each([...PLATFORMS])('%s', (platform) => {
  it('every valid stack writes only what the published types allow', () => {
    let valid = 0;
    fc.assert(
      fc.property(scepAttributes(platform), (extra) => {
        const certificateType = platform === 'android_device_admin' ? 'user' : 'device';
        const doc = platformStack(certs, platform, { certificate_type: certificateType, ...extra }) as {
          resource: Record<string, Record<string, Record<string, unknown>>>;
        };
        const errors = validateStack(JSON.parse(JSON.stringify(doc)), { now: NOW }).filter((d) => d.severity === 'error');
        if (errors.length > 0) return; // not a valid stack: the rules stop it before any body is written
        valid++;
        const scep = JSON.parse(JSON.stringify(doc.resource.intune_scep_certificate_profile?.p)) as Record<string, unknown>;
        const root = JSON.parse(JSON.stringify(doc.resource.intune_trusted_root_certificate?.root)) as Record<string, unknown>;
        expect(problems(scepToGraph(scep, { rootId: 'r', bindBase: 'https://graph.microsoft.us/beta' }))).toEqual([]);
        expect(problems(rootToGraph(root))).toEqual([]);
      }),
      { numRuns: 60, seed: 4242 },
    );
    // Most random stacks are valid: the property is not vacuous.
    expect(valid).toBeGreaterThan(30);
  });
});

test('the checker itself refuses what Graph refuses (so the property can fail)', () => {
  const bad = {
    ...scepToGraph({
      display_name: 'x',
      platform: 'android_device_admin',
      certificate_type: 'user',
      subject_name_format: 'CN=x',
      scep_server_urls: ['https://a'],
    }),
    certificateStore: 'user',
    customSubjectAlternativeNames: [],
  };
  expect(problems(bad)).toEqual([
    'androidScepCertificateProfile.certificateStore: not a property of the published type',
    'androidScepCertificateProfile.customSubjectAlternativeNames: not a property of the published type',
  ]);
  const member = {
    ...scepToGraph({
      display_name: 'x',
      platform: 'ios',
      certificate_type: 'user',
      subject_name_format: 'CN=x',
      scep_server_urls: ['https://a'],
    }),
    keySize: 'size8192',
    subjectNameFormat: 'commonNameAsAadDeviceId',
  };
  expect(problems(member).sort()).toEqual([
    'iosScepCertificateProfile.keySize: "size8192" is not a member of keySize',
    'iosScepCertificateProfile.subjectNameFormat: "commonNameAsAadDeviceId" is not a member of appleSubjectNameFormat',
  ]);
});
