/**
 * Diagnostics in the words of the L2 constructs (lib/constructs), for resources an L2 construct
 * made: where (`WindowsScepProfile windowsWifi, subjectAlternativeNames[0]`) and what to do
 * (`Add SubjectAlternativeName.strongMapping() to subjectAlternativeNames.`), with every other object
 * named by the construct id its author gave it. The Terraform address and attribute stay on the
 * diagnostic for JSON and the Terraform paths; this is a second spelling of the same finding.
 *
 * A rule that says something no translation can (a fix that is a different call in TypeScript)
 * writes its TypeScript text beside its Terraform text (Finding.typescript); every other detail is
 * translated here: attribute names to props, `name = value` to `name: value`, SAN blocks to
 * `SubjectAlternativeName` calls, addresses to construct ids. The words come from tables that a
 * test checks against the constructs' synthesized attributes.
 */
import { PLATFORMS, RESOURCES, type Platform, type ResourceType, type StackResource } from '../schema';
import { formatPath, type Diagnostic } from './diagnostic';

/** The L2 classes of each platform (lib/constructs/roots.ts and scep.ts). */
const CLASS_PREFIX: Readonly<Record<Platform, string>> = {
  windows: 'Windows',
  ios: 'Ios',
  macos: 'MacOs',
  android_work_profile: 'AndroidWorkProfile',
  android_device_owner: 'AndroidDeviceOwner',
  aosp: 'Aosp',
  android_device_admin: 'AndroidDeviceAdmin',
};

/** Props whose name is not the attribute's name in camelCase. */
const PROPERTY: Readonly<Record<ResourceType, Readonly<Record<string, string>>>> = {
  intune_trusted_root_certificate: {},
  intune_scep_certificate_profile: {
    root_certificate_id: 'rootCertificate',
    subject_name_format: 'subjectName',
    builtin_subject_name: 'subjectName',
    validity_period_value: 'validity',
    validity_period_unit: 'validity',
    certificate_access: 'silentAccessAppIds',
  },
  intune_profile_assignment: {
    profile_id: 'assignTo()',
    include_group_ids: 'assignTo()',
    include_group_names: 'assignTo()',
    all_users: 'assignTo()',
    all_devices: 'assignTo()',
    filters: 'assignTo()',
    exclusive: 'assignTo()',
    exclude_group_ids: 'exclude()',
    exclude_group_names: 'exclude()',
    suppress_warnings: 'suppressAssignmentWarnings()',
  },
  intune_cloud_pki_root_ca: {},
  intune_cloud_pki_issuing_ca: { root_ca_id: 'rootCa' },
};

/** Props that hold value objects (SubjectAlternativeName): a path stops at the element. */
const VALUE_OBJECT_LISTS = new Set(['subject_alternative_names']);

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The L2 prop (or method) that sets an attribute of a resource an L2 construct made. */
export function l2Property(type: ResourceType, attribute: string): string {
  // Own entries only: an attribute named `constructor` or `toString` (a file's text) is no prop of ours.
  const table = PROPERTY[type];
  return Object.hasOwn(table, attribute) ? (table[attribute] as string) : camel(attribute);
}

/** What the TypeScript view needs of one resource an L2 construct made. */
export interface ConstructResource {
  /** The L2 class: `WindowsScepProfile`; for an assignment set, its profile's class. */
  readonly className: string;
  /** The construct's path below its stack, as its author named it: `windowsWifi`, `wifi/Root`. */
  readonly name: string;
  /**
   * Made by a CertificateDeployment (className and name are the deployment's): which of its parts,
   * so that a path names the deployment's props (`profiles.macos.certificateType`, `rootCertificate`).
   */
  readonly part?: { readonly kind: 'root' } | { readonly kind: 'profile'; readonly key: string } | { readonly kind: 'assignment' };
}

/** The L2 class of each Cloud PKI CA type (lib/constructs/cloud-pki.ts). */
const CA_CLASS: Readonly<Partial<Record<ResourceType, string>>> = {
  intune_cloud_pki_root_ca: 'CloudPkiRootCa',
  intune_cloud_pki_issuing_ca: 'CloudPkiIssuingCa',
};

