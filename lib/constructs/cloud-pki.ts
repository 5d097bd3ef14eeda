/**
 * L2 Microsoft Cloud PKI certification authorities: a root CA, and issuing CAs under it that answer
 * SCEP. A SCEP profile given an issuing CA (`issuingCa`) takes its SCEP URI, and its chain's trusted
 * certificate profiles on the profile's platform are made for you (CloudPkiIssuingCa.chainFor), once
 * per platform, and assigned wherever a profile they serve is: no pasted certificate, no pasted URL.
 * Every prop is data (text.ts `toL1`), as for the other constructs.
 */
import { Construct } from 'constructs';
import type { Platform } from '../schema/platforms';
import { Certificate } from './certificate';
import { cloudPkiIssuingCa, cloudPkiRootCa } from './generated/providers/intune';
import {
  AndroidDeviceAdminTrustedRootCertificate,
  AndroidDeviceOwnerTrustedRootCertificate,
  AndroidWorkProfileTrustedRootCertificate,
  AospTrustedRootCertificate,
  IosTrustedRootCertificate,
  MacOsTrustedRootCertificate,
  WindowsTrustedRootCertificate,
  type ITrustedRootCertificate,
  type TrustedRootCertificateProps,
} from './roots';
import type { AssignableProfile } from './targets';
import { toL1 } from './text';
import { validateWithRules } from './validation';

/** An extended key usage of a CA: what the certificates it issues may be used for. */
export interface CaExtendedKeyUsage {
  readonly name: string;
  readonly objectIdentifier: string;
}

/** What both kinds of CA take. */
export interface CloudPkiCaProps {
  /** Name in the Intune admin center (Tenant administration > Cloud PKI). Can change. */
  readonly displayName: string;
  /** The CN of the CA certificate's subject; unique among the tenant's CAs. */
  readonly commonName: string;
  /** Validity in whole years: a root 1-25 (the admin center offers 5-25), an issuing CA 1-10 and fewer than its root. */
  readonly validityYears: number;
  /** @default - none */
  readonly organization?: string;
  /** @default - none */
  readonly organizationUnit?: string;
  /** @default - none */
  readonly locality?: string;
  /** @default - none */
  readonly stateOrProvince?: string;
  /** Two-letter country or region code. @default - none */
  readonly country?: string;
  /** @default Client Authentication (1.3.6.1.5.5.7.3.2) */
  readonly extendedKeyUsages?: CaExtendedKeyUsage[];
  /** @default - none */
  readonly description?: string;
  /** @default ["0"] */
  readonly roleScopeTagIds?: string[];
  /**
   * Allow a plan to destroy or replace this CA, which revokes every certificate it issued. Kept in
   * state: set it and deploy before removing the CA. @default false
   */
  readonly revokeOnDestroy?: boolean;
  /** Warning rule ids to silence. @default - none */
  readonly suppressWarnings?: string[];
}

/** The L1 config both CA types share, from the props. */
function caConfig(p: CloudPkiCaProps) {
  return {
    displayName: p.displayName,
    commonName: p.commonName,
    validityYears: p.validityYears,
    ...(p.organization !== undefined ? { organization: p.organization } : {}),
    ...(p.organizationUnit !== undefined ? { organizationUnit: p.organizationUnit } : {}),
    ...(p.locality !== undefined ? { locality: p.locality } : {}),
    ...(p.stateOrProvince !== undefined ? { stateOrProvince: p.stateOrProvince } : {}),
    ...(p.country !== undefined ? { country: p.country } : {}),
    ...(p.extendedKeyUsages
      ? { extendedKeyUsages: p.extendedKeyUsages.map((e) => ({ name: e.name, objectIdentifier: e.objectIdentifier })) }
      : {}),
    ...(p.description !== undefined ? { description: p.description } : {}),
    ...(p.roleScopeTagIds ? { roleScopeTagIds: p.roleScopeTagIds } : {}),
    ...(p.revokeOnDestroy !== undefined ? { revokeOnDestroy: p.revokeOnDestroy } : {}),
    ...(p.suppressWarnings ? { suppressWarnings: p.suppressWarnings } : {}),
  };
}

export interface CloudPkiRootCaProps extends CloudPkiCaProps {
  /** RSA key size; its issuing CAs take the same. @default 2048 */
  readonly keySize?: 2048 | 3072 | 4096;
  /** @default "sha256" */
  readonly hashAlgorithm?: 'sha256' | 'sha384' | 'sha512';
}

/** A Cloud PKI root CA. */
export class CloudPkiRootCa extends Construct {
  readonly resource: cloudPkiRootCa.CloudPkiRootCa;
  readonly displayName: string;

  constructor(scope: Construct, id: string, props: CloudPkiRootCaProps) {
    super(scope, id);
    this.displayName = props.displayName;
    this.resource = new cloudPkiRootCa.CloudPkiRootCa(
      this,
      'Resource',
      toL1({
        ...caConfig(props),
        ...(props.keySize !== undefined ? { keySize: props.keySize } : {}),
        ...(props.hashAlgorithm !== undefined ? { hashAlgorithm: props.hashAlgorithm } : {}),
      }),
    );
    validateWithRules(this, this.resource);
  }

