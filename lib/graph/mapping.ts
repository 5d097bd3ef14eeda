/**
 * Mapping between our resource attributes (snake_case, resources.md) and the 14 Graph types.
 *
 * | attribute                  | Graph                                                          |
 * |----------------------------|----------------------------------------------------------------|
 * | platform                   | @odata.type (platform table)                                    |
 * | certificate_type           | certificateStore user / machine                                 |
 * | subject_name_format        | subjectNameFormat "custom" + subjectNameFormatString            |
 * | subject_alternative_names  | customSubjectAlternativeNames [{sanType, name}], type "none"    |
 * | key_usage                  | keyUsage flags, declared order                                  |
 * | validity_period_*          | certificateValidityPeriodValue / Scale                          |
 * | certificate_access + apps  | certificateAccessType + silentCertificateAccessDetails          |
 * | applicability_rules        | deviceManagementApplicabilityRuleOsEdition / OsVersion           |
 * | root_certificate_id        | rootCertificate@odata.bind (create); $ref PUT (change)          |
 * | certificate (root)         | trustedRootCertificate, base64 of the DER bytes                 |
 * Enum values come from the schema's Graph mapping tables. `fromGraph(toGraph(a))` gives `a` back
 * for every platform when `a` is in canonical form (every attribute of the platform set, lists in
 * declared order).
 */
