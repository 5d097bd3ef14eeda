/**
 * State in Azure Blob Storage (Terraform's `azurerm` backend, and the same layout ideas):
 *
 * | blob                              | holds                                                       |
 * |-----------------------------------|-------------------------------------------------------------|
 * | <prefix><stack>.json              | the snapshot (block blob); its lease is the lock, the       |
 * |                                   | holder (id, host, pid, operation, start) in its metadata    |
 * | <prefix><stack>.json.journal-<N>  | changes since snapshot serial N (append blob, one JSON line |
 * |                                   | each), leased with the lock's id while a run holds the lock |
 *
 * - lock: an infinite lease on the snapshot blob (created empty first if need be), its id the
 *   holder's id; a lease held by another run fails at once naming it. Taking it is atomic: if the
 *   holder cannot be recorded, the lease is given back before the error is reported.
 * - the holder record counts only while the lease with its id is held (checked with a request
 *   conditional on that id): a lease whose holder is missing or not its own is "held, holder
 *   unknown", which `force-unlock --holderless` breaks; `force-unlock <id>` releases exactly the
 *   lease with that id.
 * - every write happens only while the lock is this run's: snapshot writes are conditional on the
 *   lease; each journal append first checks the lease (a request conditional on it) and is itself
 *   conditional on the journal's lease, which the next holder takes over (breaks and takes) before
 *   it reads the journal, and on the append position. A lease found lost is LockLostError, and
 *   nothing more is written.
 * - every snapshot write keeps the previous one as a blob snapshot (roll back in the portal or with
 *   `az storage blob snapshot`).
 * - a crash at any point: the journal holds every change made durable before the run went on, as
 *   locally (local.ts).
 * - names: the container and blob names are checked (blobNameProblem) before any request, so a
 *   name never resolves to a path outside the container. Messages name a blob by account,
 *   container and name, never by URL: a SAS rides in a URL's query.
 * Storage errors become StateError naming the blob and what Azure said.
 */
import type { AppendBlobClient, BlobServiceClient, ContainerClient, RestError } from '@azure/storage-blob';
import { randomUUID } from 'node:crypto';
import { redactSecrets } from '../graph';
import type { StateBackend, StateLock } from './backend';
import { StateError, emptyState, parseState, type State } from './format';
import { applyEntry, journalEntry, replayJournal, type StateChange } from './journal';
import { LockError, LockLostError, checkForceUnlock, newHolder, parseHolder, type LockHolder, type LockStatus } from './lock';

/**
 * Retries of storage requests: the SDK's default waits minutes through an outage (4 tries, delays up
 * to 120 s); a state write that cannot reach the account should fail within seconds, saying so.
 */
export const STORAGE_RETRY = { maxTries: 4, retryDelayInMs: 200, maxRetryDelayInMs: 2_000, tryTimeoutInMs: 30_000 } as const;

/** Metadata key of the lock holder (base64 JSON: metadata values are ASCII). */
const HOLDER_KEY = 'intunescepholder';

/** Azure's longest blob name, in characters, and most segments. */
export const MAX_BLOB_NAME = 1024;
const MAX_SEGMENTS = 254;
/** What this backend appends to a state blob's name: `.journal-<serial>`. */
const JOURNAL_SUFFIX = '.journal-9007199254740991'.length;
/** Room a prefix leaves for the stack: `-`, a stack name of 128 and `.json`. */
const STACK_ROOM = 1 + 128 + '.json'.length;

/**
 * Why `name` would not stay the blob name it reads as inside its container; undefined when it does.
 * A name is segments of letters, digits, ".", "_" and "-" joined by single "/". Refused: what URL
 * parsing or the SDK would rewrite or read as more than a name (".", ".." and other all-dot
 * segments resolve as steps out of the container; a segment ending in "."; "\\", "%", "?", "#",
 * spaces, control and non-ASCII characters; empty segments, a leading "/"), and names that with the
 * journal's suffix pass Azure's limits. A prefix may be empty or end with "/".
 */
