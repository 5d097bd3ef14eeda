/**
 * The provider's answer to GetProviderSchema, in tfplugin6's shape. Its own module, loaded without
 * the rest of the provider: Terraform starts the provider once per command only to read this schema
 * (then stops it), and that start need not load the Graph client, the rules and zod (server.ts).
 */
import { PROVIDER_ADDRESS, terraformProviderSchema, type TfAttribute, type TfSchema } from '../schema/terraform-schema';

type Obj = Record<string, unknown>;

interface ProtoAttribute {
  name: string;
  type?: Buffer;
  nested_type?: { attributes: ProtoAttribute[]; nesting: number };
  description: string;
  description_kind: number;
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
}

const NESTING_LIST = 2;

function attribute(name: string, a: TfAttribute): ProtoAttribute {
  return {
    name,
    ...(a.nested_type
      ? { nested_type: { attributes: Object.entries(a.nested_type.attributes).map(([n, f]) => attribute(n, f)), nesting: NESTING_LIST } }
      : { type: Buffer.from(JSON.stringify(a.type)) }),
    description: a.description,
    description_kind: 0,
    required: a.required === true,
    optional: a.optional === true,
    computed: a.computed === true,
    sensitive: a.sensitive === true,
  };
}

function schema(s: TfSchema): Obj {
  return {
    version: s.version,
    block: {
      version: s.version,
      attributes: Object.entries(s.block.attributes).map(([n, a]) => attribute(n, a)),
      description: s.block.description,
      description_kind: 0,
    },
  };
}

let cached: Obj | undefined;

/** The GetProviderSchema response (built once per process). */
export function providerSchemaResponse(): Obj {
  if (!cached) {
    const s = terraformProviderSchema().provider_schemas[PROVIDER_ADDRESS];
    if (!s) throw new Error('provider schema missing');
    cached = {
      provider: schema(s.provider),
      resource_schemas: Object.fromEntries(Object.entries(s.resource_schemas).map(([n, r]) => [n, schema(r)])),
      data_source_schemas: {},
      diagnostics: [],
      server_capabilities: { plan_destroy: true, get_provider_schema_optional: true },
    };
  }
  return cached;
}
