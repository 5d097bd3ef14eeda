/** The tenant survives kill -9 of the process serving it, and a second live process cannot serve it (the mock in a child process). */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TenantStore, startMockGraph } from '../../lib/mock-graph';
import { REPO } from '../helpers/cli';
import { T } from '../helpers/mock';
import { lostAndDuplicates, Tally } from '../helpers/reliability';

const tally = new Tally('mock tenant: kill -9, torn and damaged data files');

const dir = mkdtempSync(join(tmpdir(), 'intune-scep-mock-data-'));
let n = 0;
const freshFile = () => join(dir, `tenant-${++n}.json`);

test('an answered write survives kill -9 of the serving process', async () => {
  const file = freshFile();
  const child = spawn(process.execPath, [join(REPO, 'test', 'fixtures', 'mock-child.js'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
  });
  const ids: string[] = [];
  for (let i = 0; i < 25; i++) {
    const r = await fetch(`${url}/beta/deviceManagement/deviceConfigurations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ '@odata.type': T.iosRoot, displayName: `root ${i}`, trustedRootCertificate: 'AA==' }),
    });
    expect(r.status).toBe(201);
    ids.push(((await r.json()) as { id: string }).id);
  }
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  expect(existsSync(`${file}.lock`)).toBe(true); // left behind by the killed process: stale
  const store = TenantStore.open(file);
  try {
    tally.add({ runs: 1, faultsInjected: 1, ...lostAndDuplicates(ids, [...store.configurations.keys()]) });
    expect([...store.configurations.keys()]).toEqual(ids);
  } finally {
    store.close();
  }
});

test('a second live process cannot serve the same tenant', async () => {
  const file = freshFile();
  const child = spawn(process.execPath, [join(REPO, 'test', 'fixtures', 'mock-child.js'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  try {
    await expect(startMockGraph({ dataFile: file })).rejects.toThrow(`in use by process ${child.pid}`);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
  const m = await startMockGraph({ dataFile: file }); // the stale lock is taken over
  await m.close();
});
