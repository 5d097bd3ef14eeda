/**
 * Zod validation derived from the attribute declarations in resources.ts.
 *
 * What zod checks here is the structure a user wrote: known attribute names, value types, the
 * fields of list objects, and allowed values where no rule gives a better message. What the values
 * mean for Intune (a 4096-bit key in a TPM, an escaped comma in a subject) is the rule catalog's job.
 *
 * It checks the configuration as written (config form, expression.ts): any attribute may hold a
 * Terraform expression (`"${intune_trusted_root_certificate.root.id}"`, `"%{ if ... }"`); its value is
 * unknown until apply, so it passes the type check whatever the declared type. An escaped `$${` is
 * text, not an expression.
 */
import { z } from 'zod';
import type { AttributeDef, AttrType, FieldDef } from './attributes';
import { templateText } from './expression';
import { RESOURCES, type ResourceType } from './resources';

/** A config-form string that Terraform must evaluate (an interpolation or a directive): a value unknown before apply. */
const evaluated = (s: string): boolean => templateText(s) === undefined;
const isTemplateString = (value: unknown): value is string => typeof value === 'string' && evaluated(value);

/** Marks the issue zod raises when a string stands where another type was declared. */
export const EXPRESSION_ISSUE = 'expected-expression';

const expression = z.string().refine(evaluated, { message: 'expected a Terraform expression', params: { kind: EXPRESSION_ISSUE } });

/**
 * The declared type, or an expression in its place. The declared type is the union's first member:
 * schema diagnostics follow that branch to say what was expected.
 */
function withExpression<T extends z.ZodType>(schema: T): z.ZodType {
  return z.union([schema, expression]);
}

/** A custom issue carrying the allowed values, so the diagnostic can list them and suggest one. */
function oneOf<T extends z.ZodType>(schema: T, values: readonly (string | number)[]): z.ZodType {
  return schema.superRefine((value, ctx) => {
    if (isTemplateString(value) || values.includes(value as string | number)) return;
    ctx.addIssue({ code: 'custom', message: 'invalid value', params: { allowed: values.map(String) }, input: value });
  });
}

function scalar(type: 'string' | 'number' | 'bool', values?: readonly (string | number)[]): z.ZodType {
  const base = type === 'string' ? z.string() : withExpression(type === 'number' ? z.number() : z.boolean());
  return values ? oneOf(base, values) : base;
}

function fieldSchema(field: FieldDef): z.ZodType {
  const values = field.enumRule ? undefined : field.enum;
  const base = field.type === 'string-list' ? withExpression(z.array(z.string())) : scalar(field.type, values);
  return field.required ? base : base.nullable().optional();
}

function typeSchema(type: AttrType, values: readonly (string | number)[] | undefined): z.ZodType {
  switch (type.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return scalar(type.kind, values);
    case 'string-list':
      return withExpression(z.array(values ? scalar('string', values) : z.string()));
    case 'object-list': {
      const shape: Record<string, z.ZodType> = {};
      for (const [name, field] of Object.entries(type.fields)) shape[name] = fieldSchema(field);
      return withExpression(z.array(withExpression(z.strictObject(shape))));
    }
  }
}

/**
 * The zod schema of one attribute as a user may write it. Attributes that a rule reports as
 * missing (`requiredRule`) are optional here so that the rule, with its better detail, speaks.
 */
export function attributeSchema(def: AttributeDef): z.ZodType {
  const schema = typeSchema(def.type, def.enumRule ? undefined : def.enum);
  const required = def.presence === 'required' && def.requiredRule === undefined;
  return required ? schema : schema.nullable().optional();
}

function resourceSchema(type: ResourceType): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, def] of Object.entries(RESOURCES[type].attributes)) {
    if (def.presence === 'computed') continue;
    shape[name] = attributeSchema(def);
  }
  return z.strictObject(shape) as unknown as z.ZodType<Record<string, unknown>>;
}

/**
 * Validation of the attributes a user sets on each resource type (meta-arguments such as
 * `depends_on` and `lifecycle` are taken off by the config reader first).
 */
export const RESOURCE_SCHEMAS: Readonly<Record<ResourceType, z.ZodType<Record<string, unknown>>>> = {
  intune_trusted_root_certificate: resourceSchema('intune_trusted_root_certificate'),
  intune_scep_certificate_profile: resourceSchema('intune_scep_certificate_profile'),
  intune_profile_assignment: resourceSchema('intune_profile_assignment'),
  intune_cloud_pki_root_ca: resourceSchema('intune_cloud_pki_root_ca'),
  intune_cloud_pki_issuing_ca: resourceSchema('intune_cloud_pki_issuing_ca'),
};