export function blobNameProblem(name: string, kind: 'name' | 'prefix'): string | undefined {
  if (name === '') return kind === 'prefix' ? undefined : 'it is empty';
  const bad = /[^A-Za-z0-9._/-]/.exec(name);
  if (bad)
    return `it has ${JSON.stringify(bad[0])} (character ${bad.index + 1}); blob names here are letters, digits, ".", "_" and "-" between single "/"`;
  if (name.startsWith('/')) return 'it starts with "/"';
  const segments = name.split('/');
  if (kind === 'prefix' && segments.at(-1) === '') segments.pop();
  if (segments.includes('')) return 'it has an empty segment ("//", or a "/" at the end)';
  const dots = segments.find((s) => /^\.+$/.test(s));
  if (dots !== undefined)
    return `it has the segment ${JSON.stringify(dots)}, which URLs resolve as a step out of the folder (out of the container)`;
  const trailing = segments.find((s) => s.endsWith('.'));
  if (trailing !== undefined) return `its segment ${JSON.stringify(trailing)} ends in "."`;
  if (segments.length > MAX_SEGMENTS) return `it has ${segments.length} segments, more than Azure's ${MAX_SEGMENTS}`;
  const longest = name.length + (kind === 'prefix' ? STACK_ROOM : 0) + JOURNAL_SUFFIX;
  if (longest > MAX_BLOB_NAME)
    return `it is ${name.length} characters long: with the state's own suffixes its blobs would pass Azure's limit of ${MAX_BLOB_NAME} characters`;
  return undefined;
}

/** Throws StateError naming `source` (a flag, a variable, a file's backend key), the problem and `fix`. */
export function checkBlobName(name: string, kind: 'name' | 'prefix', source: string, fix: string): string {
  const problem = blobNameProblem(name, kind);
  if (problem) {
    const shown = name.length > 200 ? `${name.slice(0, 200)}\u2026` : name;
    throw new StateError(
      `${source} ${JSON.stringify(shown)} is not a blob name${kind === 'prefix' ? ' prefix' : ''}: ${problem}. ${fix}`,
      'state/bad-name',
      'Not a blob name',
    );
  }
  return name;
}

const CONTAINER = /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** Throws StateError unless `container` is a container name (3 to 63 lower-case letters, digits and single hyphens). */
export function checkContainerName(container: string, source: string): string {
  if (!CONTAINER.test(container))
    throw new StateError(
      `${source} ${JSON.stringify(container.slice(0, 200))} is not a container name: 3 to 63 lower-case letters, digits and single hyphens.`,
      'state/bad-name',
      'Not a container name',
    );
  return container;
}

/** Storage refused a request for a lease of ours: another lease holds the blob, none does, or the journal moved on. */
function leaseRefused(e: unknown): boolean {
  const r = e as RestError;
  return r.statusCode === 412 || (r.statusCode === 409 && /^Lease/.test(r.code ?? ''));
}

export interface AzureBlobLocation {
  readonly service: BlobServiceClient;
  readonly container: string;
  /** Blob name of the snapshot, e.g. `prod/wifi.json` (prefix and stack). */
  readonly blob: string;
  /** The flags that name this state on the command line (` --stack s --backend azurerm ...`), for force-unlock hints. */
  readonly unlockArgs?: string;
}

export class AzureBlobStateBackend implements StateBackend {
  private readonly container: ContainerClient;
  /** Where the state is, for messages: account, container and blob name. */
  readonly location: string;
  /** The lease this run holds, once locked. */
  private leaseId: string | undefined;
  /** The lease was found lost: nothing more is written, and nothing of ours is left to release. */
  private lost = false;
  /** The snapshot serial whose journal appends go to, and where the next append lands. */
  private journalSerial = 0;
  private journalOffset = 0;
  /** The serial of the journal blob leased with this run's lock id, if any. */
  private journalLeased: number | undefined;

  constructor(private readonly where: AzureBlobLocation) {
    checkContainerName(where.container, 'the state container');
    checkBlobName(
      where.blob,
      'name',
      'the state blob name',
      'Give the state a blob name of letters, digits, ".", "_" and "-" between single "/".',
    );
    this.container = where.service.getContainerClient(where.container);
    this.location = this.describe(where.blob);
  }

  /** A blob as messages name it: account, container and name, never its URL (a SAS rides in the query). */
  private describe(blob: string): string {
    let account = this.where.service.accountName;
    if (!account) {
      try {
        account = new URL(this.where.service.url).host;
      } catch {
        account = '(unknown)';
      }
    }
    return `blob ${blob} in container ${this.where.container} of storage account ${account}`;
  }

