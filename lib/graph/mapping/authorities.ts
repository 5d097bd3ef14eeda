/**
 * Cloud PKI CAs both ways: our `intune_cloud_pki_root_ca` / `intune_cloud_pki_issuing_ca` attributes
 * to the create body (typed with Microsoft's published `cloudCertificationAuthority`), and a CA as
 * Graph answers it back to attributes, its certificate checked (caCertificatePem) before any
 * trusted certificate profile may take it.
 *
 * | attribute                | Graph                                                          |
 * |--------------------------|----------------------------------------------------------------|
 * | (the type)               | cloudCertificationAuthorityType root / issuing                 |
 * | root_ca_id               | certificationAuthorityIssuerId                                 |
 * | common_name, organization, organization_unit, locality, state_or_province, country:        |
 * |                          | commonName, organizationName, organizationUnit, localityName,  |
 * |                          | stateName, countryName                                         |
 * | key_size, hash_algorithm | certificateKeySize (rsa2048 ...), cloudCertificationAuthority- |
 * |                          | HashingAlgorithm                                               |
 * | validity_years           | validityPeriodInYears                                          |
 * | extended_key_usages      | extendedKeyUsages [{name, objectIdentifier}]                   |
 * | status                   | certificationAuthorityStatus                                   |
 * | certificate              | certificateDownloadUrl (a data: URL of the DER), as PEM        |
 * | thumbprint, not_after,   | thumbprint, validityEndDateTime, scepServerUrl                 |
 * | scep_server_url          |                                                                |
 */
import { X509Certificate } from 'node:crypto';
import type * as G from '@microsoft/microsoft-graph-types-beta';
import { DiagnosticError, type Diagnostic } from '../../rules';
import { withDefaults, toEnum } from './bodies';
import { CA_GRAPH_TYPES, GRAPH_ENUMS, type Attrs, type ResourceType } from '../../schema';

export const CLOUD_CA_ODATA_TYPE = '#microsoft.graph.cloudCertificationAuthority';

/** The two CA resource types and the Graph type each is (schema's table, checked against Microsoft's enum). */
export const CA_TYPES = CA_GRAPH_TYPES satisfies Partial<Record<ResourceType, G.CloudCertificationAuthorityType>>;

export type CaResourceType = keyof typeof CA_TYPES;

export const isCaType = (type: string): type is CaResourceType => Object.hasOwn(CA_TYPES, type);

/** A CA as Graph answers it (the properties read here; Graph sends more). */
export interface CloudCa {
  id: string;
  '@odata.type'?: string;
  displayName: string;
  description?: string | null;
  roleScopeTagIds?: string[] | null;
  commonName?: string | null;
  organizationName?: string | null;
  organizationUnit?: string | null;
  localityName?: string | null;
  stateName?: string | null;
  countryName?: string | null;
  cloudCertificationAuthorityType?: string;
  certificationAuthorityStatus?: string;
  certificationAuthorityIssuerId?: string | null;
  certificateDownloadUrl?: string | null;
  rootCertificateCommonName?: string | null;
  thumbprint?: string | null;
  scepServerUrl?: string | null;
  validityEndDateTime?: string | null;
  validityPeriodInYears?: number | null;
  certificateKeySize?: string | null;
  cloudCertificationAuthorityHashingAlgorithm?: string | null;
  extendedKeyUsages?: { name?: string | null; objectIdentifier?: string | null }[] | null;
  versionNumber?: number;
  [property: string]: unknown;
}

const SUBJECT = [
  ['common_name', 'commonName'],
  ['organization', 'organizationName'],
  ['organization_unit', 'organizationUnit'],
  ['locality', 'localityName'],
  ['state_or_province', 'stateName'],
  ['country', 'countryName'],
] as const;

/**
 * The create body of a CA: every property an admin chooses. An issuing CA names its root by id
 * (`rootId`, resolved by the caller) and takes its root's key size and hash.
 */
export function caToGraph(type: CaResourceType, config: Attrs, rootId?: string): G.CloudCertificationAuthority & { displayName: string } {
  const a = withDefaults(type, config);
  const body: G.CloudCertificationAuthority & { displayName: string } = {
    displayName: String(a.display_name ?? ''),
    ...(typeof a.description === 'string' ? { description: a.description } : {}),
    roleScopeTagIds: (a.role_scope_tag_ids as string[] | undefined) ?? ['0'],
    cloudCertificationAuthorityType: CA_TYPES[type],
    validityPeriodInYears: a.validity_years as number,
    extendedKeyUsages: ((a.extended_key_usages as { name: string; object_identifier: string }[] | undefined) ?? []).map((u) => ({
      name: u.name,
      objectIdentifier: u.object_identifier,
    })),
  };
  for (const [ours, graph] of SUBJECT) if (typeof a[ours] === 'string') body[graph] = a[ours] as string;
  if (type === 'intune_cloud_pki_root_ca') {
    body.certificateKeySize = toEnum('ca_key_size', a.key_size, 'key_size');
    body.cloudCertificationAuthorityHashingAlgorithm = toEnum('ca_hash_algorithm', a.hash_algorithm, 'hash_algorithm');
  } else body.certificationAuthorityIssuerId = rootId ?? null;
  return body;
}

