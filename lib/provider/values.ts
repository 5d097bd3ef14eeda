/**
 * Terraform values on the wire (tfplugin6 DynamicValue) and in the provider.
 *
 * | Terraform             | here                                   | msgpack                        |
 * |-----------------------|----------------------------------------|--------------------------------|
 * | null                  | null                                   | nil                            |
 * | unknown (refined too) | UNKNOWN                                | extension 0 (12 when refined)  |
 * | string, number, bool  | string, number, boolean                | str, int/float, bool           |
 * | list                  | array                                  | array                          |
 * | object                | object with every attribute of its type| map                            |
 *
 * Objects are conformed to their type both ways: attributes missing from a value are null, so
 * what the provider sends always has the exact shape Terraform's schema says.
 */
import { Decoder, Encoder, ExtensionCodec } from '@msgpack/msgpack';
import { RESOURCES, terraformType, type AttributeDef, type ResourceType, type TfType } from '../schema';

/** Terraform's "known after apply". */
export class Unknown {
  toJSON(): string {
    return '(known after apply)';
  }
}
export const UNKNOWN: Unknown = Object.freeze(new Unknown());
export const isUnknown = (v: unknown): v is Unknown => v instanceof Unknown;

export type TfValue = null | Unknown | string | number | boolean | TfValue[] | { [name: string]: TfValue };
export type TfObject = { [name: string]: TfValue };

/** A value's Terraform type, as the provider schema declares it (terraform-schema.ts). */
export type ValueType = TfType;

/** cty's extension codes: 0 = unknown, 12 = unknown with refinements (Terraform 1.6+). */
const UNKNOWN_EXT = 0;
const REFINED_UNKNOWN_EXT = 12;

const codec = new ExtensionCodec();
codec.register({ type: UNKNOWN_EXT, encode: (v: unknown) => (v instanceof Unknown ? new Uint8Array([0]) : null), decode: () => UNKNOWN });
codec.register({ type: REFINED_UNKNOWN_EXT, encode: () => null, decode: () => UNKNOWN });
const encoder = new Encoder({ extensionCodec: codec, ignoreUndefined: false });
const decoder = new Decoder({ extensionCodec: codec });

export function blockType(attributes: Readonly<Record<string, AttributeDef>>): ValueType {
  return ['object', Object.fromEntries(Object.entries(attributes).map(([n, d]) => [n, terraformType(d.type)]))];
}

export const resourceType = (type: ResourceType): ValueType => blockType(RESOURCES[type].attributes);

export class ValueError extends Error {}

/** A decoded value in the shape of `type`: objects get every attribute (null when missing). */
export function shapeAs(type: ValueType, value: unknown, path = ''): TfValue {
  if (value === null || value === undefined) return null;
  if (isUnknown(value)) return UNKNOWN;
  if (type === 'string') {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new ValueError(`${path || 'value'}: expected a string`);
  }
  if (type === 'number') {
    if (typeof value === 'number') return value;
    if (typeof value === 'bigint') return Number(value);
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
    throw new ValueError(`${path || 'value'}: expected a number`);
  }
  if (type === 'bool') {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new ValueError(`${path || 'value'}: expected a bool`);
  }
  if (type[0] === 'list') {
    if (!Array.isArray(value)) throw new ValueError(`${path || 'value'}: expected a list`);
    return value.map((v, i) => shapeAs(type[1], v, `${path}[${i}]`));
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw new ValueError(`${path || 'value'}: expected an object`);
  const src = value as Record<string, unknown>;
  const out: TfObject = {};
  for (const [name, t] of Object.entries(type[1])) out[name] = shapeAs(t, src[name], path ? `${path}.${name}` : name);
  return out;
}

export interface DynamicValue {
  msgpack?: Uint8Array | null;
  json?: Uint8Array | null;
}

/** A DynamicValue as a value of `type`; msgpack when present, else JSON, else null. */
export function decodeDynamic(dv: DynamicValue | null | undefined, type: ValueType): TfValue {
  if (dv?.msgpack && dv.msgpack.length > 0) return shapeAs(type, decoder.decode(dv.msgpack));
  if (dv?.json && dv.json.length > 0) return shapeAs(type, JSON.parse(Buffer.from(dv.json).toString('utf8')));
  return null;
}

export function encodeDynamic(value: TfValue, type: ValueType): { msgpack: Buffer } {
  const bytes = encoder.encode(shapeAs(type, value));
  return { msgpack: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** True when the value or anything inside it is unknown. */
export function hasUnknown(v: TfValue): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (v && typeof v === 'object') return Object.values(v).some(hasUnknown);
  return false;
}

/**
 * Terraform object → the attribute form the rest of intune-scep uses: null attributes left out.
 * Unknown values become `unknownAs` (the rules skip Terraform expressions) or are left out.
 */
export function toAttrs(v: TfValue, unknownAs?: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!v || typeof v !== 'object' || Array.isArray(v) || isUnknown(v)) return out;
  const plain = (x: TfValue): unknown => {
    if (isUnknown(x)) return unknownAs;
    if (Array.isArray(x)) return x.map(plain);
    if (x && typeof x === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, y] of Object.entries(x)) if (y !== null) o[k] = plain(y);
      return o;
    }
    return x;
  };
  for (const [k, x] of Object.entries(v)) {
    if (x === null) continue;
    const p = plain(x);
    if (p !== undefined) out[k] = p;
  }
  return out;
}
