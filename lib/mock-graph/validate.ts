/** Checking request bodies against the mock's model, as the service does (400 on any mismatch). */
import { COLLECTION_CAPS, COMPLEX_TYPES, ENUMS, FLAG_ENUMS, type EntityType, type PropDef, type PropType } from './model';
import { modelValidation } from './errors';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function checkValue(where: string, type: PropType, value: unknown, nullable: boolean): void {
  if (value === null) {
    if (nullable || type.kind === 'stringCollection' || type.kind === 'complexCollection') return;
    throw modelValidation(`Cannot convert a null value to a property '${where}' of a non-nullable type.`);
  }
  const fail = (expected: string) => {
    throw modelValidation(`Cannot convert the literal '${typeof value === 'string' ? value : JSON.stringify(value)}' to the expected type '${expected}' for property '${where}'.`);
  };
  switch (type.kind) {
    case 'string':
      if (typeof value !== 'string') fail('Edm.String');
      return;
    case 'datetime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) fail('Edm.DateTimeOffset');
      return;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > 2147483647) fail('Edm.Int32');
      return;
    case 'bool':
      if (typeof value !== 'boolean') fail('Edm.Boolean');
      return;
    case 'binary':
      if (typeof value !== 'string' || !BASE64.test(value)) fail('Edm.Binary');
      return;
    case 'enum':
    case 'flags': {
      if (typeof value !== 'string') fail(`microsoft.graph.${type.enum}`);
      const members = ENUMS[type.enum] ?? [];
      const parts = FLAG_ENUMS.has(type.enum) ? (value as string).split(',').map((p) => p.trim()) : [value as string];
      for (const p of parts) {
        if (!members.includes(p)) {
          throw modelValidation(`The value '${value as string}' is not valid for the enum type 'microsoft.graph.${type.enum}' of property '${where}'. Valid members: ${members.join(', ')}.`);
        }
      }
      return;
    }
    case 'stringCollection':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail('Collection(Edm.String)');
      return;
    case 'complex':
      checkComplex(where, type.complex, value);
      return;
    case 'complexCollection':
      if (!Array.isArray(value)) fail(`Collection(microsoft.graph.${type.complex})`);
      (value as unknown[]).forEach((item, idx) => checkComplex(`${where}[${idx}]`, type.complex, item));
      return;
  }
}

function checkComplex(where: string, name: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw modelValidation(`Expected an object of type 'microsoft.graph.${name}' for property '${where}'.`);
  }
  const props = COMPLEX_TYPES[name] ?? {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '@odata.type') {
      if (v !== `#microsoft.graph.${name}`) throw modelValidation(`The type '${String(v)}' is not compatible with 'microsoft.graph.${name}' for property '${where}'.`);
      continue;
    }
    const def = props[key];
    if (!def) throw modelValidation(`The property '${key}' does not exist on type 'microsoft.graph.${name}'. Make sure to only use property names that are defined by the type.`);
    checkValue(`${where}.${key}`, def.type, v, def.nullable ?? true);
  }
}

/**
 * Validate the properties of a create (all writable properties allowed, required ones present)
 * or an update (a subset). Annotations other than `@odata.type` and the root bind are refused.
 */
export function validateEntityBody(type: EntityType, body: Record<string, unknown>, mode: 'create' | 'update'): void {
  for (const [key, value] of Object.entries(body)) {
    if (key === '@odata.type') continue;
    if (key === 'rootCertificate@odata.bind') {
      if (type.kind !== 'scep' || mode !== 'create') {
        throw modelValidation(`The property 'rootCertificate' does not exist on type 'microsoft.graph.${type.name}'${mode === 'update' ? ' for update; use PUT .../rootCertificate/$ref' : ''}.`);
      }
      if (typeof value !== 'string') throw modelValidation(`'rootCertificate@odata.bind' must be a URL string.`);
      continue;
    }
    const def: PropDef | undefined = type.properties[key];
    if (!def) {
      throw modelValidation(`The property '${key}' does not exist on type 'microsoft.graph.${type.name}'. Make sure to only use property names that are defined by the type.`);
    }
    if (def.readOnly) throw modelValidation(`The property '${key}' is read-only and cannot be set.`);
    checkValue(key, def.type, value, def.nullable ?? false);
    const cap = COLLECTION_CAPS[key];
    if (cap !== undefined && Array.isArray(value) && value.length > cap) {
      throw modelValidation(`The collection '${key}' has ${value.length} items; at most ${cap} are allowed.`);
    }
  }
  if (mode === 'create') {
    for (const [key, def] of Object.entries(type.properties)) {
      if (def.requiredOnCreate && (body[key] === undefined || body[key] === null)) {
        throw modelValidation(`The property '${key}' is required when creating a 'microsoft.graph.${type.name}'.`);
      }
    }
  }
}

/** Flags answered in declared order, as the service does. */
export function normaliseFlags(type: EntityType, body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  for (const [key, def] of Object.entries(type.properties)) {
    const v = out[key];
    if (def.type.kind === 'flags' && typeof v === 'string') {
      const members = ENUMS[def.type.enum] ?? [];
      const set = new Set(v.split(',').map((p) => p.trim()));
      out[key] = members.filter((m) => set.has(m)).join(',');
    }
  }
  return out;
}
