/** Keys, key storage, key usage, hash algorithm, extended key usages and Graph's list caps. */
import { GRAPH_LIMITS, PLATFORM_TABLE, RESOURCES, type Platform } from '../../schema';
import { show } from '../diagnostic';
import type { Finding, ResourceView, Rule } from '../rule';
import { ANY_PURPOSE_EKU } from '../../graph-facts';
import { attributesWithPlatformRule, platformOnly } from './platform-only';
import { servedByCloudPki } from './scep-url';

/** The key sizes Graph takes (the schema's enum of key_size). */
const SIZES: readonly unknown[] = RESOURCES.intune_scep_certificate_profile.attributes.key_size?.enum ?? [];
const NO_4096_KSP = new Set(['tpm_otherwise_fail', 'windows_hello_otherwise_fail']);
/** Platforms whose devices ignore SHA-1 (a fact of the platform table). */
const SHA1_IGNORED = new Set<string>(
  Object.values(PLATFORM_TABLE)
    .filter((p) => p.ignoresSha1)
    .map((p): Platform => p.platform),
);

function is4096OnWindows(r: ResourceView): string | undefined {
  if (r.platform !== 'windows' || r.number('key_size') !== 4096) return undefined;
  return r.string('key_storage_provider');
}

function kspPath(r: ResourceView): (string | number)[] {
  return r.isSet('key_storage_provider') ? ['key_storage_provider'] : ['key_size'];
}

/** Dotted decimal, at least two arcs, first arc 0-2, second below 40 under 0 and 1, no leading zeros. */
export function isValidOid(oid: string): boolean {
  if (!/^(0|[1-9]\d*)(\.(0|[1-9]\d*))+$/.test(oid)) return false;
  const [first, second] = oid.split('.').map(Number) as [number, number];
  if (first > 2) return false;
  return first === 2 || second < 40;
}

function ekuItems(r: ResourceView) {
  return (r.list('extended_key_usages') ?? []).flatMap(({ index, item }) =>
    item && typeof item === 'object' ? [{ index, ...(item as { name?: unknown; object_identifier?: unknown }) }] : [],
  );
}

