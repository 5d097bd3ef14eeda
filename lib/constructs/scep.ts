/**
 * L2 SCEP certificate profiles, one class per platform, and the values their props take (subject
 * name, SANs, validity). Typed per platform so that invalid combinations do not compile: a Windows
 * SCEP profile takes a Windows trusted root, only Windows has a key storage provider, only macOS a
 * deployment channel, only Android Enterprise device owner silent app access. What types cannot
 * express (a subject with an escaped comma, a 4096-bit key in a TPM) fails `cdktf synth` with the
 * rule id.
 * Every prop is data: the L1 resources get each string through text.ts `toL1` (Terraform's escapes,
 * CDKTF tokens kept), so a name that holds `${...}` is that text in Intune, never an expression.
 */
import { Construct } from 'constructs';
import type { Platform } from '../schema/platforms';
import { scepCertificateProfile } from './generated/providers/intune';
import { toL1 } from './text';
import { reportProblem, validateWithRules } from './validation';

// ---------------------------------------------------------------------------------------------
// Assignment targets
import { constructName, l2ClassName } from '../rules';
import type { CloudPkiChain, CloudPkiIssuingCa } from './cloud-pki';
import { ITrustedRootCertificate } from './roots';
import { AssignableProfile, CREATE_BEFORE_DESTROY, type AssignmentTarget, type AssignOptions } from './targets';

/** A subject alternative name; values may hold variables such as {{UserPrincipalName}}. */
export class SubjectAlternativeName {
  static upn(value = '{{UserPrincipalName}}'): SubjectAlternativeName {
    return new SubjectAlternativeName('upn', value);
  }
  static email(value = '{{EmailAddress}}'): SubjectAlternativeName {
    return new SubjectAlternativeName('email', value);
  }
  static dns(value: string): SubjectAlternativeName {
    return new SubjectAlternativeName('dns', value);
  }
  static uri(value: string): SubjectAlternativeName {
    return new SubjectAlternativeName('uri', value);
  }
  /** The on-premises SID in a URI SAN: strong mapping for certificate-based authentication (KB5014754). */
  static strongMapping(): SubjectAlternativeName {
    return new SubjectAlternativeName('uri', '{{OnPremisesSecurityIdentifier}}');
  }
  /** An Entra ID attribute of the user (the admin center's "Custom Azure AD attribute"), e.g. `onPremisesSamAccountName`. */
  static customAadAttribute(attribute: string): SubjectAlternativeName {
    return new SubjectAlternativeName('custom_aad_attribute', attribute);
  }
  private constructor(
    readonly type: 'upn' | 'email' | 'dns' | 'uri' | 'custom_aad_attribute',
    readonly value: string,
  ) {}
}

/** Intune's built-in subject name formats; Apple platforms take the first five. */
export type BuiltinSubjectNameFormat =
  | 'common_name'
  | 'common_name_including_email'
  | 'common_name_as_email'
  | 'common_name_as_imei'
  | 'common_name_as_serial_number'
  | 'common_name_as_aad_device_id'
  | 'common_name_as_intune_device_id'
  | 'common_name_as_durable_device_id';

/** One of Intune's built-in subject name formats, for profiles that use one (as admin-center profiles may). */
export class SubjectName {
  static builtin(format: BuiltinSubjectNameFormat): SubjectName {
    return new SubjectName(format);
  }
  private constructor(readonly builtin: BuiltinSubjectNameFormat) {}
}

/** How long issued certificates are valid (Intune allows up to 24 months). */
export class Validity {
  static days(n: number): Validity {
    return new Validity(n, 'days');
  }
  static months(n: number): Validity {
    return new Validity(n, 'months');
  }
  static years(n: number): Validity {
    return new Validity(n, 'years');
  }
  private constructor(
    readonly value: number,
    readonly unit: 'days' | 'months' | 'years',
  ) {}
}

export interface ExtendedKeyUsage {
  readonly name: string;
  readonly objectIdentifier: string;
}

