/**
 * Findings about what a CertificateDeployment made name the deployment and its props, the
 * construct its author wrote (`at CertificateDeployment wifi, profiles.windows.subjectAlternativeNames[0]`);
 * an unusable root certificate file is reported once, by the deployment, not once per platform.
 */
import { TerraformStack } from 'cdktf';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Certificate, CertificateDeployment, Group, SubjectAlternativeName, l1 } from '../../lib/constructs';
import { annotationsOf, testApp } from '../helpers/cdk';
import { testCertificates } from '../helpers/certificates';

const NDES = ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'];
const user = { certificateType: 'user' as const, subjectName: 'CN={{UserPrincipalName}}', scepServerUrls: NDES };

function stack(): TerraformStack {
  const s = new TerraformStack(testApp(), 'certificates');
  new l1.provider.IntuneProvider(s, 'intune', {});
  return s;
}

test('GIVEN mistakes in a CertificateDeployment WHEN the app synthesizes THEN each names the deployment and its prop', async () => {
  const certs = await testCertificates();
  const s = stack();
  new CertificateDeployment(s, 'wifi', {
    rootCertificate: Certificate.fromPem(certs.root),
    rootDisplayName: 'Contoso Root',
    profiles: {
      windows: {
        ...user,
        displayName: 'Windows',
        subjectAlternativeNames: [SubjectAlternativeName.upn('{{UserPrincipleName}}'), SubjectAlternativeName.strongMapping()],
      },
      macos: {
        ...user,
        displayName: 'macOS',
        deploymentChannel: 'device',
        subjectAlternativeNames: [SubjectAlternativeName.upn(), SubjectAlternativeName.strongMapping()],
      },
    },
    assignTo: [Group.byName('Wi-Fi Users')],
  });
  const found = annotationsOf(s).map((a) => `${a.path}: ${a.message.split('\n').slice(0, 2).join(' | ')}`);
  expect(found).toEqual([
    'certificates/wifi/Windows: Unknown variable [variable/unknown] |   on CertificateDeployment wifi, profiles.windows.subjectAlternativeNames[0]',
    'certificates/wifi/MacOs: User certificate on the macOS device channel [channel/device-channel-user-certificate] |   on CertificateDeployment wifi, profiles.macos.deploymentChannel',
  ]);
});

test('GIVEN a CertificateDeployment whose root certificate file is missing WHEN the app synthesizes THEN the deployment reports it once', () => {
  const s = stack();
  const missing = join(mkdtempSync(join(tmpdir(), 'intune-scep-deploy-')), 'root.cer');
  new CertificateDeployment(s, 'wifi', {
    rootCertificate: Certificate.fromFile(missing),
    rootDisplayName: 'Contoso Root',
    profiles: {
      windows: { ...user, displayName: 'Windows', subjectAlternativeNames: [SubjectAlternativeName.strongMapping()] },
      ios: { ...user, displayName: 'iOS' },
    },
    assignTo: [Group.byName('Wi-Fi Users')],
  });
  const errors = annotationsOf(s).filter((a) => a.level === 'error');
  expect(errors.map((a) => [a.path, a.message.split('\n').slice(0, 2).join(' | ')])).toEqual([
    [
      'certificates/wifi',
      'A certificate file the trusted root cannot use [construct/certificate-file] |   on CertificateDeployment wifi, rootCertificate',
    ],
  ]);
});
