/**
 * Issue 24, reproduction 8: a key prefix or a stack's AzurermBackend key is a blob name inside the
 * container, never a path out of it. `--key-prefix ../other/` (and the variable, and a cdk.tf.json
 * whose backend key climbs out) is refused with one line naming where it came from, before any
 * storage request: the container "other" stays empty, and so does the run's own container. So is
 * everything the SDK or URL parsing would normalise (dot segments, backslashes, percent-encoding,
 * empty segments, control characters, `?`, `#`, names longer than Azure's blob-name limit).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockGraph, type MockGraph } from '../../lib/mock-graph';
import { startAzurite, type Azurite } from '../helpers/azurite';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { runCli, runCliAsBin, type CliResult } from '../helpers/cli';
import { SEED_GROUPS } from '../helpers/engine';
import { CRASH_PATTERN, Tally } from '../helpers/reliability';
import { cleanStack } from '../helpers/stacks';

jest.setTimeout(120_000);
const tally = new Tally('stack names, state files and outputs: refused or kept inside', { objects: false });
let azurite: Azurite;
let mock: MockGraph;
let certs: TestCertificates;

beforeAll(async () => {
  azurite = await startAzurite();
  mock = await startMockGraph({ auth: 'off', throttle: { mode: 'off' }, seedGroups: SEED_GROUPS });
  certs = await testCertificates();
  // The container an escaping name would land in.
  await azurite.service.getContainerClient('other').createIfNotExists();
}, 60_000);
afterAll(async () => {
  await mock?.close();
  await azurite?.stop();
});

async function blobsIn(container: string): Promise<string[]> {
  const names: string[] = [];
  for await (const b of azurite.service.getContainerClient(container).listBlobsFlat()) names.push(b.name);
  return names;
}

function app(backendKey?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-keys-'));
  const doc = cleanStack(certs) as { terraform: Record<string, unknown> };
  if (backendKey !== undefined)
    doc.terraform.backend = {
      azurerm: { storage_account_name: 'devstoreaccount1', container_name: 'ignored-by-flag', key: backendKey, resource_group_name: 'rg' },
    };
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(doc));
  return dir;
}

/** Refused: exit 1, one line naming `source`, no stack trace, and no blob anywhere. */
async function expectRefused(r: CliResult, source: RegExp, container: string): Promise<void> {
  tally.add({ runs: 1, faultsInjected: 1, crashes: CRASH_PATTERN.test(r.stderr) ? 1 : 0 });
  expect(r.code).toBe(1);
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('Error: '));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(source);
  expect(await blobsIn('other')).toEqual([]);
  expect(await blobsIn(container)).toEqual([]);
}

test('--key-prefix ../other/ (flag, variable, and a stack AzurermBackend key) is refused before any write; the container "other" stays empty', async () => {
  const container = await azurite.container();
  const env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, CI: 'true' };
  const args = [
    'apply',
    '--auto-approve',
    '--config',
    'cdk.tf.json',
    '--graph-url',
    mock.url,
    '--backend',
    'azurerm',
    '--container',
    container,
  ];
  await expectRefused(
    await runCliAsBin([...args, '--key-prefix', '../other/'], { cwd: app(), env }),
    /--key-prefix "\.\.\/other\/".*"\.\."/,
    container,
  );
  await expectRefused(
    await runCliAsBin(args, { cwd: app(), env: { ...env, INTUNE_SCEP_STORAGE_KEY_PREFIX: '../other/' } }),
    /INTUNE_SCEP_STORAGE_KEY_PREFIX "\.\.\/other\/"/,
    container,
  );
  await expectRefused(
    await runCliAsBin(args, { cwd: app('../other/prod.tfstate'), env }),
    /AzurermBackend key "\.\.\/other\/prod\.tfstate".*cdk\.tf\.json/,
    container,
  );
  // The same name that stays inside works (the check refuses names, not prefixes).
  const ok = await runCliAsBin([...args, '--key-prefix', 'intune/prod/'], { cwd: app(), env });
  expect(ok.stdout).toContain('Apply complete! Resources: 4 added');
  expect(ok.code).toBe(0);
  expect(await blobsIn(container)).toEqual(['intune/prod/default.json']);
  expect(await blobsIn('other')).toEqual([]);
});

const HOSTILE: Record<string, string> = {
  'a dot-dot segment in the middle': 'intune/../../other/',
  'a dot segment': './prod/',
  'only dots': '.../',
  'a name ending in a dot': 'prod./',
  'a backslash': '..\\other\\',
  'percent-encoded dots': '%2e%2e/other/',
  'an empty segment': 'intune//prod/',
  'a leading slash': '/other/',
  'a question mark': 'prod?comp=list/',
  'a hash': 'prod#x/',
  'a control character': 'prod\u0007/',
  'a NUL byte': 'prod\u0000/',
  'a space': 'my prod/',
  'non-ASCII lookalike dots': '\u2024\u2024/other/',
  'over the blob-name limit': `${'a'.repeat(1_000)}/`,
};

test.each(Object.entries(HOSTILE))('--key-prefix with %s is refused, naming the flag', async (_name, prefix) => {
  const container = await azurite.container();
  const r = await runCli(
    ['plan', '--config', 'cdk.tf.json', '--graph-url', mock.url, '--backend', 'azurerm', '--container', container, '--key-prefix', prefix],
    { cwd: app(), env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString } },
  );
  await expectRefused(r, /^Error: --key-prefix /, container);
});

test.each(Object.entries({ ...HOSTILE, 'a key whose blob would pass the limit': 'k'.repeat(1_010) }))(
  "a stack's AzurermBackend key with %s is refused, naming cdk.tf.json",
  async (_name, key) => {
    const container = await azurite.container();
    const r = await runCli(['plan', '--config', 'cdk.tf.json', '--graph-url', mock.url, '--container', container], {
      cwd: app(key),
      env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
    });
    await expectRefused(r, /^Error: the AzurermBackend key .* in cdk\.tf\.json /, container);
  },
);
