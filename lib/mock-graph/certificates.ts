/**
 * Real X.509 certificates for the mock's Cloud PKI: a root CA signs itself, an issuing CA is signed
 * by its root's key, so a chain check passes as it would against Intune's. RSA keys of the size the
 * CA asked for (node:crypto; from a pool, see poolKey) and the CA's hash; subject from the CA's name parts; basic constraints,
 * key usage, subject and authority key identifiers and the CA's extended key usages.
 *
 * Synchronous (the mock answers each request in one step), with @peculiar/asn1-x509 for the DER
 * structures, loaded on the first certificate the mock issues.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type * as Asn1X509 from '@peculiar/asn1-x509';
import type * as Asn1Schema from '@peculiar/asn1-schema';

let asn1: { x: typeof Asn1X509; schema: typeof Asn1Schema } | undefined;
function modules(): { x: typeof Asn1X509; schema: typeof Asn1Schema } {
  asn1 ??= {
    x: require('@peculiar/asn1-x509') as typeof Asn1X509,
    schema: require('@peculiar/asn1-schema') as typeof Asn1Schema,
  };
  return asn1;
}

/** The subject of a CA, as Cloud PKI composes it from the CA's properties (C, ST, L, O, OU, CN). */
export interface CaSubject {
  commonName: string;
  organizationName?: string | null;
  organizationUnit?: string | null;
  countryName?: string | null;
  stateName?: string | null;
  localityName?: string | null;
}

export interface IssuedCa {
  /** DER of the certificate. */
  readonly der: Buffer;
  /** PKCS#8 DER of the private key (kept by the mock; never served). */
  readonly privateKey: Buffer;
  /** Upper-case hex SHA-1 of the DER, as Graph's `thumbprint`. */
  readonly thumbprint: string;
  /** Upper-case hex, as Graph's `serialNumber`. */
  readonly serialNumber: string;
  /** `C=..,ST=..,L=..,O=..,OU=..,CN=..`, as Graph's `subjectName`. */
  readonly subjectName: string;
}

const RSA_WITH: Record<string, string> = {
  sha256: '1.2.840.113549.1.1.11',
  sha384: '1.2.840.113549.1.1.12',
  sha512: '1.2.840.113549.1.1.13',
};

const NAME_PARTS = [
  ['countryName', '2.5.4.6', 'C'],
  ['stateName', '2.5.4.8', 'ST'],
  ['localityName', '2.5.4.7', 'L'],
  ['organizationName', '2.5.4.10', 'O'],
  ['organizationUnit', '2.5.4.11', 'OU'],
  ['commonName', '2.5.4.3', 'CN'],
] as const;

function nameOf(subject: CaSubject): { name: Asn1X509.Name; text: string } {
  const { x } = modules();
  const parts = NAME_PARTS.filter(([key]) => typeof subject[key] === 'string' && subject[key] !== '');
  const name = new x.Name(
    parts.map(
      ([key, type]) =>
        new x.RelativeDistinguishedName([
          new x.AttributeTypeAndValue({
            type,
            // countryName is a PrintableString (X.520); the others UTF8String.
            value: new x.AttributeValue(
              key === 'countryName' ? { printableString: subject[key] as string } : { utf8String: subject[key] as string },
            ),
          }),
        ]),
    ),
  );
  return { name, text: parts.map(([key, , short]) => `${short}=${rfc4514(subject[key] as string)}`).join(',') };
}

/**
 * RSA keys by size, made once per process and drawn again by later CAs (of any tenant): a 2048-bit
 * key takes 50-300 ms to make, and tests make many CAs. Two live CAs of one tenant never share a key.
 */
