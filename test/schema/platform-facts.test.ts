/**
 * The platform facts the rules and the impact read (lib/schema/platforms.ts), each against its source:
 * Microsoft's SCEP article (reporting, revocation, userless devices, SCEP URLs) and the published Graph
 * types (SAN types). The mock reads the reporting fact from the same place (graph-facts).
 */
import { PLATFORMS, PLATFORM_TABLE, type Platform } from '../../lib';
import { UNREPORTED_SCEP_TYPES } from '../../lib/graph-facts';

const ALL_SANS = ['email', 'upn', 'dns', 'uri', 'custom_aad_attribute'];

const EXPECTED: Record<
  Platform,
  { reported: boolean; userless: boolean; urls: 'failover' | 'single' | undefined; sans: string[]; flags: boolean }
> = {
  windows: { reported: true, userless: false, urls: 'failover', sans: ALL_SANS, flags: false },
  ios: { reported: true, userless: false, urls: 'single', sans: ALL_SANS, flags: false },
  macos: { reported: true, userless: false, urls: undefined, sans: ALL_SANS, flags: false },
  android_work_profile: { reported: true, userless: false, urls: 'failover', sans: ALL_SANS, flags: false },
  // "Under Monitoring, certificate reporting isn't available for Device Owner SCEP certificate profiles."
  android_device_owner: { reported: false, userless: true, urls: 'failover', sans: ALL_SANS, flags: false },
  aosp: { reported: false, userless: true, urls: 'failover', sans: ALL_SANS, flags: false },
  android_device_admin: { reported: true, userless: false, urls: 'failover', sans: ['email', 'upn', 'custom_aad_attribute'], flags: true },
};

test.each(PLATFORMS)('%s', (platform) => {
  const info = PLATFORM_TABLE[platform];
  const e = EXPECTED[platform];
  expect({
    reported: info.certificatesReported,
    userless: info.mayBeUserless,
    urls: info.scepUrls,
    sans: info.sanTypes,
    flags: info.sanFlags,
  }).toEqual(e);
});

test('what Intune reports is one fact: the platform table and the mock read the same set', () => {
  for (const info of Object.values(PLATFORM_TABLE)) {
    expect(info.certificatesReported).toBe(!UNREPORTED_SCEP_TYPES.has(info.scepODataType.replace('#microsoft.graph.', '')));
  }
});
