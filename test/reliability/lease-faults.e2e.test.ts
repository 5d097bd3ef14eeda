/**
 * Issue 24, reproductions 9 and 10: the remote lock under faults, against Azurite, through a proxy that
 * faults one kind of storage request deterministically, with the CLI in this process (its `run`), and in
 * a child process where it is killed.
 *
 * 9. Taking the lock is atomic from the user's view: a 20,000-character address (a 431 for the
 *    holder metadata), a kill and an outage between the lease and the holder metadata, an outage
 *    inside the release: the lease is released, or shown (holder named, or "held, holder unknown")
 *    with a force-unlock that breaks it; messages name the blob, never a local path.
 * 10. Losing the lease mid-apply stops the run: another run takes the lock (force-unlock + lock), or
 *    a plain storage client breaks and takes the lease; the first run starts no new step, writes
 *    nothing more to the state, and reports the lost lock first. Then the other run and a final
 *    plan converge: every object once, state matching the tenant.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzureBlobStateBackend, readConfig, type LockHolder } from '../../lib';
import { startMockGraph, type MockGraph } from '../../lib/mock-graph';
import { startAzurite, type Azurite } from '../helpers/azurite';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { BIN, childEnv, runCliAsBin, type CliResult } from '../helpers/cli';
import { SEED_GROUPS } from '../helpers/engine';
import { CRASH_PATTERN, lostAndDuplicates, Tally } from '../helpers/reliability';
import { rootsWithProfiles } from '../helpers/stacks';
import { startStorageProxy, type StorageProxy } from '../helpers/storage-proxy';

jest.setTimeout(120_000);
const tally = new Tally('lease faults: lock atomic, lost lease stops the run');
let azurite: Azurite;
let proxy: StorageProxy;
let certs: TestCertificates;

beforeAll(async () => {
  azurite = await startAzurite();
  proxy = await startStorageProxy(azurite.endpoint);
  certs = await testCertificates();
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await azurite?.stop();
});
afterEach(() => proxy.rule(() => 'forward'));

const stack = (roots: number, per: number) => rootsWithProfiles(certs, roots, per);

interface Run {
  readonly dir: string;
  readonly container: string;
  readonly mock: MockGraph;
  readonly doc: Record<string, unknown>;
  /** The CLI through the proxy (via: 'proxy') or straight to Azurite. */
  cli(args: string[], via?: 'proxy' | 'direct'): Promise<CliResult>;
  /** The CLI in a child process we can kill. */
  spawn(args: string[]): { kill(): void; done: Promise<CliResult> };
  backend(): AzureBlobStateBackend;
  /** Every object of the stack once, state holding exactly them, a plan with no changes. */
  converged(): Promise<{ objectsLost: number; duplicates: number }>;
}

const NOW = '2026-06-01T00:00:00Z';
const remoteFlags = (container: string) => ['--backend', 'azurerm', '--container', container, '--key-prefix', 'p/', '--stack', 's'];

