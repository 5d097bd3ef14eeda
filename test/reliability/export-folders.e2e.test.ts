/**
 * Hostile folders for `intune-scep export` (issue 24), through the CLI (its `run`, in this process,
 * against a mock Graph process): a folder that already holds a project's files, links out of the folder
 * (`roots`, `main.ts`, `.intune-scep`, `cdktf.out`). Each is refused with one line naming what is in the
 * way, before a byte is written: every file is byte-identical afterwards, nothing appeared anywhere (the
 * folder, the links' targets), no state was written and the tenant is unchanged. `--out` itself a link,
 * and a folder holding only `.git`, are where the app goes. Every run counts in the reliability table; a
 * refused run that changed a file counts it as lost.
 */
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminCenterRoot, adminCenterScep } from '../helpers/admin-center';
import { testCertificates } from '../helpers/certificates';
import { serveMockProcess, runCliAsBin, spawnCli, type CliResult } from '../helpers/cli';
import { CRASH_PATTERN, Tally, lostAndDuplicates, tenantNames } from '../helpers/reliability';
import { graph } from '../helpers/terraform';

jest.setTimeout(120_000);
const tally = new Tally('hostile folders: export writes only inside --out');

let mock: { url: string; stop: () => Promise<void> };
const env = { CI: 'true', INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z' };
const WANTED = ['Root iOS', 'iOS Wi-Fi'];

beforeAll(async () => {
  const certs = await testCertificates();
  mock = await serveMockProcess(['--memory', '--auth', 'off']);
  const post = async (body: unknown) => {
    const r = await graph(mock.url, 'POST', '/deviceManagement/deviceConfigurations', body);
    if (r.status !== 201) throw new Error(JSON.stringify(r.json));
    return r.json.id as string;
  };
  const root = await post(adminCenterRoot('ios', certs.rootBase64Der, 'Root iOS'));
  await post({ ...adminCenterScep('ios', root), displayName: 'iOS Wi-Fi' });
});
afterAll(() => mock?.stop());

/** Every entry under a folder (links not followed): file bytes, link targets, folders. */
function snapshotOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel))) {
      const key = join(rel, name);
      const st = lstatSync(join(dir, key));
      if (st.isSymbolicLink()) out[key] = `-> ${readlinkSync(join(dir, key))}`;
      else if (st.isDirectory()) {
        out[key] = 'dir';
        walk(key);
      } else out[key] = readFileSync(join(dir, key)).toString('base64');
    }
  };
  walk('');
  return out;
}

/** The tenant's objects, all of them, as Graph returns them. */
async function tenant(): Promise<string> {
  return JSON.stringify((await graph(mock.url, 'GET', '/deviceManagement/deviceConfigurations')).json.value);
}

/** How many entries differ between two snapshots (changed, made or gone). */
const changed = (a: Record<string, string>, b: Record<string, string>) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).length;

/**
 * Export into `work/app` after `prepare` laid out the folder (and whatever its links point to,
 * inside `work`): refused with one line matching `named`, and every byte under `work` as it was.
 */
async function refused(prepare: (work: string, app: string) => void, named: RegExp): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'intune-scep-hostile-folder-'));
  const app = join(work, 'app');
  mkdirSync(app);
  prepare(work, app);
  const before = snapshotOf(work);
  const tenantBefore = await tenant();
  const r: CliResult = await runCliAsBin(['export', '--graph-url', mock.url, '--out', 'app'], { cwd: work, env });
  const after = snapshotOf(work);
  // A file a refused run changed or made counts as lost, as a tenant object gone does.
  const counted = lostAndDuplicates(WANTED, await tenantNames(mock.url));
  tally.add({
    runs: 1,
    faultsInjected: 1,
    crashes: CRASH_PATTERN.test(r.stderr) || r.code > 1 ? 1 : 0,
    objectsLost: changed(before, after) + counted.objectsLost,
    duplicates: counted.duplicates,
  });
  expect(r.stderr).not.toMatch(CRASH_PATTERN);
  expect(r.code).toBe(1);
  // One line: the error (after the line saying which tenant export reads).
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(named);
  expect(r.stdout).toBe('');
  expect(after).toEqual(before);
  expect(await tenant()).toBe(tenantBefore);
  expect(counted).toEqual({ objectsLost: 0, duplicates: 0 });
}

