/**
 * L2 constructs: trusted roots and SCEP profiles per platform, and their assignments.
 *
 * Typed per platform so that invalid combinations do not compile: a Windows SCEP profile takes a
 * Windows trusted root, only Windows has a key storage provider, only macOS a deployment channel,
 * only Android Enterprise device owner silent app access. What types cannot express (a subject
 * with an escaped comma, a 4096-bit key in a TPM) fails `cdktf synth` with the rule id.
 *
 * Every prop is data: the L1 resources get each string through text.ts `toL1` (Terraform's escapes,
 * CDKTF tokens kept), so a name that holds `${...}` is that text in Intune, never an expression.
 */
import { Lazy, type IResolvable, type TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import type { Platform } from '../schema';
import { profileAssignment, scepCertificateProfile, trustedRootCertificate } from './generated/providers/intune';
import type { Certificate } from './certificate';
import { terraformText, toL1 } from './text';
import { validateWithRules } from './validation';

// ---------------------------------------------------------------------------------------------
// Assignment targets

/** An Intune assignment filter, by display name (resolved at plan time; must match exactly one) or by id. */
export class AssignmentFilter {
  static named(displayName: string): AssignmentFilter {
    return new AssignmentFilter('name', displayName);
  }
  static byId(filterId: string): AssignmentFilter {
    return new AssignmentFilter('id', filterId);
  }
  private constructor(
    readonly kind: 'name' | 'id',
    readonly value: string,
  ) {}
}

/** A target narrowed by an assignment filter: `include` gives the profile only to devices the filter matches, `exclude` to the others. */
export class FilteredTarget {
  constructor(
    readonly target: Group | AllTarget,
    readonly filter: AssignmentFilter,
    readonly mode: 'include' | 'exclude',
  ) {}
}

abstract class Target {
  /** This target, narrowed by an assignment filter (mode `include` by default). */
  filteredBy(filter: AssignmentFilter, mode: 'include' | 'exclude' = 'include'): FilteredTarget {
    return new FilteredTarget(this as unknown as Group | AllTarget, filter, mode);
  }
}

/** An Entra group, by display name (resolved at plan time; must match exactly one) or by id. */
export class Group extends Target {
  static byName(displayName: string): Group {
    return new Group('name', displayName);
  }
  static byId(objectId: string): Group {
    return new Group('id', objectId);
  }
  private constructor(
    readonly kind: 'name' | 'id',
    readonly value: string,
  ) {
    super();
  }
}

/** All licensed users or all devices. */
export class AllTarget extends Target {
  /** @internal */
  constructor(readonly kind: 'all-users' | 'all-devices') {
    super();
  }
}

/** All licensed users. */
export const AllUsers = new AllTarget('all-users');
/** All devices. */
export const AllDevices = new AllTarget('all-devices');

export type AssignmentTarget = Group | AllTarget | FilteredTarget;

/** The target a (possibly filtered) assignment target names. */
const unfiltered = (t: AssignmentTarget): Group | AllTarget => (t instanceof FilteredTarget ? t.target : t);

export interface AssignOptions {
  /**
   * true: the stack owns the profile's whole assignment set, and assignments made elsewhere show as
   * drift to remove. false: only ensure these targets and leave others alone.
   * @default true
   */
  readonly exclusive?: boolean;
}

/**
 * Intune replacements create the new object before removing the old one (devices keep a
 * certificate meanwhile). intune-scep's engine does so by default; Terraform's default is the
 * reverse, so the constructs say it in every resource's lifecycle.
 */
const CREATE_BEFORE_DESTROY = { createBeforeDestroy: true } as const;


/** Something that can be assigned: a trusted root or a SCEP profile. */
export abstract class AssignableProfile extends Construct {
  /** The Graph id, known after apply. */
  abstract get profileId(): string;
  /** The profile's own resource (trusted root or SCEP profile). */
  abstract readonly resource: TerraformResource;
  private assignment: profileAssignment.ProfileAssignment | undefined;
  private importId: string | undefined;

  /**
   * Adopt an existing Intune object (by its Graph id) instead of creating one: Terraform imports the
   * profile and its assignment set (`import` blocks); intune-scep export writes its own state too.
   */
  importFrom(graphId: string): this {
    this.importId = terraformText(graphId);
    this.resource.importFrom(this.importId);
    this.assignment?.importFrom(this.importId);
    return this;
  }
  private readonly include: AssignmentTarget[] = [];
  private readonly excluded: Group[] = [];
  private exclusive = true;
  private readonly assignmentSuppressions: string[] = [];

  /** Silence warnings (by rule id) on this profile's assignment set. */
  suppressAssignmentWarnings(...ruleIds: string[]): this {
    this.assignmentSuppressions.push(...ruleIds);
    return this;
  }

  /** Assign to groups, all users or all devices. Calls add up. */
  assignTo(targets: readonly AssignmentTarget[], options: AssignOptions = {}): this {
    this.include.push(...targets);
    if (options.exclusive === false) this.exclusive = false;
    this.ensureAssignment();
    return this;
  }

  /** Exclude groups from the assignment. */
  exclude(...groups: Group[]): this {
    this.excluded.push(...groups);
    this.ensureAssignment();
    return this;
  }

  /** Targets this profile is assigned to (a CertificateDeployment gives its root the same). */
  get assignedTargets(): readonly AssignmentTarget[] {
    return [...this.include];
  }

  private ensureAssignment(): void {
    if (this.assignment) return;
    const groups = (list: readonly AssignmentTarget[], kind: 'name' | 'id') => list.map(unfiltered).filter((t): t is Group => t instanceof Group && t.kind === kind).map((g) => g.value);
    const has = (all: AllTarget) => this.include.some((t) => unfiltered(t) === all);
    const filters = () =>
      this.include
        .filter((t): t is FilteredTarget => t instanceof FilteredTarget)
        // Terraform's names: a lazy value reaches the synthesized JSON as it is, unmapped.
        .map((f) => ({
          ...(f.target instanceof Group ? { [f.target.kind === 'name' ? 'group_name' : 'group_id']: f.target.value } : { [f.target === AllUsers ? 'all_users' : 'all_devices']: true }),
          ...(f.filter.kind === 'name' ? { filter_name: f.filter.value } : { filter_id: f.filter.value }),
          mode: f.mode,
        }));
    // Each name is one value, never CDKTF's list-token form (a list of one marker): mapped one by one.
    const lazyList = (produce: () => string[]) => Lazy.listValue({ produce: () => (produce().length ? produce().map(terraformText) : undefined) as unknown as string[] });
    this.assignment = new profileAssignment.ProfileAssignment(this, 'Assignment', {
      profileId: this.profileId,
      includeGroupNames: lazyList(() => groups(this.include, 'name')),
      includeGroupIds: lazyList(() => groups(this.include, 'id')),
      excludeGroupNames: lazyList(() => groups(this.excluded, 'name')),
      excludeGroupIds: lazyList(() => groups(this.excluded, 'id')),
      allUsers: Lazy.anyValue({ produce: () => (has(AllUsers) ? true : undefined) }) as unknown as IResolvable,
      allDevices: Lazy.anyValue({ produce: () => (has(AllDevices) ? true : undefined) }) as unknown as IResolvable,
      filters: Lazy.anyValue({ produce: () => (filters().length ? toL1(filters()) : undefined) }) as unknown as IResolvable,
      exclusive: Lazy.anyValue({ produce: () => (this.exclusive ? undefined : false) }) as unknown as IResolvable,
      suppressWarnings: lazyList(() => this.assignmentSuppressions),
      lifecycle: CREATE_BEFORE_DESTROY,
    });
    if (this.importId !== undefined) this.assignment.importFrom(this.importId);
    validateWithRules(this, this.assignment);
  }
}

// ---------------------------------------------------------------------------------------------
// Trusted roots

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
    this.resource = new trustedRootCertificate.TrustedRootCertificate(this, 'Resource', toL1({
      displayName: props.displayName,
      platform,
      certificate: props.certificate.text,
      ...(props.description !== undefined ? { description: props.description } : {}),
      ...(props.fileName !== undefined ? { fileName: props.fileName } : {}),
      ...(props.roleScopeTagIds ? { roleScopeTagIds: props.roleScopeTagIds } : {}),
      ...(props.suppressWarnings ? { suppressWarnings: props.suppressWarnings } : {}),
      lifecycle: CREATE_BEFORE_DESTROY,
      ...extra,
    }));
    validateWithRules(this, this.resource);
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

  constructor(scope: Construct, id: string, platform: P, props: ScepProfileProps<P>, extra: Partial<scepCertificateProfile.ScepCertificateProfileConfig> = {}) {
    super(scope, id);
    this.rootCertificate = props.rootCertificate;
    const p = props;
    this.resource = new scepCertificateProfile.ScepCertificateProfile(this, 'Resource', toL1({
      lifecycle: CREATE_BEFORE_DESTROY,
      displayName: p.displayName,
      platform,
      rootCertificateId: p.rootCertificate.profileId,
      certificateType: p.certificateType,
      ...(p.subjectName instanceof SubjectName ? { builtinSubjectName: p.subjectName.builtin } : { subjectNameFormat: p.subjectName }),
      scepServerUrls: p.scepServerUrls,
      ...(p.subjectAlternativeNames ? { subjectAlternativeNames: p.subjectAlternativeNames.map((s) => ({ type: s.type, value: s.value })) } : {}),
      ...(p.validity ? { validityPeriodValue: p.validity.value, validityPeriodUnit: p.validity.unit } : {}),
      ...(p.renewalThresholdPercentage !== undefined ? { renewalThresholdPercentage: p.renewalThresholdPercentage } : {}),
      ...(p.keySize !== undefined ? { keySize: p.keySize } : {}),
      ...(p.keyUsage ? { keyUsage: p.keyUsage } : {}),
      ...(p.extendedKeyUsages ? { extendedKeyUsages: p.extendedKeyUsages.map((e) => ({ name: e.name, objectIdentifier: e.objectIdentifier })) } : {}),
      ...(p.description !== undefined ? { description: p.description } : {}),
      ...(p.roleScopeTagIds ? { roleScopeTagIds: p.roleScopeTagIds } : {}),
      ...(p.suppressWarnings ? { suppressWarnings: p.suppressWarnings } : {}),
      ...extra,
    }));
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
    super(scope, id, 'windows', props, { ...(props.keyStorageProvider ? { keyStorageProvider: props.keyStorageProvider } : {}), ...(props.hashAlgorithm ? { hashAlgorithm: props.hashAlgorithm } : {}) });
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
    super(scope, id, 'macos', props, { ...(props.deploymentChannel ? { deploymentChannel: props.deploymentChannel } : {}), ...(props.allowAllAppsAccess !== undefined ? { allowAllAppsAccess: props.allowAllAppsAccess } : {}) });
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
    super(scope, id, 'android_device_owner', props, props.silentAccessAppIds?.length ? { certificateAccess: 'specific_apps', silentAccessAppIds: props.silentAccessAppIds } : {});
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
