/**
 * Attacks on the L2 Cloud PKI constructs (session 6 review). What held: a SCEP profile given an
 * issuingCa and a pasted rootCertificate is refused at synth (cloud-pki/profile-root-mismatch).
 */
import { TerraformStack, Testing } from 'cdktf';
import { CloudPkiIssuingCa, CloudPkiRootCa, Group, WindowsScepProfile, l1 } from '../../lib/constructs';
import { testApp } from '../helpers/cdk';

type Doc = { resource: Record<string, Record<string, Record<string, unknown>>> };

// chainFor keys its chains by issuing CA: two issuing CAs under one root each make a trusted
// certificate profile of the root on Windows, with the same display name and the same certificate.
// The tenant gets two indistinguishable "Contoso Root CA (Windows)" profiles deploying one root.
test("two issuing CAs under one root: the root's trusted certificate profile on a platform is made once", () => {
  const stack = new TerraformStack(testApp(), 'test');
  new l1.provider.IntuneProvider(stack, 'intune', {});
  const root = new CloudPkiRootCa(stack, 'Root', { displayName: 'Contoso Root CA', commonName: 'Contoso Root CA', validityYears: 10 });
  const wifi = new CloudPkiIssuingCa(stack, 'WifiCa', { displayName: 'Wi-Fi CA', commonName: 'Wi-Fi CA', validityYears: 4, rootCa: root });
  const vpn = new CloudPkiIssuingCa(stack, 'VpnCa', { displayName: 'VPN CA', commonName: 'VPN CA', validityYears: 4, rootCa: root });
  const common = { certificateType: 'user' as const, subjectName: 'CN={{UserPrincipalName}}' };
  new WindowsScepProfile(stack, 'Wifi', { ...common, issuingCa: wifi, displayName: 'Wi-Fi' }).assignTo([Group.byName('Wi-Fi Users')]);
  new WindowsScepProfile(stack, 'Vpn', { ...common, issuingCa: vpn, displayName: 'VPN' }).assignTo([Group.byName('VPN Users')]);
  const doc = JSON.parse(Testing.synth(stack)) as Doc;
  const roots = Object.values(doc.resource.intune_trusted_root_certificate ?? {}).filter((r) =>
    String(r.certificate).startsWith('${intune_cloud_pki_root_ca.'),
  );
  expect(roots.map((r) => r.display_name)).toEqual(['Contoso Root CA (Windows)']);
});
