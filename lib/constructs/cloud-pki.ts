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
  TRUSTED_ROOT_LABEL,
  type ITrustedRootCertificate,
  type TrustedRootCertificateProps,
} from './roots';
import { CREATE_BEFORE_DESTROY, type AssignableProfile } from './targets';
import { terraformText, toL1 } from './text';
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

/** What both kinds of CA construct are: a resource with an id and a certificate, known after apply. */
abstract class CloudPkiCa extends Construct {
  abstract readonly resource: cloudPkiRootCa.CloudPkiRootCa | cloudPkiIssuingCa.CloudPkiIssuingCa;

  constructor(
    scope: Construct,
    id: string,
    readonly displayName: string,
  ) {
    super(scope, id);
  }

  /** The Graph id, known after apply. */
  get caId(): string {
    return this.resource.id;
  }

  /** Adopt an existing CA (by its Graph id) instead of creating one (an import block). */
  importFrom(graphId: string): this {
    this.resource.importFrom(terraformText(graphId));
    return this;
  }

  /** The CA's certificate, known after apply: what a trusted certificate profile takes. */
  get certificate(): Certificate {
    return Certificate.fromPem(this.resource.certificate);
  }
}

/** A Cloud PKI root CA. */
export class CloudPkiRootCa extends CloudPkiCa {
  readonly resource: cloudPkiRootCa.CloudPkiRootCa;

  constructor(scope: Construct, id: string, props: CloudPkiRootCaProps) {
    super(scope, id, props.displayName);
    this.resource = new cloudPkiRootCa.CloudPkiRootCa(
      this,
      'Resource',
      toL1({
        ...caConfig(props),
        lifecycle: CREATE_BEFORE_DESTROY,
        ...(props.keySize !== undefined ? { keySize: props.keySize } : {}),
        ...(props.hashAlgorithm !== undefined ? { hashAlgorithm: props.hashAlgorithm } : {}),
      }),
    );
    validateWithRules(this, this.resource);
  }

  private readonly profiles = new Map<string, AssignableProfile>();

  /**
   * This root's trusted certificate profile on `platform` (macOS: on `channel`), made once under it
   * and shared by the chains of all its issuing CAs there.
   */
  trustedProfileFor<P extends Platform>(
    platform: P,
    channel: 'device' | 'user' = 'device',
  ): ITrustedRootCertificate<P> & AssignableProfile {
    const key = chainKey(platform, channel);
    let made = this.profiles.get(key);
    if (!made) {
      made = trustedProfile(
        this,
        `${chainId(key)}Trust`,
        platform,
        {
          displayName: `${this.displayName} (${chainLabel(platform, channel)})`,
          certificate: this.certificate,
          ...macChannel(platform, channel),
        },
        false,
      );
      this.profiles.set(key, made);
    }
    return made as ITrustedRootCertificate<P> & AssignableProfile;
  }
}

/** One chain per platform, and per keychain on macOS. */
const chainKey = (platform: Platform, channel: 'device' | 'user') => (platform === 'macos' ? `${platform}:${channel}` : platform);
/** A construct id from a chain key: `android_work_profile` → `AndroidWorkProfile`, `macos:user` → `MacosUser`. */
const chainId = (key: string) => key.replace(/(^|[_:])([a-z])/g, (_, __, c: string) => c.toUpperCase());
const chainLabel = (platform: Platform, channel: 'device' | 'user') =>
  TRUSTED_ROOT_LABEL[platform] + (platform === 'macos' && channel === 'user' ? ', user keychain' : '');
const macChannel = (platform: Platform, channel: 'device' | 'user') => (platform === 'macos' ? { deploymentChannel: channel } : {});

export interface CloudPkiIssuingCaProps extends CloudPkiCaProps {
  /** The root CA that signs it. */
  readonly rootCa: CloudPkiRootCa;
}

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
export class CloudPkiIssuingCa extends CloudPkiCa {
  readonly resource: cloudPkiIssuingCa.CloudPkiIssuingCa;
  readonly rootCa: CloudPkiRootCa;
  private readonly chains = new Map<string, CloudPkiChain>();

  constructor(scope: Construct, id: string, props: CloudPkiIssuingCaProps) {
    super(scope, id, props.displayName);
    this.rootCa = props.rootCa;
    this.resource = new cloudPkiIssuingCa.CloudPkiIssuingCa(
      this,
      'Resource',
      toL1({ ...caConfig(props), lifecycle: CREATE_BEFORE_DESTROY, rootCaId: props.rootCa.caId }),
    );
    validateWithRules(this, this.resource);
  }

  /** The SCEP URI SCEP profiles use (with Intune's `{{CloudPKIFQDN}}` placeholder), known after apply. */
  get scepServerUrl(): string {
    return this.resource.scepServerUrl;
  }

  /**
   * The chain's trusted certificate profiles on `platform` (macOS: on `channel`): the root CA's
   * (made once under the root, shared with its other issuing CAs) and this CA's (made once under it).
   * A SCEP profile given this CA assigns them wherever it is assigned.
   */
  chainFor<P extends Platform>(platform: P, channel: 'device' | 'user' = 'device'): CloudPkiChain<P> {
    const key = chainKey(platform, channel);
    const made = this.chains.get(key);
    if (made) return made as CloudPkiChain<P>;
    const chain = {
      root: this.rootCa.trustedProfileFor(platform, channel),
      issuing: trustedProfile(
        this,
        `${chainId(key)}Trust`,
        platform,
        {
          displayName: `${this.displayName} (${chainLabel(platform, channel)})`,
          certificate: this.certificate,
          ...macChannel(platform, channel),
        },
        true,
      ),
    };
    this.chains.set(key, chain);
    return chain;
  }
}
