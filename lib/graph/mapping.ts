/**
 * Mapping between our resource attributes (snake_case, resources.md) and the 14 Graph types.
 * Every body written is typed with Microsoft's published interfaces
 * (@microsoft/microsoft-graph-types-beta), so the compiler refuses a property a type lacks or an
 * enum value it does not define; every body read is checked at run time, because real tenants
 * answer with explicit nulls, built-in formats and values written by other tools.
 *
 * | attribute                  | Graph                                                            |
 * |----------------------------|------------------------------------------------------------------|
 * | platform                   | @odata.type (platform table)                                     |
 * | certificate_type           | certificateStore user / machine (none on Android device admin:   |
 * |                            | its certificates are user certificates)                           |
 * | subject_name_format        | subjectNameFormat "custom" + subjectNameFormatString             |
 * | builtin_subject_name       | subjectNameFormat (commonName, commonNameAsAadDeviceId, ...)     |
 * | subject_alternative_names  | customSubjectAlternativeNames [{sanType, name}], type "none";   |
 * |                            | Android device admin: subjectAlternativeNameType flags, and      |
 * |                            | subjectAlternativeNameFormatString for the Entra attribute        |
 * | key_usage                  | keyUsage flags, declared order                                   |
 * | validity_period_*          | certificateValidityPeriodValue / Scale                           |
 * | certificate_access + apps  | certificateAccessType + silentCertificateAccessDetails           |
 * | applicability_rules        | deviceManagementApplicabilityRuleOsEdition / OsVersion            |
 * | root_certificate_id        | rootCertificate@odata.bind (create); $ref PUT (change)           |
 * | certificate (root)         | trustedRootCertificate, base64 of the DER bytes                  |
 * Reads never throw on a real body: a value our schema cannot express becomes a warning
 * diagnostic naming the object, property and value, and the attribute is left out. A null where
 * our schema needs a value reads as NULL_READS_AS says, and the read lists it (`assumed`).
 */
import type * as G from '@microsoft/microsoft-graph-types-beta';
import { ENUM_FACTS } from '../graph-facts';
import {
  GRAPH_ALL_DEVICES_ASSIGNMENT_ID,
  GRAPH_ALL_USERS_ASSIGNMENT_ID,
  DEVICE_ADMIN_SAN_FLAGS,
  GRAPH_ASSIGNMENT_TARGETS,
  GRAPH_ENUMS,
  GRAPH_FLAG_ORDER,
  PLATFORM_TABLE,
  RESOURCES,
  effectiveValue,
  platformOfODataType,
  type Attrs,
  type GraphEnumName,
  type Platform,
  type ResourceType,
} from '../schema';
import { certificateBytes, diagnostic, parseCertificate, show, type Diagnostic } from '../rules';

/** Something we cannot express in Graph: a bug or an unchecked config (the rules catch these first). */
export class MappingError extends Error {
  constructor(
    message: string,
    /** Attribute path (ours) the problem is at. */
    readonly path: readonly (string | number)[],
  ) {
    super(message);
  }
}

/** A body of type T as sent: with its `@odata.type`. */
type Tagged<T> = T & { '@odata.type': string };

interface ScepTypes {
  windows: G.Windows81SCEPCertificateProfile;
  ios: G.IosScepCertificateProfile;
  macos: G.MacOSScepCertificateProfile;
  android_work_profile: G.AndroidWorkProfileScepCertificateProfile;
  android_device_owner: G.AndroidDeviceOwnerScepCertificateProfile;
  aosp: G.AospDeviceOwnerScepCertificateProfile;
  android_device_admin: G.AndroidScepCertificateProfile;
}
interface RootTypes {
  windows: G.Windows81TrustedRootCertificate;
  ios: G.IosTrustedRootCertificate;
  macos: G.MacOSTrustedRootCertificate;
  android_work_profile: G.AndroidWorkProfileTrustedRootCertificate;
  android_device_owner: G.AndroidDeviceOwnerTrustedRootCertificate;
  aosp: G.AospDeviceOwnerTrustedRootCertificate;
  android_device_admin: G.AndroidTrustedRootCertificate;
}
type AnyScep = ScepTypes[Platform];
/** Properties every SCEP type has (keyof a union is its common keys). */
type ScepShared = { [K in keyof AnyScep]?: AnyScep[K] };

