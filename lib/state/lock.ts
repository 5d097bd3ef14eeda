/**
 * The lock on a state: who holds it (a run names itself: id, host, pid, start, operation), the
 * errors when another run holds it or this run lost it, and the checks of `force-unlock`. How a
 * lock is taken is the backend's (local.ts: a lock file created exclusively; azure-blob.ts: a lease).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import { GUID } from '../schema';
import { StateError } from './format';

/** Longest operation a holder records: an address of any length must not make the record too big to write. */
const MAX_OPERATION = 200;

/** The run holding a lock, as it names itself (in the lock file, or a blob's metadata). */
export const LockHolderSchema = z.object({
  // A UUID, as newHolder writes it: the id goes into the force-unlock command a message asks the user
  // to run, so a lock file or lease holding anything else (a command) names no holder.
  id: z.string().regex(GUID),
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
    // The holder record is a file's or a lease's text: shown on the message's one line, as data.
    const text = (t: string) => JSON.stringify(t).slice(1, -1);
    super(
      typeof holder === 'object'
        ? `the state ${location} is locked by ${text(holder.operation)} (lock id ${holder.id}, host ${text(holder.host)}, pid ${holder.pid}, started ${text(holder.started)}).${gone ? ' That process is no longer running: the lock is stale.' : ' Wait for it to finish.'} If that run died, break the lock with: intune-scep force-unlock ${holder.id}${unlockArgs}`
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

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The hint a state error gives for a lock without a holder, and for one an id cannot name. */
function holderlessHint(location: string, unlockArgs: string): string {
  return `the lock on ${location} names no holder (a run that died while taking the lock), so no id names it. If no run is in progress, break it with: intune-scep force-unlock --holderless${unlockArgs}`;
}

/** The refusals of force-unlock, the same for every backend. */
export function checkForceUnlock(
  status: LockStatus,
  which: { id: string } | { holderless: true },
  location: string,
  unlockArgs: string,
): void {
  if (status === undefined) throw new StateError(`the state ${location} is not locked.`);
  if ('holderless' in which) {
    if (status !== 'unknown')
      throw new StateError(
        `the lock on ${location} names its holder (lock id ${status.id}, ${JSON.stringify(status.operation).slice(1, -1)}); --holderless breaks only a lock without one. If that run died, break it with: intune-scep force-unlock ${status.id}${unlockArgs}`,
      );
    return;
  }
  if (status === 'unknown') throw new StateError(holderlessHint(location, unlockArgs));
  if (status.id !== which.id) throw new StateError(`the lock on ${location} has id ${status.id}, not ${which.id}; nothing was changed.`);
}
