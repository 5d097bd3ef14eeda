/**
 * Remote state in Azure Blob Storage, against a real implementation of it (Azurite on loopback):
 * - two runners (working directories, processes) applying one stack: one holds the lease, the other
 *   fails at once naming it, and afterwards sees the first one's objects (one shared state);
 * - kill -9 of the lease holder at 10 points of an apply: force-unlock breaks the lease and the next
 *   apply converges, nothing lost or doubled;
 * - Azurite going down in the middle of an apply: the run ends with one clear line, and once it is
 *   back (force-unlock, apply) the stack converges.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzureBlobStateBackend, GraphClient, IntuneApi, LockError, applyStack, planStack, readConfig, type StackContext } from '../../lib';
import { THROTTLE_HEADER, type MockGraph } from '../../lib/mock-graph';
import { startAzurite, type Azurite } from '../helpers/azurite';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { CRASH_PATTERN } from '../helpers/reliability';
import { runCli, serveMockProcess, spawnCli } from '../helpers/cli';
import { runApplyChild, withKillableMock } from '../helpers/kill';
import { lostAndDuplicates, Tally } from '../helpers/reliability';
import { ref, synth } from '../helpers/stacks';

const tally = new Tally('remote state (Azurite): two runners, kill -9, outage');
let azurite: Azurite;
let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
  azurite = await startAzurite();
}, 60_000);
afterAll(() => azurite?.stop());

/** 2 roots, 8 SCEP profiles, 10 assignment sets: 20 objects, at least 20 writes. */
function twenty(c: TestCertificates): Record<string, unknown> {
  const roots: Record<string, Record<string, unknown>> = {};
  const profiles: Record<string, Record<string, unknown>> = {};
  const assignments: Record<string, Record<string, unknown>> = {};
  for (const p of ['windows', 'ios']) {
    roots[`root_${p}`] = { display_name: `Root ${p}`, platform: p, certificate: c.root };
    assignments[`root_${p}_assign`] = {
      profile_id: ref(`intune_trusted_root_certificate.root_${p}`),
      include_group_names: ['Wi-Fi Users'],
    };
    for (let i = 0; i < 4; i++) {
      profiles[`scep_${p}_${i}`] = {
        display_name: `SCEP ${p} ${i}`,
        platform: p,
        root_certificate_id: ref(`intune_trusted_root_certificate.root_${p}`),
        certificate_type: 'device',
        subject_name_format: 'CN={{AAD_Device_ID}}',
        scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
      };
      assignments[`scep_${p}_${i}_assign`] = {
        profile_id: ref(`intune_scep_certificate_profile.scep_${p}_${i}`),
        include_group_names: ['Wi-Fi Users'],
      };
    }
  }
  return synth({ roots, profiles, assignments });
}

const backendIn = (container: string) => new AzureBlobStateBackend({ service: azurite.service, container, blob: 'crash.json' });
const ctxFor = (m: MockGraph, container: string): StackContext => ({
  stack: 'crash',
  backend: backendIn(container),
  api: new IntuneApi(
    new GraphClient({ baseUrl: `${m.url}/beta`, throttlePolicyHeader: THROTTLE_HEADER, retry: { baseDelayMs: 1, maxDelayMs: 5 } }),
  ),
  now: () => new Date(),
});

