/**
 * Android Enterprise personally-owned work profile: a user certificate. Hardware identifiers
 * (serial, IMEI, MEID) are not available to devices that enrolled on Android 12 or later; the rules
 * warn about them (variable/hardware-id-on-personal-work-profile: devices enrolled before their
 * upgrade still get a certificate, so it is a warning, not an error).
 */
import { App, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import {
  AndroidWorkProfileScepProfile,
  AndroidWorkProfileTrustedRootCertificate,
  Certificate,
  Group,
  SubjectAlternativeName,
  l1,
} from '../../lib/constructs';

const HERE = __dirname.replace(/[\\/](?:dist|examples[\\/]\.build)([\\/]examples[\\/])/, '$1');

export class AndroidWorkProfileStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new l1.provider.IntuneProvider(this, 'intune', {});
    const root = new AndroidWorkProfileTrustedRootCertificate(this, 'Root', {
      displayName: 'Contoso Root CA (work profile)',
      certificate: Certificate.fromFile(join(HERE, '..', 'root.cer')),
    });
    const cert = new AndroidWorkProfileScepProfile(this, 'UserCertificate', {
      displayName: 'Work profile user certificate',
      rootCertificate: root,
      certificateType: 'user',
      subjectName: 'CN={{UserPrincipalName}}',
      subjectAlternativeNames: [SubjectAlternativeName.upn(), SubjectAlternativeName.email()],
      scepServerUrls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
    });
    for (const p of [root, cert]) p.assignTo([Group.byName('Wi-Fi Users')]);
  }
}

const app = new App();
new AndroidWorkProfileStack(app, 'android-work-profile');
app.synth();
