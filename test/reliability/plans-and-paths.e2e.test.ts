/**
 * Tampered plans, hostile names and odd files through the CLI (its `run`, in this process; the bin in a
 * child process where a FIFO or a device could block) against a mock Graph process: a run acts on its
 * own stack only, touches nothing outside `.intune-scep/`, and refuses with one line; the tenant and
 * every other stack are unchanged afterwards.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  rmSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { savePlan, loadPlan, type Plan } from '../../lib/engine';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { serveMockProcess, runCliAsBin, spawnCli, type CliResult } from '../helpers/cli';
import { CRASH_PATTERN, Tally, tenantNames } from '../helpers/reliability';
import { cleanStack } from '../helpers/stacks';

jest.setTimeout(120_000);
const plans = new Tally('tampered saved plans: apply refused');
const paths = new Tally('stack names, state files and outputs: refused or kept inside', { objects: false });

let certs: TestCertificates;
let server: { url: string; stop: () => Promise<void> };
let dir: string;
const env = { CI: 'true', INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z' };
const cli = (args: string[], extra: Record<string, string> = {}): Promise<CliResult> =>
  runCliAsBin([...args, '--graph-url', server.url], { cwd: dir, env: { ...env, ...extra } });
/**
 * The built bin in a child process, for files a careless read or write would block on (a FIFO, a
 * device): a blocked child fails its test at the timeout, a blocked jest worker would hang the run.
 */
const binCli = (args: string[]): Promise<CliResult> => spawnCli([...args, '--graph-url', server.url], { cwd: dir, env });
const stateOf = (stack: string) =>
  JSON.parse(readFileSync(join(dir, '.intune-scep', 'state', `${stack}.json`), 'utf8')) as {
    serial: number;
    resources: Record<string, { id: string }>;
  };

/** One clear line and exit 1; counted. */
function refused(r: CliResult, message: RegExp | string, tally: Tally): void {
  tally.add({ runs: 1, faultsInjected: 1, crashes: CRASH_PATTERN.test(r.stderr) ? 1 : 0 });
  expect(r.stderr).not.toMatch(CRASH_PATTERN);
  expect(r.stderr).toMatch(typeof message === 'string' ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : message);
  expect(r.code).toBe(1);
}

beforeAll(async () => {
  certs = await testCertificates();
  server = await serveMockProcess(['--memory', '--auth', 'off']);
  dir = mkdtempSync(join(tmpdir(), 'intune-scep-plans-paths-'));
  writeFileSync(
    join(dir, 'a.json'),
    JSON.stringify(cleanStack(certs, { root: { display_name: 'Root A' }, profile: { display_name: 'Wi-Fi A' } })),
  );
  writeFileSync(
    join(dir, 'b.json'),
    JSON.stringify(cleanStack(certs, { root: { display_name: 'Root B' }, profile: { display_name: 'Wi-Fi B' } })),
  );
  for (const s of ['a', 'b']) expect((await cli(['apply', '--auto-approve', '--config', `${s}.json`, '--stack', s])).code).toBe(0);
  // Stack a's next plan has an in-place update to tamper with.
  writeFileSync(
    join(dir, 'a2.json'),
    JSON.stringify(
      cleanStack(certs, { root: { display_name: 'Root A' }, profile: { display_name: 'Wi-Fi A', renewal_threshold_percentage: 30 } }),
    ),
  );
});
afterAll(() => server.stop());

async function unchanged<T>(run: () => Promise<T>): Promise<T> {
  const tenant = (await tenantNames(server.url)).sort();
  const states = ['a', 'b'].map((s) => readFileSync(join(dir, '.intune-scep', 'state', `${s}.json`), 'utf8'));
  const r = await run();
  const after = (await tenantNames(server.url)).sort();
  const lostCount = tenant.filter((n) => !after.includes(n)).length;
  expect(after).toEqual(tenant);
  expect(['a', 'b'].map((s) => readFileSync(join(dir, '.intune-scep', 'state', `${s}.json`), 'utf8'))).toEqual(states);
  plans.add({ objectsLost: lostCount, duplicates: Math.max(0, after.length - tenant.length) });
  return r;
}

