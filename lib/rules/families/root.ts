/** Trusted root certificates: parseable, a CA, in date, self-signed, and platform limits. */
import { parseCertificateCached, type CertificateParse } from '../certificate';
import type { ResourceView, Rule } from '../rule';
import { attributesWithPlatformRule, platformOnly } from './platform-only';

export function rootCertificate(r: ResourceView): CertificateParse | undefined {
  const text = r.string('certificate');
  return text === undefined ? undefined : parseCertificateCached(text);
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export const rootRules: Rule[] = [
  {
    id: 'root/unparseable',
    severity: 'error',
    summary: 'Certificate cannot be read',
    kind: 'resource',
    types: ['intune_trusted_root_certificate'],
    check(r) {
      const c = rootCertificate(r);
      if (!c || c.ok) return [];
      return [
        {
          path: ['certificate'],
          detail: `${c.reason}. Give the root CA certificate as PEM ("-----BEGIN CERTIFICATE-----" ...) or as base64 of the DER .cer file (Certificate.fromFile("root.cer") reads either).`,
        },
      ];
    },
  },
  {
    id: 'root/not-a-ca',
    severity: 'error',
    summary: 'Certificate is not a CA',
    kind: 'resource',
    types: ['intune_trusted_root_certificate'],
    check(r) {
      const c = rootCertificate(r);
      if (!c?.ok || c.cert.ca) return [];
      return [
        {
          path: ['certificate'],
          detail: `${c.cert.subject} (thumbprint ${c.cert.thumbprint}) has no basic constraints marking it a CA; it looks like a leaf certificate. Export the root CA certificate of the issuing chain instead.`,
        },
      ];
    },
  },
  {
    id: 'root/expired',
    severity: 'error',
    summary: 'Certificate is outside its validity period',
    kind: 'resource',
    types: ['intune_trusted_root_certificate'],
    check(r, ctx) {
      const c = rootCertificate(r);
      if (!c?.ok) return [];
      const { notBefore, notAfter, subject } = c.cert;
      if (notAfter.getTime() < ctx.now.getTime()) {
        return [{ path: ['certificate'], detail: `${subject} expired on ${day(notAfter)} (today is ${day(ctx.now)}). Deploy the renewed root certificate.` }];
      }
      if (notBefore.getTime() > ctx.now.getTime()) {
        return [{ path: ['certificate'], detail: `${subject} is not valid before ${day(notBefore)} (today is ${day(ctx.now)}). Check the CA's clock, or deploy it once it is valid.` }];
      }
      return [];
    },
  },
  {
    id: 'root/not-self-signed',
    severity: 'warning',
    summary: 'Certificate is not self-signed',
    kind: 'resource',
    types: ['intune_trusted_root_certificate'],
    check(r) {
      const c = rootCertificate(r);
      if (!c?.ok || !c.cert.ca || c.cert.selfSigned) return [];
      return [
        {
          path: ['certificate'],
          detail: `${c.cert.subject} is an intermediate CA (not self-signed). With a multi-level PKI the SCEP profile must reference the top-level root; deploy intermediates in a profile of their own.`,
        },
      ];
    },
  },
  {
    id: 'root/destination-store-windows-only',
    severity: 'error',
    summary: 'Destination store is for Windows only',
    kind: 'resource',
    types: ['intune_trusted_root_certificate'],
    check(r) {
      return platformOnly(r.type, attributesWithPlatformRule(r.type, 'root/destination-store-windows-only'))(r);
    },
  },
  {
    id: 'root/device-admin-android-11',
    severity: 'warning',
    summary: 'Android 11 device administrator devices cannot install the root',
    kind: 'resource',
    types: ['intune_trusted_root_certificate'],
    check(r) {
      if (r.platform !== 'android_device_admin') return [];
      return [
        {
          path: ['platform'],
          detail: 'from Android 11 on, trusted certificate profiles can no longer install the root on device-administrator devices (Samsung Knox excepted); users must install it by hand.',
        },
      ];
    },
  },
];