const KEY_POOL = new Map<number, { key: KeyObject; pkcs8: string }[]>();
function poolKey(bits: number, inUse: ReadonlySet<string>): KeyObject {
  const pool = KEY_POOL.get(bits) ?? [];
  KEY_POOL.set(bits, pool);
  const free = pool.find((k) => !inUse.has(k.pkcs8));
  if (free) return free.key;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  pool.push({ key: privateKey, pkcs8: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64') });
  return privateKey;
}

/**
 * Adds RSA private keys made elsewhere (PEM, PKCS #8) to the pool, by their size: a process that
 * starts many mock tenants (a unit test file) need not make them again. Two live CAs of one tenant
 * still never share a key; past these, the pool makes keys as before.
 */
export function preloadKeys(pem: string): void {
  for (const [block] of pem.matchAll(/-----BEGIN PRIVATE KEY-----[^-]+-----END PRIVATE KEY-----/g)) {
    const key = createPrivateKey(block);
    const bits = key.asymmetricKeyDetails?.modulusLength;
    if (key.asymmetricKeyType !== 'rsa' || bits === undefined) throw new Error('preloadKeys takes RSA private keys only');
    const pkcs8 = key.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    const pool = KEY_POOL.get(bits) ?? [];
    KEY_POOL.set(bits, pool);
    if (!pool.some((k) => k.pkcs8 === pkcs8)) pool.push({ key, pkcs8 });
  }
}

/** A name part's value as RFC 4514 writes it: `,+"\\<>;` escaped, and a leading `#` or space and a trailing space. */
function rfc4514(value: string): string {
  return value
    .replace(/[,+"\\<>;]/g, '\\$&')
    .replace(/^[# ]/, '\\$&')
    .replace(/ $/, '\\ ');
}

function keyId(spki: Buffer): Buffer {
  return createHash('sha1').update(spki).digest();
}

/**
 * A CA certificate: self-signed when `issuer` is absent, else signed by the issuer's key.
 * `keyBits` is the RSA modulus size; `hash` one of sha256/sha384/sha512.
 */
export function issueCaCertificate(o: {
  subject: CaSubject;
  keyBits: number;
  hash: string;
  notBefore: Date;
  notAfter: Date;
  /** Extended key usage OIDs. */
  extendedKeyUsages: readonly string[];
  issuer?: { der: Buffer; privateKey: Buffer; subject: CaSubject };
  /** PKCS#8 DER keys of the tenant's other CAs: the new CA's key is none of them. */
  keysInUse: ReadonlySet<string>;
}): IssuedCa {
  const { x, schema } = modules();
  const sigOid = RSA_WITH[o.hash];
  if (!sigOid) throw new Error(`bug: no signature algorithm for hash ${o.hash}`);
  const privateKey = poolKey(o.keyBits, o.keysInUse);
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const subject = nameOf(o.subject);
  const issuerName = o.issuer ? nameOf(o.issuer.subject).name : subject.name;
  const signer: KeyObject = o.issuer ? createPrivateKey({ key: o.issuer.privateKey, format: 'der', type: 'pkcs8' }) : privateKey;
  const signerSpki = createPublicKey(signer).export({ type: 'spki', format: 'der' });
  const serial = randomBytes(16);
  serial[0] = ((serial[0] as number) & 0x7f) | 0x10;
  const algorithm = new x.AlgorithmIdentifier({ algorithm: sigOid, parameters: null });
  const ext = (extnID: string, critical: boolean, value: unknown) =>
    new x.Extension({ extnID, critical, extnValue: new schema.OctetString(schema.AsnConvert.serialize(value)) });
  const extensions = [
    ext(x.id_ce_basicConstraints, true, new x.BasicConstraints({ cA: true, ...(o.issuer ? { pathLenConstraint: 0 } : {}) })),
    ext(x.id_ce_keyUsage, true, new x.KeyUsage(x.KeyUsageFlags.keyCertSign | x.KeyUsageFlags.cRLSign | x.KeyUsageFlags.digitalSignature)),
    ext(x.id_ce_subjectKeyIdentifier, false, new x.SubjectKeyIdentifier(keyId(spki))),
    ext(x.id_ce_authorityKeyIdentifier, false, new x.AuthorityKeyIdentifier({ keyIdentifier: new x.KeyIdentifier(keyId(signerSpki)) })),
    ...(o.extendedKeyUsages.length > 0 ? [ext(x.id_ce_extKeyUsage, false, new x.ExtendedKeyUsage([...o.extendedKeyUsages]))] : []),
  ];
  const tbs = new x.TBSCertificate({
    version: x.Version.v3,
    serialNumber: Uint8Array.from(serial).buffer,
    signature: algorithm,
    issuer: issuerName,
    validity: new x.Validity({ notBefore: o.notBefore, notAfter: o.notAfter }),
    subject: subject.name,
    subjectPublicKeyInfo: schema.AsnConvert.parse(spki, x.SubjectPublicKeyInfo),
    extensions: new x.Extensions(extensions),
  });
  const tbsDer = Buffer.from(schema.AsnConvert.serialize(tbs));
  const signature = sign(o.hash, tbsDer, signer);
  const cert = new x.Certificate({ tbsCertificate: tbs, signatureAlgorithm: algorithm, signatureValue: Uint8Array.from(signature).buffer });
  const der = Buffer.from(schema.AsnConvert.serialize(cert));
  return {
    der,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }),
    thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(),
    serialNumber: serial.toString('hex').toUpperCase(),
    subjectName: subject.text,
  };
}