/** The tenant holds the stack's objects once each, state holds exactly them, a plan is all no-ops. */
async function expectConverged(
  m: MockGraph,
  container: string,
  doc: Record<string, unknown>,
): Promise<{ objectsLost: number; duplicates: number }> {
  const config = readConfig(doc);
  const wanted = config.resources.filter((r) => r.type !== 'intune_profile_assignment').map((r) => String(r.attrs.display_name));
  const found = lostAndDuplicates(
    wanted,
    [...m.store.configurations.values()].map((e) => String(e.displayName)),
  );
  const state = await backendIn(container).read('crash');
  expect(state.pending).toEqual([]);
  expect(state.deposed).toEqual([]);
  expect(Object.keys(state.resources)).toHaveLength(20);
  expect(
    Object.values(state.resources)
      .filter((r) => r.type !== 'intune_profile_assignment')
      .map((r) => r.id)
      .sort(),
  ).toEqual([...m.store.configurations.keys()].sort());
  const plan = await planStack(ctxFor(m, container), config);
  expect(plan.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
  return found;
}

test("two runners, one remote state: the second apply fails at once naming the holder, then sees the first one's objects", async () => {
  const container = await azurite.container();
  // Slow enough that the first run still holds the lease when the second starts.
  const server = await serveMockProcess(['--memory', '--auth', 'off', '--throttle', 'off', '--latency-ms', '150']);
  try {
    const runner = () => {
      const dir = mkdtempSync(join(tmpdir(), 'intune-scep-runner-'));
      writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(twenty(certs)));
      return dir;
    };
    const [a, b] = [runner(), runner()];
    const env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, CI: 'true' };
    const args = [
      'apply',
      '--auto-approve',
      '--config',
      'cdk.tf.json',
      '--stack',
      'shared',
      '--graph-url',
      server.url,
      '--backend',
      'azurerm',
      '--container',
      container,
      '--key-prefix',
      'intune/',
    ];
    const first = spawnCli(args, { cwd: a, env });
    const backend = new AzureBlobStateBackend({ service: azurite.service, container, blob: 'intune/shared.json' });
    // Poll (with a deadline) until the first run holds the lease.
    const deadline = Date.now() + 20_000;
    let status = await backend.holder();
    while (typeof status !== 'object' && Date.now() < deadline)
      status = await new Promise((r) => setTimeout(r, 20)).then(() => backend.holder());
    const holder = typeof status === 'object' ? status : undefined;
    expect(holder?.operation).toBe('apply');
    const second = await runCli(args, { cwd: b, env });
    tally.add({ runs: 2, faultsInjected: 1, crashes: CRASH_PATTERN.test(second.stderr) ? 1 : 0 });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`is locked by apply (lock id ${holder?.id}, host ${holder?.host}, pid ${holder?.pid}`);
    expect(second.stderr).toContain(`force-unlock ${holder?.id}`);
    const done = await first;
    expect(done.code).toBe(0);
    // The second runner, with nothing on its disk, sees the first one's objects: no changes.
    const again = await runCli(['plan', '--detailed-exitcode', ...args.slice(2)], { cwd: b, env });
    expect(again.stdout).toContain('No changes.');
    expect(again.code).toBe(0);
  } finally {
    await server.stop();
  }
}, 60_000);

test('kill -9 of the lease holder at 10 points of an apply: force-unlock, and the next apply converges', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-remote-kill-'));
  const doc = twenty(certs);
  const configFile = join(dir, 'cdk.tf.json');
  writeFileSync(configFile, JSON.stringify(doc));
  let kills = 0;
  for (let k = 0; k < 10; k++) {
    const at = 1 + Math.floor((18 * k) / 9); // writes 1..19: inside every complete apply of 20 objects
    await withKillableMock({}, async (m, killAt) => {
      const container = await azurite.container();
      const run = runApplyChild(m.url, '', configFile, { connectionString: azurite.connectionString, container, blob: 'crash.json' });
      killAt(at, () => run.child);
      if ((await run.exit) === -1) kills++;
      await m.settled();
      // As a user would: the dead run's lease is in the way; break it by its id.
      const holder = await backendIn(container).holder();
      expect(holder).toBeDefined();
      await expect(backendIn(container).lock('apply', new Date())).rejects.toBeInstanceOf(LockError);
      if (holder === 'unknown') await backendIn(container).forceUnlockHolderless();
      else await backendIn(container).forceUnlock(holder?.id as string);
      const r = await applyStack(ctxFor(m, container), { config: readConfig(doc) });
      expect('errors' in r && r.errors).toEqual([]);
      const found = await expectConverged(m, container, doc);
      tally.add({ runs: 1, faultsInjected: 1, ...found });
      expect(found).toEqual({ objectsLost: 0, duplicates: 0 });
    });
  }
  expect(kills).toBe(10);
}, 120_000);

test('Azure Storage down in the middle of an apply: one clear error, and after it is back the stack converges', async () => {
  const doc = twenty(certs);
  await withKillableMock({}, async (m, killAt) => {
    const container = await azurite.container();
    // Azurite goes down right after the mock applied its 8th write.
    let outage: Promise<void> | undefined;
    killAt(8, () => ({ kill: () => void (outage = azurite.stop()) }));
    const failed = await applyStack(ctxFor(m, container), { config: readConfig(doc) }).then(
      (r) => ('errors' in r ? r.errors.map((e) => e.detail).join('\n') : 'no errors'),
      (e: Error) => e.message,
    );
    await outage;
    expect(outage).toBeDefined();
    expect(failed).toMatch(/Azure Storage: .* failed: /);
    expect(failed).not.toMatch(CRASH_PATTERN);
    await azurite.restart();
    const holder = await backendIn(container).holder();
    if (holder === 'unknown') await backendIn(container).forceUnlockHolderless();
    else if (holder) await backendIn(container).forceUnlock(holder.id);
    const r = await applyStack(ctxFor(m, container), { config: readConfig(doc) });
    expect('errors' in r && r.errors).toEqual([]);
    const found = await expectConverged(m, container, doc);
    tally.add({ runs: 2, faultsInjected: 1, ...found });
    expect(found).toEqual({ objectsLost: 0, duplicates: 0 });
  });
}, 120_000);

