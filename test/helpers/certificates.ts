/**
 * Test certificates, generated at test time so every property under test is visible here:
 * a root CA, an intermediate, a leaf, an expired CA, a CA not yet valid, and a root that ends soon.
 * ECDSA P-256 keys: fast to make, and the parser treats them like RSA.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type KeyPair = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];

/** The clock every rule test runs at. */
export const NOW = new Date('2026-06-01T00:00:00Z');

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface TestCertificates {
  /** Self-signed CA, 2020-01-01 to 2040-01-01. */
  root: string;
  /** Self-signed CA ending 2026-09-01: a 1-year certificate issued at NOW outlives it. */
  rootEndingSoon: string;
  /** Self-signed CA ending 2026-07-01: 30 days after NOW. */
  rootExpiringIn30Days: string;
  /** CA signed by `root`: not self-signed. */
  intermediate: string;
  /** CA signed by `root`, ending 2026-09-01: an issuing CA a 1-year certificate issued at NOW outlives. */
  issuingEndingSoon: string;
  /** Like `issuingEndingSoon` and naming `root` as its issuer, but signed by another key: it does not chain to `root`. */
  impostorIssuingEndingSoon: string;
  /** End-entity certificate (no CA flag) signed by `intermediate`. */
  leaf: string;
  /** Self-signed CA that expired on 2025-01-01. */
  expired: string;
  /** Self-signed CA valid from 2027-01-01. */
  notYetValid: string;
  /** `root` as base64 of its DER bytes, the other accepted form. */
  rootBase64Der: string;
  /** Thumbprint of `root` as node computes it, for comparisons. */
  rootThumbprint: string;
}

async function keys(): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as KeyPair;
}

async function selfSignedCa(name: string, notBefore: string, notAfter: string) {
  const k = await keys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name,
    notBefore: new Date(notBefore),
    notAfter: new Date(notAfter),
    keys: k,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return { cert, keys: k };
}

let cached: Promise<TestCertificates> | undefined;

export function testCertificates(): Promise<TestCertificates> {
  cached ??= (async () => {
    const root = await selfSignedCa('CN=Contoso Root CA, O=Contoso', '2020-01-01T00:00:00Z', '2040-01-01T00:00:00Z');
    const soon = await selfSignedCa('CN=Contoso Old Root, O=Contoso', '2016-09-01T00:00:00Z', '2026-09-01T00:00:00Z');
    const ending30 = await selfSignedCa('CN=Contoso Root 2016, O=Contoso', '2016-07-01T00:00:00Z', '2026-07-01T00:00:00Z');
    const expired = await selfSignedCa('CN=Expired Root, O=Contoso', '2015-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
    const future = await selfSignedCa('CN=Future Root, O=Contoso', '2027-01-01T00:00:00Z', '2037-01-01T00:00:00Z');
    const interKeys = await keys();
    const intermediate = await x509.X509CertificateGenerator.create({
      serialNumber: '02',
      subject: 'CN=Contoso Issuing CA, O=Contoso',
      issuer: root.cert.subject,
      notBefore: new Date('2021-01-01T00:00:00Z'),
      notAfter: new Date('2035-01-01T00:00:00Z'),
      publicKey: interKeys.publicKey,
      signingKey: root.keys.privateKey,
      signingAlgorithm: ALG,
      extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
    });
    const issuingKeys = await keys();
    const issuingEndingSoon = await x509.X509CertificateGenerator.create({
      serialNumber: '04',
      subject: 'CN=Contoso Issuing CA 2016, O=Contoso',
      issuer: root.cert.subject,
      notBefore: new Date('2021-01-01T00:00:00Z'),
      notAfter: new Date('2026-09-01T00:00:00Z'),
      publicKey: issuingKeys.publicKey,
      signingKey: root.keys.privateKey,
      signingAlgorithm: ALG,
      extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
    });
    const impostorIssuingEndingSoon = await x509.X509CertificateGenerator.create({
      serialNumber: '05',
      subject: 'CN=Contoso Issuing CA 2016, O=Contoso',
      issuer: root.cert.subject,
      notBefore: new Date('2021-01-01T00:00:00Z'),
      notAfter: new Date('2026-09-01T00:00:00Z'),
      publicKey: issuingKeys.publicKey,
      signingKey: soon.keys.privateKey,
      signingAlgorithm: ALG,
      extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
    });
    const leafKeys = await keys();
    const leaf = await x509.X509CertificateGenerator.create({
      serialNumber: '03',
      subject: 'CN=radius.contoso.com',
      issuer: intermediate.subject,
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2027-01-01T00:00:00Z'),
      publicKey: leafKeys.publicKey,
      signingKey: interKeys.privateKey,
      signingAlgorithm: ALG,
      extensions: [new x509.BasicConstraintsExtension(false, undefined, true)],
    });
    const thumb = Buffer.from(await root.cert.getThumbprint('SHA-1'))
      .toString('hex')
      .toUpperCase();
    return {
      root: root.cert.toString('pem'),
      rootEndingSoon: soon.cert.toString('pem'),
      rootExpiringIn30Days: ending30.cert.toString('pem'),
      intermediate: intermediate.toString('pem'),
      issuingEndingSoon: issuingEndingSoon.toString('pem'),
      impostorIssuingEndingSoon: impostorIssuingEndingSoon.toString('pem'),
      leaf: leaf.toString('pem'),
      expired: expired.cert.toString('pem'),
      notYetValid: future.cert.toString('pem'),
      rootBase64Der: Buffer.from(root.cert.rawData).toString('base64'),
      rootThumbprint: thumb,
    };
  })();
  return cached;
}

/** An RSA client certificate with its key in one PEM file, as AZURE_CLIENT_CERTIFICATE_PATH takes it. */
export async function rsaClientCertificate(): Promise<{ pemWithKey: string; certPem: string; sha1Thumbprint: string }> {
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const k = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as unknown as KeyPair & {
    privateKey: Parameters<typeof webcrypto.subtle.exportKey>[1];
  };
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0b',
    name: 'CN=intune-scep pipeline',
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2035-01-01T00:00:00Z'),
    keys: k,
    signingAlgorithm: alg,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', k.privateKey));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trim()}\n-----END PRIVATE KEY-----\n`;
  const thumb = Buffer.from(await cert.getThumbprint('SHA-1'))
    .toString('hex')
    .toUpperCase();
  return { pemWithKey: `${cert.toString('pem')}\n${keyPem}`, certPem: cert.toString('pem'), sha1Thumbprint: thumb };
}
