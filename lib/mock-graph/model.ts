/**
 * The mock's model of Microsoft Graph (beta) for Intune certificate profiles. Types, properties,
 * kinds, enum members, nullability, navigation properties and collection caps come from
 * Microsoft's published types (lib/graph-facts, generated from @microsoft/microsoft-graph-types-beta);
 * the mock accepts what they allow and refuses what they do not.
 *
 * What the published types are silent about, chosen here (graph-api.md and README, "The mock"):
 * | choice                      | why                                                                      |
 * |-----------------------------|--------------------------------------------------------------------------|
 * | base types are abstract     | a POST naming one is refused, as Graph refuses abstract types            |
 * | displayName required        | Graph answers 400 without it                                              |
 * | trustedRootCertificate      | non-nullable in the types and useless without: required on create       |
 * | server-owned ignored        | id, createdDateTime, lastModifiedDateTime, version, supportsScopeTags:   |
 * |                             | accepted and ignored (the admin center POSTs the zero id)                 |
 * | deploymentChannel immutable | the service refuses a change after creation (the planner never sends it) |
 * | navigation inline refused   | write links with @odata.bind / $ref and assignments with assign          |
 * | unset property on create    | null when nullable, else the OData default (first enum member, 0, false, |
 * |                             | empty collection), as Graph answers                                      |
 *
 * Shares nothing with lib/schema or lib/graph: the mock stands in for Microsoft's service, so a
 * mapping bug in the client must not pass against a mock that shares its tables. Both read the
 * facts Microsoft published, which neither of them wrote.
 */
import {
  COMPLEX_TYPE_FACTS,
  ENTITY_TYPE_FACTS,
  ENUM_FACTS,
  FLAG_ENUMS,
  SERVER_OWNED,
  edmKind,
  type PropertyFact,
  type TypeFact,
} from '../graph-facts';

export type PropType =
  | { readonly kind: 'primitive'; readonly edm: 'string' | 'binary' | 'dateTimeOffset' | 'int32' | 'boolean' }
  | { readonly kind: 'enum'; readonly enum: string; readonly flags: boolean }
  | { readonly kind: 'complex'; readonly complex: string }
  | { readonly kind: 'navigation'; readonly target: string };

export interface PropDef {
  readonly type: PropType;
  readonly collection: boolean;
  readonly nullable: boolean;
  /** Set by the service; a value a client sends is ignored. */
  readonly serverOwned: boolean;
  /** Must be present (and not null) on create. */
  readonly requiredOnCreate: boolean;
  /** Cannot change after creation (PATCH answers 400). */
  readonly immutable: boolean;
  /** Graph's cap on a collection, from the published types. */
  readonly maxItems?: number;
}

/** Enum members in declared order, from the published types. */
export const ENUMS: Readonly<Record<string, readonly string[]>> = ENUM_FACTS;
export { FLAG_ENUMS };

const REQUIRED_ON_CREATE = new Set(['displayName', 'trustedRootCertificate']);
const IMMUTABLE = new Set(['deploymentChannel']);

function propDef(name: string, f: PropertyFact): PropDef {
  const type: PropType =
    f.kind === 'primitive'
      ? { kind: 'primitive', edm: edmKind(name, f.type as 'string' | 'number' | 'boolean') }
      : f.kind === 'enum'
        ? { kind: 'enum', enum: f.type, flags: FLAG_ENUMS.has(f.type) }
        : f.kind === 'complex'
          ? { kind: 'complex', complex: f.type }
          : { kind: 'navigation', target: f.type };
  return {
    type,
    collection: f.collection,
    nullable: f.nullable,
    serverOwned: SERVER_OWNED.has(name) || f.readOnly === true,
    requiredOnCreate: REQUIRED_ON_CREATE.has(name),
    immutable: IMMUTABLE.has(name),
    ...(f.maxItems !== undefined ? { maxItems: f.maxItems } : {}),
  };
}

const props = (t: TypeFact): Readonly<Record<string, PropDef>> =>
  Object.fromEntries(Object.entries(t.properties).map(([n, f]) => [n, propDef(n, f)]));

/** Complex types by OData name, with their base types (a value may name a derived type). */
export const COMPLEX_TYPES: Readonly<
  Record<string, { readonly baseTypes: readonly string[]; readonly properties: Readonly<Record<string, PropDef>> }>