test("a stack's own AzurermBackend (cdktf) is honoured: its container, and a blob beside Terraform's state key", async () => {
  const container = await azurite.container();
  const server = await serveMockProcess(['--memory', '--auth', 'off', '--throttle', 'off']);
  try {
    const dir = mkdtempSync(join(tmpdir(), 'intune-scep-azurerm-'));
    const doc = twenty(certs) as { terraform: Record<string, unknown> };
    doc.terraform.backend = {
      azurerm: {
        storage_account_name: 'devstoreaccount1',
        container_name: container,
        key: 'prod.terraform.tfstate',
        resource_group_name: 'rg',
      },
    };
    writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(doc));
    const env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, CI: 'true' };
    const applied = await runCli(['apply', '--auto-approve', '--config', 'cdk.tf.json', '--graph-url', server.url], { cwd: dir, env });
    expect(applied.code).toBe(0);
    const blobs: string[] = [];
    for await (const b of azurite.service.getContainerClient(container).listBlobsFlat()) blobs.push(b.name);
    expect(blobs.filter((n) => !n.includes('.journal-'))).toEqual(['prod.terraform.tfstate.intune-scep.json']);
    const listed = await runCli(['state', 'list', '--config', 'cdk.tf.json'], { cwd: dir, env });
    expect(listed.stdout.split('\n').filter(Boolean)).toHaveLength(20);
    // --backend local overrides the stack: nothing there.
    const local = await runCli(['state', 'list', '--config', 'cdk.tf.json', '--backend', 'local'], { cwd: dir, env });
    expect(local.stdout).toBe('');
  } finally {
    await server.stop();
  }
}, 60_000);

test('export adopts a tenant into remote state: the state blob holds every object, and a plan from another folder changes nothing', async () => {
  const { startMockGraph } = await import('../../lib/mock-graph');
  const { exportTenant } = await import('../../lib/export');
  const mock = await startMockGraph({
    auth: 'off',
    throttle: { mode: 'off' },
    seedGroups: [{ id: '1c7a8d2f-6b3e-4f9c-8d4a-2e3f4a5b6c71', displayName: 'Wi-Fi Users' }],
  });
  try {
    const api = new IntuneApi(new GraphClient({ baseUrl: `${mock.url}/beta`, throttlePolicyHeader: THROTTLE_HEADER }));
    const seed: StackContext = {
      stack: 'seed',
      stateFile: join(mkdtempSync(join(tmpdir(), 'intune-scep-seed-')), 'seed.json'),
      api,
      now: () => new Date('2026-06-01T00:00:00Z'),
    };
    await applyStack(seed, { config: readConfig(twenty(certs)) });
    const container = await azurite.container();
    const backend = new AzureBlobStateBackend({ service: azurite.service, container, blob: 'contoso/intune.json' });
    const dir = mkdtempSync(join(tmpdir(), 'intune-scep-export-remote-'));
    const r = await exportTenant({
      api,
      dir,
      stack: 'intune',
      flavour: 'cdktf',
      source: 'the test tenant',
      packageVersion: '0.1.0',
      now: seed.now,
      backend,
    });
    expect(r.objects).toBe(10);
    expect(r.stateLocation).toBe(`blob contoso/intune.json in container ${container} of storage account devstoreaccount1`);
    const { readFileSync } = await import('node:fs');
    const config = readConfig(JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'intune', 'cdk.tf.json'), 'utf8')));
    const fresh = new AzureBlobStateBackend({ service: azurite.service, container, blob: 'contoso/intune.json' });
    expect(Object.keys((await fresh.read('intune')).resources)).toHaveLength(20);
    const plan = await planStack({ stack: 'intune', backend: fresh, api, now: seed.now }, config);
    expect(plan.changes.every((c) => c.action === 'no-op' && !c.importing)).toBe(true);
    // A container that does not exist is an error that says so, never an empty state.
    const nowhere = new AzureBlobStateBackend({ service: azurite.service, container: 'no-such-container', blob: 'x.json' });
    await expect(nowhere.read('intune')).rejects.toThrow('Create the container "no-such-container" first.');
  } finally {
    await mock.close();
  }
});
