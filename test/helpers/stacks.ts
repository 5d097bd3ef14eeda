/**
 * Builders of synthesized stacks (the cdk.tf.json shape) for tests. `cleanStack` passes every rule;
 * a test changes one thing and looks for one diagnostic.
 */
import type { TestCertificates } from './certificates';

export type Attrs = Record<string, unknown>;

export interface StackParts {
  /** intune_trusted_root_certificate.<name> */
  roots?: Record<string, Attrs>;
  /** intune_scep_certificate_profile.<name> */
  profiles?: Record<string, Attrs>;
  /** intune_profile_assignment.<name> */
  assignments?: Record<string, Attrs>;
}

export function synth(parts: StackParts): Record<string, unknown> {
  const resource: Record<string, Record<string, Attrs>> = {};
  if (parts.roots) resource.intune_trusted_root_certificate = parts.roots;
  if (parts.profiles) resource.intune_scep_certificate_profile = parts.profiles;
  if (parts.assignments) resource.intune_profile_assignment = parts.assignments;
  return {
    terraform: { required_providers: { intune: { source: 'intune-scep/intune', version: '0.1.0' } } },
    provider: { intune: [{}] },
    resource,
  };
}

export const ref = (address: string) => `\${${address}.id}`;

export function windowsRoot(certs: TestCertificates, over: Attrs = {}): Attrs {
  return { display_name: 'Contoso Root (Windows)', platform: 'windows', certificate: certs.root, ...over };
}

/** A Windows user certificate for Wi-Fi with strong mapping: clean under every rule. */
export function windowsUserProfile(over: Attrs = {}): Attrs {
  return {
    display_name: 'Wi-Fi user certificate',
    platform: 'windows',
    root_certificate_id: ref('intune_trusted_root_certificate.root'),
    certificate_type: 'user',
    subject_name_format: 'CN={{UserPrincipalName}},E={{EmailAddress}},O=Contoso',
    subject_alternative_names: [
      { type: 'upn', value: '{{UserPrincipalName}}' },
      { type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' },
    ],
    scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
    ...over,
  };
}

/** Root, profile and the same assignments for both: no diagnostics. */
export function cleanStack(certs: TestCertificates, over: { root?: Attrs; profile?: Attrs } = {}): Record<string, unknown> {
  return synth({
    roots: { root: windowsRoot(certs, over.root) },
    profiles: { wifi: windowsUserProfile(over.profile) },
    assignments: {
      root_assign: { profile_id: ref('intune_trusted_root_certificate.root'), include_group_names: ['Wi-Fi Users'] },
      wifi_assign: { profile_id: ref('intune_scep_certificate_profile.wifi'), include_group_names: ['Wi-Fi Users'] },
    },
  });
}

/** A stack with one root and one profile of `platform` (root and profile on the same platform). */
export function platformStack(certs: TestCertificates, platform: string, profile: Attrs = {}, root: Attrs = {}): Record<string, unknown> {
  return synth({
    roots: { root: { display_name: `Root ${platform}`, platform, certificate: certs.root, ...root } },
    profiles: {
      p: {
        display_name: `Profile ${platform}`,
        platform,
        root_certificate_id: ref('intune_trusted_root_certificate.root'),
        certificate_type: 'device',
        subject_name_format: 'CN={{AAD_Device_ID}}',
        scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
        ...profile,
      },
    },
  });
}

/** `roots` Windows roots, each with `per` device SCEP profiles, every one assigned: roots × (2 + 2 per) objects. */
export function rootsWithProfiles(certs: TestCertificates, roots: number, per: number): Record<string, unknown> {
  const r: Record<string, Record<string, unknown>> = {};
  const p: Record<string, Record<string, unknown>> = {};
  const a: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < roots; i++) {
    r[`root_${i}`] = { display_name: `Root ${i}`, platform: 'windows', certificate: certs.root };
    a[`root_${i}_assign`] = { profile_id: ref(`intune_trusted_root_certificate.root_${i}`), include_group_names: ['Wi-Fi Users'] };
    for (let j = 0; j < per; j++) {
      p[`scep_${i}_${j}`] = {
        display_name: `SCEP ${i} ${j}`,
        platform: 'windows',
        root_certificate_id: ref(`intune_trusted_root_certificate.root_${i}`),
        certificate_type: 'device',
        subject_name_format: 'CN={{AAD_Device_ID}}',
        scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
      };
      a[`scep_${i}_${j}_assign`] = {
        profile_id: ref(`intune_scep_certificate_profile.scep_${i}_${j}`),
        include_group_names: ['Wi-Fi Users'],
      };
    }
  }
  return synth({ roots: r, profiles: p, assignments: a });
}