export interface ScepProfileProps<P extends Platform> {
  readonly displayName: string;
  /**
   * The trusted root the issued certificates chain to, of the same platform. With `issuingCa`, the
   * chain's trusted certificate profiles are made for you unless you give one here.
   * @default - the root of `issuingCa`'s chain on this platform (required without `issuingCa`)
   */
  readonly rootCertificate?: ITrustedRootCertificate<P>;
  /**
   * A Microsoft Cloud PKI issuing CA that serves the profile: its SCEP URI, and (without
   * `rootCertificate`) its chain's trusted certificate profiles on this platform, assigned wherever
   * this profile is. Instead of `scepServerUrls`. @default - none
   */
  readonly issuingCa?: CloudPkiIssuingCa;
  /** `user` or `device`. */
  readonly certificateType: 'user' | 'device';
  /**
   * Subject distinguished name with variables, e.g. `CN={{UserPrincipalName}},O=Contoso`, or
   * `SubjectName.builtin('common_name_as_aad_device_id')` for one of Intune's built-in formats.
   */
  readonly subjectName: string | SubjectName;
  /** NDES / SCEP server URLs. @default - the SCEP URI of `issuingCa` (required without it) */
  readonly scepServerUrls?: string[];
  /** @default - none */
  readonly subjectAlternativeNames?: SubjectAlternativeName[];
  /** @default Validity.years(1) */
  readonly validity?: Validity;
  /** Percentage of validity left when devices renew. @default 20 */
  readonly renewalThresholdPercentage?: number;
  /** @default 2048 */
  readonly keySize?: 1024 | 2048 | 4096;
  /** @default ["key_encipherment", "digital_signature"] */
  readonly keyUsage?: ('digital_signature' | 'key_encipherment')[];
  /** @default Client Authentication (1.3.6.1.5.5.7.3.2) */
  readonly extendedKeyUsages?: ExtendedKeyUsage[];
  /** @default - none */
  readonly description?: string;
  /** @default ["0"] */
  readonly roleScopeTagIds?: string[];
  /** Warning rule ids to silence. @default - none */
  readonly suppressWarnings?: string[];
}

abstract class ScepProfileBase<P extends Platform> extends AssignableProfile {
  readonly resource: scepCertificateProfile.ScepCertificateProfile;
  /** The trusted root it chains to (undefined only when the props gave none: reported at synth). */
  readonly rootCertificate: ITrustedRootCertificate<P> | undefined;
  /** The Cloud PKI chain made for it (issuingCa without rootCertificate): assigned where it is. */
  readonly chain: CloudPkiChain<P> | undefined;

  constructor(
    scope: Construct,
    id: string,
    platform: P,
    props: ScepProfileProps<P>,
    extra: Partial<scepCertificateProfile.ScepCertificateProfileConfig> = {},
  ) {
    super(scope, id);
    const p = props;
    const channel = extra.deploymentChannel === 'user' ? 'user' : 'device';
    this.chain = p.issuingCa && !p.rootCertificate ? p.issuingCa.chainFor(platform, channel) : undefined;
    this.rootCertificate = p.rootCertificate ?? this.chain?.root;
    const where = `${l2ClassName('intune_scep_certificate_profile', platform)} ${constructName(this.node.path)}`;
    if (p.issuingCa && p.scepServerUrls)
      reportProblem(
        this,
        'construct/scep-source',
        where,
        "give scepServerUrls or issuingCa, not both: a Cloud PKI profile takes the issuing CA's SCEP URI alone.",
      );
    else if (!p.issuingCa && !p.scepServerUrls)
      reportProblem(
        this,
        'construct/scep-source',
        where,
        'give scepServerUrls (NDES) or issuingCa (Microsoft Cloud PKI): the profile has no SCEP server.',
      );
    if (!this.rootCertificate)
      reportProblem(
        this,
        'construct/scep-source',
        where,
        'give rootCertificate (a trusted root of the same platform), or issuingCa to have its chain made for you.',
      );
    this.resource = new scepCertificateProfile.ScepCertificateProfile(
      this,
      'Resource',
      toL1({
        lifecycle: CREATE_BEFORE_DESTROY,
        displayName: p.displayName,
        platform,
        rootCertificateId: this.rootCertificate?.profileId ?? '',
        certificateType: p.certificateType,
        ...(p.subjectName instanceof SubjectName ? { builtinSubjectName: p.subjectName.builtin } : { subjectNameFormat: p.subjectName }),
        scepServerUrls: p.scepServerUrls ?? (p.issuingCa ? [p.issuingCa.scepServerUrl] : []),
        ...(p.subjectAlternativeNames
          ? { subjectAlternativeNames: p.subjectAlternativeNames.map((s) => ({ type: s.type, value: s.value })) }
          : {}),
        ...(p.validity ? { validityPeriodValue: p.validity.value, validityPeriodUnit: p.validity.unit } : {}),
        ...(p.renewalThresholdPercentage !== undefined ? { renewalThresholdPercentage: p.renewalThresholdPercentage } : {}),
        ...(p.keySize !== undefined ? { keySize: p.keySize } : {}),
        ...(p.keyUsage ? { keyUsage: p.keyUsage } : {}),
        ...(p.extendedKeyUsages
          ? { extendedKeyUsages: p.extendedKeyUsages.map((e) => ({ name: e.name, objectIdentifier: e.objectIdentifier })) }
          : {}),
        ...(p.description !== undefined ? { description: p.description } : {}),
        ...(p.roleScopeTagIds ? { roleScopeTagIds: p.roleScopeTagIds } : {}),
        ...(p.suppressWarnings ? { suppressWarnings: p.suppressWarnings } : {}),
        ...extra,
      }),
    );
    validateWithRules(this, this.resource);
  }

