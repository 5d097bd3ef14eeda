/**
 * The tenant's data: device configurations, root links, assignment sets, groups, assignment filters,
 * the status overviews (device and user counts) of profiles, and Cloud PKI certification authorities
 * with the leaf certificates they issued.
 *
 * Persistence, when a data file is given:
 * | file              | holds                                                              |
 * |-------------------|--------------------------------------------------------------------|
 * | <data>            | snapshot, written atomically (temp file, fsync, rename)            |
 * | <data>.journal    | one JSON line per change since the snapshot, appended before the   |
 * |                   | request is answered, so an answered write survives kill -9         |
 * | <data>.lock       | pid of the process serving the tenant                              |
 * Every journal entry sets a whole value (an entity, a link, an assignment set), so replaying
 * one twice is harmless: a crash between a snapshot and the journal's truncation loses nothing.
 * A torn last journal line (a crash mid-append) is dropped; any other damage is an error and
 * nothing is overwritten.
 */
import {
  appendFileSync,
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { z } from 'zod';

export type Entity = Record<string, unknown> & { id: string; '@odata.type': string };

export interface MockAssignment {
  id: string;
  source: 'direct';
  sourceId: string;
  intent: 'apply';
  target: Record<string, unknown>;
}

export interface MockGroup {
  id: string;
  displayName: string;
  description?: string | null;
  groupTypes?: string[];
  membershipRule?: string | null;
  securityEnabled?: boolean;
  mailEnabled?: boolean;
}

const GroupSchema = z.object({
  id: z.string().min(1),
  displayName: z.string(),
  description: z.string().nullable().optional(),
  groupTypes: z.array(z.string()).optional(),
  membershipRule: z.string().nullable().optional(),
  securityEnabled: z.boolean().optional(),
  mailEnabled: z.boolean().optional(),
});
/** An assignment filter (deviceAndAppManagementAssignmentFilter), as the mock keeps it. */
const FilterSchema = z.looseObject({ id: z.string().min(1), displayName: z.string(), platform: z.string() });
export type MockFilter = z.infer<typeof FilterSchema>;
/** The device and user status overviews Intune reports for a profile (counts of devices and users). */
const OverviewSchema = z.object({ device: z.record(z.string(), z.unknown()), user: z.record(z.string(), z.unknown()) });
export type MockOverview = z.infer<typeof OverviewSchema>;
const EntitySchema = z.looseObject({ id: z.string(), '@odata.type': z.string() });
/**
 * A Cloud PKI certification authority as the mock keeps it: the entity Graph serves, and what Graph
 * never serves (the CA's private key, PKCS#8 DER in base64, and its certificate until it is active).
 */
const AuthoritySchema = z.object({
  entity: EntitySchema,
  certificate: z.string(),
  privateKey: z.string(),
});
export type MockAuthority = { entity: Entity; certificate: string; privateKey: string };
const AssignmentSchema = z.object({
  id: z.string(),
  source: z.literal('direct'),
  sourceId: z.string(),
  intent: z.literal('apply'),
  target: z.record(z.string(), z.unknown()),
});

export const SNAPSHOT_FORMAT = 'intune-scep-mock-tenant';
export const SNAPSHOT_VERSION = 1;

const SnapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.number().int(),
  configurations: z.array(EntitySchema),
  rootLinks: z.record(z.string(), z.string()),
  assignments: z.record(z.string(), z.array(AssignmentSchema)),
  groups: z.array(GroupSchema),
  filters: z.array(FilterSchema).optional(),
  overviews: z.record(z.string(), OverviewSchema).optional(),
  authorities: z.array(AuthoritySchema).optional(),
  leaves: z.record(z.string(), z.array(EntitySchema)).optional(),
});

const JournalSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put'), entity: EntitySchema }),
  z.object({ op: z.literal('delete'), id: z.string() }),
  z.object({ op: z.literal('link'), id: z.string(), rootId: z.string().nullable() }),
  z.object({ op: z.literal('assign'), id: z.string(), assignments: z.array(AssignmentSchema) }),
  z.object({ op: z.literal('group'), group: GroupSchema }),
  z.object({ op: z.literal('filter'), filter: FilterSchema }),
  z.object({ op: z.literal('overview'), id: z.string(), overview: OverviewSchema }),
  z.object({ op: z.literal('authority'), authority: AuthoritySchema }),
  z.object({ op: z.literal('authority-delete'), id: z.string() }),
  z.object({ op: z.literal('leaf'), id: z.string(), leaf: EntitySchema }),
]);
type JournalEntry = z.infer<typeof JournalSchema>;

