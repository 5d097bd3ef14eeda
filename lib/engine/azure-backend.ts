/**
 * State in Azure Blob Storage (Terraform's `azurerm` backend, and the same layout ideas):
 *
 * | blob                              | holds                                                       |
 * |-----------------------------------|-------------------------------------------------------------|
 * | <prefix><stack>.json              | the snapshot (block blob); its lease is the lock, the       |
 * |                                   | holder (id, host, pid, operation, start) in its metadata    |
 * | <prefix><stack>.json.journal-<N>  | changes since snapshot serial N (append blob, one JSON line |
 * |                                   | each), appended at the offset this run expects             |
 *
 * - lock: an infinite lease on the snapshot blob (created empty first if need be); a lease held by
 *   another run fails at once naming it. A run that died keeps it until `force-unlock <id>` breaks it.
 * - every snapshot write is conditional on the lease, and keeps the previous one as a blob snapshot
 *   (roll back in the portal or with `az storage blob snapshot`); appends are conditional on the
 *   append position, so two writers can never interleave a journal.
 * - a crash at any point: the journal holds every change made durable before the run went on, as
 *   locally (backend.ts).
 * Storage errors become StateError naming the blob and what Azure said.
 */
import { RestError, type BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { StateBackend, StateLock } from './backend';
import { LockError, StateError, applyEntry, emptyState, journalEntry, parseState, replayJournal, type LockHolder, type State, type StateChange } from './state';

/**
 * Retries of storage requests: the SDK's default waits minutes through an outage (4 tries, delays up
 * to 120 s); a state write that cannot reach the account should fail within seconds, saying so.
 */
export const STORAGE_RETRY = { maxTries: 4, retryDelayInMs: 200, maxRetryDelayInMs: 2_000, tryTimeoutInMs: 30_000 } as const;

/** Metadata key of the lock holder (base64 JSON: metadata values are ASCII). */
const HOLDER_KEY = 'intunescepholder';

export interface AzureBlobLocation {
  readonly service: BlobServiceClient;
  readonly container: string;
  /** Blob name of the snapshot, e.g. `prod/wifi.json` (prefix and stack). */
  readonly blob: string;
}

export class AzureBlobStateBackend implements StateBackend {
  private readonly container: ContainerClient;
  /** The lease this run holds, once locked. */
  private leaseId: string | undefined;
  /** The snapshot serial whose journal appends go to, and where the next append lands. */
  private journalSerial = 0;
  private journalOffset = 0;

  constructor(private readonly where: AzureBlobLocation) {
    this.container = where.service.getContainerClient(where.container);
  }

  get location(): string {
    return this.container.getBlockBlobClient(this.where.blob).url;
  }

  private snapshot() {
    return this.container.getBlockBlobClient(this.where.blob);
  }

  private journal(serial: number) {
    return this.container.getAppendBlobClient(`${this.where.blob}.journal-${serial}`);
  }

  /** One storage call; its failure said as a StateError naming the blob. */
  private async call<T>(what: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (e instanceof StateError) throw e;
      const r = e as RestError & { code?: string; statusCode?: number };
      const status = r.statusCode ? `${r.statusCode} ${r.code ?? ''}`.trim() : (r.code ?? 'no answer');
      const hint = r.statusCode === 403 ? ' Check the credentials and that they may read and write blobs in the container (Storage Blob Data Contributor).' : r.statusCode === 404 && r.code === 'ContainerNotFound' ? ` Create the container ${JSON.stringify(this.where.container)} first.` : '';
      throw new StateError(`Azure Storage: ${what} ${this.location} failed: ${status}: ${(r.message ?? String(e)).split('\n')[0]?.replace(/\.+$/, '')}.${hint}`);
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
    const journal = this.journal(state.serial);
    const lines = await this.call('reading the state journal of', async () => {
      try {
        return (await journal.downloadToBuffer()).toString('utf8');
      } catch (e) {
        if ((e as RestError).statusCode === 404) return '';
        throw e;
      }
    });
    this.journalOffset = Buffer.byteLength(lines);
    return lines === '' ? state : replayJournal(state, lines, journal.url);
  }

  async lock(operation: string, now: Date): Promise<StateLock> {
    const blob = this.snapshot();
    const holder: LockHolder = { id: randomUUID(), host: hostname(), pid: process.pid, started: now.toISOString(), operation };
    await this.call('creating the state blob', async () => {
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
        if ((e as RestError).statusCode === 409) throw new LockError(await this.holder(), this.location);
        throw e;
      }
    });
    this.leaseId = holder.id;
    await this.call('recording the lock holder on', () => blob.setMetadata({ [HOLDER_KEY]: Buffer.from(JSON.stringify(holder)).toString('base64') }, { conditions: { leaseId: holder.id } }));
    let released = false;
    return {
      holder,
      release: async () => {
        if (released) return;
        released = true;
        this.leaseId = undefined;
        await this.call('unlocking', async () => {
          await blob.setMetadata({}, { conditions: { leaseId: holder.id } });
          await lease.releaseLease();
        });
      },
    };
  }

  private requireLease(): string {
    if (!this.leaseId) throw new Error('bug: a state write without the lock');
    return this.leaseId;
  }

  async append(state: State, change: StateChange): Promise<void> {
    this.requireLease();
    const entry = journalEntry(state, change);
    const line = `${JSON.stringify(entry)}\n`;
    const journal = this.journal(this.journalSerial);
    await this.call('appending to the state journal of', async () => {
      if (this.journalOffset === 0) await journal.createIfNotExists();
      await journal.appendBlock(line, Buffer.byteLength(line), { conditions: { appendPosition: this.journalOffset } });
    });
    this.journalOffset += Buffer.byteLength(line);
    applyEntry(state, entry);
  }

  async write(state: State): Promise<State> {
    const leaseId = this.requireLease();
    const next: State = { ...state, serial: state.serial + 1, lineage: state.lineage || randomUUID() };
    const text = `${JSON.stringify(next, null, 1)}\n`;
    const blob = this.snapshot();
    const previous = this.journalSerial;
    await this.call('writing the state', async () => {
      const props = await blob.getProperties({ conditions: { leaseId } });
      // The state as it was stays as a blob snapshot: a bad state can be rolled back.
      if ((props.contentLength ?? 0) > 0) await blob.createSnapshot({ conditions: { leaseId } });
      await blob.upload(text, Buffer.byteLength(text), { conditions: { leaseId }, metadata: props.metadata ?? {}, blobHTTPHeaders: { blobContentType: 'application/json' } });
    });
    this.journalSerial = next.serial;
    this.journalOffset = 0;
    // Its entries are in the snapshot now; a run that finds it would skip them anyway.
    await this.call('removing the absorbed journal of', () => this.journal(previous).deleteIfExists());
    return next;
  }

  async holder(): Promise<LockHolder | undefined> {
    const props = await this.call('reading the lock of', async () => {
      try {
        return await this.snapshot().getProperties();
      } catch (e) {
        if ((e as RestError).statusCode === 404) return undefined;
        throw e;
      }
    });
    if (!props || props.leaseState !== 'leased') return undefined;
    const encoded = props.metadata?.[HOLDER_KEY];
    try {
      return encoded ? (JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as LockHolder) : undefined;
    } catch {
      return undefined;
    }
  }

  async forceUnlock(id: string): Promise<LockHolder> {
    const holder = await this.holder();
    if (!holder) throw new StateError(`the state ${this.location} is not locked.`);
    if (holder.id !== id) throw new StateError(`the lock on ${this.location} has id ${holder.id}, not ${id}; nothing was changed.`);
    await this.call('breaking the lock of', async () => {
      await this.snapshot().getBlobLeaseClient().breakLease(0);
      await this.snapshot().setMetadata({});
    });
    return holder;
  }
}
