import type { TestCertificates } from '../../helpers/certificates';
import { WIFI, on, wifi, type CaseTable } from './types';

const eku = (object_identifier: string, name = 'x') => ({ name, object_identifier });
const CLIENT = eku('1.3.6.1.5.5.7.3.2', 'Client Authentication');
const ANY = eku('2.5.29.37.0', 'Any Purpose');
const CLOUD_PKI =
  'https://{{CloudPKIFQDN}}/TrafficGateway/PassThroughRoutingService/CloudPki/CloudPkiService/Scep/6c0a1f0e-5bd4-4b0c-9a3e-1f2a3b4c5d6e/0c3d0e6f-1a2b-4c5d-8e9f-a0b1c2d3e4f5';

/** The clean stack, plus a trusted certificate profile deploying `ca` as an intermediate, and the profile changed. */
function withIssuing(c: TestCertificates, ca: string, profile: Record<string, unknown>): unknown {
  const doc = wifi(profile)(c) as { resource: Record<string, Record<string, unknown>> };
  doc.resource.intune_trusted_root_certificate = {
    ...doc.resource.intune_trusted_root_certificate,
    issuing: { display_name: 'Issuing CA', platform: 'windows', certificate: ca, destination_store: 'computer_intermediate' },
  };
  return doc;
}

