/** Cases of the Cloud PKI rules: CAs as a stack declares them, and the chain to the SCEP profiles they serve. */
import type { TestCertificates } from '../../helpers/certificates';
import { cleanStack, type Attrs } from '../../helpers/stacks';
import { WIFI, type CaseTable, type RuleCase } from './types';

const ROOT_CA = 'intune_cloud_pki_root_ca.root';
const ISSUING = 'intune_cloud_pki_issuing_ca.issuing';
const CLIENT = { name: 'Client Authentication', object_identifier: '1.3.6.1.5.5.7.3.2' };
const SERVER = { name: 'Server Authentication', object_identifier: '1.3.6.1.5.5.7.3.1' };

type Doc = { resource: Record<string, Record<string, Attrs>> };

/**
 * The clean stack served by Cloud PKI: a root and an issuing CA, the Windows trusted certificate
 * profiles of both (assigned as the profile is), and the profile taking the issuing CA's SCEP URI.
 * `change` edits the document before it is returned.
 */
function chain(change: (doc: Doc) => void = () => undefined): RuleCase['config'] {
  return (c: TestCertificates) => {
    const doc = cleanStack(c) as unknown as Doc;
    doc.resource.intune_cloud_pki_root_ca = {
      root: { display_name: 'Root CA', common_name: 'Contoso Root CA', validity_years: 10 },
    };
    doc.resource.intune_cloud_pki_issuing_ca = {
      issuing: {
        display_name: 'Issuing CA',
        common_name: 'Contoso Issuing CA',
        validity_years: 4,
        root_ca_id: `\${${ROOT_CA}.id}`,
      },
    };
    const roots = doc.resource.intune_trusted_root_certificate as Record<string, Attrs>;
    roots.root = { ...roots.root, certificate: `\${${ROOT_CA}.certificate}` };
    roots.issuing = {
      display_name: 'Issuing CA (Windows)',
      platform: 'windows',
      certificate: `\${${ISSUING}.certificate}`,
      destination_store: 'computer_intermediate',
    };
    (doc.resource.intune_profile_assignment as Record<string, Attrs>).issuing_assign = {
      profile_id: '${intune_trusted_root_certificate.issuing.id}',
      include_group_names: ['Wi-Fi Users'],
    };
    (doc.resource.intune_scep_certificate_profile as Record<string, Attrs>).wifi!.scep_server_urls = [`\${${ISSUING}.scep_server_url}`];
    change(doc);
    return doc;
  };
}
const rootCa = (over: Attrs) => chain((d) => Object.assign(d.resource.intune_cloud_pki_root_ca!.root!, over));
const issuing = (over: Attrs) => chain((d) => Object.assign(d.resource.intune_cloud_pki_issuing_ca!.issuing!, over));