export { GroupSchema as MockGroupSchema };

/** The data file cannot be used: the message says which file, what is wrong and what to do. */
export class MockDataError extends Error {}

/** The data file and journal hold the tenant's Cloud PKI private keys: this user's only. */
const PRIVATE = 0o600;

/** Journal entries before the snapshot is rewritten and the journal emptied. */
const COMPACT_AFTER = 5000;

export class TenantStore {
  readonly configurations = new Map<string, Entity>();
  readonly rootLinks = new Map<string, string>();
  readonly assignments = new Map<string, MockAssignment[]>();
  readonly groups = new Map<string, MockGroup>();
  readonly filters = new Map<string, MockFilter>();
  /** By profile id; a profile without an entry reports zero counts. */
  readonly overviews = new Map<string, MockOverview>();
  /** Cloud PKI certification authorities, by id. */
  readonly authorities = new Map<string, MockAuthority>();
  /** Leaf certificates a CA issued, by the CA's id. */
  readonly leaves = new Map<string, Entity[]>();
  private journalEntries = 0;
  private lockHeld = false;

  private constructor(private readonly file: string | undefined) {}

  static inMemory(): TenantStore {
    return new TenantStore(undefined);
  }

  /** Opens (or creates) a persisted tenant; refuses a damaged file or one another live process serves. */
  static open(file: string): TenantStore {
    const store = new TenantStore(file);
    store.lock();
    try {
      // A tenant written before it held private keys may be readable by others: no longer.
      for (const f of [file, store.journalFile]) if (existsSync(f)) chmodSync(f, PRIVATE);
      store.load();
    } catch (e) {
      store.unlock();
      throw e;
    }
    return store;
  }

  get journalFile(): string {
    return `${this.file}.journal`;
  }

