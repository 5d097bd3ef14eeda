/**
 * State's format: what the engine knows exists, one document per stack (locally
 * `.intune-scep/state/<stack>.json`; journal.ts, lock.ts and the backends keep it).
 *
 * | field     | meaning                                                                  |
 * |-----------|--------------------------------------------------------------------------|
 * | version   | file format; a newer one is refused, never overwritten                   |
 * | serial    | bumped on every write; a saved plan records it and refuses a stale state |
 * | lineage   | uuid fixed when the state is created                                     |
 * | tenant    | the Entra tenant of the objects (absent against a mock); another refused |
 * | resources | per address: type, Graph id, attributes as last read, the config applied,|
 * |           | dependencies, create_before_destroy                                      |
 * | deposed   | old objects of replacements, set aside when their new object was about   |
 * |           | to be created and not yet deleted: the next plan deletes them             |
 * | pending   | creates sent but not yet recorded: the next run finds and adopts them    |

 */
import { z } from 'zod';
import { DiagnosticError } from '../rules';
import { RESOURCE_TYPES, jsonSyntaxReason } from '../schema';

/** The format written. Version 1 (no `deposed`) is read too, and written as 2 on the next write. */
export const STATE_VERSION = 2;

const AttrsSchema = z.record(z.string(), z.unknown());

export const StateResourceSchema = z.object({
  type: z.enum(RESOURCE_TYPES),
  /** Graph object id (for an assignment: its profile's id). */
  id: z.string(),
  /** Attributes as last read from Graph (our attribute form, computed ones included). */
  attrs: AttrsSchema,
  /** The configuration applied last: attributes the stack manages. */
  config: AttrsSchema,
  dependencies: z.array(z.string()),
  createBeforeDestroy: z.boolean(),
});

export type StateResource = z.infer<typeof StateResourceSchema>;

/**
 * A resource address as a stack makes it (`type.name`, engine/config.ts's names): state is read back
 * from a file or a blob, and its addresses go into messages and the commands they suggest
 * (`intune-scep state rm <address>`), so one that is anything else is damage, not an address.
 */
export const AddressSchema = z
  .string()
  .regex(new RegExp(`^(${RESOURCE_TYPES.join('|')})\\.[A-Za-z_][A-Za-z0-9_-]{0,255}$`), 'not a resource address (type.name)');

export const PendingCreateSchema = z.object({
  address: AddressSchema,
  type: z.enum(RESOURCE_TYPES),
  odataType: z.string(),
  displayName: z.string(),
  /** When the create was sent (ms since epoch): the object, if made, was created after it. */
  startedAt: z.number(),
  config: AttrsSchema,
  dependencies: z.array(z.string()),
  createBeforeDestroy: z.boolean(),
});

export type PendingCreate = z.infer<typeof PendingCreateSchema>;

/**
 * The old object of a replacement (Terraform's deposed object): create-then-delete sets it aside
 * before the new object is created, so that a crash at any point leaves it known, and deleted by
 * the next run, instead of orphaned.
 */
export const DeposedObjectSchema = z.object({
  address: AddressSchema,
  resource: StateResourceSchema,
});

export type DeposedObject = z.infer<typeof DeposedObjectSchema>;

export const StateSchema = z.object({
  version: z.literal(STATE_VERSION),
  serial: z.number().int().nonnegative(),
  /** Empty until the state is first written (a plan made against no state records ''). */
  lineage: z.union([z.uuid(), z.literal('')]),
  stack: z.string(),
  /** The Entra tenant the objects are in (absent for a mock): a run against another tenant is refused. */
  tenant: z.string().optional(),
  resources: z.record(AddressSchema, StateResourceSchema),
  deposed: z.array(DeposedObjectSchema),
  pending: z.array(PendingCreateSchema),
});

export type State = z.infer<typeof StateSchema>;

/** The state cannot be used; the message names the file, what is wrong and what to do. */
export class StateError extends DiagnosticError {
  constructor(detail: string, code = 'state/unusable', summary = 'The state cannot be used') {
    super(code, summary, detail);
  }
}

/**
 * A stack's name is a name, never a path: it names the state file (`<stack>.json`), so only letters,
 * digits, `.`, `_` and `-`, starting with a letter or digit, at most 128 characters.
 */
export const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Throws StateError naming where the bad name came from (a flag, a plan file, a state file, cdktf.out). */
export function checkStackName(name: string, source: string): string {
  if (!STACK_NAME.test(name)) {
    throw new StateError(
      `${source}: ${JSON.stringify(name.slice(0, 200))} is not a stack name. A stack name has letters, digits, ".", "_" and "-", starts with a letter or digit, and is at most 128 characters.`,
    );
  }
  return name;
}

/** The state entry at `address`, looked up as the state's own key (never `constructor`, `__proto__`, ...). */
export function stateResource(state: Pick<State, 'resources'>, address: string): StateResource | undefined {
  return Object.hasOwn(state.resources, address) ? state.resources[address] : undefined;
}

/**
 * The attributes whose values differ between what state recorded and what the tenant holds, sorted.
 * One comparison for drift, refresh-only and apply's record of what refresh read.
 */
export function differingAttributes(recorded: Readonly<Record<string, unknown>>, now: Readonly<Record<string, unknown>>): string[] {
  return [...new Set([...Object.keys(recorded), ...Object.keys(now)])]
    .filter((k) => JSON.stringify(recorded[k]) !== JSON.stringify(now[k]))
    .sort();
}

/** The state of a stack that has none yet: serial 0, lineage fixed at the first write. */
export function emptyState(stack: string): State {
  return { version: STATE_VERSION, serial: 0, lineage: '', stack, resources: {}, deposed: [], pending: [] };
}

/** A snapshot's text, checked (JSON, format version, schema, stack) and migrated; `file` names it in errors. */
export function parseState(text: string, file: string, stack: string): State {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new StateError(
      `the state ${file} is not valid JSON (${jsonSyntaxReason(text, e)}). It was left untouched; restore it from a backup or version control.`,
    );
  }
  const version = (raw as { version?: unknown })?.version;
  if (typeof version === 'number' && version === 1 && raw && typeof raw === 'object')
    raw = { deposed: [], ...(raw as object), version: STATE_VERSION };
  if (typeof version === 'number' && version > STATE_VERSION) {
    throw new StateError(
      `the state ${file} has format version ${version}, newer than this intune-scep understands (${STATE_VERSION}). Upgrade intune-scep; the file was left untouched.`,
    );
  }
  const parsed = StateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StateError(
      `the state ${file} is damaged (${issue?.path.join('.') || 'top level'}: ${issue?.message}). It was left untouched; restore it from a backup or version control.`,
    );
  }
  // A state file copied to another stack's name would have that stack plan to destroy its objects.
  if (parsed.data.stack !== stack) {
    throw new StateError(
      `the state ${file} belongs to stack ${JSON.stringify(parsed.data.stack)}, not ${JSON.stringify(stack)}. It was left untouched; use --stack ${JSON.stringify(parsed.data.stack)}, or move the file back.`,
    );
  }
  return parsed.data;
}