async function withRun(doc: Record<string, unknown>, fn: (r: Run) => Promise<void>, latencyMs = 0): Promise<void> {
  const mock = await startMockGraph({ auth: 'off', throttle: { mode: 'off' }, seedGroups: SEED_GROUPS, faults: { latencyMs } });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'intune-scep-lease-'));
    writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(doc));
    const container = await azurite.container();
    const envFor = (via: 'proxy' | 'direct') => ({
      AZURE_STORAGE_CONNECTION_STRING: via === 'proxy' ? azurite.connectionStringVia(proxy.endpoint) : azurite.connectionString,
      CI: 'true',
      INTUNE_SCEP_NOW: NOW,
    });
    const withFlags = (args: string[]) => [
      ...args,
      ...(args[0] === 'force-unlock' || args[0] === 'state' ? [] : ['--config', 'cdk.tf.json', '--graph-url', mock.url]),
      ...remoteFlags(container),
    ];
    const run: Run = {
      dir,
      container,
      mock,
      doc,
      cli: async (args, via = 'direct') => {
        const r = await runCliAsBin(withFlags(args), { cwd: dir, env: envFor(via) });
        tally.add({ runs: 1, crashes: CRASH_PATTERN.test(r.stderr) ? 1 : 0 });
        return r;
      },
      spawn: (args) => {
        const child = spawn(process.execPath, [BIN, ...withFlags(args)], {
          cwd: dir,
          env: childEnv({ PATH: process.env.PATH ?? '', ...envFor('proxy') }),
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const done = new Promise<CliResult>((resolve) => child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
        tally.add({ runs: 1 });
        return { kill: () => child.kill('SIGKILL'), done };
      },
      backend: () => new AzureBlobStateBackend({ service: azurite.service, container, blob: 'p/s.json' }),
      converged: async () => {
        const config = readConfig(doc);
        const wanted = config.resources.filter((c) => c.type !== 'intune_profile_assignment').map((c) => String(c.attrs.display_name));
        const found = lostAndDuplicates(
          wanted,
          [...mock.store.configurations.values()].map((e) => String(e.displayName)),
        );
        const state = await run.backend().read('s');
        expect(state.pending).toEqual([]);
        expect(Object.keys(state.resources)).toHaveLength(config.resources.length);
        expect(
          Object.values(state.resources)
            .filter((x) => x.type !== 'intune_profile_assignment')
            .map((x) => x.id)
            .sort(),
        ).toEqual([...mock.store.configurations.keys()].sort());
        const plan = await run.cli(['plan', '--detailed-exitcode']);
        expect(plan.stdout).toContain('No changes.');
        expect(plan.code).toBe(0);
        return found;
      },
    };
    await fn(run);
  } finally {
    await mock.close();
  }
}

/** The blob as messages must name it: account, container and blob name; never a local lock file. */
function expectNamesBlob(text: string, container: string): void {
  expect(text).toContain('p/s.json');
  expect(text).toContain(container);
  expect(text).toContain('devstoreaccount1');
  expect(text).not.toMatch(/\.lock\b|remove .*json/);
}

const isHolder = (h: unknown): h is LockHolder => typeof h === 'object' && h !== null;

test('a 20,000-character address: the holder metadata stays small, the lock is released, and the next run is not locked out', async () => {
  await withRun(stack(1, 1), async (run) => {
    const address = `intune_scep_certificate_profile.${'x'.repeat(20_000)}`;
    const rm = await run.cli(['state', 'rm', address]);
    tally.add({ faultsInjected: 1 });
    expect(rm.code).toBe(1);
    expect(rm.stderr).toMatch(/is not in state/);
    expect(await run.backend().holder()).toBeUndefined();
    // Held, the holder is there and bounded (metadata has an 8 KiB limit).
    const lock = await run.backend().lock(`state rm ${address}`, new Date(NOW));
    const held = await run.backend().holder();
    expect(isHolder(held) && held.id).toBe(lock.holder.id);
    expect(isHolder(held) && held.operation.length).toBeLessThanOrEqual(200);
    await lock.release();
    const applied = await run.cli(['apply', '--auto-approve']);
    expect(applied.stdout).toContain('Apply complete! Resources: 4 added');
    const found = await run.converged();
    tally.add(found);
    expect(found).toEqual({ objectsLost: 0, duplicates: 0 });
  });
});

test('killed between taking the lease and naming itself: the lock shows "held, holder unknown", names the blob, and force-unlock --holderless breaks it', async () => {
  await withRun(stack(1, 1), async (run) => {
    // An earlier run leaves its holder record on the blob: it must not pass for the holder of a later lease.
    const earlier = await run.backend().lock('state rm x', new Date(NOW));
    await earlier.release();
    let child: { kill(): void } | undefined;
    let killed = false;
    proxy.rule((r) => {
      if (r.comp === 'metadata' && r.method === 'PUT' && !killed) {
        killed = true;
        child?.kill();
        return 'reset';
      }
      return 'forward';
    });
    const first = run.spawn(['apply', '--auto-approve']);
    child = first;
    await first.done;
    tally.add({ faultsInjected: 1 });
    expect(killed).toBe(true);
    expect(run.mock.store.configurations.size).toBe(0);
    const next = await run.cli(['apply', '--auto-approve']);
    expect(next.code).toBe(1);
    expect(next.stderr).toContain('held, holder unknown (a run that died while taking the lock)');
    expect(next.stderr).not.toContain(earlier.holder.id);
    expect(next.stderr).toContain('force-unlock --holderless');
    expectNamesBlob(next.stderr, run.container);
    // An id cannot name a lock without a holder: the command says what to use instead.
    const byId = await run.cli(['force-unlock', earlier.holder.id]);
    expect(byId.code).toBe(1);
    expect(byId.stderr).toContain('--holderless');
    expectNamesBlob(byId.stderr, run.container);
    const unlocked = await run.cli(['force-unlock', '--holderless']);
    expect(unlocked.stdout).toContain('Unlocked');
    expect(unlocked.code).toBe(0);
    expect((await run.cli(['apply', '--auto-approve'])).stdout).toContain('Apply complete! Resources: 4 added');
    const found = await run.converged();
    tally.add(found);
    expect(found).toEqual({ objectsLost: 0, duplicates: 0 });
  });
});

test('storage down between taking the lease and naming itself: the run says so, naming the blob, and releases the lease', async () => {
  await withRun(stack(1, 1), async (run) => {
    let faults = 0;
    proxy.rule((r) => (r.comp === 'metadata' && r.method === 'PUT' ? (faults++, 'reset') : 'forward'));
    const first = await run.cli(['apply', '--auto-approve'], 'proxy');
    proxy.rule(() => 'forward');
    tally.add({ faultsInjected: faults });
    expect(faults).toBeGreaterThan(0);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/^Error: Azure Storage: recording the lock holder on .* failed/m);
    expectNamesBlob(first.stderr, run.container);
    expect(await run.backend().holder()).toBeUndefined();
    expect(run.mock.store.configurations.size).toBe(0);
    expect((await run.cli(['apply', '--auto-approve'])).stdout).toContain('Apply complete! Resources: 4 added');
    const found = await run.converged();
    tally.add(found);
    expect(found).toEqual({ objectsLost: 0, duplicates: 0 });
  });
});

