/**
 * Profiles as the Intune admin center creates them: the zero id, explicit nulls for everything it
 * leaves unset, built-in subject formats, Entra-attribute SANs. Shared by the conformance suite and
 * the export end-to-end test.
 */
import { ENTITY_TYPE_FACTS } from '../../lib/graph-facts';
import { PLATFORM_TABLE, type Platform } from '../../lib';

export const ZERO_ID = '00000000-0000-0000-0000-000000000000';
export const typeName = (odataType: string) => odataType.replace('#microsoft.graph.', '');

/** Every structural property of the type as null, as the admin center sends what it leaves unset. */
export function nulls(odataType: string): Record<string, null> {
  const props = ENTITY_TYPE_FACTS[typeName(odataType)]?.properties ?? {};
  return Object.fromEntries(
    Object.entries(props)
      .filter(([, p]) => p.nullable && p.kind !== 'navigation')
      .map(([k]) => [k, null]),
  );
}

/**
 * The Entra attribute the profile's Entra-attribute SAN names, where it has one a device can fill in:
 * none in Windows' device certificate (an Entra attribute is the user's), and on AOSP not one of those
 * "not available for use on Android (AOSP) SCEP certificate profiles" (Microsoft's SCEP article).
 */
export function adminCenterEntraAttribute(platform: Platform): string | undefined {
  return platform === 'windows' ? undefined : platform === 'aosp' ? 'userPrincipalName' : 'onPremisesSamAccountName';
}

/** What the admin center puts in the subject and SANs, per platform (built-in formats included). */
export function adminCenterScep(platform: Platform, rootId: string): Record<string, unknown> {
  const type = PLATFORM_TABLE[platform].scepODataType;
  const apple = platform === 'ios' || platform === 'macos';
  const deviceAdmin = platform === 'android_device_admin';
  const entra = adminCenterEntraAttribute(platform);
  const sans = deviceAdmin
    ? { subjectAlternativeNameType: 'emailAddress,customAzureADAttribute', subjectAlternativeNameFormatString: entra }
    : {
        subjectAlternativeNameType: 'none',
        customSubjectAlternativeNames: [
          platform === 'windows'
            ? {
                '@odata.type': 'microsoft.graph.customSubjectAlternativeName',
                sanType: 'domainNameService',
                name: '{{DeviceName}}.contoso.com',
              }
            : {
                '@odata.type': 'microsoft.graph.customSubjectAlternativeName',
                sanType: 'userPrincipalName',
                name: '{{UserPrincipalName}}',
              },
          ...(entra
            ? [{ '@odata.type': '#microsoft.graph.customSubjectAlternativeName', sanType: 'customAzureADAttribute', name: entra }]
            : []),
        ],
      };
  return {
    ...nulls(type),
    '@odata.type': type,
    id: ZERO_ID,
    displayName: `Admin center ${platform}`,
    description: '',
    roleScopeTagIds: ['0'],
    version: 7,
    supportsScopeTags: true,
    renewalThresholdPercentage: 20,
    certificateValidityPeriodValue: 1,
    certificateValidityPeriodScale: 'years',
    subjectNameFormat: platform === 'windows' ? 'commonNameAsAadDeviceId' : apple ? 'commonNameAsEmail' : 'commonNameIncludingEmail',
    ...sans,
    ...(deviceAdmin ? {} : { certificateStore: platform === 'windows' ? 'machine' : 'user' }),
    extendedKeyUsages: [
      { '@odata.type': 'microsoft.graph.extendedKeyUsage', name: 'Client Authentication', objectIdentifier: '1.3.6.1.5.5.7.3.2' },
    ],
    keyUsage: 'digitalSignature,keyEncipherment',
    keySize: 'size2048',
    scepServerUrls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
    ...(platform === 'windows' ? { hashAlgorithm: 'sha2', keyStorageProvider: 'useTpmKspOtherwiseUseSoftwareKsp' } : {}),
    ...(['android_work_profile', 'android_device_owner', 'aosp', 'android_device_admin'].includes(platform)
      ? { hashAlgorithm: 'sha2' }
      : {}),
    // Older Android Enterprise profiles carry no certificateAccessType at all.
    ...(platform === 'android_device_owner' ? { certificateAccessType: undefined, silentCertificateAccessDetails: [] } : {}),
    'rootCertificate@odata.bind': `https://graph.microsoft.com/beta/deviceManagement/deviceConfigurations('${rootId}')`,
  };
}

export function adminCenterRoot(
  platform: Platform,
  rootBase64Der: string,
  displayName = `Admin center root ${platform}`,
): Record<string, unknown> {
  const type = PLATFORM_TABLE[platform].rootODataType;
  return {
    ...nulls(type),
    '@odata.type': type,
    id: ZERO_ID,
    displayName,
    roleScopeTagIds: ['0'],
    trustedRootCertificate: rootBase64Der,
    certFileName: 'root.cer',
    ...(platform === 'windows' ? { destinationStore: 'computerCertStoreRoot' } : {}),
  };
}
