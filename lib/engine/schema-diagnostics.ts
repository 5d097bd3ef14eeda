/**
 * Zod issues turned into diagnostics, so a ZodError never reaches a user. The expected type of a
 * value is described from the attribute declaration at the issue's path, not from zod's wording.
 */
import type { z } from 'zod';
import { EXPRESSION_ISSUE, RESOURCES, type AttributeDef, type FieldDef, type ResourceType } from '../schema';
import { closest, diagnostic, show, type AttrPath, type Diagnostic } from '../rules';

type Issue = z.core.$ZodIssue;

interface Located {
  /** The attribute declaration (top level) and, inside a list of objects, the field. */
  attribute?: AttributeDef;
  field?: FieldDef;
  /** What the path names: the attribute, an element of its list, or a field of an element. */
  level: 'attribute' | 'element' | 'field' | 'unknown';
}

function locate(type: ResourceType, path: AttrPath): Located {
  const [name, index, fieldName] = path;
  const attribute = typeof name === 'string' ? RESOURCES[type].attributes[name] : undefined;
  if (!attribute) return { level: 'unknown' };
  if (path.length === 1) return { attribute, level: 'attribute' };
  if (typeof index === 'number' && path.length === 2) return { attribute, level: 'element' };
  if (typeof fieldName === 'string' && attribute.type.kind === 'object-list') {
    const field = attribute.type.fields[fieldName];
    return field ? { attribute, field, level: 'field' } : { attribute, level: 'unknown' };
  }
  return { attribute, level: 'unknown' };
}

function expected(type: ResourceType, path: AttrPath): string {
  const loc = locate(type, path);
  if (loc.level === 'field' && loc.field) {
    return loc.field.type === 'string-list' ? 'a list of strings' : `a ${loc.field.type === 'bool' ? 'boolean' : loc.field.type}`;
  }
  const kind = loc.attribute?.type.kind;
  if (loc.level === 'element') {
    return kind === 'object-list'
      ? `an object with ${Object.keys((loc.attribute?.type as { fields: object }).fields).join(', ')}`
      : 'a string';
  }
  switch (kind) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'bool':
      return 'true or false';
    case 'string-list':
      return 'a list of strings';
    case 'object-list':
      return 'a list of objects';
    default:
      return 'another type';
  }
}

/** Follow a union to its first member (the declared type; see zod.ts `withExpression`). */
function flatten(issues: readonly Issue[], prefix: AttrPath): { issue: Issue; path: AttrPath }[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) return flatten(issue.errors[0] as Issue[], path);
    return [{ issue, path }];
  });
}

function knownNames(type: ResourceType, objectPath: AttrPath): { names: string[]; computed: Set<string> } {
  if (objectPath.length === 0) {
    const attrs = RESOURCES[type].attributes;
    const names = Object.keys(attrs).filter((n) => attrs[n]?.presence !== 'computed');
    return { names, computed: new Set(Object.keys(attrs).filter((n) => attrs[n]?.presence === 'computed')) };
  }
  const loc = locate(type, objectPath);
  const t = loc.attribute?.type;
  return { names: t?.kind === 'object-list' ? Object.keys(t.fields) : [], computed: new Set() };
}

export function schemaDiagnostics(type: ResourceType, address: string, issues: readonly Issue[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { issue, path } of flatten(issues, [])) {
    const where = path.length === 0 ? 'the resource' : path.join('.');
    if (issue.code === 'unrecognized_keys') {
      const { names, computed } = knownNames(type, path);
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        if (computed.has(key)) {
          out.push(
            diagnostic(
              'schema/computed-attribute',
              address,
              keyPath,
              `${key} is computed (read from Graph after apply) and cannot be set. Remove it.`,
            ),
          );
          continue;
        }
        const guess = closest(key, names);
        out.push(
          diagnostic(
            'schema/unknown-attribute',
            address,
            keyPath,
            `${type} has no attribute ${JSON.stringify(key)}${path.length ? ` in ${where}` : ''}.${guess ? ` Did you mean "${guess}"?` : ''} Known: ${names.join(', ')}.`,
          ),
        );
      }
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      out.push(diagnostic('schema/missing-attribute', address, path, `${where} is required and not set. Set ${expected(type, path)}.`));
    } else if (issue.code === 'custom' && Array.isArray((issue.params as { allowed?: unknown })?.allowed)) {
      const allowed = (issue.params as { allowed: string[] }).allowed;
      const guess = typeof issue.input === 'string' ? closest(issue.input, allowed) : undefined;
      out.push(
        diagnostic(
          'schema/invalid-value',
          address,
          path,
          `${where} = ${show(issue.input)} is not allowed; use one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}.${guess ? ` Did you mean "${guess}"?` : ''}`,
        ),
      );
    } else {
      const got = (issue as { input?: unknown }).input;
      const note = issue.code === 'custom' && (issue.params as { kind?: string })?.kind === EXPRESSION_ISSUE ? '' : ` (${issue.message})`;
      out.push(diagnostic('schema/wrong-type', address, path, `${where} = ${show(got)}; expected ${expected(type, path)}${note}.`));
    }
  }
  return out;
}
