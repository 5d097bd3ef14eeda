/**
 * Windows device certificates for 802.1X, with strong mapping (KB5014754): a trusted root, a SCEP
 * profile whose certificates carry the device's SID, and both assigned to the same group.
 *
 * root.cer is an example root CA made for these examples (public certificate; its key was
 * discarded). Use your CA's root certificate, PEM or DER.
 *
 * Written with the generated L1 bindings; the intent-shaped L2 constructs are coming (issue 6).
 */
import { App, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { profileAssignment, provider, scepCertificateProfile, trustedRootCertificate } from '../../lib/constructs/generated/providers/intune';

/** This folder, whether the app runs from source or compiled into dist/. */
const HERE = __dirname.replace(/[\\/]dist([\\/]examples[\\/])/, '$1');

export class Windows8021xStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new provider.IntuneProvider(this, 'intune', {});

    const root = new trustedRootCertificate.TrustedRootCertificate(this, 'root', {
      displayName: 'Contoso Root CA (Windows)',
      platform: 'windows',
      certificate: readFileSync(join(HERE, 'root.cer'), 'utf8'),
    });

    const dot1x = new scepCertificateProfile.ScepCertificateProfile(this, 'dot1x', {
      displayName: '802.1X device certificate',
      platform: 'windows',
      rootCertificateId: root.id,
      certificateType: 'device',
      subjectNameFormat: 'CN={{AAD_Device_ID}},OU="Devices, EMEA",O=Contoso',
      subjectAlternativeNames: [
        { type: 'dns', value: '{{DeviceName}}.contoso.com' },
        { type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' },
      ],
      keyStorageProvider: 'tpm_otherwise_fail',
      scepServerUrls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
    });

    // Devices must get the root first: assign both to the same groups. A device group is the point
    // here (802.1X before anyone signs in), so the "device groups deliver later" warning is known.
    for (const [name, profile] of [['root', root], ['dot1x', dot1x]] as const) {
      new profileAssignment.ProfileAssignment(this, `${name}_assignment`, {
        profileId: profile.id,
        includeGroupNames: ['All Corporate Devices'],
        suppressWarnings: ['assignment/device-group-delay'],
      });
    }
  }
}

const app = new App();
new Windows8021xStack(app, 'windows-8021x');
app.synth();