/** What a PATCH may change (graph-facts' CLOUD_PKI_UPDATABLE), from our attributes. */
export function caUpdateBody(config: Attrs): { displayName: string; description: string | null; roleScopeTagIds: string[] } {
  return {
    displayName: String(config.display_name ?? ''),
    description: typeof config.description === 'string' ? config.description : null,
    roleScopeTagIds: (config.role_scope_tag_ids as string[] | undefined) ?? ['0'],
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const ourEnum = (name: 'ca_key_size' | 'ca_hash_algorithm', v: unknown): string | undefined =>
  Object.entries(GRAPH_ENUMS[name] as Readonly<Record<string, string>>).find(([, g]) => g === v)?.[0];

/**
 * A CA as our attributes. The certificate is taken only once caCertificatePem accepts it; one it
 * refuses is an error diagnostic (no trusted certificate profile may take it), and is left out.
 */
export function caFromGraph(
  ca: CloudCa,
  address = '',
): { type: CaResourceType | undefined; attrs: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const type = (Object.keys(CA_TYPES) as CaResourceType[]).find((t) => CA_TYPES[t] === ca.cloudCertificationAuthorityType);
  const attrs: Record<string, unknown> = { id: ca.id, display_name: ca.displayName };
  if (str(ca.description)) attrs.description = ca.description;
  if (Array.isArray(ca.roleScopeTagIds)) attrs.role_scope_tag_ids = ca.roleScopeTagIds;
  for (const [ours, graph] of SUBJECT) if (str(ca[graph])) attrs[ours] = ca[graph];
  if (typeof ca.validityPeriodInYears === 'number') attrs.validity_years = ca.validityPeriodInYears;
  if (Array.isArray(ca.extendedKeyUsages))
    attrs.extended_key_usages = ca.extendedKeyUsages.map((u) => ({ name: u?.name ?? '', object_identifier: u?.objectIdentifier ?? '' }));
  if (type === 'intune_cloud_pki_root_ca') {
    const size = ourEnum('ca_key_size', ca.certificateKeySize);
    if (size !== undefined) attrs.key_size = Number(size);
    const hash = ourEnum('ca_hash_algorithm', ca.cloudCertificationAuthorityHashingAlgorithm);
    if (hash !== undefined) attrs.hash_algorithm = hash;
  }
  if (type === 'intune_cloud_pki_issuing_ca') {
    if (str(ca.certificationAuthorityIssuerId)) attrs.root_ca_id = ca.certificationAuthorityIssuerId;
    if (str(ca.scepServerUrl)) attrs.scep_server_url = ca.scepServerUrl;
  }
  if (str(ca.certificationAuthorityStatus)) attrs.status = ca.certificationAuthorityStatus;
  if (str(ca.validityEndDateTime)) attrs.not_after = ca.validityEndDateTime;
  if (str(ca.certificateDownloadUrl)) {
    try {
      attrs.certificate = caCertificatePem(ca);
      attrs.thumbprint = String(ca.thumbprint).toUpperCase();
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      diagnostics.push({ ...e.diagnostic, address, path: ['certificate'] });
    }
  }
  return { type, attrs, diagnostics };
}

/**
 * The CA's certificate as PEM, from `certificateDownloadUrl` (a `data:` URL holding the DER, as the
 * service answers it), checked to be exactly one CA certificate issued to the CA's common name (a
 * root signing itself) whose SHA-1 is the CA's `thumbprint`.
 */
export function caCertificatePem(ca: CloudCa): string {
  const url = ca.certificateDownloadUrl ?? '';
  const fail = (why: string) =>
    new DiagnosticError(
      'cloud-pki/certificate',
      "A CA's certificate cannot be read",
      `The Cloud PKI CA '${ca.displayName}' (${ca.id}): ${why}.`,
    );
  const m = /^data:[^,;]*;base64,([A-Za-z0-9+/=\s]+)$/.exec(url);
  if (!m)
    throw fail(
      url === '' ? 'Graph gave no certificate (is it active?)' : 'its certificateDownloadUrl is not a data: URL holding the certificate',
    );
  const der = Buffer.from(m[1] as string, 'base64');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    throw fail('its certificateDownloadUrl holds no X.509 certificate');
  }
  // Exactly one DER certificate: not PEM text, nothing before or after it.
  if (!cert.raw.equals(der)) throw fail('its certificateDownloadUrl holds more than one DER certificate');
  if (!cert.ca) throw fail('the certificate Graph gives is not a CA certificate');
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1];
  if (typeof ca.commonName === 'string' && cn !== ca.commonName)
    throw fail(
      `the certificate is issued to ${JSON.stringify(cn ?? cert.subject)}, not to the CA's common name ${JSON.stringify(ca.commonName)}`,
    );
  if (ca.cloudCertificationAuthorityType === 'rootCertificationAuthority' && !(cert.checkIssued(cert) && cert.verify(cert.publicKey)))
    throw fail('the root CA certificate Graph gives does not sign itself');
  if (cert.fingerprint.replace(/:/g, '') !== String(ca.thumbprint ?? '').toUpperCase())
    throw fail(
      `the certificate's SHA-1 is ${cert.fingerprint.replace(/:/g, '')}, not the thumbprint Graph gives (${String(ca.thumbprint)})`,
    );
  return cert.toString();
}

