/**
 * Corrupt state and data files through the CLI (its `run`, in this process): every damaged state file
 * makes plan, apply and destroy stop with one clear line naming the file and what to do; the file and the
 * tenant are left exactly as they were. Every damaged mock data file is refused by `mock-graph serve` and
 * left as is.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates } from '../helpers/certificates';
import { runCliAsBin, serveMockProcess, spawnCli, type CliResult } from '../helpers/cli';
import { CRASH_PATTERN, lostAndDuplicates, Tally, tenantNames } from '../helpers/reliability';
import { cleanStack } from '../helpers/stacks';

jest.setTimeout(120_000);
const stateTally = new Tally('corrupt state file: plan, apply, destroy refused');
const dataTally = new Tally('corrupt mock data file: serve refused');
const dir = mkdtempSync(join(tmpdir(), 'intune-scep-corrupt-'));
const STATE = join(dir, '.intune-scep', 'state', 'corrupt.json');
let server: { url: string; stop: () => Promise<void> };
let good: string;
let tenantBefore: string[];

const cli = (args: string[]): Promise<CliResult> =>
  runCliAsBin([...args, '--config', 'cdk.tf.json', '--stack', 'corrupt', '--graph-url', server.url], {
    cwd: dir,
    env: { CI: 'true', INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z' },
  });

beforeAll(async () => {
  const certs = await testCertificates();
  server = await serveMockProcess(['--memory', '--auth', 'off']);
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(cleanStack(certs)));
  const r = await cli(['apply', '--auto-approve']);
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 0, stdout: expect.stringContaining('Apply complete') });
  good = readFileSync(STATE, 'utf8');
  tenantBefore = await tenantNames(server.url);
  expect(tenantBefore.length).toBeGreaterThan(0);
});
afterAll(() => server.stop());

const damagedStates: [string, () => string | Buffer][] = [
  ['cut off half way (a crash mid-write)', () => good.slice(0, Math.floor(good.length / 2))],
  ['empty', () => ''],
  ['binary garbage', () => Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 256))],
  ['from a newer intune-scep', () => JSON.stringify({ ...JSON.parse(good), version: 99 })],
  ['with resources that are not an object', () => JSON.stringify({ ...JSON.parse(good), resources: 'x' })],
  [
    'with a resource missing its id',
    () => {
      const s = JSON.parse(good) as { resources: Record<string, Record<string, unknown>> };
      for (const r of Object.values(s.resources)) delete r.id;
      return JSON.stringify(s);
    },
  ],
  ['with a serial that is not a number', () => JSON.stringify({ ...JSON.parse(good), serial: 'one' })],
  ['JSON nested 100,000 deep', () => `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
];

test.each(damagedStates)(
  'a state file %s: plan, apply and destroy refuse, naming the file; state and tenant unchanged',
  async (_name, damage) => {
    const content = damage();
    writeFileSync(STATE, content);
    for (const args of [['plan'], ['apply', '--auto-approve'], ['destroy', '--auto-approve']]) {
      const r = await cli(args);
      const after = readFileSync(STATE);
      const counts = lostAndDuplicates(tenantBefore, await tenantNames(server.url));
      const stateChanged = !after.equals(Buffer.from(content));
      const crashed = CRASH_PATTERN.test(r.stderr) || r.code > 1;
      stateTally.add({
        runs: 1,
        faultsInjected: 1,
        objectsLost: counts.objectsLost + (stateChanged ? 1 : 0),
        duplicates: counts.duplicates,
        crashes: crashed ? 1 : 0,
      });
      expect({ args, code: r.code, crashed }).toEqual({ args, code: 1, crashed: false });
      const error = r.stderr.split('\n').filter((l) => l.startsWith('Error') || l.includes(STATE));
      expect(error.join('\n')).toContain(STATE);
      expect(stateChanged).toBe(false);
      expect(counts).toEqual({ objectsLost: 0, duplicates: 0 });
    }
    writeFileSync(STATE, good);
  },
);

test('after the damage is repaired, the stack plans with no changes', async () => {
  writeFileSync(STATE, good);
  expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(0);
});

const damagedData: [string, string, string][] = [
  ['cut off half way', '{"format":"intune-scep-mock-tenant","version":1,"configurations":[{"id":"a","displ', 'not valid JSON'],
  ['binary garbage', '\u0000\u00ff\u0013garbage', 'not valid JSON'],
  [
    'from a newer intune-scep',
    JSON.stringify({ format: 'intune-scep-mock-tenant', version: 99, configurations: [] }),
    'newer than this intune-scep',
  ],
  ['of another format', JSON.stringify({ format: 'something-else', version: 1 }), 'damaged'],
  [
    'with configurations that are not a list',
    JSON.stringify({ format: 'intune-scep-mock-tenant', version: 1, configurations: 'x' }),
    'damaged',
  ],
];

test.each(damagedData)('a mock data file %s is refused by mock-graph serve and left as it is', async (name, content, message) => {
  const file = `data-${name.replace(/\W+/g, '-')}.json`;
  writeFileSync(join(dir, file), content);
  const r = await spawnCli(['mock-graph', 'serve', '--port', '0', '--data', file], { cwd: dir });
  const changed = readFileSync(join(dir, file), 'utf8') !== content;
  const crashed = CRASH_PATTERN.test(r.stderr) || r.code > 1;
  dataTally.add({ runs: 1, faultsInjected: 1, objectsLost: changed ? 1 : 0, duplicates: 0, crashes: crashed ? 1 : 0 });
  expect({ code: r.code, crashed }).toEqual({ code: 1, crashed: false });
  expect(r.stderr).toContain(message);
  expect(r.stderr).toContain(file);
  expect(changed).toBe(false);
});
