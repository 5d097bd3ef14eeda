/**
 * The variable catalog: every `{{Name}}` Intune substitutes in a subject name or SAN value, and the
 * one table of where a device cannot fill one in (VARIABLE_LIMITS). Every rule about variables reads
 * that table, for every place a variable can appear: the subject (custom or built-in format) and
 * each SAN, an Entra-attribute SAN (`custom_aad_attribute`, whose value names the user attribute a
 * variable reads) included.
 *
 * Names match case-insensitively; `name` is the canonical spelling.
 *
 * | kind           | meaning                                                                  |
 * |----------------|--------------------------------------------------------------------------|
 * | user           | needs a user: not allowed in device certificates                         |
 * | device         | allowed in user and device certificates                                  |
 * | strong-mapping | `OnPremisesSecurityIdentifier`, only in a SAN of type `uri`              |
 *
 * Source: Microsoft's "Create and assign SCEP certificate profiles in Intune" (MicrosoftDocs memdocs,
 * intune/protect/certificates-profile-scep.md, read in its 2025-06-26 version): "A device must support
 * all variables specified in a certificate profile for that profile to install on that device".
 *
 * Imports nothing of ours but the platform table.
 */
import { PLATFORMS, PLATFORM_TABLE, type Platform } from './platforms';

export type VariableKind = 'user' | 'device' | 'strong-mapping';
export type HardwareId = 'serial' | 'imei' | 'meid';

export interface VariableInfo {
  readonly name: string;
  readonly kind: VariableKind;
  /** Set for variables that carry a hardware identifier. */
  readonly hardwareId?: HardwareId;
  /** Set when a person holding the device can change the value: on which platforms, and Microsoft's word for it. */
  readonly spoofable?: Spoofable;
  /** The Entra ID user attribute the variable reads, as an Entra-attribute SAN names it. */
  readonly entraAttribute?: string;
}

export interface Spoofable {
  readonly on: readonly Platform[];
  /** Why, quoted where Microsoft says it. */
  readonly why: string;
}

/** The article's list: "like IMEI, SerialNumber, and FullyQualifiedDomainName". */
const DEVICE_PROPERTY: Spoofable = {
  on: PLATFORMS,
  why: 'it comes from the device ("Device properties used in the subject or SAN of a device certificate, like IMEI, SerialNumber, and FullyQualifiedDomainName, are properties that could be spoofed by a person with access to the device")',
};

/**
 * A device's name, outside Windows (where renaming takes an administrator): Microsoft's "Rename a
 * device in Intune" says of Android "The Device name in Intune is a friendly name that users are free
 * to change", and its iOS/iPadOS and macOS restrictions "By default, the OS might allow users to
 * change the name of devices" (blocking it is a supervised-device restriction).
 */
const USER_RENAMABLE: Spoofable = {
  on: PLATFORMS.filter((p) => p !== 'windows'),
  why: 'users are free to change a device\'s name ("The Device name in Intune is a friendly name that users are free to change", Microsoft\'s "Rename a device in Intune" on Android; on iOS/iPadOS and macOS "By default, the OS might allow users to change the name of devices")',
};

function v(
  name: string,
  kind: VariableKind,
  extra: { hardwareId?: HardwareId; spoofable?: Spoofable; entraAttribute?: string } = {},
): VariableInfo {
  return {
    name,
    kind,
    ...(extra.spoofable ? { spoofable: extra.spoofable } : {}),
    ...(extra.hardwareId ? { hardwareId: extra.hardwareId } : {}),
    ...(extra.entraAttribute ? { entraAttribute: extra.entraAttribute } : {}),
  };
}

/** Whether a person holding a device of `platform` can change the variable's value. */
export function isSpoofable(info: VariableInfo, platform: Platform): boolean {
  return info.spoofable?.on.includes(platform) ?? false;
}