/** cloud-pki/certificate: a CA whose certificate no profile may take, and why. */
function refusal(what: string, why: string): Diagnostic {
  return {
    severity: 'error',
    code: 'cloud-pki/certificate',
    address: '',
    path: ['certificate'],
    summary: "A CA's certificate cannot be read",
    detail: `${what}: ${why}. intune-scep deploys no certificate of it; look at the CA in the Intune admin center.`,
  };
}

/**
 * Why an issuing CA's certificate (PEM) is not one its root CA's certificate issued and signed, or
 * undefined when it is: an issuing CA's certificate goes to devices' intermediate store only then.
 */
export function notIssuedBy(issuingPem: string, rootPem: string | undefined, what: string): Diagnostic | undefined {
  const refuse = (why: string) => refusal(what, why);
  if (rootPem === undefined) return refuse("its root CA's certificate could not be read, so its own cannot be checked");
  try {
    const cert = new X509Certificate(issuingPem);
    const root = new X509Certificate(rootPem);
    if (!cert.raw.equals(root.raw) && cert.checkIssued(root) && cert.verify(root.publicKey)) return undefined;
  } catch {
    // unreadable: refused below
  }
  return refuse('its certificate is not issued and signed by its root CA');
}

/** What the caller already knows of a CA: what its answer must agree with. */
export interface KnownAuthority {
  /** The root CA it was created under (the configured `root_ca_id`, or the one state records). */
  readonly rootId?: string | undefined;
  /** That root's certificate (PEM), when the caller holds it (read from a root CA: rootCaCertificate). */
  readonly rootCertificate?: string | undefined;
  /** The thumbprint state records for it: a CA's certificate never changes under its id. */
  readonly thumbprint?: string | undefined;
}

/**
 * Why a CA's answer (as attributes) disagrees with what is known of it, or undefined: it names
 * another root than it was created under, its certificate is not the one state records, or (an
 * issuing CA) its certificate is not issued and signed by its root's.
 */
export function authorityRefusal(
  type: CaResourceType | undefined,
  attrs: Readonly<Record<string, unknown>>,
  known: KnownAuthority,
  what: string,
): Diagnostic | undefined {
  const refuse = (why: string) => refusal(what, why);
  const answered = typeof attrs.root_ca_id === 'string' ? attrs.root_ca_id : undefined;
  if (type === 'intune_cloud_pki_issuing_ca' && answered === undefined)
    return refuse('Graph names no root CA for this issuing CA, so its certificate cannot be checked against one');
  if (known.rootId !== undefined && answered !== undefined && answered.toLowerCase() !== known.rootId.toLowerCase())
    return refuse(`Graph names ${answered} as its root CA, not ${known.rootId}, the root it was created under`);
  if (
    known.thumbprint !== undefined &&
    typeof attrs.thumbprint === 'string' &&
    attrs.thumbprint.toUpperCase() !== known.thumbprint.toUpperCase()
  )
    return refuse(
      `its certificate is not the one state records (thumbprint ${attrs.thumbprint}, not ${known.thumbprint}); a CA's certificate never changes`,
    );
  if (type === 'intune_cloud_pki_issuing_ca' && typeof attrs.certificate === 'string')
    return notIssuedBy(attrs.certificate, known.rootCertificate, what);
  return undefined;
}

/**
 * The certificate (PEM) of `root` when it is a root CA of that id, else undefined (then an issuing
 * CA that names it cannot be checked, and is refused): the "root" an answer names may be anything.
 */
export function rootCaCertificate(root: CloudCa | undefined, id: string): string | undefined {
  if (!root || root.id.toLowerCase() !== id.toLowerCase() || root.cloudCertificationAuthorityType !== CA_TYPES.intune_cloud_pki_root_ca)
    return undefined;
  const pem = caFromGraph(root).attrs.certificate;
  return typeof pem === 'string' ? pem : undefined;
}
