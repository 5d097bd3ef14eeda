/** Platform rules: unsupported values and platforms that deserve a warning. */
import { PLATFORMS, PLATFORM_TABLE } from '../../schema';
import { closest, show } from '../diagnostic';
import type { Rule } from '../rule';

const WINDOWS_81 = /^\s*(windows|win)[\s_-]*8(\.|_)?1\s*$|^\s*windows81\s*$/i;

export const platformRules: Rule[] = [
  {
    id: 'platform/unsupported',
    severity: 'error',
    summary: 'Unsupported platform',
    kind: 'resource',
    types: ['intune_trusted_root_certificate', 'intune_scep_certificate_profile'],
    check(r) {
      const p = r.raw('platform');
      if (typeof p !== 'string' || r.platform || r.value('platform') === undefined) return [];
      if (WINDOWS_81.test(p)) {
        return [
          {
            path: ['platform'],
            detail: `platform = ${show(p)}: Windows 8.1 is not a platform; its support ended on 2022-10-22. Use "windows" (Windows 10 and later).`,
          },
        ];
      }
      const guess = closest(p, PLATFORMS);
      return [
        {
          path: ['platform'],
          detail: `platform = ${show(p)} is not one of ${PLATFORMS.join(', ')}.${guess ? ` Did you mean "${guess}"?` : ''}`,
        },
      ];
    },
  },
  {
    id: 'platform/device-admin-deprecated',
    severity: 'warning',
    summary: 'Android device administrator is deprecated',
    kind: 'resource',
    types: ['intune_trusted_root_certificate', 'intune_scep_certificate_profile'],
    check(r) {
      if (!r.platform || !PLATFORM_TABLE[r.platform].deprecated) return [];
      return [
        {
          path: ['platform'],
          detail:
            'platform = "android_device_admin": device administrator management is deprecated and unavailable on devices with Google Mobile Services. Move these devices to Android Enterprise ("android_work_profile", "android_device_owner") or AOSP ("aosp").',
        },
      ];
    },
  },
  {
    id: 'platform/device-owner-no-revocation',
    severity: 'warning',
    summary: 'Intune cannot report or revoke these certificates',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      if (!r.platform || PLATFORM_TABLE[r.platform].certificatesReported) return [];
      return [
        {
          path: ['platform'],
          detail: `platform = "${r.platform}": "Under Monitoring, certificate reporting isn't available for Device Owner SCEP certificate profiles", and Intune cannot revoke the certificates they issue (Microsoft's SCEP article); revoke at the CA. Plans cannot count the devices a change reaches: with --max-impact-devices/--max-impact-users, a change to this profile is refused unless --accept-unreported-impact. Add "platform/device-owner-no-revocation" to suppress_warnings once this is understood.`,
        },
      ];
    },
  },
];