describe('refused, named, nothing written', () => {
  test.each([
    ['package.json', '{"name":"my-project","scripts":{"postinstall":"echo mine"}}\n'],
    ['tsconfig.json', '{"compilerOptions":{"strict":false}}\n'],
    ['.gitignore', 'secrets/\n'],
  ])('%s already in the folder', async (file, content) => {
    await refused(
      (_work, app) => writeFileSync(join(app, file), content),
      new RegExp(`^Error: \\S+app already holds ${file.replace('.', '\\.')}: export writes a new app only into an empty folder`),
    );
  });

  test('roots a link to another folder: no certificate lands there', async () => {
    await refused((work, app) => {
      const elsewhere = join(work, 'elsewhere');
      mkdirSync(elsewhere);
      symlinkSync(elsewhere, join(app, 'roots'));
    }, /already holds roots:/);
  });

  test('main.ts a link to a file elsewhere: the file is not written through', async () => {
    await refused((work, app) => {
      const victim = join(work, 'victim');
      mkdirSync(victim);
      writeFileSync(join(victim, 'index.ts'), 'export const mine = 1;\n');
      symlinkSync(join(victim, 'index.ts'), join(app, 'main.ts'));
    }, /already holds main\.ts:/);
  });

  test('.intune-scep and cdktf.out links to another folder: no state and no stack land there', async () => {
    await refused((work, app) => {
      const elsewhere = join(work, 'elsewhere');
      mkdirSync(elsewhere);
      symlinkSync(elsewhere, join(app, '.intune-scep'));
      symlinkSync(elsewhere, join(app, 'cdktf.out'));
    }, /already holds \.intune-scep, cdktf\.out:/);
  });

  test('a link to nowhere in the folder', async () => {
    await refused((work, app) => symlinkSync(join(work, 'not-there'), join(app, 'package.json')), /already holds package\.json:/);
  });
});

// The built bin in a child process: stderr must hold the one line export prints and nothing else a
// process would show (a warning Node prints once per process), and the app is made from dist/, as
// users get it (files beside the compiled modules, the built constructs' declarations).
describe('where the app goes', () => {
  test('--out a link to an empty folder: followed (it is the path the user gave); the app is written in the folder', async () => {
    const work = mkdtempSync(join(tmpdir(), 'intune-scep-out-link-'));
    mkdirSync(join(work, 'real'));
    symlinkSync(join(work, 'real'), join(work, 'app'));
    const r = await spawnCli(['export', '--graph-url', mock.url, '--out', 'app'], { cwd: work, env });
    tally.add({ runs: 1, crashes: CRASH_PATTERN.test(r.stderr) || r.code > 1 ? 1 : 0 });
    expect({ code: r.code, stderr: r.stderr.split('\n').slice(1).join('\n') }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toContain('First plan: no changes');
    expect(lstatSync(join(work, 'app')).isSymbolicLink()).toBe(true);
    expect(readdirSync(join(work, 'real')).sort()).toEqual([
      '.gitignore',
      '.intune-scep',
      'cdktf.json',
      'cdktf.out',
      'main.ts',
      'package.json',
      'roots',
      'tsconfig.json',
    ]);
  });

  test('a folder holding nothing but .git (a fresh git init): the app is written beside it, .git untouched', async () => {
    const work = mkdtempSync(join(tmpdir(), 'intune-scep-out-git-'));
    mkdirSync(join(work, 'app', '.git'), { recursive: true });
    writeFileSync(join(work, 'app', '.git', 'HEAD'), 'ref: refs/heads/main\n');
    const r = await spawnCli(['export', '--graph-url', mock.url, '--out', 'app'], { cwd: work, env });
    tally.add({ runs: 1, crashes: CRASH_PATTERN.test(r.stderr) || r.code > 1 ? 1 : 0 });
    expect(r.code).toBe(0);
    expect(readFileSync(join(work, 'app', '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(readdirSync(join(work, 'app', '.git'))).toEqual(['HEAD']);
    expect(readdirSync(join(work, 'app'))).toContain('main.ts');
  });
});
