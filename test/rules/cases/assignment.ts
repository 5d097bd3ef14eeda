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

export const assignmentCases: CaseTable = {
  'assignment/include-exclude-conflict': {
    triggers: {
      'same id': { config: assigned({ include_group_ids: ['g1'] }, { include_group_ids: ['g1'], exclude_group_ids: ['g1'] }), address: 'intune_profile_assignment.wifi_assign', path: ['include_group_ids', 0] },
      'same name': { config: assigned({ include_group_names: ['A'] }, { include_group_names: ['A'], exclude_group_names: ['A'] }) },
    },
    nearMisses: { 'different groups': { config: assigned({ include_group_ids: ['g1'] }, { include_group_ids: ['g1'], exclude_group_ids: ['g2'] }) } },
  },
  'assignment/root-not-covering': {
    triggers: {
      'group without the root': { config: assigned({ include_group_names: ['A'] }, { include_group_names: ['A', 'B'] }), address: 'intune_profile_assignment.wifi_assign', path: ['include_group_names', 1], detail: '"B"' },
      'root not assigned at all': { config: assigned(undefined, { include_group_ids: ['g1'] }) },
      'group excluded from the root': { config: assigned({ all_devices: true, exclude_group_names: ['A'] }, { include_group_names: ['A'] }), detail: 'excluded' },
      'all devices, root to a group': { config: assigned({ include_group_names: ['A'] }, { all_devices: true }), path: ['all_devices'] },
    },
    nearMisses: {
      'same groups': { config: assigned({ include_group_names: ['A', 'B'] }, { include_group_names: ['B', 'A'] }) },
      'root to all devices': { config: assigned({ all_devices: true }, { include_group_ids: ['g1'], all_users: true }) },
      'same expression': { config: assigned({ include_group_ids: ['${azuread_group.wifi.id}'] }, { include_group_ids: ['${azuread_group.wifi.id}'] }) },
      'suppressed on the assignment': { config: assigned({ include_group_names: ['A'] }, { include_group_names: ['B'], suppress_warnings: ['assignment/root-not-covering'] }) },
    },
  },
  'applicability/windows-only': {
    triggers: { 'on ios': { config: on('ios', { applicability_rules: [{ rule_type: 'include', os_editions: ['windows10Enterprise'] }] }), path: ['applicability_rules'] } },
    nearMisses: { 'on windows': { config: on('windows', { applicability_rules: [{ rule_type: 'include', os_editions: ['windows10Enterprise'] }], subject_alternative_names: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }] }) } },
  },
};
