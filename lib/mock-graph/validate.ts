/**
 * Checking request bodies against the published model, as the service does (400 on any mismatch):
 * unknown properties, wrong kinds, enum members the type does not define, null where the type is
 * not nullable, a nested `@odata.type` (with or without `#`) that is not the declared complex type
 * or one derived from it, collections over their cap, navigation properties written inline.
 */
import { modelValidation } from './errors';
import { COMPLEX_TYPES, ENUMS, isComplexOf, typeNameOf, type EntityType, type PropDef, type PropType } from './model';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Graph's DateTimeOffset: an ISO 8601 date and time with an offset. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/;

function describe(type: PropType): string {
  switch (type.kind) {
    case 'primitive':
      return {
        string: 'Edm.String',
        binary: 'Edm.Binary',
        dateTimeOffset: 'Edm.DateTimeOffset',
        int32: 'Edm.Int32',
        boolean: 'Edm.Boolean',
      }[type.edm];
    case 'enum':
      return `microsoft.graph.${type.enum}`;
    case 'complex':
      return `microsoft.graph.${type.complex}`;
    case 'navigation':
      return `microsoft.graph.${type.target}`;
  }
}

function shown(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > 100 ? `${s.slice(0, 97)}...` : s;
}

function checkSingle(where: string, type: PropType, value: unknown): void {
  const fail = () => {
    throw modelValidation(`Cannot convert the literal '${shown(value)}' to the expected type '${describe(type)}' for property '${where}'.`);
  };
  switch (type.kind) {
    case 'primitive':
      switch (type.edm) {
        case 'string':
          if (typeof value !== 'string') fail();
          return;
        case 'binary':
          if (typeof value !== 'string' || !BASE64.test(value)) fail();
          return;
        case 'dateTimeOffset':
          if (typeof value !== 'string' || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) fail();
          return;
        case 'int32':
          if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > 2147483647) fail();
          return;
        case 'boolean':
          if (typeof value !== 'boolean') fail();
          return;
      }
      return;
    case 'enum': {
      if (typeof value !== 'string') fail();
      const members = ENUMS[type.enum] ?? [];
      const parts = type.flags ? (value as string).split(',').map((p) => p.trim()) : [value as string];
      for (const p of parts) {
        if (!members.includes(p)) {
          throw modelValidation(
            `The value '${shown(value)}' is not valid for the enum type 'microsoft.graph.${type.enum}' of property '${where}'. Valid members: ${members.join(', ')}.`,
          );
        }
      }
      return;
    }
    case 'complex':
      checkComplex(where, type.complex, value);
      return;
    case 'navigation':
      throw modelValidation(
        `The navigation property '${where}' cannot be written inline; link objects with '${where}@odata.bind' on create or PUT .../${where}/$ref.`,
      );
  }
}

function checkValue(where: string, def: PropDef, value: unknown): void {
  if (value === null) {
    if (def.nullable) return;
    throw modelValidation(
      `Cannot convert a null value to a property '${where}' of a non-nullable type '${def.collection ? `Collection(${describe(def.type)})` : describe(def.type)}'.`,
    );
  }
  if (!def.collection) return checkSingle(where, def.type, value);
  if (def.type.kind === 'navigation') checkSingle(where, def.type, value);
  if (!Array.isArray(value))
    throw modelValidation(
      `Cannot convert the literal '${shown(value)}' to the expected type 'Collection(${describe(def.type)})' for property '${where}'.`,
    );
  if (def.maxItems !== undefined && value.length > def.maxItems) {
    throw modelValidation(`The collection '${where}' has ${value.length} items; at most ${def.maxItems} are allowed.`);
  }
  value.forEach((item, i) => {
    if (item === null) throw modelValidation(`A null value cannot be an item of the collection '${where}' (item ${i}).`);
    checkSingle(`${where}[${i}]`, def.type, item);
  });
}

