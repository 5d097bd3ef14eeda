import { on, wifi, type CaseTable } from './types';

const clientAuth = [{ name: 'Client Authentication', object_identifier: '1.3.6.1.5.5.7.3.2' }];
const serverAuth = [{ name: 'Server Authentication', object_identifier: '1.3.6.1.5.5.7.3.1' }];

export const variableCases: CaseTable = {
  'variable/malformed': {
    triggers: {
      'single braces': { config: wifi({ subject_name_format: 'CN={UserName}' }), detail: 'single "{"' },
      'empty variable': { config: wifi({ subject_name_format: 'CN={{}}' }), detail: 'empty variable' },
      'unclosed in SAN': {
        config: wifi({ subject_alternative_names: [{ type: 'upn', value: '{{UserPrincipalName' }, { type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }] }),
        path: ['subject_alternative_names', 0, 'value'],
      },
    },
    nearMisses: { 'well formed': { config: wifi({ subject_name_format: 'CN={{UserName}}' }) } },
  },
  'variable/unknown': {
    triggers: { 'typo suggests the name': { config: wifi({ subject_name_format: 'CN={{UserPrincipleName}}' }), detail: 'Did you mean {{UserPrincipalName}}' } },
    nearMisses: { 'any case matches': { config: wifi({ subject_name_format: 'CN={{USERPRINCIPALNAME}}' }) } },
  },
  'variable/user-variable-in-device-certificate': {
    triggers: {
      'user variable in device subject': {
        config: wifi({ certificate_type: 'device', subject_name_format: 'CN={{UserName}}', subject_alternative_names: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }] }),
        detail: '{{UserName}}',
      },
    },
    nearMisses: { 'user variable in user certificate': { config: wifi({ subject_name_format: 'CN={{UserName}}' }) } },
  },
  'variable/forbidden-character-after-variable': {
    triggers: {
      'pipe after variable': { config: wifi({ subject_name_format: 'CN={{UserName}}|x' }), detail: '"|"' },
      'semicolon in SAN after variable': {
        config: wifi({ subject_alternative_names: [{ type: 'upn', value: '{{UserPrincipalName}};x' }, { type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }] }),
        path: ['subject_alternative_names', 0, 'value'],
      },
    },
    nearMisses: {
      'pipe before the variable': { config: wifi({ subject_name_format: 'CN=x|{{UserName}}' }) },
      'dash after the variable': { config: wifi({ subject_name_format: 'CN={{UserName}}-x' }) },
    },
  },
  'variable/fqdn-windows-only': {
    triggers: { 'on macos': { config: on('macos', { subject_name_format: 'CN={{FullyQualifiedDomainName}}' }) } },
    nearMisses: { 'on windows': { config: on('windows', { subject_name_format: 'CN={{FullyQualifiedDomainName}}', subject_alternative_names: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }] }) } },
  },
  'variable/unavailable-on-aosp': {
    triggers: { 'department on aosp': { config: on('aosp', { certificate_type: 'user', subject_name_format: 'CN={{Department}}' }) } },
    nearMisses: { 'department on android_device_owner': { config: on('android_device_owner', { certificate_type: 'user', subject_name_format: 'CN={{Department}}' }) } },
  },
  'variable/hardware-id-on-personal-work-profile': {
    triggers: {
      'serial number': { config: on('android_work_profile', { subject_name_format: 'CN={{SerialNumber}}' }) },
      IMEI: { config: on('android_work_profile', { subject_name_format: 'CN={{IMEI}}' }) },
      MEID: { config: on('android_work_profile', { subject_name_format: 'CN={{MEID}}' }) },
    },
    nearMisses: { 'serial on device owner': { config: on('android_device_owner', { subject_name_format: 'CN={{SerialNumber}}' }) } },
  },
  'variable/user-variable-on-device-owner': {
    triggers: { 'user variable on device owner': { config: on('android_device_owner', { certificate_type: 'user', subject_name_format: 'CN={{UserPrincipalName}}' }) } },
    nearMisses: { 'user variable on work profile': { config: on('android_work_profile', { certificate_type: 'user', subject_name_format: 'CN={{UserPrincipalName}}' }) } },
  },
  'variable/spoofable-device-property': {
    triggers: { 'serial with client auth (default EKU)': { config: on('ios', { subject_name_format: 'CN={{SerialNumber}}' }), detail: '{{SerialNumber}}' } },
    nearMisses: {
      'serial without client auth': { config: on('ios', { subject_name_format: 'CN={{SerialNumber}}', extended_key_usages: serverAuth }) },
      'AAD device id with client auth': { config: on('ios', { subject_name_format: 'CN={{AAD_Device_ID}}', extended_key_usages: clientAuth }) },
    },
  },
};
