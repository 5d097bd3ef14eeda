/**
 * State: what the engine knows exists, one file per stack (`.intune-scep/state/<stack>.json`).
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
 *
 * Durability: the snapshot is written atomically (temp file, fsync, rename); between snapshots each
 * change (a resource recorded or removed, a pending create added or cleared) is appended to
 * `<state>.journal` as one line carrying the new serial, before the run goes on. Reading replays
 * the journal over the snapshot (a torn last line, from a crash mid-append, is dropped). So a
 * crash at any moment loses nothing, and a large apply does not rewrite megabytes per object.
 * A lock file (`<state>.lock`, created exclusively) names the run holding it.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, constants, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, readlinkSync, renameSync, rmSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import { DiagnosticError } from '../rules';
import { RESOURCE_TYPES } from '../schema';
import { jsonSyntaxReason } from './json-error';

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

export const PendingCreateSchema = z.object({
  address: z.string(),
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
  address: z.string(),
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
  resources: z.record(z.string(), StateResourceSchema),
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
    throw new StateError(`${source}: ${JSON.stringify(name.slice(0, 200))} is not a stack name. A stack name has letters, digits, ".", "_" and "-", starts with a letter or digit, and is at most 128 characters.`);
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
  return [...new Set([...Object.keys(recorded), ...Object.keys(now)])].filter((k) => JSON.stringify(recorded[k]) !== JSON.stringify(now[k])).sort();
}

/** The state of a stack that has none yet: serial 0, lineage fixed at the first write. */
export function emptyState(stack: string): State {
  return { version: STATE_VERSION, serial: 0, lineage: '', stack, resources: {}, deposed: [], pending: [] };
}

export const JournalEntrySchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put'), serial: z.number(), lineage: z.string(), address: z.string(), resource: StateResourceSchema }),
  z.object({ op: z.literal('remove'), serial: z.number(), lineage: z.string(), address: z.string() }),
  z.object({ op: z.literal('pending'), serial: z.number(), lineage: z.string(), pending: z.array(PendingCreateSchema) }),
  /** The object at `address` becomes deposed (its replacement is about to be created). */
  z.object({ op: z.literal('depose'), serial: z.number(), lineage: z.string(), address: z.string() }),
  /** The deposed object `id` of `address` was deleted. */
  z.object({ op: z.literal('remove-deposed'), serial: z.number(), lineage: z.string(), address: z.string(), id: z.string() }),
]);
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

export const journalFile = (stateFile: string) => `${stateFile}.journal`;

/** Read a state file and replay its journal; a missing file is an empty state. Damaged or newer files are refused. */
export function readState(file: string, stack: string): State {
  const state = readSnapshot(file, stack);
  let text: string;
  try {
    text = readFileSync(journalFile(file), 'utf8');
  } catch {
    return state;
  }
  return replayJournal(state, text, journalFile(file));
}

/** A journal's complete lines replayed over `state` (entries the snapshot holds are skipped; a torn last line dropped). */
export function replayJournal(state: State, text: string, source: string): State {
  const lines = text.split('\n');
  for (let n = 0; n < lines.length - 1; n++) {
    const line = lines[n] as string;
    if (line.trim() === '') continue;
    let entry: JournalEntry;
    try {
      entry = JournalEntrySchema.parse(JSON.parse(line));
    } catch (e) {
      throw new StateError(`the state journal ${source} is damaged at line ${n + 1} (${e instanceof SyntaxError ? jsonSyntaxReason(line, e) : (e as Error).message.slice(0, 160)}). It was left untouched; restore it from a backup or version control.`);
    }
    if (entry.serial <= state.serial) continue; // already in the snapshot
    applyEntry(state, entry);
  }
  return state;
}

/** Apply a journal entry to `state` (read replays them; a backend applies what it appends). */
export function applyEntry(state: State, e: JournalEntry): void {
  state.serial = e.serial;
  state.lineage = e.lineage;
  if (e.op === 'put') state.resources[e.address] = e.resource;
  else if (e.op === 'remove') delete state.resources[e.address];
  else if (e.op === 'depose') {
    const held = stateResource(state, e.address);
    if (held) state.deposed = [...state.deposed, { address: e.address, resource: held }];
    delete state.resources[e.address];
  } else if (e.op === 'remove-deposed') state.deposed = state.deposed.filter((d) => !(d.address === e.address && d.resource.id === e.id));
  else state.pending = e.pending;
}

/** A journal change, before it gets its serial. */
export type StateChange =
  | { op: 'put'; address: string; resource: StateResource }
  | { op: 'remove'; address: string }
  | { op: 'pending'; pending: PendingCreate[] }
  | { op: 'depose'; address: string }
  | { op: 'remove-deposed'; address: string; id: string };

/** Append one change to the journal (the state's serial moves on) and apply it to `state`. */
export function journal(file: string, state: State, change: StateChange): void {
  const entry = journalEntry(state, change);
  mkdirSync(dirname(file), { recursive: true });
  appendNoFollow(journalFile(file), `${JSON.stringify(entry)}\n`);
  applyEntry(state, entry);
}