> = Object.fromEntries(Object.entries(COMPLEX_TYPE_FACTS).map(([n, t]) => [n, { baseTypes: t.baseTypes, properties: props(t) }]));

export type Family = 'windows' | 'ios' | 'macos' | 'androidWorkProfile' | 'androidDeviceOwner' | 'aosp' | 'android';

export interface EntityType {
  readonly name: string;
  readonly kind: 'scep' | 'trustedRoot';
  /** SCEP profiles link only to a trusted root of the same family. */
  readonly family: Family;
  readonly baseTypes: readonly string[];
  readonly properties: Readonly<Record<string, PropDef>>;
}

/** Which published type is which: the one table the published types cannot give. */
const OURS: readonly [string, EntityType['kind'], Family][] = [
  ['windows81SCEPCertificateProfile', 'scep', 'windows'],
  ['iosScepCertificateProfile', 'scep', 'ios'],
  ['macOSScepCertificateProfile', 'scep', 'macos'],
  ['androidWorkProfileScepCertificateProfile', 'scep', 'androidWorkProfile'],
  ['androidDeviceOwnerScepCertificateProfile', 'scep', 'androidDeviceOwner'],
  ['aospDeviceOwnerScepCertificateProfile', 'scep', 'aosp'],
  ['androidScepCertificateProfile', 'scep', 'android'],
  ['windows81TrustedRootCertificate', 'trustedRoot', 'windows'],
  ['iosTrustedRootCertificate', 'trustedRoot', 'ios'],
  ['macOSTrustedRootCertificate', 'trustedRoot', 'macos'],
  ['androidWorkProfileTrustedRootCertificate', 'trustedRoot', 'androidWorkProfile'],
  ['androidDeviceOwnerTrustedRootCertificate', 'trustedRoot', 'androidDeviceOwner'],
  ['aospDeviceOwnerTrustedRootCertificate', 'trustedRoot', 'aosp'],
  ['androidTrustedRootCertificate', 'trustedRoot', 'android'],
];

function entityType([name, kind, family]: readonly [string, EntityType['kind'], Family]): EntityType {
  const fact = ENTITY_TYPE_FACTS[name];
  if (!fact) throw new Error(`bug: the published Graph types have no ${name}`);
  return { name, kind, family, baseTypes: fact.baseTypes, properties: props(fact) };
}

const TYPES: readonly EntityType[] = OURS.map(entityType);

export const ODATA_PREFIX = '#microsoft.graph.';

/** Concrete types by full `@odata.type` (with `#`). */
export const ENTITY_TYPES: ReadonlyMap<string, EntityType> = new Map(TYPES.map((t) => [`${ODATA_PREFIX}${t.name}`, t]));

/** Abstract types of the hierarchy (every base of a concrete type): a POST naming one is refused. */
export const ABSTRACT_TYPES: ReadonlySet<string> = new Set(TYPES.flatMap((t) => t.baseTypes).map((n) => `${ODATA_PREFIX}${n}`));

/** Properties a `$select` may name on the collection: the union over all types. */
export const ALL_PROPERTIES: ReadonlySet<string> = new Set(TYPES.flatMap((t) => Object.keys(t.properties)));

/** Assignment target types (complex types of the published model). */
export const TARGET_TYPES = {
  group: '#microsoft.graph.groupAssignmentTarget',
  exclusion: '#microsoft.graph.exclusionGroupAssignmentTarget',
  allUsers: '#microsoft.graph.allLicensedUsersAssignmentTarget',
  allDevices: '#microsoft.graph.allDevicesAssignmentTarget',
} as const;

/** Fixed ids Graph uses (after `{profileId}_`) for the two "all" targets. */
export const ALL_USERS_ID = 'acacacac-9df4-4c7d-9d50-4ef0226f57a9';
export const ALL_DEVICES_ID = 'adadadad-808e-44e2-905a-0b7873a8a531';

/** `microsoft.graph.x` or `#microsoft.graph.x` → `x`; undefined for anything else. */
export function typeNameOf(odataType: unknown): string | undefined {
  if (typeof odataType !== 'string') return undefined;
  const m = /^#?microsoft\.graph\.([A-Za-z0-9]+)$/.exec(odataType);
  return m?.[1];
}

/** Is complex type `name` the type `expected` or derived from it? */
export function isComplexOf(name: string, expected: string): boolean {
  return name === expected || (COMPLEX_TYPES[name]?.baseTypes.includes(expected) ?? false);
}
