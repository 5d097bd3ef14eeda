import { on, wifi, type CaseTable } from './types';

export const subjectCases: CaseTable = {
  'subject/empty': {
    triggers: {
      'empty string': { config: wifi({ subject_name_format: '' }), path: ['subject_name_format'] },
      'blank string': { config: wifi({ subject_name_format: '   ' }) },
      'not set': { config: wifi({ subject_name_format: undefined }), detail: 'not set' },
    },
    nearMisses: {
      'one attribute': { config: wifi({ subject_name_format: 'CN=x' }) },
      'a built-in format instead': {
        config: on('windows', { subject_name_format: undefined, builtin_subject_name: 'common_name_as_aad_device_id' }),
      },
    },
  },
  'subject/builtin-and-custom': {
    triggers: {
      'both set': {
        config: on('windows', { builtin_subject_name: 'common_name_as_aad_device_id' }),
        path: ['builtin_subject_name'],
        detail: 'CN={{AAD_Device_ID}}',
      },
    },
    nearMisses: {
      'only the built-in': {
        config: on('windows', { subject_name_format: undefined, builtin_subject_name: 'common_name_as_aad_device_id' }),
      },
      'only the custom one': { config: on('windows') },
    },
  },
  'subject/builtin-unsupported': {
    triggers: {
      'an Azure AD device id on iOS': {
        config: on('ios', { subject_name_format: undefined, builtin_subject_name: 'common_name_as_aad_device_id' }),
        path: ['builtin_subject_name'],
        detail: 'Apple profiles take',
      },
      'a name that is no built-in format': {
        config: on('windows', { subject_name_format: undefined, builtin_subject_name: 'common_name_as_upn' }),
        path: ['builtin_subject_name'],
        detail: '"common_name_as_upn"',
      },
    },
    nearMisses: {
      'a serial number on iOS': {
        config: on('ios', { subject_name_format: undefined, builtin_subject_name: 'common_name_as_serial_number' }),
      },
      'an Azure AD device id on Windows': {
        config: on('windows', { subject_name_format: undefined, builtin_subject_name: 'common_name_as_aad_device_id' }),
      },
    },
  },
  'subject/syntax': {
    triggers: {
      'missing =': { config: wifi({ subject_name_format: 'CN={{UserName}},OU' }), detail: 'expected "=" after OU' },
      'unknown attribute': { config: wifi({ subject_name_format: 'XX=1' }), detail: 'unknown attribute "XX"' },
      'unclosed quote': { config: wifi({ subject_name_format: 'CN="abc' }), detail: 'never closed' },
      'trailing comma': { config: wifi({ subject_name_format: 'CN=a,' }), detail: 'trailing' },
      'text after closing quote': { config: wifi({ subject_name_format: 'CN="a"b' }), detail: '(character 7)' },
    },
    nearMisses: {
      'quoted value with commas': { config: wifi({ subject_name_format: 'CN={{UserPrincipalName}},OU="Sales, EMEA",O=Contoso' }) },
      'blanks around separators': { config: wifi({ subject_name_format: ' CN = {{UserPrincipalName}} , O = Contoso ' }) },
      'doubled quote inside quotes': { config: wifi({ subject_name_format: 'CN={{UserPrincipalName}},O="Contoso ""Labs"""' }) },
    },
  },
  'subject/escaped-special-character': {
    triggers: {
      'escaped comma shows the quoted form': {
        config: wifi({ subject_name_format: 'CN={{UserPrincipalName}},OU=Sales\\, EMEA' }),
        path: ['subject_name_format'],
        detail: 'OU="Sales, EMEA"',
      },
      'escaped plus': { config: wifi({ subject_name_format: 'CN={{UserPrincipalName}},O=A\\+B' }), detail: 'O="A+B"' },
      'escaped equals': { config: wifi({ subject_name_format: 'CN={{UserPrincipalName}},O=a\\=b' }), detail: 'O="a=b"' },
    },
    nearMisses: {
      'quoted instead': { config: wifi({ subject_name_format: 'CN={{UserPrincipalName}},OU="Sales, EMEA"' }) },
      'escaped ordinary character': { config: wifi({ subject_name_format: 'CN={{UserPrincipalName}},O=a\\b' }) },
    },
  },
  'subject/unquoted-distinguished-name': {
    triggers: {
      'bare DN variable': {
        config: wifi({ subject_name_format: 'CN={{OnPrem_Distinguished_Name}}' }),
        detail: 'CN="{{OnPrem_Distinguished_Name}}"',
      },
      'case-insensitive name': { config: wifi({ subject_name_format: 'CN={{onprem_distinguished_name}}' }) },
    },
    nearMisses: { quoted: { config: wifi({ subject_name_format: 'CN="{{OnPrem_Distinguished_Name}}"' }) } },
  },
  'subject/variable-outside-cn-or-e': {
    triggers: {
      'variable in OU': {
        config: wifi({ subject_name_format: 'CN={{UserPrincipalName}},OU={{Department}}' }),
        detail: 'OU={{Department}}',
      },
    },
    nearMisses: {
      'variables in CN and E': { config: wifi({ subject_name_format: 'CN={{UserPrincipalName}},E={{EmailAddress}},OU=Sales' }) },
      // The article's S/MIME requirements: "G={{GivenName}}", "SN={{SurName}}".
      "the article's S/MIME subject, variables in G and SN": {
        config: wifi({ subject_name_format: 'CN={{UserPrincipalName}},G={{GivenName}},SN={{SurName}}' }),
      },
    },
  },
  'subject/longer-than-64': {
    triggers: {
      '65 counted characters': {
        config: wifi({ subject_name_format: `CN={{UserPrincipalName}},O=${'x'.repeat(58)}` }),
        detail: '65 characters',
      },
    },
    nearMisses: { 'exactly 64': { config: wifi({ subject_name_format: `CN={{UserPrincipalName}},O=${'x'.repeat(57)}` }) } },
  },
  'subject/windows-device-id': {
    triggers: {
      'DeviceId on windows': {
        config: wifi({
          certificate_type: 'device',
          subject_name_format: 'CN={{DeviceId}}',
          subject_alternative_names: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }],
        }),
        detail: '{{AAD_Device_ID}}',
      },
    },
    nearMisses: {
      'DeviceId on ios': { config: on('ios', { subject_name_format: 'CN={{DeviceId}}' }) },
      'AAD_Device_ID on windows': { config: wifi({ subject_name_format: 'CN={{AAD_Device_ID}}' }) },
    },
  },
};
