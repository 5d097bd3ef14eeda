/**
 * Tenant objects → the app's constructs (spec.ts): readable, stable names; trusted roots as .cer
 * files; root links as construct references; assignments by group and filter name where a name is
 * unique. Attributes the L2 props cannot say (or say differently) are left to `overrides`, which
 * evaluate.ts finds by comparing the synthesized stack with the tenant.
 */
import type { ConfigTargets } from '../graph';
import type { Platform } from '../schema';
import { CONSTRUCT_CLASSES, byCodeUnits, constructIds, variableOf } from './names';
import { array, call, method, object, ref, symbol, value, type AppSpec, type CallSpec, type ConstructSpec, type Expr } from './spec';

/** One object read from the tenant, in our attribute form. */
export interface TenantObject {
  readonly id: string;
  readonly kind: 'root' | 'scep';
  readonly platform: Platform;
  readonly attrs: Record<string, unknown>;
  /** SCEP profiles: the Graph id of their trusted root. */
  readonly rootId?: string | undefined;
  readonly targets: ConfigTargets;
  /** A trusted root deploying a Cloud PKI CA's certificate: that CA's Graph id (it takes the certificate by reference). */
  readonly certificateCa?: string | undefined;
  /** A SCEP profile served by a Cloud PKI issuing CA (its only URL is the CA's): the CA's Graph id. */
  readonly issuingCa?: string | undefined;
}

/** Extended key usages as the props take them (`{ name, objectIdentifier }`), or undefined for none. */
function ekuList(v: unknown): Expr | undefined {
  const ekus = Array.isArray(v) ? (v as { name?: string; object_identifier?: string }[]) : [];
  if (ekus.length === 0) return undefined;
  return array(
    ekus.map((e) =>
      object([
        ['name', value(String(e.name ?? ''))],
        ['objectIdentifier', value(String(e.object_identifier ?? ''))],
      ]),
    ),
  );
}

/** A Cloud PKI CA read from the tenant, in our attribute form. */
export interface TenantAuthority {
  readonly id: string;
  readonly type: 'intune_cloud_pki_root_ca' | 'intune_cloud_pki_issuing_ca';
  readonly attrs: Record<string, unknown>;
}

