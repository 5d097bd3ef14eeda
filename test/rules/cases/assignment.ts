import { ref, synth, windowsRoot, windowsUserProfile } from '../../helpers/stacks';
import type { TestCertificates } from '../../helpers/certificates';
import { on, type CaseTable } from './types';

const ROOT_ID = ref('intune_trusted_root_certificate.root');
const WIFI_ID = ref('intune_scep_certificate_profile.wifi');

function assigned(root: Record<string, unknown> | undefined, wifi: Record<string, unknown>) {
  return (c: TestCertificates) =>
    synth({
      roots: { root: windowsRoot(c) },
      profiles: { wifi: windowsUserProfile() },
      assignments: {
        ...(root ? { root_assign: { profile_id: ROOT_ID, ...root } } : {}),
        wifi_assign: { profile_id: WIFI_ID, ...wifi },
      },
    });
}

/** A root and a SCEP profile of `platform` (`p`), each with its assignment set. */
function assignedOn(platform: string, certificateType: 'user' | 'device', root: Record<string, unknown>, scep: Record<string, unknown>) {
  return (c: TestCertificates) =>
    synth({
      roots: { root: { display_name: `Root ${platform}`, platform, certificate: c.root } },
      profiles: {
        p: {
          display_name: `Profile ${platform}`,
          platform,
          root_certificate_id: ROOT_ID,
          certificate_type: certificateType,
          subject_name_format: certificateType === 'user' ? 'CN={{UserPrincipalName}}' : 'CN={{AAD_Device_ID}}',
          scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
        },
      },
      assignments: {
        root_assign: { profile_id: ROOT_ID, ...root },
        p_assign: { profile_id: ref('intune_scep_certificate_profile.p'), ...scep },
      },
    });
}

