/**
 * Graph mapping tables: how an attribute value of ours is written in Microsoft Graph (beta).
 * The allowed values of each enum attribute are the keys of its table here, so the schema's
 * `enum` lists and the Graph client's mapping cannot drift apart.
 *
 * Property names are not repeated here: graph/mapping/ writes and reads them typed with Microsoft's
 * published types (@microsoft/microsoft-graph-types-beta), so a wrong name does not compile.
 *
 * Imports nothing of ours.
 */

/** attribute value → Graph enum member. */
export const GRAPH_ENUMS = {
  certificate_type: { user: 'user', device: 'machine' },
  deployment_channel: { device: 'deviceChannel', user: 'userChannel' },
  san_type: {
    email: 'emailAddress',
    upn: 'userPrincipalName',
    dns: 'domainNameService',
    uri: 'universalResourceIdentifier',
    custom_aad_attribute: 'customAzureADAttribute',
  },
  /** Intune's built-in subject name formats (Graph subjectNameFormat other than `custom`). */
  builtin_subject_name: {
    common_name: 'commonName',
    common_name_including_email: 'commonNameIncludingEmail',
    common_name_as_email: 'commonNameAsEmail',
    common_name_as_imei: 'commonNameAsIMEI',
    common_name_as_serial_number: 'commonNameAsSerialNumber',
    common_name_as_aad_device_id: 'commonNameAsAadDeviceId',
    common_name_as_intune_device_id: 'commonNameAsIntuneDeviceId',
    common_name_as_durable_device_id: 'commonNameAsDurableDeviceId',
  },
  key_usage: { key_encipherment: 'keyEncipherment', digital_signature: 'digitalSignature' },
  key_size: { '1024': 'size1024', '2048': 'size2048', '4096': 'size4096' },
  hash_algorithm: { sha1: 'sha1', sha2: 'sha2' },
  validity_period_unit: { days: 'days', months: 'months', years: 'years' },
  key_storage_provider: {
    tpm_otherwise_software: 'useTpmKspOtherwiseUseSoftwareKsp',
    tpm_otherwise_fail: 'useTpmKspOtherwiseFail',
    windows_hello_otherwise_fail: 'usePassportForWorkKspOtherwiseFail',
    software: 'useSoftwareKsp',
  },
  certificate_access: { user_approval: 'userApproval', specific_apps: 'specificApps' },
  destination_store: {
    computer_root: 'computerCertStoreRoot',
    computer_intermediate: 'computerCertStoreIntermediate',
    user_intermediate: 'userCertStoreIntermediate',
  },
  applicability_rule_type: { include: 'include', exclude: 'exclude' },
  /** Cloud PKI (graph-facts/cloud-pki.ts): RSA key sizes, as our numbers, and hash algorithms. */
  ca_key_size: { '2048': 'rsa2048', '3072': 'rsa3072', '4096': 'rsa4096' },
  ca_hash_algorithm: { sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' },
} as const;

export type GraphEnumName = keyof typeof GRAPH_ENUMS;

/** Each Cloud PKI CA resource type and the Graph `cloudCertificationAuthorityType` it is. */
export const CA_GRAPH_TYPES = {
  intune_cloud_pki_root_ca: 'rootCertificationAuthority',
  intune_cloud_pki_issuing_ca: 'issuingCertificationAuthority',
} as const;

/** The attribute-side values of a Graph enum, in declaration order. */
export function enumValues(name: GraphEnumName): string[] {
  return Object.keys(GRAPH_ENUMS[name]);
}

/**
 * Flag enums: Graph answers members in this declared order, joined by commas without spaces;
 * senders may use any order, so compare them as sets.
 */
export const GRAPH_FLAG_ORDER = {
  keyUsage: ['keyEncipherment', 'digitalSignature'],
  hashAlgorithm: ['sha1', 'sha2'],
} as const;

/**
 * What each built-in subject name format puts in the subject, as a custom template would say it, so
 * the variable rules check built-in formats too (a user name in a device certificate, a serial
 * number on a personal work profile). The durable device id has no variable: no rules apply.
 */
export const BUILTIN_SUBJECT_TEMPLATES: Readonly<Record<string, string | undefined>> = {
  common_name: 'CN={{UserName}}',
  common_name_including_email: 'CN={{UserName}},E={{EmailAddress}}',
  common_name_as_email: 'CN={{EmailAddress}}',
  common_name_as_imei: 'CN={{IMEI}}',
  common_name_as_serial_number: 'CN={{SerialNumber}}',
  common_name_as_aad_device_id: 'CN={{AAD_Device_ID}}',
  common_name_as_intune_device_id: 'CN={{DeviceId}}',
  common_name_as_durable_device_id: undefined,
};

/**
 * Android device administrator (androidScepCertificateProfile) holds SANs as subjectAlternativeNameType
 * flags whose values are implied; only these, plus one customAzureADAttribute whose Entra attribute
 * is subjectAlternativeNameFormatString, can be expressed on it.
 */
export const DEVICE_ADMIN_SAN_FLAGS = {
  email: { flag: 'emailAddress', value: '{{EmailAddress}}' },
  upn: { flag: 'userPrincipalName', value: '{{UserPrincipalName}}' },
} as const;

/** The template a built-in format stands for; undefined for any other value (own keys only). */
export function builtinTemplate(format: unknown): string | undefined {
  return typeof format === 'string' && Object.hasOwn(BUILTIN_SUBJECT_TEMPLATES, format) ? BUILTIN_SUBJECT_TEMPLATES[format] : undefined;
}

/** Assignment target `@odata.type`s and the fixed ids of the two "all" targets. */
export const GRAPH_ASSIGNMENT_TARGETS = {
  includeGroup: '#microsoft.graph.groupAssignmentTarget',
  excludeGroup: '#microsoft.graph.exclusionGroupAssignmentTarget',
  allUsers: '#microsoft.graph.allLicensedUsersAssignmentTarget',
  allDevices: '#microsoft.graph.allDevicesAssignmentTarget',
} as const;

export const GRAPH_ALL_USERS_ASSIGNMENT_ID = 'acacacac-9df4-4c7d-9d50-4ef0226f57a9';
export const GRAPH_ALL_DEVICES_ASSIGNMENT_ID = 'adadadad-808e-44e2-905a-0b7873a8a531';

/** Graph caps on list properties. */
export const GRAPH_LIMITS = {
  extendedKeyUsages: 500,
  customSubjectAlternativeNames: 500,
  silentCertificateAccessDetails: 50,
} as const;
