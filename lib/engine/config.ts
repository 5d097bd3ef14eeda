/**
 * Config reader: synthesized Terraform JSON (`cdk.tf.json`) → the stack's intune resources, their
 * meta-arguments and dependencies, and diagnostics for everything it cannot read.
 *
 * It reads `resource.<type>.<name>` for our three types; other providers' resources are left alone
 * (references to them are values unknown before apply). It does not evaluate Terraform, but reads its
 * strings as Terraform does (schema/expression.ts): `$${` and `%%{` are the text `${` and `%{`, and
 * the attributes it returns are text; what Terraform would evaluate becomes an Expression, except a
 * `${type.name.id}` reference in a reference attribute, which the engine resolves itself, and a whole
 * `${type.name.attribute}` of a resource of the stack elsewhere, an AttributeReference (resolved by
 * the engine too: engine/references.ts).
 *
 * | meta-argument      | read as                                                       |
 * |--------------------|---------------------------------------------------------------|
 * | depends_on         | extra dependencies (`type.name` strings)                      |
 * | lifecycle          | prevent_destroy, ignore_changes, create_before_destroy        |
 * | provider, //       | ignored (`//.metadata.path` kept as the construct path, and   |
 * |                    | `//.intune-scep` as the mark of an L2 construct's resource)   |
 * | count, for_each, … | refused: config/unsupported-meta-argument                     |
 */
import {
  AttributeReference,
  Expression,
  L2_DEPLOYMENT_MARKER,
  L2_MARKER,
  REFERENCE_TARGETS,
  RESOURCES,
  RESOURCE_SCHEMAS,
  RESOURCE_TYPES,
  findReferences,
  isResourceType,
  isTemplate,
  parseReference,
  templateText,
  type ResourceType,
  type StackResource,
} from '../schema';
import { closest, diagnostic, show, type Diagnostic } from '../rules';
import { schemaDiagnostics } from './schema-diagnostics';

export interface Lifecycle {
  readonly preventDestroy: boolean;
  /** Attribute names, or 'all'. */
  readonly ignoreChanges: readonly string[] | 'all';
  /** Undefined: the type's default (true for profiles and roots). */
  readonly createBeforeDestroy: boolean | undefined;
}

export interface ConfigResource extends StackResource {
  readonly lifecycle: Lifecycle;
  /** Addresses this resource depends on: references in its attributes plus depends_on. Sorted. */
  readonly dependsOn: readonly string[];
}

export interface ReadConfigResult {
  readonly resources: readonly ConfigResource[];
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Terraform `import` blocks for the stack's resources (CDKTF's importFrom): the object to adopt at
   * an address that state does not hold yet.
   */
  readonly imports?: readonly { readonly address: string; readonly id: string }[];
  /**
   * The part of the document this was read from that the engine reads (the intune resources and
   * import blocks): a saved plan records it, and apply reads it again with this same reader.
   */
  readonly document?: StackDocument;
}

/** The intune part of a cdk.tf.json: `resource.intune_*` and the import blocks into them. */
export interface StackDocument {
  readonly resource: Readonly<Record<string, unknown>>;
  readonly import?: readonly unknown[];
}

const IGNORED_META = new Set(['provider', '//']);
const UNSUPPORTED_META = new Set(['count', 'for_each', 'provisioner', 'connection']);
/** Terraform's identifier: what a resource name may be (CDKTF's names are of this form). */
const RESOURCE_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,255}$/;
/** Deeper values are refused before any recursive walk sees them. */
const MAX_DEPTH = 32;

/** A JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Depth of a JSON value, without recursion (hostile input may nest thousands deep). */
function depthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (d > limit) return true;
    if (v && typeof v === 'object') for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return false;
}

