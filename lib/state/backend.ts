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
import { toDiagnostic } from '../graph';
import { DiagnosticError, type Diagnostic } from '../rules';
import type { State } from './format';
import type { StateChange } from './journal';
import type { LockHolder, LockStatus } from './lock';

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

/**
 * Run `body` holding `lock`, then release it; a failing release never hides what the body did:
 * - the body threw: its error is thrown, with the unlock failure added to its message;
 * - the body returned: `onUnlockFailure` folds the unlock failure into the result (by default it is
 *   thrown: the work is done, but the user must know the lock is still held).
 */
export async function releasing<T>(
  lock: StateLock,
  body: () => Promise<T>,
  onUnlockFailure?: (result: T, unlock: Diagnostic) => T,
): Promise<T> {
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
