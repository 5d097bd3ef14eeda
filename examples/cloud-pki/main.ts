/**
 * The whole chain as code: a Microsoft Cloud PKI root CA, an issuing CA under it, and Wi-Fi
 * certificates on Windows, iOS and Android Enterprise served by that issuing CA. Each profile takes
 * the issuing CA's SCEP URI, and the chain's trusted certificate profiles for its platform are made
 * and assigned with it: nothing is pasted, no certificate file, no URL.
 */
import { App, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import {
  AndroidWorkProfileScepProfile,
  CloudPkiIssuingCa,
  CloudPkiRootCa,
  Group,
  IosScepProfile,
  SubjectAlternativeName,
  WindowsScepProfile,
  l1,
} from '../../lib/constructs';

export class CloudPkiStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new l1.provider.IntuneProvider(this, 'intune', {});
    const root = new CloudPkiRootCa(this, 'RootCa', {
      displayName: 'Contoso Root CA',
      commonName: 'Contoso Root CA',
      organization: 'Contoso',
      country: 'US',
      validityYears: 10,
      // An example tenant: `destroy` may take the CAs down (revoking every certificate they issued).
      // Leave this out in production: a plan that would take a CA down is then refused.
      revokeOnDestroy: true,
    });
    const issuing = new CloudPkiIssuingCa(this, 'IssuingCa', {
      displayName: 'Contoso Issuing CA',
      commonName: 'Contoso Issuing CA',
      organization: 'Contoso',
      country: 'US',
      validityYears: 4,
      rootCa: root,
      revokeOnDestroy: true,
    });
    const wifiUsers = [Group.byName('Wi-Fi Users')];
    const user = {
      issuingCa: issuing,
      certificateType: 'user' as const,
      subjectName: 'CN={{UserPrincipalName}}',
    };
    new WindowsScepProfile(this, 'Windows', {
      ...user,
      displayName: 'Wi-Fi (Windows)',
      subjectAlternativeNames: [SubjectAlternativeName.upn(), SubjectAlternativeName.strongMapping()],
    }).assignTo(wifiUsers);
    new IosScepProfile(this, 'Ios', {
      ...user,
      displayName: 'Wi-Fi (iOS)',
      subjectAlternativeNames: [SubjectAlternativeName.upn(), SubjectAlternativeName.strongMapping()],
    }).assignTo(wifiUsers);
    new AndroidWorkProfileScepProfile(this, 'AndroidWorkProfile', {
      ...user,
      displayName: 'Wi-Fi (Android work profile)',
      subjectAlternativeNames: [SubjectAlternativeName.upn()],
    }).assignTo(wifiUsers);
  }
}

const app = new App();
new CloudPkiStack(app, 'cloud-pki');
app.synth();