  get profileId(): string {
    return this.resource.id;
  }

  /** Assigns the profile, and the Cloud PKI chain made for it, to the same targets (devices need the chain). */
  override assignTo(targets: readonly AssignmentTarget[], options: AssignOptions = {}): this {
    super.assignTo(targets, options);
    this.chain?.root.assignTo(targets);
    this.chain?.issuing.assignTo(targets);
    return this;
  }
}

export interface WindowsScepProfileProps extends ScepProfileProps<'windows'> {
  /** Where the key lives. @default "tpm_otherwise_software" */
  readonly keyStorageProvider?: 'tpm_otherwise_software' | 'tpm_otherwise_fail' | 'windows_hello_otherwise_fail' | 'software';
  /** @default "sha2" */
  readonly hashAlgorithm?: 'sha1' | 'sha2';
}

export class WindowsScepProfile extends ScepProfileBase<'windows'> {
  constructor(scope: Construct, id: string, props: WindowsScepProfileProps) {
    super(scope, id, 'windows', props, {
      ...(props.keyStorageProvider ? { keyStorageProvider: props.keyStorageProvider } : {}),
      ...(props.hashAlgorithm ? { hashAlgorithm: props.hashAlgorithm } : {}),
    });
  }
}

export class IosScepProfile extends ScepProfileBase<'ios'> {
  constructor(scope: Construct, id: string, props: ScepProfileProps<'ios'>) {
    super(scope, id, 'ios', props);
  }
}

export interface MacOsScepProfileProps extends ScepProfileProps<'macos'> {
  /** Keychain: `user` for user certificates; cannot change after deployment. @default "device" */
  readonly deploymentChannel?: 'device' | 'user';
  /** Let every app use the private key. @default false */
  readonly allowAllAppsAccess?: boolean;
}

export class MacOsScepProfile extends ScepProfileBase<'macos'> {
  constructor(scope: Construct, id: string, props: MacOsScepProfileProps) {
    super(scope, id, 'macos', props, {
      ...(props.deploymentChannel ? { deploymentChannel: props.deploymentChannel } : {}),
      ...(props.allowAllAppsAccess !== undefined ? { allowAllAppsAccess: props.allowAllAppsAccess } : {}),
    });
  }
}

export interface AndroidScepProfileProps<P extends Platform> extends ScepProfileProps<P> {
  /** Android devices use SHA-2 whatever is set. @default "sha2" */
  readonly hashAlgorithm?: 'sha2';
}

export class AndroidWorkProfileScepProfile extends ScepProfileBase<'android_work_profile'> {
  constructor(scope: Construct, id: string, props: AndroidScepProfileProps<'android_work_profile'>) {
    super(scope, id, 'android_work_profile', props);
  }
}

export interface AndroidDeviceOwnerScepProfileProps extends AndroidScepProfileProps<'android_device_owner'> {
  /** Android package names that may use the certificate without asking the user. @default - users approve each app */
  readonly silentAccessAppIds?: string[];
}

export class AndroidDeviceOwnerScepProfile extends ScepProfileBase<'android_device_owner'> {
  constructor(scope: Construct, id: string, props: AndroidDeviceOwnerScepProfileProps) {
    super(
      scope,
      id,
      'android_device_owner',
      props,
      props.silentAccessAppIds?.length ? { certificateAccess: 'specific_apps', silentAccessAppIds: props.silentAccessAppIds } : {},
    );
  }
}

export class AospScepProfile extends ScepProfileBase<'aosp'> {
  constructor(scope: Construct, id: string, props: AndroidScepProfileProps<'aosp'>) {
    super(scope, id, 'aosp', props);
  }
}

/**
 * Android device administrator SCEP profiles issue user certificates only, and carry SANs as flags:
 * `SubjectAlternativeName.email()`, `.upn()` and one `.customAadAttribute(...)`.
 */
export interface AndroidDeviceAdminScepProfileProps extends Omit<AndroidScepProfileProps<'android_device_admin'>, 'certificateType'> {
  /** The only certificate type this platform has. @default "user" */
  readonly certificateType?: 'user';
}

/** @deprecated Android device administrator is deprecated; use Android Enterprise or AOSP. */
export class AndroidDeviceAdminScepProfile extends ScepProfileBase<'android_device_admin'> {
  constructor(scope: Construct, id: string, props: AndroidDeviceAdminScepProfileProps) {
    super(scope, id, 'android_device_admin', { ...props, certificateType: 'user' });
  }
}