export const assignmentCases: CaseTable = {
  'assignment/include-exclude-conflict': {
    triggers: {
      'same id': {
        config: assigned({ include_group_ids: ['g1'] }, { include_group_ids: ['g1'], exclude_group_ids: ['g1'] }),
        address: 'intune_profile_assignment.wifi_assign',
        path: ['include_group_ids', 0],
      },
      'same name': { config: assigned({ include_group_names: ['A'] }, { include_group_names: ['A'], exclude_group_names: ['A'] }) },
    },
    nearMisses: {
      'different groups': { config: assigned({ include_group_ids: ['g1'] }, { include_group_ids: ['g1'], exclude_group_ids: ['g2'] }) },
    },
  },
  'assignment/root-not-covering': {
    triggers: {
      'group without the root': {
        config: assigned({ include_group_names: ['A'] }, { include_group_names: ['A', 'B'] }),
        address: 'intune_profile_assignment.wifi_assign',
        path: ['include_group_names', 1],
        detail: '"B"',
      },
      'root not assigned at all': { config: assigned(undefined, { include_group_ids: ['g1'] }) },
      'group excluded from the root': {
        config: assigned({ all_devices: true, exclude_group_names: ['A'] }, { include_group_names: ['A'] }),
        detail: 'excluded',
      },
      'all devices, root to a group': { config: assigned({ include_group_names: ['A'] }, { all_devices: true }), path: ['all_devices'] },
      // Userless devices (AOSP userless, Android Enterprise dedicated) never get user-targeted profiles.
      'aosp device certificate to a group, root to all users': {
        config: assignedOn('aosp', 'device', { all_users: true }, { include_group_names: ['Kiosks'] }),
        address: 'intune_profile_assignment.p_assign',
        path: ['include_group_names', 0],
        detail: 'no user',
      },
      'android_device_owner device certificate to a group, root to all users': {
        config: assignedOn('android_device_owner', 'device', { all_users: true }, { include_group_names: ['Dedicated'] }),
        detail: 'dedicated',
      },
    },
    nearMisses: {
      'same groups': { config: assigned({ include_group_names: ['A', 'B'] }, { include_group_names: ['B', 'A'] }) },
      'root to all devices': { config: assigned({ all_devices: true }, { include_group_ids: ['g1'], all_users: true }) },
      'aosp device certificate, root to all devices': {
        config: assignedOn('aosp', 'device', { all_devices: true }, { include_group_names: ['Kiosks'] }),
      },
      'aosp user certificate, root to all users (its devices have users)': {
        config: assignedOn('aosp', 'user', { all_users: true }, { include_group_names: ['Sales'] }),
      },
      'aosp device certificate, root to the same group': {
        config: assignedOn('aosp', 'device', { include_group_names: ['Kiosks'] }, { include_group_names: ['Kiosks'] }),
      },
      'same expression': {
        config: assigned({ include_group_ids: ['${azuread_group.wifi.id}'] }, { include_group_ids: ['${azuread_group.wifi.id}'] }),
      },
      'suppressed on the assignment': {
        config: assigned(
          { include_group_names: ['A'] },
          { include_group_names: ['B'], suppress_warnings: ['assignment/root-not-covering'] },
        ),
      },
    },
  },
  // The troubleshooting guide's matrix: SCEP profile target kind (rows) against its root's (columns).
  'assignment/root-target-kind': {
    triggers: {
      'profile to all users, root to all devices': {
        config: assigned({ all_devices: true }, { all_users: true }),
        address: 'intune_profile_assignment.wifi_assign',
        path: ['all_users'],
        detail: 'all devices only',
      },
      'profile to all devices, root to all users': {
        config: assigned({ all_users: true }, { all_devices: true }),
        address: 'intune_profile_assignment.wifi_assign',
        path: ['all_devices'],
        detail: 'all users only',
      },
    },
    nearMisses: {
      'both to all users': { config: assigned({ all_users: true }, { all_users: true }) },
      'both to all devices': { config: assigned({ all_devices: true }, { all_devices: true }) },
      'profile to all users, root to both': { config: assigned({ all_users: true, all_devices: true }, { all_users: true }) },
      'profile to all devices, root to both': { config: assigned({ all_users: true, all_devices: true }, { all_devices: true }) },
      'profile to all users, root to groups only (root-not-covering speaks)': {
        config: assigned({ include_group_names: ['A'] }, { all_users: true }),
      },
    },
  },
  'assignment/filter-invalid': {
    triggers: {
      'no target': {
        config: assigned({ all_devices: true }, { all_devices: true, filters: [{ filter_name: 'F', mode: 'include' }] }),
        path: ['filters', 0],
        detail: 'no target',
      },
      'two targets': {
        config: assigned(
          { all_devices: true },
          { all_devices: true, all_users: true, filters: [{ all_devices: true, all_users: true, filter_name: 'F', mode: 'include' }] },
        ),
        detail: '2 targets',
      },
      'no filter': {
        config: assigned({ all_devices: true }, { all_devices: true, filters: [{ all_devices: true, mode: 'include' }] }),
        detail: 'no filter',
      },
      'id and name': {
        config: assigned(
          { all_devices: true },
          { all_devices: true, filters: [{ all_devices: true, filter_id: 'x', filter_name: 'F', mode: 'include' }] },
        ),
        detail: 'both',
      },
      'the same target twice': {
        config: assigned(
          { all_devices: true },
          {
            all_devices: true,
            filters: [
              { all_devices: true, filter_name: 'F', mode: 'include' },
              { all_devices: true, filter_name: 'G', mode: 'exclude' },
            ],
          },
        ),
        path: ['filters', 1],
        detail: 'filters[0]',
      },
    },
    nearMisses: {
      'one target, one filter each': {
        config: assigned(
          { all_devices: true, include_group_ids: ['g1'] },
          {
            all_devices: true,
            include_group_ids: ['g1'],
            filters: [
              { all_devices: true, filter_name: 'F', mode: 'include' },
              { group_id: 'g1', filter_id: 'f2', mode: 'exclude' },
            ],
          },
        ),
      },
    },
  },
  'assignment/filter-target-missing': {
    triggers: {
      'a group the set does not include': {
        config: assigned(
          { include_group_names: ['A'] },
          { include_group_names: ['A'], filters: [{ group_name: 'B', filter_name: 'F', mode: 'include' }] },
        ),
        path: ['filters', 0],
        detail: 'include_group_names',
      },
      'all devices not assigned': {
        config: assigned({ all_users: true }, { all_users: true, filters: [{ all_devices: true, filter_name: 'F', mode: 'include' }] }),
        detail: 'all_devices = true',
      },
    },
    nearMisses: {
      'an included group by id': {
        config: assigned(
          { include_group_ids: ['g1'] },
          { include_group_ids: ['g1'], filters: [{ group_id: 'g1', filter_name: 'F', mode: 'include' }] },
        ),
      },
    },
  },
  'assignment/filter-on-excluded-group': {
    triggers: {
      'an excluded group': {
        config: assigned(
          { all_devices: true },
          { all_devices: true, exclude_group_names: ['Kiosks'], filters: [{ group_name: 'Kiosks', filter_name: 'F', mode: 'include' }] },
        ),
        path: ['filters', 0],
        detail: 'excluded',
      },
    },
    nearMisses: {
      'the filter on the included target': {
        config: assigned(
          { all_devices: true },
          { all_devices: true, exclude_group_names: ['Kiosks'], filters: [{ all_devices: true, filter_name: 'F', mode: 'exclude' }] },
        ),
      },
    },
  },
  'applicability/windows-only': {
    triggers: {
      'on ios': {
        config: on('ios', { applicability_rules: [{ rule_type: 'include', os_editions: ['windows10Enterprise'] }] }),
        path: ['applicability_rules'],
      },
    },
    nearMisses: {
      'on windows': {
        config: on('windows', {
          applicability_rules: [{ rule_type: 'include', os_editions: ['windows10Enterprise'] }],
          subject_alternative_names: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }],
        }),
      },
    },
  },
};
