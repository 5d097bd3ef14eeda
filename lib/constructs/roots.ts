/**
 * L2 trusted root certificate profiles, one class per platform.
 * Every prop is data: the L1 resources get each string through text.ts `toL1` (Terraform's escapes,
 * CDKTF tokens kept), so a name that holds `${...}` is that text in Intune, never an expression.
 */
import { Construct } from 'constructs';
import { constructName, l2ClassName } from '../rules';
import type { Platform } from '../schema/platforms';
import type { ResourceType } from '../schema/resources';
import { trustedRootCertificate } from './generated/providers/intune';
import type { Certificate } from './certificate';
import { toL1 } from './text';
import { isDeploymentPart, reportProblem, validateWithRules } from './validation';

// ---------------------------------------------------------------------------------------------
// Assignment targets
import { AssignableProfile, CREATE_BEFORE_DESTROY } from './targets';

/**
 * What a trusted root made for a platform carries after its name, "Contoso Root CA (iOS)": the roots
 * CertificateDeployment and the Cloud PKI chains make.
 */
export const TRUSTED_ROOT_LABEL: Readonly<Record<Platform, string>> = {
  windows: 'Windows',
  ios: 'iOS',
  macos: 'macOS',
  android_work_profile: 'Android work profile',
  android_device_owner: 'Android fully managed',
  aosp: 'AOSP',
  android_device_admin: 'Android device admin',
};

/** A trusted root of platform P; SCEP profiles of P reference it. */
export interface ITrustedRootCertificate<P extends Platform = Platform> {
  readonly platform: P;
  /** The Graph id, known after apply. */
  readonly profileId: string;
}

export interface TrustedRootCertificateProps {
  /** Name in the Intune admin center. */
  readonly displayName: string;
  /** The root CA certificate (Certificate.fromFile('root.cer') or Certificate.fromPem(...)). */
  readonly certificate: Certificate;
  /** @default - none */
  readonly description?: string;
  /** File name shown in Intune. @default "<displayName>.cer" */
  readonly fileName?: string;
  /** @default ["0"] (the default scope tag) */
  readonly roleScopeTagIds?: string[];
  /** Warning rule ids to silence on this resource. @default - none */
  readonly suppressWarnings?: string[];
}

abstract class TrustedRootBase<P extends Platform> extends AssignableProfile implements ITrustedRootCertificate<P> {
  readonly resource: trustedRootCertificate.TrustedRootCertificate;

  constructor(
    scope: Construct,
    id: string,
    readonly platform: P,
    props: TrustedRootCertificateProps,
    extra: Partial<trustedRootCertificate.TrustedRootCertificateConfig> = {},
  ) {
    super(scope, id);
    this.resource = new trustedRootCertificate.TrustedRootCertificate(
      this,
      'Resource',
      toL1({
        displayName: props.displayName,
        platform,
        // An unusable file is reported below, once; the attribute stays empty meanwhile.
        certificate: props.certificate.problem === undefined ? props.certificate.text : '',
        ...(props.description !== undefined ? { description: props.description } : {}),
        ...(props.fileName !== undefined ? { fileName: props.fileName } : {}),
        ...(props.roleScopeTagIds ? { roleScopeTagIds: props.roleScopeTagIds } : {}),
        ...(props.suppressWarnings ? { suppressWarnings: props.suppressWarnings } : {}),
        lifecycle: CREATE_BEFORE_DESTROY,
        ...extra,
      }),
    );
    // A CertificateDeployment reports its rootCertificate's problem once, for all its roots.
    if (props.certificate.problem !== undefined && !isDeploymentPart(this))
      reportProblem(
        this,
        'construct/certificate-file',
        `${l2ClassName(this.resource.terraformResourceType as ResourceType, platform)} ${constructName(this.node.path)}, certificate`,
        props.certificate.problem,
      );
    validateWithRules(this, this.resource, props.certificate.problem !== undefined ? ['certificate'] : []);
  }

  get profileId(): string {
    return this.resource.id;
  }
}

export interface WindowsTrustedRootCertificateProps extends TrustedRootCertificateProps {
  /** @default "computer_root" */
  readonly destinationStore?: 'computer_root' | 'computer_intermediate' | 'user_intermediate';
}

export class WindowsTrustedRootCertificate extends TrustedRootBase<'windows'> {
  constructor(scope: Construct, id: string, props: WindowsTrustedRootCertificateProps) {
    super(scope, id, 'windows', props, props.destinationStore ? { destinationStore: props.destinationStore } : {});
  }
}

export class IosTrustedRootCertificate extends TrustedRootBase<'ios'> {
  constructor(scope: Construct, id: string, props: TrustedRootCertificateProps) {
    super(scope, id, 'ios', props);
  }
}

export interface MacOsTrustedRootCertificateProps extends TrustedRootCertificateProps {
  /** Keychain: `device` or `user`; cannot change after deployment. @default "device" */
  readonly deploymentChannel?: 'device' | 'user';
}

export class MacOsTrustedRootCertificate extends TrustedRootBase<'macos'> {
  constructor(scope: Construct, id: string, props: MacOsTrustedRootCertificateProps) {
    super(scope, id, 'macos', props, props.deploymentChannel ? { deploymentChannel: props.deploymentChannel } : {});
  }
}

export class AndroidWorkProfileTrustedRootCertificate extends TrustedRootBase<'android_work_profile'> {
  constructor(scope: Construct, id: string, props: TrustedRootCertificateProps) {
    super(scope, id, 'android_work_profile', props);
  }
}

export class AndroidDeviceOwnerTrustedRootCertificate extends TrustedRootBase<'android_device_owner'> {
  constructor(scope: Construct, id: string, props: TrustedRootCertificateProps) {
    super(scope, id, 'android_device_owner', props);
  }
}

export class AospTrustedRootCertificate extends TrustedRootBase<'aosp'> {
  constructor(scope: Construct, id: string, props: TrustedRootCertificateProps) {
    super(scope, id, 'aosp', props);
  }
}

/** @deprecated Android device administrator is deprecated; use Android Enterprise or AOSP. */
export class AndroidDeviceAdminTrustedRootCertificate extends TrustedRootBase<'android_device_admin'> {
  constructor(scope: Construct, id: string, props: TrustedRootCertificateProps) {
    super(scope, id, 'android_device_admin', props);
  }
}

// ---------------------------------------------------------------------------------------------
// SCEP profiles
