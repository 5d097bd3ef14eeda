/**
 * The Terraform provider schema JSON (the format `terraform providers schema -json` prints),
 * derived from resources.ts. It feeds `@cdktf/provider-generator` (the L1 bindings) and the
 * provider's GetProviderSchema answer.
 *
 * | our presence               | Terraform flags        |
 * |----------------------------|------------------------|
 * | required                   | required               |
 * | optional, no default       | optional               |
 * | optional, with a default   | optional + computed    | (the provider fills the default in at plan)
 * | computed                   | computed               |
 *
 * List-of-object attributes are nested attributes (`nested_type`, nesting mode `list`) so that
 * optional fields may be left out.
 */
import { describeDefault, type AttributeDef, type AttrType, type FieldDef } from './attributes';
import { PROVIDER_CONFIG, PROVIDER_NAME, PROVIDER_SOURCE, RESOURCES, RESOURCE_TYPES } from './resources';

export type TfType = 'string' | 'number' | 'bool' | ['list', TfType] | ['object', Record<string, TfType>];

export interface TfAttribute {
  type?: TfType;
  nested_type?: { attributes: Record<string, TfAttribute>; nesting_mode: 'list' };
  description: string;
  description_kind: 'plain';
  required?: true;
  optional?: true;
  computed?: true;
  sensitive?: true;
}

export interface TfBlock {
  attributes: Record<string, TfAttribute>;
  description: string;
  description_kind: 'plain';
}

export interface TfSchema {
  version: number;
  block: TfBlock;
}

export interface TfProviderSchemaJson {
  format_version: '1.0';
  provider_schemas: Record<
    string,
    {
      provider: TfSchema;
      resource_schemas: Record<string, TfSchema>;
      data_source_schemas: Record<string, TfSchema>;
    }
  >;
}

/** The registry address Terraform and the generated bindings use for our provider. */
export const PROVIDER_ADDRESS = `registry.terraform.io/${PROVIDER_SOURCE}`;

function fieldAttribute(field: FieldDef): TfAttribute {
  const type: TfType = field.type === 'string-list' ? ['list', 'string'] : field.type;
  const description =
    field.enum && !field.description.includes('`') ? `${field.description} One of: ${field.enum.join(', ')}.` : field.description;
  return {
    type,
    description,
    description_kind: 'plain',
    ...(field.required ? { required: true as const } : { optional: true as const }),
  };
}

function scalarType(type: AttrType): TfType {
  switch (type.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return type.kind;
    case 'string-list':
      return ['list', 'string'];
    case 'object-list': {
      const fields: Record<string, TfType> = {};
      for (const [name, f] of Object.entries(type.fields)) fields[name] = f.type === 'string-list' ? ['list', 'string'] : f.type;
      return ['list', ['object', fields]];
    }
  }
}

function describe(def: AttributeDef): string {
  const dflt = describeDefault(def);
  const parts = [def.description];
  if (dflt !== undefined) parts.push(`Default: ${dflt}.`);
  if (def.forcesReplacement) parts.push(`Changing it forces replacement: ${def.forcesReplacement}.`);
  return parts.join(' ');
}

export function terraformAttribute(def: AttributeDef): TfAttribute {
  const flags =
    def.presence === 'required'
      ? { required: true as const }
      : def.presence === 'computed'
        ? { computed: true as const }
        : def.default !== undefined
          ? { optional: true as const, computed: true as const }
          : { optional: true as const };
  const typePart =
    def.type.kind === 'object-list'
      ? {
          nested_type: {
            attributes: Object.fromEntries(Object.entries(def.type.fields).map(([n, f]) => [n, fieldAttribute(f)])),
            nesting_mode: 'list' as const,
          },
        }
      : { type: scalarType(def.type) };
  return {
    ...typePart,
    description: describe(def),
    description_kind: 'plain',
    ...flags,
    ...(def.sensitive ? { sensitive: true as const } : {}),
  };
}

function block(attributes: Readonly<Record<string, AttributeDef>>, description: string): TfBlock {
  return {
    attributes: Object.fromEntries(Object.entries(attributes).map(([name, def]) => [name, terraformAttribute(def)])),
    description,
    description_kind: 'plain',
  };
}

/** `terraform providers schema -json` for provider `intune`, derived from the schema. */
export function terraformProviderSchema(): TfProviderSchemaJson {
  const resource_schemas: Record<string, TfSchema> = {};
  for (const type of RESOURCE_TYPES) {
    const def = RESOURCES[type];
    resource_schemas[type] = { version: def.version, block: block(def.attributes, def.description) };
  }
  return {
    format_version: '1.0',
    provider_schemas: {
      [PROVIDER_ADDRESS]: {
        provider: {
          version: 0,
          block: block(PROVIDER_CONFIG, `Provider ${PROVIDER_NAME}: Microsoft Intune certificate profiles through Microsoft Graph (beta).`),
        },
        resource_schemas,
        data_source_schemas: {},
      },
    },
  };
}

export { scalarType as terraformType };
