/** iOS/iPadOS device certificates for Wi-Fi (EAP-TLS), assigned with the root to the Wi-Fi users. */
import { App, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { Certificate, Group, IosScepProfile, IosTrustedRootCertificate, SubjectAlternativeName, l1 } from '../../lib/constructs';

const HERE = __dirname.replace(/[\\/](?:dist|examples[\\/]\.build)([\\/]examples[\\/])/, '$1');

export class IosWifiStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new l1.provider.IntuneProvider(this, 'intune', {});
    const root = new IosTrustedRootCertificate(this, 'Root', {
      displayName: 'Contoso Root CA (iOS)',
      certificate: Certificate.fromFile(join(HERE, '..', 'root.cer')),
    });
    const wifi = new IosScepProfile(this, 'Wifi', {
      displayName: 'iOS Wi-Fi certificate',
      rootCertificate: root,
      certificateType: 'user',
      subjectName: 'CN={{UserPrincipalName}}',
      subjectAlternativeNames: [SubjectAlternativeName.upn(), SubjectAlternativeName.strongMapping()],
      scepServerUrls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
    });
    for (const p of [root, wifi]) p.assignTo([Group.byName('Wi-Fi Users')]);
  }
}

const app = new App();
new IosWifiStack(app, 'ios-wifi');
app.synth();
