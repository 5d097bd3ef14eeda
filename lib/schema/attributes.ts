/**
 * The shape of an attribute declaration. Every fact about an attribute (type, presence, default,
 * description, allowed values, platforms, replacement rule) is declared once, in resources.ts, on a
 * value of this type; zod validation, the Terraform schema JSON and the generated constructs are
 * derived from it.
 *
 * Imports nothing of ours but the platform table.
 */
import type { Platform } from './platforms';

/** A field of an object inside a list attribute (`subject_alternative_names[].type`). */
export interface FieldDef {
  readonly type: 'string' | 'number' | 'bool' | 'string-list';
  readonly required: boolean;
  readonly description: string;
  /** Allowed values; absent when any value of the type is accepted. */
  readonly enum?: readonly string[];
  /** Rule id that reports a value outside `enum`; when absent the schema check does. */
  readonly enumRule?: string;
}

export type AttrType =
  | { readonly kind: 'string' }
  | { readonly kind: 'number' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'string-list' }
  | { readonly kind: 'object-list'; readonly fields: Readonly<Record<string, FieldDef>> };

/** Attribute values as a resource holds them (before defaults). */
export type Attrs = Readonly<Record<string, unknown>>;

/**
 * A default fills an attribute the user left unset.
 * | form      | meaning                                                                   |
 * |-----------|---------------------------------------------------------------------------|
 * | value     | the same value whatever else is set                                       |
 * | compute   | depends on other attributes (platform, display name); undefined = no value |
 */
export type DefaultSpec = { readonly value: unknown } | { readonly compute: (attrs: Attrs) => unknown; readonly text: string };

/**
 * | presence  | user sets it | Terraform flags                                        |
 * |-----------|--------------|--------------------------------------------------------|
 * | required  | must         | required                                               |
 * | optional  | may          | optional (+ computed when it has a default)            |
 * | computed  | never        | computed (read from Graph or derived from other values) |
 */
export type Presence = 'required' | 'optional' | 'computed';

export interface AttributeDef {
  readonly type: AttrType;
  readonly presence: Presence;
  readonly description: string;
  readonly default?: DefaultSpec;
  /** Allowed values (of the attribute, or of each element of a string list). */
  readonly enum?: readonly (string | number)[];
  /** Rule id that checks `enum` itself (with a more helpful detail); the schema check then stays quiet. */
  readonly enumRule?: string;
  /** Rule id that reports the attribute missing; the schema check then stays quiet. */
  readonly requiredRule?: string;
  /** Platforms on which the attribute means something; absent = all. */
  readonly platforms?: readonly Platform[];
  /** Rule id that reports the attribute set on another platform; default `schema/not-applicable`. */
  readonly platformRule?: string;
  /** Set when a change cannot be made in place: the reason a plan shows. */
  readonly forcesReplacement?: string;
  /** Never written to logs or plans. */
  readonly sensitive?: boolean;
  /** A list Graph keeps as a set: order and repeats mean nothing; compared sorted and de-duplicated. */
  readonly setLike?: boolean;
  /** The id of another resource of these types (resource type names); a `${type.name.id}` reference the engine resolves itself. */
  readonly references?: readonly string[];
  /** A setting of the stack itself, never sent to Graph: never compared with the tenant. */
  readonly stackOnly?: boolean;
  /**
   * A setting of the stack kept in state (with `stackOnly`): a change is an update in place that sends
   * nothing to Graph, and a delete reads it from state (the stack may no longer declare the object).
   */
  readonly keptInState?: boolean;
}

/**
 * Whether a plan compares the attribute with the tenant: not when Graph computes it or when it is a
 * setting of the stack itself.
 */
export function isCompared(def: AttributeDef): boolean {
  return def.presence !== 'computed' && def.stackOnly !== true;
}

export function hasDefault(def: AttributeDef): boolean {
  return def.default !== undefined;
}

/** The value a resource has for `name`: what the user set, else the default, else undefined. */
export function effectiveValue(def: AttributeDef | undefined, name: string, attrs: Attrs): unknown {
  const set = attrs[name];
  if (set !== undefined && set !== null) return set;
  if (!def?.default) return undefined;
  return 'value' in def.default ? def.default.value : def.default.compute(attrs);
}

/** How documentation and descriptions show a default. */
export function describeDefault(def: AttributeDef): string | undefined {
  if (!def.default) return undefined;
  if ('text' in def.default) return def.default.text;
  return JSON.stringify(def.default.value);
}
