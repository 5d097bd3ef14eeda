/**
 * The Graph bodies the mapping writes and reads, typed with Microsoft's published interfaces, and
 * the value conversions both directions share (enums, flags, defaults, the platform of attributes).
 */
import type * as G from '@microsoft/microsoft-graph-types-beta';
import {
  GRAPH_ENUMS,
  PLATFORM_TABLE,
  RESOURCES,
  effectiveValue,
  type Attrs,
  type FilterPlatform,
  type GraphEnumName,
  type Platform,
  type ResourceType,
} from '../../schema';

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

/** The filter platforms the schema spells are Microsoft's: this fails to compile for a name Graph lacks. */
export const FILTER_PLATFORMS_ARE_GRAPHS: FilterPlatform extends G.DevicePlatformType ? true : never = true;

/** A body of type T as sent: with its `@odata.type`. */
export type Tagged<T> = T & { '@odata.type': string };

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
export type ScepShared = { [K in keyof AnyScep]?: AnyScep[K] };

export type ScepBody = Tagged<AnyScep> & { 'rootCertificate@odata.bind'?: string };

export type RootBody = Tagged<RootTypes[Platform]>;

/** Every property name a body we read may carry, from the published types; values unchecked. */
type KeysOf<U> = U extends unknown ? keyof U : never;

export type ReadBody = { [K in KeysOf<ScepTypes[Platform] | RootTypes[Platform]>]?: unknown } & { '@odata.type'?: unknown };

/** The URL form Graph takes in `@odata.bind` and `@odata.id`, on the Graph host in use. */
export function configurationUrl(id: string, base: string): string {
  return `${base.replace(/\/+$/, '')}/deviceManagement/deviceConfigurations('${id}')`;
}

type EnumValue<N extends GraphEnumName> = (typeof GRAPH_ENUMS)[N][keyof (typeof GRAPH_ENUMS)[N]];

export function toEnum<N extends GraphEnumName>(name: N, value: unknown, path: string): EnumValue<N> {
  const table = GRAPH_ENUMS[name] as unknown as Readonly<Record<string, EnumValue<N>>>;
  const v = table[String(value)];
  if (v === undefined)
    throw new MappingError(`${path} = ${JSON.stringify(value)} has no Graph value (expected one of ${Object.keys(table).join(', ')})`, [
      path,
    ]);
  return v;
}

/**
 * Flags in Graph's declared order, joined without spaces. The published types write a flags enum as
 * its single members (`KeyUsages = "keyEncipherment" | "digitalSignature"`), so a combination needs
 * this one cast; the members themselves are checked against the facts.
 */
export function toFlags<T extends string>(order: readonly string[], members: readonly string[]): T {
  const set = new Set(members);
  return order.filter((m) => set.has(m)).join(',') as T;
}

export function flagSet(value: unknown): string[] {
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

export function platformOf(attrs: Attrs): Platform {
  const p = attrs.platform;
  if (typeof p !== 'string' || !(p in PLATFORM_TABLE))
    throw new MappingError(`platform = ${JSON.stringify(p)} is not a platform`, ['platform']);
  return p as Platform;
}

export function common(attrs: Record<string, unknown>): { displayName: string; description?: string; roleScopeTagIds: string[] } {
  return {
    displayName: String(attrs.display_name ?? ''),
    ...(typeof attrs.description === 'string' ? { description: attrs.description } : {}),
    roleScopeTagIds: (attrs.role_scope_tag_ids as string[] | undefined) ?? ['0'],
  };
}

export interface San {
  type: string;
  value: string;
}
