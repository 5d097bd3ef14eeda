/**
 * Cloud PKI certification authorities (Intune, beta): root and issuing CAs with real certificates
 * (certificates.ts), the SCEP server URL of an issuing CA, the leaf certificates a CA issued, status
 * changes, revocation and deletion in the order Intune requires. Every rule and its source is in
 * graph-facts/cloud-pki.ts; the property names come from Microsoft's published types.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { badRequest, notFound } from '../errors';
import { parseFilter, parseQuery, project } from '../odata';
import {
  ANY_PURPOSE_EKU,
  CLOUD_PKI_COUNTRY_MAX,
  CLOUD_PKI_FQDN_PLACEHOLDER,
  CLOUD_PKI_HASHES,
  CLOUD_PKI_KEY_SIZES,
  CLOUD_PKI_MAX_AUTHORITIES,
  CLOUD_PKI_STATUS_CHANGES,
  CLOUD_PKI_UPDATABLE,
  CLOUD_PKI_VALIDITY_YEARS,
  ENTITY_TYPE_FACTS,
} from '../../graph-facts';
import { issueCaCertificate, type CaSubject } from '../certificates';
import type { Entity, MockAuthority } from '../store';
import { betaOnly } from './assignments';
import { checkSelect, iso, listPage, objectBody } from './helpers';
import type { Handler, MockRequest, RouteContext } from './router';

const CA = 'cloudCertificationAuthority';
const LEAF = 'cloudCertificationAuthorityLeafCertificate';
const CA_ODATA = `#microsoft.graph.${CA}`;
const LEAF_ODATA = `#microsoft.graph.${LEAF}`;
const CA_PROPS: Readonly<Record<string, { readOnly?: boolean }>> = ENTITY_TYPE_FACTS[CA]?.properties ?? {};
const LEAF_PROPS: Readonly<Record<string, { readOnly?: boolean }>> = ENTITY_TYPE_FACTS[LEAF]?.properties ?? {};
/** What an admin chooses when creating a CA; the published type marks most of them read-only (they never change after). */
const CREATE_PROPS = new Set([
  ...CLOUD_PKI_UPDATABLE,
  'cloudCertificationAuthorityType',
  'certificationAuthorityIssuerId',
  'validityPeriodInYears',
  'commonName',
  'organizationName',
  'organizationUnit',
  'countryName',
  'stateName',
  'localityName',
  'certificateKeySize',
  'cloudCertificationAuthorityHashingAlgorithm',
  'extendedKeyUsages',
]);
const SUBJECT_PARTS = ['commonName', 'organizationName', 'organizationUnit', 'countryName', 'stateName', 'localityName'] as const;
/** Properties that come from the CA's certificate: null until the CA is active. */
const CERTIFICATE_PROPS = [
  'certificateDownloadUrl',
  'certificateRevocationListUrl',
  'certificationAuthorityIssuerUri',
  'scepServerUrl',
  'serialNumber',
  'subjectName',
  'thumbprint',
  'validityStartDateTime',
  'validityEndDateTime',
] as const;
/** The account segment of the SCEP URLs this mock tenant serves (the service's form; the value is opaque). */
const ACCOUNT = '6c0a1f0e-5bd4-4b0c-9a3e-1f2a3b4c5d6e';
/** Where the service publishes a CA's certificate (its form; the mock serves nothing there). */
const caCertUrl = (id: string) => `http://primary-cdn.pki.azure.net/mock/cacerts/${ACCOUNT}/${id}_v1/cert.cer`;
/** `years` calendar years after `ms`. */
function yearsAfter(ms: number, years: number): Date {
  const d = new Date(ms);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}
/** Reads of each CA still being created (not persisted: a restarted mock finds it ready at the next read). */
const reads = new WeakMap<RouteContext['store'], Map<string, number>>();

/** $filter: what Graph documents as filterable (certificationAuthorityStatus) and what a client finds a CA by. */
const CA_FILTERABLE = new Set(['id', 'displayName', 'commonName', 'certificationAuthorityStatus', 'cloudCertificationAuthorityType']);

