/**
 * The state backend contract (backend.ts), run against every implementation here: local files, and
 * an in-memory one that proves the engine reaches state only through the interface (an apply, a
 * replacement and a plan with no state file anywhere). A remote backend joins the table.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AzureBlobStateBackend,
  LocalStateBackend,
  LockError,
  StateError,
  applyStack,
  emptyState,
  planStack,
  type LockHolder,
  type State,
  type StateBackend,
  type StateChange,
} from '../../lib';
import { startAzurite, type Azurite } from '../helpers/azurite';
import { testCertificates } from '../helpers/certificates';
import { configOf, engineFixture } from '../helpers/engine';
import { cleanStack } from '../helpers/stacks';

/** State in memory, with the same journal semantics as the files (each change replayed on read). */
class MemoryBackend implements StateBackend {
  readonly location = 'memory';
  snapshot: State | undefined;
  journalEntries: StateChange[] = [];
  lockedBy: LockHolder | undefined;
  async read(stack: string): Promise<State> {
    const s: State = structuredClone(this.snapshot ?? emptyState(stack));
    for (const c of this.journalEntries) apply(s, c);
    return s;
  }
  async lock(operation: string, now: Date) {
    if (this.lockedBy) throw new LockError(this.lockedBy, 'memory');
    const holder = { id: `lock-${operation}`, host: 'here', pid: 1, started: now.toISOString(), operation };
    this.lockedBy = holder;
    return { holder, release: async () => void (this.lockedBy = undefined) };
  }
  async append(state: State, change: StateChange): Promise<void> {
    this.journalEntries.push(structuredClone(change));
    apply(state, change);
  }
  async write(state: State): Promise<State> {
    const next = { ...state, serial: state.serial + 1, lineage: state.lineage || 'memory-lineage' };
    this.snapshot = structuredClone(next);
    this.journalEntries = [];
    return next;
  }
  async holder() {
    return this.lockedBy;
  }
  async forceUnlock(id: string) {
    const h = this.lockedBy;
    if (!h || h.id !== id) throw new StateError('not locked with that id');
    this.lockedBy = undefined;
    return h;
  }
  async forceUnlockHolderless() {
    throw new StateError('a memory lock always names its holder');
  }
}

function apply(s: State, c: StateChange): void {
  s.serial++;
  if (c.op === 'put') s.resources[c.address] = c.resource;
  else if (c.op === 'remove') delete s.resources[c.address];
  else if (c.op === 'pending') s.pending = c.pending;
  else if (c.op === 'depose') {
    const held = s.resources[c.address];
    if (held) s.deposed.push({ address: c.address, resource: held });
    delete s.resources[c.address];
  } else s.deposed = s.deposed.filter((d) => !(d.address === c.address && d.resource.id === c.id));
}

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
}, 60_000);
afterAll(() => azurite?.stop());

const BACKENDS: Record<string, () => Promise<StateBackend>> = {
  'local files': async () => new LocalStateBackend(join(mkdtempSync(join(tmpdir(), 'intune-scep-backend-')), 'state', 's.json')),
  'in memory': async () => new MemoryBackend(),
  'Azure Blob Storage (Azurite)': async () =>
    new AzureBlobStateBackend({ service: azurite.service, container: await azurite.container(), blob: 'prod/s.json' }),
};

const RESOURCE = {
  type: 'intune_trusted_root_certificate' as const,
  id: 'r1',
  attrs: {},
  config: {},
  dependencies: [],
  createBeforeDestroy: true,
};

describe.each(Object.entries(BACKENDS))('%s', (_name, make) => {
  test('an empty state to start; appends survive a re-read; a write absorbs them and moves the serial on', async () => {
    const b = await make();
    const lock = await b.lock('apply', new Date());
    const s = await b.read('s');
    expect(s).toMatchObject({ serial: 0, resources: {}, deposed: [], pending: [] });
    await b.append(s, { op: 'put', address: 'intune_trusted_root_certificate.r', resource: RESOURCE });
    await b.append(s, { op: 'depose', address: 'intune_trusted_root_certificate.r' });
    const again = await b.read('s');
    expect(again.resources).toEqual({});
    expect(again.deposed).toEqual([{ address: 'intune_trusted_root_certificate.r', resource: RESOURCE }]);
    const written = await b.write(again);
    expect(written.serial).toBe(again.serial + 1);
    expect(await b.read('s')).toEqual(written);
    await lock.release();
  });
  test('one lock at a time, naming the holder; released, or broken by its id', async () => {
    const b = await make();
    const lock = await b.lock('apply', new Date('2026-06-01T00:00:00Z'));
    await expect(b.lock('apply', new Date())).rejects.toBeInstanceOf(LockError);
    expect(await b.holder()).toEqual(lock.holder);
    await expect(b.forceUnlock('another id')).rejects.toBeInstanceOf(StateError);
    await b.forceUnlock(lock.holder.id);
    const second = await b.lock('apply', new Date());
    await second.release();
    expect(await b.holder()).toBeUndefined();
  });
});

