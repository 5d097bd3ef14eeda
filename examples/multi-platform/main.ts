/**
 * One CA, many platforms: a CertificateDeployment creates the trusted root and the SCEP profile for
 * each platform and assigns both to the same groups, as Microsoft recommends.
 */
import { App, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { Certificate, CertificateDeployment, Group, SubjectAlternativeName, l1 } from '../../lib/constructs';

const HERE = __dirname.replace(/[\\/](?:dist|examples[\\/]\.build)([\\/]examples[\\/])/, '$1');
const NDES = ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'];

export class MultiPlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new l1.provider.IntuneProvider(this, 'intune', {});
    new CertificateDeployment(this, 'WifiCertificates', {
      rootCertificate: Certificate.fromFile(join(HERE, '..', 'root.cer')),
      rootDisplayName: 'Contoso Root CA',
      assignTo: [Group.byName('Wi-Fi Users')],
      profiles: {
        windows: {
          displayName: 'Wi-Fi (Windows)',
          certificateType: 'user',
          subjectName: 'CN={{UserPrincipalName}}',
          subjectAlternativeNames: [SubjectAlternativeName.upn(), SubjectAlternativeName.strongMapping()],
          scepServerUrls: NDES,
        },
        ios: {
          displayName: 'Wi-Fi (iOS)',
          certificateType: 'user',
          subjectName: 'CN={{UserPrincipalName}}',
          subjectAlternativeNames: [SubjectAlternativeName.upn(), SubjectAlternativeName.strongMapping()],
          scepServerUrls: NDES,
        },
        macos: {
          displayName: 'Wi-Fi (macOS)',
          certificateType: 'user',
          deploymentChannel: 'user',
          subjectName: 'CN={{UserPrincipalName}}',
          subjectAlternativeNames: [SubjectAlternativeName.upn(), SubjectAlternativeName.strongMapping()],
          scepServerUrls: NDES,
        },
        androidWorkProfile: {
          displayName: 'Wi-Fi (Android work profile)',
          certificateType: 'user',
          subjectName: 'CN={{UserPrincipalName}}',
          subjectAlternativeNames: [SubjectAlternativeName.upn()],
          scepServerUrls: NDES,
        },
      },
    });
  }
}

const app = new App();
new MultiPlatformStack(app, 'multi-platform');
app.synth();