  /** The Graph id, known after apply. */
  get caId(): string {
    return this.resource.id;
  }

  /** The CA's certificate, known after apply: what a trusted certificate profile takes. */
  get certificate(): Certificate {
    return Certificate.fromPem(this.resource.certificate);
  }
}

export interface CloudPkiIssuingCaProps extends CloudPkiCaProps {
  /** The root CA that signs it. */
  readonly rootCa: CloudPkiRootCa;
}

/** The labels a platform's chain profiles carry in their display names. */
const PLATFORM_LABEL: Readonly<Record<Platform, string>> = {
  windows: 'Windows',
  ios: 'iOS',
  macos: 'macOS',
  android_work_profile: 'Android work profile',
  android_device_owner: 'Android fully managed',
  aosp: 'AOSP',
  android_device_admin: 'Android device admin',
};

type RootProps = TrustedRootCertificateProps & { readonly deploymentChannel?: 'device' | 'user' };

/** A trusted certificate profile of `platform` (the classes of roots.ts), issuing CA ones as intermediates on Windows. */
function trustedProfile(scope: Construct, id: string, platform: Platform, props: RootProps, intermediate: boolean): AssignableProfile {
  switch (platform) {
    case 'windows':
      return new WindowsTrustedRootCertificate(scope, id, {
        ...props,
        ...(intermediate ? { destinationStore: 'computer_intermediate' as const } : {}),
      });
    case 'ios':
      return new IosTrustedRootCertificate(scope, id, props);
    case 'macos':
      return new MacOsTrustedRootCertificate(scope, id, props);
    case 'android_work_profile':
      return new AndroidWorkProfileTrustedRootCertificate(scope, id, props);
    case 'android_device_owner':
      return new AndroidDeviceOwnerTrustedRootCertificate(scope, id, props);
    case 'aosp':
      return new AospTrustedRootCertificate(scope, id, props);
    case 'android_device_admin':
      return new AndroidDeviceAdminTrustedRootCertificate(scope, id, props);
  }
}

/** The trusted certificate profiles of a Cloud PKI chain on one platform: the root CA's and the issuing CA's. */
export interface CloudPkiChain<P extends Platform = Platform> {
  /** The root CA's trusted certificate profile: what SCEP profiles served by the issuing CA chain to. */
  readonly root: ITrustedRootCertificate<P> & AssignableProfile;
  /** The issuing CA's trusted certificate profile (an intermediate on Windows). */
  readonly issuing: AssignableProfile;
}

/** A Cloud PKI issuing CA: answers SCEP at its scepServerUrl. */
export class CloudPkiIssuingCa extends Construct {
  readonly resource: cloudPkiIssuingCa.CloudPkiIssuingCa;
  readonly rootCa: CloudPkiRootCa;
  readonly displayName: string;
  private readonly chains = new Map<string, CloudPkiChain>();

  constructor(scope: Construct, id: string, props: CloudPkiIssuingCaProps) {
    super(scope, id);
    this.rootCa = props.rootCa;
    this.displayName = props.displayName;
    this.resource = new cloudPkiIssuingCa.CloudPkiIssuingCa(this, 'Resource', toL1({ ...caConfig(props), rootCaId: props.rootCa.caId }));
    validateWithRules(this, this.resource);
  }

  get caId(): string {
    return this.resource.id;
  }

  /** The CA's certificate, known after apply. */
  get certificate(): Certificate {
    return Certificate.fromPem(this.resource.certificate);
  }

  /** The SCEP URI SCEP profiles use (with Intune's `{{CloudPKIFQDN}}` placeholder), known after apply. */
  get scepServerUrl(): string {
    return this.resource.scepServerUrl;
  }

  /**
   * The chain's trusted certificate profiles on `platform` (macOS: on `channel`), made once under
   * this CA and shared by every SCEP profile it serves there. A SCEP profile given this CA assigns
   * them wherever it is assigned.
   */
  chainFor<P extends Platform>(platform: P, channel: 'device' | 'user' = 'device'): CloudPkiChain<P> {
    const key = platform === 'macos' ? `${platform}:${channel}` : platform;
    const made = this.chains.get(key);
    if (made) return made as CloudPkiChain<P>;
    const label = PLATFORM_LABEL[platform] + (platform === 'macos' && channel === 'user' ? ', user keychain' : '');
    const id = key.replace(/(^|[_:])([a-z])/g, (_, __, c: string) => c.toUpperCase());
    const extra = platform === 'macos' ? { deploymentChannel: channel } : {};
    const chain = {
      root: trustedProfile(
        this,
        `${id}Root`,
        platform,
        { displayName: `${this.rootCa.displayName} (${label})`, certificate: this.rootCa.certificate, ...extra },
        false,
      ) as ITrustedRootCertificate<P> & AssignableProfile,
      issuing: trustedProfile(
        this,
        `${id}Issuing`,
        platform,
        { displayName: `${this.displayName} (${label})`, certificate: this.certificate, ...extra },
        true,
      ),
    };
    this.chains.set(key, chain);
    return chain;
  }
}