export const VARIABLES: readonly VariableInfo[] = [
  v('UserName', 'user'),
  v('UserPrincipalName', 'user', { entraAttribute: 'userPrincipalName' }),
  v('EmailAddress', 'user', { entraAttribute: 'mail' }),
  v('OnPrem_Distinguished_Name', 'user', { entraAttribute: 'onPremisesDistinguishedName' }),
  v('OnPremisesSamAccountName', 'user', { entraAttribute: 'onPremisesSamAccountName' }),
  v('Department', 'user', { entraAttribute: 'department' }),
  // The article's S/MIME requirements (2025): "G={{GivenName}}", "SN={{SurName}}".
  v('GivenName', 'user', { entraAttribute: 'givenName' }),
  v('SurName', 'user', { entraAttribute: 'surname' }),
  v('AAD_Device_ID', 'device'),
  v('AzureADDeviceId', 'device'),
  v('DeviceId', 'device'),
  v('Device_Serial', 'device', { hardwareId: 'serial', spoofable: DEVICE_PROPERTY }),
  v('Device_IMEI', 'device', { hardwareId: 'imei', spoofable: DEVICE_PROPERTY }),
  v('SerialNumber', 'device', { hardwareId: 'serial', spoofable: DEVICE_PROPERTY }),
  v('IMEINumber', 'device', { hardwareId: 'imei', spoofable: DEVICE_PROPERTY }),
  v('IMEI', 'device', { hardwareId: 'imei', spoofable: DEVICE_PROPERTY }),
  v('WiFiMacAddress', 'device'),
  v('DeviceName', 'device', { spoofable: USER_RENAMABLE }),
  v('FullyQualifiedDomainName', 'device', { spoofable: DEVICE_PROPERTY }),
  v('MEID', 'device', { hardwareId: 'meid' }),
  v('OnPremisesSecurityIdentifier', 'strong-mapping', { entraAttribute: 'onPremisesSecurityIdentifier' }),
];

const BY_LOWER = new Map(VARIABLES.map((info) => [info.name.toLowerCase(), info]));
const BY_ENTRA = new Map(VARIABLES.flatMap((info) => (info.entraAttribute ? [[info.entraAttribute.toLowerCase(), info] as const] : [])));

/** The catalog entry for a variable name, matched case-insensitively. */
export function lookupVariable(name: string): VariableInfo | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

/**
 * What an Entra-attribute SAN (`custom_aad_attribute`) reads: the variable of the catalog that reads
 * the same attribute (`department` is `{{Department}}`), else an attribute of the user by that name.
 * Either way a user's attribute: the admin center's documented option is the user's Department, and
 * the platform that carries it as a flag (Android device administrator) issues user certificates only.
 */
export function entraAttributeVariable(attribute: string): VariableInfo {
  return BY_ENTRA.get(attribute.toLowerCase()) ?? { name: attribute, kind: 'user', entraAttribute: attribute };
}

/**
 * The catalog variable an Entra-attribute SAN's value names instead of an attribute, in any case
 * (`fullyqualifieddomainname`, `userName`, `IMEI`): no Entra ID attribute of a user has such a name,
 * so the value is a mistake, never an attribute to read. Undefined for an attribute: one a variable
 * reads (`department`, `userPrincipalName`) or any other name (`employeeId`).
 */
export function variableNamedBy(attribute: string): VariableInfo | undefined {
  return BY_ENTRA.has(attribute.toLowerCase()) ? undefined : lookupVariable(attribute);
}

/** Canonical names used by rules that single out one variable. */
export const VAR = {
  sid: 'OnPremisesSecurityIdentifier',
  onPremDn: 'OnPrem_Distinguished_Name',
  deviceId: 'DeviceId',
  fqdn: 'FullyQualifiedDomainName',
  userName: 'UserName',
  samAccountName: 'OnPremisesSamAccountName',
  department: 'Department',
  deviceName: 'DeviceName',
} as const;

/** The Client Authentication extended key usage. */
export const CLIENT_AUTH_OID = '1.3.6.1.5.5.7.3.2';

/** Where a variable appears: the subject (custom or built-in format), or a SAN of a type (`custom_aad_attribute` included). */
export type VariablePlace = 'subject' | 'email' | 'upn' | 'dns' | 'uri' | 'custom_aad_attribute';
export const VARIABLE_PLACES: readonly VariablePlace[] = ['subject', 'email', 'upn', 'dns', 'uri', 'custom_aad_attribute'];
const SAN_PLACES: readonly VariablePlace[] = VARIABLE_PLACES.filter((p) => p !== 'subject');

/** One use of a variable: on which platform, in which certificate type, in which place. */
export interface VariableUse {
  readonly platform: Platform;
  /** Undefined when the profile's type is not known (an expression): rows that need it do not apply. */
  readonly certificateType: 'user' | 'device' | undefined;
  readonly place: VariablePlace;
}

