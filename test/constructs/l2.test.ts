/** L2 constructs: the cdk.tf.json they synthesize, synth-time rule failures, and compile-time platform typing. */
import { Lazy, TerraformStack, TerraformVariable, Testing, Token } from 'cdktf';
import { annotationsOf, testApp } from '../helpers/cdk';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AllDevices,
  AllUsers,
  AssignmentFilter,
  AndroidDeviceAdminScepProfile,
  AndroidDeviceAdminTrustedRootCertificate,
  SubjectName,
  Certificate,
  CertificateDeployment,
  Group,
  IosTrustedRootCertificate,
  MacOsScepProfile,
  MacOsTrustedRootCertificate,
  SubjectAlternativeName,
  Validity,
  WindowsScepProfile,
  WindowsTrustedRootCertificate,
  l1,
} from '../../lib/constructs';
import { readConfig, validateStack } from '../../lib';
import { NOW, testCertificates, type TestCertificates } from '../helpers/certificates';

type Doc = { resource: Record<string, Record<string, Record<string, unknown>>> };
let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
});

function newStack(): TerraformStack {
  const stack = new TerraformStack(testApp(), 'test');
  new l1.provider.IntuneProvider(stack, 'intune', {});
  return stack;
}
const synth = (stack: TerraformStack) => JSON.parse(Testing.synth(stack)) as Doc;
const NDES = ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'];

