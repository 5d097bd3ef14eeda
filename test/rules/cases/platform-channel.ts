import { on, P, ROOT, root, wifi, WIFI, type CaseTable } from './types';

const macUser = { certificate_type: 'user', subject_name_format: 'CN={{UserPrincipalName}}' };

export const platformChannelCases: CaseTable = {
  'platform/unsupported': {
    triggers: {
      'windows 8.1 points to windows': { config: wifi({ platform: 'windows81' }), address: WIFI, path: ['platform'], detail: '2022-10-22' },
      'typo suggests the platform': { config: root({ platform: 'iso' }), address: ROOT, path: ['platform'], detail: 'Did you mean "ios"' },
    },
    nearMisses: {
      'every known platform passes': { config: on('aosp') },
      'an expression is not judged': { config: wifi({ platform: '${var.platform}' }) },
    },
  },
  'platform/device-admin-deprecated': {
    triggers: { android_device_admin: { config: on('android_device_admin'), address: P, path: ['platform'] } },
    nearMisses: { android_device_owner: { config: on('android_device_owner') } },
  },
  'platform/device-owner-no-revocation': {
    triggers: {
      android_device_owner: { config: on('android_device_owner'), address: P },
      aosp: { config: on('aosp'), address: P },
    },
    nearMisses: {
      android_work_profile: { config: on('android_work_profile') },
      'suppressed by id': { config: on('aosp', { suppress_warnings: ['platform/device-owner-no-revocation'] }) },
    },
  },
  'certificate-type/invalid': {
    triggers: { machine: { config: wifi({ certificate_type: 'machine' }), path: ['certificate_type'], detail: '"machine"' } },
    nearMisses: {
      device: { config: wifi({ certificate_type: 'device', subject_name_format: 'CN={{AAD_Device_ID}}', subject_alternative_names: [] }) },
    },
  },
  'certificate-type/device-admin-user-only': {
    triggers: {
      'a device certificate': {
        config: on('android_device_admin', { certificate_type: 'device' }),
        path: ['certificate_type'],
        detail: 'no certificate store',
      },
    },
    nearMisses: {
      'a user certificate': {
        config: on('android_device_admin', { certificate_type: 'user', subject_name_format: 'CN={{UserPrincipalName}}' }),
      },
    },
  },
  'channel/macos-only': {
    triggers: {
      'on a windows profile': { config: wifi({ deployment_channel: 'user' }), address: WIFI, path: ['deployment_channel'] },
      'on an ios root': { config: on('ios', {}, { deployment_channel: 'device' }), address: ROOT, path: ['deployment_channel'] },
    },
    nearMisses: { 'on macos': { config: on('macos', { deployment_channel: 'device' }, { deployment_channel: 'device' }) } },
  },
  'channel/user-channel-needs-user-certificate': {
    triggers: {
      'device certificate on user channel': {
        config: on('macos', { deployment_channel: 'user' }, { deployment_channel: 'user' }),
        path: ['certificate_type'],
      },
    },
    nearMisses: {
      'user certificate on user channel': {
        config: on('macos', { deployment_channel: 'user', ...macUser }, { deployment_channel: 'user' }),
      },
    },
  },
  'channel/device-channel-user-certificate': {
    triggers: {
      'explicit device channel': { config: on('macos', { deployment_channel: 'device', ...macUser }), path: ['deployment_channel'] },
      'default channel is device': { config: on('macos', macUser), path: ['certificate_type'], detail: 'default' },
    },
    nearMisses: { 'device certificate on device channel': { config: on('macos', { deployment_channel: 'device' }) } },
  },
};