/** The journal entry a change makes (the next serial, the lineage fixed at the first write). */
export function journalEntry(state: State, change: StateChange): JournalEntry {
  return { ...change, serial: state.serial + 1, lineage: state.lineage || randomUUID() } as JournalEntry;
}

function readSnapshot(file: string, stack: string): State {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyState(stack);
    throw new StateError(`cannot read the state ${file}: ${(e as Error).message}`);
  }
  return parseState(text, file, stack);
}

/** A snapshot's text, checked (JSON, format version, schema, stack) and migrated; `file` names it in errors. */
export function parseState(text: string, file: string, stack: string): State {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new StateError(`the state ${file} is not valid JSON (${jsonSyntaxReason(text, e)}). It was left untouched; restore it from a backup or version control.`);
  }
  const version = (raw as { version?: unknown })?.version;
  if (typeof version === 'number' && version === 1 && raw && typeof raw === 'object') raw = { deposed: [], ...(raw as object), version: STATE_VERSION };
  if (typeof version === 'number' && version > STATE_VERSION) {
    throw new StateError(`the state ${file} has format version ${version}, newer than this intune-scep understands (${STATE_VERSION}). Upgrade intune-scep; the file was left untouched.`);
  }
  const parsed = StateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StateError(`the state ${file} is damaged (${issue?.path.join('.') || 'top level'}: ${issue?.message}). It was left untouched; restore it from a backup or version control.`);
  }
  // A state file copied to another stack's name would have that stack plan to destroy its objects.
  if (parsed.data.stack !== stack) {
    throw new StateError(`the state ${file} belongs to stack ${JSON.stringify(parsed.data.stack)}, not ${JSON.stringify(stack)}. It was left untouched; use --stack ${JSON.stringify(parsed.data.stack)}, or move the file back.`);
  }
  return parsed.data;
}

/**
 * Write the snapshot atomically with the serial bumped, then empty the journal (its entries are in
 * the snapshot; replaying them again would change nothing). Returns the state as written.
 */
export function writeState(file: string, state: State): State {
  const next: State = { ...state, serial: state.serial + 1, lineage: state.lineage || randomUUID() };
  writeFileAtomic(file, `${JSON.stringify(next, null, 1)}\n`);
  if (lstatSync(journalFile(file), { throwIfNoEntry: false })) closeSync(openNoFollow(journalFile(file), constants.O_TRUNC));
  return next;
}

/** Longest operation a holder records: an address of any length must not make the record too big to write. */
const MAX_OPERATION = 200;

/** The run holding a lock, as it names itself (in the lock file, or a blob's metadata). */
export const LockHolderSchema = z.object({
  id: z.string().min(1).max(64),
  host: z.string().max(255),
  pid: z.number().int().nonnegative(),
  started: z.string().max(40),
  operation: z.string().max(MAX_OPERATION + 1),
});
export type LockHolder = z.infer<typeof LockHolderSchema>;

/**
 * Who holds a lock: nobody (undefined), a run that names itself, or `'unknown'`: the lock is held
 * but names no run we can read (a run that died between taking the lock and naming itself, or a
 * holder record someone else wrote). `force-unlock --holderless` breaks such a lock.
 */
export type LockStatus = LockHolder | 'unknown' | undefined;

/** This run as a lock holder: small and bounded whatever the operation names (a 20,000-character address). */
export function newHolder(operation: string, now: Date): LockHolder {
  const op = operation.length > MAX_OPERATION ? `${operation.slice(0, MAX_OPERATION - 1)}\u2026` : operation;
  return { id: randomUUID(), host: hostname().slice(0, 255), pid: process.pid, started: now.toISOString(), operation: op };
}

