/** Certificate validity and renewal. */
import { show } from '../diagnostic';
import { issuedBy, parseCertificateCached, type CertificateInfo } from '../certificate';
import type { Finding, ResourceView, Rule, RuleContext } from '../rule';

const UNITS = ['days', 'months', 'years'] as const;
type Unit = (typeof UNITS)[number];

/** A valid validity period, or undefined (validity/invalid reports why). */
export function validityOf(r: ResourceView): { value: number; unit: Unit } | undefined {
  const value = r.value('validity_period_value');
  const unit = r.value('validity_period_unit');
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) return undefined;
  if (typeof unit !== 'string' || !(UNITS as readonly string[]).includes(unit)) return undefined;
  return { value, unit: unit as Unit };
}

/** `from` plus the period, in calendar terms (UTC), as a CA counts it. */
export function addPeriod(from: Date, period: { value: number; unit: Unit }): Date {
  const d = new Date(from.getTime());
  if (period.unit === 'days') d.setUTCDate(d.getUTCDate() + period.value);
  else if (period.unit === 'months') d.setUTCMonth(d.getUTCMonth() + period.value);
  else d.setUTCFullYear(d.getUTCFullYear() + period.value);
  return d;
}

function inDays(p: { value: number; unit: Unit }): number {
  return p.unit === 'days' ? p.value : p.unit === 'months' ? p.value * 30.4375 : p.value * 365.25;
}

/**
 * The CA certificates the stack's trusted certificate profiles deploy below `root` (intermediates it
 * issued, and the ones they issued in turn): the issuing CA of the root's chain is one of them when
 * the stack deploys it. Verified by signature, not by name.
 */