export const keyRules: Rule[] = [
  {
    id: 'key/invalid-size',
    severity: 'error',
    summary: 'Invalid key size',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const v = r.value('key_size');
      if (v === undefined || SIZES.includes(v)) return [];
      return [{ path: ['key_size'], detail: `key_size = ${show(v)}; use 1024, 2048 or 4096 (2048 recommended).` }];
    },
  },
  {
    id: 'key/weak-1024',
    severity: 'warning',
    summary: '1024-bit keys are weak',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      if (r.number('key_size') !== 1024) return [];
      return [{ path: ['key_size'], detail: 'key_size = 1024: 1024-bit RSA keys are considered breakable. Use 2048.' }];
    },
  },
  {
    id: 'key/4096-needs-software-ksp',
    severity: 'error',
    summary: 'TPM and Windows Hello cannot store 4096-bit keys',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const ksp = is4096OnWindows(r);
      if (!ksp || !NO_4096_KSP.has(ksp)) return [];
      return [
        {
          path: ['key_storage_provider'],
          detail: `key_size = 4096 with key_storage_provider = "${ksp}": TPMs and Windows Hello for Business cannot store 4096-bit keys, so every device fails. Use key_size = 2048, or key_storage_provider = "software".`,
        },
      ];
    },
  },
  {
    id: 'key/4096-tpm-if-present',
    severity: 'warning',
    summary: '4096-bit keys fail on devices with a TPM',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      if (is4096OnWindows(r) !== 'tpm_otherwise_software') return [];
      return [
        {
          path: kspPath(r),
          detail: `key_size = 4096 with key_storage_provider = "tpm_otherwise_software"${r.isSet('key_storage_provider') ? '' : ' (the default)'}: devices with a TPM try it and fail, since TPMs cannot store 4096-bit keys. Use key_size = 2048, or key_storage_provider = "software".`,
        },
      ];
    },
  },
  {
    id: 'key/4096-os-minimum',
    severity: 'warning',
    summary: '4096-bit keys need a recent OS',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      if (r.number('key_size') !== 4096) return [];
      const min = r.platform === 'ios' ? 'iOS/iPadOS 14' : r.platform === 'macos' ? 'macOS 11' : undefined;
      if (!min) return [];
      return [
        {
          path: ['key_size'],
          detail: `key_size = 4096 on ${r.platform} needs ${min} or later; older devices fail to install the profile.`,
        },
      ];
    },
  },
  {
    id: 'ksp/windows-only',
    severity: 'error',
    summary: 'Key storage provider is for Windows only',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      return platformOnly(r.type, attributesWithPlatformRule(r.type, 'ksp/windows-only'))(r);
    },
  },
  {
    id: 'key-usage/empty',
    severity: 'error',
    summary: 'No key usage',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const list = r.list('key_usage');
      if (!list || list.some(({ item }) => item === 'digital_signature' || item === 'key_encipherment')) return [];
      return [
        {
          path: ['key_usage'],
          detail: `key_usage = ${show(r.raw('key_usage'))} has neither "digital_signature" nor "key_encipherment". Set one or both (default both).`,
        },
      ];
    },
  },
  {
    id: 'hash/not-applicable',
    severity: 'error',
    summary: 'Hash algorithm is not set on iOS and macOS',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      return platformOnly(r.type, attributesWithPlatformRule(r.type, 'hash/not-applicable'))(r);
    },
  },
  {
    id: 'hash/sha1-ignored',
    severity: 'warning',
    summary: 'SHA-1 is ignored on this platform',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      if (!r.platform || !SHA1_IGNORED.has(r.platform) || r.string('hash_algorithm') !== 'sha1') return [];
      return [
        {
          path: ['hash_algorithm'],
          detail: `hash_algorithm = "sha1" on ${r.platform}: devices ignore it and use SHA-2. Set "sha2" so the profile says what happens.`,
        },
      ];
    },
  },
  {
    id: 'hash/sha1-weak',
    severity: 'warning',
    summary: 'SHA-1 is weak',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      if (!r.platform || SHA1_IGNORED.has(r.platform) || r.string('hash_algorithm') !== 'sha1') return [];
      return [
        {
          path: ['hash_algorithm'],
          detail: 'hash_algorithm = "sha1": SHA-1 signatures are deprecated and refused by many relying parties. Use "sha2".',
        },
      ];
    },
  },
  {
    id: 'eku/invalid-oid',
    severity: 'error',
    summary: 'Invalid extended key usage OID',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      return ekuItems(r)
        .filter((e) => typeof e.object_identifier === 'string' && !isValidOid(e.object_identifier))
        .map((e) => ({
          path: ['extended_key_usages', e.index, 'object_identifier'],
          detail: `object_identifier = ${show(e.object_identifier)} is not a dotted-decimal OID (first arc 0-2, second arc below 40 under 0 and 1), e.g. "1.3.6.1.5.5.7.3.2" for Client Authentication.`,
        }));
    },
  },
  {
    id: 'eku/empty-name',
    severity: 'error',
    summary: 'Extended key usage without a name',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      return ekuItems(r)
        .filter((e) => typeof e.name === 'string' && e.name.trim() === '')
        .map((e) => ({
          path: ['extended_key_usages', e.index, 'name'],
          detail: `the EKU ${show(e.object_identifier)} has an empty name. Name it, e.g. "Client Authentication".`,
        }));
    },
  },
  {
    id: 'eku/cloud-pki-any-purpose',
    severity: 'error',
    summary: 'Any Purpose in a Cloud PKI profile',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      if (!servedByCloudPki(r)) return [];
      return ekuItems(r)
        .filter((e) => typeof e.object_identifier === 'string' && e.object_identifier.trim() === ANY_PURPOSE_EKU)
        .map((e) => ({
          path: ['extended_key_usages', e.index, 'object_identifier'],
          detail: `Any Purpose (${ANY_PURPOSE_EKU}) is not allowed in a SCEP profile served by Microsoft Cloud PKI: the profile fails and no certificate is issued. Request only usages the issuing CA has, e.g. Client Authentication (1.3.6.1.5.5.7.3.2).`,
        }));
    },
  },
  {
    id: 'eku/none',
    severity: 'warning',
    summary: 'No extended key usage',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const list = r.list('extended_key_usages');
      if (!list || list.length > 0) return [];
      return [
        {
          path: ['extended_key_usages'],
          detail:
            'extended_key_usages = []: most uses (Wi-Fi, VPN, 802.1X) need Client Authentication. Add { name = "Client Authentication", object_identifier = "1.3.6.1.5.5.7.3.2" }, or leave the attribute unset for that default.',
        },
      ];
    },
  },
  {
    id: 'eku/duplicate',
    severity: 'warning',
    summary: 'Duplicate extended key usage',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const seen = new Map<string, number>();
      const findings: Finding[] = [];
      for (const e of ekuItems(r)) {
        if (typeof e.object_identifier !== 'string') continue;
        const oid = e.object_identifier.trim();
        const first = seen.get(oid);
        if (first === undefined) seen.set(oid, e.index);
        else findings.push({ path: ['extended_key_usages', e.index], detail: `EKU ${e.index} (${oid}) repeats EKU ${first}. Remove one.` });
      }
      return findings;
    },
  },
  {
    id: 'limits/too-many',
    severity: 'error',
    summary: 'More entries than Graph accepts',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const caps: [string, number][] = [
        ['extended_key_usages', GRAPH_LIMITS.extendedKeyUsages],
        ['subject_alternative_names', GRAPH_LIMITS.customSubjectAlternativeNames],
        ['silent_access_app_ids', GRAPH_LIMITS.silentCertificateAccessDetails],
      ];
      return caps.flatMap(([name, cap]) => {
        const v = r.raw(name);
        return Array.isArray(v) && v.length > cap
          ? [{ path: [name], detail: `${name} has ${v.length} entries; Graph accepts at most ${cap}. Split the profile or drop entries.` }]
          : [];
      });
    },
  },
];