const caNotFound = (id: string) => notFound(`Resource not found for the segment '${CA}' with id '${id}'.`);

function authorityOf(ctx: RouteContext, id: string): MockAuthority {
  const a = ctx.store.authorities.get(id);
  if (!a) throw caNotFound(id);
  return a;
}

/** A read of the CA: one that is still being created becomes active once it has been read enough. */
function read(ctx: RouteContext, a: MockAuthority): MockAuthority {
  if (a.entity.certificationAuthorityStatus !== 'unknown') return a;
  const seen = reads.get(ctx.store) ?? new Map<string, number>();
  reads.set(ctx.store, seen);
  const n = (seen.get(a.entity.id) ?? 0) + 1;
  seen.set(a.entity.id, n);
  if (n <= ctx.behaviour.caReadsUntilActive) return a;
  const active = { ...a, entity: { ...a.entity, certificationAuthorityStatus: 'active' } };
  ctx.store.putAuthority(active);
  return active;
}

/** The CA as Graph serves it: no private key; no certificate while it is being created. */
function view(a: MockAuthority): Entity {
  const e: Entity = { ...a.entity };
  if (e.certificationAuthorityStatus === 'unknown') for (const p of CERTIFICATE_PROPS) e[p] = null;
  return e;
}

function ready(a: MockAuthority, doing: string): void {
  if (a.entity.certificationAuthorityStatus === 'unknown')
    throw badRequest(`The certification authority '${a.entity.id}' is still being created; ${doing} once its status is active.`);
}

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** Dotted decimal as X.690 encodes it: first arc 0-2, second below 40 under 0 and 1, no leading zeros. */
function isOid(oid: string): boolean {
  if (!/^[0-2](\.(0|[1-9]\d*))+$/.test(oid)) return false;
  const [first, second] = oid.split('.').map(Number) as [number, number];
  return first === 2 || second < 40;
}

