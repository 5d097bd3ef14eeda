/** SCEP server URLs: NDES (through the certificate connector) or a Microsoft Cloud PKI issuing CA. */
import { CLOUD_PKI_FQDN_PLACEHOLDER } from '../../graph-facts';
import { PLATFORM_TABLE, isAttributeReference } from '../../schema';
import { show } from '../diagnostic';
import type { Finding, ResourceView, Rule } from '../rule';

/** Platforms whose devices reach SCEP servers over https only (a fact of the platform table). */
const HTTPS_REQUIRED = new Set<string>(
  Object.values(PLATFORM_TABLE)
    .filter((p) => p.scepHttpsOnly)
    .map((p) => p.platform),
);

function parseUrl(text: string): URL | undefined {
  try {
    const u = new URL(text.trim());
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' ? u : undefined;
  } catch {
    return undefined;
  }
}

function urls(r: ResourceView): { index: number; text: string; url: URL | undefined }[] {
  return (r.list('scep_server_urls') ?? []).flatMap(({ index, item }) =>
    typeof item === 'string' ? [{ index, text: item, url: parseUrl(item) }] : [],
  );
}

/**
 * A Cloud PKI issuing CA's SCEP URI: the `{{CloudPKIFQDN}}` placeholder as its host (graph-facts/cloud-pki.ts).
 * `fixedHost`: a URL in the service's path form whose placeholder was replaced by a host name.
 */
const AS_SHOWN = new RegExp(`^https://${CLOUD_PKI_FQDN_PLACEHOLDER.replace(/[{}]/g, '\\$&')}\\.?(?=[/:?#]|$)`);
const CLOUD_PKI_PATH = /\/CloudPki\/CloudPkiService\/Scep\//i;
/**
 * `asShown`: the URI as the admin center shows it, the literal placeholder as its https host (a
 * trailing dot too). `altered`: a Cloud PKI URI written otherwise: the placeholder encoded, spelled
 * in other characters or replaced by a host, or the service's path (read decoded) on another host,
 * or http.
 */
function cloudPki(u: { text: string; url: URL | undefined }): 'asShown' | 'altered' | undefined {
  if (AS_SHOWN.test(u.text.trim())) return 'asShown';
  if (!u.url) return undefined;
  let path = u.url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // a malformed escape: read the path as written
  }
  return CLOUD_PKI_PATH.test(path) || /cloudpkifqdn/i.test(u.url.hostname) ? 'altered' : undefined;
}

/** Whether the profile gets its certificates from a Microsoft Cloud PKI issuing CA (one of its URLs is one). */
export function servedByCloudPki(r: ResourceView): boolean {
  const raw = r.raw('scep_server_urls');
  const byReference = Array.isArray(raw) && raw.some((v) => isAttributeReference(v) && v.ref.type === 'intune_cloud_pki_issuing_ca');
  return byReference || urls(r).some((u) => cloudPki(u) !== undefined);
}