function readLifecycle(raw: unknown, address: string, out: Diagnostic[]): Lifecycle {
  const lifecycle: { preventDestroy: boolean; ignoreChanges: string[] | 'all'; createBeforeDestroy: boolean | undefined } = {
    preventDestroy: false,
    ignoreChanges: [],
    createBeforeDestroy: undefined,
  };
  if (raw === undefined || raw === null) return lifecycle;
  if (!isObject(raw)) {
    out.push(
      diagnostic(
        'config/invalid-meta-argument',
        address,
        ['lifecycle'],
        `lifecycle = ${show(raw)}; expected an object with prevent_destroy, ignore_changes, create_before_destroy.`,
      ),
    );
    return lifecycle;
  }
  const type = address.slice(0, address.indexOf('.')) as ResourceType;
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'prevent_destroy' || key === 'create_before_destroy') {
      if (typeof value !== 'boolean') {
        out.push(
          diagnostic(
            'config/invalid-meta-argument',
            address,
            ['lifecycle', key],
            `lifecycle.${key} = ${show(value)}; expected true or false.`,
          ),
        );
      } else if (key === 'prevent_destroy') lifecycle.preventDestroy = value;
      else lifecycle.createBeforeDestroy = value;
    } else if (key === 'ignore_changes') {
      if (value === 'all') lifecycle.ignoreChanges = 'all';
      else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
        const names = value as string[];
        names.forEach((name, i) => {
          if (!(name in RESOURCES[type].attributes)) {
            const guess = closest(name, Object.keys(RESOURCES[type].attributes));
            out.push(
              diagnostic(
                'config/invalid-meta-argument',
                address,
                ['lifecycle', 'ignore_changes', i],
                `lifecycle.ignore_changes names ${show(name)}, which is not an attribute of ${type}.${guess ? ` Did you mean "${guess}"?` : ''}`,
              ),
            );
          }
        });
        lifecycle.ignoreChanges = names;
      } else {
        out.push(
          diagnostic(
            'config/invalid-meta-argument',
            address,
            ['lifecycle', 'ignore_changes'],
            `lifecycle.ignore_changes = ${show(value)}; expected a list of attribute names or "all".`,
          ),
        );
      }
    } else if (key === 'replace_triggered_by' || key === 'precondition' || key === 'postcondition') {
      out.push(
        diagnostic(
          'config/unsupported-meta-argument',
          address,
          ['lifecycle', key],
          `lifecycle.${key} is not supported by intune-scep's engine. Remove it, or run the stack through Terraform with the intune provider.`,
        ),
      );
    } else {
      out.push(
        diagnostic(
          'config/invalid-meta-argument',
          address,
          ['lifecycle', key],
          `lifecycle has no setting ${show(key)}; use prevent_destroy, ignore_changes or create_before_destroy.`,
        ),
      );
    }
  }
  return lifecycle;
}

