/** Android Enterprise device-owner certificate access. */
import { show } from '../diagnostic';
import type { Rule } from '../rule';
import { attributesWithPlatformRule, platformOnly } from './platform-only';

/** An Android application id: two or more dot-separated segments starting with a letter. */
const PACKAGE_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;

export const accessRules: Rule[] = [
  {
    id: 'access/dedicated-no-app-authentication',
    severity: 'warning',
    summary: 'Certificate access for apps is not supported on dedicated devices',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      // android_device_owner is fully managed, dedicated and COPE alike: the profile cannot say which.
      if (r.platform !== 'android_device_owner' || (!r.isSet('certificate_access') && (r.list('silent_access_app_ids') ?? []).length === 0))
        return [];
      return [
        {
          path: r.isSet('certificate_access') ? ['certificate_access'] : ['silent_access_app_ids'],
          detail: `certificate_access = ${show(r.value('certificate_access'))}: "SCEP certificate profiles on Android Enterprise dedicated devices aren't supported for app authentication" (Microsoft's SCEP article); on dedicated devices this profile serves Wi-Fi, VPN and authentication only. If it reaches fully managed or corporate-owned work profile devices only, add "access/dedicated-no-app-authentication" to suppress_warnings.`,
        },
      ];
    },
  },
  {
    id: 'access/device-owner-only',
    severity: 'error',
    summary: 'Certificate access is for Android Enterprise device owner only',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      return platformOnly(r.type, attributesWithPlatformRule(r.type, 'access/device-owner-only'))(r);
    },
  },
  {
    id: 'access/apps-required',
    severity: 'error',
    summary: 'Silent certificate access needs Android package names',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      if (r.platform !== 'android_device_owner' || r.string('certificate_access') !== 'specific_apps') return [];
      const raw = r.raw('silent_access_app_ids');
      if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) {
        return [
          {
            path: ['silent_access_app_ids'],
            detail:
              'certificate_access = "specific_apps" needs the apps that get silent access: set silent_access_app_ids, e.g. ["com.cisco.anyconnect.vpn.android.avf"].',
          },
        ];
      }
      return (r.list('silent_access_app_ids') ?? [])
        .filter(({ item }) => typeof item === 'string' && !PACKAGE_NAME.test(item))
        .map(({ index, item }) => ({
          path: ['silent_access_app_ids', index],
          detail: `${show(item)} is not an Android package name (e.g. "com.contoso.vpn").`,
        }));
    },
  },
];
