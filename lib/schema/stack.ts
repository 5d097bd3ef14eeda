/**
 * A stack as the rules and the engine see it: resources of our three types with the attributes the
 * user set, and the references between them. Built by the engine's config reader.
 */
import type { Attrs } from './attributes';
import { Expression } from './expression';
import type { ResourceType } from './resources';

/**
 * What the L2 constructs write at `//.intune-scep` of each resource they make (a JSON comment to
 * Terraform): the config reader marks such a resource `l2`, and diagnostics about it speak the
 * constructs' words (rules/typescript.ts).
 */
export const L2_MARKER = 'l2';
/** The mark of a resource a CertificateDeployment made (through the L2 construct of its platform). */
export const L2_DEPLOYMENT_MARKER = 'l2-deployment';

/**
 * Set to "1" by intune-scep in the environment of an app it synthesizes: it runs the rule catalog on
 * the synthesized stack itself, so the constructs report only their own problems (constructs/validation.ts).
 */
export const CLI_VALIDATES_ENV = 'INTUNE_SCEP_VALIDATES_STACK';

export interface StackResource {
  /** `type.name`, e.g. `intune_scep_certificate_profile.wifi`. */
  readonly address: string;
  readonly type: ResourceType;
  readonly name: string;
  /**
   * Attributes as values (expression.ts), meta-arguments removed: strings are text, what Terraform
   * would evaluate is an Expression, and a reference attribute holds a Graph id or a `${type.name.id}`.
   */
  readonly attrs: Attrs;
  /** The construct path CDKTF recorded in `//.metadata.path`, when there is one. */
  readonly constructPath?: string;
  /**
   * An L2 construct of intune-scep made it (`//.intune-scep` = "l2"), inside a CertificateDeployment
   * ("l2-deployment"): diagnostics speak the props of the construct its author wrote.
   */
  readonly l2?: 'construct' | 'deployment';
}

export interface Reference {
  readonly type: string;
  readonly name: string;
  readonly attribute: string;
  /** `type.name` */
  readonly address: string;
}

/**
 * A value that is another intune resource's attribute (`${intune_cloud_pki_issuing_ca.ca.scep_server_url}`
 * as a whole string, or a whole element of a list): the engine resolves it, unknown until the
 * resource exists ("(known after apply)"), and orders apply by it. An Expression to everything
 * else (the rules skip it as unknown).
 */
export class AttributeReference extends Expression {
  constructor(
    text: string,
    readonly ref: Reference,
  ) {
    super(text);
  }
}

export const isAttributeReference = (v: unknown): v is AttributeReference => v instanceof AttributeReference;

const WHOLE_REFERENCE = /^\$\{([a-zA-Z_][\w-]*)\.([a-zA-Z_][\w-]*)\.([a-zA-Z_][\w]*)\}$/;
/** Not after a `$`: `$${a.b.c}` is Terraform's escape for the text `${a.b.c}`, no reference. */
const ANY_REFERENCE = /(?<!\$)\$\{([a-zA-Z_][\w-]*)\.([a-zA-Z_][\w-]*)\.([a-zA-Z_][\w]*)\}/g;

/** The reference when `value` is exactly one `${type.name.attr}`, else undefined. */
export function parseReference(value: unknown): Reference | undefined {
  if (typeof value !== 'string') return undefined;
  const m = WHOLE_REFERENCE.exec(value);
  if (!m) return undefined;
  const [, type, name, attribute] = m as unknown as [string, string, string, string];
  return { type, name, attribute, address: `${type}.${name}` };
}

/** Every `${type.name.attr}` inside a config-form value (strings, lists, objects), in order. */
export function findReferences(value: unknown): Reference[] {
  const found: Reference[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(ANY_REFERENCE)) {
        const [, type, name, attribute] = m as unknown as [string, string, string, string];
        found.push({ type, name, attribute, address: `${type}.${name}` });
      }
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return found;
}
