/**
 * Microsoft Cloud PKI: what Intune allows and requires of its certification authorities beyond what
 * the published types carry (those are generated: `cloudCertificationAuthority`,
 * `cloudCertificationAuthorityLeafCertificate` and their enums in generated.ts). One place, each fact
 * with its source; a behaviour Microsoft does not document is marked "not documented" with the
 * choice the mock makes (strict, so the engine is built for the stricter service).
 *
 * Sources (Microsoft Learn; the same pages live in github.com/MicrosoftDocs/memdocs, intune/cloud-pki/):
 * - OVERVIEW  https://learn.microsoft.com/intune/cloud-pki/            (index.md: limits, algorithms)
 * - CONFIGURE https://learn.microsoft.com/intune/cloud-pki/configure-ca (configure-ca.md: root and
 *             issuing CA fields, validity choices, EKUs, SCEP URI, trusted certificate profiles)
 * - DELETE    https://learn.microsoft.com/intune/cloud-pki/delete-ca    (delete-ca.md: pause, revoke, delete)
 * - GRAPH     https://learn.microsoft.com/graph/api/resources/intune-cloudpkigraphservice-cloudcertificationauthority?view=graph-rest-beta
 *             and its method pages (create, get, list, update, delete, changeCloudCertificationAuthorityStatus,
 *             revokeCloudCertificationAuthorityCertificate, revokeLeafCertificate, getAllCloudCertificationAuthorityLeafCertificates)
 */

/** The collection, below the Graph version. GRAPH. */
export const CLOUD_PKI_COLLECTION = '/deviceManagement/cloudCertificationAuthority';

/** A tenant holds at most 6 CAs, root and issuing (and bring-your-own) counted together. OVERVIEW. */
export const CLOUD_PKI_MAX_AUTHORITIES = 6;

/**
 * Key sizes Cloud PKI offers: RSA 2048, 3072 and 4096 (OVERVIEW, CONFIGURE). The published enum also
 * has ECC members (eCP256…); Cloud PKI does not document them, and the mock refuses them.
 */
export const CLOUD_PKI_KEY_SIZES = { rsa2048: 2048, rsa3072: 3072, rsa4096: 4096 } as const;

/** Hash algorithms: SHA-256, SHA-384, SHA-512; SHA-1 is not supported. OVERVIEW, CONFIGURE. */
export const CLOUD_PKI_HASHES = ['sha256', 'sha384', 'sha512'] as const;

/**
 * Validity in years. The admin center offers 5, 10, 15, 20 or 25 for a root and 2, 4, 6, 8 or 10
 * for an issuing CA; other values "through Microsoft Graph" (CONFIGURE), in a range not documented:
 * the mock takes whole years from 1 to the admin center's largest. An issuing CA cannot outlive its
 * root (CONFIGURE).
 */
export const CLOUD_PKI_VALIDITY_YEARS = {
  rootCertificationAuthority: { offered: [5, 10, 15, 20, 25], max: 25 },
  issuingCertificationAuthority: { offered: [2, 4, 6, 8, 10], max: 10 },
} as const;

/**
 * "Any Purpose" is not allowed as an extended key usage of a CA (or of a Cloud PKI SCEP profile), and
 * an issuing CA can use only extended key usages its root has. CONFIGURE.
 */
export const ANY_PURPOSE_EKU = '2.5.29.37.0';

/** Country or region: two characters. CONFIGURE. */
export const CLOUD_PKI_COUNTRY_MAX = 2;

/**
 * What a PATCH may change: the properties the published type marks read/write (GRAPH). Everything an
 * admin chooses at creation (type, issuer, name parts, key size, hash, EKUs, validity) is fixed: "If
 * later you need to add another EKU, you must create a new CA" (CONFIGURE). A PATCH answers 200 with
 * the CA (GRAPH, update).
 */
export const CLOUD_PKI_UPDATABLE = ['displayName', 'description', 'roleScopeTagIds'] as const;

/**
 * The SCEP server URL of an issuing CA keeps the literal placeholder `{{CloudPKIFQDN}}`, which Intune
 * replaces when it delivers the profile; paste it as it is into the SCEP profile, one Cloud PKI URL
 * per profile, never mixed with NDES URLs. A root CA has none. CONFIGURE.
 */
export const CLOUD_PKI_FQDN_PLACEHOLDER = '{{CloudPKIFQDN}}';

// The SCEP profile's root certificate is the trusted certificate profile of the root CA the issuing
// CA is anchored to; every platform also needs a trusted certificate profile of the issuing CA.
// CONFIGURE. (For the chain rules to come; nothing reads it yet.)

/**
 * Lifecycle (DELETE): an issuing CA is paused (it stops issuing; resume makes it active again), its
 * active leaf certificates are revoked, then the CA is revoked (permanent), then deleted. A root CA is
 * deleted only once every issuing CA anchored to it is deleted. Status changes go through the
 * `changeCloudCertificationAuthorityStatus` action (active ↔ paused) and
 * `revokeCloudCertificationAuthorityCertificate` (GRAPH).
 *
 * Not documented: whether a create answers before the CA is ready ("after cloud certification
 * authorities are created their status is set to active", GRAPH). The mock answers the create with
 * status `unknown` and no certificate, and the CA becomes `active` with its certificate on a later
 * read (the mock's `caReadsUntilActive`), so a client must wait for it.
 */
export const CLOUD_PKI_STATUS_CHANGES: Readonly<Record<string, readonly string[]>> = {
  active: ['paused'],
  paused: ['active'],
};