test('GIVEN a Windows root and profile assigned to a group WHEN synthesized THEN the stack has the resources.md shape and validates', () => {
  const stack = newStack();
  const root = new WindowsTrustedRootCertificate(stack, 'Root', {
    displayName: 'Contoso Root',
    certificate: Certificate.fromPem(certs.root),
  });
  const wifi = new WindowsScepProfile(stack, 'Wifi', {
    displayName: 'Wi-Fi',
    rootCertificate: root,
    certificateType: 'user',
    subjectName: 'CN={{UserPrincipalName}}',
    subjectAlternativeNames: [SubjectAlternativeName.upn(), SubjectAlternativeName.strongMapping()],
    validity: Validity.months(6),
    scepServerUrls: NDES,
  });
  root.assignTo([Group.byName('Wi-Fi Users'), AllUsers]);
  wifi.assignTo([Group.byName('Wi-Fi Users'), AllUsers]).exclude(Group.byId('11111111-2222-3333-4444-555555555555'));
  const doc = synth(stack);
  const [rootName] = Object.keys(doc.resource.intune_trusted_root_certificate ?? {});
  const scep = Object.values(doc.resource.intune_scep_certificate_profile ?? {})[0] as Record<string, unknown>;
  expect(scep).toMatchObject({
    display_name: 'Wi-Fi',
    platform: 'windows',
    root_certificate_id: `\${intune_trusted_root_certificate.${rootName}.id}`,
    certificate_type: 'user',
    subject_name_format: 'CN={{UserPrincipalName}}',
    subject_alternative_names: [
      { type: 'upn', value: '{{UserPrincipalName}}' },
      { type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' },
    ],
    validity_period_value: 6,
    validity_period_unit: 'months',
    scep_server_urls: NDES,
  });
  const assignments = Object.values(doc.resource.intune_profile_assignment ?? {});
  expect(assignments).toHaveLength(2);
  expect(assignments).toContainEqual(expect.objectContaining({ include_group_names: ['Wi-Fi Users'], all_users: true }));
  expect(assignments).toContainEqual(
    expect.objectContaining({
      include_group_names: ['Wi-Fi Users'],
      all_users: true,
      exclude_group_ids: ['11111111-2222-3333-4444-555555555555'],
    }),
  );
  expect(validateStack(doc, { now: NOW })).toEqual([]);
  expect(() => stack.runAllValidations()).not.toThrow();
});

test('GIVEN targets narrowed by assignment filters and importFrom WHEN synthesized THEN filters have Terraform names and import blocks adopt the profile and its assignments', () => {
  const stack = newStack();
  const root = new IosTrustedRootCertificate(stack, 'Root', { displayName: 'Root', certificate: Certificate.fromPem(certs.root) });
  root.importFrom('aaaaaaaa-0000-4000-8000-000000000001').assignTo([AllDevices, Group.byName('Wi-Fi Users')]);
  root.exclude(Group.byName('Kiosks'));
  root.assignTo([AllUsers.filteredBy(AssignmentFilter.byId('ffffffff-0000-4000-8000-000000000002'), 'exclude')]);
  const doc = synth(stack) as Doc & { import?: { to: string; id: string }[] };
  const assignment = Object.values(doc.resource.intune_profile_assignment ?? {})[0];
  expect(assignment).toMatchObject({
    all_devices: true,
    all_users: true,
    include_group_names: ['Wi-Fi Users'],
    exclude_group_names: ['Kiosks'],
    filters: [{ all_users: true, filter_id: 'ffffffff-0000-4000-8000-000000000002', mode: 'exclude' }],
  });
  expect((doc.import ?? []).map((i) => [i.to.split('.')[0], i.id])).toEqual([
    ['intune_trusted_root_certificate', 'aaaaaaaa-0000-4000-8000-000000000001'],
    ['intune_profile_assignment', 'aaaaaaaa-0000-4000-8000-000000000001'],
  ]);

  const stack2 = newStack();
  const r2 = new IosTrustedRootCertificate(stack2, 'Root', { displayName: 'Root', certificate: Certificate.fromPem(certs.root) });
  r2.assignTo([Group.byName('Wi-Fi Users').filteredBy(AssignmentFilter.named('Corporate iPhones'))]);
  expect(Object.values(synth(stack2).resource.intune_profile_assignment ?? {})[0]).toMatchObject({
    include_group_names: ['Wi-Fi Users'],
    filters: [{ group_name: 'Wi-Fi Users', filter_name: 'Corporate iPhones', mode: 'include' }],
  });
  expect(validateStack(synth(stack2), { now: NOW }).filter((d) => d.severity === 'error')).toEqual([]);
});

test('GIVEN a CertificateDeployment WHEN synthesized THEN each platform gets a root and a profile, both assigned to the same targets', () => {
  const stack = newStack();
  new CertificateDeployment(stack, 'Wifi', {
    rootCertificate: Certificate.fromPem(certs.root),
    rootDisplayName: 'Contoso Root',
    assignTo: [Group.byName('Wi-Fi Users'), AllDevices],
    profiles: {
      windows: {
        displayName: 'Wi-Fi (Windows)',
        certificateType: 'device',
        subjectName: 'CN={{AAD_Device_ID}}',
        subjectAlternativeNames: [SubjectAlternativeName.strongMapping()],
        scepServerUrls: NDES,
      },
      ios: { displayName: 'Wi-Fi (iOS)', certificateType: 'device', subjectName: 'CN={{AAD_Device_ID}}', scepServerUrls: NDES },
      macos: {
        displayName: 'Wi-Fi (macOS)',
        certificateType: 'user',
        deploymentChannel: 'user',
        subjectName: 'CN={{UserPrincipalName}}',
        subjectAlternativeNames: [SubjectAlternativeName.strongMapping()],
        scepServerUrls: NDES,
      },
    },
  });
  const doc = synth(stack);
  expect(
    Object.values(doc.resource.intune_trusted_root_certificate ?? {})
      .map((r) => r.platform)
      .sort(),
  ).toEqual(['ios', 'macos', 'windows']);
  expect(Object.values(doc.resource.intune_trusted_root_certificate ?? {}).find((r) => r.platform === 'macos')?.deployment_channel).toBe(
    'user',
  );
  const assignments = Object.values(doc.resource.intune_profile_assignment ?? {});
  expect(assignments).toHaveLength(6);
  for (const a of assignments) expect(a).toMatchObject({ include_group_names: ['Wi-Fi Users'], all_devices: true });
  expect(validateStack(doc, { now: NOW }).filter((d) => d.severity === 'error' || d.code === 'assignment/root-not-covering')).toEqual([]);
});

test('GIVEN a profile that breaks a rule WHEN the app synthesizes THEN synth fails with the rule id and the construct path', () => {
  const stack = newStack();
  const root = new WindowsTrustedRootCertificate(stack, 'Root', { displayName: 'Root', certificate: Certificate.fromPem(certs.root) });
  new WindowsScepProfile(stack, 'Dot1x', {
    displayName: '802.1X',
    rootCertificate: root,
    certificateType: 'device',
    subjectName: 'CN={{AAD_Device_ID}},OU=Sales\\, EMEA',
    subjectAlternativeNames: [SubjectAlternativeName.strongMapping()],
    keySize: 4096,
    keyStorageProvider: 'tpm_otherwise_fail',
    scepServerUrls: NDES,
  });
  const found = annotationsOf(stack);
  const dot1x = found.filter((a) => a.path === 'test/Dot1x' && a.level === 'error').map((a) => a.message);
  expect(dot1x.join('\n')).toContain('[subject/escaped-special-character]\n  on WindowsScepProfile Dot1x, subjectName');
  expect(dot1x.join('\n')).toContain('OU="Sales, EMEA"');
  expect(dot1x.join('\n')).toContain('[key/4096-needs-software-ksp]');
  expect(dot1x.join('\n')).toContain(
    '  on WindowsScepProfile Dot1x, keyStorageProvider\n  keySize: 4096 with keyStorageProvider: "tpm_otherwise_fail"',
  );
  expect(found.filter((a) => a.path === 'test/Root')).toEqual([]);
  // Once, though CDKTF runs every validation twice (the stack's, then the app's).
  expect(annotationsOf(stack)).toEqual(found);
});

test('GIVEN a built-in subject format and Android device administrator flag SANs WHEN synthesized THEN they reach the stack as the schema says and validate', () => {
  const stack = newStack();
  const root = new AndroidDeviceAdminTrustedRootCertificate(stack, 'Root', {
    displayName: 'Contoso Root',
    certificate: Certificate.fromPem(certs.root),
    suppressWarnings: ['root/device-admin-android-11', 'platform/device-admin-deprecated'],
  });
  new AndroidDeviceAdminScepProfile(stack, 'Legacy', {
    displayName: 'Legacy Wi-Fi',
    rootCertificate: root,
    subjectName: SubjectName.builtin('common_name_including_email'),
    subjectAlternativeNames: [SubjectAlternativeName.email(), SubjectAlternativeName.customAadAttribute('onPremisesSamAccountName')],
    scepServerUrls: NDES,
    suppressWarnings: ['platform/device-admin-deprecated'],
  });
  const doc = synth(stack);
  const p = Object.values(doc.resource.intune_scep_certificate_profile ?? {})[0] as Record<string, unknown>;
  expect(p).toMatchObject({
    platform: 'android_device_admin',
    certificate_type: 'user',
    builtin_subject_name: 'common_name_including_email',
    subject_alternative_names: [
      { type: 'email', value: '{{EmailAddress}}' },
      { type: 'custom_aad_attribute', value: 'onPremisesSamAccountName' },
    ],
  });
  expect(p).not.toHaveProperty('subject_name_format');
  expect(validateStack(doc, { now: NOW }).filter((d) => d.severity === 'error')).toEqual([]);
});

test('platforms cannot be mixed: these lines do not compile', () => {
  const stack = newStack();
  const iosRoot = new IosTrustedRootCertificate(stack, 'IosRoot', { displayName: 'r', certificate: Certificate.fromPem(certs.root) });
  const macRoot = new MacOsTrustedRootCertificate(stack, 'MacRoot', { displayName: 'r', certificate: Certificate.fromPem(certs.root) });
  new WindowsScepProfile(stack, 'A', {
    displayName: 'a',
    // @ts-expect-error a Windows SCEP profile needs a Windows trusted root
    rootCertificate: iosRoot,
    certificateType: 'user',
    subjectName: 'CN=a',
    scepServerUrls: NDES,
  });
  new MacOsScepProfile(stack, 'B', {
    displayName: 'b',
    rootCertificate: macRoot,
    certificateType: 'user',
    subjectName: 'CN=b',
    scepServerUrls: NDES,
    // @ts-expect-error only Windows has a key storage provider
    keyStorageProvider: 'software',
  });
  new WindowsTrustedRootCertificate(stack, 'C', {
    displayName: 'c',
    certificate: Certificate.fromPem(certs.root),
    // @ts-expect-error only macOS has a deployment channel
    deploymentChannel: 'user',
  });
  // The compiler refuses each line above (an unneeded @ts-expect-error fails npm run typecheck:test).
  // Forced through anyway, the synth-time rules refuse the stack too.
  const errors = annotationsOf(stack).filter((a) => a.level === 'error');
  expect(errors.map((a) => a.message).join('\n')).toMatch(/\[(reference\/|channel\/macos-only|schema\/)/);
});

describe('Certificate.fromFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-cert-file-'));
  it('reads PEM as text and DER as base64', () => {
    writeFileSync(join(dir, 'root.pem'), certs.root);
    writeFileSync(join(dir, 'root.cer'), new X509Certificate(certs.root).raw);
    expect(Certificate.fromFile(join(dir, 'root.pem')).text).toBe(certs.root);
    expect(Certificate.fromFile(join(dir, 'root.cer')).text).toBe(certs.rootBase64Der);
  });
  it.each([
    ['a missing file', () => join(dir, 'nope.cer'), 'no such file'],
    ['a directory', () => dir, 'is not a regular file'],
    [
      'a huge file',
      () => (writeFileSync(join(dir, 'big.cer'), Buffer.alloc(300 * 1024)), join(dir, 'big.cer')),
      'more than any certificate',
    ],
  ])('refuses %s with a clear message', (_n, path, message) => {
    const c = Certificate.fromFile(path());
    expect(c.problem).toContain(message);
    // Read anywhere but by a trusted root, a certificate with a problem throws it: never an empty certificate.
    expect(() => c.text).toThrow(message);
  });
  it('GIVEN a root given a file it cannot use WHEN the app synthesizes THEN the root reports it once, as a diagnostic, and nothing else about the certificate', () => {
    const stack = newStack();
    new WindowsTrustedRootCertificate(stack, 'windowsRoot', {
      displayName: 'Root',
      certificate: Certificate.fromFile(join(dir, 'nope.cer')),
    });
    expect(annotationsOf(stack)).toEqual([
      {
        path: 'test/windowsRoot',
        level: 'error',
        message: [
          'A certificate file the trusted root cannot use [construct/certificate-file]',
          '  on WindowsTrustedRootCertificate windowsRoot, certificate',
          `  Certificate.fromFile(${JSON.stringify(join(dir, 'nope.cer'))}): no such file (${join(dir, 'nope.cer')}). Export the root CA certificate as .cer (PEM or DER) and point to it.`,
        ].join('\n'),
      },
    ]);
  });
  it('reads base64 DER without PEM armour', () => {
    writeFileSync(join(dir, 'root.b64'), `${certs.rootBase64Der.replace(/(.{64})/g, '$1\n')}\n`);
    expect(Certificate.fromFile(join(dir, 'root.b64')).text).toBe(certs.rootBase64Der);
  });
  it.each([
    ['a text file', 'passwd', 'root:x:0:0:root:/root:/bin/bash\n', 'is not a certificate'],
    ['a private key', 'key.pem', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n', 'holds a PRIVATE KEY'],
    [
      'a certificate with its key',
      'both.pem',
      'CERT\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n',
      'holds a PRIVATE KEY',
    ],
    [
      'a CSR',
      'req.pem',
      '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n',
      'holds a PEM "CERTIFICATE REQUEST" block',
    ],
    ['an empty file', 'empty.cer', '', 'is empty'],
  ])('refuses %s before any of it reaches the stack, never quoting it', (_n, name, content, message) => {
    writeFileSync(join(dir, name), content.replace('CERT\n', certs.root));
    const c = Certificate.fromFile(join(dir, name));
    expect(() => c.text).toThrow(message);
    expect(c.problem).toContain(message);
    expect(c.problem).toContain('Export the root CA certificate');
    for (const secret of ['root:x:0', 'MIIEvQ', 'MHcCAQEE', 'MIIB']) expect(c.problem).not.toContain(secret);
  });
});