  private get unlockArgs(): string {
    return this.where.unlockArgs ?? ' (with the --stack and state flags of this run)';
  }

  private snapshot() {
    return this.container.getBlockBlobClient(this.where.blob);
  }

  private journalName(serial: number): string {
    return `${this.where.blob}.journal-${serial}`;
  }

  private journal(serial: number): AppendBlobClient {
    return this.container.getAppendBlobClient(this.journalName(serial));
  }

  /** A storage failure as a StateError naming the blob and what Azure said (secrets of known shapes redacted). */
  private storageError(what: string, e: unknown, blob = this.where.blob): StateError {
    if (e instanceof StateError) return e;
    const r = e as RestError & { code?: string; statusCode?: number };
    const status = r.statusCode ? `${r.statusCode} ${r.code ?? ''}`.trim() : (r.code ?? 'no answer');
    const noCredential =
      !r.statusCode &&
      /CredentialUnavailable|ChainedTokenCredential|AuthenticationRequired/i.test(`${(e as Error).name ?? ''} ${r.message ?? ''}`);
    const hint =
      r.statusCode === 403
        ? ' Check the credentials and that they may read and write blobs in the container (Storage Blob Data Contributor).'
        : r.statusCode === 404 && r.code === 'ContainerNotFound'
          ? ` Create the container ${JSON.stringify(this.where.container)} first.`
          : noCredential
            ? ' No Azure credential was found for the storage account: set AZURE_STORAGE_CONNECTION_STRING or ARM_ACCESS_KEY, sign in with "az login", or run where a managed or workload identity is (AZURE_CLIENT_ID with AZURE_FEDERATED_TOKEN_FILE).'
            : '';
    const said = redactSecrets((r.message ?? String(e)).split('\n')[0] ?? '').replace(/\.+$/, '');
    return new StateError(`Azure Storage: ${what} ${this.describe(blob)} failed: ${status}${said ? `: ${said}` : ''}.${hint}`);
  }

  /** One storage call; its failure said as a StateError naming the blob. */
  private async call<T>(what: string, f: () => Promise<T>, blob = this.where.blob): Promise<T> {
    try {
      return await f();
    } catch (e) {
      throw this.storageError(what, e, blob);
    }
  }

