/**
 * The saved plan (`plan --out`, `apply plan.json`): a proposal, not an order. A plan file passes
 * through hands and artifact stores we do not control, so apply trusts nothing in it but the inputs
 * it re-plans from (run.ts): the changes it shows are only what apply compares its own plan with.
 *
 * | field          | what                                            | apply                                  |
 * |----------------|-------------------------------------------------|----------------------------------------|
 * | intuneScepPlan | the format (2)                                  | older or newer: refused                |
 * | graph          | where the plan's Graph is (GraphEndpoint.identity)| another Graph: refused (cli)           |
 * | inputs         | the stack's intune config as read, the targets  | read again with the config reader;     |
 * |                |                                                 | the plan is made again from it, state  |
 * |                |                                                 | and a fresh refresh                    |
 * | plan           | the plan as reviewed                            | its changes must equal the new plan's  |
 * | digest         | SHA-256 of the rest                             | catches accidents (anyone can recompute)|
 * | signature      | HMAC-SHA-256 of the rest, with the plan key     | with a key: required and checked first |
 *
 * The plan key (INTUNE_SCEP_PLAN_KEY, or --plan-key-file) is a secret shared by the jobs that plan
 * and apply: with it, a plan edited anywhere between them is refused before it is read further.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { DiagnosticError, DiagnosticSchema, hasErrors } from '../rules';
import { RESOURCE_TYPES } from '../schema';
import type { StackDocument } from './config';
import { jsonSyntaxReason } from '../schema';
import type { Plan, ResourceChange } from './model';
import { DeposedObjectSchema, StateResourceSchema, checkStackName, writeJsonAtomic } from '../state';

/** A saved plan cannot be applied; says why. */
export class PlanFileError extends DiagnosticError {
  constructor(detail: string, code = 'plan/unusable') {
    super(
      code,
      code === 'plan/stale'
        ? 'The saved plan is stale'
        : code === 'plan/unverified'
          ? 'The saved plan is not signed with the plan key'
          : 'The saved plan cannot be applied',
      detail,
    );
  }
}

/** Larger plan files are refused before reading: a plan of every profile a tenant can hold is far smaller. */
export const MAX_PLAN_BYTES = 64 * 1024 * 1024;

/** The saved-plan format this intune-scep writes and reads. */
export const PLAN_FILE_FORMAT = 2;

/** The shortest plan key accepted: 32 characters (`openssl rand -hex 32` gives 64). */
export const MIN_PLAN_KEY_LENGTH = 32;

/** What apply makes its plan from: the config as read (its intune part), and the plan's targets. */
export interface PlanInputs {
  readonly config: StackDocument;
  readonly targets?: readonly string[];
}

/** A plan as saved: what it was made from, against which Graph, and the plan as reviewed. */
export interface SavedPlan {
  readonly plan: Plan;
  readonly inputs: PlanInputs;
  /** Where the plan's Graph is (GraphEndpoint.identity): apply refuses a plan made against another. */
  readonly graph: string;
  /** The plan was signed with the plan key (and the signature checked when read). */
  readonly signed?: boolean;
}

const AttributeViewSchema = z.record(z.string(), z.unknown());
const Paths = z.array(z.array(z.union([z.string(), z.number()])));
const DesiredSchema = z.object({ config: AttributeViewSchema, dependsOn: z.array(z.string()), createBeforeDestroy: z.boolean() });
const ChangeBase = {
  address: z.string(),
  type: z.enum(RESOURCE_TYPES),
  name: z.string(),
  changedPaths: Paths,
  reason: z.string().optional(),
  priorDependencies: z.array(z.string()),
  importing: z.boolean().optional(),
};
const NoPaths = z.array(z.never()).max(0);