test('the engine reaches state only through the backend: apply, replace and plan with no state file', async () => {
  const certs = await testCertificates();
  const f = await engineFixture();
  try {
    const backend = new MemoryBackend();
    const ctx = { stack: 'mem', backend, api: f.ctx.api, now: f.ctx.now };
    const first = await applyStack(ctx, { config: configOf(cleanStack(certs)) });
    expect('errors' in first && first.errors).toEqual([]);
    const replaced = await applyStack(ctx, {
      config: configOf(cleanStack(certs, { root: { platform: 'ios' }, profile: { platform: 'ios' } })),
    });
    expect('errors' in replaced && replaced.errors).toEqual([]);
    const plan = await planStack(ctx, configOf(cleanStack(certs, { root: { platform: 'ios' }, profile: { platform: 'ios' } })));
    expect(plan.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
    const state = await backend.read('mem');
    expect(Object.keys(state.resources).sort()).toEqual([
      'intune_profile_assignment.root_assign',
      'intune_profile_assignment.wifi_assign',
      'intune_scep_certificate_profile.wifi',
      'intune_trusted_root_certificate.root',
    ]);
    expect(state.deposed).toEqual([]);
    expect(existsSync(join(f.dir, 'state')) ? readdirSync(join(f.dir, 'state')) : []).toEqual([]);
  } finally {
    await f.close();
  }
});

test('state records its tenant; a plan, apply or import against another tenant is refused, and nothing is written', async () => {
  const certs = await testCertificates();
  const f = await engineFixture();
  try {
    const config = configOf(cleanStack(certs));
    const a = { ...f.ctx, tenant: 'aaaaaaaa-0000-4000-8000-00000000000a' };
    const first = await applyStack(a, { config });
    expect('errors' in first && first.errors).toEqual([]);
    const before = readFileSync(f.ctx.stateFile, 'utf8');
    expect(JSON.parse(before).tenant).toBe(a.tenant);
    const b = { ...f.ctx, tenant: 'bbbbbbbb-0000-4000-8000-00000000000b' };
    const refused = (e: unknown) => {
      expect(e).toBeInstanceOf(StateError);
      expect((e as StateError).diagnostic.code).toBe('state/other-tenant');
      expect((e as StateError).message).toContain(`holds the objects of tenant ${a.tenant}; this run is against tenant ${b.tenant}`);
    };
    refused(await planStack(b, config).catch((e: unknown) => e));
    refused(await applyStack(b, { config }).catch((e: unknown) => e));
    expect(readFileSync(f.ctx.stateFile, 'utf8')).toBe(before);
    // The same tenant in another case, and a mock (no tenant), are the same state.
    expect((await planStack({ ...a, tenant: a.tenant.toUpperCase() }, config)).changes.filter((c) => c.action !== 'no-op')).toEqual([]);
    expect((await planStack(f.ctx, config)).changes.filter((c) => c.action !== 'no-op')).toEqual([]);
  } finally {
    await f.close();
  }
});

test('Azure Blob: a snapshot write keeps the state before it as a blob snapshot, and removes the journal it absorbed', async () => {
  const container = await azurite.container();
  const b = new AzureBlobStateBackend({ service: azurite.service, container, blob: 'prod/s.json' });
  const lock = await b.lock('apply', new Date());
  const first = await b.write(await b.read('s')); // over the empty blob the lock made: nothing to keep
  const s = await b.read('s');
  await b.append(s, { op: 'put', address: 'intune_trusted_root_certificate.r', resource: RESOURCE });
  const second = await b.write(s);
  await lock.release();
  const blobs: { name: string; snapshot?: string }[] = [];
  for await (const x of azurite.service.getContainerClient(container).listBlobsFlat({ includeSnapshots: true }))
    blobs.push({ name: x.name, ...(x.snapshot ? { snapshot: x.snapshot } : {}) });
  expect(blobs.map((x) => `${x.name}${x.snapshot ? ' (snapshot)' : ''}`).sort()).toEqual(['prod/s.json', 'prod/s.json (snapshot)']);
  const kept = blobs.find((x) => x.snapshot) as { snapshot: string };
  const old = JSON.parse(
    (
      await azurite.service.getContainerClient(container).getBlobClient('prod/s.json').withSnapshot(kept.snapshot).downloadToBuffer()
    ).toString('utf8'),
  ) as { serial: number; resources: object };
  expect(old.serial).toBe(first.serial);
  expect(old.resources).toEqual({});
  expect((await b.read('s')).serial).toBe(second.serial);
});
