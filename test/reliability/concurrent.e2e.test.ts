/**
 * Concurrent runs of the real CLI against one tenant: two stacks at once both converge; two applies
 * of one stack at once end with one refused by the lock (naming its holder) and nothing doubled.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { serveMockProcess, spawnCli, type CliResult } from '../helpers/cli';
import { CRASH_PATTERN, lostAndDuplicates, Tally, tenantNames } from '../helpers/reliability';
import { ref, synth } from '../helpers/stacks';

const tally = new Tally('concurrent runs against one tenant');

jest.setTimeout(120_000);
let certs: TestCertificates;
let server: { url: string; stop: () => Promise<void> };
beforeAll(async () => {
  certs = await testCertificates();
  server = await serveMockProcess(['--memory', '--auth', 'off', '--throttle', 'intune', '--time-scale', '0.05']);
});
afterAll(() => server.stop());

/** The display names a stack of `stack(prefix, n)` creates. */
const wanted = (prefix: string, n: number) => [`${prefix} root`, ...Array.from({ length: n }, (_, i) => `${prefix} ${i}`)];

/** Counts the runs (a stack trace or an exit code above 1 is a crash) and what the tenant holds against what is wanted. */
async function tallyRuns(results: CliResult[], want: string[], prefixes: string[]): Promise<void> {
  const found = (await tenantNames(server.url)).filter((n) => prefixes.some((p) => n.startsWith(`${p} `)));
  tally.add({
    runs: results.length,
    faultsInjected: results.length - 1,
    crashes: results.filter((r) => CRASH_PATTERN.test(r.stderr) || r.code > 1).length,
    ...lostAndDuplicates(want, found),
  });
}

function stack(prefix: string, n: number): unknown {
  const profiles: Record<string, Record<string, unknown>> = {};
  const assignments: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < n; i++) {
    profiles[`p${i}`] = {
      display_name: `${prefix} ${i}`,
      platform: 'ios',
      root_certificate_id: ref('intune_trusted_root_certificate.root'),
      certificate_type: 'device',
      subject_name_format: 'CN={{AAD_Device_ID}}',
      scep_server_urls: ['https://ndes.contoso.com/x'],
    };
    assignments[`p${i}_assign`] = { profile_id: ref(`intune_scep_certificate_profile.p${i}`), include_group_names: ['Wi-Fi Users'] };
  }
  assignments.root_assign = { profile_id: ref('intune_trusted_root_certificate.root'), include_group_names: ['Wi-Fi Users'] };
  return synth({ roots: { root: { display_name: `${prefix} root`, platform: 'ios', certificate: certs.root } }, profiles, assignments });
}

test('two stacks applied at the same time against one tenant both converge', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-concurrent-'));
  writeFileSync(join(dir, 'a.json'), JSON.stringify(stack('Stack A', 30)));
  writeFileSync(join(dir, 'b.json'), JSON.stringify(stack('Stack B', 30)));
  const run = (file: string, name: string, cmd: string[]) =>
    spawnCli([...cmd, '--config', file, '--stack', name, '--graph-url', server.url], { cwd: dir, env: { CI: 'true' } });
  const [a, b] = await Promise.all([run('a.json', 'a', ['apply', '--auto-approve']), run('b.json', 'b', ['apply', '--auto-approve'])]);
  await tallyRuns([a, b], [...wanted('Stack A', 30), ...wanted('Stack B', 30)], ['Stack A', 'Stack B']);
  expect([
    { code: a.code, stderr: a.stderr.slice(-2000) },
    { code: b.code, stderr: b.stderr.slice(-2000) },
  ]).toEqual([expect.objectContaining({ code: 0 }), expect.objectContaining({ code: 0 })]);
  expect(a.stdout).toContain('62 added');
  expect(b.stdout).toContain('62 added');
  expect((await run('a.json', 'a', ['plan', '--detailed-exitcode'])).code).toBe(0);
  expect((await run('b.json', 'b', ['plan', '--detailed-exitcode'])).code).toBe(0);
});

test('two applies of one stack at the same time: one is refused by the lock, nothing is doubled', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-concurrent-same-'));
  writeFileSync(join(dir, 'c.json'), JSON.stringify(stack('Stack C', 30)));
  const run = (cmd: string[]) =>
    spawnCli([...cmd, '--config', 'c.json', '--stack', 'c', '--graph-url', server.url], { cwd: dir, env: { CI: 'true' } });
  const results = await Promise.all([run(['apply', '--auto-approve']), run(['apply', '--auto-approve'])]);
  await tallyRuns(results, wanted('Stack C', 30), ['Stack C']);
  const codes = results.map((r) => r.code).sort();
  const refused = results.find((r) => r.code === 1);
  if (codes[1] === 1) {
    expect(codes).toEqual([0, 1]);
    expect(refused?.stderr).toMatch(/is locked by apply \(lock id [0-9a-f-]{36}, host .+, pid \d+, started/);
  } else {
    // The second started after the first finished: it found nothing to do.
    expect(results.some((r) => r.stdout.includes('0 added'))).toBe(true);
  }
  const plan = await run(['plan', '--json']);
  const changes = (JSON.parse(plan.stdout) as { resource_changes: { change: { actions: string[] } }[] }).resource_changes;
  expect(changes.filter((c) => c.change.actions[0] !== 'no-op')).toEqual([]);
  expect(changes).toHaveLength(62);
});