  private lock(): void {
    const lockFile = `${this.file}.lock`;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(lockFile, 'wx');
        writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() }));
        closeSync(fd);
        this.lockHeld = true;
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new MockDataError(`cannot lock ${lockFile}: ${(e as Error).message}`);
        let holder: { pid?: number; host?: string } = {};
        try {
          holder = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid?: number; host?: string };
        } catch {
          /* unreadable lock: treat as stale */
        }
        if (holder.pid !== undefined && holder.host === hostname() && isAlive(holder.pid) && holder.pid !== process.pid) {
          throw new MockDataError(
            `the mock tenant ${this.file} is in use by process ${holder.pid}. Only one process may serve it: start "intune-scep mock-graph serve --data ${this.file}" once and point runs at it with --graph-url.`,
          );
        }
        try {
          unlinkSync(lockFile); // stale: its process is gone
        } catch {
          /* raced with another cleaner */
        }
      }
    }
    throw new MockDataError(`cannot lock ${lockFile}`);
  }

  private unlock(): void {
    if (!this.lockHeld || !this.file) return;
    try {
      unlinkSync(`${this.file}.lock`);
    } catch {
      /* already gone */
    }
    this.lockHeld = false;
  }

  private load(): void {
    const file = this.file as string;
    if (existsSync(file)) {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new MockDataError(
          `the mock tenant data file ${file} is not valid JSON (${parseReason(e)}); it was left as it is. Move it away to start with an empty tenant.`,
        );
      }
      const parsed = SnapshotSchema.safeParse(raw);
      if (!parsed.success) {
        const version = (raw as { version?: unknown })?.version;
        if ((raw as { format?: unknown })?.format === SNAPSHOT_FORMAT && typeof version === 'number' && version > SNAPSHOT_VERSION) {
          throw new MockDataError(
            `the mock tenant data file ${file} has format version ${version}, newer than this intune-scep understands (${SNAPSHOT_VERSION}); upgrade intune-scep. The file was left as it is.`,
          );
        }
        const issue = parsed.error.issues[0];
        throw new MockDataError(
          `the mock tenant data file ${file} is damaged (${issue?.path.join('.') || 'top level'}: ${issue?.message}); it was left as it is. Move it away to start with an empty tenant.`,
        );
      }
      const snap = parsed.data;
      for (const e of snap.configurations) this.configurations.set(e.id, e as Entity);
      for (const [k, v] of Object.entries(snap.rootLinks)) this.rootLinks.set(k, v);
      for (const [k, v] of Object.entries(snap.assignments)) this.assignments.set(k, v as MockAssignment[]);
      for (const g of snap.groups) this.groups.set(g.id, g as MockGroup);
      for (const f of snap.filters ?? []) this.filters.set(f.id, f);
      for (const [k, v] of Object.entries(snap.overviews ?? {})) this.overviews.set(k, v);
      for (const a of snap.authorities ?? []) this.authorities.set(a.entity.id, a as MockAuthority);
      for (const [k, v] of Object.entries(snap.leaves ?? {})) this.leaves.set(k, v as Entity[]);
    }
    if (existsSync(this.journalFile)) {
      const lines = readFileSync(this.journalFile, 'utf8').split('\n');
      const lastComplete = lines.length - 1; // text after the last newline is a torn write
      for (let n = 0; n < lastComplete; n++) {
        const line = lines[n] as string;
        if (line.trim() === '') continue;
        let entry: JournalEntry;
        try {
          entry = JournalSchema.parse(JSON.parse(line));
        } catch (e) {
          throw new MockDataError(
            `the mock tenant journal ${this.journalFile} is damaged at line ${n + 1} (${parseReason(e)}); it was left as it is. Move both files away to start with an empty tenant.`,
          );
        }
        this.apply(entry);
        this.journalEntries++;
      }
    }
  }

  private apply(entry: JournalEntry): void {
    switch (entry.op) {
      case 'put':
        this.configurations.set(entry.entity.id, entry.entity as Entity);
        break;
      case 'delete':
        this.configurations.delete(entry.id);
        this.rootLinks.delete(entry.id);
        this.assignments.delete(entry.id);
        this.overviews.delete(entry.id);
        break;
      case 'link':
        if (entry.rootId === null) this.rootLinks.delete(entry.id);
        else this.rootLinks.set(entry.id, entry.rootId);
        break;
      case 'assign':
        this.assignments.set(entry.id, entry.assignments as MockAssignment[]);
        break;
      case 'group':
        this.groups.set(entry.group.id, entry.group as MockGroup);
        break;
      case 'filter':
        this.filters.set(entry.filter.id, entry.filter);
        break;
      case 'overview':
        this.overviews.set(entry.id, entry.overview);
        break;
      case 'authority':
        this.authorities.set(entry.authority.entity.id, entry.authority as MockAuthority);
        break;
      case 'authority-delete':
        this.authorities.delete(entry.id);
        this.leaves.delete(entry.id);
        break;
      case 'leaf': {
        const leaves = this.leaves.get(entry.id) ?? [];
        const at = leaves.findIndex((l) => l.id === entry.leaf.id);
        const leaf = entry.leaf as Entity;
        this.leaves.set(entry.id, at < 0 ? [...leaves, leaf] : leaves.map((l, i) => (i === at ? leaf : l)));
        break;
      }
    }
  }

  /** Apply a change and make it durable before the caller answers the request. */
  private commit(entry: JournalEntry): void {
    this.apply(entry);
    if (!this.file) return;
    appendFileSync(this.journalFile, `${JSON.stringify(entry)}\n`, { mode: PRIVATE });
    if (++this.journalEntries >= COMPACT_AFTER) this.snapshot();
  }

  putConfiguration(entity: Entity): void {
    this.commit({ op: 'put', entity });
  }
  deleteConfiguration(id: string): void {
    this.commit({ op: 'delete', id });
  }
  setRootLink(id: string, rootId: string | null): void {
    this.commit({ op: 'link', id, rootId });
  }
  setAssignments(id: string, assignments: MockAssignment[]): void {
    this.commit({ op: 'assign', id, assignments });
  }
  putGroup(group: MockGroup): void {
    this.commit({ op: 'group', group: GroupSchema.parse(group) as never });
  }
  putFilter(filter: MockFilter): void {
    this.commit({ op: 'filter', filter });
  }
  setOverview(id: string, overview: MockOverview): void {
    this.commit({ op: 'overview', id, overview });
  }
  putAuthority(authority: MockAuthority): void {
    this.commit({ op: 'authority', authority });
  }
  deleteAuthority(id: string): void {
    this.commit({ op: 'authority-delete', id });
  }
  /** Adds a leaf certificate to a CA's, or replaces the one with its id: one journal line each. */
  putLeaf(id: string, leaf: Entity): void {
    this.commit({ op: 'leaf', id, leaf });
  }

  /** Write the snapshot atomically and empty the journal. */
  snapshot(): void {
    if (!this.file) return;
    const data = {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      configurations: [...this.configurations.values()],
      rootLinks: Object.fromEntries(this.rootLinks),
      assignments: Object.fromEntries(this.assignments),
      groups: [...this.groups.values()],
      filters: [...this.filters.values()],
      overviews: Object.fromEntries(this.overviews),
      authorities: [...this.authorities.values()],
      leaves: Object.fromEntries(this.leaves),
    };
    const tmp = `${this.file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(data), { mode: PRIVATE });
    const fd = openSync(tmp, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.file);
    writeFileSync(this.journalFile, '', { mode: PRIVATE });
    this.journalEntries = 0;
  }

  /** Persist and release the data file. */
  close(): void {
    if (this.file && this.lockHeld) this.snapshot();
    this.unlock();
  }

  /** Root ids that SCEP profiles link to. */
  referencingProfiles(rootId: string): string[] {
    return [...this.rootLinks].filter(([, r]) => r === rootId).map(([scep]) => scep);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Groups a new mock tenant starts with, so stacks can assign by name right away. */
export const DEFAULT_SEED_GROUPS: readonly MockGroup[] = [
  {
    id: '0b6f7c1e-5a2d-4e8b-9c3f-1d2e3f4a5b60',
    displayName: 'All Corporate Devices',
    groupTypes: ['DynamicMembership'],
    membershipRule: '(device.deviceOwnership -eq "Company")',
  },
  { id: '1c7a8d2f-6b3e-4f9c-8d4a-2e3f4a5b6c71', displayName: 'Wi-Fi Users' },
  { id: '2d8b9e3a-7c4f-4a0d-9e5b-3f4a5b6c7d82', displayName: 'VPN Users' },
  { id: '3e9caf4b-8d5a-4b1e-8f6c-4a5b6c7d8e93', displayName: 'Mac Users' },
  {
    id: '4fadb05c-9e6b-4c2f-9a7d-5b6c7d8e9fa4',
    displayName: 'Android Kiosks',
    groupTypes: ['DynamicMembership'],
    membershipRule: '(device.enrollmentProfileName -eq "Kiosk")',
  },
];

/** Assignment filters a new mock tenant starts with (one per common platform), so stacks can try filters right away. */
export const DEFAULT_SEED_FILTERS: readonly MockFilter[] = [
  {
    id: '6a0f1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c01',
    displayName: 'Corporate Windows',
    platform: 'windows10AndLater',
    rule: '(device.deviceOwnership -eq "Corporate")',
  },
  {
    id: '6a0f1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c02',
    displayName: 'Corporate iPhones',
    platform: 'iOS',
    rule: '(device.deviceOwnership -eq "Corporate") and (device.model -startsWith "iPhone")',
  },
  {
    id: '6a0f1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c03',
    displayName: 'Corporate Macs',
    platform: 'macOS',
    rule: '(device.deviceOwnership -eq "Corporate")',
  },
  {
    id: '6a0f1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c04',
    displayName: 'Android Enterprise kiosks',
    platform: 'androidForWork',
    rule: '(device.enrollmentProfileName -eq "Kiosk")',
  },
];

/** JSON.parse's (or zod's) reason, without the snippet of the file it quotes and printable only. */
function parseReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message
    .replace(/,\s*"[\s\S]*" is not valid JSON$/, '')
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .slice(0, 200);
}
