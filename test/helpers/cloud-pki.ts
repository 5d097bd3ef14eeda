/** Cloud PKI over the Graph client against the mock on loopback, sharing a virtual clock (test/graph/cloud-pki*.test.ts). */
import { CloudPkiApi, GraphClient, VirtualClock } from '../../lib';
import { startMockGraph, type MockGraph, type MockGraphOptions } from '../../lib/mock-graph';
import { windowsUserProfile } from './stacks';

export const CLIENT_AUTH = { name: 'Client Authentication', objectIdentifier: '1.3.6.1.5.5.7.3.2' };

/** A mock (auth and throttling off) and a CloudPkiApi on it; `writes` lists each write the mock applied, as `METHOD path`. */
export async function withPki<T>(
  options: MockGraphOptions,
  fn: (pki: CloudPkiApi, mock: MockGraph, clock: VirtualClock, writes: string[]) => Promise<T>,
): Promise<T> {
  const clock = new VirtualClock();
  const writes: string[] = [];
  const mock = await startMockGraph({
    auth: 'off',
    clock,
    throttle: { mode: 'off' },
    onWrite: (_n, method, path) => writes.push(`${method} ${path}`),
    ...options,
  });
  try {
    return await fn(new CloudPkiApi(new GraphClient({ baseUrl: `${mock.url}/beta`, clock })), mock, clock, writes);
  } finally {
    await mock.close();
  }
}

/** A create body for a root CA named `name` (its common name too). */
export const rootCa = (name = 'Contoso Root') => ({
  displayName: name,
  cloudCertificationAuthorityType: 'rootCertificationAuthority',
  commonName: name,
  validityPeriodInYears: 10,
  certificateKeySize: 'rsa2048',
  cloudCertificationAuthorityHashingAlgorithm: 'sha256',
  extendedKeyUsages: [CLIENT_AUTH],
});

/** A create body for an issuing CA anchored to `rootId`. */
export const issuingCa = (rootId: string, name = 'Contoso Issuing') => ({
  displayName: name,
  cloudCertificationAuthorityType: 'issuingCertificationAuthority',
  certificationAuthorityIssuerId: rootId,
  commonName: name,
  validityPeriodInYears: 4,
  extendedKeyUsages: [CLIENT_AUTH],
});

export const ROOT_CA = 'intune_cloud_pki_root_ca.root';
export const ISSUING_CA = 'intune_cloud_pki_issuing_ca.issuing';
/** `${address.name}`: a reference to another resource's attribute, as Terraform JSON writes it. */
export const attr = (address: string, name: string) => `\${${address}.${name}}`;
type Attrs = Record<string, unknown>;

/**
 * A Terraform JSON stack of the whole chain: a root and an issuing CA, the Windows trusted
 * certificate profiles of both (root_win, issuing_win), a Windows Wi-Fi profile served by the issuing
 * CA (wifi), each assigned to "Wi-Fi Users". `over` changes a resource's attributes; `omit` drops
 * resources by address.
 */
export function cloudPkiChain(
  over: { root?: Attrs; issuing?: Attrs; rootWin?: Attrs; issuingWin?: Attrs; profile?: Attrs; assign?: Attrs; omit?: string[] } = {},
): { resource: Record<string, Record<string, Attrs>> } {
  const ref = (address: string) => `\${${address}.id}`;
  const resource: Record<string, Record<string, Attrs>> = {
    intune_cloud_pki_root_ca: {
      root: { display_name: 'Contoso Root CA', common_name: 'Contoso Root CA', validity_years: 10, country: 'US', ...over.root },
    },
    intune_cloud_pki_issuing_ca: {
      issuing: {
        display_name: 'Contoso Issuing CA',
        common_name: 'Contoso Issuing CA',
        validity_years: 4,
        root_ca_id: ref(ROOT_CA),
        ...over.issuing,
      },
    },
    intune_trusted_root_certificate: {
      root_win: {
        display_name: 'Cloud PKI root (Windows)',
        platform: 'windows',
        certificate: attr(ROOT_CA, 'certificate'),
        ...over.rootWin,
      },
      issuing_win: {
        display_name: 'Cloud PKI issuing (Windows)',
        platform: 'windows',
        certificate: attr(ISSUING_CA, 'certificate'),
        destination_store: 'computer_intermediate',
        ...over.issuingWin,
      },
    },
    intune_scep_certificate_profile: {
      wifi: windowsUserProfile({
        root_certificate_id: ref('intune_trusted_root_certificate.root_win'),
        scep_server_urls: [attr(ISSUING_CA, 'scep_server_url')],
        ...over.profile,
      }),
    },
    intune_profile_assignment: {
      root_win_assign: { profile_id: ref('intune_trusted_root_certificate.root_win'), include_group_names: ['Wi-Fi Users'] },
      issuing_win_assign: { profile_id: ref('intune_trusted_root_certificate.issuing_win'), include_group_names: ['Wi-Fi Users'] },
      wifi_assign: { profile_id: ref('intune_scep_certificate_profile.wifi'), include_group_names: ['Wi-Fi Users'], ...over.assign },
    },
  };
  for (const a of over.omit ?? []) {
    const [type, name] = a.split('.') as [string, string];
    delete resource[type]?.[name];
  }
  return { resource };
}
