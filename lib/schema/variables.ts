/**
 * The variable catalog: every `{{Name}}` Intune substitutes in a subject name or SAN value.
 *
 * Names match case-insensitively; `name` is the canonical spelling.
 *
 * | kind           | meaning                                                                  |
 * |----------------|--------------------------------------------------------------------------|
 * | user           | needs a user: not allowed in device certificates                         |
 * | device         | allowed in user and device certificates                                  |
 * | strong-mapping | `OnPremisesSecurityIdentifier`, only in a SAN of type `uri`              |
 *
 * Imports nothing of ours.
 */

export type VariableKind = 'user' | 'device' | 'strong-mapping';
export type HardwareId = 'serial' | 'imei' | 'meid';

export interface VariableInfo {
  readonly name: string;
  readonly kind: VariableKind;
  /** Set for variables that carry a hardware identifier. */
  readonly hardwareId?: HardwareId;
  /** A person holding the device can change the value. */
  readonly spoofable: boolean;
}

function v(name: string, kind: VariableKind, extra: { hardwareId?: HardwareId; spoofable?: boolean } = {}): VariableInfo {
  return { name, kind, spoofable: extra.spoofable ?? false, ...(extra.hardwareId ? { hardwareId: extra.hardwareId } : {}) };
}

export const VARIABLES: readonly VariableInfo[] = [
  v('UserName', 'user'),
  v('UserPrincipalName', 'user'),
  v('EmailAddress', 'user'),
  v('OnPrem_Distinguished_Name', 'user'),
  v('OnPremisesSamAccountName', 'user'),
  v('Department', 'user'),
  v('AAD_Device_ID', 'device'),
  v('AzureADDeviceId', 'device'),
  v('DeviceId', 'device'),
  v('Device_Serial', 'device', { hardwareId: 'serial', spoofable: true }),
  v('Device_IMEI', 'device', { hardwareId: 'imei', spoofable: true }),
  v('SerialNumber', 'device', { hardwareId: 'serial', spoofable: true }),
  v('IMEINumber', 'device', { hardwareId: 'imei', spoofable: true }),
  v('IMEI', 'device', { hardwareId: 'imei', spoofable: true }),
  v('WiFiMacAddress', 'device'),
  v('DeviceName', 'device'),
  v('FullyQualifiedDomainName', 'device', { spoofable: true }),
  v('MEID', 'device', { hardwareId: 'meid' }),
  v('OnPremisesSecurityIdentifier', 'strong-mapping'),
];

const BY_LOWER = new Map(VARIABLES.map((info) => [info.name.toLowerCase(), info]));

/** The catalog entry for a variable name, matched case-insensitively. */
export function lookupVariable(name: string): VariableInfo | undefined {
  return BY_LOWER.get(name.toLowerCase());
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
} as const;

/** The Client Authentication extended key usage. */
export const CLIENT_AUTH_OID = '1.3.6.1.5.5.7.3.2';