/** A holder record (JSON) as read; anything else is no holder. */
export function parseHolder(text: string | undefined): LockHolder | undefined {
  if (!text) return undefined;
  try {
    const parsed = LockHolderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A lock held by another run: names the holder, and how to break it if that run died. `unlockArgs`
 * are the flags that name this state on the command line (` --stack s ...`).
 */
export class LockError extends StateError {
  constructor(
    readonly holder: LockStatus,
    location: string,
    unlockArgs = '',
  ) {
    const gone = typeof holder === 'object' && holder.host === hostname() && !processAlive(holder.pid);
    super(
      typeof holder === 'object'
        ? `the state ${location} is locked by ${holder.operation} (lock id ${holder.id}, host ${holder.host}, pid ${holder.pid}, started ${holder.started}).${gone ? ' That process is no longer running: the lock is stale.' : ' Wait for it to finish.'} If that run died, break the lock with: intune-scep force-unlock ${holder.id}${unlockArgs}`
        : holder === 'unknown'
          ? `the state ${location} is locked: held, holder unknown (a run that died while taking the lock). If no run is in progress, break it with: intune-scep force-unlock --holderless${unlockArgs}`
          : `the state ${location} was locked by another run, which let go just now; run the command again.`,
      'state/locked',
      'The state is locked by another run',
    );
  }
}

/** The lock this run held is gone (broken by force-unlock, or taken by another run): nothing more may be written to the state. */
export class LockLostError extends StateError {
  constructor(location: string) {
    super(`the state lock of ${location} was lost (broken by force-unlock or another run)`, 'state/lock-lost', 'The state lock was lost');
  }
}

/** The hint a state error gives for a lock without a holder, and for one an id cannot name. */
function holderlessHint(location: string, unlockArgs: string): string {
  return `the lock on ${location} names no holder (a run that died while taking the lock), so no id names it. If no run is in progress, break it with: intune-scep force-unlock --holderless${unlockArgs}`;
}

/** The refusals of force-unlock, the same for every backend. */
export function checkForceUnlock(status: LockStatus, which: { id: string } | { holderless: true }, location: string, unlockArgs: string): void {
  if (status === undefined) throw new StateError(`the state ${location} is not locked.`);
  if ('holderless' in which) {
    if (status !== 'unknown') throw new StateError(`the lock on ${location} names its holder (lock id ${status.id}, ${status.operation}); --holderless breaks only a lock without one. If that run died, break it with: intune-scep force-unlock ${status.id}${unlockArgs}`);
    return;
  }
  if (status === 'unknown') throw new StateError(holderlessHint(location, unlockArgs));
  if (status.id !== which.id) throw new StateError(`the lock on ${location} has id ${status.id}, not ${which.id}; nothing was changed.`);
}

export interface FileLock {
  readonly holder: LockHolder;
  release(): void;
}

export function lockFile(stateFile: string): string {
  return `${stateFile}.lock`;
}

/** How a local state is named on the command line, for hints. */
const localArgs = (stateFile: string) => ` --stack ${basename(stateFile, '.json')}`;

/** Take the state's lock, or fail at once naming the holder. */
export function acquireLock(stateFile: string, operation: string, now: Date): FileLock {
  const file = lockFile(stateFile);
  mkdirSync(dirname(file), { recursive: true });
  const holder = newHolder(operation, now);
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new StateError(`cannot create the lock ${file}: ${(e as Error).message}`);
    throw new LockError(lockHolder(stateFile), stateFile, localArgs(stateFile));
  }
  try {
    writeSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    const current = lockHolder(stateFile);
    if (typeof current === 'object' && current.id === holder.id) unlinkSync(file);
  };
  // A process that exits while holding the lock (a second Ctrl-C, process.exit) still releases it;
  // only a kill -9 leaves it, and then the holder's pid shows it is stale.
  process.once('exit', release);
  return { holder, release };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Who holds the state's lock: nobody (no lock file), the run it names, or 'unknown' (a lock file without a readable holder). */
export function lockHolder(stateFile: string): LockStatus {
  let text: string;
  try {
    text = readFileSync(lockFile(stateFile), 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : 'unknown';
  }
  return parseHolder(text) ?? 'unknown';
}

/** Break a stale lock: only the lock with this id, or (`holderless`) only a lock that names no holder. */
export function forceUnlock(stateFile: string, which: string | { holderless: true }): LockHolder | 'unknown' {
  const status = lockHolder(stateFile);
  checkForceUnlock(status, typeof which === 'string' ? { id: which } : which, stateFile, localArgs(stateFile));
  unlinkSync(lockFile(stateFile));
  return status as LockHolder | 'unknown';
}

/** What a file on the way is, for messages. */
function kindOf(st: Stats): string {
  return st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';
}

/**
 * Where a write to `file` lands: the file itself, or, through a symbolic link, the regular file it
 * points at (the link stays and sees the new content). Anything but a regular file is refused.
 */
function writeTarget(file: string): string {
  const link = lstatSync(file, { throwIfNoEntry: false });
  if (!link) return file;
  if (link.isSymbolicLink()) {
    // A link a pull request adds (or a dangling one) could point anywhere: state and plans are written
    // only where they are seen to be. (Folders on the way are followed, as a cd would.)
    throw new StateError(`${file} is a symbolic link (to ${readlinkSync(file)}); intune-scep writes only regular files, never through a link. Remove the link, or give the path of a regular file.`);
  }
  if (!link.isFile()) throw new StateError(`${file} is ${kindOf(link)}; intune-scep writes only regular files. Give a file path.`);
  return file;
}

/** Open a file for writing without following a link at its last step (ELOOP: refused, one line). */
function openNoFollow(file: string, flags: number): number {
  try {
    return openSync(file, flags | constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new StateError(`${file} is a symbolic link; intune-scep writes only regular files, never through a link. Remove the link.`);
    throw e;
  }
}

/** Append `text` to `file` (created when missing), never through a link. */
function appendNoFollow(file: string, text: string): void {
  const fd = openNoFollow(file, constants.O_APPEND);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/**
 * Write `text` to `file` atomically: a temp file beside the target, fsync, rename. Only regular files
 * are written, never through a symbolic link; the temp file is removed on every failure path.
 */
export function writeFileAtomic(file: string, text: string): void {
  const target = writeTarget(file);
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (e) {
    throw new StateError(`cannot create the folder of ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  const tmp = `${target}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new StateError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. Nothing was changed.`);
  }
}

/** Write a value atomically as JSON (plans use this too). */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}