/** CertificateDeployment's `profiles` key for each platform (lib/constructs/deployment.ts). */
const DEPLOYMENT_KEY: Readonly<Partial<Record<Platform, string>>> = {
  windows: 'windows',
  ios: 'ios',
  macos: 'macos',
  android_work_profile: 'androidWorkProfile',
  android_device_owner: 'androidDeviceOwner',
  aosp: 'aosp',
};

/** The deployment's props that set a trusted root's attributes (the others the deployment fixes). */
const DEPLOYMENT_ROOT_PROPERTY: Readonly<Record<string, string>> = {
  certificate: 'rootCertificate',
  display_name: 'rootDisplayName',
  deployment_channel: 'profiles.macos.deploymentChannel',
};

/**
 * The L2 construct behind a resource, or undefined for a resource no L2 construct made (an L1
 * binding, HCL, a hand-written cdk.tf.json). Trusts nothing of the file beyond its own resource:
 * the class comes from the resource's type and platform, the name from its construct path.
 */
export function constructOf(resource: StackResource, profiles: ReadonlyMap<string, StackResource>): ConstructResource | undefined {
  // The path is the file's text: one with a line break or a terminal control character is shown nowhere.
  if (!resource.l2 || !resource.constructPath || /[\u0000-\u001f\u007f-\u009f]/.test(resource.constructPath)) return undefined;
  const segments = resource.constructPath.split('/');
  const deployment = resource.l2 === 'deployment';
  if (segments.length < (deployment ? 4 : 3)) return undefined;
  // The L2 construct is the parent of its `Resource` or `Assignment`; a deployment, the parent of that.
  const name = constructName(segments.slice(0, deployment ? -2 : -1).join('/'));
  const platformOf = (r: StackResource | undefined) => {
    const p = r?.attrs.platform;
    return typeof p === 'string' && (PLATFORMS as readonly string[]).includes(p) ? (p as Platform) : undefined;
  };
  if (resource.type === 'intune_profile_assignment') {
    const ref =
      typeof resource.attrs.profile_id === 'string' ? /^\$\{([a-z_]+\.[A-Za-z0-9_-]+)\.id\}$/.exec(resource.attrs.profile_id) : null;
    const profile = ref ? profiles.get(ref[1] as string) : undefined;
    const owner = profile ? constructOf(profile, profiles) : undefined;
    // The construct that made the profile made its assignment set, beside it; a deployment's, a deployment's.
    const beside = (path: string) => path.slice(0, path.lastIndexOf('/'));
    if (!owner || !profile?.constructPath || beside(profile.constructPath) !== beside(resource.constructPath)) return undefined;
    if (deployment !== (owner.part !== undefined)) return undefined;
    return deployment ? { className: 'CertificateDeployment', name, part: { kind: 'assignment' } } : { className: owner.className, name };
  }
  // A Cloud PKI CA has no platform: its class is its type's.
  const ca = CA_CLASS[resource.type];
  if (ca) return deployment ? undefined : { className: ca, name };
  const platform = platformOf(resource);
  if (!platform) return undefined;
  if (!deployment) return { className: l2ClassName(resource.type, platform), name };
  const key = DEPLOYMENT_KEY[platform];
  if (!key) return undefined;
  return {
    className: 'CertificateDeployment',
    name,
    part: resource.type === 'intune_scep_certificate_profile' ? { kind: 'profile', key } : { kind: 'root' },
  };
}

/** The L2 class that makes a profile of this type and platform: `WindowsScepProfile`. */
export function l2ClassName(type: ResourceType, platform: Platform): string {
  return `${CLASS_PREFIX[platform]}${type === 'intune_scep_certificate_profile' ? 'ScepProfile' : 'TrustedRootCertificate'}`;
}

/** A construct's path below its stack (`certificates/wifi/Root` → `wifi/Root`): the name its author gave it. */
export function constructName(path: string): string {
  return path.split('/').slice(1).join('/');
}

