import { on, wifi, type CaseTable } from './types';

const sid = { type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' };
const upn = { type: 'upn', value: '{{UserPrincipalName}}' };

export const sanCases: CaseTable = {
  'san/invalid-type': {
    triggers: {
      'typo suggests the type': {
        config: wifi({ subject_alternative_names: [{ type: 'emial', value: '{{EmailAddress}}' }, sid] }),
        path: ['subject_alternative_names', 0, 'type'],
        detail: '"email"',
      },
    },
    nearMisses: {
      'every type': {
        config: wifi({
          subject_alternative_names: [{ type: 'email', value: '{{EmailAddress}}' }, upn, { type: 'dns', value: '{{DeviceName}}' }, sid],
        }),
      },
    },
  },
  'san/empty-value': {
    triggers: {
      'blank value': {
        config: wifi({ subject_alternative_names: [{ type: 'upn', value: ' ' }, sid] }),
        path: ['subject_alternative_names', 0, 'value'],
      },
    },
    nearMisses: { 'a value': { config: wifi({ subject_alternative_names: [upn, sid] }) } },
  },
  'san/device-admin-flags': {
    triggers: {
      'a DNS name': {
        config: on('android_device_admin', {
          certificate_type: 'user',
          subject_alternative_names: [{ type: 'dns', value: '{{DeviceName}}.contoso.com' }],
        }),
        path: ['subject_alternative_names', 0],
        detail: 'flags with implied values',
      },
      'an email SAN with another value': {
        config: on('android_device_admin', {
          certificate_type: 'user',
          subject_alternative_names: [{ type: 'email', value: '{{UserPrincipalName}}' }],
        }),
        path: ['subject_alternative_names', 0],
      },
      'two Entra attributes': {
        config: on('android_device_admin', {
          certificate_type: 'user',
          subject_alternative_names: [
            { type: 'custom_aad_attribute', value: 'department' },
            { type: 'custom_aad_attribute', value: 'employeeId' },
          ],
        }),
        path: ['subject_alternative_names', 1],
      },
    },
    nearMisses: {
      'email, UPN and one Entra attribute': {
        config: on('android_device_admin', {
          certificate_type: 'user',
          subject_alternative_names: [
            { type: 'email', value: '{{EmailAddress}}' },
            { type: 'upn', value: '{{UserPrincipalName}}' },
            { type: 'custom_aad_attribute', value: 'onPremisesSamAccountName' },
          ],
        }),
      },
      'a DNS name on Android Enterprise': {
        config: on('android_device_owner', { subject_alternative_names: [{ type: 'dns', value: '{{DeviceName}}.contoso.com' }] }),
      },
    },
  },
  'san/duplicate': {
    triggers: {
      'same type and value': {
        config: wifi({ subject_alternative_names: [upn, sid, { ...upn }] }),
        path: ['subject_alternative_names', 2],
      },
    },
    nearMisses: {
      'same value, other type': {
        config: wifi({ subject_alternative_names: [{ type: 'email', value: '{{UserPrincipalName}}' }, upn, sid] }),
      },
    },
  },
  'san/device-name-not-a-host-name': {
    triggers: {
      "the AOSP example's DNS SAN": {
        config: on('aosp', { subject_alternative_names: [{ type: 'dns', value: '{{DeviceName}}.contoso.com' }] }),
        path: ['subject_alternative_names', 0, 'value'],
        detail: 'AndroidAOSP_',
      },
      'on ios': {
        config: on('ios', { subject_alternative_names: [{ type: 'dns', value: '{{DeviceName}}' }] }),
        path: ['subject_alternative_names', 0, 'value'],
      },
    },
    nearMisses: {
      'on windows: a device name is a host name': {
        config: on('windows', { subject_alternative_names: [{ type: 'dns', value: '{{DeviceName}}.contoso.com' }, sid] }),
      },
      'the Entra device id in a DNS SAN on aosp': {
        config: on('aosp', { subject_alternative_names: [{ type: 'dns', value: '{{AAD_Device_ID}}.contoso.com' }] }),
      },
      'the device name in the subject': { config: on('ios', { subject_name_format: 'CN={{DeviceName}}' }) },
    },
  },
  'san/sid-requires-uri': {
    triggers: {
      'SID in a upn SAN': {
        config: wifi({ subject_alternative_names: [{ type: 'upn', value: '{{OnPremisesSecurityIdentifier}}' }] }),
        path: ['subject_alternative_names', 0, 'value'],
      },
      'SID in the subject': { config: wifi({ subject_name_format: 'CN={{OnPremisesSecurityIdentifier}}' }), path: ['subject_name_format'] },
      'SID through an Entra-attribute SAN': {
        config: wifi({ subject_alternative_names: [{ type: 'custom_aad_attribute', value: 'onPremisesSecurityIdentifier' }] }),
        path: ['subject_alternative_names', 0, 'value'],
      },
    },
    nearMisses: { 'SID in a uri SAN': { config: wifi({}) } },
  },
  'san/sid-unsupported-platform': {
    triggers: {
      'device certificate on macos': { config: on('macos', { subject_alternative_names: [sid] }), detail: 'hybrid joined Windows' },
      'device certificate on android_device_owner': { config: on('android_device_owner', { subject_alternative_names: [sid] }) },
    },
    nearMisses: {
      'user certificate on ios': {
        config: on('ios', { certificate_type: 'user', subject_name_format: 'CN={{UserPrincipalName}}', subject_alternative_names: [sid] }),
      },
      'device certificate on windows': { config: wifi({ certificate_type: 'device', subject_name_format: 'CN={{AAD_Device_ID}}' }) },
      'user certificate on android (a documented contradiction: a warning)': {
        config: on('android_work_profile', {
          certificate_type: 'user',
          subject_name_format: 'CN={{UserPrincipalName}}',
          subject_alternative_names: [sid],
        }),
      },
    },
  },
  'san/sid-android-user-certificate': {
    triggers: {
      'user certificate on a personal work profile': {
        config: on('android_work_profile', {
          certificate_type: 'user',
          subject_name_format: 'CN={{UserPrincipalName}}',
          subject_alternative_names: [sid],
        }),
        path: ['subject_alternative_names', 0, 'value'],
        detail: 'across all platforms',
      },
      'user certificate on aosp': {
        config: on('aosp', {
          certificate_type: 'user',
          subject_name_format: 'CN={{UserPrincipalName}}',
          subject_alternative_names: [sid],
          suppress_warnings: ['variable/user-variable-on-device-owner'],
        }),
      },
    },
    nearMisses: {
      'user certificate on ios': {
        config: on('ios', { certificate_type: 'user', subject_name_format: 'CN={{UserPrincipalName}}', subject_alternative_names: [sid] }),
      },
      'suppressed once verified': {
        config: on('android_work_profile', {
          certificate_type: 'user',
          subject_name_format: 'CN={{UserPrincipalName}}',
          subject_alternative_names: [sid],
          suppress_warnings: ['san/sid-android-user-certificate'],
        }),
      },
    },
  },
  'san/sid-extra-text': {
    triggers: {
      'prefix beside the SID': {
        config: wifi({ subject_alternative_names: [upn, { type: 'uri', value: 'sid:{{OnPremisesSecurityIdentifier}}' }] }),
        path: ['subject_alternative_names', 1, 'value'],
      },
    },
    nearMisses: { 'only the variable': { config: wifi({}) } },
  },
  'san/strong-mapping-missing': {
    triggers: {
      'windows user certificate without SID': {
        config: wifi({ subject_alternative_names: [upn] }),
        path: ['subject_alternative_names'],
        detail: 'KB5014754',
      },
      'windows device certificate without SID: says it is about hybrid joined devices': {
        config: on('windows'),
        detail: 'Microsoft Entra hybrid joined Windows devices',
      },
    },
    nearMisses: {
      'with the SID': { config: wifi({}) },
      'no client authentication': {
        config: wifi({
          subject_alternative_names: [upn],
          extended_key_usages: [{ name: 'Server Authentication', object_identifier: '1.3.6.1.5.5.7.3.1' }],
        }),
      },
      'device certificate on ios': { config: on('ios') },
      'user certificate on android (whether Intune writes the SID there is contradictory)': {
        config: on('android_work_profile', { certificate_type: 'user', subject_name_format: 'CN={{UserPrincipalName}}' }),
      },
    },
  },
  'san/username-on-device-owner': {
    triggers: {
      'UserName SAN on device owner': {
        config: on('android_device_owner', {
          certificate_type: 'user',
          subject_alternative_names: [{ type: 'upn', value: '{{UserName}}' }],
        }),
        path: ['subject_alternative_names', 0, 'value'],
      },
      'UserName in a DNS SAN': {
        config: on('android_device_owner', {
          certificate_type: 'user',
          subject_alternative_names: [{ type: 'dns', value: '{{UserName}}.contoso.com' }],
        }),
        path: ['subject_alternative_names', 0, 'value'],
      },
    },
    nearMisses: {
      'UserPrincipalName SAN on device owner': {
        config: on('android_device_owner', { certificate_type: 'user', subject_alternative_names: [upn] }),
      },
      'UserName in the subject of device owner': {
        config: on('android_device_owner', { certificate_type: 'user', subject_name_format: 'CN={{UserName}}' }),
      },
    },
  },
};
