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
 * Each fact below that Microsoft states in "Create and assign SCEP certificate profiles in Intune"
 * (MicrosoftDocs memdocs, intune/protect/certificates-profile-scep.md) says so where it is declared.
 *
 * Imports nothing of ours but the facts Microsoft published (graph-facts).
 */
import { ENTITY_TYPE_FACTS, ENUM_FACTS, UNREPORTED_SCEP_TYPES } from '../graph-facts';
import { DEVICE_ADMIN_SAN_FLAGS, GRAPH_ENUMS } from './graph-mapping';

/**
 * The assignment filter platforms (Graph's `devicePlatformType`) our platforms' profiles take. Spelt
 * here rather than imported from Microsoft's types, which would bring 4 MB of declarations into every
 * stack's compile through the constructs' types; graph/mapping/bodies.ts checks each is one of
 * Microsoft's `DevicePlatformType` at compile time.
 */
export type FilterPlatform = 'windows10AndLater' | 'iOS' | 'macOS' | 'androidForWork' | 'androidWorkProfile' | 'androidAOSP' | 'android';

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
  /**
   * How the Intune admin center names it; reads in "a profile for LABEL devices" and "LABEL SCEP
   * profiles" (AOSP: the admin center's "corporate-owned, user-associated" and "corporate-owned,
   * userless" enrolments).
   */
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
  readonly filterPlatforms: readonly FilterPlatform[];
  /**
   * Intune reports which devices and users hold this platform's SCEP certificates (the profile's
   * device and user status overviews) and revokes them when a profile changes or goes away. False
   * for the "Device Owner" profiles (AOSP, Android Enterprise fully managed, dedicated and
   * corporate-owned work profile): "Under Monitoring, certificate reporting isn't available for
   * Device Owner SCEP certificate profiles", and "You can't use Intune to revoke certificates that
   * were provisioned by SCEP certificate profiles for Device Owner". Derived from graph-facts'
   * UNREPORTED_SCEP_TYPES, which the mock reads too.
   */
  readonly certificatesReported: boolean;
  /**
   * Some devices of this platform have no user: Android Enterprise dedicated devices and userless
   * AOSP devices ("User attributes aren't supported for devices that don't have user associations,
   * such as devices that are enrolled as Android Enterprise dedicated"). The profile alone cannot say
   * which enrolment a device has (android_device_owner covers fully managed, dedicated and COPE; aosp
   * user-affinity and userless), so the rules assume a profile of such a platform may reach them.
   */
  readonly mayBeUserless: boolean;
  /**
   * What a device does with several SCEP server URLs: `failover` tries them in turn (Android,
   * Windows: "works through the list until an accessible NDES server is found"), `single` gets one
   * (iOS/iPadOS: "Intune randomizes the URLs and provides a single URL to a device. If the device
   * can't access the NDES server, the SCEP request fails"); undefined where the article does not say.
   */
  readonly scepUrls: 'failover' | 'single' | undefined;
  /**
   * The SAN types (`subject_alternative_names[].type`) this platform's SCEP type can hold, from the
   * published types: a list of customSubjectAlternativeName (any member of subjectAlternativeNameType,
   * the Entra attribute included) where the type has `customSubjectAlternativeNames`; else the flags
   * with implied values plus one Entra attribute (Android device administrator). The article's admin
   * center lists email, UPN, DNS and URI for the list; Graph holds the Entra attribute on every type.
   */
  readonly sanTypes: readonly string[];
  /** SANs are flags with implied values (DEVICE_ADMIN_SAN_FLAGS) and one Entra attribute, not a list. */
  readonly sanFlags: boolean;
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
    certificatesReported: !UNREPORTED_SCEP_TYPES.has('windows81SCEPCertificateProfile'),
    mayBeUserless: false,
    scepUrls: 'failover',
    ...sanFacts(`${MS}windows81SCEPCertificateProfile`),
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
    certificatesReported: !UNREPORTED_SCEP_TYPES.has('iosScepCertificateProfile'),
    mayBeUserless: false,
    scepUrls: 'single',
    ...sanFacts(`${MS}iosScepCertificateProfile`),
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
    certificatesReported: !UNREPORTED_SCEP_TYPES.has('macOSScepCertificateProfile'),
    mayBeUserless: false,
    scepUrls: undefined,
    ...sanFacts(`${MS}macOSScepCertificateProfile`),
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
    certificatesReported: !UNREPORTED_SCEP_TYPES.has('androidWorkProfileScepCertificateProfile'),
    mayBeUserless: false,
    scepUrls: 'failover',
    ...sanFacts(`${MS}androidWorkProfileScepCertificateProfile`),
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
    certificatesReported: !UNREPORTED_SCEP_TYPES.has('androidDeviceOwnerScepCertificateProfile'),
    mayBeUserless: true,
    scepUrls: 'failover',
    ...sanFacts(`${MS}androidDeviceOwnerScepCertificateProfile`),
  },
  aosp: {
    platform: 'aosp',
    label: 'Android (AOSP) corporate-owned, user-associated or userless',
    scepODataType: `${MS}aospDeviceOwnerScepCertificateProfile`,
    rootODataType: `${MS}aospDeviceOwnerTrustedRootCertificate`,
    android: true,
    hasHashAlgorithm: true,
    deprecated: false,
    ignoresSha1: true,
    scepHttpsOnly: false,
    filterPlatforms: ['androidAOSP'],
    certificatesReported: !UNREPORTED_SCEP_TYPES.has('aospDeviceOwnerScepCertificateProfile'),
    mayBeUserless: true,
    scepUrls: 'failover',
    ...sanFacts(`${MS}aospDeviceOwnerScepCertificateProfile`),
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
    certificatesReported: !UNREPORTED_SCEP_TYPES.has('androidScepCertificateProfile'),
    mayBeUserless: false,
    scepUrls: 'failover',
    ...sanFacts(`${MS}androidScepCertificateProfile`),
  },
};

/** What the published types say a SCEP type holds as SANs (see PlatformInfo.sanTypes). */
function sanFacts(scepODataType: string): { sanTypes: string[]; sanFlags: boolean } {
  const props = ENTITY_TYPE_FACTS[scepODataType.replace(MS, '')]?.properties ?? {};
  const members = ENUM_FACTS.subjectAlternativeNameType ?? [];
  const ours = Object.entries(GRAPH_ENUMS.san_type)
    .filter(([, graph]) => members.includes(graph))
    .map(([type]) => type);
  if (props.customSubjectAlternativeNames) return { sanTypes: ours, sanFlags: false };
  return { sanTypes: [...Object.keys(DEVICE_ADMIN_SAN_FLAGS), 'custom_aad_attribute'].filter((t) => ours.includes(t)), sanFlags: true };
}

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

/**
 * Why Intune does not report who holds a platform's SCEP certificates, in words a plan can show;
 * undefined where it does. (That Intune cannot revoke them either is said once, by the change's words.)
 */
export function unreportedReason(platform: Platform): string | undefined {
  const info = PLATFORM_TABLE[platform];
  if (info.certificatesReported) return undefined;
  return `certificate reporting isn't available for ${info.label} SCEP profiles ("Device Owner" profiles in Microsoft's SCEP article)`;
}