import {
  GRAPH_ALL_DEVICES_ASSIGNMENT_ID,
  GRAPH_ALL_USERS_ASSIGNMENT_ID,
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
import { certificateBytes, parseCertificate } from '../rules';

/** Something we cannot express in Graph, or a Graph object we cannot express as attributes. */
export class MappingError extends Error {
  constructor(
    message: string,
    /** Attribute path (ours) or Graph property the problem is at. */
    readonly path: readonly (string | number)[],
  ) {
    super(message);
  }
}

export const GRAPH_URL_FOR_BIND = 'https://graph.microsoft.com/beta';

/** The URL form Graph takes in `@odata.bind` and `@odata.id`. */
export function configurationUrl(id: string, base = GRAPH_URL_FOR_BIND): string {
  return `${base}/deviceManagement/deviceConfigurations('${id}')`;
}

function toEnum(name: GraphEnumName, value: unknown, path: string): string {
  const table = GRAPH_ENUMS[name] as Readonly<Record<string, string>>;
  const v = table[String(value)];
  if (v === undefined) throw new MappingError(`${path} = ${JSON.stringify(value)} has no Graph value (expected one of ${Object.keys(table).join(', ')})`, [path]);
  return v;
}

function fromEnum(name: GraphEnumName, value: unknown, property: string): string {
  const table = GRAPH_ENUMS[name] as Readonly<Record<string, string>>;
  const hit = Object.entries(table).find(([, g]) => g === value);
  if (!hit) throw new MappingError(`Graph property ${property} = ${JSON.stringify(value)} is not one intune-scep knows (${Object.values(table).join(', ')})`, [property]);
  return hit[0];
}

/** Flags in Graph's declared order, joined without spaces. */
function toFlags(order: readonly string[], members: readonly string[]): string {
  const set = new Set(members);
  return order.filter((m) => set.has(m)).join(',');
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

function applies(type: ResourceType, name: string, platform: Platform): boolean {
  const def = RESOURCES[type].attributes[name];
  return def !== undefined && (def.platforms === undefined || def.platforms.includes(platform));
}

function common(attrs: Record<string, unknown>): Record<string, unknown> {
  return {
    displayName: attrs.display_name,
    ...(typeof attrs.description === 'string' ? { description: attrs.description } : {}),
    roleScopeTagIds: attrs.role_scope_tag_ids ?? ['0'],
  };
}

/** The Graph body of a trusted root certificate profile (all properties: a create, or a full update). */
export function rootToGraph(input: Attrs): Record<string, unknown> {
  const a = withDefaults('intune_trusted_root_certificate', input);
  const platform = platformOf(a);
  const bytes = certificateBytes(String(a.certificate ?? ''));
  if (!bytes.ok) throw new MappingError(`certificate: ${bytes.reason}`, ['certificate']);
  return {
    '@odata.type': PLATFORM_TABLE[platform].rootODataType,
    ...common(a),
    trustedRootCertificate: bytes.der.toString('base64'),
    certFileName: a.file_name,
    ...(platform === 'windows' ? { destinationStore: toEnum('destination_store', a.destination_store, 'destination_store') } : {}),
    ...(platform === 'macos' ? { deploymentChannel: toEnum('deployment_channel', a.deployment_channel, 'deployment_channel') } : {}),
  };
}

interface ApplicabilityRule {
  rule_type?: unknown;
  os_editions?: unknown;
  min_os_version?: unknown;
  max_os_version?: unknown;
}

function applicabilityToGraph(rules: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(rules)) return out;
  (rules as ApplicabilityRule[]).forEach((r, i) => {
    const ruleType = toEnum('applicability_rule_type', r.rule_type, `applicability_rules[${i}].rule_type`);
    if (Array.isArray(r.os_editions) && r.os_editions.length > 0) {
      if (out.deviceManagementApplicabilityRuleOsEdition) throw new MappingError('Graph holds one OS edition rule per profile; merge the os_editions of applicability_rules into one entry', ['applicability_rules', i, 'os_editions']);
      out.deviceManagementApplicabilityRuleOsEdition = { osEditionTypes: r.os_editions, name: null, ruleType };
    }
    if (typeof r.min_os_version === 'string' || typeof r.max_os_version === 'string') {
      if (out.deviceManagementApplicabilityRuleOsVersion) throw new MappingError('Graph holds one OS version rule per profile; keep one entry with min_os_version/max_os_version', ['applicability_rules', i]);
      out.deviceManagementApplicabilityRuleOsVersion = { minOSVersion: r.min_os_version ?? null, maxOSVersion: r.max_os_version ?? null, name: null, ruleType };
    }
  });
  return out;
}

/**
 * The Graph body of a SCEP profile. `rootId`, when given, becomes the create-time root bind;
 * an update changes the link with PUT …/rootCertificate/$ref instead.
 */
export function scepToGraph(input: Attrs, options: { rootId?: string; bindBase?: string } = {}): Record<string, unknown> {
  const a = withDefaults('intune_scep_certificate_profile', input);
  const platform = platformOf(a);
  const body: Record<string, unknown> = {
    '@odata.type': PLATFORM_TABLE[platform].scepODataType,
    ...common(a),
    certificateStore: toEnum('certificate_type', a.certificate_type, 'certificate_type'),
    subjectNameFormat: 'custom',
    subjectNameFormatString: a.subject_name_format,
    subjectAlternativeNameType: 'none',
    customSubjectAlternativeNames: ((a.subject_alternative_names as { type: string; value: string }[] | undefined) ?? []).map((s, i) => ({
      sanType: toEnum('san_type', s.type, `subject_alternative_names[${i}].type`),
      name: s.value,
    })),
    certificateValidityPeriodValue: a.validity_period_value,
    certificateValidityPeriodScale: toEnum('validity_period_unit', a.validity_period_unit, 'validity_period_unit'),
    renewalThresholdPercentage: a.renewal_threshold_percentage,
    keyUsage: toFlags(GRAPH_FLAG_ORDER.keyUsage, ((a.key_usage as string[]) ?? []).map((k, i) => toEnum('key_usage', k, `key_usage[${i}]`))),
    keySize: toEnum('key_size', a.key_size, 'key_size'),
    extendedKeyUsages: ((a.extended_key_usages as { name: string; object_identifier: string }[] | undefined) ?? []).map((e) => ({ name: e.name, objectIdentifier: e.object_identifier })),
    scepServerUrls: a.scep_server_urls ?? [],
  };
  if (applies('intune_scep_certificate_profile', 'hash_algorithm', platform) && a.hash_algorithm !== undefined) body.hashAlgorithm = toEnum('hash_algorithm', a.hash_algorithm, 'hash_algorithm');
  if (platform === 'windows') {
    body.keyStorageProvider = toEnum('key_storage_provider', a.key_storage_provider, 'key_storage_provider');
    Object.assign(body, applicabilityToGraph(a.applicability_rules));
  }
  if (platform === 'macos') {
    body.deploymentChannel = toEnum('deployment_channel', a.deployment_channel, 'deployment_channel');
    if (typeof a.allow_all_apps_access === 'boolean') body.allowAllAppsAccess = a.allow_all_apps_access;
  }
  if (platform === 'android_device_owner') {
    body.certificateAccessType = toEnum('certificate_access', a.certificate_access, 'certificate_access');
    body.silentCertificateAccessDetails = ((a.silent_access_app_ids as string[] | undefined) ?? []).map((packageId) => ({ packageId }));
  }
  if (options.rootId) body['rootCertificate@odata.bind'] = configurationUrl(options.rootId, options.bindBase);
  return body;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A Graph device configuration as our attributes (computed ones included). */
export function fromGraph(entity: Record<string, unknown>, extras: { rootId?: string | undefined } = {}): { type: ResourceType; attrs: Record<string, unknown> } {
  const odataType = String(entity['@odata.type'] ?? '');
  const known = platformOfODataType(odataType);
  if (!known) throw new MappingError(`@odata.type ${JSON.stringify(odataType)} is not a SCEP or trusted root certificate profile`, ['@odata.type']);
  const { platform, kind } = known;
  const a: Record<string, unknown> = { display_name: entity.displayName, platform, id: entity.id };
  if (typeof entity.description === 'string') a.description = entity.description;
  a.role_scope_tag_ids = Array.isArray(entity.roleScopeTagIds) ? entity.roleScopeTagIds : ['0'];

  if (kind === 'root') {
    const cert = str(entity.trustedRootCertificate) ?? '';
    a.certificate = cert;
    a.file_name = entity.certFileName;
    if (platform === 'windows') a.destination_store = fromEnum('destination_store', entity.destinationStore, 'destinationStore');
    if (platform === 'macos') a.deployment_channel = fromEnum('deployment_channel', entity.deploymentChannel, 'deploymentChannel');
    const parsed = parseCertificate(cert);
    if (parsed.ok) {
      a.thumbprint = parsed.cert.thumbprint;
      a.subject = parsed.cert.subject;
      a.not_after = parsed.cert.notAfter.toISOString();
    }
    return { type: 'intune_trusted_root_certificate', attrs: a };
  }

  if (entity.subjectNameFormat !== 'custom') {
    throw new MappingError(`subjectNameFormat "${String(entity.subjectNameFormat)}" is a built-in format; intune-scep manages custom subject names only. Switch the profile to a custom subject name in Intune, then import it.`, ['subjectNameFormat']);
  }
  if (extras.rootId !== undefined) a.root_certificate_id = extras.rootId;
  a.certificate_type = fromEnum('certificate_type', entity.certificateStore, 'certificateStore');
  a.subject_name_format = entity.subjectNameFormatString ?? '';
  a.subject_alternative_names = ((entity.customSubjectAlternativeNames as { sanType: string; name: string }[] | undefined) ?? []).map((s) => ({ type: fromEnum('san_type', s.sanType, 'customSubjectAlternativeNames.sanType'), value: s.name }));
  a.validity_period_value = entity.certificateValidityPeriodValue;
  a.validity_period_unit = fromEnum('validity_period_unit', entity.certificateValidityPeriodScale, 'certificateValidityPeriodScale');
  a.renewal_threshold_percentage = entity.renewalThresholdPercentage;
  const usages = new Set(flagSet(entity.keyUsage));
  a.key_usage = Object.entries(GRAPH_ENUMS.key_usage).filter(([, g]) => usages.has(g)).map(([k]) => k);
  a.key_size = Number(fromEnum('key_size', entity.keySize, 'keySize'));
  a.extended_key_usages = ((entity.extendedKeyUsages as { name: string; objectIdentifier: string }[] | undefined) ?? []).map((e) => ({ name: e.name, object_identifier: e.objectIdentifier }));
  a.scep_server_urls = Array.isArray(entity.scepServerUrls) ? entity.scepServerUrls : [];
  if (applies('intune_scep_certificate_profile', 'hash_algorithm', platform) && typeof entity.hashAlgorithm === 'string') {
    const hashes = flagSet(entity.hashAlgorithm);
    a.hash_algorithm = hashes.includes('sha2') ? 'sha2' : fromEnum('hash_algorithm', hashes[0], 'hashAlgorithm');
  }
  if (platform === 'windows') {
    a.key_storage_provider = fromEnum('key_storage_provider', entity.keyStorageProvider, 'keyStorageProvider');
    const rules: Record<string, unknown>[] = [];
    const edition = entity.deviceManagementApplicabilityRuleOsEdition as { osEditionTypes?: string[]; ruleType?: string } | null | undefined;
    if (edition && Array.isArray(edition.osEditionTypes) && edition.osEditionTypes.length > 0) {
      rules.push({ rule_type: fromEnum('applicability_rule_type', edition.ruleType, 'ruleType'), os_editions: edition.osEditionTypes });
    }
    const version = entity.deviceManagementApplicabilityRuleOsVersion as { minOSVersion?: string | null; maxOSVersion?: string | null; ruleType?: string } | null | undefined;
    if (version && (version.minOSVersion || version.maxOSVersion)) {
      rules.push({
        rule_type: fromEnum('applicability_rule_type', version.ruleType, 'ruleType'),
        ...(version.minOSVersion ? { min_os_version: version.minOSVersion } : {}),
        ...(version.maxOSVersion ? { max_os_version: version.maxOSVersion } : {}),
      });
    }
    if (rules.length > 0) a.applicability_rules = rules;
  }
  if (platform === 'macos') {
    a.deployment_channel = fromEnum('deployment_channel', entity.deploymentChannel, 'deploymentChannel');
    if (typeof entity.allowAllAppsAccess === 'boolean') a.allow_all_apps_access = entity.allowAllAppsAccess;
  }
  if (platform === 'android_device_owner') {
    a.certificate_access = fromEnum('certificate_access', entity.certificateAccessType, 'certificateAccessType');
    a.silent_access_app_ids = ((entity.silentCertificateAccessDetails as { packageId: string }[] | undefined) ?? []).map((d) => d.packageId);
  }
  if (typeof entity.version === 'number') a.version = entity.version;
  return { type: 'intune_scep_certificate_profile', attrs: a };
}

export interface AssignmentTargets {
  include_group_ids: string[];
  exclude_group_ids: string[];
  all_users: boolean;
  all_devices: boolean;
}

/** Graph's `assign` body for a set of targets (group names already resolved to ids). */
export function assignmentsToGraph(t: AssignmentTargets): { assignments: { target: Record<string, unknown> }[] } {
  return {
    assignments: [
      ...t.include_group_ids.map((groupId) => ({ target: { '@odata.type': GRAPH_ASSIGNMENT_TARGETS.includeGroup, groupId } })),
      ...t.exclude_group_ids.map((groupId) => ({ target: { '@odata.type': GRAPH_ASSIGNMENT_TARGETS.excludeGroup, groupId } })),
      ...(t.all_users ? [{ target: { '@odata.type': GRAPH_ASSIGNMENT_TARGETS.allUsers } }] : []),
      ...(t.all_devices ? [{ target: { '@odata.type': GRAPH_ASSIGNMENT_TARGETS.allDevices } }] : []),
    ],
  };
}

/** Graph's assignment list as targets; group ids sorted (Graph keeps no order), lower case. */
export function assignmentsFromGraph(assignments: readonly { id?: string; target?: Record<string, unknown> }[]): AssignmentTargets {
  const t: AssignmentTargets = { include_group_ids: [], exclude_group_ids: [], all_users: false, all_devices: false };
  for (const a of assignments) {
    const type = a.target?.['@odata.type'];
    const groupId = typeof a.target?.groupId === 'string' ? a.target.groupId.toLowerCase() : undefined;
    if (type === GRAPH_ASSIGNMENT_TARGETS.includeGroup && groupId) t.include_group_ids.push(groupId);
    else if (type === GRAPH_ASSIGNMENT_TARGETS.excludeGroup && groupId) t.exclude_group_ids.push(groupId);
    else if (type === GRAPH_ASSIGNMENT_TARGETS.allUsers || a.id?.endsWith(GRAPH_ALL_USERS_ASSIGNMENT_ID)) t.all_users = true;
    else if (type === GRAPH_ASSIGNMENT_TARGETS.allDevices || a.id?.endsWith(GRAPH_ALL_DEVICES_ASSIGNMENT_ID)) t.all_devices = true;
  }
  t.include_group_ids = [...new Set(t.include_group_ids)].sort();
  t.exclude_group_ids = [...new Set(t.exclude_group_ids)].sort();
  return t;
}
