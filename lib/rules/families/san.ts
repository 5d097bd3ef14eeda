/** Subject alternative names and strong mapping (KB5014754). */
import { DEVICE_ADMIN_SAN_FLAGS, PLATFORM_TABLE, VAR, enumValues, lookupVariable, variableLimits, type Platform } from '../../schema';
import { closest, show } from '../diagnostic';
import type { Finding, ResourceView, Rule } from '../rule';
import { variablesOf } from '../template';
import { templateSites, variableUses } from './sites';
import { hasClientAuthEku, tableRule } from './variable';

const SAN_TYPES = enumValues('san_type');

/** Whether Intune writes the SID for strong mapping in this platform's certificates of this type: no row of the variable table holds for it. */
function sidSupported(platform: Platform, certificateType: 'user' | 'device'): boolean {
  const sid = lookupVariable(VAR.sid);
  return sid !== undefined && variableLimits(sid, { platform, certificateType, place: 'uri' }).length === 0;
}

function sidUses(r: ResourceView) {
  return variableUses(r).filter(({ variable }) => variable.info?.name === VAR.sid);
}

function sanItems(r: ResourceView): { index: number; type: unknown; value: unknown }[] {
  return (r.list('subject_alternative_names') ?? []).flatMap(({ index, item }) => {
    if (!item || typeof item !== 'object') return [];
    const o = item as Record<string, unknown>;
    return [{ index, type: o.type, value: o.value }];
  });
}

export const sanRules: Rule[] = [
  {
    id: 'san/device-admin-flags',
    severity: 'error',
    summary: 'SAN that Android device administrator cannot carry',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      // Platforms whose Graph type holds SANs as flags (PlatformInfo.sanFlags, from the published types).
      if (!r.platform || !PLATFORM_TABLE[r.platform].sanFlags) return [];
      const types = PLATFORM_TABLE[r.platform].sanTypes;
      let attributes = 0;
      return sanItems(r).flatMap((s) => {
        const implied = DEVICE_ADMIN_SAN_FLAGS[s.type as keyof typeof DEVICE_ADMIN_SAN_FLAGS]?.value;
        if (implied !== undefined && typeof s.value === 'string' && s.value.toLowerCase() === implied.toLowerCase()) return [];
        if (s.type === 'custom_aad_attribute' && types.includes(s.type) && ++attributes === 1) return [];
        return [
          {
            path: ['subject_alternative_names', s.index],
            detail: `{ type = ${show(s.type)}, value = ${show(s.value)} } on android_device_admin: Graph's androidScepCertificateProfile holds SANs as flags with implied values, so it can carry only { type = "email", value = "${DEVICE_ADMIN_SAN_FLAGS.email.value}" }, { type = "upn", value = "${DEVICE_ADMIN_SAN_FLAGS.upn.value}" } and one { type = "custom_aad_attribute", value = "<Entra attribute>" }. Use those, or move the devices to Android Enterprise.`,
          },
        ];
      });
    },
  },
  {
    id: 'san/invalid-type',
    severity: 'error',
    summary: 'Invalid SAN type',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      return sanItems(r)
        .filter((s) => typeof s.type === 'string' && !SAN_TYPES.includes(s.type))
        .map((s) => {
          const guess = closest(s.type as string, SAN_TYPES);
          return {
            path: ['subject_alternative_names', s.index, 'type'],
            detail: `type = ${show(s.type)}; use one of ${SAN_TYPES.join(', ')}.${guess ? ` Did you mean "${guess}"?` : ''}`,
          };
        });
    },
  },
  {
    id: 'san/empty-value',
    severity: 'error',
    summary: 'Empty SAN value',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      return sanItems(r)
        .filter((s) => typeof s.value === 'string' && s.value.trim() === '')
        .map((s) => ({
          path: ['subject_alternative_names', s.index, 'value'],
          detail: `SAN ${s.index} (type ${show(s.type)}) has an empty value. Set it, e.g. {{UserPrincipalName}}, or remove the entry.`,
        }));
    },
  },
  {
    id: 'san/duplicate',
    severity: 'warning',
    summary: 'Duplicate SAN',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const seen = new Map<string, number>();
      const findings: Finding[] = [];
      for (const s of sanItems(r)) {
        if (typeof s.type !== 'string' || typeof s.value !== 'string') continue;
        const key = `${s.type}\u0000${s.value.trim().toLowerCase()}`;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, s.index);
        else
          findings.push({
            path: ['subject_alternative_names', s.index],
            detail: `SAN ${s.index} (${s.type} ${show(s.value)}) repeats SAN ${first}. Remove one.`,
          });
      }
      return findings;
    },
  },
  tableRule('san/sid-requires-uri', 'error', '{{OnPremisesSecurityIdentifier}} belongs in a URI SAN'),
  tableRule('san/sid-unsupported-platform', 'error', 'Strong-mapping SID in a device certificate outside Windows'),
  tableRule(
    'san/sid-android-user-certificate',
    'warning',
    'Strong-mapping SID in an Android user certificate: Microsoft says both yes and no',
  ),
  {
    id: 'san/sid-extra-text',
    severity: 'warning',
    summary: 'Text beside the SID in a URI SAN',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      return templateSites(r)
        .filter((site) => site.where === 'san' && site.sanType === 'uri')
        .filter((site) => {
          const t = site.templates[0];
          if (!t) return false;
          const hasSid = variablesOf(t).some((v) => v.info?.name === VAR.sid);
          const other = t.parts.some((p) => (p.kind === 'text' ? p.text.trim() !== '' : p.info?.name !== VAR.sid));
          return hasSid && other;
        })
        .map((site) => ({
          path: site.path,
          detail: `value = ${show(site.text)}: Intune writes "tag:microsoft.com,2022-09-14:sid:<value>" itself; extra text breaks the mapping. Use exactly "{{OnPremisesSecurityIdentifier}}".`,
        }));
    },
  },
  {
    id: 'san/strong-mapping-missing',
    severity: 'warning',
    summary: 'No strong mapping (KB5014754)',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const type = r.string('certificate_type');
      if (!r.platform || (type !== 'user' && type !== 'device') || !hasClientAuthEku(r)) return [];
      if (!sidSupported(r.platform, type)) return [];
      const mapped = sidUses(r).some(({ site }) => site.where === 'san' && site.sanType === 'uri');
      if (mapped) return [];
      const who =
        type === 'device'
          ? 'For device certificates this concerns Microsoft Entra hybrid joined Windows devices, the ones with an on-premises SID ("For device certificates, it only applies to Microsoft Entra hybrid-joined Windows devices"); if this profile reaches only Microsoft Entra joined devices, add "san/strong-mapping-missing" to suppress_warnings.'
          : '';
      return [
        {
          path: ['subject_alternative_names'],
          detail: `this ${type} certificate for client authentication on "${r.platform}" has no URI SAN with {{OnPremisesSecurityIdentifier}}. Since KB5014754's full enforcement, domain controllers deny certificate-based authentication without strong mapping. Add { type = "uri", value = "{{OnPremisesSecurityIdentifier}}" } to subject_alternative_names.${who ? ` ${who}` : ''}`,
        },
      ];
    },
  },
  tableRule('san/username-on-device-owner', 'error', '{{UserName}} in a SAN of a device-owner profile'),
  tableRule('san/device-name-not-a-host-name', 'warning', '{{DeviceName}} in a DNS SAN outside Windows is not a host name'),
];