/** Read one parsed cdk.tf.json document. Never throws for bad input. */
export function readConfig(doc: unknown): ReadConfigResult {
  const diagnostics: Diagnostic[] = [];
  if (!isObject(doc)) {
    diagnostics.push(
      diagnostic(
        'config/not-an-object',
        '',
        [],
        `the configuration is ${Array.isArray(doc) ? 'an array' : show(doc)}; expected the cdk.tf.json object that "cdktf synth" writes, with a "resource" key.`,
      ),
    );
    return { resources: [], diagnostics };
  }
  const resourceBlock = doc.resource;
  if (resourceBlock !== undefined && !isObject(resourceBlock)) {
    diagnostics.push(
      diagnostic(
        'config/invalid-structure',
        '',
        ['resource'],
        `"resource" is ${show(resourceBlock)}; expected an object of resource types.`,
      ),
    );
    return { resources: [], diagnostics };
  }

  const drafts: { type: ResourceType; name: string; body: Record<string, unknown> }[] = [];
  for (const [type, byName] of Object.entries(resourceBlock ?? {})) {
    if (!type.startsWith('intune_')) continue;
    if (!isResourceType(type)) {
      const guess = closest(type, RESOURCE_TYPES);
      diagnostics.push(
        diagnostic(
          'config/unknown-resource-type',
          type,
          [],
          `resource type ${show(type)} is not one of ${RESOURCE_TYPES.join(', ')}.${guess ? ` Did you mean "${guess}"?` : ''}`,
        ),
      );
      continue;
    }
    if (!isObject(byName)) {
      diagnostics.push(
        diagnostic('config/invalid-structure', type, [], `resource.${type} is ${show(byName)}; expected an object of named resources.`),
      );
      continue;
    }
    for (const [name, body] of Object.entries(byName)) {
      const address = `${type}.${name}`;
      if (!RESOURCE_NAME.test(name)) {
        // A name is part of every address a plan, a comment or a log shows: it is an identifier, never text.
        diagnostics.push(
          diagnostic(
            'config/invalid-name',
            type,
            [],
            `resource name ${show(name)} of ${type} is not a Terraform identifier (a letter or underscore, then letters, digits, underscores or hyphens, at most 256). Rename the resource (the construct id in a CDKTF app).`,
          ),
        );
      } else if (!isObject(body)) {
        diagnostics.push(
          diagnostic('config/invalid-structure', address, [], `${address} is ${show(body)}; expected an object of attributes.`),
        );
      } else if (depthExceeds(body, MAX_DEPTH)) {
        diagnostics.push(
          diagnostic(
            'config/invalid-structure',
            address,
            [],
            `${address} nests values more than ${MAX_DEPTH} levels deep; no attribute of ${type} does.`,
          ),
        );
      } else {
        drafts.push({ type, name, body });
      }
    }
  }

  const addresses = new Map(drafts.map((d) => [`${d.type}.${d.name}`, d.type]));
  const resources: ConfigResource[] = [];
  for (const { type, name, body } of drafts) {
    const address = `${type}.${name}`;
    const attrs: Record<string, unknown> = {};
    const deps = new Set<string>();
    let lifecycle: Lifecycle = { preventDestroy: false, ignoreChanges: [], createBeforeDestroy: undefined };
    let constructPath: string | undefined;
    let l2: 'construct' | 'deployment' | undefined;
    for (const [key, value] of Object.entries(body)) {
      if (key === 'lifecycle') lifecycle = readLifecycle(value, address, diagnostics);
      else if (key === 'depends_on') {
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
          diagnostics.push(
            diagnostic(
              'config/invalid-meta-argument',
              address,
              ['depends_on'],
              `depends_on = ${show(value)}; expected a list of resource addresses such as "intune_trusted_root_certificate.root".`,
            ),
          );
        } else {
          value.forEach((dep: string, i) => {
            const target = dep.replace(/^\$\{(.*)\}$/, '$1');
            if (addresses.has(target)) deps.add(target);
            else if (target.startsWith('intune_'))
              diagnostics.push(
                diagnostic(
                  'config/invalid-reference',
                  address,
                  ['depends_on', i],
                  `depends_on names ${show(dep)}, which is not a resource of this stack.`,
                ),
              );
          });
        }
      } else if (key === '//') {
        const path = isObject(value) && isObject(value.metadata) ? value.metadata.path : undefined;
        if (typeof path === 'string') constructPath = path;
        const mark = isObject(value) ? value['intune-scep'] : undefined;
        l2 = mark === L2_MARKER ? 'construct' : mark === L2_DEPLOYMENT_MARKER ? 'deployment' : undefined;
      } else if (IGNORED_META.has(key)) continue;
      else if (UNSUPPORTED_META.has(key)) {
        diagnostics.push(
          diagnostic(
            'config/unsupported-meta-argument',
            address,
            [key],
            `${key} is not supported by intune-scep's engine; declare each resource on its own (a loop in the CDKTF app does this).`,
          ),
        );
      } else attrs[key] = value;
    }

    const parsed = RESOURCE_SCHEMAS[type].safeParse(attrs, { reportInput: true });
    if (!parsed.success) diagnostics.push(...schemaDiagnostics(type, address, parsed.error.issues));

    for (const [attribute, value] of Object.entries(attrs)) {
      for (const ref of findReferences(value)) {
        if (!ref.type.startsWith('intune_')) continue;
        const targetType = addresses.get(ref.address);
        const allowed = Object.hasOwn(REFERENCE_TARGETS, attribute) ? REFERENCE_TARGETS[attribute] : undefined;
        if (ref.address === address) {
          diagnostics.push(
            diagnostic(
              'config/invalid-reference',
              address,
              [attribute],
              `${attribute} refers to ${ref.address} itself; a resource cannot take its own attributes. Write the value.`,
            ),
          );
        } else if (!targetType) {
          diagnostics.push(
            diagnostic(
              'config/invalid-reference',
              address,
              [attribute],
              `${attribute} refers to ${ref.address}, which is not a resource of this stack.`,
            ),
          );
        } else if (allowed && !allowed.includes(targetType)) {
          diagnostics.push(
            diagnostic(
              'config/invalid-reference',
              address,
              [attribute],
              `${attribute} refers to ${ref.address}, a ${targetType}; it must refer to ${allowed.join(' or ')}.`,
            ),
          );
        } else if (ref.attribute !== 'id' && allowed) {
          diagnostics.push(
            diagnostic(
              'config/invalid-reference',
              address,
              [attribute],
              `${attribute} refers to ${ref.address}.${ref.attribute}; use ${ref.address}.id.`,
            ),
          );
        } else if (!Object.hasOwn(RESOURCES[targetType].attributes, ref.attribute)) {
          const guess = closest(ref.attribute, Object.keys(RESOURCES[targetType].attributes));
          diagnostics.push(
            diagnostic(
              'config/invalid-reference',
              address,
              [attribute],
              `${attribute} refers to ${ref.address}.${ref.attribute}, but ${targetType} has no attribute ${show(ref.attribute)}.${guess ? ` Did you mean "${guess}"?` : ''}`,
            ),
          );
        } else deps.add(ref.address);
      }
    }
    deps.delete(address);
    resources.push({
      address,
      type,
      name,
      attrs: valuesOf(attrs, address, addresses, diagnostics),
      lifecycle,
      dependsOn: [...deps].sort(),
      ...(constructPath !== undefined ? { constructPath } : {}),
      ...(l2 ? { l2 } : {}),
    });
  }
  const imports = readImports(doc.import, addresses, diagnostics);
  const document: StackDocument = {
    resource: Object.fromEntries(Object.entries(resourceBlock ?? {}).filter(([type]) => type.startsWith('intune_'))),
    ...(Array.isArray(doc.import)
      ? { import: doc.import.filter((b) => isObject(b) && typeof b.to === 'string' && b.to.startsWith('intune_')) }
      : {}),
  };
  return { resources, diagnostics, ...(imports.length ? { imports } : {}), document };
}

