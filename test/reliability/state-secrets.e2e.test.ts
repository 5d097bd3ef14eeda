/**
 * Issue 24, reproduction 7: storage secrets never reach a terminal. The CLI, in child processes, with
 * AZURE_STORAGE_CONNECTION_STRING holding an account SAS (SharedAccessSignature=...&sig=...) or an
 * account key, through every error path of the blob backend (403, missing container, storage down,
 * lease conflict, 412 from a lease lost mid-apply, an error that echoes the request URL, bad
 * connection strings) and the success lines
 * (apply, plan, state list, force-unlock, export's "State:" line). No output holds a `sig` value or
 * the account key, in any encoding.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzureBlobStateBackend } from '../../lib';
import { startMockGraph, type MockGraph } from '../../lib/mock-graph';
import { startAzurite, type Azurite } from '../helpers/azurite';
import { testCertificates } from '../helpers/certificates';
import { spawnCli, type CliResult } from '../helpers/cli';
import { SEED_GROUPS } from '../helpers/engine';
import { CRASH_PATTERN, Tally } from '../helpers/reliability';
import { cleanStack } from '../helpers/stacks';
import { startStorageProxy, type StorageProxy } from '../helpers/storage-proxy';

jest.setTimeout(120_000);
const tally = new Tally('secrets in output: redacted', { objects: false });
/** Azurite's account key: public, but it stands for the account key a user would have here. */
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
let azurite: Azurite;
let mock: MockGraph;
let proxy: StorageProxy;
let dir: string;
const outputs: { run: string; text: string }[] = [];
/** Every secret of the runs, as given (the sig raw, and as it sits in a URL). */
const secrets = new Set<string>([ACCOUNT_KEY]);

beforeAll(async () => {
  azurite = await startAzurite();
  proxy = await startStorageProxy(azurite.endpoint);
  mock = await startMockGraph({ auth: 'off', throttle: { mode: 'off' }, seedGroups: SEED_GROUPS });
  dir = mkdtempSync(join(tmpdir(), 'intune-scep-state-secrets-'));
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(cleanStack(await testCertificates())));
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await mock?.close();
  await azurite?.stop();
});

function sas(o: { endpoint?: string; forge?: boolean } = {}): string {
  const s = azurite.sas(o);
  secrets.add(s.sig).add(encodeURIComponent(s.sig));
  return s.connectionString;
}