export const scepUrlRules: Rule[] = [
  {
    id: 'scep-url/missing',
    severity: 'error',
    summary: 'No SCEP server URL',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const raw = r.raw('scep_server_urls');
      if (raw !== undefined && (!Array.isArray(raw) || raw.length > 0)) return [];
      return [
        {
          path: ['scep_server_urls'],
          detail: `scep_server_urls is ${raw === undefined ? 'not set' : 'empty'}. Add the NDES URL, e.g. "https://ndes.contoso.com/certsrv/mscep/mscep.dll" (or the Intune certificate connector's proxy URL).`,
        },
      ];
    },
  },
  {
    id: 'scep-url/invalid',
    severity: 'error',
    summary: 'Invalid SCEP server URL',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      return urls(r)
        .filter((u) => !u.url)
        .map((u) => ({
          path: ['scep_server_urls', u.index],
          detail: `${show(u.text)} is not an absolute http or https URL with a host, e.g. "https://ndes.contoso.com/certsrv/mscep/mscep.dll".`,
        }));
    },
  },
  {
    id: 'scep-url/https-required',
    severity: 'error',
    summary: 'HTTPS required on Android Enterprise and device administrator',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      if (!r.platform || !HTTPS_REQUIRED.has(r.platform)) return [];
      return urls(r)
        .filter((u) => u.url?.protocol === 'http:')
        .map((u) => ({
          path: ['scep_server_urls', u.index],
          detail: `${show(u.text)} uses http; ${r.platform} devices only reach SCEP servers over https. Publish NDES over https (e.g. through Microsoft Entra application proxy) and use the https URL.`,
        }));
    },
  },
  {
    id: 'scep-url/duplicate',
    severity: 'warning',
    summary: 'Duplicate SCEP server URL',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const seen = new Map<string, number>();
      const findings: Finding[] = [];
      for (const u of urls(r)) {
        const key = u.url ? u.url.href : u.text.trim();
        const first = seen.get(key);
        if (first === undefined) seen.set(key, u.index);
        else findings.push({ path: ['scep_server_urls', u.index], detail: `${show(u.text)} repeats URL ${first}. Remove one.` });
      }
      return findings;
    },
  },
  {
    id: 'scep-url/cloud-pki-alone',
    severity: 'error',
    summary: 'A Cloud PKI SCEP URI must be the only URL',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      // An issuing CA's scep_server_url by reference is a Cloud PKI URI too.
      const raw = r.raw('scep_server_urls');
      const referenced = (Array.isArray(raw) ? raw : []).flatMap((v) =>
        isAttributeReference(v) && v.ref.type === 'intune_cloud_pki_issuing_ca' ? [{ text: v.text, url: undefined, pki: true }] : [],
      );
      const all = [...referenced, ...urls(r).map((u) => ({ ...u, pki: cloudPki(u) !== undefined }))];
      const pki = all.filter((u) => u.pki);
      if (pki.length === 0 || all.length === 1) return [];
      const first = pki[0] as (typeof pki)[number];
      const other = all.find((u) => u !== first) as (typeof all)[number];
      const more = all.length > 2 ? ` (and ${all.length - 2} more)` : '';
      return [
        {
          path: ['scep_server_urls'],
          detail: other.pki
            ? `${show(first.text)} and ${show(other.text)}${more} are Microsoft Cloud PKI SCEP URIs: Intune supports one per profile. Make a profile per issuing CA.`
            : `${show(first.text)} is a Microsoft Cloud PKI SCEP URI, and ${show(other.text)}${more} is another server: Intune supports one Cloud PKI SCEP URI per profile, never mixed with NDES URLs. Keep only the issuing CA's SCEP URI.`,
        },
      ];
    },
  },
  {
    id: 'scep-url/cloud-pki-placeholder',
    severity: 'warning',
    summary: 'Keep {{CloudPKIFQDN}} in a Cloud PKI SCEP URI',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      return urls(r)
        .filter((u) => cloudPki(u) === 'altered')
        .map((u) => ({
          path: ['scep_server_urls', u.index],
          detail: `${show(u.text)} is a Microsoft Cloud PKI SCEP URI not written as the admin center shows it: its host must be the literal text ${CLOUD_PKI_FQDN_PLACEHOLDER}, over https, which Intune replaces when it delivers the profile (here ${u.url?.protocol === 'http:' ? 'it is http' : `the host reads ${show(u.url?.hostname ?? '')}`}). Paste the issuing CA's SCEP URI as it is.`,
        }));
    },
  },
  {
    id: 'scep-url/load-balancing',
    severity: 'warning',
    summary: 'Several SCEP servers need session affinity',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const all = urls(r);
      // A Cloud PKI URI with others is scep-url/cloud-pki-alone's error; there is no NDES to balance.
      if (all.some((u) => cloudPki(u) !== undefined)) return [];
      const distinct = new Set(all.map((u) => (u.url ? u.url.href : u.text.trim())));
      if (distinct.size <= 1) return [];
      // What a device does with the list is a platform fact (PlatformInfo.scepUrls, from the article).
      const behaviour = r.platform ? PLATFORM_TABLE[r.platform].scepUrls : undefined;
      const devices =
        behaviour === 'single'
          ? ` ${PLATFORM_TABLE[r.platform as keyof typeof PLATFORM_TABLE].label} devices get no failover: "Intune randomizes the URLs and provides a single URL to a device. If the device can't access the NDES server, the SCEP request fails" (until its next check-in), so every server must be up.`
          : behaviour === 'failover'
            ? ' The device tries them in turn until one answers, then keeps that one.'
            : '';
      return [
        {
          path: ['scep_server_urls'],
          detail: `${distinct.size} SCEP URLs: each device makes three calls (capabilities, CA certificate, signing request) that must reach the same NDES server. Make sure a load balancer in front keeps session affinity.${devices}`,
        },
      ];
    },
  },
];
