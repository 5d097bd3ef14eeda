/**
 * References to another resource's attributes (`${intune_cloud_pki_issuing_ca.ca.scep_server_url}`):
 * where the stack may use one, and the value it stands for. The config reader makes them
 * AttributeReferences; plan resolves each to the value the tenant holds, or "(known after apply)"
 * when the resource is created or replaced (or the attribute changes); apply resolves it from the
 * state as the steps before it left it (the resource it names is a dependency, so it ran first).
 *
 * | where                                            | allowed                                          |
 * |--------------------------------------------------|--------------------------------------------------|
 * | a text attribute of a profile or CA, as a whole  | yes: a text attribute the tenant holds, of       |
 * | an element of a list of text there               | another resource (else config/invalid-reference) |
 * | a number, a bool, a field of an object, an       | no: config/invalid-reference (referenceRefusal)  |
 * | assignment set's attribute                       |                                                  |
 * | part of a string (`x-${a.b.c}`)                  | no: an Expression, config/unsupported-expression |
 */
import { RESOURCES, familyOf, isAttributeReference, isResourceType, type Reference, type ResourceType } from '../schema';

/**
 * Why an AttributeReference to `ref` at `path` of a `type` resource is not one the engine resolves,
 * or undefined when it is: used where text goes, in a profile or a CA (an assignment set's values
 * are group names and ids, never another object's attribute), naming a text attribute the tenant
 * holds (not a setting of the stack, nothing sensitive) of another resource.
 */
export function referenceRefusal(type: ResourceType, path: readonly (string | number)[], ref: Reference): string | undefined {
  const def = Object.hasOwn(RESOURCES[type].attributes, String(path[0])) ? RESOURCES[type].attributes[String(path[0])] : undefined;
  const at = path.join('.');
  if (!def || familyOf(type) === 'assignment') return `${at} cannot take another resource's attribute: write the value itself`;
  if (!((path.length === 1 && def.type.kind === 'string') || (path.length === 2 && def.type.kind === 'string-list')))
    return `${at} is not text: only a text attribute, or an element of a list of text, takes another resource's attribute`;
  const target =
    isResourceType(ref.type) && Object.hasOwn(RESOURCES[ref.type].attributes, ref.attribute)
      ? RESOURCES[ref.type].attributes[ref.attribute]
      : undefined;
  if (!target) return `${ref.address} has no attribute ${ref.attribute}`;
  if (target.stackOnly || target.sensitive)
    return `${ref.attribute} is ${target.sensitive ? 'sensitive' : 'a setting of the stack, not a value the tenant holds'}; refer to an attribute of the object itself`;
  if (target.type.kind !== 'string')
    return `${ref.address}.${ref.attribute} is ${target.type.kind === 'number' ? 'a number' : target.type.kind === 'bool' ? 'true or false' : 'a list'}, not text`;
  return undefined;
}

/** `attrs` with every AttributeReference replaced by `valueOf(ref)`; the rest as it is. */
export function resolveReferences(attrs: Readonly<Record<string, unknown>>, valueOf: (ref: Reference) => unknown): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (isAttributeReference(v)) return valueOf(v.ref);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, walk(v)]));
}

/** Whether `attrs` holds an AttributeReference anywhere. */
export function hasReferences(attrs: Readonly<Record<string, unknown>>): boolean {
  const walk = (v: unknown): boolean =>
    isAttributeReference(v) || (Array.isArray(v) ? v.some(walk) : v !== null && typeof v === 'object' && Object.values(v).some(walk));
  return Object.values(attrs).some(walk);
}