export type ScepBody = Tagged<AnyScep> & { 'rootCertificate@odata.bind'?: string };
export type RootBody = Tagged<RootTypes[Platform]>;

/** Every property name a body we read may carry, from the published types; values unchecked. */
type KeysOf<U> = U extends unknown ? keyof U : never;
type ReadBody = { [K in KeysOf<ScepTypes[Platform] | RootTypes[Platform]>]?: unknown } & { '@odata.type'?: unknown };

/** The URL form Graph takes in `@odata.bind` and `@odata.id`, on the Graph host in use. */
export function configurationUrl(id: string, base: string): string {
  return `${base.replace(/\/+$/, '')}/deviceManagement/deviceConfigurations('${id}')`;
}

type EnumValue<N extends GraphEnumName> = (typeof GRAPH_ENUMS)[N][keyof (typeof GRAPH_ENUMS)[N]];

function toEnum<N extends GraphEnumName>(name: N, value: unknown, path: string): EnumValue<N> {
  const table = GRAPH_ENUMS[name] as unknown as Readonly<Record<string, EnumValue<N>>>;
  const v = table[String(value)];
  if (v === undefined) throw new MappingError(`${path} = ${JSON.stringify(value)} has no Graph value (expected one of ${Object.keys(table).join(', ')})`, [path]);
  return v;
}

/**
 * Flags in Graph's declared order, joined without spaces. The published types write a flags enum as
 * its single members (`KeyUsages = "keyEncipherment" | "digitalSignature"`), so a combination needs
 * this one cast; the members themselves are checked against the facts.
 */
function toFlags<T extends string>(order: readonly string[], members: readonly string[]): T {
  const set = new Set(members);
  return order.filter((m) => set.has(m)).join(',') as T;
}

function flagSet(value: unknown): string[] {
  return typeof value === 'string' && value.length > 0 ? value.split(',').map((s) => s.trim()) : [];
}

/** Attribute values of `type` with the schema's defaults filled in. */
export function withDefaults(type: ResourceType, attrs: Attrs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(RESOURCES[type].attributes)) {
    const v = effectiveValue(def, name, attrs);
    if (v !== undefined && v !== null) out[name] = v;
  }
  return out;
}

function platformOf(attrs: Attrs): Platform {
  const p = attrs.platform;
  if (typeof p !== 'string' || !(p in PLATFORM_TABLE)) throw new MappingError(`platform = ${JSON.stringify(p)} is not a platform`, ['platform']);
  return p as Platform;
}

function common(attrs: Record<string, unknown>): { displayName: string; description?: string; roleScopeTagIds: string[] } {
  return {
    displayName: String(attrs.display_name ?? ''),
    ...(typeof attrs.description === 'string' ? { description: attrs.description } : {}),
    roleScopeTagIds: (attrs.role_scope_tag_ids as string[] | undefined) ?? ['0'],
  };
}

/** The Graph body of a trusted root certificate profile (all properties: a create, or a full update). */
export function rootToGraph(input: Attrs): RootBody {
  const a = withDefaults('intune_trusted_root_certificate', input);
  const platform = platformOf(a);
  const bytes = certificateBytes(String(a.certificate ?? ''));
  if (!bytes.ok) throw new MappingError(`certificate: ${bytes.reason}`, ['certificate']);
  const base = { '@odata.type': PLATFORM_TABLE[platform].rootODataType, ...common(a), trustedRootCertificate: bytes.der.toString('base64'), certFileName: String(a.file_name ?? '') };
  switch (platform) {
    case 'windows':
      return { ...base, destinationStore: toEnum('destination_store', a.destination_store, 'destination_store') } satisfies Tagged<G.Windows81TrustedRootCertificate>;
    case 'macos':
      return { ...base, deploymentChannel: toEnum('deployment_channel', a.deployment_channel, 'deployment_channel') } satisfies Tagged<G.MacOSTrustedRootCertificate>;
    default:
      return base satisfies Tagged<G.IosTrustedRootCertificate>;
  }
}

interface ApplicabilityRule {
  rule_type?: unknown;
  os_editions?: unknown;
  min_os_version?: unknown;
  max_os_version?: unknown;
}