describe('text is data: every string prop reaches the stack as Terraform reads that text', () => {
  const wifi = (
    stack: TerraformStack,
    root: WindowsTrustedRootCertificate,
    over: Partial<ConstructorParameters<typeof WindowsScepProfile>[2]> = {},
  ) =>
    new WindowsScepProfile(stack, 'Wifi', {
      displayName: 'Wi-Fi',
      rootCertificate: root,
      certificateType: 'device',
      subjectName: 'CN={{AAD_Device_ID}}',
      scepServerUrls: NDES,
      ...over,
    });

  it('escapes ${ and %{ in names, descriptions, file names, subjects, SANs, EKUs, URLs, scope tags, groups, filters and import ids; the engine reads the text back', () => {
    const stack = newStack();
    const t = '${file("/etc/passwd")} %{ if true }x%{ endif } $${y}';
    const root = new WindowsTrustedRootCertificate(stack, 'Root', {
      displayName: t,
      description: t,
      fileName: `${t}.cer`,
      roleScopeTagIds: [t],
      certificate: Certificate.fromPem(certs.root),
    });
    const profile = wifi(stack, root, {
      displayName: t,
      subjectName: `CN=${t}`,
      subjectAlternativeNames: [SubjectAlternativeName.dns(t)],
      extendedKeyUsages: [{ name: t, objectIdentifier: '1.3.6.1.5.5.7.3.2' }],
      scepServerUrls: [`https://ndes.contoso.com/x?${t}`],
    });
    root.assignTo([Group.byName(t).filteredBy(AssignmentFilter.named(t))]).exclude(Group.byId(t));
    profile.importFrom(t);
    const doc = synth(stack);
    const escaped = '$${file("/etc/passwd")} %%{ if true }x%%{ endif } $$${y}';
    const rootJson = Object.values(doc.resource.intune_trusted_root_certificate ?? {})[0];
    expect(rootJson).toMatchObject({
      display_name: escaped,
      description: escaped,
      file_name: `${escaped}.cer`,
      role_scope_tag_ids: [escaped],
    });
    expect(Object.values(doc.resource.intune_scep_certificate_profile ?? {})[0]).toMatchObject({
      display_name: escaped,
      subject_name_format: `CN=${escaped}`,
      subject_alternative_names: [{ type: 'dns', value: escaped }],
      extended_key_usages: [{ name: escaped }],
      scep_server_urls: [`https://ndes.contoso.com/x?${escaped}`],
    });
    expect(Object.values(doc.resource.intune_profile_assignment ?? {})[0]).toMatchObject({
      include_group_names: [escaped],
      exclude_group_ids: [escaped],
      filters: [{ group_name: escaped, filter_name: escaped, mode: 'include' }],
    });
    expect(((doc as Doc & { import?: { id: string }[] }).import ?? []).map((i) => i.id)).toEqual([escaped]);
    const config = readConfig(doc);
    const attrs = config.resources.find((r) => r.type === 'intune_trusted_root_certificate')?.attrs;
    expect(attrs).toMatchObject({ display_name: t, description: t, file_name: `${t}.cer`, role_scope_tag_ids: [t] });
    expect(config.resources.find((r) => r.type === 'intune_profile_assignment')?.attrs).toMatchObject({
      include_group_names: [t],
      filters: [{ group_name: t, filter_name: t }],
    });
  });

  it('keeps CDKTF tokens working: a variable, a reference and a variable inside text, whose text is escaped around it', () => {
    const stack = newStack();
    const name = new TerraformVariable(stack, 'name', { type: 'string' });
    const group = new TerraformVariable(stack, 'group', { type: 'string' });
    const urls = new TerraformVariable(stack, 'urls', { type: 'list(string)' });
    const root = new WindowsTrustedRootCertificate(stack, 'Root', {
      displayName: name.stringValue,
      description: `\${x} ${name.stringValue} 100%{`,
      certificate: Certificate.fromPem(certs.root),
    });
    const profile = wifi(stack, root, { scepServerUrls: urls.listValue });
    profile.assignTo([Group.byId(group.stringValue)]);
    const doc = synth(stack);
    const rootJson = Object.values(doc.resource.intune_trusted_root_certificate ?? {})[0];
    // Beside a token, CDKTF parses `${` in the text: the text's `${` is written `${"$"}{`, which Terraform reads as `${`.
    expect(rootJson).toMatchObject({ display_name: '${var.name}', description: '${"$"}{x} ${var.name} 100%%{' });
    const scep = Object.values(doc.resource.intune_scep_certificate_profile ?? {})[0] as Record<string, unknown>;
    expect(scep.scep_server_urls).toBe('${var.urls}');
    expect(scep.root_certificate_id).toMatch(/^\$\{intune_trusted_root_certificate\.Root_[0-9A-F]+\.id\}$/);
    expect(Object.values(doc.resource.intune_profile_assignment ?? {})[0]).toMatchObject({ include_group_ids: ['${var.group}'] });
  });

  it('writes text CDKTF would take for its own tokens (list and map markers, encoded numbers) so that CDKTF leaves it alone', () => {
    const stack = newStack();
    const number = String(Token.asNumber(Lazy.numberValue({ produce: () => 42 })));
    const texts = ['#{TfToken[TOKEN.1]}', '&{TfToken[TOKEN.1]}', Token.STRING_MAP_TOKEN_VALUE, `Rack ${number}`, `$#{TfToken[TOKEN.2]}`];
    texts.forEach(
      (t, i) => new WindowsTrustedRootCertificate(stack, `Root${i}`, { displayName: t, certificate: Certificate.fromPem(certs.root) }),
    );
    const config = readConfig(synth(stack));
    expect(config.resources.map((r) => r.attrs.display_name)).toEqual(texts);
  });

  it("a string holding CDKTF's token syntax is a token (that is how references reach a prop); one this app never made is refused, naming the text", () => {
    const stack = newStack();
    const make = (displayName: string) =>
      new WindowsTrustedRootCertificate(stack, 'Root', { displayName, certificate: Certificate.fromPem(certs.root) });
    expect(() => make('Root ${TfToken[TOKEN.987654]}')).toThrow(
      '"Root ${TfToken[TOKEN.987654]}" holds ${TfToken[TOKEN.987654]}, CDKTF\'s syntax for a token inside a string, but this app has no such token',
    );
  });
});

