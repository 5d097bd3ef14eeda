/**
 * The mock's own model of Microsoft Graph (beta) for Intune certificate profiles: entity types,
 * their properties, enums and complex types, as graph-api.md describes the service.
 *
 * This is deliberately independent of lib/schema and lib/graph: the mock stands in for Microsoft's
 * service, so a mapping bug in the client must not pass against a mock that shares its tables.
 */

export type PropType =
  | { kind: 'string' }
  | { kind: 'int' }
  | { kind: 'bool' }
  | { kind: 'binary' } // base64
  | { kind: 'datetime' }
  | { kind: 'enum'; enum: string }
  | { kind: 'flags'; enum: string }
  | { kind: 'stringCollection' }
  | { kind: 'complex'; complex: string }
  | { kind: 'complexCollection'; complex: string };

export interface PropDef {
  readonly type: PropType;
  /** Server-assigned; a client may not send it. */
  readonly readOnly?: boolean;
  readonly nullable?: boolean;
  /** Must be present on create. */
  readonly requiredOnCreate?: boolean;
  /** Cannot change after creation (PATCH answers 400). */
  readonly immutable?: boolean;
}

export const ENUMS: Readonly<Record<string, readonly string[]>> = {
  certificateValidityPeriodScale: ['days', 'months', 'years'],
  subjectNameFormat: [
    'commonName',
    'commonNameIncludingEmail',
    'commonNameAsEmail',
    'custom',
    'commonNameAsIMEI',
    'commonNameAsSerialNumber',
    'commonNameAsAadDeviceId',
    'commonNameAsIntuneDeviceId',
    'commonNameAsDurableDeviceId',
  ],
  subjectAlternativeNameType: [
    'none',
    'emailAddress',
    'userPrincipalName',
    'customAzureADAttribute',
    'domainNameService',
    'universalResourceIdentifier',
  ],
  keyUsages: ['keyEncipherment', 'digitalSignature'],
  keySize: ['size1024', 'size2048', 'size4096'],
  hashAlgorithms: ['sha1', 'sha2'],
  certificateStore: ['user', 'machine'],
  keyStorageProviderOption: [
    'useTpmKspOtherwiseUseSoftwareKsp',
    'useTpmKspOtherwiseFail',
    'usePassportForWorkKspOtherwiseFail',
    'useSoftwareKsp',
  ],
  appleDeploymentChannel: ['deviceChannel', 'userChannel', 'unknownFutureValue'],
  androidDeviceOwnerCertificateAccessType: ['userApproval', 'specificApps', 'unknownFutureValue'],
  certificateDestinationStore: ['computerCertStoreRoot', 'computerCertStoreIntermediate', 'userCertStoreIntermediate'],
  deviceManagementApplicabilityRuleType: ['include', 'exclude'],
  windows10EditionType: [
    'windows10Enterprise',
    'windows10EnterpriseN',
    'windows10Education',
    'windows10EducationN',
    'windows10MobileEnterprise',
    'windows10HolographicEnterprise',
    'windows10Professional',
    'windows10ProfessionalN',
    'windows10ProfessionalEducation',
    'windows10ProfessionalEducationN',
    'windows10ProfessionalWorkstation',
    'windows10ProfessionalWorkstationN',
    'notConfigured',
    'windows10Home',
    'windows10HomeChina',
    'windows10HomeN',
    'windows10HomeSingleLanguage',
    'windows10Mobile',
    'windows10IoTCore',
    'windows10IoTCoreCommercial',
  ],
  deviceAndAppManagementAssignmentFilterType: ['none', 'include', 'exclude'],
};

/** Enums whose values are sets of members joined by commas (flags). */
export const FLAG_ENUMS = new Set(['subjectAlternativeNameType', 'keyUsages', 'hashAlgorithms']);

const s = (extra: Partial<PropDef> = {}): PropDef => ({ type: { kind: 'string' }, nullable: true, ...extra });
const i = (extra: Partial<PropDef> = {}): PropDef => ({ type: { kind: 'int' }, ...extra });
const e = (name: string, extra: Partial<PropDef> = {}): PropDef => ({ type: { kind: 'enum', enum: name }, ...extra });
const f = (name: string): PropDef => ({ type: { kind: 'flags', enum: name } });

export const COMPLEX_TYPES: Readonly<Record<string, Readonly<Record<string, PropDef>>>> = {
  customSubjectAlternativeName: { sanType: e('subjectAlternativeNameType'), name: s() },
  extendedKey: { name: s(), objectIdentifier: s() },
  androidDeviceOwnerSilentCertificateAccess: { packageId: s() },
  deviceManagementApplicabilityRuleOsEdition: {
    osEditionTypes: { type: { kind: 'stringCollection' }, nullable: true },
    name: s(),
    ruleType: e('deviceManagementApplicabilityRuleType'),
  },
  deviceManagementApplicabilityRuleOsVersion: { minOSVersion: s(), maxOSVersion: s(), name: s(), ruleType: e('deviceManagementApplicabilityRuleType') },
};

/** Properties every device configuration has (the abstract base type). */
const BASE: Readonly<Record<string, PropDef>> = {
  id: s({ readOnly: true }),
  displayName: s({ requiredOnCreate: true, nullable: false }),
  description: s(),
  createdDateTime: { type: { kind: 'datetime' }, readOnly: true },
  lastModifiedDateTime: { type: { kind: 'datetime' }, readOnly: true },
  version: i({ readOnly: true }),
  roleScopeTagIds: { type: { kind: 'stringCollection' } },
  supportsScopeTags: { type: { kind: 'bool' }, readOnly: true },
  deviceManagementApplicabilityRuleOsEdition: { type: { kind: 'complex', complex: 'deviceManagementApplicabilityRuleOsEdition' }, nullable: true },
  deviceManagementApplicabilityRuleOsVersion: { type: { kind: 'complex', complex: 'deviceManagementApplicabilityRuleOsVersion' }, nullable: true },
};