function applicabilityToGraph(rules: unknown): Pick<G.Windows81SCEPCertificateProfile, 'deviceManagementApplicabilityRuleOsEdition' | 'deviceManagementApplicabilityRuleOsVersion'> {
  const out: Pick<G.Windows81SCEPCertificateProfile, 'deviceManagementApplicabilityRuleOsEdition' | 'deviceManagementApplicabilityRuleOsVersion'> = {};
  if (!Array.isArray(rules)) return out;
  const editions = ENUM_FACTS.windows10EditionType ?? [];
  (rules as ApplicabilityRule[]).forEach((r, i) => {
    const ruleType = toEnum('applicability_rule_type', r.rule_type, `applicability_rules[${i}].rule_type`);
    if (Array.isArray(r.os_editions) && r.os_editions.length > 0) {
      if (out.deviceManagementApplicabilityRuleOsEdition) throw new MappingError('Graph holds one OS edition rule per profile; merge the os_editions of applicability_rules into one entry', ['applicability_rules', i, 'os_editions']);
      const bad = (r.os_editions as unknown[]).find((e) => typeof e !== 'string' || !editions.includes(e));
      if (bad !== undefined) throw new MappingError(`applicability_rules[${i}].os_editions: ${JSON.stringify(bad)} is not a Windows edition Graph knows (${editions.join(', ')})`, ['applicability_rules', i, 'os_editions']);
      out.deviceManagementApplicabilityRuleOsEdition = { osEditionTypes: r.os_editions as G.Windows10EditionType[], name: null, ruleType };
    }
    if (typeof r.min_os_version === 'string' || typeof r.max_os_version === 'string') {
      if (out.deviceManagementApplicabilityRuleOsVersion) throw new MappingError('Graph holds one OS version rule per profile; keep one entry with min_os_version/max_os_version', ['applicability_rules', i]);
      out.deviceManagementApplicabilityRuleOsVersion = {
        minOSVersion: typeof r.min_os_version === 'string' ? r.min_os_version : null,
        maxOSVersion: typeof r.max_os_version === 'string' ? r.max_os_version : null,
        name: null,
        ruleType,
      };
    }
  });
  return out;
}

interface San {
  type: string;
  value: string;
}


/** Android device administrator SANs as Graph holds them: flags, plus the Entra attribute's name. */
function deviceAdminSans(sans: readonly San[]): { subjectAlternativeNameType: G.SubjectAlternativeNameType; subjectAlternativeNameFormatString: string | null } {
  const flags: string[] = [];
  let attribute: string | null = null;
  sans.forEach((s, i) => {
    const implied = DEVICE_ADMIN_SAN_FLAGS[s.type as keyof typeof DEVICE_ADMIN_SAN_FLAGS];
    if (implied && s.value.toLowerCase() === implied.value.toLowerCase()) flags.push(implied.flag);
    else if (s.type === 'custom_aad_attribute' && attribute === null) {
      flags.push('customAzureADAttribute');
      attribute = s.value;
    } else throw new MappingError(`subject_alternative_names[${i}]: Android device administrator profiles carry only ${DEVICE_ADMIN_SAN_FLAGS.email.value} (email), ${DEVICE_ADMIN_SAN_FLAGS.upn.value} (upn) and one custom_aad_attribute`, ['subject_alternative_names', i]);
  });
  return {
    subjectAlternativeNameType: flags.length > 0 ? toFlags<G.SubjectAlternativeNameType>(ENUM_FACTS.subjectAlternativeNameType ?? [], flags) : 'none',
    subjectAlternativeNameFormatString: attribute,
  };
}

/**
 * The Graph body of a SCEP profile. `rootId`, when given, becomes the create-time root bind on
 * `bindBase` (the Graph base in use); an update changes the link with PUT …/rootCertificate/$ref.
 */
