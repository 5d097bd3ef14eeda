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
import { validateWithRules } from './validation';

// ---------------------------------------------------------------------------------------------
// Assignment targets
import { ITrustedRootCertificate } from './roots';
import { AssignableProfile, CREATE_BEFORE_DESTROY } from './targets';

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
  /** The trusted root the issued certificates chain to, of the same platform. */
  readonly rootCertificate: ITrustedRootCertificate<P>;
  /** `user` or `device`. */
  readonly certificateType: 'user' | 'device';
  /**
   * Subject distinguished name with variables, e.g. `CN={{UserPrincipalName}},O=Contoso`, or
   * `SubjectName.builtin('common_name_as_aad_device_id')` for one of Intune's built-in formats.
   */
  readonly subjectName: string | SubjectName;
  /** NDES / SCEP server URLs. */
  readonly scepServerUrls: string[];
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
  readonly rootCertificate: ITrustedRootCertificate<P>;

  constructor(
    scope: Construct,
    id: string,
    platform: P,
    props: ScepProfileProps<P>,
    extra: Partial<scepCertificateProfile.ScepCertificateProfileConfig> = {},
  ) {
    super(scope, id);
    this.rootCertificate = props.rootCertificate;
    const p = props;
    this.resource = new scepCertificateProfile.ScepCertificateProfile(
      this,
      'Resource',
      toL1({
        lifecycle: CREATE_BEFORE_DESTROY,
        displayName: p.displayName,
        platform,
        rootCertificateId: p.rootCertificate.profileId,
        certificateType: p.certificateType,
        ...(p.subjectName instanceof SubjectName ? { builtinSubjectName: p.subjectName.builtin } : { subjectNameFormat: p.subjectName }),
        scepServerUrls: p.scepServerUrls,
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