/** A CA's props: what an admin chose when creating it (its root by reference). */
function caProps(ca: TenantAuthority, rootVariable: string | undefined): Expr {
  const a = ca.attrs;
  return object([
    ['displayName', value(String(a.display_name ?? ''))],
    ['commonName', value(String(a.common_name ?? ''))],
    ['validityYears', value(typeof a.validity_years === 'number' ? a.validity_years : 0)],
    ...(rootVariable !== undefined ? [['rootCa', ref(rootVariable)] as const] : []),
    ...prop('organization', text(a.organization)),
    ...prop('organizationUnit', text(a.organization_unit)),
    ...prop('locality', text(a.locality)),
    ...prop('stateOrProvince', text(a.state_or_province)),
    ...prop('country', text(a.country)),
    ...(ca.type === 'intune_cloud_pki_root_ca'
      ? [
          ...prop('keySize', typeof a.key_size === 'number' ? value(a.key_size) : undefined),
          ...prop('hashAlgorithm', text(a.hash_algorithm)),
        ]
      : []),
    ...prop('extendedKeyUsages', ekuList(a.extended_key_usages)),
    ...prop('description', text(a.description)),
    ...prop('roleScopeTagIds', strings(a.role_scope_tag_ids).length ? array(strings(a.role_scope_tag_ids).map(value)) : undefined),
  ]);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const prop = (name: string, e: Expr | undefined): (readonly [string, Expr])[] => (e === undefined ? [] : [[name, e] as const]);
/** A string attribute as a prop; empty is unset (the admin center sends "" for an empty description). */
const text = (v: unknown) => (typeof v === 'string' && v !== '' ? value(v) : undefined);

const SAN_FACTORY: Record<string, string> = {
  upn: 'upn',
  email: 'email',
  dns: 'dns',
  uri: 'uri',
  custom_aad_attribute: 'customAadAttribute',
};
const ANDROID = new Set<Platform>(['android_work_profile', 'android_device_owner', 'aosp', 'android_device_admin']);

function rootProps(tenantObject: TenantObject, certificate: Expr): Expr {
  const a = tenantObject.attrs;
  return object([
    ['displayName', value(String(a.display_name ?? ''))],
    ['certificate', certificate],
    ...prop('description', text(a.description)),
    ...prop('fileName', text(a.file_name)),
    ...prop('roleScopeTagIds', strings(a.role_scope_tag_ids).length ? array(strings(a.role_scope_tag_ids).map(value)) : undefined),
    ...(tenantObject.platform === 'windows' ? prop('destinationStore', text(a.destination_store)) : []),
    ...(tenantObject.platform === 'macos' ? prop('deploymentChannel', text(a.deployment_channel)) : []),
  ]);
}

function scepProps(tenantObject: TenantObject, rootVariable: string, issuingCaVariable: string | undefined): Expr {
  const a = tenantObject.attrs;
  const sans = Array.isArray(a.subject_alternative_names) ? (a.subject_alternative_names as { type?: string; value?: string }[]) : [];
  const unit = str(a.validity_period_unit);
  const validity =
    typeof a.validity_period_value === 'number' && unit && ['days', 'months', 'years'].includes(unit)
      ? call(`Validity.${unit}`, value(a.validity_period_value))
      : undefined;
  const keySize = typeof a.key_size === 'number' && [1024, 2048, 4096].includes(a.key_size) ? value(a.key_size) : undefined;
  const keyUsage = strings(a.key_usage).filter((k) => k === 'digital_signature' || k === 'key_encipherment');
  return object([
    ['displayName', value(String(a.display_name ?? ''))],
    ['rootCertificate', ref(rootVariable)],
    ...(tenantObject.platform === 'android_device_admin' ? [] : prop('certificateType', text(a.certificate_type) ?? value('user'))),
    [
      'subjectName',
      typeof a.builtin_subject_name === 'string'
        ? call('SubjectName.builtin', value(a.builtin_subject_name))
        : value(str(a.subject_name_format) ?? ''),
    ],
    issuingCaVariable !== undefined
      ? (['issuingCa', ref(issuingCaVariable)] as const)
      : (['scepServerUrls', array(strings(a.scep_server_urls).map(value))] as const),
    ...prop(
      'subjectAlternativeNames',
      sans.length
        ? array(
            sans
              .filter((s) => s.type && SAN_FACTORY[s.type] && typeof s.value === 'string')
              .map((s) => call(`SubjectAlternativeName.${SAN_FACTORY[s.type as string]}`, value(s.value as string))),
          )
        : undefined,
    ),
    ...prop('validity', validity),
    ...prop(
      'renewalThresholdPercentage',
      typeof a.renewal_threshold_percentage === 'number' ? value(a.renewal_threshold_percentage) : undefined,
    ),
    ...prop('keySize', keySize),
    ...prop('keyUsage', keyUsage.length ? array(keyUsage.map(value)) : undefined),
    ...prop('extendedKeyUsages', ekuList(a.extended_key_usages)),
    ...prop('description', text(a.description)),
    ...prop('roleScopeTagIds', strings(a.role_scope_tag_ids).length ? array(strings(a.role_scope_tag_ids).map(value)) : undefined),
    ...(tenantObject.platform === 'windows'
      ? [...prop('keyStorageProvider', text(a.key_storage_provider)), ...prop('hashAlgorithm', text(a.hash_algorithm))]
      : []),
    ...(tenantObject.platform === 'macos'
      ? [
          ...prop('deploymentChannel', text(a.deployment_channel)),
          ...prop('allowAllAppsAccess', typeof a.allow_all_apps_access === 'boolean' ? value(a.allow_all_apps_access) : undefined),
        ]
      : []),
    ...(ANDROID.has(tenantObject.platform) && a.hash_algorithm === 'sha2' ? prop('hashAlgorithm', value('sha2')) : []),
    ...(tenantObject.platform === 'android_device_owner' && a.certificate_access === 'specific_apps'
      ? prop('silentAccessAppIds', array(strings(a.silent_access_app_ids).map(value)))
      : []),
  ]);
}

/** `assignTo([...])` and `exclude(...)` for a set as a stack writes it. */
function assignmentCalls(t: ConfigTargets): { calls: CallSpec[]; unsaid: string[] } {
  const filterOf = (match: (f: Record<string, unknown>) => boolean) => (t.filters ?? []).find(match);
  const filtered = (target: Expr, f: Record<string, unknown> | undefined): Expr => {
    if (!f) return target;
    const filter =
      typeof f.filter_name === 'string'
        ? call('AssignmentFilter.named', value(f.filter_name))
        : call('AssignmentFilter.byId', value(String(f.filter_id)));
    return method(target, 'filteredBy', filter, value(String(f.mode)));
  };
  const include: Expr[] = [
    ...(t.include_group_names ?? []).map((n) =>
      filtered(
        call('Group.byName', value(n)),
        filterOf((f) => f.group_name === n),
      ),
    ),
    ...(t.include_group_ids ?? []).map((id) =>
      filtered(
        call('Group.byId', value(id)),
        filterOf((f) => f.group_id === id),
      ),
    ),
    ...(t.all_users
      ? [
          filtered(
            symbol('AllUsers'),
            filterOf((f) => f.all_users === true),
          ),
        ]
      : []),
    ...(t.all_devices
      ? [
          filtered(
            symbol('AllDevices'),
            filterOf((f) => f.all_devices === true),
          ),
        ]
      : []),
  ];
  const exclude: Expr[] = [
    ...(t.exclude_group_names ?? []).map((n) => call('Group.byName', value(n))),
    ...(t.exclude_group_ids ?? []).map((id) => call('Group.byId', value(id))),
  ];
  const excluded = new Set([...(t.exclude_group_names ?? []), ...(t.exclude_group_ids ?? [])]);
  const unsaid = (t.filters ?? [])
    .filter((f) => excluded.has(String(f.group_name ?? f.group_id)))
    .map((f) => `the filter on excluded group ${String(f.group_name ?? f.group_id)} (Intune ignores filters on exclusions)`);
  const calls: CallSpec[] = [];
  if (include.length) calls.push({ method: 'assignTo', args: [array(include)] });
  if (exclude.length) calls.push({ method: 'exclude', args: exclude });
  return { calls, unsaid };
}

/**
 * The app for these objects. Cloud PKI CAs come first (roots reference them; a root CA before its
 * issuing CAs), then trusted roots (profiles reference them), then profiles; each list in name order.
 */
export function buildApp(
  stack: string,
  objects: readonly TenantObject[],
  certificates: ReadonlyMap<string, Buffer>,
  authorities: readonly TenantAuthority[] = [],
): AppSpec {
  const names = constructIds([
    ...authorities.map((a) => ({ key: a.id, kind: 'ca' as const, displayName: String(a.attrs.display_name ?? '') })),
    ...objects.map((o) => ({ key: o.id, kind: o.kind, displayName: String(o.attrs.display_name ?? '') })),
  ]);
  const files = new Map<string, Buffer>();
  const constructs: ConstructSpec[] = [];
  const variable = (id: string) => variableOf(names.get(id) as string);
  const caOrder = [...authorities].sort(
    (a, b) =>
      Number(a.type === 'intune_cloud_pki_issuing_ca') - Number(b.type === 'intune_cloud_pki_issuing_ca') ||
      byCodeUnits(names.get(a.id) as string, names.get(b.id) as string),
  );
  for (const ca of caOrder) {
    const rootId = ca.type === 'intune_cloud_pki_issuing_ca' ? String(ca.attrs.root_ca_id ?? '') : undefined;
    constructs.push({
      variable: variable(ca.id),
      id: names.get(ca.id) as string,
      className: ca.type === 'intune_cloud_pki_root_ca' ? 'CloudPkiRootCa' : 'CloudPkiIssuingCa',
      props: caProps(
        ca,
        rootId !== undefined ? variable(authorities.find((x) => x.id.toLowerCase() === rootId.toLowerCase())?.id ?? rootId) : undefined,
      ),
      calls: [{ method: 'importFrom', args: [value(ca.id)] }],
      graphId: ca.id,
      kind: 'ca',
    });
  }
  const ordered = [...objects].sort((a, b) =>
    a.kind === b.kind ? byCodeUnits(names.get(a.id) as string, names.get(b.id) as string) : a.kind === 'root' ? -1 : 1,
  );
  for (const o of ordered) {
    const id = names.get(o.id) as string;
    const { calls, unsaid } = assignmentCalls(o.targets);
    let props: Expr;
    if (o.kind === 'root' && o.certificateCa !== undefined) props = rootProps(o, ref(variable(o.certificateCa), 'certificate'));
    else if (o.kind === 'root') {
      const file = `roots/${id}.cer`;
      const der = certificates.get(o.id);
      if (der) files.set(file, der);
      props = rootProps(o, call('Certificate.fromFile', { kind: 'file', path: file }));
    } else props = scepProps(o, variable(o.rootId as string), o.issuingCa !== undefined ? variable(o.issuingCa) : undefined);
    constructs.push({
      variable: variable(o.id),
      id,
      className: CONSTRUCT_CLASSES[o.platform][o.kind],
      props,
      calls: [{ method: 'importFrom', args: [value(o.id)] }, ...calls],
      graphId: o.id,
      kind: o.kind,
      ...(unsaid.length ? { comment: `Not exported: ${unsaid.join('; ')}.` } : {}),
    });
  }
  return { stack, constructs, files };
}
