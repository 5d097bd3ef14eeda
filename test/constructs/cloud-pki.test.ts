/**
 * L2 Cloud PKI constructs: CAs, and SCEP profiles given an issuing CA that take its SCEP URI and its
 * chain's trusted certificate profiles (made once per platform, assigned wherever a profile is),
 * with no pasted text; the synthesized stack plans and applies through the engine.
 */
import { TerraformStack, Testing } from 'cdktf';
import {
  AndroidWorkProfileScepProfile,
  Certificate,
  CloudPkiIssuingCa,
  CloudPkiRootCa,
  Group,
  IosScepProfile,
  MacOsScepProfile,
  SubjectAlternativeName,
  WindowsScepProfile,
  WindowsTrustedRootCertificate,
  l1,
} from '../../lib/constructs';
import { applyStack, planStack, readConfig, summarize, validateStack } from '../../lib';
import { annotationsOf, testApp } from '../helpers/cdk';
import { NOW, testCertificates } from '../helpers/certificates';
import { engineFixture } from '../helpers/engine';

type Doc = { resource: Record<string, Record<string, Record<string, unknown>>> };

function newStack(): TerraformStack {
  const stack = new TerraformStack(testApp(), 'test');
  new l1.provider.IntuneProvider(stack, 'intune', {});
  return stack;
}
const synth = (stack: TerraformStack) => JSON.parse(Testing.synth(stack)) as Doc;

/** A root and an issuing CA, and Wi-Fi profiles on Windows, iOS and Android work profile served by it. */
function chainStack(): { stack: TerraformStack; issuing: CloudPkiIssuingCa } {
  const stack = newStack();
  const root = new CloudPkiRootCa(stack, 'Root', { displayName: 'Contoso Root CA', commonName: 'Contoso Root CA', validityYears: 10 });
  const issuing = new CloudPkiIssuingCa(stack, 'Issuing', {
    displayName: 'Contoso Issuing CA',
    commonName: 'Contoso Issuing CA',
    validityYears: 4,
    rootCa: root,
  });
  const users = [Group.byName('Wi-Fi Users')];
  const common = {
    issuingCa: issuing,
    certificateType: 'user' as const,
    subjectName: 'CN={{UserPrincipalName}}',
    subjectAlternativeNames: [SubjectAlternativeName.upn()],
  };
  new WindowsScepProfile(stack, 'Windows', {
    ...common,
    displayName: 'Wi-Fi (Windows)',
    subjectAlternativeNames: [SubjectAlternativeName.upn(), SubjectAlternativeName.strongMapping()],
  }).assignTo(users);
  new WindowsScepProfile(stack, 'WindowsVpn', {
    ...common,
    displayName: 'VPN (Windows)',
    subjectAlternativeNames: [SubjectAlternativeName.upn(), SubjectAlternativeName.strongMapping()],
  }).assignTo([Group.byName('VPN Users')]);
  new IosScepProfile(stack, 'Ios', { ...common, displayName: 'Wi-Fi (iOS)' }).assignTo(users);
  new AndroidWorkProfileScepProfile(stack, 'Android', { ...common, displayName: 'Wi-Fi (Android)' }).assignTo(users);
  return { stack, issuing };
}

test('a profile given an issuing CA takes its SCEP URI and its chain by reference; one chain per platform, assigned where its profiles are', () => {
  const doc = synth(chainStack().stack);
  const ca = (type: string) => Object.keys(doc.resource[type] ?? {})[0] as string;
  const rootCa = `intune_cloud_pki_root_ca.${ca('intune_cloud_pki_root_ca')}`;
  const issuingCa = `intune_cloud_pki_issuing_ca.${ca('intune_cloud_pki_issuing_ca')}`;
  expect(doc.resource.intune_cloud_pki_issuing_ca?.[ca('intune_cloud_pki_issuing_ca')]).toMatchObject({
    root_ca_id: `\${${rootCa}.id}`,
    validity_years: 4,
  });
  const roots = Object.entries(doc.resource.intune_trusted_root_certificate ?? {});
  // Windows, iOS, Android: a root CA and an issuing CA profile each, shared by both Windows profiles.
  expect(roots.map(([, r]) => [r.display_name, r.platform, r.certificate, r.destination_store ?? null]).sort()).toEqual(
    [
      ['Contoso Issuing CA (Android work profile)', 'android_work_profile', `\${${issuingCa}.certificate}`, null],
      ['Contoso Issuing CA (Windows)', 'windows', `\${${issuingCa}.certificate}`, 'computer_intermediate'],
      ['Contoso Issuing CA (iOS)', 'ios', `\${${issuingCa}.certificate}`, null],
      ['Contoso Root CA (Android work profile)', 'android_work_profile', `\${${rootCa}.certificate}`, null],
      ['Contoso Root CA (Windows)', 'windows', `\${${rootCa}.certificate}`, null],
      ['Contoso Root CA (iOS)', 'ios', `\${${rootCa}.certificate}`, null],
    ].sort(),
  );
  for (const p of Object.values(doc.resource.intune_scep_certificate_profile ?? {})) {
    expect(p.scep_server_urls).toEqual([`\${${issuingCa}.scep_server_url}`]);
    const root = roots.find(([name]) => p.root_certificate_id === `\${intune_trusted_root_certificate.${name}.id}`)?.[1];
    expect(root?.certificate).toBe(`\${${rootCa}.certificate}`);
    expect(root?.platform).toBe(p.platform);
  }
  // The Windows chain is assigned to both Windows profiles' groups.
  const sets = Object.values(doc.resource.intune_profile_assignment ?? {});
  const winRoot = roots.find(([, r]) => r.display_name === 'Contoso Root CA (Windows)')?.[0];
  expect(sets.find((s) => s.profile_id === `\${intune_trusted_root_certificate.${winRoot}.id}`)?.include_group_names).toEqual([
    'Wi-Fi Users',
    'VPN Users',
  ]);
  expect(validateStack(doc, { now: NOW }).filter((d) => d.severity === 'error')).toEqual([]);
});