/**
 * The attributes as values (schema/expression.ts): a string whose reading evaluates nothing is the
 * text Terraform reads it as; anything Terraform would evaluate is an Expression, but for a
 * whole `${type.name.attr}` reference in a reference attribute, kept as the string the engine resolves.
 * Text there that reads like one (`$${intune_x.y.id}`) is refused: those attributes hold ids.
 */
function valuesOf(
  attrs: Record<string, unknown>,
  address: string,
  addresses: ReadonlyMap<string, ResourceType>,
  diagnostics: Diagnostic[],
): Record<string, unknown> {
  /** A whole `${intune_x.y.attr}` naming an attribute of a resource of the stack. */
  const attributeReference = (v: string) => {
    const ref = parseReference(v);
    const type = ref ? addresses.get(ref.address) : undefined;
    return ref && type && Object.hasOwn(RESOURCES[type].attributes, ref.attribute) ? new AttributeReference(v, ref) : undefined;
  };
  const value = (v: unknown): unknown => {
    if (typeof v === 'string') return templateText(v) ?? attributeReference(v) ?? new Expression(v);
    if (Array.isArray(v)) return v.map(value);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value(x)]));
    return v;
  };
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(attrs)) {
    const reference = Object.hasOwn(REFERENCE_TARGETS, name);
    if (reference && parseReference(v)) {
      out[name] = v;
      continue;
    }
    const text = (out[name] = value(v));
    if (reference && typeof text === 'string' && isTemplate(text)) {
      diagnostics.push(
        diagnostic(
          'config/invalid-reference',
          address,
          [name],
          `${name} = ${show(v)} is the text ${show(text)}, neither a Graph id nor a reference; write "\${intune_<type>.<name>.id}" (or, in a construct, pass the construct).`,
        ),
      );
    }
  }
  return out;
}

/** `import: [{to, id}]` blocks that name an intune resource of the stack; others are Terraform's business. */
function readImports(
  block: unknown,
  addresses: ReadonlyMap<string, ResourceType>,
  diagnostics: Diagnostic[],
): { address: string; id: string }[] {
  if (block === undefined) return [];
  if (!Array.isArray(block)) {
    diagnostics.push(
      diagnostic(
        'config/invalid-structure',
        '',
        ['import'],
        `"import" is ${show(block)}; expected a list of {"to": ADDRESS, "id": ID} blocks.`,
      ),
    );
    return [];
  }
  const out: { address: string; id: string }[] = [];
  block.forEach((b, i) => {
    const to = isObject(b) ? b.to : undefined;
    if (typeof to !== 'string' || !to.startsWith('intune_')) return;
    const id = isObject(b) ? b.id : undefined;
    if (!addresses.has(to))
      diagnostics.push(
        diagnostic(
          'config/invalid-reference',
          to,
          ['import', i],
          `import block ${i} adopts ${show(to)}, which is not a resource of this stack.`,
        ),
      );
    else if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id))
      diagnostics.push(
        diagnostic(
          'config/invalid-meta-argument',
          to,
          ['import', i],
          `import block ${i} for ${to} has id ${show(id)}; expected the Graph id (a GUID) of the object to adopt.`,
        ),
      );
    else if (out.some((x) => x.address === to))
      diagnostics.push(diagnostic('config/invalid-meta-argument', to, ['import', i], `two import blocks adopt ${to}; keep one.`));
    else out.push({ address: to, id });
  });
  return out;
}