export function scepToGraph(input: Attrs, options: { rootId?: string; bindBase?: string } = {}): ScepBody {
  const a = withDefaults('intune_scep_certificate_profile', input);
  const platform = platformOf(a);
  const sans = (a.subject_alternative_names as San[] | undefined) ?? [];
  const builtin = typeof a.builtin_subject_name === 'string' ? toEnum('builtin_subject_name', a.builtin_subject_name, 'builtin_subject_name') : undefined;
  const shared = {
    ...common(a),
    renewalThresholdPercentage: a.renewal_threshold_percentage as number,
    certificateValidityPeriodValue: a.validity_period_value as number,
    certificateValidityPeriodScale: toEnum('validity_period_unit', a.validity_period_unit, 'validity_period_unit'),
    subjectNameFormatString: builtin ? null : String(a.subject_name_format ?? ''),
    keyUsage: toFlags<G.KeyUsages>(GRAPH_FLAG_ORDER.keyUsage, ((a.key_usage as string[]) ?? []).map((k, i) => toEnum('key_usage', k, `key_usage[${i}]`))),
    keySize: toEnum('key_size', a.key_size, 'key_size'),
    extendedKeyUsages: ((a.extended_key_usages as { name: string; object_identifier: string }[] | undefined) ?? []).map((e) => ({ name: e.name, objectIdentifier: e.object_identifier })),
    scepServerUrls: (a.scep_server_urls as string[] | undefined) ?? [],
  } satisfies ScepShared;
  const subjectNameFormat: G.SubjectNameFormat = builtin ?? 'custom';
  const custom = {
    subjectAlternativeNameType: 'none' as const,
    customSubjectAlternativeNames: sans.map((s, i) => ({ sanType: toEnum('san_type', s.type, `subject_alternative_names[${i}].type`), name: s.value })),
    certificateStore: toEnum('certificate_type', a.certificate_type, 'certificate_type'),
  };
  const hash = () => ({ hashAlgorithm: toEnum('hash_algorithm', a.hash_algorithm, 'hash_algorithm') });
  const tag = PLATFORM_TABLE[platform].scepODataType;
  let body: ScepBody;
  switch (platform) {
    case 'windows':
      body = {
        '@odata.type': tag,
        ...shared,
        ...custom,
        subjectNameFormat,
        ...hash(),
        keyStorageProvider: toEnum('key_storage_provider', a.key_storage_provider, 'key_storage_provider'),
        ...applicabilityToGraph(a.applicability_rules),
      } satisfies Tagged<G.Windows81SCEPCertificateProfile>;
      break;
    case 'ios':
      body = { '@odata.type': tag, ...shared, ...custom, subjectNameFormat: appleFormat(subjectNameFormat) } satisfies Tagged<G.IosScepCertificateProfile>;
      break;
    case 'macos':
      body = {
        '@odata.type': tag,
        ...shared,
        ...custom,
        subjectNameFormat: appleFormat(subjectNameFormat),
        deploymentChannel: toEnum('deployment_channel', a.deployment_channel, 'deployment_channel'),
        ...(typeof a.allow_all_apps_access === 'boolean' ? { allowAllAppsAccess: a.allow_all_apps_access } : {}),
      } satisfies Tagged<G.MacOSScepCertificateProfile>;
      break;
    case 'android_work_profile':
      body = { '@odata.type': tag, ...shared, ...custom, subjectNameFormat, ...hash() } satisfies Tagged<G.AndroidWorkProfileScepCertificateProfile>;
      break;
    case 'android_device_owner':
      body = {
        '@odata.type': tag,
        ...shared,
        ...custom,
        subjectNameFormat,
        ...hash(),
        certificateAccessType: toEnum('certificate_access', a.certificate_access, 'certificate_access'),
        silentCertificateAccessDetails: ((a.silent_access_app_ids as string[] | undefined) ?? []).map((packageId) => ({ packageId })),
      } satisfies Tagged<G.AndroidDeviceOwnerScepCertificateProfile>;
      break;
    case 'aosp':
      body = { '@odata.type': tag, ...shared, ...custom, subjectNameFormat, ...hash() } satisfies Tagged<G.AospDeviceOwnerScepCertificateProfile>;
      break;
    case 'android_device_admin':
      // No certificateStore and no customSubjectAlternativeNames on this type: SANs are flags.
      body = { '@odata.type': tag, ...shared, subjectNameFormat, ...hash(), ...deviceAdminSans(sans) } satisfies Tagged<G.AndroidScepCertificateProfile>;
      break;
  }
  if (options.rootId) {
    if (!options.bindBase) throw new MappingError('bug: a root bind needs the Graph base in use', ['root_certificate_id']);
    body['rootCertificate@odata.bind'] = configurationUrl(options.rootId, options.bindBase);
  }
  return body;
}