test('the synthesized stack plans, applies and plans no changes through the engine', async () => {
  const f = await engineFixture();
  try {
    const doc = synth(chainStack().stack);
    const p = await planStack(f.ctx, readConfig(doc));
    expect(p.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // 2 CAs, 6 trusted certificate profiles, 4 SCEP profiles, and an assignment set for each of the 10 profiles.
    expect(summarize(p)).toEqual({ add: 22, change: 0, destroy: 0 });
    const r = await applyStack(f.ctx, { config: readConfig(doc) });
    expect('errors' in r && r.errors).toEqual([]);
    const again = await planStack(f.ctx, readConfig(doc));
    expect(again.changes.every((c) => c.action === 'no-op')).toBe(true);
  } finally {
    await f.close();
  }
});

test('a macOS user-keychain profile gets its chain on the user channel, apart from device-channel ones', () => {
  const { stack, issuing } = chainStack();
  const props = { issuingCa: issuing, certificateType: 'user' as const, subjectName: 'CN={{UserPrincipalName}}' };
  new MacOsScepProfile(stack, 'MacUser', { ...props, displayName: 'Mac user', deploymentChannel: 'user' });
  new MacOsScepProfile(stack, 'MacDevice', {
    ...props,
    displayName: 'Mac device',
    certificateType: 'device',
    subjectName: 'CN={{AAD_Device_ID}}',
  });
  const macRoots = Object.values(synth(stack).resource.intune_trusted_root_certificate ?? {}).filter((r) => r.platform === 'macos');
  expect(macRoots.map((r) => [r.display_name, r.deployment_channel]).sort()).toEqual([
    ['Contoso Issuing CA (macOS)', 'device'],
    ['Contoso Issuing CA (macOS, user keychain)', 'user'],
    ['Contoso Root CA (macOS)', 'device'],
    ['Contoso Root CA (macOS, user keychain)', 'user'],
  ]);
});

test('a referenced root is used as given, and no chain is made; a profile without a SCEP server or a root is refused at synth', async () => {
  const certs = await testCertificates();
  const { stack, issuing } = chainStack();
  const own = new WindowsTrustedRootCertificate(stack, 'OwnRoot', { displayName: 'Own', certificate: issuing.rootCa.certificate });
  const before = Object.keys(synth(stack).resource.intune_trusted_root_certificate ?? {}).length;
  new WindowsScepProfile(stack, 'Referenced', {
    displayName: 'Referenced',
    issuingCa: issuing,
    rootCertificate: own,
    certificateType: 'device',
    subjectName: 'CN={{AAD_Device_ID}}',
  });
  expect(Object.keys(synth(stack).resource.intune_trusted_root_certificate ?? {}).length).toBe(before);

  const bad = newStack();
  const root = new WindowsTrustedRootCertificate(bad, 'Root', { displayName: 'R', certificate: Certificate.fromPem(certs.root) });
  new WindowsScepProfile(bad, 'NoServer', {
    displayName: 'x',
    rootCertificate: root,
    certificateType: 'device',
    subjectName: 'CN={{AAD_Device_ID}}',
  });
  new WindowsScepProfile(bad, 'NoRoot', {
    displayName: 'y',
    scepServerUrls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
    certificateType: 'device',
    subjectName: 'CN={{AAD_Device_ID}}',
  });
  const errors = annotationsOf(bad)
    .filter((a) => a.level === 'error')
    .map((a) => a.message);
  expect(errors).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /\[construct\/scep-source\]\n {2}on WindowsScepProfile NoServer\n {2}give scepServerUrls \(NDES\) or issuingCa/,
      ),
      expect.stringMatching(/\[construct\/scep-source\]\n {2}on WindowsScepProfile NoRoot\n {2}give rootCertificate/),
    ]),
  );
});

test("a CA's rule finding at synth speaks the construct's words: its class, its id and the prop", () => {
  const stack = newStack();
  new CloudPkiRootCa(stack, 'Root', { displayName: 'Contoso Root CA', commonName: 'Contoso Root CA', validityYears: 30 });
  const errors = annotationsOf(stack)
    .filter((a) => a.level === 'error')
    .map((a) => a.message);
  expect(errors).toEqual([expect.stringMatching(/\[cloud-pki\/validity\]\n {2}on CloudPkiRootCa Root, validityYears\n/)]);
});
