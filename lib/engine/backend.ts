/**
 * Where a stack's state lives, behind one interface: the engine reads, locks, journals and writes
 * state only through a StateBackend. Local files are the default (LocalStateBackend); a remote one
 * (Azure Blob Storage: a blob per state, a blob lease as the lock) implements the same contract.
 *
 * | operation | contract                                                                      |
 * |-----------|-------------------------------------------------------------------------------|
 * | read      | the snapshot with the journal replayed; nothing there: an empty state;         |
 * |           | damaged or newer: StateError, nothing touched                                 |
 * | lock      | held by this run until released, or LockError at once naming the holder        |
 * | append    | one change made durable before the run goes on (a crash after it keeps it);    |
 * |           | `state` moves on with it (serial + 1)                                          |
 * | write     | a full snapshot, atomically, serial + 1; the journal it absorbs is emptied     |
 * Appends of one run are called one at a time, in order (apply queues them).
 */
import { acquireLock, forceUnlock, journal, lockHolder, readState, writeState, type LockHolder, type State, type StateChange } from './state';

export interface StateLock {
  readonly holder: LockHolder;
  release(): Promise<void>;
}

export interface StateBackend {
  /** Where the state is, for messages: a file path, a blob URL. */
  readonly location: string;
  read(stack: string): Promise<State>;
  lock(operation: string, now: Date): Promise<StateLock>;
  append(state: State, change: StateChange): Promise<void>;
  write(state: State): Promise<State>;
  /** Who holds the lock, if anyone. */
  holder(): Promise<LockHolder | undefined>;
  /** Break the lock with this id (a run that died); StateError when another holds it or none does. */
  forceUnlock(id: string): Promise<LockHolder>;
}

/** `.intune-scep/state/<stack>.json`, its `.journal` and its `.lock` (state.ts does the file work). */
export class LocalStateBackend implements StateBackend {
  constructor(readonly file: string) {}

  get location(): string {
    return this.file;
  }

  async read(stack: string): Promise<State> {
    return readState(this.file, stack);
  }

  async lock(operation: string, now: Date): Promise<StateLock> {
    const lock = acquireLock(this.file, operation, now);
    return { holder: lock.holder, release: async () => lock.release() };
  }

  async append(state: State, change: StateChange): Promise<void> {
    journal(this.file, state, change);
  }

  async write(state: State): Promise<State> {
    return writeState(this.file, state);
  }

  async holder(): Promise<LockHolder | undefined> {
    return lockHolder(this.file);
  }

  async forceUnlock(id: string): Promise<LockHolder> {
    return forceUnlock(this.file, id);
  }
}