/** A complex value: its own `@odata.type` (with or without `#`) must be the declared type or derived. */
export function checkComplex(where: string, declared: string, value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw modelValidation(`Expected an object of type 'microsoft.graph.${declared}' for property '${where}'.`);
  }
  const body = value as Record<string, unknown>;
  let actual = declared;
  if ('@odata.type' in body) {
    const name = typeNameOf(body['@odata.type']);
    if (!name || !Object.hasOwn(COMPLEX_TYPES, name) || !isComplexOf(name, declared)) {
      throw modelValidation(
        `The type '${shown(body['@odata.type'])}' is not compatible with 'microsoft.graph.${declared}' for property '${where}'.`,
      );
    }
    actual = name;
  }
  const props = COMPLEX_TYPES[actual]?.properties ?? {};
  for (const [key, v] of Object.entries(body)) {
    if (key === '@odata.type') continue;
    const def = Object.hasOwn(props, key) ? props[key] : undefined; // never __proto__, constructor, ...
    if (!def)
      throw modelValidation(
        `The property '${key}' does not exist on type 'microsoft.graph.${actual}'. Make sure to only use property names that are defined by the type.`,
      );
    checkValue(`${where}.${key}`, def, v);
  }
  return actual;
}

/** A key Graph reads as an instance annotation (`@odata.context`, `@odata.etag`, ...), not a property. */
const isAnnotation = (key: string) => key.startsWith('@');

/**
 * Validate the properties of a create or an update (a subset). Returns the properties to store:
 * server-owned ones and annotations dropped, the root bind removed (the caller reads it).
 */
export function validateEntityBody(type: EntityType, body: Record<string, unknown>, mode: 'create' | 'update'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (isAnnotation(key)) continue;
    const bind = /^(.+)@odata\.bind$/.exec(key);
    if (bind) {
      const nav = Object.hasOwn(type.properties, bind[1] as string) ? type.properties[bind[1] as string] : undefined;
      if (!nav || nav.type.kind !== 'navigation' || bind[1] !== 'rootCertificate') {
        throw modelValidation(`The property '${bind[1]}' does not exist on type 'microsoft.graph.${type.name}' or cannot be bound.`);
      }
      if (mode !== 'create')
        throw modelValidation(`'${key}' is only accepted on create; change the link with PUT .../rootCertificate/$ref.`);
      if (typeof value !== 'string') throw modelValidation(`'${key}' must be a URL string.`);
      continue;
    }
    const def: PropDef | undefined = Object.hasOwn(type.properties, key) ? type.properties[key] : undefined;
    if (!def) {
      throw modelValidation(
        `The property '${key}' does not exist on type 'microsoft.graph.${type.name}'. Make sure to only use property names that are defined by the type.`,
      );
    }
    if (def.serverOwned) continue;
    checkValue(key, def, value);
    out[key] = value;
  }
  if (mode === 'create') {
    for (const [key, def] of Object.entries(type.properties)) {
      if (def.requiredOnCreate && (body[key] === undefined || body[key] === null)) {
        throw modelValidation(`The property '${key}' is required when creating a 'microsoft.graph.${type.name}'.`);
      }
    }
  }
  return out;
}

/** The value of a property the client left unset on create: null when nullable, else the OData default. */
export function unsetValue(def: PropDef): unknown {
  if (def.nullable) return null;
  if (def.collection) return [];
  switch (def.type.kind) {
    case 'enum':
      return ENUMS[def.type.enum]?.[0] ?? null;
    case 'primitive':
      return def.type.edm === 'int32' ? 0 : def.type.edm === 'boolean' ? false : null;
    default:
      return null;
  }
}

/** Flags answered in declared order, as the service does; nested complex values keep their shape. */
export function normaliseFlags(type: EntityType, body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  for (const [key, def] of Object.entries(type.properties)) {
    const v = out[key];
    if (def.type.kind === 'enum' && def.type.flags && typeof v === 'string') {
      const members = ENUMS[def.type.enum] ?? [];
      const set = new Set(v.split(',').map((p) => p.trim()));
      out[key] = members.filter((m) => set.has(m)).join(',');
    }
  }
  return out;
}

/** How Graph answers a complex value: tagged with its type, without the `#`, as Microsoft Learn's examples show. */
export function tagComplex(type: EntityType, body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  for (const [key, def] of Object.entries(type.properties)) {
    if (def.type.kind !== 'complex' || !(key in out)) continue;
    const declared = def.type.complex;
    const tag = (v: unknown) =>
      v && typeof v === 'object'
        ? {
            '@odata.type': `microsoft.graph.${typeNameOf((v as Record<string, unknown>)['@odata.type']) ?? declared}`,
            ...withoutTag(v as Record<string, unknown>),
          }
        : v;
    const v = out[key];
    out[key] = Array.isArray(v) ? v.map(tag) : tag(v);
  }
  return out;
}

function withoutTag(v: Record<string, unknown>): Record<string, unknown> {
  const { '@odata.type': _t, ...rest } = v;
  return rest;
}