function appleFormat(format: G.SubjectNameFormat): G.AppleSubjectNameFormat {
  const apple = ENUM_FACTS.appleSubjectNameFormat ?? [];
  if (!apple.includes(format)) throw new MappingError(`builtin_subject_name: Apple profiles take ${apple.join(', ')}, not ${format}`, ['builtin_subject_name']);
  return format as G.AppleSubjectNameFormat;
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Nullable Graph properties behind attributes a profile needs, and what a null (or absent) value
 * reads as. Export tells the user each one it meets; plans read the same, so a stack that says the
 * value plans no change.
 *
 * | attribute          | Graph property        | null reads as | because                                  |
 * |--------------------|-----------------------|---------------|------------------------------------------|
 * | certificate_type   | certificateStore      | user          | see `why` (no documented default)         |
 * | deployment_channel | deploymentChannel     | device        | Intune's default channel on macOS          |
 * | certificate_access | certificateAccessType | user_approval | older Android Enterprise profiles have none |
 */
export const NULL_READS_AS = {
  certificate_type: {
    property: 'certificateStore',
    value: 'user',
    why: 'Microsoft documents no default for a missing certificateStore (its members, user = 1 and machine = 2, are "not yet documented"); intune-scep reads it as a user certificate',
  },
  deployment_channel: { property: 'deploymentChannel', value: 'device', why: "Intune's default channel is the device channel" },
  certificate_access: { property: 'certificateAccessType', value: 'user_approval', why: 'Android Enterprise profiles made before certificate access existed carry none, and Intune treats them as user approval' },
} as const satisfies Record<string, { property: string; value: string; why: string }>;

/** An attribute a read filled in from NULL_READS_AS. */
export interface Assumed {
  readonly attribute: keyof typeof NULL_READS_AS;
  readonly property: string;
  readonly value: string;
  readonly why: string;
}

/** Reads one Graph object, collecting what cannot be expressed instead of throwing. */
class Reader {
  readonly diagnostics: Diagnostic[] = [];
  constructor(
    private readonly address: string,
    private readonly where: string,
  ) {}

  /** A value our schema cannot express: a warning; the attribute is left out. */
  cannot(property: string, value: unknown, why: string, attribute: string): void {
    this.diagnostics.push(
      diagnostic(
        'graph/unrepresentable-value',
        this.address,
        [attribute],
        `${this.where}: Graph property ${property} = ${show(value)} ${why}. intune-scep leaves ${attribute} out of what it read, so a plan shows the stack's value replacing it; change the profile in the Intune admin center if that is not what you want.`,
      ),
    );
  }

  readonly assumed: Assumed[] = [];

  /** An enum attribute of NULL_READS_AS: its table value when Graph holds null (or nothing). */
  enumOrAssumed(attribute: keyof typeof NULL_READS_AS, value: unknown): string | undefined {
    const table = NULL_READS_AS[attribute];
    if (value !== null && value !== undefined) return this.enumOf(attribute, value, table.property, attribute);
    this.assumed.push({ attribute, ...table });
    return table.value;
  }

  /** An enum member as our value; null or absent is undefined, an unknown member a warning. */
  enumOf<N extends GraphEnumName>(name: N, value: unknown, property: string, attribute: string): string | undefined {
    if (value === null || value === undefined) return undefined;
    const hit = Object.entries(GRAPH_ENUMS[name] as Readonly<Record<string, string>>).find(([, g]) => g === value);
    if (!hit) {
      this.cannot(property, value, `is not a value intune-scep can express (${Object.values(GRAPH_ENUMS[name] as Record<string, string>).join(', ')})`, attribute);
      return undefined;
    }
    return hit[0];
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export interface ReadResult {
  readonly type: ResourceType;
  readonly attrs: Record<string, unknown>;
  /** Warnings for values the schema cannot express (empty for bodies we wrote). */
  readonly diagnostics: Diagnostic[];
  /** Attributes Graph held null, filled in from NULL_READS_AS. */
  readonly assumed: readonly Assumed[];
}

/**
 * A Graph device configuration as our attributes (computed ones included). Never throws for a
 * body of one of our 14 types, whatever its nulls and values; `undefined` for any other type.
 * `address` names the resource in diagnostics.
 */
export function readProfile(entity: Record<string, unknown>, extras: { rootId?: string | undefined; address?: string } = {}): ReadResult | undefined {
  const e = entity as ReadBody;
  const odataType = String(e['@odata.type'] ?? '');
  const known = platformOfODataType(odataType.startsWith('#') ? odataType : `#${odataType}`);
  if (!known) return undefined;
  const { platform, kind } = known;
  const read = new Reader(extras.address ?? '', `${odataType.replace(/^#/, '')} ${String(entity.id ?? '')}`);
  const a: Record<string, unknown> = { display_name: str(e.displayName) ?? '', platform, id: entity.id };
  if (typeof e.description === 'string') a.description = e.description;
  a.role_scope_tag_ids = Array.isArray(e.roleScopeTagIds) ? e.roleScopeTagIds : ['0'];

  if (kind === 'root') {
    const cert = str(e.trustedRootCertificate) ?? '';
    a.certificate = cert;
    if (typeof e.certFileName === 'string') a.file_name = e.certFileName;
    if (platform === 'windows') a.destination_store = read.enumOf('destination_store', e.destinationStore, 'destinationStore', 'destination_store');
    // A profile that never set a channel reads as null (NULL_READS_AS).
    if (platform === 'macos') a.deployment_channel = read.enumOrAssumed('deployment_channel', e.deploymentChannel);
    const parsed = parseCertificate(cert);
    if (parsed.ok) {
      a.thumbprint = parsed.cert.thumbprint;
      a.subject = parsed.cert.subject;
      a.not_after = parsed.cert.notAfter.toISOString();
    }
    return { type: 'intune_trusted_root_certificate', attrs: dropUndefined(a), diagnostics: read.diagnostics, assumed: read.assumed };
  }

  if (extras.rootId !== undefined) a.root_certificate_id = extras.rootId;
  // Subject: a custom template, or one of Intune's built-in formats.
  const format = e.subjectNameFormat;
  if (format === 'custom' || ((format === null || format === undefined) && typeof e.subjectNameFormatString === 'string')) a.subject_name_format = str(e.subjectNameFormatString) ?? '';
  else if (format !== null && format !== undefined) a.builtin_subject_name = read.enumOf('builtin_subject_name', format, 'subjectNameFormat', 'builtin_subject_name');

  a.certificate_type = platform === 'android_device_admin' ? 'user' : read.enumOrAssumed('certificate_type', e.certificateStore);
  a.subject_alternative_names = readSans(read, platform, e);
  a.validity_period_value = num(e.certificateValidityPeriodValue);
  a.validity_period_unit = read.enumOf('validity_period_unit', e.certificateValidityPeriodScale, 'certificateValidityPeriodScale', 'validity_period_unit');
  a.renewal_threshold_percentage = num(e.renewalThresholdPercentage);
  if (typeof e.keyUsage === 'string') {
    const usages = new Set(flagSet(e.keyUsage));
    a.key_usage = Object.entries(GRAPH_ENUMS.key_usage).filter(([, g]) => usages.has(g)).map(([k]) => k);
  }
  const size = read.enumOf('key_size', e.keySize, 'keySize', 'key_size');
  if (size !== undefined) a.key_size = Number(size);
  a.extended_key_usages = list(e.extendedKeyUsages).map((x) => ({ name: str(obj(x).name) ?? '', object_identifier: str(obj(x).objectIdentifier) ?? '' }));
  a.scep_server_urls = list(e.scepServerUrls).filter((u): u is string => typeof u === 'string');
  const hashApplies = RESOURCES.intune_scep_certificate_profile.attributes.hash_algorithm?.platforms?.includes(platform) ?? true;
  if (hashApplies && typeof e.hashAlgorithm === 'string') {
    const hashes = flagSet(e.hashAlgorithm);
    a.hash_algorithm = hashes.includes('sha2') ? 'sha2' : read.enumOf('hash_algorithm', hashes[0], 'hashAlgorithm', 'hash_algorithm');
  }
  if (platform === 'windows') {
    a.key_storage_provider = read.enumOf('key_storage_provider', e.keyStorageProvider, 'keyStorageProvider', 'key_storage_provider');
    const rules = readApplicability(read, e);
    if (rules.length > 0) a.applicability_rules = rules;
  }
  if (e.deviceManagementApplicabilityRuleDeviceMode !== null && e.deviceManagementApplicabilityRuleDeviceMode !== undefined) {
    read.cannot('deviceManagementApplicabilityRuleDeviceMode', e.deviceManagementApplicabilityRuleDeviceMode, 'is a device mode rule, which intune-scep does not manage', 'applicability_rules');
  }
  if (platform === 'macos') {
    a.deployment_channel = read.enumOrAssumed('deployment_channel', e.deploymentChannel);
    if (typeof e.allowAllAppsAccess === 'boolean') a.allow_all_apps_access = e.allowAllAppsAccess;
  }
  if (platform === 'android_device_owner') {
    a.certificate_access = read.enumOrAssumed('certificate_access', e.certificateAccessType);
    a.silent_access_app_ids = list(e.silentCertificateAccessDetails)
      .map((d) => str(obj(d).packageId))
      .filter((p): p is string => p !== undefined);
  }
  if (typeof e.version === 'number') a.version = e.version;
  return { type: 'intune_scep_certificate_profile', attrs: dropUndefined(a), diagnostics: read.diagnostics, assumed: read.assumed };
}

/** SANs: the custom list where the type has one and it is used, else the legacy flags. */
function readSans(read: Reader, platform: Platform, e: ReadBody): San[] {
  const customs = platform === 'android_device_admin' ? [] : list(e.customSubjectAlternativeNames);
  if (customs.length > 0) {
    return customs.flatMap((x, i) => {
      const type = read.enumOf('san_type', obj(x).sanType, `customSubjectAlternativeNames[${i}].sanType`, 'subject_alternative_names');
      return type === undefined ? [] : [{ type, value: str(obj(x).name) ?? '' }];
    });
  }
  const out: San[] = [];
  for (const flag of flagSet(e.subjectAlternativeNameType)) {
    if (flag === 'none') continue;
    const implied = Object.entries(DEVICE_ADMIN_SAN_FLAGS).find(([, f]) => f.flag === flag);
    if (implied) out.push({ type: implied[0], value: implied[1].value });
    else if (flag === 'customAzureADAttribute') out.push({ type: 'custom_aad_attribute', value: str(e.subjectAlternativeNameFormatString) ?? '' });
    else read.cannot('subjectAlternativeNameType', e.subjectAlternativeNameType, `holds the flag ${flag}, which carries no value in Graph`, 'subject_alternative_names');
  }
  return out;
}

function readApplicability(read: Reader, e: ReadBody): Record<string, unknown>[] {
  const rules: Record<string, unknown>[] = [];
  const edition = obj(e.deviceManagementApplicabilityRuleOsEdition);
  const editions = list(edition.osEditionTypes);
  if (editions.length > 0) {
    const ruleType = read.enumOf('applicability_rule_type', edition.ruleType, 'deviceManagementApplicabilityRuleOsEdition.ruleType', 'applicability_rules');
    if (ruleType) rules.push({ rule_type: ruleType, os_editions: editions });
  }
  const version = obj(e.deviceManagementApplicabilityRuleOsVersion);
  const min = str(version.minOSVersion);
  const max = str(version.maxOSVersion);
  if (min || max) {
    const ruleType = read.enumOf('applicability_rule_type', version.ruleType, 'deviceManagementApplicabilityRuleOsVersion.ruleType', 'applicability_rules');
    if (ruleType) rules.push({ rule_type: ruleType, ...(min ? { min_os_version: min } : {}), ...(max ? { max_os_version: max } : {}) });
  }
  return rules;
}

function dropUndefined(a: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined));
}

/**
 * As readProfile, for an object the caller knows is one of ours (state says so); a body of another
 * type is a Graph answer we cannot use, reported as a GraphAnswerError by the caller.
 */
export function fromGraph(entity: Record<string, unknown>, extras: { rootId?: string | undefined; address?: string } = {}): ReadResult {
  const r = readProfile(entity, extras);
  if (!r) throw new MappingError(`Graph answered an object of type ${JSON.stringify(entity['@odata.type'])} (id ${String(entity.id)}), not a SCEP or trusted root certificate profile`, ['@odata.type']);
  return r;
}

/**
 * An assignment filter on one target. `target` is `all_users`, `all_devices` or a group id (lower
 * case): group ids are GUIDs, so the three never clash, and a group is never both included and
 * excluded (rule assignment/include-exclude-conflict).
 */
export interface TargetFilter {
  readonly target: string;
  readonly filter_id: string;
  readonly mode: 'include' | 'exclude';
}

export interface AssignmentTargets {
  include_group_ids: string[];
  exclude_group_ids: string[];
  all_users: boolean;
  all_devices: boolean;
  /** Absent when no target has a filter (as most sets have none). */
  filters?: TargetFilter[];
}

/** Filters sorted by target, lower-case ids, one per target (the last wins, as Graph keeps one); undefined when none. */
export function normaliseFilters(filters: readonly TargetFilter[] | undefined): TargetFilter[] | undefined {
  if (!filters || filters.length === 0) return undefined;
  const byTarget = new Map<string, TargetFilter>();
  for (const f of filters) {
    const target = f.target.toLowerCase();
    byTarget.set(target, { target, filter_id: f.filter_id.toLowerCase(), mode: f.mode });
  }
  return [...byTarget.values()].sort((a, b) => a.target.localeCompare(b.target));
}

type GraphTarget = Tagged<G.DeviceAndAppManagementAssignmentTarget> & Pick<G.GroupAssignmentTarget, 'groupId'>;
type AssignBody = { assignments: { target: GraphTarget }[] };

/** Graph's `assign` body for a set of targets (group and filter names already resolved to ids). */
export function assignmentsToGraph(t: AssignmentTargets): AssignBody {
  const filterOf = new Map((t.filters ?? []).map((f) => [f.target.toLowerCase(), f]));
  const target = (key: string, base: GraphTarget): { target: GraphTarget } => {
    const f = filterOf.get(key.toLowerCase());
    return { target: f ? { ...base, deviceAndAppManagementAssignmentFilterId: f.filter_id, deviceAndAppManagementAssignmentFilterType: f.mode } : base };
  };
  return {
    assignments: [
      ...t.include_group_ids.map((groupId) => target(groupId, { '@odata.type': GRAPH_ASSIGNMENT_TARGETS.includeGroup, groupId })),
      ...t.exclude_group_ids.map((groupId) => target(groupId, { '@odata.type': GRAPH_ASSIGNMENT_TARGETS.excludeGroup, groupId })),
      ...(t.all_users ? [target('all_users', { '@odata.type': GRAPH_ASSIGNMENT_TARGETS.allUsers })] : []),
      ...(t.all_devices ? [target('all_devices', { '@odata.type': GRAPH_ASSIGNMENT_TARGETS.allDevices })] : []),
    ],
  };
}

/** `#microsoft.graph.x` and `microsoft.graph.x` are the same type. */
const sameType = (a: unknown, b: string) => typeof a === 'string' && a.replace(/^#/, '') === b.replace(/^#/, '');

/** Graph's assignment list as targets; group ids sorted (Graph keeps no order), lower case; filters by target. */
export function assignmentsFromGraph(assignments: readonly { id?: string; target?: object | null }[]): AssignmentTargets {
  const t: AssignmentTargets = { include_group_ids: [], exclude_group_ids: [], all_users: false, all_devices: false };
  const filters: TargetFilter[] = [];
  for (const a of assignments) {
    const target = (a?.target ?? {}) as Record<string, unknown>;
    const type = target['@odata.type'];
    const groupId = typeof target.groupId === 'string' ? target.groupId.toLowerCase() : undefined;
    let key: string | undefined;
    if (sameType(type, GRAPH_ASSIGNMENT_TARGETS.includeGroup) && groupId) t.include_group_ids.push((key = groupId));
    else if (sameType(type, GRAPH_ASSIGNMENT_TARGETS.excludeGroup) && groupId) t.exclude_group_ids.push((key = groupId));
    else if (sameType(type, GRAPH_ASSIGNMENT_TARGETS.allUsers) || a?.id?.endsWith(GRAPH_ALL_USERS_ASSIGNMENT_ID)) t.all_users = !!(key = 'all_users');
    else if (sameType(type, GRAPH_ASSIGNMENT_TARGETS.allDevices) || a?.id?.endsWith(GRAPH_ALL_DEVICES_ASSIGNMENT_ID)) t.all_devices = !!(key = 'all_devices');
    const filterId = target.deviceAndAppManagementAssignmentFilterId;
    const mode = target.deviceAndAppManagementAssignmentFilterType;
    if (key && typeof filterId === 'string' && filterId !== '' && (mode === 'include' || mode === 'exclude')) filters.push({ target: key, filter_id: filterId, mode });
  }
  const f = normaliseFilters(filters);
  if (f) t.filters = f;
  t.include_group_ids = [...new Set(t.include_group_ids)].sort();
  t.exclude_group_ids = [...new Set(t.exclude_group_ids)].sort();
  return t;
}