/**
 * One row of the table: variables a device cannot fill in (or that make the profile fail) in some
 * uses. `rule` is the rule id that reports the row (its severity is the rule's: error when no device
 * of the kind can, warning when some cannot); `why` is the article's reason, quoted where it has one.
 */
export interface VariableLimit {
  readonly rule: string;
  /** The variables of the row: by kind, by name or by hardware identifier (any that matches). */
  readonly variables: { readonly kind?: VariableKind; readonly names?: readonly string[]; readonly hardwareIds?: readonly HardwareId[] };
  /** Undefined: every platform. */
  readonly platforms?: readonly Platform[];
  readonly certificateType?: 'user' | 'device';
  /** Undefined: every place. */
  readonly places?: readonly VariablePlace[];
  readonly why: string;
  /**
   * What to do instead. It never names a variable that another row, or the spoofable rule, then
   * reports for the same use (test/rules/advice.test.ts walks them).
   */
  readonly fix: string;
  /**
   * What to do instead when the use is an Entra-attribute SAN (`custom_aad_attribute`, whose value
   * names an attribute, never a template): set on every row that can hold there.
   */
  readonly attributeFix?: string;
  /** One finding per profile naming every use (the row is about the profile's devices, not one value), instead of one per use. */
  readonly perProfile?: boolean;
}

const except = (...ps: Platform[]): Platform[] => PLATFORMS.filter((p) => !ps.includes(p));
const USERLESS = PLATFORMS.filter((p) => PLATFORM_TABLE[p].mayBeUserless);
const ANDROID = PLATFORMS.filter((p) => PLATFORM_TABLE[p].android);
const CELLULAR_ONLY: readonly HardwareId[] = ['imei', 'meid'];

/**
 * The table. Each row is a statement of the article (or of Microsoft's pages it names):
 *
 * | rule                                         | variables                        | where                              |
 * |----------------------------------------------|----------------------------------|------------------------------------|
 * | variable/user-variable-in-device-certificate | user                             | device certificates, everywhere    |
 * | variable/user-variable-on-device-owner       | user                             | user certificates, userless-capable|
 * | variable/unavailable-on-aosp                 | samAccountName, onPrem DN, dept. | aosp user certificates             |
 * | variable/fqdn-windows-only                   | FullyQualifiedDomainName         | all but windows                    |
 * | variable/not-on-every-device                 | FullyQualifiedDomainName         | windows (domain-joined only)       |
 * | variable/not-on-platform                     | IMEI, MEID                       | macos (no cellular modem)          |
 * | variable/not-on-every-device                 | IMEI, MEID                       | platforms with Wi-Fi-only devices  |
 * | variable/hardware-id-on-personal-work-profile| serial, IMEI, MEID               | android_work_profile (Android 12)  |
 * | san/username-on-device-owner                 | UserName                         | SANs of android_device_owner user certificates |
 * | san/device-name-not-a-host-name              | DeviceName                       | DNS SANs outside windows           |
 * | san/sid-requires-uri                         | OnPremisesSecurityIdentifier     | the subject and SANs but uri       |
 * | san/sid-unsupported-platform                 | OnPremisesSecurityIdentifier     | device certificates but windows    |
 * | san/sid-android-user-certificate             | OnPremisesSecurityIdentifier     | user certificates on Android       |
 *
 * A user variable in a device certificate is refused by the first row whatever else holds: rows about
 * user variables that would say "use another user variable" hold in user certificates only, so one
 * use never gets two fixes that cancel out.
 */
const IMEI_WHY = (devices: string) =>
  `IMEI and MEID identify a cellular modem, which ${devices} do not have, and they fail to install the profile ("if {{IMEI}} is used in the subject name of a SCEP profile and is assigned to a device that doesn't have an IMEI number, the profile fails to install")`;
const IMEI_FIX = 'Assign this profile only to devices with a cellular modem, or use {{AAD_Device_ID}}.';

