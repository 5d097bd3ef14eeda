/**
 * Microsoft Cloud PKI: the CAs a stack declares (`intune_cloud_pki_root_ca`, `intune_cloud_pki_issuing_ca`)
 * and the chain from an issuing CA to the SCEP profiles it serves. What Intune allows is in
 * graph-facts/cloud-pki.ts, each fact with its source.
 */
import {
  ANY_PURPOSE_EKU,
  CLOUD_PKI_COUNTRY_MAX,
  CLOUD_PKI_HASHES,
  CLOUD_PKI_KEY_SIZES,
  CLOUD_PKI_MAX_AUTHORITIES,
  CLOUD_PKI_VALIDITY_YEARS,
} from '../../graph-facts';
import { CA_GRAPH_TYPES, isAttributeReference, type ResourceType } from '../../schema';
import { show } from '../diagnostic';
import type { Finding, ResourceView, Rule, StackView } from '../rule';

const CA_TYPES = Object.keys(CA_GRAPH_TYPES) as (keyof typeof CA_GRAPH_TYPES)[];
const KIND = { intune_cloud_pki_root_ca: 'a root CA', intune_cloud_pki_issuing_ca: 'an issuing CA' } as const;

/** The address an AttributeReference value names, when it names `attribute` of a `type` resource. */
function referencedAddress(v: unknown, type: ResourceType, attribute: string): string | undefined {
  return isAttributeReference(v) && v.ref.type === type && v.ref.attribute === attribute ? v.ref.address : undefined;
}

/** The issuing CAs (addresses) whose SCEP URL a SCEP profile takes by reference. */
function servingCas(profile: ResourceView): { index: number; address: string }[] {
  const raw = profile.raw('scep_server_urls');
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((v, index) => {
    const address = referencedAddress(v, 'intune_cloud_pki_issuing_ca', 'scep_server_url');
    return address ? [{ index, address }] : [];
  });
}

/** The CA (address) whose certificate a trusted root profile takes by reference. */
function certificateCa(root: ResourceView): string | undefined {
  const v = root.raw('certificate');
  return (
    referencedAddress(v, 'intune_cloud_pki_root_ca', 'certificate') ?? referencedAddress(v, 'intune_cloud_pki_issuing_ca', 'certificate')
  );
}

/** The root CA an issuing CA of the stack is anchored to (its address), when it says by reference. */
function rootCaOf(stack: StackView, issuing: ResourceView): ResourceView | undefined {
  return stack.referenced(issuing, 'root_ca_id', 'intune_cloud_pki_root_ca');
}

function ekuOids(r: ResourceView): { index: number; oid: string }[] {
  return r.fieldStrings('extended_key_usages', 'object_identifier').map((e) => ({ index: e.index, oid: e.value.trim() }));
}