/** A change as saved: the same invariants per action as ResourceChange (model.ts). */
const ResourceChangeSchema = z.discriminatedUnion('action', [
  z.object({
    ...ChangeBase,
    action: z.literal('create'),
    before: z.null(),
    after: AttributeViewSchema,
    id: z.undefined().optional(),
    desired: DesiredSchema,
    replacePaths: NoPaths,
  }),
  z.object({
    ...ChangeBase,
    action: z.literal('update'),
    before: AttributeViewSchema,
    after: AttributeViewSchema,
    id: z.string(),
    desired: DesiredSchema,
    replacePaths: NoPaths,
  }),
  z.object({
    ...ChangeBase,
    action: z.enum(['create-then-delete', 'delete-then-create']),
    before: AttributeViewSchema,
    after: AttributeViewSchema,
    id: z.string(),
    desired: DesiredSchema,
    replacePaths: Paths.min(1),
  }),
  z.object({
    ...ChangeBase,
    action: z.literal('delete'),
    before: AttributeViewSchema.nullable(),
    after: z.null(),
    id: z.string(),
    desired: z.undefined().optional(),
    replacePaths: NoPaths,
    deposed: z.boolean().optional(),
  }),
  z.object({
    ...ChangeBase,
    action: z.literal('no-op'),
    before: AttributeViewSchema,
    after: AttributeViewSchema,
    id: z.string(),
    desired: DesiredSchema.optional(),
    replacePaths: NoPaths,
  }),
  z.object({
    ...ChangeBase,
    action: z.literal('read'),
    before: AttributeViewSchema.nullable(),
    after: AttributeViewSchema.nullable(),
    id: z.string(),
    desired: DesiredSchema.optional(),
    replacePaths: NoPaths,
  }),
]);

const PlanSchema = z.object({
  formatVersion: z.literal(1),
  stack: z.string(),
  lineage: z.string(),
  serial: z.number().int().nonnegative(),
  mode: z.enum(['normal', 'destroy', 'refresh-only']),
  changes: z.array(ResourceChangeSchema),
  drift: z.array(z.object({ address: z.string(), kind: z.enum(['deleted', 'changed']), paths: Paths, detail: z.string() })),
  diagnostics: z.array(DiagnosticSchema),
  tenantUnread: z.literal(true).optional(),
  groups: z.record(z.string(), z.string()),
  filters: z.record(z.string(), z.string()).optional(),
  names: z.object({ groups: z.record(z.string(), z.string()), filters: z.record(z.string(), z.string()) }).optional(),
  impact: z.array(
    z.object({
      address: z.string(),
      profile: z.string(),
      effect: z.enum(['reissue', 'remove']),
      detail: z.string(),
      devices: z.number().int().nonnegative().optional(),
      users: z.number().int().nonnegative().optional(),
      reportedAt: z.string().optional(),
      unavailable: z.string().optional(),
      unreported: z.string().optional(),
    }),
  ),
  refreshed: z.record(z.string(), z.object({ id: z.string(), attrs: AttributeViewSchema }).nullable()),
  prior: z.object({ resources: z.record(z.string(), StateResourceSchema), deposed: z.array(DeposedObjectSchema) }),
});

/**
 * The schema and model.ts's types say the same: a field added to one and not the other fails the
 * build here (mutual assignability, readonly aside).
 */
type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaIsModel: Same<Mutable<z.infer<typeof PlanSchema>>, Mutable<Plan>> = true;
void schemaIsModel;

/** A saved plan file: every field apply reads is checked, so a damaged plan is refused before anything runs. */
const PlanFileSchema = z.object({
  intuneScepPlan: z.literal(PLAN_FILE_FORMAT),
  graph: z.string(),
  inputs: z.object({
    config: z.object({ resource: z.record(z.string(), z.unknown()), import: z.array(z.unknown()).optional() }),
    targets: z.array(z.string()).optional(),
  }),
  plan: PlanSchema,
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  signature: z
    .string()
    .regex(/^hmac-sha256:[0-9a-f]{64}$/)
    .optional(),
});

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The bytes the digest and the signature cover: the file's content without them, as JSON holds it. */
const sealedText = (sealed: object) => canonical(JSON.parse(JSON.stringify(sealed)));
const digestOf = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const signatureOf = (text: string, key: Buffer) => `hmac-sha256:${createHmac('sha256', key).update(text).digest('hex')}`;

/** A plan key as given (INTUNE_SCEP_PLAN_KEY or a key file's content), checked; never part of a message. */
export function planKey(text: string, source: string): Buffer {
  const key = text.trim();
  if (key.length < MIN_PLAN_KEY_LENGTH) {
    throw new PlanFileError(
      `${source} holds ${key.length} character(s); a plan key needs at least ${MIN_PLAN_KEY_LENGTH} random characters (for example the output of "openssl rand -hex 32"), the same in the job that plans and the job that applies.`,
      'plan/unverified',
    );
  }
  return Buffer.from(key, 'utf8');
}

/**
 * Write a plan for `apply <file>`. A plan with errors is not saved (there is nothing to apply); a
 * config not read from a document (a library caller's hand-made ReadConfigResult) cannot be.
 */
