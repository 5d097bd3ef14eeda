/**
 * Diagnostics name the L2 prop that sets each attribute (rules/typescript.ts l2Property): every
 * attribute the L2 classes write, each class given every prop, maps to a prop that class took (or
 * the method that sets it, for assignment sets).
 */
import { TerraformStack, Testing } from 'cdktf';
import {
  AllUsers,
  AndroidDeviceOwnerScepProfile,
  AndroidDeviceOwnerTrustedRootCertificate,
  AssignmentFilter,
  Certificate,
  Group,
  MacOsScepProfile,
  MacOsTrustedRootCertificate,
  SubjectAlternativeName,
  Validity,
  WindowsScepProfile,
  WindowsTrustedRootCertificate,
  l1,
} from '../../lib/constructs';
import { l2Property } from '../../lib/rules';
import type { ResourceType } from '../../lib/schema';
import { testApp } from '../helpers/cdk';
import { testCertificates } from '../helpers/certificates';

const META = new Set(['//', 'lifecycle', 'platform', 'provider', 'depends_on']);

test('GIVEN every L2 class with every prop WHEN synthesized THEN each attribute written names a prop the class took', async () => {
  const certs = await testCertificates();
  const stack = new TerraformStack(testApp(), 'test');
  new l1.provider.IntuneProvider(stack, 'intune', {});
  const certificate = Certificate.fromPem(certs.root);
  const rootProps = { displayName: 'r', certificate, description: 'd', fileName: 'r.cer', roleScopeTagIds: ['0'], suppressWarnings: [] };
  const scepProps = {
    displayName: 's',
    certificateType: 'user' as const,
    subjectName: 'CN={{UserPrincipalName}}',
    scepServerUrls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
    subjectAlternativeNames: [SubjectAlternativeName.upn(), SubjectAlternativeName.strongMapping()],
    validity: Validity.years(1),
    renewalThresholdPercentage: 20,
    keySize: 2048 as const,
    keyUsage: ['digital_signature' as const],
    extendedKeyUsages: [{ name: 'Client Authentication', objectIdentifier: '1.3.6.1.5.5.7.3.2' }],
    description: 'd',
    roleScopeTagIds: ['0'],
    suppressWarnings: [],
  };
  const taken: Record<string, string[]> = {};
  const win = new WindowsTrustedRootCertificate(stack, 'WinRoot', { ...rootProps, destinationStore: 'computer_root' });
  const macRoot = new MacOsTrustedRootCertificate(stack, 'MacRoot', { ...rootProps, deploymentChannel: 'user' });
  const doRoot = new AndroidDeviceOwnerTrustedRootCertificate(stack, 'DoRoot', rootProps);
  taken.intune_trusted_root_certificate = [...Object.keys(rootProps), 'destinationStore', 'deploymentChannel'];
  const w = new WindowsScepProfile(stack, 'Win', {
    ...scepProps,
    rootCertificate: win,
    keyStorageProvider: 'software',
    hashAlgorithm: 'sha2',
  });
  new MacOsScepProfile(stack, 'Mac', { ...scepProps, rootCertificate: macRoot, deploymentChannel: 'user', allowAllAppsAccess: true });
  new AndroidDeviceOwnerScepProfile(stack, 'Do', {
    ...scepProps,
    certificateType: 'device',
    rootCertificate: doRoot,
    silentAccessAppIds: ['com.x'],
  });
  taken.intune_scep_certificate_profile = [
    ...Object.keys(scepProps),
    'rootCertificate',
    'keyStorageProvider',
    'hashAlgorithm',
    'deploymentChannel',
    'allowAllAppsAccess',
    'silentAccessAppIds',
  ];
  w.assignTo([Group.byName('a'), Group.byId('00000000-0000-0000-0000-000000000001'), AllUsers.filteredBy(AssignmentFilter.named('f'))], {
    exclusive: false,
  })
    .exclude(Group.byName('b'), Group.byId('00000000-0000-0000-0000-000000000002'))
    .suppressAssignmentWarnings('assignment/device-group-delay');
  taken.intune_profile_assignment = ['assignTo()', 'exclude()', 'suppressAssignmentWarnings()'];

  const doc = JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  const unnamed: string[] = [];
  for (const [type, byName] of Object.entries(doc.resource))
    for (const body of Object.values(byName))
      for (const attribute of Object.keys(body))
        if (!META.has(attribute) && !(taken[type] ?? []).includes(l2Property(type as ResourceType, attribute)))
          unnamed.push(`${type}.${attribute} -> ${l2Property(type as ResourceType, attribute)}`);
  expect(unnamed).toEqual([]);
  // The check saw what it is about: the attributes whose prop has another name.
  const written = Object.values(doc.resource).flatMap((byName) => Object.values(byName).flatMap((b) => Object.keys(b)));
  for (const a of [
    'root_certificate_id',
    'subject_name_format',
    'validity_period_value',
    'certificate_access',
    'include_group_names',
    'filters',
  ])
    expect(written).toContain(a);
});
