/**
 * Graph bodies as our attributes: `fromGraph`/`readProfile`. Checked at run time, because real
 * tenants answer with explicit nulls, built-in formats and values written by other tools. Reads
 * never throw on a real body: a value our schema cannot express becomes a warning diagnostic naming
 * the object, property and value, and the attribute is left out. A null where our schema needs a
 * value reads as NULL_READS_AS says, and the read lists it (`assumed`).
 */
import {
  DEVICE_ADMIN_SAN_FLAGS,
  GRAPH_ENUMS,
  RESOURCES,
  platformOfODataType,
  type GraphEnumName,
  type Platform,
  type ResourceType,
} from '../../schema';
import { diagnostic, parseCertificate, show, type Diagnostic } from '../../rules';
import { MappingError, ReadBody, San, flagSet } from './bodies';

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
  certificate_access: {
    property: 'certificateAccessType',
    value: 'user_approval',
    why: 'Android Enterprise profiles made before certificate access existed carry none, and Intune treats them as user approval',
  },
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
      this.cannot(
        property,
        value,
        `is not a value intune-scep can express (${Object.values(GRAPH_ENUMS[name] as Record<string, string>).join(', ')})`,
        attribute,
      );
      return undefined;
    }
    return hit[0];
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

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
export function readProfile(
  entity: Record<string, unknown>,
  extras: { rootId?: string | undefined; address?: string } = {},
): ReadResult | undefined {
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
    if (platform === 'windows')
      a.destination_store = read.enumOf('destination_store', e.destinationStore, 'destinationStore', 'destination_store');
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
  if (format === 'custom' || ((format === null || format === undefined) && typeof e.subjectNameFormatString === 'string'))
    a.subject_name_format = str(e.subjectNameFormatString) ?? '';
  else if (format !== null && format !== undefined)
    a.builtin_subject_name = read.enumOf('builtin_subject_name', format, 'subjectNameFormat', 'builtin_subject_name');

  a.certificate_type = platform === 'android_device_admin' ? 'user' : read.enumOrAssumed('certificate_type', e.certificateStore);
  a.subject_alternative_names = readSans(read, platform, e);
  a.validity_period_value = num(e.certificateValidityPeriodValue);
  a.validity_period_unit = read.enumOf(
    'validity_period_unit',
    e.certificateValidityPeriodScale,
    'certificateValidityPeriodScale',
    'validity_period_unit',
  );
  a.renewal_threshold_percentage = num(e.renewalThresholdPercentage);
  if (typeof e.keyUsage === 'string') {
    const usages = new Set(flagSet(e.keyUsage));
    a.key_usage = Object.entries(GRAPH_ENUMS.key_usage)
      .filter(([, g]) => usages.has(g))
      .map(([k]) => k);
  }
  const size = read.enumOf('key_size', e.keySize, 'keySize', 'key_size');
  if (size !== undefined) a.key_size = Number(size);
  a.extended_key_usages = list(e.extendedKeyUsages).map((x) => ({
    name: str(obj(x).name) ?? '',
    object_identifier: str(obj(x).objectIdentifier) ?? '',
  }));
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
    read.cannot(
      'deviceManagementApplicabilityRuleDeviceMode',
      e.deviceManagementApplicabilityRuleDeviceMode,
      'is a device mode rule, which intune-scep does not manage',
      'applicability_rules',
    );
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
    else if (flag === 'customAzureADAttribute')
      out.push({ type: 'custom_aad_attribute', value: str(e.subjectAlternativeNameFormatString) ?? '' });
    else
      read.cannot(
        'subjectAlternativeNameType',
        e.subjectAlternativeNameType,
        `holds the flag ${flag}, which carries no value in Graph`,
        'subject_alternative_names',
      );
  }
  return out;
}

function readApplicability(read: Reader, e: ReadBody): Record<string, unknown>[] {
  const rules: Record<string, unknown>[] = [];
  const edition = obj(e.deviceManagementApplicabilityRuleOsEdition);
  const editions = list(edition.osEditionTypes);
  if (editions.length > 0) {
    const ruleType = read.enumOf(
      'applicability_rule_type',
      edition.ruleType,
      'deviceManagementApplicabilityRuleOsEdition.ruleType',
      'applicability_rules',
    );
    if (ruleType) rules.push({ rule_type: ruleType, os_editions: editions });
  }
  const version = obj(e.deviceManagementApplicabilityRuleOsVersion);
  const min = str(version.minOSVersion);
  const max = str(version.maxOSVersion);
  if (min || max) {
    const ruleType = read.enumOf(
      'applicability_rule_type',
      version.ruleType,
      'deviceManagementApplicabilityRuleOsVersion.ruleType',
      'applicability_rules',
    );
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
  if (!r)
    throw new MappingError(
      `Graph answered an object of type ${JSON.stringify(entity['@odata.type'])} (id ${String(entity.id)}), not a SCEP or trusted root certificate profile`,
      ['@odata.type'],
    );
  return r;
}