/** A string with a lone UTF-16 surrogate, which no certificate (UTF-8) can hold. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkNames(body: Record<string, unknown>, mode: 'create' | 'update'): void {
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string' && LONE_SURROGATE.test(v)) throw badRequest(`'${k}' holds a lone UTF-16 surrogate, which is not text.`);
    if (k === '@odata.type') {
      if (v !== CA_ODATA) throw badRequest(`The '@odata.type' must be '${CA_ODATA}', not '${String(v)}'.`);
      continue;
    }
    if (!(k in CA_PROPS)) throw badRequest(`The property '${k}' does not exist on type 'microsoft.graph.${CA}'.`);
    const allowed = mode === 'create' ? CREATE_PROPS : new Set<string>(CLOUD_PKI_UPDATABLE);
    if (!allowed.has(k))
      throw badRequest(
        mode === 'create'
          ? `The property '${k}' is read-only on 'microsoft.graph.${CA}': Intune sets it.`
          : `The property '${k}' of a certification authority cannot change after it is created (only ${CLOUD_PKI_UPDATABLE.join(', ')} can); create a new CA.`,
      );
  }
  if ('displayName' in body && !text(body.displayName)) throw badRequest("A value is required for property 'displayName'.");
  if ('description' in body && body.description !== null && typeof body.description !== 'string')
    throw badRequest("'description' must be a string or null.");
  if ('roleScopeTagIds' in body && !(Array.isArray(body.roleScopeTagIds) && body.roleScopeTagIds.every((t) => typeof t === 'string')))
    throw badRequest("'roleScopeTagIds' must be an array of strings.");
}

function ekusOf(body: Record<string, unknown>): { name: string; objectIdentifier: string }[] {
  const v = body.extendedKeyUsages ?? [];
  if (!Array.isArray(v)) throw badRequest("'extendedKeyUsages' must be an array of extendedKeyUsage.");
  return v.map((u, i) => {
    const { name, objectIdentifier } = (u ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || typeof objectIdentifier !== 'string' || !isOid(objectIdentifier))
      throw badRequest(`extendedKeyUsages[${i}] needs a 'name' and an 'objectIdentifier' in dotted form (for example 1.3.6.1.5.5.7.3.2).`);
    if (objectIdentifier === ANY_PURPOSE_EKU)
      throw badRequest(`The extended key usage Any Purpose (${ANY_PURPOSE_EKU}) is not allowed for a certification authority.`);
    return { name, objectIdentifier };
  });
}

export const listAuthorities: Handler = (req, ctx) => {
  betaOnly(req, CA);
  const q = parseQuery(req.query);
  checkSelect(q.select, new Set(['id', ...Object.keys(CA_PROPS)]), `microsoft.graph.${CA}`);
  const pred = q.filter
    ? parseFilter(q.filter, CA_FILTERABLE, (item, type) => item['@odata.type'] === `#${type.replace(/^#/, '')}`)
    : () => true;
  const items = [...ctx.store.authorities.values()].map((a) => view(read(ctx, a))).filter(pred);
  return listPage(ctx, req, items, q, (e) => project(e, q.select), `deviceManagement/${CA}`);
};

export const getAuthority: Handler = (req, ctx) => {
  betaOnly(req, CA);
  const a = read(ctx, authorityOf(ctx, req.params.id as string));
  return { status: 200, body: { '@odata.context': `${ctx.baseUrl}/beta/$metadata#deviceManagement/${CA}/$entity`, ...view(a) } };
};

export const createAuthority: Handler = (req, ctx) => {
  betaOnly(req, CA);
  const body = objectBody(req);
  checkNames(body, 'create');
  const type = body.cloudCertificationAuthorityType;
  if (type === 'issuingCertificationAuthorityWithExternalRoot')
    throw badRequest('This mock tenant does not issue CAs anchored to an external root (bring your own CA).');
  if (type !== 'rootCertificationAuthority' && type !== 'issuingCertificationAuthority')
    throw badRequest(
      type === undefined
        ? "A value is required for property 'cloudCertificationAuthorityType': rootCertificationAuthority or issuingCertificationAuthority."
        : `'cloudCertificationAuthorityType' must be rootCertificationAuthority or issuingCertificationAuthority, not '${String(type)}'.`,
    );
  if (!text(body.displayName)) throw badRequest("A value is required for property 'displayName'.");
  const subject: CaSubject = { commonName: text(body.commonName) ?? '' };
  if (!subject.commonName) throw badRequest("A value is required for property 'commonName' (the CA's subject CN).");
  for (const p of SUBJECT_PARTS.slice(1)) {
    if (body[p] === undefined || body[p] === null) continue;
    if (typeof body[p] !== 'string') throw badRequest(`'${p}' must be a string.`);
    subject[p] = body[p] as string;
  }
  if (typeof subject.countryName === 'string' && !new RegExp(`^[A-Za-z]{1,${CLOUD_PKI_COUNTRY_MAX}}$`).test(subject.countryName))
    throw badRequest(`'countryName' is a two-letter country or region code (letters A to Z); '${subject.countryName}' is not.`);
  const others = [...ctx.store.authorities.values()];
  if (others.length >= CLOUD_PKI_MAX_AUTHORITIES)
    throw badRequest(
      `The tenant has ${others.length} certification authorities, the most Cloud PKI allows (root and issuing CAs together); delete one first.`,
    );
  if (others.some((o) => o.entity.commonName === subject.commonName))
    throw badRequest(`A certification authority with the common name '${subject.commonName}' exists; the common name must be unique.`);
  const years = body.validityPeriodInYears;
  const limits = CLOUD_PKI_VALIDITY_YEARS[type];
  if (typeof years !== 'number' || !Number.isInteger(years) || years < 1 || years > limits.max)
    throw badRequest(
      `'validityPeriodInYears' of a ${type} is a whole number of years from 1 to ${limits.max} (the admin center offers ${limits.offered.join(', ')}).`,
    );
  const ekus = ekusOf(body);
  const now = ctx.now();
  const notAfter = yearsAfter(now, years);
  let keySize = body.certificateKeySize;
  let hash = body.cloudCertificationAuthorityHashingAlgorithm;
  let root: MockAuthority | undefined;
  if (type === 'issuingCertificationAuthority') {
    const rootId = text(body.certificationAuthorityIssuerId);
    if (!rootId) throw badRequest("An issuing CA needs 'certificationAuthorityIssuerId': the id of the root CA it is anchored to.");
    root = ctx.store.authorities.get(rootId);
    if (!root || root.entity.cloudCertificationAuthorityType !== 'rootCertificationAuthority')
      throw badRequest(`'certificationAuthorityIssuerId' '${rootId}' is not a root certification authority of this tenant.`);
    if (root.entity.certificationAuthorityStatus !== 'active')
      throw badRequest(
        `The root CA '${rootId}' is ${root.entity.certificationAuthorityStatus === 'unknown' ? 'still being created' : String(root.entity.certificationAuthorityStatus)}; an issuing CA can be anchored only to an active root.`,
      );
    // Not documented: the admin center asks no key size or hash for an issuing CA; the mock takes the root's.
    for (const [name, given, rootValue] of [
      ['certificateKeySize', keySize, root.entity.certificateKeySize],
      ['cloudCertificationAuthorityHashingAlgorithm', hash, root.entity.cloudCertificationAuthorityHashingAlgorithm],
    ] as const)
      if (given !== undefined && given !== rootValue)
        throw badRequest(`An issuing CA takes its root's ${name} (${String(rootValue)}); '${String(given)}' was given.`);
    keySize = root.entity.certificateKeySize;
    hash = root.entity.cloudCertificationAuthorityHashingAlgorithm;
    if (notAfter.getTime() > Date.parse(root.entity.validityEndDateTime as string))
      throw badRequest(
        `An issuing CA cannot outlive its root: ${years} years end after the root CA '${rootId}' does (${String(root.entity.validityEndDateTime)}).`,
      );
    const rootEkus = new Set((root.entity.extendedKeyUsages as { objectIdentifier: string }[]).map((u) => u.objectIdentifier));
    const extra = ekus.filter((u) => !rootEkus.has(u.objectIdentifier));
    if (extra.length > 0)
      throw badRequest(
        `An issuing CA can use only extended key usages its root has; the root CA '${rootId}' has no ${extra.map((u) => u.objectIdentifier).join(', ')}.`,
      );
  } else if (body.certificationAuthorityIssuerId !== undefined) {
    throw badRequest("A root CA has no issuer: leave out 'certificationAuthorityIssuerId'.");
  }
  const sizes = Object.keys(CLOUD_PKI_KEY_SIZES).join(', ');
  if (typeof keySize !== 'string' || !Object.hasOwn(CLOUD_PKI_KEY_SIZES, keySize))
    throw badRequest(
      keySize === undefined
        ? `A value is required for property 'certificateKeySize' of a root CA: ${sizes}.`
        : `'certificateKeySize' must be one of ${sizes} (Cloud PKI offers RSA keys only), not '${String(keySize)}'.`,
    );
  const hashes = CLOUD_PKI_HASHES.join(', ');
  if (typeof hash !== 'string' || !(CLOUD_PKI_HASHES as readonly string[]).includes(hash))
    throw badRequest(
      hash === undefined
        ? `A value is required for property 'cloudCertificationAuthorityHashingAlgorithm' of a root CA: ${hashes}.`
        : `'cloudCertificationAuthorityHashingAlgorithm' must be one of ${hashes}, not '${String(hash)}'.`,
    );

  const issued = issueCaCertificate({
    subject,
    keyBits: CLOUD_PKI_KEY_SIZES[keySize as keyof typeof CLOUD_PKI_KEY_SIZES],
    hash,
    notBefore: new Date(now),
    notAfter,
    extendedKeyUsages: ekus.map((u) => u.objectIdentifier),
    keysInUse: new Set(others.map((o) => o.privateKey)),
    ...(root
      ? {
          issuer: {
            der: Buffer.from(root.certificate, 'base64'),
            privateKey: Buffer.from(root.privateKey, 'base64'),
            subject: Object.fromEntries(SUBJECT_PARTS.map((p) => [p, root.entity[p] as string | null])) as unknown as CaSubject,
          },
        }
      : {}),
  });
  const id = randomUUID();
  const crlHost = `http://primary-cdn.pki.azure.net/mock/crls/${ACCOUNT}`;
  const entity: Entity = {
    '@odata.type': CA_ODATA,
    id,
    displayName: body.displayName,
    description: body.description ?? null,
    roleScopeTagIds: body.roleScopeTagIds ?? ['0'],
    eTag: null,
    createdDateTime: iso(now),
    lastModifiedDateTime: iso(now),
    cloudCertificationAuthorityType: type,
    certificationAuthorityStatus: 'unknown',
    keyPlatform: 'hardwareSecurityModule',
    versionNumber: 1,
    validityPeriodInYears: years,
    certificateKeySize: keySize,
    cloudCertificationAuthorityHashingAlgorithm: hash,
    extendedKeyUsages: ekus.map((u) => ({ '@odata.type': '#microsoft.graph.extendedKeyUsage', ...u })),
    ...Object.fromEntries(SUBJECT_PARTS.map((p) => [p, subject[p] ?? null])),
    certificationAuthorityIssuerId: root ? root.entity.id : '',
    issuerCommonName: root ? root.entity.commonName : null,
    rootCertificateCommonName: root ? root.entity.commonName : subject.commonName,
    certificateSigningRequest: null,
    ocspResponderUri: '',
    certificateDownloadUrl: `data:application/x-x509-ca-cert;base64,${issued.der.toString('base64')}`,
    certificateRevocationListUrl: `${crlHost}/${id}_v1/current.crl`,
    certificationAuthorityIssuerUri: root ? caCertUrl(root.entity.id) : null,
    scepServerUrl: root
      ? `https://${CLOUD_PKI_FQDN_PLACEHOLDER}/TrafficGateway/PassThroughRoutingService/CloudPki/CloudPkiService/Scep/${ACCOUNT}/${id}`
      : null,
    serialNumber: issued.serialNumber,
    subjectName: issued.subjectName,
    thumbprint: issued.thumbprint,
    validityStartDateTime: iso(now),
    validityEndDateTime: notAfter.toISOString(),
  };
  const a: MockAuthority = { entity, certificate: issued.der.toString('base64'), privateKey: issued.privateKey.toString('base64') };
  ctx.store.putAuthority(a);
  return { status: 201, body: view(a) };
};

export const updateAuthority: Handler = (req, ctx) => {
  betaOnly(req, CA);
  const a = authorityOf(ctx, req.params.id as string);
  ready(a, 'change it');
  // What is sent back as it is (a GET body returned whole) is no change; only a change is checked.
  const served = view(a);
  const body = Object.fromEntries(
    Object.entries(objectBody(req)).filter(([k, v]) => k === '@odata.type' || JSON.stringify(v) !== JSON.stringify(served[k] ?? null)),
  );
  checkNames(body, 'update');
  const changed = Object.fromEntries(Object.entries(body).filter(([k]) => k !== '@odata.type'));
  const next = { ...a, entity: { ...a.entity, ...changed, lastModifiedDateTime: iso(ctx.now()) } };
  ctx.store.putAuthority(next);
  return { status: 200, body: view(next) };
};

export const deleteAuthority: Handler = (req, ctx) => {
  betaOnly(req, CA);
  const a = authorityOf(ctx, req.params.id as string);
  const e = a.entity;
  if (e.cloudCertificationAuthorityType === 'rootCertificationAuthority') {
    const anchored = [...ctx.store.authorities.values()].filter((o) => o.entity.certificationAuthorityIssuerId === e.id);
    if (anchored.length > 0)
      throw badRequest(
        `The root CA '${e.id}' has issuing CAs anchored to it (${anchored.map((o) => `'${String(o.entity.displayName)}'`).join(', ')}); delete them first.`,
      );
  } else if (e.certificationAuthorityStatus !== 'revoked') {
    const left = e.certificationAuthorityStatus === 'paused' ? '' : 'pause it, ';
    throw badRequest(
      `The issuing CA '${e.id}' is ${String(e.certificationAuthorityStatus)}: ${left}revoke its active leaf certificates, then revoke it before deleting it.`,
    );
  }
  ctx.store.deleteAuthority(e.id);
  return { status: 204 };
};

export const changeAuthorityStatus: Handler = (req, ctx) => {
  betaOnly(req, CA);
  const a = authorityOf(ctx, req.params.id as string);
  ready(a, 'change its status');
  const body = objectBody(req);
  const to = body.certificationAuthorityStatus;
  const from = a.entity.certificationAuthorityStatus as string;
  const allowed = CLOUD_PKI_STATUS_CHANGES[from] ?? [];
  if (to === undefined)
    throw badRequest(`A value is required for parameter 'certificationAuthorityStatus': ${allowed.join(' or ') || 'none'} for this CA.`);
  if (!allowed.includes(to as string))
    throw badRequest(
      `${/^[aeiou]/.test(from) ? 'An' : 'A'} ${from} certification authority cannot become '${String(to)}'${allowed.length > 0 ? ` (only ${allowed.join(' or ')})` : ''}${to === 'revoked' ? ': revoke it with revokeCloudCertificationAuthorityCertificate once paused' : ''}.`,
    );
  version(a, body);
  const next = { ...a, entity: { ...a.entity, certificationAuthorityStatus: to, lastModifiedDateTime: iso(ctx.now()) } };
  ctx.store.putAuthority(next);
  return { status: 200, body: view(next) };
};

function version(a: MockAuthority, body: Record<string, unknown>): void {
  const v = body.certificationAuthorityVersion;
  if (v !== undefined && v !== a.entity.versionNumber)
    throw badRequest(
      `'certificationAuthorityVersion' ${String(v)} is not a version of this CA (its version is ${String(a.entity.versionNumber)}).`,
    );
}

export const revokeAuthority: Handler = (req, ctx) => {
  betaOnly(req, CA);
  const a = authorityOf(ctx, req.params.id as string);
  ready(a, 'revoke it');
  const body = objectBody(req);
  version(a, body);
  if (a.entity.certificationAuthorityStatus !== 'paused')
    throw badRequest(
      `Pause the certification authority '${a.entity.id}' before revoking it (it is ${String(a.entity.certificationAuthorityStatus)}).`,
    );
  // Not documented: the mock refuses to revoke a root with issuing CAs under it (their chains would break).
  const anchored = [...ctx.store.authorities.values()].filter((o) => o.entity.certificationAuthorityIssuerId === a.entity.id);
  if (anchored.length > 0)
    throw badRequest(
      `The root CA '${a.entity.id}' has issuing CAs anchored to it; revoking it would break their chains. Take them down first.`,
    );
  const active = (ctx.store.leaves.get(a.entity.id) ?? []).filter((l) => l.certificateStatus === 'active');
  if (active.length > 0)
    throw badRequest(
      `The certification authority '${a.entity.id}' has ${active.length} active leaf certificate${active.length === 1 ? '' : 's'}; revoke ${active.length === 1 ? 'it' : 'them'} before revoking the CA.`,
    );
  const next = { ...a, entity: { ...a.entity, certificationAuthorityStatus: 'revoked', lastModifiedDateTime: iso(ctx.now()) } };
  ctx.store.putAuthority(next);
  return { status: 200, body: view(next) };
};

// ---------------------------------------------------------------------------------------------
// Leaf certificates. Devices get them through SCEP; Graph's generated method table lists Create for
// cloudCertificationAuthorityLeafCertificate, and the mock takes it so a test can give a CA leaves.

function leavesOf(req: MockRequest, ctx: RouteContext): { a: MockAuthority; leaves: Entity[] } {
  betaOnly(req, CA);
  const a = authorityOf(ctx, req.params.id as string);
  return { a, leaves: (ctx.store.leaves.get(a.entity.id) ?? []).map((l) => ({ ...l })) };
}

export const listLeaves: Handler = (req, ctx) => {
  const { a, leaves } = leavesOf(req, ctx);
  const q = parseQuery(req.query);
  checkSelect(q.select, new Set(['id', ...Object.keys(LEAF_PROPS)]), `microsoft.graph.${LEAF}`);
  return listPage(ctx, req, leaves, q, (e) => project(e, q.select), `deviceManagement/${CA}('${a.entity.id}')/${LEAF}`);
};

export const allLeaves: Handler = (req, ctx) => {
  const { leaves } = leavesOf(req, ctx);
  return { status: 200, body: { '@odata.context': `${ctx.baseUrl}/beta/$metadata#Collection(microsoft.graph.${LEAF})`, value: leaves } };
};

export const createLeaf: Handler = (req, ctx) => {
  const { a } = leavesOf(req, ctx);
  if (a.entity.cloudCertificationAuthorityType !== 'issuingCertificationAuthority')
    throw badRequest('Only an issuing CA issues leaf certificates; a root CA signs issuing CAs.');
  if (a.entity.certificationAuthorityStatus !== 'active')
    throw badRequest(
      `The certification authority '${a.entity.id}' is ${String(a.entity.certificationAuthorityStatus)} and issues no certificates.`,
    );
  const body = objectBody(req);
  for (const k of Object.keys(body))
    if (k !== '@odata.type' && !(k in LEAF_PROPS))
      throw badRequest(`The property '${k}' does not exist on type 'microsoft.graph.${LEAF}'.`);
  const now = ctx.now();
  const leaf: Entity = {
    '@odata.type': LEAF_ODATA,
    subjectName: `CN=${text(body.deviceName) ?? 'device'}`,
    deviceName: null,
    userPrincipalName: null,
    deviceId: null,
    userId: null,
    devicePlatform: null,
    keyUsages: ['digitalSignature', 'keyEncipherment'],
    extendedKeyUsages: (a.entity.extendedKeyUsages as { objectIdentifier: string }[]).map((u) => u.objectIdentifier),
    validityStartDateTime: iso(now),
    validityEndDateTime: yearsAfter(now, 1).toISOString(),
    ...body,
    id: randomUUID(),
    issuerId: a.entity.id,
    issuerName: a.entity.subjectName,
    certificateStatus: 'active',
    revocationDateTime: null,
    serialNumber: randomBytes(16).toString('hex').toUpperCase(),
    thumbprint: randomBytes(20).toString('hex').toUpperCase(),
    crlDistributionPointUrl: a.entity.certificateRevocationListUrl,
    certificationAuthorityIssuerUri: caCertUrl(a.entity.id),
    ocspResponderUri: '',
  };
  ctx.store.putLeaf(a.entity.id, leaf);
  return { status: 201, body: leaf };
};

export const revokeLeaf: Handler = (req, ctx) => {
  const { a, leaves } = leavesOf(req, ctx);
  const id = objectBody(req).leafCertificateId;
  if (typeof id !== 'string' || id === '')
    throw badRequest("A value is required for parameter 'leafCertificateId': the id of a leaf certificate of this CA.");
  const leaf = leaves.find((l) => l.id === id);
  if (!leaf) throw notFound(`The certification authority '${a.entity.id}' issued no leaf certificate '${String(id)}'.`);
  const revoked = { ...leaf, certificateStatus: 'revoked', revocationDateTime: leaf.revocationDateTime ?? iso(ctx.now()) };
  ctx.store.putLeaf(a.entity.id, revoked);
  return { status: 200, body: revoked };
};
