/**
 * Where a stack's state lives, behind one interface: the engine reads, locks, journals and writes
 * state only through a StateBackend. Local files are the default (LocalStateBackend); a remote one
 * (Azure Blob Storage: a blob per state, a blob lease as the lock) implements the same contract.
 *
 * | operation | contract                                                                      |
 * |-----------|-------------------------------------------------------------------------------|
 * | read      | the snapshot with the journal replayed; nothing there: an empty state;         |
 * |           | damaged or newer: StateError, nothing touched                                 |
 * | lock      | held by this run until released, or LockError at once naming the holder;       |
 * |           | atomic: a failure while taking it leaves it not taken                          |
 * | append    | one change made durable before the run goes on (a crash after it keeps it);    |
 * |           | `state` moves on with it (serial + 1)                                          |
 * | write     | a full snapshot, atomically, serial + 1; the journal it absorbs is emptied     |
 * Appends of one run are called one at a time, in order (apply queues them). While this backend
 * holds the lock, appends and writes happen only while the lock is still this run's: a lock broken
 * by force-unlock or taken by another run fails them with LockLostError (state/lock-lost).
 */
import { DiagnosticError, type Diagnostic } from '../rules';
import { toDiagnostic } from './errors';
import { LockLostError, acquireLock, forceUnlock, journal, lockHolder, readState, writeState, type LockHolder, type LockStatus, type State, type StateChange } from './state';

export interface StateLock {
  readonly holder: LockHolder;
  release(): Promise<void>;
}

export interface StateBackend {
  /** Where the state is, for messages: a file path, a blob by account, container and name (never a URL with its query). */
  readonly location: string;
  read(stack: string): Promise<State>;
  lock(operation: string, now: Date): Promise<StateLock>;
  append(state: State, change: StateChange): Promise<void>;
  write(state: State): Promise<State>;
  /** Who holds the lock: nobody, a run that names itself, or 'unknown' (held, no holder to read). */
  holder(): Promise<LockStatus>;
  /** Break the lock with this id (a run that died); StateError when another holds it, none does, or it names no holder. */
  forceUnlock(id: string): Promise<LockHolder>;
  /** Break a lock that names no holder (a run that died while taking it); StateError when it names one, or none is held. */
  forceUnlockHolderless(): Promise<void>;
}

/** `.intune-scep/state/<stack>.json`, its `.journal` and its `.lock` (state.ts does the file work). */
export class LocalStateBackend implements StateBackend {
  /** The id of the lock this backend holds: its writes go out only while the lock file still names it. */
  private held: string | undefined;

  constructor(readonly file: string) {}

  get location(): string {
    return this.file;
  }

  async read(stack: string): Promise<State> {
    return readState(this.file, stack);
  }

  async lock(operation: string, now: Date): Promise<StateLock> {
    const lock = acquireLock(this.file, operation, now);
    this.held = lock.holder.id;
    return {
      holder: lock.holder,
      release: async () => {
        this.held = undefined;
        lock.release();
      },
    };
  }

  /** A lock file removed (force-unlock) or replaced (another run) under this run: nothing more is written. */
  private stillHeld(): void {
    if (this.held === undefined) return;
    const now = lockHolder(this.file);
    if (typeof now !== 'object' || now.id !== this.held) throw new LockLostError(this.file);
  }

  async append(state: State, change: StateChange): Promise<void> {
    this.stillHeld();
    journal(this.file, state, change);
  }

  async write(state: State): Promise<State> {
    this.stillHeld();
    return writeState(this.file, state);
  }

  async holder(): Promise<LockStatus> {
    return lockHolder(this.file);
  }

  async forceUnlock(id: string): Promise<LockHolder> {
    return forceUnlock(this.file, id) as LockHolder;
  }

  async forceUnlockHolderless(): Promise<void> {
    forceUnlock(this.file, { holderless: true });
  }
}

/**
 * Run `body` holding `lock`, then release it; a failing release never hides what the body did:
 * - the body threw: its error is thrown, with the unlock failure added to its message;
 * - the body returned: `onUnlockFailure` folds the unlock failure into the result (by default it is
 *   thrown: the work is done, but the user must know the lock is still held).
 */
export async function releasing<T>(lock: StateLock, body: () => Promise<T>, onUnlockFailure?: (result: T, unlock: Diagnostic) => T): Promise<T> {
  let result: T;
  try {
    result = await body();
  } catch (e) {
    const unlock = await lock.release().then(
      () => undefined,
      (u: unknown) => toDiagnostic(u),
    );
    if (unlock) throw withUnlockFailure(e, unlock);
    throw e;
  }
  try {
    await lock.release();
  } catch (u) {
    if (!onUnlockFailure) throw u;
    return onUnlockFailure(result, toDiagnostic(u));
  }
  return result;
}

/** The body's error, its message carrying the unlock failure after its own. */
function withUnlockFailure(e: unknown, unlock: Diagnostic): unknown {
  const also = ` Unlocking failed as well: ${unlock.detail}`;
  if (e instanceof DiagnosticError) {
    const d = e.diagnostic;
    return new DiagnosticError(d.code, d.summary, `${d.detail}${also}`, d.address);
  }
  if (e instanceof Error) e.message += also;
  return e;
}