  /** A write under the lock: a refusal of our lease is the lock lost (and nothing more is written). */
  private async guarded<T>(what: string, f: () => Promise<T>, blob = this.where.blob): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (this.leaseId && !(e instanceof StateError) && leaseRefused(e)) {
        this.lost = true;
        throw new LockLostError(this.location);
      }
      throw this.storageError(what, e, blob);
    }
  }

  async read(stack: string): Promise<State> {
    const text = await this.call('reading the state', async () => {
      try {
        return (await this.snapshot().downloadToBuffer()).toString('utf8');
      } catch (e) {
        // No blob yet: a new stack. A 404 to the HEAD the download starts with may carry no error
        // code (Azurite sends none); then only a missing container is an error.
        const r = e as RestError;
        if (r.statusCode === 404 && r.code === 'BlobNotFound') return '';
        if (r.statusCode === 404 && r.code === undefined) {
          if (await this.container.exists()) return '';
          throw Object.assign(e as object, { code: 'ContainerNotFound' });
        }
        throw e;
      }
    });
    const state = text.trim() === '' ? emptyState(stack) : parseState(text, this.location, stack);
    this.journalSerial = state.serial;
    const name = this.journalName(state.serial);
    const journal = this.journal(state.serial);
    // Under the lock, this run takes the journal over before reading it: from here on a run that
    // lost the lock cannot append to it.
    if (this.leaseId && !this.lost) await this.takeJournal(journal, this.leaseId, state.serial);
    const lines = await this.call(
      'reading the state journal',
      async () => {
        try {
          return (await journal.downloadToBuffer()).toString('utf8');
        } catch (e) {
          if ((e as RestError).statusCode === 404) return '';
          throw e;
        }
      },
      name,
    );
    this.journalOffset = Buffer.byteLength(lines);
    return lines === '' ? state : replayJournal(state, lines, this.describe(name));
  }

  /** The journal of `serial`, made if missing and leased with this run's id (a lease left on it by an earlier holder is broken). */
  private async takeJournal(journal: AppendBlobClient, leaseId: string, serial: number): Promise<void> {
    await this.guarded(
      'taking over the state journal',
      async () => {
        for (let attempt = 1; ; attempt++) {
          try {
            await journal.getBlobLeaseClient(leaseId).acquireLease(-1);
            return;
          } catch (e) {
            const status = (e as RestError).statusCode;
            if (attempt === 3 || (status !== 404 && status !== 409)) throw e;
            if (status === 404) await journal.createIfNotExists();
            else {
              // Leased by an earlier holder. Only the lock's holder breaks into a journal: the lock is checked first.
              await this.snapshot().getProperties({ conditions: { leaseId } });
              await journal.getBlobLeaseClient().breakLease(0);
            }
          }
        }
      },
      this.journalName(serial),
    );
    this.journalLeased = serial;
  }

  async lock(operation: string, now: Date): Promise<StateLock> {
    const blob = this.snapshot();
    const holder = newHolder(operation, now);
    await this.call('creating the state', async () => {
      try {
        await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
      } catch (e) {
        const status = (e as RestError).statusCode;
        if (status !== 409 && status !== 412) throw e; // it exists: fine
      }
    });
    const lease = blob.getBlobLeaseClient(holder.id);
    await this.call('locking', async () => {
      try {
        await lease.acquireLease(-1);
      } catch (e) {
        if ((e as RestError).statusCode === 409) throw new LockError(await this.holder(), this.location, this.unlockArgs);
        throw e;
      }
    });
    // Atomic from the user's view: a lock that cannot name its holder is given back before the error is said.
    try {
      await this.call('recording the lock holder on', () =>
        blob.setMetadata({ [HOLDER_KEY]: Buffer.from(JSON.stringify(holder)).toString('base64') }, { conditions: { leaseId: holder.id } }),
      );
    } catch (e) {
      const back = await lease.releaseLease().then(
        () => '',
        (r: unknown) =>
          ` The lease could not be given back either (${this.storageError('releasing', r).message}); if no run is in progress, break it with: intune-scep force-unlock --holderless${this.unlockArgs}`,
      );
      throw back ? new StateError(`${(e as Error).message}${back}`) : e;
    }
    this.leaseId = holder.id;
    this.lost = false;
    this.journalLeased = undefined;
    let released = false;
    return {
      holder,
      release: async () => {
        if (released) return;
        released = true;
        this.leaseId = undefined;
        const journal = this.journalLeased;
        this.journalLeased = undefined;
        // Tidying (the next holder breaks a journal lease left behind anyway): a journal this run
        // took over and never wrote to goes, any other is let go.
        if (journal !== undefined) {
          const blob = this.journal(journal);
          const empty = journal === this.journalSerial && this.journalOffset === 0;
          await (
            empty ? blob.deleteIfExists({ conditions: { leaseId: holder.id } }) : blob.getBlobLeaseClient(holder.id).releaseLease()
          ).catch(() => undefined);
        }
        if (this.lost) return; // the lease is another run's now: nothing of ours to release
        try {
          await lease.releaseLease();
        } catch (e) {
          if (leaseRefused(e)) throw new LockLostError(this.location);
          throw new StateError(
            `${this.storageError('unlocking', e).message} The lock stays, naming this run (lock id ${holder.id}): once storage answers, break it with: intune-scep force-unlock ${holder.id}${this.unlockArgs}`,
          );
        }
      },
    };
  }

  private requireLease(): string {
    if (this.lost) throw new LockLostError(this.location);
    if (!this.leaseId) throw new Error('bug: a state write without the lock');
    return this.leaseId;
  }

  async append(state: State, change: StateChange): Promise<void> {
    const leaseId = this.requireLease();
    const entry = journalEntry(state, change);
    const line = `${JSON.stringify(entry)}\n`;
    const serial = this.journalSerial;
    const journal = this.journal(serial);
    await this.guarded(
      'appending to the state journal',
      async () => {
        // A journal begun by this run (after a snapshot write) is leased with the lock's id; never
        // broken into here: a journal another run leased means this run no longer holds the lock.
        if (this.journalLeased !== serial) {
          await journal.createIfNotExists();
          await journal.getBlobLeaseClient(leaseId).acquireLease(-1);
          this.journalLeased = serial;
        }
        // The lock is the snapshot's lease: the append goes out only while it is still this run's,
        // and is itself conditional on the journal's lease and its position.
        await this.snapshot().getProperties({ conditions: { leaseId } });
        await journal.appendBlock(line, Buffer.byteLength(line), { conditions: { appendPosition: this.journalOffset, leaseId } });
      },
      this.journalName(serial),
    );
    this.journalOffset += Buffer.byteLength(line);
    applyEntry(state, entry);
  }

  async write(state: State): Promise<State> {
    const leaseId = this.requireLease();
    const next: State = { ...state, serial: state.serial + 1, lineage: state.lineage || randomUUID() };
    const text = `${JSON.stringify(next, null, 1)}\n`;
    const blob = this.snapshot();
    const previous = this.journalSerial;
    await this.guarded('writing the state', async () => {
      const props = await blob.getProperties({ conditions: { leaseId } });
      // The state as it was stays as a blob snapshot: a bad state can be rolled back.
      if ((props.contentLength ?? 0) > 0) await blob.createSnapshot({ conditions: { leaseId } });
      await blob.upload(text, Buffer.byteLength(text), {
        conditions: { leaseId },
        metadata: props.metadata ?? {},
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
    });
    this.journalSerial = next.serial;
    this.journalOffset = 0;
    const leased = this.journalLeased === previous;
    this.journalLeased = undefined;
    // Its entries are in the snapshot now (a run that finds it skips them): removing it is tidying.
    await this.journal(previous)
      .deleteIfExists(leased ? { conditions: { leaseId } } : {})
      .catch(() => undefined);
    return next;
  }

  /** The snapshot blob's properties (its lease and metadata), or undefined when there is none. */
  private snapshotProperties() {
    return this.call('reading the lock of', async () => {
      try {
        return await this.snapshot().getProperties();
      } catch (e) {
        if ((e as RestError).statusCode === 404) return undefined;
        throw e;
      }
    });
  }

  async holder(): Promise<LockStatus> {
    const props = await this.snapshotProperties();
    if (!props || props.leaseState !== 'leased') return undefined;
    const encoded = props.metadata?.[HOLDER_KEY];
    const holder = parseHolder(encoded ? Buffer.from(encoded, 'base64').toString('utf8') : undefined);
    if (!holder) return 'unknown'; // parseHolder reads a UUID holder id only
    // The record names the holder only while the lease with its id is held: a record left by an
    // earlier run, or written by anyone else, names nobody.
    const its = await this.call('reading the lock of', async () => {
      try {
        await this.snapshot().getProperties({ conditions: { leaseId: holder.id } });
        return true;
      } catch (e) {
        if ((e as RestError).statusCode === 412) return false;
        throw e;
      }
    });
    return its ? holder : 'unknown';
  }

  async forceUnlock(id: string): Promise<LockHolder> {
    const status = await this.holder();
    checkForceUnlock(status, { id }, this.location, this.unlockArgs);
    // Released by its own id: exactly that lease, never one taken since.
    await this.call('breaking the lock of', async () => {
      try {
        await this.snapshot().getBlobLeaseClient(id).releaseLease();
      } catch (e) {
        if (leaseRefused(e))
          throw new StateError(
            `the lock on ${this.location} changed while force-unlock looked at it; nothing was changed. Run force-unlock again to see it.`,
          );
        throw e;
      }
    });
    return status as LockHolder;
  }

  async forceUnlockHolderless(): Promise<void> {
    const props = await this.snapshotProperties();
    checkForceUnlock(props ? await this.holder() : undefined, { holderless: true }, this.location, this.unlockArgs);
    // Broken only as it was seen: a holder recorded since changes the blob's etag.
    await this.call('breaking the lock of', async () => {
      try {
        await this.snapshot()
          .getBlobLeaseClient()
          .breakLease(0, { conditions: { ifMatch: props?.etag } });
      } catch (e) {
        if ((e as RestError).statusCode === 412)
          throw new StateError(
            `the lock on ${this.location} changed while force-unlock looked at it; nothing was changed. Run force-unlock again to see it.`,
          );
        throw e;
      }
    });
  }
}
