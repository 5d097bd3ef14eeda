import { on, wifi, type CaseTable } from './types';

const clientAuth = [{ name: 'Client Authentication', object_identifier: '1.3.6.1.5.5.7.3.2' }];
const serverAuth = [{ name: 'Server Authentication', object_identifier: '1.3.6.1.5.5.7.3.1' }];
const sid = { type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' };
/** An Entra-attribute SAN: its value names the user attribute it reads. */
const entra = (attribute: string) => ({ type: 'custom_aad_attribute', value: attribute });
const deviceCert = { certificate_type: 'device', subject_name_format: 'CN={{AAD_Device_ID}}' };

export const variableCases: CaseTable = {
  'variable/malformed': {
    triggers: {
      'single braces': { config: wifi({ subject_name_format: 'CN={UserName}' }), detail: 'single "{"' },
      'empty variable': { config: wifi({ subject_name_format: 'CN={{}}' }), detail: 'empty variable' },
      'an Entra-attribute SAN holding a template instead of an attribute name': {
        config: wifi({ subject_alternative_names: [entra('{{Department}}'), sid] }),
        path: ['subject_alternative_names', 0, 'value'],
        detail: 'names one Entra ID attribute',
      },
      'unclosed in SAN': {
        config: wifi({
          subject_alternative_names: [
            { type: 'upn', value: '{{UserPrincipalName' },
            { type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' },
          ],
        }),
        path: ['subject_alternative_names', 0, 'value'],
      },
    },
    nearMisses: {
      'well formed': { config: wifi({ subject_name_format: 'CN={{UserName}}' }) },
      'an Entra-attribute SAN naming an attribute': {
        config: wifi({ subject_alternative_names: [entra('onPremisesSamAccountName'), sid] }),
      },
    },
  },
  'variable/unknown': {
    triggers: {
      'typo suggests the name': {
        config: wifi({ subject_name_format: 'CN={{UserPrincipleName}}' }),
        detail: 'Did you mean {{UserPrincipalName}}',
      },
    },
    nearMisses: {
      'any case matches': { config: wifi({ subject_name_format: 'CN={{USERPRINCIPALNAME}}' }) },
      "the article's S/MIME subject: GivenName and SurName": {
        config: wifi({ subject_name_format: 'CN={{UserPrincipalName}},G={{GivenName}},SN={{SurName}}' }),
      },
      'an Entra attribute the catalog has no variable for': { config: wifi({ subject_alternative_names: [entra('employeeId'), sid] }) },
    },
  },
  'variable/user-variable-in-device-certificate': {
    triggers: {
      'user variable in device subject': {
        config: wifi({
          certificate_type: 'device',
          subject_name_format: 'CN={{UserName}}',
          subject_alternative_names: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }],
        }),
        detail: '{{UserName}}',
      },
      'a user attribute through an Entra-attribute SAN': {
        config: wifi({ ...deviceCert, subject_alternative_names: [entra('department'), sid] }),
        path: ['subject_alternative_names', 0, 'value'],
        detail: 'the Entra ID attribute "department" ({{Department}})',
      },
      "any Entra attribute is the user's": {
        config: on('ios', { subject_alternative_names: [entra('employeeId')] }),
        path: ['subject_alternative_names', 0, 'value'],
      },
      'a built-in format naming the user': {
        config: on('android_device_owner', { subject_name_format: undefined, builtin_subject_name: 'common_name' }),
        path: ['builtin_subject_name'],
      },
      'a user variable in a DNS SAN': {
        config: on('windows', { subject_alternative_names: [{ type: 'dns', value: '{{UserPrincipalName}}.contoso.com' }, sid] }),
        path: ['subject_alternative_names', 0, 'value'],
      },
    },
    nearMisses: {
      'user variable in user certificate': { config: wifi({ subject_name_format: 'CN={{UserName}}' }) },
      'an Entra attribute in a user certificate': { config: wifi({ subject_alternative_names: [entra('department'), sid] }) },
      'a device variable in an Entra-less device certificate': {
        config: on('ios', { subject_alternative_names: [{ type: 'dns', value: '{{DeviceName}}.contoso.com' }] }),
      },
    },
  },
  'variable/forbidden-character-after-variable': {
    triggers: {
      'pipe after variable': { config: wifi({ subject_name_format: 'CN={{UserName}}|x' }), detail: '"|"' },
      'semicolon in SAN after variable': {
        config: wifi({
          subject_alternative_names: [
            { type: 'upn', value: '{{UserPrincipalName}};x' },
            { type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' },
          ],
        }),
        path: ['subject_alternative_names', 0, 'value'],
      },
    },
    nearMisses: {
      'pipe before the variable': { config: wifi({ subject_name_format: 'CN=x|{{UserName}}' }) },
      'dash after the variable': { config: wifi({ subject_name_format: 'CN={{UserName}}-x' }) },
    },
  },
  'variable/fqdn-windows-only': {
    triggers: {
      'on macos': { config: on('macos', { subject_name_format: 'CN={{FullyQualifiedDomainName}}' }), detail: 'domain-joined' },
      'in a DNS SAN on android_device_owner': {
        config: on('android_device_owner', { subject_alternative_names: [{ type: 'dns', value: '{{FullyQualifiedDomainName}}' }] }),
        path: ['subject_alternative_names', 0, 'value'],
      },
    },
    nearMisses: {
      'on windows': {
        config: on('windows', {
          subject_name_format: 'CN={{FullyQualifiedDomainName}}',
          subject_alternative_names: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }],
        }),
      },
    },
  },
  'variable/unavailable-on-aosp': {
    triggers: {
      'department on aosp': { config: on('aosp', { certificate_type: 'user', subject_name_format: 'CN={{Department}}' }) },
      'the same attribute through an Entra-attribute SAN': {
        config: on('aosp', {
          certificate_type: 'user',
          subject_name_format: 'CN={{UserPrincipalName}}',
          subject_alternative_names: [entra('onPremisesSamAccountName')],
        }),
        path: ['subject_alternative_names', 0, 'value'],
        detail: '"onPremisesSamAccountName"',
      },
    },
    nearMisses: {
      'department on android_device_owner': {
        config: on('android_device_owner', { certificate_type: 'user', subject_name_format: 'CN={{Department}}' }),
      },
      'an Entra attribute AOSP has': {
        config: on('aosp', {
          certificate_type: 'user',
          subject_name_format: 'CN={{UserPrincipalName}}',
          subject_alternative_names: [entra('userPrincipalName')],
        }),
      },
    },
  },
  'variable/not-on-platform': {
    triggers: {
      'IMEI on macos': { config: on('macos', { subject_name_format: 'CN={{IMEI}}' }), detail: 'no Mac has' },
      'MEID in a DNS SAN on macos': {
        config: on('macos', { subject_alternative_names: [{ type: 'dns', value: '{{MEID}}.contoso.com' }] }),
        path: ['subject_alternative_names', 0, 'value'],
      },
      'the built-in IMEI format on macos': {
        config: on('macos', { subject_name_format: undefined, builtin_subject_name: 'common_name_as_imei' }),
        path: ['builtin_subject_name'],
      },
    },
    nearMisses: {
      'a serial number on macos': { config: on('macos', { subject_name_format: 'CN={{SerialNumber}}' }) },
      'IMEI on ios (some devices have one)': { config: on('ios', { subject_name_format: 'CN={{IMEI}}' }) },
    },
  },
  'variable/not-on-every-device': {
    triggers: {
      'IMEI on windows': {
        config: on('windows', { subject_name_format: 'CN={{IMEI}}', subject_alternative_names: [sid] }),
        detail: 'most PCs',
      },
      'MEID in a SAN on ios': {
        config: on('ios', { subject_alternative_names: [{ type: 'dns', value: '{{MEID}}.contoso.com' }] }),
        path: ['subject_alternative_names', 0, 'value'],
      },
      'IMEI on an aosp kiosk': { config: on('aosp', { subject_name_format: 'CN={{IMEINumber}}' }) },
      'the FQDN on windows: domain-joined devices only': {
        config: on('windows', { subject_name_format: 'CN={{FullyQualifiedDomainName}}', subject_alternative_names: [sid] }),
        detail: 'domain-joined',
      },
    },
    nearMisses: {
      'IMEI on macos (no device has one: the error speaks)': { config: on('macos', { subject_name_format: 'CN={{IMEI}}' }) },
      'IMEI on a personal work profile (the Android 12 rule speaks)': {
        config: on('android_work_profile', { subject_name_format: 'CN={{IMEI}}' }),
      },
      'a device name on windows': { config: on('windows', { subject_name_format: 'CN={{DeviceName}}', subject_alternative_names: [sid] }) },
    },
  },
  'variable/hardware-id-on-personal-work-profile': {
    triggers: {
      'serial number': { config: on('android_work_profile', { subject_name_format: 'CN={{SerialNumber}}' }) },
      IMEI: { config: on('android_work_profile', { subject_name_format: 'CN={{IMEI}}' }) },
      MEID: { config: on('android_work_profile', { subject_name_format: 'CN={{MEID}}' }) },
      'in a SAN too': {
        config: on('android_work_profile', { subject_alternative_names: [{ type: 'dns', value: '{{Device_Serial}}.contoso.com' }] }),
        path: ['subject_alternative_names', 0, 'value'],
        detail: 'enrolled prior to upgrade',
      },
    },
    nearMisses: { 'serial on device owner': { config: on('android_device_owner', { subject_name_format: 'CN={{SerialNumber}}' }) } },
  },
  'variable/user-variable-on-device-owner': {
    triggers: {
      'user variable on device owner': {
        config: on('android_device_owner', { certificate_type: 'user', subject_name_format: 'CN={{UserPrincipalName}}' }),
      },
      'an Entra attribute on aosp': {
        config: on('aosp', { certificate_type: 'user', subject_alternative_names: [entra('employeeId')] }),
        path: ['subject_alternative_names', 0, 'value'],
      },
    },
    nearMisses: {
      'user variable on work profile': {
        config: on('android_work_profile', { certificate_type: 'user', subject_name_format: 'CN={{UserPrincipalName}}' }),
      },
      'a device certificate (the device-certificate error speaks)': {
        config: on('aosp', { subject_name_format: 'CN={{UserPrincipalName}}' }),
      },
    },
  },
  'variable/spoofable-device-property': {
    triggers: {
      'serial with client auth (default EKU)': {
        config: on('ios', { subject_name_format: 'CN={{SerialNumber}}' }),
        detail: '{{SerialNumber}}',
      },
    },
    nearMisses: {
      'serial without client auth': { config: on('ios', { subject_name_format: 'CN={{SerialNumber}}', extended_key_usages: serverAuth }) },
      'AAD device id with client auth': {
        config: on('ios', { subject_name_format: 'CN={{AAD_Device_ID}}', extended_key_usages: clientAuth }),
      },
    },
  },
};
