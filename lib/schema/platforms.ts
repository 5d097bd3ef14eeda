/**
 * The platform table: the seven values of the `platform` attribute and the Graph types behind them.
 *
 * | platform               | SCEP @odata.type                                   | trusted root @odata.type                         |
 * |------------------------|----------------------------------------------------|--------------------------------------------------|
 * | windows                | windows81SCEPCertificateProfile                    | windows81TrustedRootCertificate                  |
 * | ios                    | iosScepCertificateProfile                          | iosTrustedRootCertificate                        |
 * | macos                  | macOSScepCertificateProfile                        | macOSTrustedRootCertificate                      |
 * | android_work_profile   | androidWorkProfileScepCertificateProfile           | androidWorkProfileTrustedRootCertificate         |
 * | android_device_owner   | androidDeviceOwnerScepCertificateProfile           | androidDeviceOwnerTrustedRootCertificate         |
 * | aosp                   | aospDeviceOwnerScepCertificateProfile              | aospDeviceOwnerTrustedRootCertificate            |
 * | android_device_admin   | androidScepCertificateProfile                      | androidTrustedRootCertificate                    |
 *
 * Imports nothing of ours.
 */
import type { DevicePlatformType } from '@microsoft/microsoft-graph-types-beta';

export const PLATFORMS = [
  'windows',
  'ios',
  'macos',
  'android_work_profile',
  'android_device_owner',
  'aosp',
  'android_device_admin',
] as const;

export type Platform = (typeof PLATFORMS)[number];

export interface PlatformInfo {
  readonly platform: Platform;
  /** How the Intune admin center names it. */
  readonly label: string;
  /** `@odata.type` of the SCEP certificate profile, with the leading `#`. */
  readonly scepODataType: string;
  /** `@odata.type` of the trusted root certificate profile, with the leading `#`. */
  readonly rootODataType: string;
  /** True for the Android family (hash algorithm is ignored by some, HTTPS required by some). */
  readonly android: boolean;
  /** Whether Graph carries `hashAlgorithm` on this platform's SCEP type. */
  readonly hasHashAlgorithm: boolean;
  /** Deprecated platforms still work but draw a warning. */
  readonly deprecated: boolean;
  /** Devices ignore `hash_algorithm = sha1` and use SHA-2 (rule hash/sha1-ignored; elsewhere hash/sha1-weak). */
  readonly ignoresSha1: boolean;
  /** Devices reach SCEP servers over https only (rule scep-url/https-required). */
  readonly scepHttpsOnly: boolean;
  /**
   * The assignment filter platforms (Graph `devicePlatformType`) whose filters the admin center
   * offers for this platform's profiles (rule assignment/filter-platform-mismatch).
   */
  readonly filterPlatforms: readonly DevicePlatformType[];
}

const MS = '#microsoft.graph.';

export const PLATFORM_TABLE: Readonly<Record<Platform, PlatformInfo>> = {
  windows: {
    platform: 'windows',
    label: 'Windows 10 and later',
    scepODataType: `${MS}windows81SCEPCertificateProfile`,
    rootODataType: `${MS}windows81TrustedRootCertificate`,
    android: false,
    hasHashAlgorithm: true,
    deprecated: false,
    ignoresSha1: false,
    scepHttpsOnly: false,
    filterPlatforms: ['windows10AndLater'],
  },
  ios: {
    platform: 'ios',
    label: 'iOS/iPadOS',
    scepODataType: `${MS}iosScepCertificateProfile`,
    rootODataType: `${MS}iosTrustedRootCertificate`,
    android: false,
    hasHashAlgorithm: false,
    deprecated: false,
    ignoresSha1: false,
    scepHttpsOnly: false,
    filterPlatforms: ['iOS'],
  },
  macos: {
    platform: 'macos',
    label: 'macOS',
    scepODataType: `${MS}macOSScepCertificateProfile`,
    rootODataType: `${MS}macOSTrustedRootCertificate`,
    android: false,
    hasHashAlgorithm: false,
    deprecated: false,
    ignoresSha1: false,
    scepHttpsOnly: false,
    filterPlatforms: ['macOS'],
  },
  android_work_profile: {
    platform: 'android_work_profile',
    label: 'Android Enterprise personally-owned work profile',
    scepODataType: `${MS}androidWorkProfileScepCertificateProfile`,
    rootODataType: `${MS}androidWorkProfileTrustedRootCertificate`,
    android: true,
    hasHashAlgorithm: true,
    deprecated: false,
    ignoresSha1: true,
    scepHttpsOnly: true,
    filterPlatforms: ['androidForWork', 'androidWorkProfile'],
  },
  android_device_owner: {
    platform: 'android_device_owner',
    label: 'Android Enterprise fully managed, dedicated and corporate-owned work profile',
    scepODataType: `${MS}androidDeviceOwnerScepCertificateProfile`,
    rootODataType: `${MS}androidDeviceOwnerTrustedRootCertificate`,
    android: true,
    hasHashAlgorithm: true,
    deprecated: false,
    ignoresSha1: true,
    scepHttpsOnly: true,
    filterPlatforms: ['androidForWork'],
  },
  aosp: {
    platform: 'aosp',
    label: 'Android (AOSP), user-affinity and userless',
    scepODataType: `${MS}aospDeviceOwnerScepCertificateProfile`,
    rootODataType: `${MS}aospDeviceOwnerTrustedRootCertificate`,
    android: true,
    hasHashAlgorithm: true,
    deprecated: false,
    ignoresSha1: true,
    scepHttpsOnly: false,
    filterPlatforms: ['androidAOSP'],
  },
  android_device_admin: {
    platform: 'android_device_admin',
    label: 'Android device administrator (legacy)',
    scepODataType: `${MS}androidScepCertificateProfile`,
    rootODataType: `${MS}androidTrustedRootCertificate`,
    android: true,
    hasHashAlgorithm: true,
    deprecated: true,
    ignoresSha1: false,
    scepHttpsOnly: true,
    filterPlatforms: ['android'],
  },
};

export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'string' && (PLATFORMS as readonly string[]).includes(value);
}

/** The platform whose SCEP or trusted-root type this is, or undefined for any other type. */
export function platformOfODataType(odataType: string): { platform: Platform; kind: 'scep' | 'root' } | undefined {
  for (const info of Object.values(PLATFORM_TABLE)) {
    if (info.scepODataType === odataType) return { platform: info.platform, kind: 'scep' };
    if (info.rootODataType === odataType) return { platform: info.platform, kind: 'root' };
  }
  return undefined;
}
