/**
 * Android Enterprise fully managed devices: a device certificate the VPN app may use without asking
 * the user (silent access). Intune cannot report on or revoke these certificates: revoke at the CA.
 */
import { App, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { AndroidDeviceOwnerScepProfile, AndroidDeviceOwnerTrustedRootCertificate, Certificate, Group, l1 } from '../../lib/constructs';

const HERE = __dirname.replace(/[\\/](?:dist|examples[\\/]\.build)([\\/]examples[\\/])/, '$1');

export class AndroidFullyManagedVpnStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new l1.provider.IntuneProvider(this, 'intune', {});
    const root = new AndroidDeviceOwnerTrustedRootCertificate(this, 'Root', {
      displayName: 'Contoso Root CA (Android fully managed)',
      certificate: Certificate.fromFile(join(HERE, '..', 'root.cer')),
    });
    const vpn = new AndroidDeviceOwnerScepProfile(this, 'Vpn', {
      displayName: 'VPN device certificate (fully managed)',
      rootCertificate: root,
      certificateType: 'device',
      subjectName: 'CN={{AAD_Device_ID}}',
      silentAccessAppIds: ['com.cisco.anyconnect.vpn.android.avf'],
      scepServerUrls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
      // Fully managed devices only: dedicated devices do not support certificates for app authentication.
      suppressWarnings: ['platform/device-owner-no-revocation', 'access/dedicated-no-app-authentication'],
    });
    for (const p of [root, vpn]) p.assignTo([Group.byName('VPN Users')]);
  }
}

const app = new App();
new AndroidFullyManagedVpnStack(app, 'android-fully-managed-vpn');
app.synth();