/** The constructs of a stack's L2 resources, by Terraform address. */
export function constructsOf(resources: readonly StackResource[]): Map<string, ConstructResource> {
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  // CDKTF gives every construct one path: two resources that claim one (a file's forgery) are shown
  // by their Terraform addresses, never under a construct the reader would take for the other.
  const found = new Map<string, ConstructResource>();
  for (const r of resources) {
    const c = constructOf(r, byAddress);
    if (c) found.set(r.address, c);
  }
  // A name is one construct: one L2 profile (or root), or one CertificateDeployment whose parts are
  // one root and one profile per platform. Any other claim (two paths shown as one name, a profile
  // and a deployment of one name) is a forgery, and every resource of that name is shown by address.
  const claims = new Map<string, string[]>();
  for (const [address, c] of found) {
    const r = byAddress.get(address) as StackResource;
    if (r.type === 'intune_profile_assignment') continue;
    const claim = c.part ? `${c.part.kind}:${r.attrs.platform as string}` : 'construct';
    claims.set(c.name, [...(claims.get(c.name) ?? []), claim]);
  }
  const forged = new Set(
    [...claims]
      .filter(([, list]) => new Set(list).size !== list.length || (list.includes('construct') && list.length > 1))
      .map(([name]) => name),
  );
  return new Map([...found].filter(([, c]) => !forged.has(c.name)));
}

const quote = (s: string) => JSON.stringify(s);

/** A group or target as the constructs write it: `Group.byName("Wi-Fi Users")`, `AllUsers`. */
export function targetInTypeScript(attribute: string, value: unknown): string {
  if (attribute === 'all_users') return 'AllUsers';
  if (attribute === 'all_devices') return 'AllDevices';
  if (typeof value !== 'string') return '...';
  return attribute.endsWith('_names') ? `Group.byName(${quote(value)})` : `Group.byId(${quote(value)})`;
}

/** `subjectAlternativeNames[0]`, `extendedKeyUsages[1].objectIdentifier`, `assignTo(Group.byName("x"))`. */
export function l2PropertyPath(resource: StackResource, path: readonly (string | number)[], construct?: ConstructResource): string {
  const [attribute, ...rest] = path;
  if (typeof attribute !== 'string') return '';
  const part = construct?.part;
  if (part?.kind === 'root' && Object.hasOwn(DEPLOYMENT_ROOT_PROPERTY, attribute)) return DEPLOYMENT_ROOT_PROPERTY[attribute] as string;
  if (part?.kind === 'profile') return `profiles.${part.key}.${l2PropertyPath(resource, path)}`;
  const prop = l2Property(resource.type, attribute);
  if (resource.type === 'intune_profile_assignment') {
    // A group list's element, or all users/devices, names its target; any other attribute its call.
    const groups = /^(include|exclude)_group_(names|ids)$/.test(attribute) && typeof rest[0] === 'number';
    if (!groups && attribute !== 'all_users' && attribute !== 'all_devices') return prop;
    const list = resource.attrs[attribute];
    const value = Array.isArray(list) && typeof rest[0] === 'number' ? list[rest[0]] : undefined;
    return `${prop.slice(0, -2)}(${targetInTypeScript(attribute, value)})`;
  }
  const tail = VALUE_OBJECT_LISTS.has(attribute) ? rest.slice(0, 1) : rest.map((p) => (typeof p === 'string' ? camel(p) : p));
  return formatPath([prop, ...tail]);
}

/** The SAN constructors of lib/constructs/scep.ts, by SAN type. */
const SAN_CALL: Readonly<Record<string, string>> = {
  upn: 'upn',
  email: 'email',
  dns: 'dns',
  uri: 'uri',
  custom_aad_attribute: 'customAadAttribute',
};

function sanCall(type: string, value: string): string {
  if (type === 'uri' && value === '{{OnPremisesSecurityIdentifier}}') return 'SubjectAlternativeName.strongMapping()';
  const call = SAN_CALL[type];
  return call ? `SubjectAlternativeName.${call}(${quote(value)})` : `{ type: ${quote(type)}, value: ${quote(value)} }`;
}