export const VARIABLE_LIMITS: readonly VariableLimit[] = [
  {
    rule: 'variable/user-variable-in-device-certificate',
    variables: { kind: 'user' },
    certificateType: 'device',
    why: 'a certificate with certificate_type = "device" has no user ("Device certificates can only contain device attributes in the subject and SAN of the certificate")',
    fix: 'Use a device variable (e.g. {{AAD_Device_ID}}), or make it a user certificate (certificate_type = "user").',
    attributeFix: 'An Entra-attribute SAN reads an attribute of the user. Remove this SAN, or make it a user certificate.',
  },
  {
    rule: 'variable/user-variable-on-device-owner',
    variables: { kind: 'user' },
    platforms: USERLESS,
    certificateType: 'user',
    perProfile: true,
    why: 'devices without a user (Android Enterprise dedicated, userless AOSP) cannot fill them in, and the profile fails on them ("User attributes aren\'t supported for devices that don\'t have user associations, such as devices that are enrolled as Android Enterprise dedicated")',
    fix: 'A profile assigned to users (all users or user groups) never reaches a device without a user. If this profile reaches only devices with a user (fully managed and corporate-owned work profile devices, user-affinity AOSP devices), add "variable/user-variable-on-device-owner" to suppress_warnings; otherwise make it a device certificate with device variables.',
    attributeFix:
      'A profile assigned to users (all users or user groups) never reaches a device without a user. If this profile reaches only devices with a user (fully managed and corporate-owned work profile devices, user-affinity AOSP devices), add "variable/user-variable-on-device-owner" to suppress_warnings; otherwise make it a device certificate, with device variables and no Entra-attribute SAN.',
  },
  {
    rule: 'variable/unavailable-on-aosp',
    variables: { names: [VAR.samAccountName, VAR.onPremDn, VAR.department] },
    platforms: ['aosp'],
    certificateType: 'user',
    why: 'it is not available on AOSP devices ("The following variables aren\'t available for use on Android (AOSP) SCEP certificate profiles: onPremisesSamAccountName, OnPrem_Distinguished_Name, Department")',
    fix: 'Use {{UserPrincipalName}}, {{UserName}} or {{EmailAddress}}.',
    attributeFix: 'Name an attribute AOSP has, e.g. "userPrincipalName" or "mail", or remove this SAN.',
  },
  {
    rule: 'variable/fqdn-windows-only',
    variables: { names: [VAR.fqdn] },
    platforms: except('windows'),
    why: 'it is only filled in on domain-joined Windows devices ("Only applicable for Windows and domain-joined devices")',
    fix: "Use {{AAD_Device_ID}} instead (the article's DNS example: {{AzureADDeviceId}}.domain.com).",
  },
  {
    rule: 'variable/not-on-every-device',
    variables: { names: [VAR.fqdn] },
    platforms: ['windows'],
    why: 'only domain-joined (Active Directory or Microsoft Entra hybrid joined) Windows devices have one ("Only applicable for Windows and domain-joined devices"); on Microsoft Entra joined devices the profile fails to install ("A device must support all variables specified in a certificate profile for that profile to install on that device")',
    fix: 'Assign this profile to domain-joined devices only, or use {{AAD_Device_ID}}.',
  },
  {
    rule: 'variable/not-on-platform',
    variables: { hardwareIds: CELLULAR_ONLY },
    platforms: ['macos'],
    why: 'IMEI and MEID identify a cellular modem, which no Mac has, so every device fails to install the profile ("if {{IMEI}} is used in the subject name of a SCEP profile and is assigned to a device that doesn\'t have an IMEI number, the profile fails to install")',
    fix: 'Use {{AAD_Device_ID}}: it names the device in Entra ID, and nobody holding the device can change it.',
  },
  {
    rule: 'variable/not-on-every-device',
    variables: { hardwareIds: CELLULAR_ONLY },
    platforms: ['windows'],
    why: IMEI_WHY('most PCs'),
    fix: IMEI_FIX,
  },
  {
    rule: 'variable/not-on-every-device',
    variables: { hardwareIds: CELLULAR_ONLY },
    platforms: ['ios'],
    why: IMEI_WHY('Wi-Fi-only iPads'),
    fix: IMEI_FIX,
  },
  {
    rule: 'variable/not-on-every-device',
    variables: { hardwareIds: CELLULAR_ONLY },
    platforms: ['android_device_owner', 'android_device_admin'],
    why: IMEI_WHY('Wi-Fi-only tablets and dedicated devices'),
    fix: IMEI_FIX,
  },
  {
    rule: 'variable/not-on-every-device',
    variables: { hardwareIds: CELLULAR_ONLY },
    platforms: ['aosp'],
    why: IMEI_WHY('most AOSP devices (headsets, meeting-room and other Wi-Fi-only devices)'),
    fix: IMEI_FIX,
  },
  {
    rule: 'variable/hardware-id-on-personal-work-profile',
    variables: { hardwareIds: ['serial', 'imei', 'meid'] },
    platforms: ['android_work_profile'],
    why: 'Android 12 no longer gives hardware identifiers to personally-owned work profiles: devices that enrolled on Android 12 or later fail to get a certificate, while devices that enrolled before their upgrade keep receiving one ("Devices that enrolled prior to upgrade to Android 12 can still receive certificates so long as Intune previously obtained the devices hardware identifiers")',
    fix: 'Use {{AAD_Device_ID}} or {{DeviceId}}.',
  },
  {
    rule: 'san/username-on-device-owner',
    variables: { names: [VAR.userName] },
    platforms: ['android_device_owner'],
    certificateType: 'user',
    places: SAN_PLACES,
    why: 'it is not supported in SANs on Android Enterprise fully managed, dedicated and corporate-owned devices ("The following Android Enterprise profiles don\'t support use of the {{UserName}} variable for the SAN: Fully Managed, Dedicated, and Corporate-Owned Work Profile")',
    fix: 'Use {{UserPrincipalName}} (type "upn") or {{EmailAddress}} (type "email").',
  },
  {
    rule: 'san/device-name-not-a-host-name',
    variables: { names: [VAR.deviceName] },
    platforms: except('windows'),
    places: ['dns'],
    why: 'outside Windows a device name is a display name, not a host name: users name iPhones and Macs as they like ("Jane\'s iPhone"), and Intune names Android devices like "jane_AndroidAOSP_5/2/2025_5:09 PM", with spaces, slashes and colons no DNS name holds',
    fix: "Use {{AAD_Device_ID}} (the article's DNS example: {{AzureADDeviceId}}.domain.com).",
  },
  {
    rule: 'san/sid-requires-uri',
    variables: { names: [VAR.sid] },
    places: VARIABLE_PLACES.filter((p) => p !== 'uri'),
    why: 'the SID is only written for strong mapping in a SAN of type "uri" ("This variable must be part of the URI attribute")',
    fix: 'Use subject_alternative_names = [{ type = "uri", value = "{{OnPremisesSecurityIdentifier}}" }].',
    attributeFix: 'Replace this SAN with { type = "uri", value = "{{OnPremisesSecurityIdentifier}}" }.',
  },
  {
    rule: 'san/sid-unsupported-platform',
    variables: { names: [VAR.sid] },
    platforms: except('windows'),
    certificateType: 'device',
    why: 'a device has an on-premises SID only when it is a Microsoft Entra hybrid joined Windows device ("For device certificates, it only applies to Microsoft Entra hybrid-joined Windows devices")',
    fix: "Remove the SID SAN, or use a user certificate (the user's SID).",
    attributeFix: "Remove this SAN, or use a user certificate (the user's SID).",
  },
  {
    rule: 'san/sid-android-user-certificate',
    variables: { names: [VAR.sid] },
    platforms: ANDROID,
    certificateType: 'user',
    why: 'Microsoft\'s SCEP article contradicts itself here: its strong-mapping section (2025-06-26) "is applicable to user certificates across all platforms" and lists Android, while its SAN section says the variable "is supported in user certificates for macOS, iOS, and Windows"',
    fix: 'Check that a certificate issued to a test device carries the tag:microsoft.com,2022-09-14:sid URI, then add this rule id to suppress_warnings.',
    attributeFix:
      'Check that a certificate issued to a test device carries the tag:microsoft.com,2022-09-14:sid URI, then add this rule id to suppress_warnings.',
  },
];

/** Whether a row of the table names this variable. */
function names(row: VariableLimit, info: VariableInfo): boolean {
  const s = row.variables;
  // By name only the catalog's own entries: an Entra attribute no variable reads is never a variable by its spelling.
  const byName = (s.names?.includes(info.name) ?? false) && lookupVariable(info.name) === info;
  return (
    (s.kind !== undefined && info.kind === s.kind) ||
    byName ||
    (info.hardwareId !== undefined && (s.hardwareIds?.includes(info.hardwareId) ?? false))
  );
}

/** The rows of the table that hold for this use of the variable: none when every device can fill it in. */
export function variableLimits(info: VariableInfo, use: VariableUse): VariableLimit[] {
  return VARIABLE_LIMITS.filter(
    (row) =>
      names(row, info) &&
      (row.platforms === undefined || row.platforms.includes(use.platform)) &&
      (row.certificateType === undefined || row.certificateType === use.certificateType) &&
      (row.places === undefined || row.places.includes(use.place)),
  );
}