test('storage down inside the release: the run says unlocking failed; the lock still names its holder, and force-unlock <id> breaks it', async () => {
  await withRun(stack(1, 1), async (run) => {
    let faults = 0;
    proxy.rule((r) => (r.comp === 'lease' && (r.leaseAction === 'release' || r.leaseAction === 'break') ? (faults++, 'reset') : 'forward'));
    const first = await run.cli(['apply', '--auto-approve'], 'proxy');
    proxy.rule(() => 'forward');
    tally.add({ faultsInjected: faults });
    expect(faults).toBeGreaterThan(0);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/unlocking .* failed/);
    expectNamesBlob(first.stderr, run.container);
    const held = await run.backend().holder();
    expect(isHolder(held)).toBe(true);
    const id = isHolder(held) ? held.id : '';
    const next = await run.cli(['apply', '--auto-approve']);
    expect(next.code).toBe(1);
    expect(next.stderr).toContain(`is locked by apply (lock id ${id}`);
    expect(next.stderr).toContain(`force-unlock ${id}`);
    expectNamesBlob(next.stderr, run.container);
    expect((await run.cli(['force-unlock', id])).code).toBe(0);
    const found = await run.converged();
    tally.add(found);
    expect(found).toEqual({ objectsLost: 0, duplicates: 0 });
  });
});

/** The journal and snapshot as they are: what a run wrote since is what differs. */
async function stateBlobs(run: Run): Promise<string> {
  const container = azurite.service.getContainerClient(run.container);
  const out: string[] = [];
  for await (const b of container.listBlobsFlat()) out.push(`${b.name}:${b.properties.etag}:${b.properties.contentLength}`);
  return out.sort().join('\n');
}

const TAKEOVERS: Record<string, (run: Run) => Promise<() => Promise<void>>> = {
  'another run takes the lock (force-unlock, then lock)': async (run) => {
    const other = run.backend();
    const holder = await other.holder();
    if (!isHolder(holder)) throw new Error('the first run holds no lock');
    await other.forceUnlock(holder.id);
    const lock = await other.lock('apply', new Date(NOW));
    await other.read('s');
    return () => lock.release();
  },
  'a storage client breaks the lease and takes it': async (run) => {
    const blob = azurite.service.getContainerClient(run.container).getBlockBlobClient('p/s.json');
    await blob.getBlobLeaseClient().breakLease(0);
    const lease = blob.getBlobLeaseClient();
    await lease.acquireLease(-1);
    return async () => void (await lease.releaseLease());
  },
};

test.each(Object.entries(TAKEOVERS))(
  'the lease lost mid-apply (%s): the run stops, reports it first, and the other run converges',
  async (name, takeover) => {
    // 5 roots with 5 profiles each: 60 objects, far more steps than run at once (16).
    await withRun(
      stack(5, 5),
      async (run) => {
        let appends = 0;
        let writesAtTakeover = -1;
        let blobsAtTakeover = '';
        let release: (() => Promise<void>) | undefined;
        proxy.rule(async (r): Promise<'forward'> => {
          if (r.comp === 'appendblock' && ++appends === 6) {
            release = await takeover(run);
            writesAtTakeover = run.mock.stats.writes;
            blobsAtTakeover = await stateBlobs(run);
          }
          return 'forward';
        });
        const first = await run.spawn(['apply', '--auto-approve']).done;
        proxy.rule(() => 'forward');
        tally.add({ faultsInjected: 1, crashes: CRASH_PATTERN.test(first.stderr) ? 1 : 0 });
        expect(writesAtTakeover).toBeGreaterThanOrEqual(0);
        expect(first.code).toBe(1);
        // The lost lock is the first error, naming the blob; no "unlocking failed" hides or precedes it.
        const errors = first.stderr.split('\n').filter((l) => l.startsWith('Error: '));
        expect(errors[0]).toMatch(
          /^Error: the state lock of .* was lost \(broken by force-unlock or another run\); \d+ step\(s\) were applied, recorded in /,
        );
        expectNamesBlob(errors[0] as string, run.container);
        expect(first.stdout).not.toContain('Apply complete');
        // No new step started: Graph writes after the takeover are the steps in flight at most (16 at once).
        const after = run.mock.stats.writes - writesAtTakeover;
        expect(after).toBeLessThanOrEqual(16);
        expect(run.mock.store.configurations.size).toBeLessThan(30);
        // Nothing more written to the state: every write after the loss was refused (a plain client can
        // let the one append in flight at that moment through).
        const blobsAfter = await stateBlobs(run);
        if (name.startsWith('another run')) expect(blobsAfter).toBe(blobsAtTakeover);
        else expect(blobsAfter.split('\n').filter((l) => !blobsAtTakeover.split('\n').includes(l)).length).toBeLessThanOrEqual(1);
        // The other run: it holds the lock, lets go, and applies; then a final plan has nothing to do.
        await release?.();
        const second = await run.cli(['apply', '--auto-approve']);
        expect(second.code).toBe(0);
        const found = await run.converged();
        tally.add(found);
        expect(found).toEqual({ objectsLost: 0, duplicates: 0 });
      },
      20,
    );
  },
);