/** Every attribute and object field name of every resource type with a `_`, longest first (so that a longer name wins). */
export const TERRAFORM_NAMES: readonly string[] = [
  ...new Set(
    Object.values(RESOURCES).flatMap((r) =>
      Object.entries(r.attributes).flatMap(([name, def]) => [
        name,
        ...(def.type.kind === 'object-list' ? Object.keys(def.type.fields) : []),
      ]),
    ),
  ),
]
  .filter((a) => a.includes('_'))
  .sort((a, b) => b.length - a.length);
const ATTRIBUTES = TERRAFORM_NAMES;
const ATTRIBUTE_WORD = new RegExp(`\\b(${ATTRIBUTES.join('|')})\\b`, 'g');
const ADDRESS = /\b(intune_[a-z_]+)\.([A-Za-z_][A-Za-z0-9_-]*)\b/g;
/** A double-quoted string (JSON's escapes), or a command in backticks, kept whole by split(). */
const QUOTED = /("(?:[^"\\\n]|\\.)*"|`[^`\n]*`)/;
const SAN_BLOCK = /\{ type = "([a-z_]+)", value = "((?:[^"\\]|\\.)*)" \}/g;

/**
 * A Terraform-worded text in the constructs' words: SAN blocks as SubjectAlternativeName calls,
 * addresses of L2 resources as their construct ids, attribute names as props (of `type`, the
 * resource the text is about), `prop = value` as `prop: value`.
 */
export function inTypeScriptTerms(text: string, type: ResourceType, constructs: ReadonlyMap<string, ConstructResource>): string {
  const words = (part: string) =>
    part
      .replace(ADDRESS, (whole) => constructs.get(whole)?.name ?? whole)
      .replace(ATTRIBUTE_WORD, (attribute: string) => {
        const prop = l2Property(type, attribute);
        return prop.endsWith('()') ? prop.slice(0, -2) : prop;
      })
      .replace(/\b([a-z][A-Za-z0-9]*) = (?=["[{0-9tf]|$)/g, '$1: ')
      // The details' "SAN 2" is the prop's element.
      .replace(/\bSAN (\d+)\b/g, type === 'intune_scep_certificate_profile' ? 'subjectAlternativeNames[$1]' : 'SAN $1');
  // Quoted text is a value the user wrote (a group name, a subject): it is shown as written; so is a
  // command in backticks, which runs as it is written (`intune-scep import <address> <id>`).
  return text
    .replace(SAN_BLOCK, (_, t: string, v: string) => sanCall(t, JSON.parse(`"${v}"`) as string))
    .split(QUOTED)
    .map((part, i) => (i % 2 === 0 ? words(part) : part))
    .join('');
}

/** Where a diagnostic points, in the constructs' words: `WindowsScepProfile windowsWifi, subjectName`. */
export function constructWhere(d: Diagnostic, resource: StackResource, construct: ConstructResource): string {
  const prop = d.path.length
    ? l2PropertyPath(resource, d.path, construct)
    : construct.part?.kind === 'profile'
      ? `profiles.${construct.part.key}`
      : '';
  return `${construct.className} ${construct.name}${prop ? `, ${prop}` : ''}`;
}

/**
 * One diagnostic as the constructs' users read it, the same text from `cdktf synth`, `cdktf diff`
 * and `intune-scep plan`:
 *
 *   No strong mapping (KB5014754) [san/strong-mapping-missing]
 *     on WindowsScepProfile windowsWifi, subjectAlternativeNames
 *     this user certificate ... Add SubjectAlternativeName.strongMapping() to subjectAlternativeNames.
 *
 * Undefined when the diagnostic is not about a resource an L2 construct made.
 */
export function renderForConstructs(
  d: Diagnostic,
  resources: ReadonlyMap<string, StackResource>,
  constructs: ReadonlyMap<string, ConstructResource>,
): string | undefined {
  const resource = resources.get(d.address);
  const construct = constructs.get(d.address);
  if (!resource || !construct) return undefined;
  const detail = d.typescript ?? d.detail;
  const lines = [`${d.summary} [${d.code}]`, `  on ${constructWhere(d, resource, construct)}`];
  for (const line of inTypeScriptTerms(detail, resource.type, constructs).split('\n')) lines.push(line ? `  ${line}` : line);
  return lines.join('\n');
}
