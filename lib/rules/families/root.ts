/** Trusted root certificates: parseable, a CA, in date, self-signed, and platform limits. */
import { show } from '../diagnostic';
import { parseCertificateCached, type CertificateParse } from '../certificate';
import type { ResourceView, Rule } from '../rule';
import { attributesWithPlatformRule, platformOnly } from './platform-only';

export function rootCertificate(r: ResourceView): CertificateParse | undefined {
  const text = r.string('certificate');
  return text === undefined ? undefined : parseCertificateCached(text);
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Where `now` falls in a certificate's validity: root/expired's two errors, or inside it. */
function validityAt(cert: { notBefore: Date; notAfter: Date }, now: Date): 'expired' | 'not-yet-valid' | 'valid' {
  if (cert.notAfter.getTime() < now.getTime()) return 'expired';
  return cert.notBefore.getTime() > now.getTime() ? 'not-yet-valid' : 'valid';
}

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
          detail: `${show(c.cert.subject)} (thumbprint ${c.cert.thumbprint}) has no basic constraints marking it a CA; it looks like a leaf certificate. Export the root CA certificate of the issuing chain instead.`,
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
      const at = validityAt(c.cert, ctx.now);
      if (at === 'expired') {
        return [
          {
            path: ['certificate'],
            detail: `${show(subject)} expired on ${day(notAfter)} (today is ${day(ctx.now)}). Deploy the renewed root certificate.`,
          },
        ];
      }
      if (at === 'not-yet-valid') {
        return [
          {
            path: ['certificate'],
            detail: `${show(subject)} is not valid before ${day(notBefore)} (today is ${day(ctx.now)}). Check the CA's clock, or deploy it once it is valid.`,
          },
        ];
      }
      return [];
    },
  },
  {
    id: 'root/expires-soon',
    severity: 'warning',
    summary: 'Certificate expires soon',
    kind: 'resource',
    types: ['intune_trusted_root_certificate'],
    check(r, ctx) {
      const c = rootCertificate(r);
      if (!c?.ok) return [];
      // Expired or not yet valid: root/expired's error.
      if (validityAt(c.cert, ctx.now) !== 'valid') return [];
      const { notAfter, subject } = c.cert;
      const days = Math.floor((notAfter.getTime() - ctx.now.getTime()) / 86_400_000);
      if (days >= ctx.expiryWarningDays) return [];
      const chained = ctx.stack
        .ofType('intune_scep_certificate_profile')
        .filter((p) => ctx.stack.referenced(p, 'root_certificate_id', 'intune_trusted_root_certificate') === r)
        .map((p) => p.address);
      const profiles = chained.length
        ? ` The SCEP profiles chained to it (${chained.join(', ')}) stop working on every device then: devices no longer trust certificates issued under it.`
        : ' Devices stop trusting it then, and certificates issued under it stop working.';
      return [
        {
          path: ['certificate'],
          detail: `${show(subject)} expires on ${day(notAfter)}, in ${days} ${days === 1 ? 'day' : 'days'} (the warning starts ${ctx.expiryWarningDays} days before; --expiry-warning-days or INTUNE_SCEP_EXPIRY_WARNING_DAYS sets it).${profiles} Renew the CA certificate and deploy the new one as another trusted root profile, assigned to the same groups, before then.`,
        },
      ];
    },
  },
  {
    id: 'root/not-self-signed',
    severity: 'warning',
    summary: 'A SCEP profile references an intermediate CA as its root',
    kind: 'stack',
    check(ctx) {
      // An intermediate in a trusted certificate profile of its own is right (devices need the whole
      // chain, and validity/exceeds-issuing-ca-lifetime reads it): only a SCEP profile's
      // root_certificate_id naming one is the mistake the article warns about.
      return ctx.stack.ofType('intune_scep_certificate_profile').flatMap((profile) => {
        const ref = ctx.stack.referenced(profile, 'root_certificate_id', 'intune_trusted_root_certificate');
        const c = ref ? rootCertificate(ref) : undefined;
        if (!ref || !c?.ok || !c.cert.ca || c.cert.selfSigned) return [];
        return [
          {
            address: profile.address,
            path: ['root_certificate_id'],
            detail: `root_certificate_id refers to ${ref.address}, whose certificate ${show(c.cert.subject)} is an intermediate CA (not self-signed). "If you have a multiple level PKI Infrastructure, such as a Root Certification Authority and an Issuing Certification Authority, select the top level Trusted Root certificate profile that validates the Issuing Certification Authority" (Microsoft's SCEP article). Reference the trusted root profile of the top-level root CA, and keep ${ref.address} as a trusted certificate profile of its own, assigned to the same groups.`,
          },
        ];
      });
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
          detail:
            'from Android 11 on, trusted certificate profiles can no longer install the root on device-administrator devices (Samsung Knox excepted); users must install it by hand.',
        },
      ];
    },
  },
];
