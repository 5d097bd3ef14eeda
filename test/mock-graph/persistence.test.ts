/** The tenant survives restarts; damaged files are refused and left as they are (kill -9 and a second process: persistence.e2e.test.ts). */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockDataError, TenantStore, startMockGraph } from '../../lib/mock-graph';
import { T, TestClient } from '../helpers/mock';
import { lostAndDuplicates, Tally } from '../helpers/reliability';

const tally = new Tally('mock tenant: kill -9, torn and damaged data files');

const dir = mkdtempSync(join(tmpdir(), 'intune-scep-mock-data-'));
let n = 0;
const freshFile = () => join(dir, `tenant-${++n}.json`);
/** @odata.context holds the server's URL, whose port changes across restarts. */
const withoutContexts = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !k.endsWith('@odata.context') && k !== '@odata.context'));

test('objects, links, assignments and groups survive a clean restart', async () => {
  const file = freshFile();
  const m1 = await startMockGraph({ dataFile: file, throttle: { mode: 'off' }, seedGroups: [{ id: 'g1', displayName: 'Wi-Fi Users' }] });
  const c1 = new TestClient(m1);
  const root = await c1.createRoot();
  const scep = await c1.createScep(T.winScep, root);
  await c1.post(`/beta/deviceManagement/deviceConfigurations/${scep}/assign`, {
    assignments: [{ target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: 'g1' } }],
  });
  const before = (await c1.get(`/beta/deviceManagement/deviceConfigurations/${scep}?$expand=assignments,rootCertificate`)).body;
  await m1.close();

  const m2 = await startMockGraph({ dataFile: file, throttle: { mode: 'off' } });
  try {
    const c2 = new TestClient(m2);
    const after = (await c2.get(`/beta/deviceManagement/deviceConfigurations/${scep}?$expand=assignments,rootCertificate`)).body;
    expect(withoutContexts(after)).toEqual(withoutContexts(before));
    expect(after.assignments).toHaveLength(1);
    expect(m2.store.groups.get('g1')?.displayName).toBe('Wi-Fi Users');
  } finally {
    await m2.close();
  }
});

test('a torn last journal line (a crash mid-append) is dropped; the rest replays', async () => {
  const file = freshFile();
  const m = await startMockGraph({ dataFile: file, throttle: { mode: 'off' } });
  let id: string;
  let journal: string;
  try {
    id = await new TestClient(m).createRoot();
    // What is on disk before close() compacts it, as a crash would leave it, plus a torn line.
    journal = readFileSync(`${file}.journal`, 'utf8');
  } finally {
    await m.close();
  }
  const file2 = freshFile();
  writeFileSync(`${file2}.journal`, `${journal}{"op":"put","entity":{"id":"x"`);
  const store = TenantStore.open(file2);
  tally.add({ runs: 1, faultsInjected: 1, ...lostAndDuplicates([id], [...store.configurations.keys()]) });
  expect([...store.configurations.keys()]).toEqual([id]);
  store.close();
});

test.each([
  ['invalid JSON', '{"format": "intune-scep-mock-tenant",', 'not valid JSON'],
  ['the wrong shape', JSON.stringify({ format: 'intune-scep-mock-tenant', version: 1, configurations: 'x' }), 'damaged'],
  ['a newer format', JSON.stringify({ format: 'intune-scep-mock-tenant', version: 99, configurations: [] }), 'newer than this intune-scep'],
])('a data file with %s is refused with a clear error and left untouched', async (_n, content, message) => {
  const file = freshFile();
  writeFileSync(file, content);
  const err = await startMockGraph({ dataFile: file }).then(
    (m) => (void m.close(), undefined),
    (e: unknown) => e,
  );
  const changed = readFileSync(file, 'utf8') !== content;
  tally.add({ runs: 1, faultsInjected: 1, objectsLost: changed ? 1 : 0, crashes: err instanceof MockDataError ? 0 : 1 });
  expect(err).toBeInstanceOf(MockDataError);
  expect((err as Error).message).toContain(message);
  expect(changed).toBe(false);
  expect(existsSync(`${file}.lock`)).toBe(false);
});

test('a damaged journal line in the middle is refused', async () => {
  const file = freshFile();
  const journal = 'garbage\n{"op":"delete","id":"x"}\n';
  writeFileSync(`${file}.journal`, journal);
  expect(() => TenantStore.open(file)).toThrow('damaged at line 1');
  tally.add({ runs: 1, faultsInjected: 1, objectsLost: readFileSync(`${file}.journal`, 'utf8') === journal ? 0 : 1 });
  expect(readFileSync(`${file}.journal`, 'utf8')).toBe(journal);
});

test('the journal is compacted into the snapshot on close', async () => {
  const file = freshFile();
  const m = await startMockGraph({ dataFile: file, throttle: { mode: 'off' } });
  try {
    await new TestClient(m).createRoot();
    expect(readFileSync(`${file}.journal`, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
  } finally {
    await m.close();
  }
  expect(readFileSync(`${file}.journal`, 'utf8')).toBe('');
  expect(JSON.parse(readFileSync(file, 'utf8')).configurations).toHaveLength(1);
});