export function savePlan(file: string, saved: Omit<SavedPlan, 'signed'>, key?: Buffer): void {
  if (hasErrors(saved.plan.diagnostics))
    throw new PlanFileError(`the plan has errors, so it was not saved to ${file}: fix them and plan again.`);
  const sealed = { intuneScepPlan: PLAN_FILE_FORMAT, graph: saved.graph, inputs: saved.inputs, plan: saved.plan };
  const text = sealedText(sealed);
  writeJsonAtomic(file, { ...sealed, digest: digestOf(text), ...(key ? { signature: signatureOf(text, key) } : {}) });
}

/**
 * Read a saved plan with the same guards as a config (a regular file, a size cap). With a plan key,
 * the signature is checked before anything else of the file is looked at; then the schema and the
 * digest. Without one, a signed plan is refused (the job that applies must be able to check it).
 */
export function loadPlan(file: string, key?: Buffer): SavedPlan {
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st) throw new PlanFileError(`${file}: no such file. Save a plan with "intune-scep plan --out ${file}" first.`);
  if (!st.isFile()) throw new PlanFileError(`${file} is not a regular file; a saved plan is the file "intune-scep plan --out" wrote.`);
  if (st.size > MAX_PLAN_BYTES)
    throw new PlanFileError(
      `${file} is ${(st.size / 1024 / 1024).toFixed(1)} MiB, larger than any saved plan (${MAX_PLAN_BYTES / 1024 / 1024} MiB); refused unread.`,
    );
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PlanFileError(`cannot read the saved plan ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new PlanFileError(`${file} is not a saved plan: not valid JSON (${jsonSyntaxReason(text, e)}).`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new PlanFileError(
      `${file} is not a plan saved by this intune-scep ("intune-scep plan --out"): not a JSON object. Run plan --out again.`,
    );
  const { digest, signature, ...sealed } = raw as Record<string, unknown>;
  let content: string;
  try {
    content = sealedText(sealed);
  } catch {
    throw new PlanFileError(`${file} is not a saved plan: its values nest too deeply to read.`); // a hostile file; plans are shallow
  }
  if (key) {
    if (typeof signature !== 'string')
      throw new PlanFileError(
        `${file} is not signed, and a plan key is set: apply takes only plans signed with it. Plan with the same key (INTUNE_SCEP_PLAN_KEY or --plan-key-file) and apply that plan.`,
        'plan/unverified',
      );
    const expected = Buffer.from(signatureOf(content, key));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new PlanFileError(
        `${file} does not carry a valid signature of the plan key: it was changed after it was signed, or signed with another key. Nothing was applied; plan again (with this key) and review that plan.`,
        'plan/unverified',
      );
    }
  } else if (signature !== undefined) {
    throw new PlanFileError(
      `${file} is signed, but no plan key is set to check it: set INTUNE_SCEP_PLAN_KEY (or --plan-key-file) to the key the plan was signed with.`,
      'plan/unverified',
    );
  }
  if ((sealed as { formatVersion?: unknown }).formatVersion === 1 && 'target' in sealed) {
    throw new PlanFileError(
      `${file} was saved by an older intune-scep (saved-plan format 1), which apply no longer trusts: it cannot make the plan again from what it records. Run plan --out again.`,
    );
  }
  const format = (raw as { intuneScepPlan?: unknown }).intuneScepPlan;
  if (format === undefined && ('resource' in raw || 'terraform' in raw))
    throw new PlanFileError(`${file} is a synthesized stack (a cdk.tf.json), not a saved plan: "intune-scep plan --out FILE" saves one.`);
  if (format === undefined)
    throw new PlanFileError(
      `${file} is not a plan saved by intune-scep: it has no "intuneScepPlan" field, which every saved plan starts with. "intune-scep plan --out FILE" saves one.`,
    );
  if (typeof format === 'number' && Number.isInteger(format) && format > PLAN_FILE_FORMAT)
    throw new PlanFileError(
      `${file} was saved by a newer intune-scep (saved-plan format ${format}; this one reads format ${PLAN_FILE_FORMAT}): show and apply it with the intune-scep that planned it, or plan again with this one.`,
    );
  const parsed = PlanFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PlanFileError(
      `${file} is not a plan saved by this intune-scep ("intune-scep plan --out"): ${issue?.path.join('.') || 'top level'}: ${issue?.message}. Run plan --out again.`,
    );
  }
  if (digestOf(content) !== digest)
    throw new PlanFileError(
      `${file} was changed after "intune-scep plan --out" saved it (its digest does not match its content). Apply only plans as saved: run plan --out again.`,
    );
  const { plan, inputs, graph } = parsed.data;
  try {
    checkStackName(plan.stack, `${file}: stack`);
  } catch (e) {
    throw new PlanFileError((e as Error).message);
  }
  if (hasErrors(plan.diagnostics))
    throw new PlanFileError(`${file} holds a plan with errors; there is nothing to apply. Fix them and plan again.`);
  return { plan: plan as unknown as Plan, inputs: inputs as PlanInputs, graph, signed: key !== undefined };
}

/** Where the plan made at apply differs from the plan as saved, in words; undefined when they agree. */
export function planDifference(saved: Plan, fresh: Plan): string | undefined {
  if (saved.mode !== fresh.mode) return `it is a ${saved.mode} plan, and the inputs now give a ${fresh.mode} one`;
  const keyOf = (c: ResourceChange) => (c.action === 'delete' && c.deposed ? `${c.address} (deposed object ${c.id})` : c.address);
  const index = (changes: readonly ResourceChange[]) => new Map(changes.map((c) => [keyOf(c), c]));
  const before = index(saved.changes);
  const now = index(fresh.changes);
  const verb = (c: ResourceChange) => (c.action === 'no-op' ? 'no change' : c.importing ? `${c.action} (import)` : c.action);
  const differences: string[] = [];
  // A change listed twice (an edited file) is shown twice and made once: not the plan that applies.
  const seen = new Set<string>();
  for (const c of saved.changes) {
    const key = keyOf(c);
    if (seen.has(key)) differences.push(`${key}: the plan lists it twice`);
    seen.add(key);
  }
  for (const [key, c] of before) {
    const n = now.get(key);
    if (!n) differences.push(`${key}: the plan shows ${verb(c)}, and it is no longer planned`);
    else if (verb(n) !== verb(c)) differences.push(`${key}: the plan shows ${verb(c)}, and it would now be ${verb(n)}`);
    else if (canonical(JSON.parse(JSON.stringify(n))) !== canonical(JSON.parse(JSON.stringify(c)))) {
      const attrs = [
        ...new Set([
          ...Object.keys(c.before ?? {}),
          ...Object.keys(c.after ?? {}),
          ...Object.keys(n.before ?? {}),
          ...Object.keys(n.after ?? {}),
        ]),
      ].filter(
        (k) =>
          canonical(c.before?.[k] ?? null) !== canonical(n.before?.[k] ?? null) ||
          canonical(c.after?.[k] ?? null) !== canonical(n.after?.[k] ?? null),
      );
      differences.push(`${key}: the ${verb(c)} is not the one the plan shows${attrs.length ? ` (${attrs.sort().join(', ')})` : ''}`);
    }
  }
  for (const [key, n] of now) if (!before.has(key)) differences.push(`${key}: it would now be ${verb(n)}, which the plan does not show`);
  if (differences.length === 0) return undefined;
  return `${differences.slice(0, 3).join('; ')}${differences.length > 3 ? `; and ${differences.length - 3} more` : ''}`;
}

/**
 * Where the config a saved plan recorded differs from `checkout`, the stack as the checkout that
 * applies it reads it (the source apply trusts); undefined when they are the same. A plan made from
 * another commit, a rejected pull request, or an edited file differs.
 */
export function configDifference(recorded: StackDocument, checkout: StackDocument): string | undefined {
  const differences: string[] = [];
  const types = [...new Set([...Object.keys(recorded.resource), ...Object.keys(checkout.resource)])].sort();
  const bodies = (doc: StackDocument, type: string) => {
    const v = doc.resource[type];
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  };
  for (const type of types) {
    const a = bodies(recorded, type);
    const b = bodies(checkout, type);
    for (const name of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (!Object.hasOwn(b, name)) differences.push(`${type}.${name} is in the plan's config, not in this checkout's`);
      else if (!Object.hasOwn(a, name)) differences.push(`${type}.${name} is in this checkout's config, not in the plan's`);
      else if (canonical(a[name]) !== canonical(b[name])) differences.push(`${type}.${name} differs`);
    }
  }
  if (canonical(recorded.import ?? []) !== canonical(checkout.import ?? [])) differences.push('the import blocks differ');
  if (differences.length === 0) return undefined;
  return `${differences.slice(0, 3).join('; ')}${differences.length > 3 ? `; and ${differences.length - 3} more` : ''}`;
}
