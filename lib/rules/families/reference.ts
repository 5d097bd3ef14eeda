/** References between resources: a SCEP profile and the trusted root it names. */
import { show } from '../diagnostic';
import type { Finding, Rule } from '../rule';

export const referenceRules: Rule[] = [
  {
    id: 'reference/root-missing',
    severity: 'error',
    summary: 'SCEP profile without a trusted root',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const v = r.raw('root_certificate_id');
      if (typeof v === 'string' ? v.trim() !== '' : v !== undefined) return [];
      return [
        {
          path: ['root_certificate_id'],
          detail: `root_certificate_id is ${v === undefined ? 'not set' : 'empty'}. A SCEP profile must name the trusted root its certificates chain to: root_certificate_id = "\${intune_trusted_root_certificate.<name>.id}" (in a construct: rootCertificate: root).`,
        },
      ];
    },
  },
  {
    id: 'reference/root-platform-mismatch',
    severity: 'error',
    summary: 'Trusted root is for another platform',
    kind: 'stack',
    check(ctx) {
      const findings: Finding[] = [];
      for (const profile of ctx.stack.ofType('intune_scep_certificate_profile')) {
        const root = ctx.stack.referenced(profile, 'root_certificate_id', 'intune_trusted_root_certificate');
        if (!root || !profile.platform || !root.platform || root.platform === profile.platform) continue;
        findings.push({
          address: profile.address,
          path: ['root_certificate_id'],
          detail: `${profile.address} (platform "${profile.platform}") references ${root.address} (platform "${root.platform}"); Graph links a SCEP profile only to a trusted root of the same platform. Create a "${profile.platform}" trusted root with the same certificate and reference it.`,
        });
      }
      return findings;
    },
  },
  {
    id: 'reference/root-channel-mismatch',
    severity: 'warning',
    summary: 'Trusted root and SCEP profile use different macOS channels',
    kind: 'stack',
    check(ctx) {
      const findings: Finding[] = [];
      for (const profile of ctx.stack.ofType('intune_scep_certificate_profile')) {
        const root = ctx.stack.referenced(profile, 'root_certificate_id', 'intune_trusted_root_certificate');
        if (!root || profile.platform !== 'macos' || root.platform !== 'macos') continue;
        const mine = profile.string('deployment_channel');
        const theirs = root.string('deployment_channel');
        if (!mine || !theirs || mine === theirs) continue;
        findings.push({
          address: profile.address,
          path: ['deployment_channel'],
          detail: `${profile.address} deploys on the ${show(mine)} channel but its root ${root.address} on the ${show(theirs)} channel; the certificate's keychain may not trust the root. Use the same deployment_channel for both.`,
        });
      }
      return findings;
    },
  },
  {
    id: 'reference/root-still-used',
    severity: 'error',
    summary: 'Trusted root deleted while a SCEP profile still references it',
    kind: 'tenant',
    types: ['intune_trusted_root_certificate'],
    // No check of one resource: it is about what the plan deletes (maybe no longer in the stack) and
    // the tenant's profiles outside the stack; the engine's plan checks it.
  },
];
