/**
 * macOS user certificates on the user channel (user keychain), with strong mapping. The root goes
 * on the same channel. A deployment channel cannot change after deployment: changing it later
 * replaces both profiles (the plan says so).
 */
import { App, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import {
  Certificate,
  Group,
  MacOsScepProfile,
  MacOsTrustedRootCertificate,
  SubjectAlternativeName,
  Validity,
  l1,
} from '../../lib/constructs';

const HERE = __dirname.replace(/[\\/](?:dist|examples[\\/]\.build)([\\/]examples[\\/])/, '$1');

export class MacOsUserChannelStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new l1.provider.IntuneProvider(this, 'intune', {});
    const root = new MacOsTrustedRootCertificate(this, 'Root', {
      displayName: 'Contoso Root CA (macOS, user)',
      certificate: Certificate.fromFile(join(HERE, '..', 'root.cer')),
      deploymentChannel: 'user',
    });
    const user = new MacOsScepProfile(this, 'UserCertificate', {
      displayName: 'macOS user certificate',
      rootCertificate: root,
      certificateType: 'user',
      deploymentChannel: 'user',
      subjectName: 'CN={{UserPrincipalName}},E={{EmailAddress}}',
      subjectAlternativeNames: [SubjectAlternativeName.upn(), SubjectAlternativeName.strongMapping()],
      validity: Validity.years(1),
      scepServerUrls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
    });
    for (const p of [root, user]) p.assignTo([Group.byName('Mac Users')]);
  }
}

const app = new App();
new MacOsUserChannelStack(app, 'macos-user-channel');
app.synth();
