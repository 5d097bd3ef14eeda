/**
 * State in local files: `<stack>.json` (the snapshot, written atomically), `<stack>.json.journal`
 * (changes since, one line each) and `<stack>.json.lock` (created exclusively, naming the holder).
 */
import { randomUUID } from 'node:crypto';
import { closeSync, constants, linkSync, lstatSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { appendNoFollow, openNoFollow, writeFileAtomic } from './files';
import { StateError, emptyState, parseState, type State } from './format';
import { applyEntry, journalEntry, replayJournal, type StateChange } from './journal';
import type { StateBackend, StateLock } from './backend';
import { LockError, LockLostError, checkForceUnlock, newHolder, parseHolder, type LockHolder, type LockStatus } from './lock';

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

/** Append one change to the journal (the state's serial moves on) and apply it to `state`. */
export function journal(file: string, state: State, change: StateChange): void {
  const entry = journalEntry(state, change);
  mkdirSync(dirname(file), { recursive: true });
  appendNoFollow(journalFile(file), `${JSON.stringify(entry)}\n`);
  applyEntry(state, entry);
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
  // The lock appears with its holder in it, never empty: the holder is written to a file of its own,
  // then linked in place (a link fails if the lock exists), so a run that looks meanwhile reads who
  // holds it, not "holder unknown".
  const draft = `${file}.${holder.id}`;
  try {
    const fd = openSync(draft, 'wx');
    try {
      writeSync(fd, JSON.stringify(holder));
    } finally {
      closeSync(fd);
    }
    linkSync(draft, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new StateError(`cannot create the lock ${file}: ${(e as Error).message}`);
    throw new LockError(lockHolder(stateFile), stateFile, localArgs(stateFile));
  } finally {
    try {
      unlinkSync(draft);
    } catch {
      // not made (the open failed), or gone already
    }
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

/** `.intune-scep/state/<stack>.json`, its `.journal` and its `.lock` . */
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
