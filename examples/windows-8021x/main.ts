/**
 * Windows device certificates for 802.1X, with strong mapping (KB5014754): a trusted root, a SCEP
 * profile whose certificates carry the device's SID, and both assigned to the same device group.
 *
 * ../root.cer is an example root CA made for these examples (public certificate; its key was
 * discarded). Use your CA's root certificate, PEM or DER.
 */
import { App, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { Certificate, Group, SubjectAlternativeName, WindowsScepProfile, WindowsTrustedRootCertificate, l1 } from '../../lib/constructs';

/** This folder, whether the app runs from source or compiled into dist/. */
const HERE = __dirname.replace(/[\\/](?:dist|examples[\\/]\.build)([\\/]examples[\\/])/, '$1');

export class Windows8021xStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new l1.provider.IntuneProvider(this, 'intune', {});

    const root = new WindowsTrustedRootCertificate(this, 'Root', {
      displayName: 'Contoso Root CA (Windows)',
      certificate: Certificate.fromFile(join(HERE, '..', 'root.cer')),
    });

    const dot1x = new WindowsScepProfile(this, 'Dot1x', {
      displayName: '802.1X device certificate',
      rootCertificate: root,
      certificateType: 'device',
      subjectName: 'CN={{AAD_Device_ID}},OU="Devices, EMEA",O=Contoso',
      subjectAlternativeNames: [SubjectAlternativeName.dns('{{DeviceName}}.contoso.com'), SubjectAlternativeName.strongMapping()],
      keyStorageProvider: 'tpm_otherwise_fail',
      scepServerUrls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
    });

    // Devices must get the root first: assign both to the same group. A device group is the point
    // here (802.1X before anyone signs in): device certificates are meant for device groups.
    for (const profile of [root, dot1x]) profile.assignTo([Group.byName('All Corporate Devices')]);
  }
}

const app = new App();
new Windows8021xStack(app, 'windows-8021x');
app.synth();