export const cloudPkiCases: CaseTable = {
  'cloud-pki/key-size': {
    triggers: { '1024': { config: rootCa({ key_size: 1024 }), address: ROOT_CA, path: ['key_size'], detail: '2048, 3072, 4096' } },
    nearMisses: { '3072': { config: rootCa({ key_size: 3072 }) }, default: { config: chain() } },
  },
  'cloud-pki/hash': {
    triggers: { sha1: { config: rootCa({ hash_algorithm: 'sha1' }), path: ['hash_algorithm'], detail: 'SHA-1 is not offered' } },
    nearMisses: { sha384: { config: rootCa({ hash_algorithm: 'sha384' }) } },
  },
  'cloud-pki/validity': {
    triggers: {
      'root over 25': { config: rootCa({ validity_years: 30 }), address: ROOT_CA, detail: 'from 1 to 25' },
      'issuing over 10': { config: issuing({ validity_years: 12 }), address: ISSUING, detail: 'from 1 to 10' },
      'a fraction': { config: issuing({ validity_years: 2.5 }) },
      unset: { config: chain((d) => delete d.resource.intune_cloud_pki_root_ca!.root!.validity_years), detail: 'not set' },
    },
    nearMisses: {
      'root 25': { config: rootCa({ validity_years: 25 }) },
      'issuing 1 (Graph only)': { config: issuing({ validity_years: 1 }) },
    },
  },
  'cloud-pki/root-missing': {
    triggers: { unset: { config: chain((d) => delete d.resource.intune_cloud_pki_issuing_ca!.issuing!.root_ca_id), path: ['root_ca_id'] } },
    nearMisses: { 'a root by id': { config: issuing({ root_ca_id: '6f0c2d9e-0000-4000-8000-000000000001' }) } },
  },
  'cloud-pki/any-purpose': {
    triggers: {
      'on the issuing CA': {
        config: issuing({ extended_key_usages: [CLIENT, { name: 'Any', object_identifier: '2.5.29.37.0' }] }),
        path: ['extended_key_usages', 1, 'object_identifier'],
      },
    },
    nearMisses: { 'client authentication': { config: issuing({ extended_key_usages: [CLIENT] }) } },
  },
  'cloud-pki/country': {
    triggers: { 'a name': { config: rootCa({ country: 'USA' }), path: ['country'], detail: '"USA"' } },
    nearMisses: { 'two letters': { config: rootCa({ country: 'de' }) } },
  },
  'cloud-pki/outlives-root': {
    triggers: {
      'as long as its root': { config: issuing({ validity_years: 10 }), address: ISSUING, detail: 'fewer years than the root' },
    },
    nearMisses: { 'a year less': { config: issuing({ validity_years: 9 }) } },
  },
  'cloud-pki/eku-not-in-root': {
    triggers: {
      'server authentication': {
        config: issuing({ extended_key_usages: [CLIENT, SERVER] }),
        address: ISSUING,
        path: ['extended_key_usages', 1, 'object_identifier'],
      },
    },
    nearMisses: {
      'the root has it': {
        config: chain((d) => {
          d.resource.intune_cloud_pki_root_ca!.root!.extended_key_usages = [CLIENT, SERVER];
          d.resource.intune_cloud_pki_issuing_ca!.issuing!.extended_key_usages = [SERVER];
        }),
      },
    },
  },
  'cloud-pki/limit': {
    triggers: {
      seven: {
        config: chain((d) => {
          for (let i = 0; i < 5; i++)
            d.resource.intune_cloud_pki_issuing_ca![`more_${i}`] = {
              ...d.resource.intune_cloud_pki_issuing_ca!.issuing!,
              common_name: `CA ${i}`,
            };
        }),
        detail: 'at most 6',
      },
    },
    nearMisses: {
      six: {
        config: chain((d) => {
          for (let i = 0; i < 4; i++)
            d.resource.intune_cloud_pki_issuing_ca![`more_${i}`] = {
              ...d.resource.intune_cloud_pki_issuing_ca!.issuing!,
              common_name: `CA ${i}`,
            };
        }),
      },
    },
  },
  'cloud-pki/common-name-taken': {
    triggers: {
      "the root's name, another case": { config: issuing({ common_name: 'contoso root ca' }), address: ISSUING, path: ['common_name'] },
    },
    nearMisses: { 'its own': { config: issuing({ common_name: 'Contoso Root CA 2' }) } },
  },
  'cloud-pki/profile-root-mismatch': {
    triggers: {
      'the issuing CA as root': {
        config: chain((d) => {
          d.resource.intune_scep_certificate_profile!.wifi!.root_certificate_id = '${intune_trusted_root_certificate.issuing.id}';
        }),
        address: WIFI,
        path: ['scep_server_urls', 0],
        detail: `\${${ROOT_CA}.certificate}`,
      },
      'a pasted root': {
        config: (c) => {
          const doc = chain()(c) as Doc;
          doc.resource.intune_trusted_root_certificate!.root!.certificate = c.root;
          return doc;
        },
        detail: 'deploys a certificate of its own',
      },
    },
    nearMisses: { "the root CA's profile": { config: chain() } },
  },
  'cloud-pki/chain-not-assigned': {
    triggers: {
      'issuing CA profile unassigned': {
        config: chain((d) => {
          delete d.resource.intune_profile_assignment!.issuing_assign;
          d.resource.intune_profile_assignment!.root_assign!.include_group_names = ['VPN Users'];
        }),
        address: WIFI,
        detail: 'it reaches "Wi-Fi Users", where no trusted certificate profile deploys intune_cloud_pki_issuing_ca.issuing',
      },
      'no profile deploys the root CA': {
        config: chain((d) => {
          d.resource.intune_trusted_root_certificate!.root!.platform = 'ios';
        }),
        detail: 'no trusted certificate profile on windows deploys intune_cloud_pki_root_ca.root',
      },
    },
    nearMisses: {
      'all assigned': { config: chain() },
      'the root to all devices': {
        config: chain((d) => {
          d.resource.intune_profile_assignment!.root_assign = {
            profile_id: '${intune_trusted_root_certificate.root.id}',
            all_devices: true,
          };
        }),
      },
    },
  },
};