/** The CLI in a child process; its output is kept for the search at the end. */
async function cli(run: string, args: string[], connectionString: string, extraEnv: Record<string, string> = {}): Promise<CliResult> {
  const r = await spawnCli(args, {
    cwd: dir,
    env: { AZURE_STORAGE_CONNECTION_STRING: connectionString, CI: 'true', INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z', ...extraEnv },
  });
  outputs.push({ run, text: r.stdout + r.stderr });
  tally.add({ runs: 1, faultsInjected: 1, crashes: CRASH_PATTERN.test(r.stderr) ? 1 : 0 });
  return r;
}

const remote = (container: string, stack = 's') => [
  '--backend',
  'azurerm',
  '--container',
  container,
  '--key-prefix',
  'p/',
  '--stack',
  stack,
];
const graph = () => ['--config', 'cdk.tf.json', '--graph-url', mock.url];

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

test('success lines (apply, plan, state list, export, force-unlock) and every error path of the blob backend: no SAS signature, no account key', async () => {
  const container = await azurite.container();
  // Successes, with a SAS.
  const applied = await cli('apply', ['apply', '--auto-approve', ...graph(), ...remote(container)], sas());
  expect(applied.stdout).toContain('Apply complete! Resources: 4 added');
  expect((await cli('plan', ['plan', ...graph(), ...remote(container)], sas())).stdout).toContain('No changes.');
  expect((await cli('state list', ['state', 'list', ...remote(container)], sas())).stdout).toContain(
    'intune_scep_certificate_profile.wifi',
  );
  const exported = await cli('export', ['export', '--out', 'exported', '--graph-url', mock.url, ...remote(container, 'exported')], sas());
  expect(exported.code).toBe(0);
  expect(exported.stdout).toMatch(/^State: .*p\/exported\.json.* holds every object/m);

  // Lease conflict, then force-unlock (success line).
  const held = new AzureBlobStateBackend({ service: azurite.service, container, blob: 'p/s.json' });
  const lock = await held.lock('apply', new Date('2026-06-01T00:00:00Z'));
  const locked = await cli('lease conflict', ['apply', '--auto-approve', ...graph(), ...remote(container)], sas());
  expect(locked.code).toBe(1);
  expect(locked.stderr).toContain(`lock id ${lock.holder.id}`);
  const unlocked = await cli('force-unlock', ['force-unlock', lock.holder.id, ...remote(container)], sas());
  expect(unlocked.stdout).toContain('Unlocked');

  // 403: a signature the account refuses; and an account key that is not the account's.
  const refused = await cli('403 (SAS)', ['plan', ...graph(), ...remote(container)], sas({ forge: true }));
  expect(refused.stderr).toMatch(/403/);
  const wrongKey = Buffer.from('a wrong account key, 64 bytes long, for the 403 path of the test!').toString('base64');
  secrets.add(wrongKey);
  const refusedKey = await cli(
    '403 (key)',
    ['plan', ...graph(), ...remote(container)],
    azurite.connectionString.replace(ACCOUNT_KEY, wrongKey),
  );
  expect(refusedKey.stderr).toMatch(/403/);

  // 404: no such container (SAS and key).
  expect((await cli('404 container (SAS)', ['plan', ...graph(), ...remote('no-such-container')], sas())).stderr).toMatch(
    /Create the container "no-such-container" first/,
  );
  expect((await cli('404 container (key)', ['plan', ...graph(), ...remote('no-such-container')], azurite.connectionString)).stderr).toMatch(
    /Create the container "no-such-container" first/,
  );

  // Storage down: nothing listens at the endpoint.
  const down = `http://127.0.0.1:${await closedPort()}/devstoreaccount1`;
  expect((await cli('storage down (SAS)', ['plan', ...graph(), ...remote(container)], sas({ endpoint: down }))).stderr).toMatch(
    /Azure Storage: .* failed/,
  );
  expect((await cli('storage down (key)', ['plan', ...graph(), ...remote(container)], azurite.connectionStringVia(down))).stderr).toMatch(
    /Azure Storage: .* failed/,
  );

  // 412: the lease is broken and taken by another client at the run's first journal append.
  const lost = await azurite.container();
  let taken = false;
  proxy.rule(async (r): Promise<'forward'> => {
    if (r.comp === 'appendblock' && !taken) {
      taken = true;
      const blob = azurite.service.getContainerClient(lost).getBlockBlobClient('p/s.json');
      await blob.getBlobLeaseClient().breakLease(0);
      await blob.getBlobLeaseClient().acquireLease(-1);
    }
    return 'forward';
  });
  const stolen = await cli(
    '412 (lease lost mid-apply)',
    ['apply', '--auto-approve', ...graph(), ...remote(lost)],
    sas({ endpoint: proxy.endpoint }),
  );
  proxy.rule(() => 'forward');
  expect(taken).toBe(true);
  expect(stolen.code).toBe(1);
  expect(stolen.stderr).toMatch(/lost|412/);

  // A storage answer (or a proxy on the way) that echoes the request, SAS and all, in its message:
  // only the redaction stands between it and the terminal.
  proxy.rule((r) =>
    r.method === 'GET'
      ? {
          status: 400,
          code: 'InvalidQueryParameterValue',
          message: `Value for one of the query parameters specified in the request URI is invalid. URI: http://127.0.0.1${r.url}`,
        }
      : 'forward',
  );
  const echoed = await cli('400 echoing the request', ['plan', ...graph(), ...remote(container)], sas({ endpoint: proxy.endpoint }));
  proxy.rule(() => 'forward');
  expect(echoed.stderr).toMatch(/failed: 400 InvalidQueryParameterValue: .*URI: .*sig=\[redacted\]/);

  // Bad connection strings: an endpoint that is no URL, no endpoint at all, a key that is no key.
  const sasQuery = sas().split('SharedAccessSignature=')[1] as string;
  for (const [run, connection] of [
    ['bad connection string: endpoint no URL', `BlobEndpoint=http://[::1;SharedAccessSignature=${sasQuery}`],
    ['bad connection string: no endpoint', `SharedAccessSignature=${sasQuery}`],
    [
      'bad connection string: key not base64',
      `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${ACCOUNT_KEY.slice(0, 40)}!!;BlobEndpoint=${azurite.endpoint};`,
    ],
  ] as const) {
    secrets.add(`${ACCOUNT_KEY.slice(0, 40)}!!`);
    const r = await cli(run, ['plan', ...graph(), ...remote(container)], connection);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('Error: '))).toHaveLength(1);
  }

  // The search: no secret in any output, and no `sig=` with a value.
  expect(outputs.length).toBeGreaterThanOrEqual(16);
  const leaks = outputs.flatMap((o) => [...secrets].filter((s) => o.text.includes(s)).map((s) => `${o.run}: ${s.slice(0, 8)}...`));
  expect(leaks).toEqual([]);
  const sigs = outputs
    .filter((o) => /\bsig=(?!\[redacted\])[^&\s"']/i.test(o.text) || /AccountKey=(?!\[redacted\])[^;\s"']/i.test(o.text))
    .map((o) => o.run);
  expect(sigs).toEqual([]);
});
