/** Certificate type and macOS deployment channel. */
import { show } from '../diagnostic';
import type { ResourceView, Rule } from '../rule';
import { attributesWithPlatformRule, platformOnly } from './platform-only';

function macChannel(r: ResourceView): { channel: string; type: string } | undefined {
  if (r.platform !== 'macos') return undefined;
  const channel = r.string('deployment_channel');
  const type = r.string('certificate_type');
  return channel && type ? { channel, type } : undefined;
}

export const channelRules: Rule[] = [
  {
    id: 'certificate-type/invalid',
    severity: 'error',
    summary: 'Invalid certificate type',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const t = r.value('certificate_type');
      if (t === undefined || t === 'user' || t === 'device') return [];
      return [{ path: ['certificate_type'], detail: `certificate_type = ${show(t)}; use "user" or "device".` }];
    },
  },
  {
    id: 'certificate-type/device-admin-user-only',
    severity: 'error',
    summary: 'Android device administrator issues user certificates only',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      if (r.platform !== 'android_device_admin' || r.value('certificate_type') !== 'device') return [];
      return [
        {
          path: ['certificate_type'],
          detail:
            'certificate_type = "device" on android_device_admin: Graph\'s androidScepCertificateProfile has no certificate store, and its certificates are user certificates. Use certificate_type = "user", or move the devices to Android Enterprise (android_device_owner) for device certificates.',
        },
      ];
    },
  },
  {
    id: 'channel/macos-only',
    severity: 'error',
    summary: 'Deployment channel is for macOS only',
    kind: 'resource',
    types: ['intune_scep_certificate_profile', 'intune_trusted_root_certificate'],
    check(r) {
      return platformOnly(r.type, attributesWithPlatformRule(r.type, 'channel/macos-only'))(r);
    },
  },
  {
    id: 'channel/user-channel-needs-user-certificate',
    severity: 'error',
    summary: 'The macOS user channel allows only user certificates',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const m = macChannel(r);
      if (!m || m.channel !== 'user' || m.type !== 'device') return [];
      return [
        {
          path: ['certificate_type'],
          detail:
            'deployment_channel = "user" with certificate_type = "device": the user channel installs into the user keychain and allows only user certificates. Use certificate_type = "user", or deployment_channel = "device" for a device certificate.',
        },
      ];
    },
  },
  {
    id: 'channel/device-channel-user-certificate',
    severity: 'warning',
    summary: 'User certificate on the macOS device channel',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const m = macChannel(r);
      if (!m || m.channel !== 'device' || m.type !== 'user') return [];
      return [
        {
          path: r.isSet('deployment_channel') ? ['deployment_channel'] : ['certificate_type'],
          detail: `certificate_type = "user" on the ${r.isSet('deployment_channel') ? '' : 'default '}device channel: user certificates belong in the user keychain. Set deployment_channel = "user".`,
        },
      ];
    },
  },
];