/**
 * Found by newcomer review: a stack without `new IntuneProvider(this, 'intune', {})` (a line easy to
 * drop; its config is empty) failed synth with cdktf's "Found resources without a matching provider
 * construct ... [e.g. new RandomProvider(...)]" and a stack trace. The L2 constructs declare the
 * provider when their stack has none; a stack that declares one keeps it, alone.
 */
describe('the provider block', () => {
  const withRoot = (stack: TerraformStack) =>
    new WindowsTrustedRootCertificate(stack, 'Root', { displayName: 'Contoso Root', certificate: Certificate.fromPem(certs.root) });

  test('GIVEN a stack with L2 constructs and no IntuneProvider WHEN synthesized with validations THEN it declares the provider', () => {
    const stack = new TerraformStack(testApp(), 'bare');
    withRoot(stack);
    const doc = JSON.parse(Testing.synth(stack, true)) as { provider?: Record<string, unknown[]> };
    expect(doc.provider).toEqual({ intune: [{}] });
  });

  // Found by review: a provider declared as an override of the stack got the automatic one beside it
  // (terraform init: duplicate provider configuration).
  test('GIVEN a stack that declares the provider by an override THEN no other is added', () => {
    const stack = new TerraformStack(testApp(), 'overridden');
    withRoot(stack);
    stack.addOverride('provider.intune', [{ graph_url: 'http://127.0.0.1:5899' }]);
    const doc = JSON.parse(Testing.synth(stack)) as { provider?: Record<string, unknown[]> };
    expect(doc.provider).toEqual({ intune: [{ graph_url: 'http://127.0.0.1:5899' }] });
  });

  test('GIVEN a stack that declares the provider (after its constructs, with a config) THEN that provider is the only one', () => {
    const stack = new TerraformStack(testApp(), 'declared');
    withRoot(stack);
    new l1.provider.IntuneProvider(stack, 'mine', { graphUrl: 'http://127.0.0.1:5899' });
    const doc = JSON.parse(Testing.synth(stack, true)) as { provider?: Record<string, unknown[]> };
    expect(doc.provider).toEqual({ intune: [{ graph_url: 'http://127.0.0.1:5899' }] });
  });
});
