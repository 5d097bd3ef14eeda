/**
 * Reading a trusted root certificate as users supply it: PEM, or base64 of the DER `.cer` bytes.
 * Parsing is done by Node's X.509 parser (OpenSSL), never by pattern matching.
 */
import { X509Certificate } from 'node:crypto';

export interface CertificateInfo {
  /** DER bytes: what Graph stores (base64) in `trustedRootCertificate`. */
  readonly der: Buffer;
  /** Basic constraints mark it a CA. */
  readonly ca: boolean;
  /** Issued by itself and signed with its own key. */
  readonly selfSigned: boolean;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SHA-1 of the DER, hex upper case without separators, as Windows shows it. */
  readonly thumbprint: string;
  /** Subject as `CN=…, O=…`. */
  readonly subject: string;
}

export type CertificateParse = { ok: true; cert: CertificateInfo } | { ok: false; reason: string };

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The DER bytes of a PEM or base64-DER certificate text, or why there are none. */
export function certificateBytes(text: string): { ok: true; der: Buffer } | { ok: false; reason: string } {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ok: false, reason: 'the certificate is empty' };
  let body = trimmed;
  if (trimmed.includes('-----BEGIN')) {
    const m = PEM_BLOCK.exec(trimmed);
    if (!m) return { ok: false, reason: 'PEM text without a complete "BEGIN CERTIFICATE" ... "END CERTIFICATE" block' };
    body = m[1] as string;
  }
  const compact = body.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) {
    return { ok: false, reason: 'not PEM, and not valid base64 of DER bytes' };
  }
  return { ok: true, der: Buffer.from(compact, 'base64') };
}

export function parseCertificate(text: string): CertificateParse {
  const bytes = certificateBytes(text);
  if (!bytes.ok) return bytes;
  let x: X509Certificate;
  try {
    x = new X509Certificate(bytes.der);
  } catch (e) {
    return { ok: false, reason: `the bytes are not an X.509 certificate (${(e as Error).message})` };
  }
  const notBefore = new Date(Date.parse(x.validFrom));
  const notAfter = new Date(Date.parse(x.validTo));
  let selfSigned: boolean;
  try {
    selfSigned = x.checkIssued(x) && x.verify(x.publicKey);
  } catch {
    selfSigned = false;
  }
  return {
    ok: true,
    cert: {
      der: x.raw,
      ca: x.ca,
      selfSigned,
      notBefore,
      notAfter,
      thumbprint: x.fingerprint.replace(/:/g, '').toUpperCase(),
      subject: x.subject.split('\n').join(', '),
    },
  };
}

/**
 * Whether `parent` issued `child`: the child names the parent as its issuer and carries the parent's
 * signature (Node's X.509, never a comparison of names alone).
 */
export function issuedBy(child: CertificateInfo, parent: CertificateInfo): boolean {
  try {
    const c = new X509Certificate(child.der);
    const p = new X509Certificate(parent.der);
    return c.checkIssued(p) && c.verify(p.publicKey);
  } catch {
    return false;
  }
}

/** Parsing is pure but not free; rules over one stack parse each certificate text once. */
const cache = new Map<string, CertificateParse>();
export function parseCertificateCached(text: string): CertificateParse {
  let hit = cache.get(text);
  if (!hit) {
    if (cache.size > 256) cache.clear();
    hit = parseCertificate(text);
    cache.set(text, hit);
  }
  return hit;
}
