/**
 * References to another resource's attributes (`${intune_cloud_pki_issuing_ca.ca.scep_server_url}`):
 * where the stack may use one, and the value it stands for. The config reader makes them
 * AttributeReferences; plan resolves each to the value the tenant holds, or "(known after apply)"
 * when the resource is created or replaced (or the attribute changes); apply resolves it from the
 * state as the steps before it left it (the resource it names is a dependency, so it ran first).
 *
 * | where                                   | allowed                                          |
 * |-----------------------------------------|--------------------------------------------------|
 * | a string attribute, as a whole          | yes                                              |
 * | an element of a list of strings         | yes                                              |
 * | a number, a bool, a field of an object  | no: config/unsupported-expression                |
 * | part of a string (`x-${a.b.c}`)         | no: an Expression, config/unsupported-expression |
 */
import { RESOURCES, isAttributeReference, type Reference, type ResourceType } from '../schema';

/** Whether an AttributeReference at `path` of a `type` resource is one the engine resolves. */
export function referenceAllowedAt(type: ResourceType, path: readonly (string | number)[]): boolean {
  const def = Object.hasOwn(RESOURCES[type].attributes, String(path[0])) ? RESOURCES[type].attributes[String(path[0])] : undefined;
  if (!def) return false;
  return (path.length === 1 && def.type.kind === 'string') || (path.length === 2 && def.type.kind === 'string-list');
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