export const validityKeyCases: CaseTable = {
  'validity/invalid': {
    triggers: {
      zero: { config: wifi({ validity_period_value: 0 }), path: ['validity_period_value'] },
      fraction: { config: wifi({ validity_period_value: 1.5 }) },
      'unknown unit': { config: wifi({ validity_period_unit: 'weeks' }), path: ['validity_period_unit'], detail: '"weeks"' },
    },
    nearMisses: { '6 months': { config: wifi({ validity_period_value: 6, validity_period_unit: 'months' }) } },
  },
  'validity/over-24-months': {
    triggers: {
      '25 months': { config: wifi({ validity_period_value: 25, validity_period_unit: 'months' }) },
      '731 days': { config: wifi({ validity_period_value: 731, validity_period_unit: 'days' }) },
      '3 years': { config: wifi({ validity_period_value: 3, validity_period_unit: 'years' }) },
    },
    nearMisses: {
      '24 months': { config: wifi({ validity_period_value: 24, validity_period_unit: 'months' }) },
      '730 days': { config: wifi({ validity_period_value: 730, validity_period_unit: 'days' }) },
      '2 years': { config: wifi({ validity_period_value: 2 }) },
    },
  },
  'validity/under-5-days': {
    triggers: { '4 days': { config: wifi({ validity_period_value: 4, validity_period_unit: 'days' }) } },
    nearMisses: { '5 days': { config: wifi({ validity_period_value: 5, validity_period_unit: 'days' }) } },
  },
  'validity/exceeds-root-lifetime': {
    triggers: {
      'one year past a root ending in three months': {
        config: (c) => on('windows', {}, { certificate: c.rootEndingSoon })(c),
        path: ['validity_period_value'],
        detail: '2027-06-01',
      },
    },
    nearMisses: {
      'two months within the root': {
        config: (c) => on('windows', { validity_period_value: 2, validity_period_unit: 'months' }, { certificate: c.rootEndingSoon })(c),
      },
      'long-lived root': { config: wifi({ validity_period_value: 2 }) },
      'a period past the end of dates (found by property tests)': {
        config: wifi({ validity_period_value: 273735, validity_period_unit: 'years' }),
      },
    },
  },
  // "The value must also be lower than the remaining validity period of the issuing CA's certificate."
  'validity/exceeds-issuing-ca-lifetime': {
    triggers: {
      'one year past an issuing CA the stack deploys, chained to the root': {
        config: (c) => withIssuing(c, c.issuingEndingSoon, {}),
        address: WIFI,
        path: ['validity_period_value'],
        detail: 'CN=Contoso Issuing CA 2016',
      },
    },
    nearMisses: {
      'two months within the issuing CA': {
        config: (c) => withIssuing(c, c.issuingEndingSoon, { validity_period_value: 2, validity_period_unit: 'months' }),
      },
      'a long-lived issuing CA': { config: (c) => withIssuing(c, c.intermediate, {}) },
      'a CA ending soon that does not chain to the root': { config: (c) => withIssuing(c, c.rootEndingSoon, {}) },
      'a CA naming the root as its issuer, signed by another key': { config: (c) => withIssuing(c, c.impostorIssuingEndingSoon, {}) },
    },
  },
  'renewal/out-of-range': {
    triggers: {
      '0': { config: wifi({ renewal_threshold_percentage: 0 }), path: ['renewal_threshold_percentage'] },
      '100': { config: wifi({ renewal_threshold_percentage: 100 }) },
      '20.5': { config: wifi({ renewal_threshold_percentage: 20.5 }) },
    },
    nearMisses: {
      '1': { config: wifi({ renewal_threshold_percentage: 1 }) },
      '99': { config: wifi({ renewal_threshold_percentage: 99 }) },
    },
  },
  'key/invalid-size': {
    triggers: { '3072': { config: wifi({ key_size: 3072 }), path: ['key_size'], detail: '3072' } },
    nearMisses: { '2048': { config: wifi({ key_size: 2048 }) } },
  },
  'key/weak-1024': {
    triggers: { '1024': { config: wifi({ key_size: 1024 }) } },
    nearMisses: { '2048': { config: wifi({ key_size: 2048 }) } },
  },
  'key/4096-needs-software-ksp': {
    triggers: {
      'TPM or fail': { config: wifi({ key_size: 4096, key_storage_provider: 'tpm_otherwise_fail' }), path: ['key_storage_provider'] },
      'Windows Hello or fail': { config: wifi({ key_size: 4096, key_storage_provider: 'windows_hello_otherwise_fail' }) },
    },
    nearMisses: {
      'software KSP': { config: wifi({ key_size: 4096, key_storage_provider: 'software' }) },
      '2048 in TPM': { config: wifi({ key_storage_provider: 'tpm_otherwise_fail' }) },
    },
  },
  'key/4096-tpm-if-present': {
    triggers: {
      'explicit TPM otherwise software': {
        config: wifi({ key_size: 4096, key_storage_provider: 'tpm_otherwise_software' }),
        path: ['key_storage_provider'],
      },
      'default KSP': { config: wifi({ key_size: 4096 }), path: ['key_size'], detail: 'the default' },
    },
    nearMisses: { 'software KSP': { config: wifi({ key_size: 4096, key_storage_provider: 'software' }) } },
  },
  'key/4096-os-minimum': {
    triggers: {
      ios: { config: on('ios', { key_size: 4096 }), detail: 'iOS/iPadOS 14' },
      macos: { config: on('macos', { key_size: 4096 }), detail: 'macOS 11' },
    },
    nearMisses: { android: { config: on('android_device_owner', { key_size: 4096 }) } },
  },
  'ksp/windows-only': {
    triggers: { 'on ios': { config: on('ios', { key_storage_provider: 'software' }), path: ['key_storage_provider'] } },
    nearMisses: { 'on windows': { config: wifi({ key_storage_provider: 'software' }) } },
  },
  'key-usage/empty': {
    triggers: { 'empty list': { config: wifi({ key_usage: [] }), path: ['key_usage'] } },
    nearMisses: { 'digital signature only': { config: wifi({ key_usage: ['digital_signature'] }) }, default: { config: wifi({}) } },
  },
  'hash/not-applicable': {
    triggers: {
      'on ios': { config: on('ios', { hash_algorithm: 'sha2' }), path: ['hash_algorithm'] },
      'on macos': { config: on('macos', { hash_algorithm: 'sha1' }) },
    },
    nearMisses: { 'on windows': { config: wifi({ hash_algorithm: 'sha2' }) } },
  },
  'hash/sha1-ignored': {
    triggers: { 'on aosp': { config: on('aosp', { hash_algorithm: 'sha1' }) } },
    nearMisses: {
      'sha2 on aosp': { config: on('aosp', { hash_algorithm: 'sha2' }) },
      'sha1 on windows (another rule)': { config: wifi({ hash_algorithm: 'sha1' }) },
    },
  },
  'hash/sha1-weak': {
    triggers: {
      'on windows': { config: wifi({ hash_algorithm: 'sha1' }) },
      'on device admin': { config: on('android_device_admin', { hash_algorithm: 'sha1' }) },
    },
    nearMisses: {
      sha2: { config: wifi({ hash_algorithm: 'sha2' }) },
      'sha1 on work profile (ignored instead)': { config: on('android_work_profile', { hash_algorithm: 'sha1' }) },
    },
  },
  'eku/invalid-oid': {
    triggers: {
      'first arc 3': {
        config: wifi({ extended_key_usages: [CLIENT, eku('3.1.2')] }),
        path: ['extended_key_usages', 1, 'object_identifier'],
      },
      'second arc 40 under 1': { config: wifi({ extended_key_usages: [CLIENT, eku('1.40.1')] }) },
      'not dotted decimal': { config: wifi({ extended_key_usages: [CLIENT, eku('client-auth')] }) },
      'single arc': { config: wifi({ extended_key_usages: [CLIENT, eku('1')] }) },
    },
    nearMisses: { 'second arc 40 under 2': { config: wifi({ extended_key_usages: [CLIENT, eku('2.999.1')] }) } },
  },
  'eku/empty-name': {
    triggers: {
      'blank name': {
        config: wifi({ extended_key_usages: [{ name: '', object_identifier: '1.3.6.1.5.5.7.3.2' }] }),
        path: ['extended_key_usages', 0, 'name'],
      },
    },
    nearMisses: { named: { config: wifi({ extended_key_usages: [CLIENT] }) } },
  },
  'eku/cloud-pki-any-purpose': {
    triggers: {
      'Any Purpose with a Cloud PKI URI': {
        config: wifi({ scep_server_urls: [CLOUD_PKI], extended_key_usages: [CLIENT, ANY] }),
        path: ['extended_key_usages', 1, 'object_identifier'],
        detail: 'not allowed in a SCEP profile served by Microsoft Cloud PKI',
      },
    },
    nearMisses: {
      'Any Purpose with NDES': { config: wifi({ extended_key_usages: [CLIENT, ANY] }) },
      'Client Authentication with a Cloud PKI URI': { config: wifi({ scep_server_urls: [CLOUD_PKI], extended_key_usages: [CLIENT] }) },
    },
  },
  'eku/none': {
    triggers: { 'empty list': { config: wifi({ extended_key_usages: [] }), path: ['extended_key_usages'] } },
    nearMisses: { 'default is client auth': { config: wifi({}) } },
  },
  'eku/duplicate': {
    triggers: {
      'same OID twice': {
        config: wifi({ extended_key_usages: [CLIENT, eku('1.3.6.1.5.5.7.3.2', 'again')] }),
        path: ['extended_key_usages', 1],
      },
    },
    nearMisses: { 'two OIDs': { config: wifi({ extended_key_usages: [CLIENT, eku('1.3.6.1.5.5.7.3.1')] }) } },
  },
  'limits/too-many': {
    triggers: {
      '501 EKUs': {
        config: wifi({ extended_key_usages: Array.from({ length: 501 }, (_, i) => eku(`1.3.6.1.4.1.${i + 1}`)) }),
        path: ['extended_key_usages'],
      },
      '51 apps': {
        config: on('android_device_owner', {
          certificate_access: 'specific_apps',
          silent_access_app_ids: Array.from({ length: 51 }, (_, i) => `com.contoso.app${i}`),
        }),
        path: ['silent_access_app_ids'],
      },
    },
    nearMisses: {
      '500 EKUs': {
        config: wifi({ extended_key_usages: [CLIENT, ...Array.from({ length: 499 }, (_, i) => eku(`1.3.6.1.4.1.${i + 1}`))] }),
      },
    },
  },
};
