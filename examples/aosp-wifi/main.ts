/** AOSP devices (user-affinity and userless): a device certificate for Wi-Fi. */
import { App, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { AospScepProfile, AospTrustedRootCertificate, Certificate, Group, SubjectAlternativeName, l1 } from '../../lib/constructs';

const HERE = __dirname.replace(/[\\/](?:dist|examples[\\/]\.build)([\\/]examples[\\/])/, '$1');

export class AospWifiStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new l1.provider.IntuneProvider(this, 'intune', {});
    const root = new AospTrustedRootCertificate(this, 'Root', {
      displayName: 'Contoso Root CA (AOSP)',
      certificate: Certificate.fromFile(join(HERE, '..', 'root.cer')),
    });
    const wifi = new AospScepProfile(this, 'Wifi', {
      displayName: 'AOSP Wi-Fi device certificate',
      rootCertificate: root,
      certificateType: 'device',
      subjectName: 'CN={{AAD_Device_ID}}',
      // Not {{DeviceName}}: Intune names AOSP devices like "jane_AndroidAOSP_5/2/2025_5:09 PM", no
      // host name, and users may rename them (san/device-name-not-a-host-name, spoofable-device-property).
      subjectAlternativeNames: [SubjectAlternativeName.dns('{{AAD_Device_ID}}.contoso.com')],
      scepServerUrls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
      suppressWarnings: ['platform/device-owner-no-revocation'],
    });
    // A device group: kiosks and other userless devices are reached through devices only.
    for (const p of [root, wifi]) p.assignTo([Group.byName('Android Kiosks')]);
  }
}

const app = new App();
new AospWifiStack(app, 'aosp-wifi');
app.synth();
