import { synth, ref } from '../../helpers/stacks';
import { on, ROOT, root, WIFI, wifi, type CaseTable } from './types';

const NDES = 'https://ndes.contoso.com/certsrv/mscep/mscep.dll';
/** An issuing CA's SCEP URI as the admin center shows it (the service's form; graph-facts/cloud-pki.ts). */
const CLOUD_PKI =
  'https://{{CloudPKIFQDN}}/TrafficGateway/PassThroughRoutingService/CloudPki/CloudPkiService/Scep/6c0a1f0e-5bd4-4b0c-9a3e-1f2a3b4c5d6e/0c3d0e6f-1a2b-4c5d-8e9f-a0b1c2d3e4f5';
const CLOUD_PKI_2 = CLOUD_PKI.replace('0c3d0e6f', '1d4e1f70');

export const urlAccessRootCases: CaseTable = {
  'scep-url/missing': {
    triggers: {
      'empty list': { config: wifi({ scep_server_urls: [] }), path: ['scep_server_urls'] },
      'not set': { config: wifi({ scep_server_urls: undefined }), detail: 'not set' },
    },
    nearMisses: { 'one URL': { config: wifi({ scep_server_urls: [NDES] }) } },
  },
  'scep-url/invalid': {
    triggers: {
      'no scheme': { config: wifi({ scep_server_urls: ['ndes.contoso.com/certsrv'] }), path: ['scep_server_urls', 0] },
      ftp: { config: wifi({ scep_server_urls: ['ftp://ndes.contoso.com/'] }) },
    },
    nearMisses: {
      'http on windows is allowed': { config: wifi({ scep_server_urls: ['http://ndes.contoso.com/certsrv/mscep/mscep.dll'] }) },
      'a Cloud PKI SCEP URI, its placeholder kept': { config: wifi({ scep_server_urls: [CLOUD_PKI] }) },
    },
  },
  'scep-url/cloud-pki-alone': {
    triggers: {
      'with an NDES URL': {
        config: wifi({ scep_server_urls: [NDES, CLOUD_PKI] }),
        path: ['scep_server_urls'],
        detail: 'one Cloud PKI SCEP URI per profile, never mixed with NDES URLs',
      },
      'two issuing CAs': {
        config: wifi({ scep_server_urls: [CLOUD_PKI, CLOUD_PKI_2] }),
        detail: 'are Microsoft Cloud PKI SCEP URIs: Intune supports one per profile',
      },
      'with a fixed host in place of the placeholder': {
        config: wifi({ scep_server_urls: [CLOUD_PKI.replace('{{CloudPKIFQDN}}', 'contoso.manage.microsoft.com'), NDES] }),
      },
    },
    nearMisses: {
      'one Cloud PKI URI': { config: wifi({ scep_server_urls: [CLOUD_PKI] }) },
      'two NDES servers': { config: wifi({ scep_server_urls: [NDES, 'https://ndes2.contoso.com/certsrv/mscep/mscep.dll'] }) },
      'NDES URLs naming the placeholder elsewhere than as the host': {
        config: wifi({ scep_server_urls: [`${NDES}?ca={{CloudPKIFQDN}}`, 'https://ndes2.contoso.com/{{CloudPKIFQDN}}/mscep.dll'] }),
      },
    },
  },
  'scep-url/cloud-pki-placeholder': {
    triggers: {
      'over http': {
        config: wifi({ scep_server_urls: [CLOUD_PKI.replace('https:', 'http:')] }),
        detail: 'here it is http',
      },
      'the placeholder replaced by a host': {
        config: wifi({ scep_server_urls: [CLOUD_PKI.replace('{{CloudPKIFQDN}}', 'contoso.manage.microsoft.com')] }),
        path: ['scep_server_urls', 0],
        detail: 'the host reads "contoso.manage.microsoft.com"',
      },
    },
    nearMisses: {
      'the placeholder kept': { config: wifi({ scep_server_urls: [CLOUD_PKI] }) },
      'the placeholder kept, with a trailing dot': { config: wifi({ scep_server_urls: [CLOUD_PKI.replace('}}/', '}}./')] }) },
      'an NDES URL': { config: wifi({ scep_server_urls: [NDES] }) },
    },
  },
  'scep-url/https-required': {
    triggers: {
      'http on work profile': {
        config: on('android_work_profile', { scep_server_urls: ['http://ndes.contoso.com/x'] }),
        path: ['scep_server_urls', 0],
      },
      'http on device admin': { config: on('android_device_admin', { scep_server_urls: ['http://ndes.contoso.com/x'] }) },
    },
    nearMisses: {
      'http on aosp': { config: on('aosp', { scep_server_urls: ['http://ndes.contoso.com/x'] }) },
      'https on work profile': { config: on('android_work_profile') },
    },
  },
  'scep-url/duplicate': {
    triggers: { 'same URL twice': { config: wifi({ scep_server_urls: [NDES, NDES] }), path: ['scep_server_urls', 1] } },
    nearMisses: { 'two servers': { config: wifi({ scep_server_urls: [NDES, 'https://ndes2.contoso.com/certsrv/mscep/mscep.dll'] }) } },
  },
  'scep-url/load-balancing': {
    triggers: {
      'two servers': {
        config: wifi({ scep_server_urls: [NDES, 'https://ndes2.contoso.com/certsrv/mscep/mscep.dll'] }),
        path: ['scep_server_urls'],
        detail: 'tries them in turn',
      },
      // "iOS/iPadOS: Intune randomizes the URLs and provides a single URL to a device."
      'two servers on ios: one URL per device, no failover': {
        config: on('ios', { scep_server_urls: [NDES, 'https://ndes2.contoso.com/certsrv/mscep/mscep.dll'] }),
        detail: 'a single URL',
      },
    },
    nearMisses: { 'one server': { config: wifi({}) }, 'one server on ios': { config: on('ios', {}) } },
  },
  'access/device-owner-only': {
    triggers: {
      'certificate_access on work profile': {
        config: on('android_work_profile', { certificate_access: 'user_approval' }),
        path: ['certificate_access'],
      },
      'apps on ios': { config: on('ios', { silent_access_app_ids: ['com.contoso.vpn'] }), path: ['silent_access_app_ids'] },
    },
    nearMisses: {
      'on device owner': {
        config: on('android_device_owner', { certificate_access: 'specific_apps', silent_access_app_ids: ['com.contoso.vpn'] }),
      },
    },
  },
  // "SCEP certificate profiles on Android Enterprise dedicated devices aren't supported for app authentication."
  'access/dedicated-no-app-authentication': {
    triggers: {
      'silent access for apps': {
        config: on('android_device_owner', { certificate_access: 'specific_apps', silent_access_app_ids: ['com.contoso.vpn'] }),
        path: ['certificate_access'],
        detail: 'dedicated',
      },
      'user approval set explicitly': {
        config: on('android_device_owner', { certificate_access: 'user_approval' }),
        path: ['certificate_access'],
      },
    },
    nearMisses: {
      'certificate access left unset': { config: on('android_device_owner', {}) },
      'suppressed (fully managed and COPE devices only)': {
        config: on('android_device_owner', {
          certificate_access: 'specific_apps',
          silent_access_app_ids: ['com.contoso.vpn'],
          suppress_warnings: ['access/dedicated-no-app-authentication'],
        }),
      },
    },
  },
  'access/apps-required': {
    triggers: {
      'specific apps without ids': {
        config: on('android_device_owner', { certificate_access: 'specific_apps' }),
        path: ['silent_access_app_ids'],
      },
      'not a package name': {
        config: on('android_device_owner', { certificate_access: 'specific_apps', silent_access_app_ids: ['Contoso VPN'] }),
        path: ['silent_access_app_ids', 0],
      },
    },
    nearMisses: { 'user approval needs none': { config: on('android_device_owner', { certificate_access: 'user_approval' }) } },
  },
  'root/unparseable': {
    triggers: {
      'not a certificate': { config: root({ certificate: 'hello' }), address: ROOT, path: ['certificate'] },
      'broken PEM': { config: root({ certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n' }) },
    },
    nearMisses: { 'base64 DER': { config: (c) => root({ certificate: c.rootBase64Der })(c) } },
  },
  'root/not-a-ca': {
    triggers: { 'a leaf': { config: (c) => root({ certificate: c.leaf })(c), detail: 'radius.contoso.com' } },
    nearMisses: { 'a root': { config: root({}) } },
  },
  'root/expired': {
    triggers: {
      expired: { config: (c) => root({ certificate: c.expired })(c), detail: '2025-01-01' },
      'not yet valid': { config: (c) => root({ certificate: c.notYetValid })(c), detail: '2027-01-01' },
    },
    nearMisses: { valid: { config: root({}) } },
  },
  'root/expires-soon': {
    triggers: {
      'in 30 days, naming its chained profile': {
        config: (c) => root({ certificate: c.rootExpiringIn30Days })(c),
        address: ROOT,
        path: ['certificate'],
        detail: `expires on 2026-07-01, in 30 days (the warning starts 90 days before; --expiry-warning-days or INTUNE_SCEP_EXPIRY_WARNING_DAYS sets it). The SCEP profiles chained to it (${WIFI})`,
      },
    },
    nearMisses: {
      'in 92 days': { config: (c) => root({ certificate: c.rootEndingSoon })(c) },
      'expired (root/expired says so)': { config: (c) => root({ certificate: c.expired })(c) },
    },
  },
  'root/not-self-signed': {
    triggers: {
      'the profile references an intermediate': {
        config: (c) => root({ certificate: c.intermediate })(c),
        address: WIFI,
        path: ['root_certificate_id'],
        detail: 'Issuing CA',
      },
    },
    nearMisses: {
      'self-signed root': { config: root({}) },
      // The chain's intermediate in a trusted certificate profile of its own, the profile referencing the root.
      'an intermediate deployed beside the root': {
        config: (c) => {
          const doc = root({})(c) as { resource: Record<string, Record<string, unknown>> };
          doc.resource.intune_trusted_root_certificate = {
            ...doc.resource.intune_trusted_root_certificate,
            issuing: {
              display_name: 'Issuing CA',
              platform: 'windows',
              certificate: c.intermediate,
              destination_store: 'computer_intermediate',
            },
          };
          return doc;
        },
      },
    },
  },
  'root/destination-store-windows-only': {
    triggers: { 'on ios': { config: on('ios', {}, { destination_store: 'computer_root' }), path: ['destination_store'] } },
    nearMisses: { 'on windows': { config: root({ destination_store: 'computer_intermediate' }) } },
  },
  'root/device-admin-android-11': {
    triggers: { 'device admin root': { config: on('android_device_admin'), address: ROOT } },
    nearMisses: { 'device owner root': { config: on('android_device_owner') } },
  },
  'reference/root-missing': {
    triggers: {
      'not set': { config: wifi({ root_certificate_id: undefined }), path: ['root_certificate_id'] },
      empty: { config: wifi({ root_certificate_id: '' }) },
    },
    nearMisses: { 'an existing root id': { config: wifi({ root_certificate_id: '2b7e1a7c-4f7d-4c1e-9a55-3e8f2f6b9c10' }) } },
  },
  'reference/root-platform-mismatch': {
    triggers: {
      'ios profile on a windows root': {
        config: (c) =>
          synth({
            roots: { root: { display_name: 'r', platform: 'windows', certificate: c.root } },
            profiles: {
              p: {
                display_name: 'p',
                platform: 'ios',
                root_certificate_id: ref('intune_trusted_root_certificate.root'),
                certificate_type: 'device',
                subject_name_format: 'CN={{AAD_Device_ID}}',
                scep_server_urls: [NDES],
              },
            },
          }),
        path: ['root_certificate_id'],
      },
    },
    nearMisses: { 'same platform': { config: on('ios') } },
  },
  'reference/root-channel-mismatch': {
    triggers: {
      'user profile, device root': {
        config: on(
          'macos',
          { deployment_channel: 'user', certificate_type: 'user', subject_name_format: 'CN={{UserPrincipalName}}' },
          { deployment_channel: 'device' },
        ),
        path: ['deployment_channel'],
      },
    },
    nearMisses: {
      'both user channel': {
        config: on(
          'macos',
          { deployment_channel: 'user', certificate_type: 'user', subject_name_format: 'CN={{UserPrincipalName}}' },
          { deployment_channel: 'user' },
        ),
      },
    },
  },
};