function chainedCas(stack: readonly ResourceView[], root: CertificateInfo): { view: ResourceView; cert: CertificateInfo }[] {
  const cas = stack.flatMap((view) => {
    const text = view.string('certificate');
    const parsed = text === undefined ? undefined : parseCertificateCached(text);
    return parsed?.ok && parsed.cert.ca && !parsed.cert.selfSigned ? [{ view, cert: parsed.cert }] : [];
  });
  const found: { view: ResourceView; cert: CertificateInfo }[] = [];
  let parents = [root];
  while (parents.length > 0) {
    const next = cas.filter((c) => !found.includes(c) && parents.some((p) => issuedBy(c.cert, p)));
    found.push(...next);
    parents = next.map((c) => c.cert);
  }
  return found;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Each SCEP profile with a validity and the CA certificate its root_certificate_id refers to (parsed),
 * with the end of a certificate issued on the run's date: what the two lifetime rules compare.
 */
function* issuedToday(
  ctx: RuleContext,
): Generator<{ profile: ResourceView; p: { value: number; unit: Unit }; root: ResourceView; cert: CertificateInfo; end: Date }> {
  for (const profile of ctx.stack.ofType('intune_scep_certificate_profile')) {
    const p = validityOf(profile);
    const root = ctx.stack.referenced(profile, 'root_certificate_id', 'intune_trusted_root_certificate');
    const text = root?.string('certificate');
    if (!p || !root || text === undefined) continue;
    const parsed = parseCertificateCached(text);
    if (parsed.ok) yield { profile, p, root, cert: parsed.cert, end: addPeriod(ctx.now, p) };
  }
}

function describe(p: { value: number; unit: Unit }): string {
  return `${p.value} ${p.value === 1 ? p.unit.slice(0, -1) : p.unit}`;
}

export const validityRules: Rule[] = [
  {
    id: 'validity/invalid',
    severity: 'error',
    summary: 'Invalid validity period',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const findings: Finding[] = [];
      const value = r.value('validity_period_value');
      const unit = r.value('validity_period_unit');
      if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)) {
        findings.push({ path: ['validity_period_value'], detail: `validity_period_value = ${show(value)}; use a positive whole number.` });
      }
      if (unit !== undefined && (typeof unit !== 'string' || !(UNITS as readonly string[]).includes(unit))) {
        findings.push({ path: ['validity_period_unit'], detail: `validity_period_unit = ${show(unit)}; use "days", "months" or "years".` });
      }
      return findings;
    },
  },
  {
    id: 'validity/over-24-months',
    severity: 'error',
    summary: 'Validity longer than 24 months',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const p = validityOf(r);
      if (!p) return [];
      const over = p.unit === 'days' ? p.value > 730 : p.unit === 'months' ? p.value > 24 : p.value > 2;
      if (!over) return [];
      return [
        {
          path: ['validity_period_value'],
          detail: `validity ${describe(p)} is longer than Intune allows (24 months, 730 days, 2 years). Shorten it.`,
          typescript: `validity ${describe(p)} is longer than Intune allows (24 months, 730 days, 2 years). Use Validity.months(24) or less.`,
        },
      ];
    },
  },
  {
    id: 'validity/under-5-days',
    severity: 'warning',
    summary: 'Validity shorter than 5 days',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const p = validityOf(r);
      if (!p || inDays(p) >= 5) return [];
      return [
        {
          path: ['validity_period_value'],
          detail: `validity ${describe(p)}: the certificate is near expiry, or expired, before devices install it. Use 5 days or more.`,
        },
      ];
    },
  },
  {
    // A warning, measured from the run's date (`now`, INTUNE_SCEP_NOW): an error would make a stack
    // that passed yesterday block every plan from the day the CA certificate has less left than the
    // validity, with nothing in the stack changed and no way to acknowledge it while a renewal is
    // under way. An expired certificate is root/expired's error.
    id: 'validity/exceeds-root-lifetime',
    severity: 'warning',
    summary: 'Certificate would outlive the CA certificate its profile references',
    kind: 'stack',
    check(ctx) {
      const findings: Finding[] = [];
      for (const { profile, p, root, cert, end } of issuedToday(ctx)) {
        // Past the end of JavaScript dates: validity/over-24-months already reports such a period.
        if (Number.isNaN(end.getTime()) || end.getTime() <= cert.notAfter.getTime()) continue;
        const { subject, notAfter, selfSigned } = cert;
        const since = addPeriod(notAfter, { value: -p.value, unit: p.unit });
        findings.push({
          address: profile.address,
          path: ['validity_period_value'],
          detail: `a certificate issued today (${day(ctx.now)}) for ${describe(p)} would be valid until ${day(end)}, after the certificate root_certificate_id refers to expires: ${root.address} (${show(subject)}, ${selfSigned ? 'a root CA' : 'an intermediate CA'}) ends on ${day(notAfter)}. That holds for every certificate issued since ${day(since)}: no CA of the chain issues past that certificate's end ("The value must also be lower than the remaining validity period of the issuing CA's certificate"). Renew the CA certificate and deploy the renewed one, or shorten the validity; while the renewal is under way, add "validity/exceeds-root-lifetime" to this profile's suppress_warnings.`,
        });
      }
      return findings;
    },
  },
  {
    id: 'validity/exceeds-issuing-ca-lifetime',
    severity: 'warning',
    summary: 'Certificate would outlive an issuing CA of its chain',
    kind: 'stack',
    check(ctx) {
      // The article names the issuing CA, which the root alone does not show: the intermediates the
      // stack deploys below the profile's root (trusted certificate profiles, verified by signature)
      // are the candidates. A warning: the stack does not say which of them issues.
      const findings: Finding[] = [];
      const trusted = ctx.stack.ofType('intune_trusted_root_certificate');
      for (const { profile, p, root, cert, end } of issuedToday(ctx)) {
        if (Number.isNaN(end.getTime()) || end.getTime() > cert.notAfter.getTime()) continue; // the root's own rule speaks
        for (const ca of chainedCas(trusted, cert)) {
          if (end.getTime() <= ca.cert.notAfter.getTime()) continue;
          findings.push({
            address: profile.address,
            path: ['validity_period_value'],
            detail: `a certificate issued today (${ctx.now.toISOString().slice(0, 10)}) for ${describe(p)} would be valid until ${end.toISOString().slice(0, 10)}, after ${show(ca.cert.subject)} (deployed by ${ca.view.address}, issued below ${root.address}, which root_certificate_id refers to) expires (${ca.cert.notAfter.toISOString().slice(0, 10)}). If it is the issuing CA, it cannot issue that certificate: "The value must also be lower than the remaining validity period of the issuing CA's certificate". Shorten the validity or renew the issuing CA (suppress if another CA issues).`,
          });
        }
      }
      return findings;
    },
  },
  {
    id: 'renewal/out-of-range',
    severity: 'error',
    summary: 'Renewal threshold out of range',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const v = r.value('renewal_threshold_percentage');
      if (v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 99)) return [];
      return [
        {
          path: ['renewal_threshold_percentage'],
          detail: `renewal_threshold_percentage = ${show(v)}; use a whole number from 1 to 99 (default 20).`,
        },
      ];
    },
  },
];