export const cloudPkiRules: Rule[] = [
  {
    id: 'cloud-pki/key-size',
    severity: 'error',
    summary: 'A key size Cloud PKI does not offer',
    kind: 'resource',
    types: ['intune_cloud_pki_root_ca'],
    check(r) {
      const v = r.value('key_size');
      const sizes = Object.values(CLOUD_PKI_KEY_SIZES);
      if (v === undefined || (sizes as readonly unknown[]).includes(v)) return [];
      return [
        {
          path: ['key_size'],
          detail: `key_size = ${show(v)}; Cloud PKI offers RSA keys of ${sizes.join(', ')} bits only. Use 2048 (devices of every platform take it) or more.`,
        },
      ];
    },
  },
  {
    id: 'cloud-pki/hash',
    severity: 'error',
    summary: 'A hash algorithm Cloud PKI does not offer',
    kind: 'resource',
    types: ['intune_cloud_pki_root_ca'],
    check(r) {
      const v = r.value('hash_algorithm');
      if (v === undefined || (CLOUD_PKI_HASHES as readonly unknown[]).includes(v)) return [];
      return [
        {
          path: ['hash_algorithm'],
          detail: `hash_algorithm = ${show(v)}; Cloud PKI signs with ${CLOUD_PKI_HASHES.join(', ')} only${/sha-?1$/i.test(String(v)) ? ' (SHA-1 is not offered)' : ''}. Use sha256.`,
        },
      ];
    },
  },
  {
    id: 'cloud-pki/validity',
    severity: 'error',
    summary: 'A CA validity Cloud PKI does not allow',
    kind: 'resource',
    types: CA_TYPES,
    check(r) {
      const type = r.type as keyof typeof CA_GRAPH_TYPES;
      const limits = CLOUD_PKI_VALIDITY_YEARS[CA_GRAPH_TYPES[type]];
      const raw = r.raw('validity_years');
      if (raw === undefined)
        return [
          {
            path: ['validity_years'],
            detail: `validity_years is not set. Give ${KIND[type]} a validity in whole years (the admin center offers ${limits.offered.join(', ')}).`,
          },
        ];
      const v = r.value('validity_years');
      if (v === undefined) return [];
      if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= limits.max) return [];
      return [
        {
          path: ['validity_years'],
          detail: `validity_years = ${show(v)}; ${KIND[type]} is valid for a whole number of years from 1 to ${limits.max} (the admin center offers ${limits.offered.join(', ')}).`,
        },
      ];
    },
  },
  {
    id: 'cloud-pki/root-missing',
    severity: 'error',
    summary: 'An issuing CA without its root CA',
    kind: 'resource',
    types: ['intune_cloud_pki_issuing_ca'],
    check(r) {
      const v = r.raw('root_ca_id');
      if (typeof v === 'string' ? v.trim() !== '' : v !== undefined) return [];
      return [
        {
          path: ['root_ca_id'],
          detail: `root_ca_id is ${v === undefined ? 'not set' : 'empty'}. An issuing CA is signed by a Cloud PKI root CA: root_ca_id = "\${intune_cloud_pki_root_ca.<name>.id}". Bring-your-own CA (a private root) is not supported: create it in the admin center.`,
        },
      ];
    },
  },
  {
    id: 'cloud-pki/any-purpose',
    severity: 'error',
    summary: 'Any Purpose on a Cloud PKI CA',
    kind: 'resource',
    types: CA_TYPES,
    check(r) {
      return ekuOids(r)
        .filter((e) => e.oid === ANY_PURPOSE_EKU)
        .map((e) => ({
          path: ['extended_key_usages', e.index, 'object_identifier'],
          detail: `Any Purpose (${ANY_PURPOSE_EKU}) is not allowed on a Cloud PKI CA. List the usages its certificates serve, e.g. Client Authentication (1.3.6.1.5.5.7.3.2).`,
        }));
    },
  },
  {
    id: 'cloud-pki/country',
    severity: 'error',
    summary: 'A country that is not a two-letter code',
    kind: 'resource',
    types: CA_TYPES,
    check(r) {
      const v = r.string('country');
      if (v === undefined || new RegExp(`^[A-Za-z]{${CLOUD_PKI_COUNTRY_MAX}}$`).test(v)) return [];
      return [
        {
          path: ['country'],
          detail: `country = ${show(v)}; the subject's C is a ${CLOUD_PKI_COUNTRY_MAX}-letter country or region code, e.g. "US" or "DE".`,
        },
      ];
    },
  },
  {
    id: 'cloud-pki/outlives-root',
    severity: 'error',
    summary: 'An issuing CA that would outlive its root',
    kind: 'stack',
    check(ctx) {
      const findings: Finding[] = [];
      for (const issuing of ctx.stack.ofType('intune_cloud_pki_issuing_ca')) {
        const root = rootCaOf(ctx.stack, issuing);
        const years = issuing.number('validity_years');
        const rootYears = root?.number('validity_years');
        if (!root || years === undefined || rootYears === undefined || years < rootYears) continue;
        findings.push({
          address: issuing.address,
          path: ['validity_years'],
          detail: `validity_years = ${years}, but its root ${root.address} is valid for ${rootYears} years from its own creation, before this one's: Intune refuses an issuing CA that ends after its root. Give it fewer years than the root's ${rootYears}.`,
        });
      }
      return findings;
    },
  },
  {
    id: 'cloud-pki/eku-not-in-root',
    severity: 'error',
    summary: 'An issuing CA with a usage its root lacks',
    kind: 'stack',
    check(ctx) {
      const findings: Finding[] = [];
      for (const issuing of ctx.stack.ofType('intune_cloud_pki_issuing_ca')) {
        const root = rootCaOf(ctx.stack, issuing);
        if (!root || root.list('extended_key_usages') === undefined) continue;
        const rootOids = new Set(ekuOids(root).map((e) => e.oid));
        for (const e of ekuOids(issuing))
          if (!rootOids.has(e.oid))
            findings.push({
              address: issuing.address,
              path: ['extended_key_usages', e.index, 'object_identifier'],
              detail: `${e.oid} is not a usage of its root ${root.address} (${[...rootOids].join(', ') || 'none'}); an issuing CA can use only extended key usages its root has. Add it to the root (a new root CA), or remove it here.`,
            });
      }
      return findings;
    },
  },
  {
    id: 'cloud-pki/limit',
    severity: 'error',
    summary: 'More CAs than a tenant may hold',
    kind: 'stack',
    check(ctx) {
      const cas = CA_TYPES.flatMap((t) => ctx.stack.ofType(t));
      if (cas.length <= CLOUD_PKI_MAX_AUTHORITIES) return [];
      return [
        {
          address: cas[CLOUD_PKI_MAX_AUTHORITIES]?.address ?? '',
          path: [],
          detail: `the stack declares ${cas.length} Cloud PKI CAs (${cas.map((c) => c.address).join(', ')}); a tenant holds at most ${CLOUD_PKI_MAX_AUTHORITIES}, root and issuing together. Share an issuing CA between profiles.`,
        },
      ];
    },
  },
  {
    id: 'cloud-pki/common-name-taken',
    severity: 'error',
    summary: 'Two CAs with one common name',
    kind: 'stack',
    check(ctx) {
      const seen = new Map<string, string>();
      const findings: Finding[] = [];
      for (const ca of CA_TYPES.flatMap((t) => ctx.stack.ofType(t))) {
        const cn = ca.string('common_name');
        if (cn === undefined) continue;
        const first = seen.get(cn.toLowerCase());
        if (first)
          findings.push({
            address: ca.address,
            path: ['common_name'],
            detail: `common_name ${show(cn)} is also ${first}'s; a CA's common name is unique in the tenant. Name this CA otherwise.`,
          });
        else seen.set(cn.toLowerCase(), ca.address);
      }
      return findings;
    },
  },
  {
    id: 'cloud-pki/profile-root-mismatch',
    severity: 'error',
    summary: "A Cloud PKI SCEP profile whose trusted root is not its CA's root",
    kind: 'stack',
    check(ctx) {
      const findings: Finding[] = [];
      for (const profile of ctx.stack.ofType('intune_scep_certificate_profile')) {
        const root = ctx.stack.referenced(profile, 'root_certificate_id', 'intune_trusted_root_certificate');
        if (!root) continue;
        const trusted = certificateCa(root);
        for (const { index, address } of servingCas(profile)) {
          const issuing = ctx.stack.get(address);
          const rootCa = issuing ? rootCaOf(ctx.stack, issuing) : undefined;
          if (!rootCa || trusted === rootCa.address) continue;
          findings.push({
            address: profile.address,
            path: ['scep_server_urls', index],
            detail: `its certificates come from ${address}, anchored to ${rootCa.address}, but root_certificate_id is ${root.address}, which ${trusted ? `deploys ${trusted}'s certificate` : 'deploys a certificate of its own'}: devices would not trust the chain. Point root_certificate_id at a trusted root whose certificate = "\${${rootCa.address}.certificate}".`,
          });
        }
      }
      return findings;
    },
  },
  {
    id: 'cloud-pki/chain-not-assigned',
    severity: 'warning',
    summary: "A Cloud PKI SCEP profile reaches devices its chain's certificates do not",
    kind: 'stack',
    check(ctx) {
      const findings: Finding[] = [];
      /** The targets a profile's assignment sets include (group ids and names as written, all users, all devices). */
      const reach = (v: ResourceView) => {
        const groups = new Map<string, string>();
        for (const a of ctx.stack.assignmentsOf(v)) {
          for (const key of ['include_group_ids', 'include_group_names'])
            for (const { item } of a.list(key) ?? []) if (typeof item === 'string') groups.set(item.toLowerCase(), item);
          if (a.value('all_users') === true) groups.set('\0all_users', 'all users');
          if (a.value('all_devices') === true) groups.set('\0all_devices', 'all devices');
        }
        return groups;
      };
      for (const profile of ctx.stack.ofType('intune_scep_certificate_profile')) {
        const wanted = reach(profile);
        for (const { address } of servingCas(profile)) {
          const issuing = ctx.stack.get(address);
          const chain = [address, ...(issuing ? [rootCaOf(ctx.stack, issuing)?.address ?? ''] : [])].filter((a) => a !== '');
          for (const ca of chain) {
            const deploying = ctx.stack
              .ofType('intune_trusted_root_certificate')
              .filter((t) => t.platform === profile.platform && certificateCa(t) === ca);
            if (deploying.length === 0) {
              findings.push({
                address: profile.address,
                path: [],
                detail: `no trusted certificate profile on ${String(profile.platform)} deploys ${ca}'s certificate: devices would not trust the certificates ${address} issues. Add one with certificate = "\${${ca}.certificate}", assigned as this profile is.`,
              });
              continue;
            }
            const covered = new Map(deploying.flatMap((t) => [...reach(t)]));
            if (covered.has('\0all_users') || covered.has('\0all_devices')) continue;
            const missing = [...wanted].filter(([key]) => !covered.has(key)).map(([, shown]) => JSON.stringify(shown));
            if (missing.length > 0)
              findings.push({
                address: profile.address,
                path: [],
                detail: `it reaches ${missing.join(', ')}, where no trusted certificate profile deploys ${ca}'s certificate (${deploying.map((t) => t.address).join(', ')} ${deploying.length === 1 ? 'is' : 'are'} not assigned there): devices there would not trust the certificates ${address} issues. Assign ${deploying.length === 1 ? 'it' : 'them'} to the same groups.`,
              });
          }
        }
      }
      return findings;
    },
  },
];