describe('saved plans are sealed', () => {
  let planFile: string;
  let plan: Plan;
  beforeAll(async () => {
    planFile = join(dir, 'plan.json');
    const p = await cli(['plan', '--config', 'a2.json', '--stack', 'a', '--out', 'plan.json']);
    expect(p.code).toBe(0);
    plan = loadPlan(planFile).plan;
    expect(plan.changes.some((c) => c.action === 'update')).toBe(true);
  });

  test("an edited change (delete, with another stack's id) is refused: the digest no longer matches", async () => {
    const doc = JSON.parse(readFileSync(planFile, 'utf8')) as {
      plan: { changes: { action: string; id?: string; after?: unknown; desired?: unknown }[] };
    };
    const victim = stateOf('b').resources['intune_scep_certificate_profile.wifi']!.id;
    const c = doc.plan.changes.find((x) => x.action === 'update')!;
    c.action = 'delete'; // a well-formed delete: only the digest can tell
    c.id = victim;
    c.after = null;
    delete c.desired;
    writeFileSync(join(dir, 'edited.json'), JSON.stringify(doc));
    const r = await unchanged(() => cli(['apply', 'edited.json', '--config', 'a2.json']));
    refused(r, 'was changed after "intune-scep plan --out" saved it (its digest does not match its content)', plans);
  });

  test('the same edit, sealed again by someone who knows the format, is refused: apply makes the plan again', async () => {
    const victim = stateOf('b').resources['intune_scep_certificate_profile.wifi']!.id;
    // A well-formed delete (the plan schema refuses a delete with a desired config or an after).
    const saved = loadPlan(planFile);
    const forged = {
      ...saved.plan,
      changes: saved.plan.changes.map((c) =>
        c.action === 'update'
          ? { ...c, action: 'delete' as const, id: victim, after: null, desired: undefined, replacePaths: [] as const }
          : c,
      ),
    };
    savePlan(join(dir, 'forged.json'), { ...saved, plan: forged });
    const r = await unchanged(() => cli(['apply', 'forged.json', '--config', 'a2.json']));
    refused(
      r,
      /the saved plan no longer holds: .*intune_scep_certificate_profile\.wifi: the plan shows delete, and it would now be update\. .*Nothing was applied/,
      plans,
    );
  });

  test("--stack other than the plan's is refused, not ignored", async () => {
    refused(
      await unchanged(() => cli(['apply', 'plan.json', '--stack', 'b', '--config', 'a2.json'])),
      'plan.json is a plan for stack "a", not "b" (--stack)',
      plans,
    );
  });

  test('a plan made against one Graph is refused against another', async () => {
    const other = server.url.replace('127.0.0.1', 'localhost');
    const r = await unchanged(() => runCliAsBin(['apply', 'plan.json', '--config', 'a2.json', '--graph-url', other], { cwd: dir, env }));
    refused(r, `plan.json was made against ${server.url}/beta, not ${other}/beta`, plans);
  });

  test('a FIFO, a directory or a huge file as a plan is refused unread', async () => {
    execFileSync('mkfifo', [join(dir, 'fifo.json')]);
    mkdirSync(join(dir, 'dir.json'));
    refused(await unchanged(() => binCli(['apply', 'fifo.json'])), 'fifo.json is not a regular file', plans);
    refused(await unchanged(() => binCli(['apply', 'dir.json'])), 'dir.json is not a regular file', plans);
    refused(await unchanged(() => binCli(['apply', '/dev/zero'])), '/dev/zero is not a regular file', plans);
  });

  test('a damaged plan file (cut off half way) is refused with its reason', async () => {
    const text = readFileSync(planFile, 'utf8');
    writeFileSync(join(dir, 'cut.json'), text.slice(0, Math.floor(text.length / 2)));
    refused(await unchanged(() => cli(['apply', 'cut.json'])), /cut\.json is not a saved plan: not valid JSON \(/, plans);
  });

  test('the plan as saved still applies', async () => {
    const r = await cli(['apply', 'plan.json', '--config', 'a2.json']);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
  });
});

describe('stack names are names; files are written safely', () => {
  test('--stack with a path is refused, and nothing is written outside .intune-scep/state', async () => {
    for (const bad of ['../../../outside', '..', 'a/b', '.hidden', '']) {
      const r = await cli(['plan', '--config', 'a.json', '--stack', bad, '--out', 'x.json']);
      refused(r, /is not a stack name\. A stack name has letters, digits, "\.", "_" and "-"/, paths);
    }
    expect(existsSync(join(dir, '..', '..', 'outside.json'))).toBe(false);
    expect(readdirSync(join(dir, '.intune-scep', 'state')).filter((f) => !/^(a|b)\.json(\.journal)?$/.test(f))).toEqual([]);
  });

  test("a state file copied to another stack's name is refused, not planned for destruction", async () => {
    writeFileSync(join(dir, '.intune-scep', 'state', 'c.json'), readFileSync(join(dir, '.intune-scep', 'state', 'a.json')));
    refused(
      await cli(['plan', '--config', 'b.json', '--stack', 'c']),
      /belongs to stack "a", not "c"\. It was left untouched; use --stack "a"/,
      paths,
    );
  });

  test('plan --out to a directory, a FIFO or a link to stdout is refused; no temp file is left', async () => {
    mkdirSync(join(dir, 'outdir'));
    execFileSync('mkfifo', [join(dir, 'outfifo')]);
    symlinkSync('/dev/stdout', join(dir, 'outlink'));
    for (const [out, what] of [
      ['outdir', 'a directory'],
      ['outfifo', 'a FIFO'],
      ['outlink', ''],
      ['/dev/full', 'a device'],
    ] as const) {
      const r = await binCli(['plan', '--config', 'a.json', '--stack', 'a', '--out', out]);
      refused(r, new RegExp(`${out.replace(/\//g, '\\/')} is ${what || '\\S+'}.*; intune-scep writes only regular files`), paths);
    }
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  test('nothing is written through a symbolic link: a linked state file, a dangling --out, a linked journal', async () => {
    const shared = join(dir, 'shared');
    mkdirSync(shared);
    const file = join(dir, '.intune-scep', 'state', 'b.json');
    renameSync(file, join(shared, 'b.json'));
    symlinkSync(join(shared, 'b.json'), file);
    writeFileSync(
      join(dir, 'b2.json'),
      JSON.stringify(
        cleanStack(certs, { root: { display_name: 'Root B' }, profile: { display_name: 'Wi-Fi B', renewal_threshold_percentage: 30 } }),
      ),
    );
    const linked = readFileSync(join(shared, 'b.json'), 'utf8');
    refused(
      await cli(['apply', '--auto-approve', '--config', 'b2.json', '--stack', 'b']),
      /b\.json is a symbolic link \(to .*shared\/b\.json\); intune-scep writes only regular files, never through a link/,
      paths,
    );
    expect(readFileSync(join(shared, 'b.json'), 'utf8')).toBe(linked);
    unlinkSync(file);
    renameSync(join(shared, 'b.json'), file);
    // A dangling link a pull request adds: it would create a folder and a file wherever it points.
    symlinkSync(join(dir, 'elsewhere', 'deep', 'planned.json'), join(dir, 'dangling.json'));
    refused(
      await cli(['plan', '--config', 'a.json', '--stack', 'a', '--out', 'dangling.json']),
      /dangling\.json is a symbolic link \(to .*planned\.json\)/,
      paths,
    );
    expect(existsSync(join(dir, 'elsewhere'))).toBe(false);
    // The journal, linked elsewhere: the apply's first write is refused, nothing lands there.
    rmSync(join(dir, '.intune-scep', 'state', 'b.json.journal'), { force: true });
    symlinkSync(join(dir, 'journal-outside.txt'), join(dir, '.intune-scep', 'state', 'b.json.journal'));
    const r = await cli(['apply', '--auto-approve', '--config', 'b2.json', '--stack', 'b']);
    expect(r.stderr).toMatch(/b\.json\.journal is a symbolic link; intune-scep writes only regular files, never through a link/);
    expect(existsSync(join(dir, 'journal-outside.txt'))).toBe(false);
    unlinkSync(join(dir, '.intune-scep', 'state', 'b.json.journal'));
    paths.add({ runs: 1, faultsInjected: 1, crashes: CRASH_PATTERN.test(r.stderr) ? 1 : 0 });
  });
});

describe('import and state commands check what they touch', () => {
  test("import of another platform's object into an address is refused", async () => {
    const ios = await fetch(`${server.url}/beta/deviceManagement/deviceConfigurations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        '@odata.type': '#microsoft.graph.iosTrustedRootCertificate',
        displayName: 'iOS root',
        trustedRootCertificate: certs.root.replace(/-----[A-Z ]+-----|\s/g, ''),
        certFileName: 'root.cer',
      }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    writeFileSync(
      join(dir, 'd.json'),
      JSON.stringify(cleanStack(certs, { root: { display_name: 'Root D' }, profile: { display_name: 'Wi-Fi D' } })),
    );
    const r = await cli(['import', 'intune_trusted_root_certificate.root', ios.id, '--config', 'd.json', '--stack', 'd']);
    refused(
      r,
      /is a ios trusted root \(#microsoft\.graph\.iosTrustedRootCertificate\); intune_trusted_root_certificate\.root declares platform "windows"/,
      paths,
    );
  });

  test('state show and rm look addresses up as own keys: constructor, __proto__ and toString are not in state', async () => {
    const serial = stateOf('a').serial;
    for (const address of ['constructor', '__proto__', 'toString']) {
      refused(await runCliAsBin(['state', 'show', address, '--stack', 'a'], { cwd: dir, env }), `${address} is not in state`, paths);
      refused(await runCliAsBin(['state', 'rm', address, '--stack', 'a'], { cwd: dir, env }), `${address} is not in state`, paths);
    }
    expect(stateOf('a').serial).toBe(serial);
  });

  test('a held lock names the stack in its force-unlock hint', async () => {
    const lock = join(dir, '.intune-scep', 'state', 'a.json.lock');
    writeFileSync(
      lock,
      JSON.stringify({
        id: '5f0c3a1e-2b4d-4c6e-8f10-1a2b3c4d5e6f',
        host: 'elsewhere',
        pid: 1,
        started: '2026-06-01T00:00:00.000Z',
        operation: 'apply',
      }),
    );
    try {
      refused(
        await cli(['apply', '--auto-approve', '--config', 'a.json', '--stack', 'a']),
        'break the lock with: intune-scep force-unlock 5f0c3a1e-2b4d-4c6e-8f10-1a2b3c4d5e6f --stack a',
        paths,
      );
    } finally {
      unlinkSync(lock);
    }
  });

  test('state commands use the stack plan and apply use: the one under cdktf.out/stacks/', async () => {
    const app = mkdtempSync(join(tmpdir(), 'intune-scep-state-default-'));
    mkdirSync(join(app, 'cdktf.out', 'stacks', 'wifi'), { recursive: true });
    writeFileSync(
      join(app, 'cdktf.out', 'stacks', 'wifi', 'cdk.tf.json'),
      JSON.stringify(cleanStack(certs, { root: { display_name: 'Root W' }, profile: { display_name: 'Wi-Fi W' } })),
    );
    expect((await runCliAsBin(['apply', '--auto-approve', '--graph-url', server.url], { cwd: app, env })).code).toBe(0);
    const list = await runCliAsBin(['state', 'list'], { cwd: app, env });
    expect(list.stdout.split('\n').filter(Boolean)).toHaveLength(4);
    paths.add({ runs: 1 });
  });
});
