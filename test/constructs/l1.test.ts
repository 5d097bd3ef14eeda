/**
 * The generated L1 bindings: fresh from the schema (a test fails when they are stale) and
 * synthesizing the exact cdk.tf.json shape of resources.md, required_providers included.
 */
import { TerraformStack, Testing } from 'cdktf';
import { testApp } from '../helpers/cdk';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_DIR, generateBindings, listFiles } from '../../scripts/generate-bindings';
import {
  profileAssignment,
  provider,
  scepCertificateProfile,
  trustedRootCertificate,
} from '../../lib/constructs/generated/providers/intune';
import { validateStack } from '../../lib';
import { packageVersion } from '../../lib/package-info';
import { NOW, testCertificates } from '../helpers/certificates';

test('the committed bindings are what the generator makes from the schema today (run npm run generate:bindings when not)', async () => {
  const fresh = await generateBindings();
  const files = listFiles(fresh).sort();
  expect(listFiles(GENERATED_DIR).sort()).toEqual(files);
  for (const f of files)
    expect(`${f}\n${readFileSync(join(GENERATED_DIR, f), 'utf8')}`).toBe(`${f}\n${readFileSync(join(fresh, f), 'utf8')}`);
}, 60_000);

test('L1 resources synthesize the cdk.tf.json of resources.md, and it validates', async () => {
  const certs = await testCertificates();
  const app = testApp();
  const stack = new TerraformStack(app, 'wifi');
  new provider.IntuneProvider(stack, 'intune', {});
  const root = new trustedRootCertificate.TrustedRootCertificate(stack, 'root', {
    displayName: 'Contoso Root',
    platform: 'windows',
    certificate: certs.root,
  });
  const wifi = new scepCertificateProfile.ScepCertificateProfile(stack, 'wifi', {
    displayName: 'Wi-Fi',
    platform: 'windows',
    rootCertificateId: root.id,
    certificateType: 'user',
    subjectNameFormat: 'CN={{UserPrincipalName}}',
    subjectAlternativeNames: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }],
    scepServerUrls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
  });
  new profileAssignment.ProfileAssignment(stack, 'root_assign', { profileId: root.id, includeGroupNames: ['Wi-Fi Users'] });
  new profileAssignment.ProfileAssignment(stack, 'wifi_assign', { profileId: wifi.id, includeGroupNames: ['Wi-Fi Users'] });
  const doc = JSON.parse(Testing.synth(stack)) as {
    terraform: { required_providers: Record<string, { source: string }> };
    resource: Record<string, Record<string, Record<string, unknown>>>;
  };
  // cdktf diff/deploy refuse a required_providers entry without a version: the package's own.
  expect(doc.terraform.required_providers.intune).toEqual({
    source: 'registry.terraform.io/intune-scep/intune',
    version: packageVersion(),
  });
  expect(doc.resource.intune_scep_certificate_profile?.wifi).toMatchObject({
    display_name: 'Wi-Fi',
    root_certificate_id: '${intune_trusted_root_certificate.root.id}',
    certificate_type: 'user',
    subject_alternative_names: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }],
    scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
  });
  expect(doc.resource.intune_profile_assignment?.wifi_assign).toMatchObject({
    profile_id: '${intune_scep_certificate_profile.wifi.id}',
    include_group_names: ['Wi-Fi Users'],
  });
  expect(validateStack(doc, { now: NOW })).toEqual([]);
});