const SCEP_COMMON: Readonly<Record<string, PropDef>> = {
  renewalThresholdPercentage: i(),
  certificateValidityPeriodValue: i(),
  certificateValidityPeriodScale: e('certificateValidityPeriodScale'),
  subjectNameFormat: e('subjectNameFormat'),
  subjectNameFormatString: s(),
  subjectAlternativeNameType: f('subjectAlternativeNameType'),
  subjectAlternativeNameFormatString: s(),
  customSubjectAlternativeNames: { type: { kind: 'complexCollection', complex: 'customSubjectAlternativeName' } },
  extendedKeyUsages: { type: { kind: 'complexCollection', complex: 'extendedKey' } },
  keyUsage: f('keyUsages'),
  keySize: e('keySize'),
  scepServerUrls: { type: { kind: 'stringCollection' } },
  certificateStore: e('certificateStore'),
};

export type Family = 'windows' | 'ios' | 'macos' | 'androidWorkProfile' | 'androidDeviceOwner' | 'aosp' | 'android';

export interface EntityType {
  readonly name: string;
  readonly kind: 'scep' | 'trustedRoot';
  /** SCEP profiles link only to a trusted root of the same family. */
  readonly family: Family;
  readonly properties: Readonly<Record<string, PropDef>>;
}

const HASH = { hashAlgorithm: f('hashAlgorithms') };
const CHANNEL = { deploymentChannel: e('appleDeploymentChannel', { immutable: true }) };

function scep(name: string, family: Family, extra: Record<string, PropDef>): EntityType {
  return { name, kind: 'scep', family, properties: { ...BASE, ...SCEP_COMMON, ...extra } };
}
function root(name: string, family: Family, extra: Record<string, PropDef> = {}): EntityType {
  return {
    name,
    kind: 'trustedRoot',
    family,
    properties: { ...BASE, trustedRootCertificate: { type: { kind: 'binary' } }, certFileName: s(), ...extra },
  };
}

const TYPES: readonly EntityType[] = [
  scep('windows81SCEPCertificateProfile', 'windows', { ...HASH, keyStorageProvider: e('keyStorageProviderOption') }),
  scep('iosScepCertificateProfile', 'ios', {}),
  scep('macOSScepCertificateProfile', 'macos', { ...HASH, ...CHANNEL, allowAllAppsAccess: { type: { kind: 'bool' } } }),
  scep('androidWorkProfileScepCertificateProfile', 'androidWorkProfile', HASH),
  scep('androidDeviceOwnerScepCertificateProfile', 'androidDeviceOwner', {
    ...HASH,
    certificateAccessType: e('androidDeviceOwnerCertificateAccessType'),
    silentCertificateAccessDetails: { type: { kind: 'complexCollection', complex: 'androidDeviceOwnerSilentCertificateAccess' } },
  }),
  scep('aospDeviceOwnerScepCertificateProfile', 'aosp', HASH),
  scep('androidScepCertificateProfile', 'android', HASH),
  root('windows81TrustedRootCertificate', 'windows', { destinationStore: e('certificateDestinationStore') }),
  root('iosTrustedRootCertificate', 'ios'),
  root('macOSTrustedRootCertificate', 'macos', CHANNEL),
  root('androidWorkProfileTrustedRootCertificate', 'androidWorkProfile'),
  root('androidDeviceOwnerTrustedRootCertificate', 'androidDeviceOwner'),
  root('aospDeviceOwnerTrustedRootCertificate', 'aosp'),
  root('androidTrustedRootCertificate', 'android'),
];

export const ODATA_PREFIX = '#microsoft.graph.';

/** Concrete types by full `@odata.type` (with `#`). */
export const ENTITY_TYPES: ReadonlyMap<string, EntityType> = new Map(TYPES.map((t) => [`${ODATA_PREFIX}${t.name}`, t]));

/** Abstract types of the hierarchy: a POST naming one is refused. */
export const ABSTRACT_TYPES = new Set(
  [
    'deviceConfiguration',
    'windowsCertificateProfileBase',
    'iosCertificateProfile',
    'iosCertificateProfileBase',
    'macOSCertificateProfileBase',
    'androidCertificateProfileBase',
    'androidWorkProfileCertificateProfileBase',
    'androidDeviceOwnerCertificateProfileBase',
    'aospDeviceOwnerCertificateProfileBase',
    'windows10CertificateProfileBase',
  ].map((n) => `${ODATA_PREFIX}${n}`),
);

/** Properties a `$select` may name: the union over all types. */
export const ALL_PROPERTIES: ReadonlySet<string> = new Set(TYPES.flatMap((t) => Object.keys(t.properties)));

/** Assignment target types. */
export const TARGET_TYPES = {
  group: '#microsoft.graph.groupAssignmentTarget',
  exclusion: '#microsoft.graph.exclusionGroupAssignmentTarget',
  allUsers: '#microsoft.graph.allLicensedUsersAssignmentTarget',
  allDevices: '#microsoft.graph.allDevicesAssignmentTarget',
} as const;

/** Fixed ids Graph uses (after `{profileId}_`) for the two "all" targets. */
export const ALL_USERS_ID = 'acacacac-9df4-4c7d-9d50-4ef0226f57a9';
export const ALL_DEVICES_ID = 'adadadad-808e-44e2-905a-0b7873a8a531';

/** Graph caps on collections. */
export const COLLECTION_CAPS: Readonly<Record<string, number>> = {
  customSubjectAlternativeNames: 500,
  extendedKeyUsages: 500,
  silentCertificateAccessDetails: 50,
};
