/**
 * Import blocks written by someone who can add files to a pull request: a block may adopt only what
 * `intune-scep import` would (adopt.ts, one check). Another platform's object at an address would be
 * replaced (deleted) by the next apply; another profile's assignments at an assignment set's address
 * would be rewritten. Both are refused at plan, and the tenant and state stay as they were.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { serveMockProcess, runCliAsBin, type CliResult } from '../helpers/cli';
import { CRASH_PATTERN, Tally, tenantNames } from '../helpers/reliability';
import { cleanStack, platformStack, ref } from '../helpers/stacks';

jest.setTimeout(120_000);
const tally = new Tally('hostile import blocks: refused like intune-scep import');

let certs: TestCertificates;
let server: { url: string; stop: () => Promise<void> };
let dir: string;
const env = { CI: 'true', INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z' };
const cli = (args: string[]): Promise<CliResult> => runCliAsBin([...args, '--graph-url', server.url], { cwd: dir, env });
const stateOf = (stack: string) =>
  JSON.parse(readFileSync(join(dir, '.intune-scep', 'state', `${stack}.json`), 'utf8')) as { resources: Record<string, { id: string }> };
type Doc = { resource: Record<string, Record<string, Record<string, unknown>>>; import?: unknown[] };

async function assignmentsOf(id: string): Promise<unknown[]> {
  const r = (await (await fetch(`${server.url}/beta/deviceManagement/deviceConfigurations/${id}/assignments`)).json()) as {
    value: { target: unknown }[];
  };
  return r.value.map((a) => a.target);
}

/** Plan and apply of `stack` are refused with `message`; the tenant (names, the victim's assignments) unchanged. */
async function refused(stack: string, message: RegExp, victim: string): Promise<void> {
  const names = (await tenantNames(server.url)).sort();
  const assigned = await assignmentsOf(victim);
  for (const command of [['plan'], ['apply', '--auto-approve']]) {
    const r = await cli([...command, '--config', `${stack}.json`, '--stack', stack]);
    tally.add({ runs: 1, faultsInjected: 1, crashes: CRASH_PATTERN.test(r.stderr) ? 1 : 0 });
    expect(r.stderr).not.toMatch(CRASH_PATTERN);
    expect(r.stdout + r.stderr).toMatch(message);
    expect(r.code).toBe(1);
  }
  const after = (await tenantNames(server.url)).sort();
  tally.add({ objectsLost: names.filter((n) => !after.includes(n)).length, duplicates: Math.max(0, after.length - names.length) });
  expect(after).toEqual(names);
  expect(await assignmentsOf(victim)).toEqual(assigned);
}

beforeAll(async () => {
  certs = await testCertificates();
  server = await serveMockProcess(['--memory', '--auth', 'off']);
  dir = mkdtempSync(join(tmpdir(), 'intune-scep-hostile-imports-'));
  const mac = platformStack(certs, 'macos', {}, { deployment_channel: 'device' }) as Doc;
  mac.resource.intune_profile_assignment = {
    p_assign: { profile_id: ref('intune_scep_certificate_profile.p'), include_group_names: ['Wi-Fi Users'] },
    root_assign: { profile_id: ref('intune_trusted_root_certificate.root'), include_group_names: ['Wi-Fi Users'] },
  };
  writeFileSync(join(dir, 'mac.json'), JSON.stringify(mac));
  const r = await cli(['apply', '--auto-approve', '--config', 'mac.json', '--stack', 'mac']);
  expect(r.stderr).not.toMatch(/Error/);
});
afterAll(() => server.stop());

test("an import block that puts a macOS root at a Windows root's address is refused: apply would delete it", async () => {
  const macRoot = stateOf('mac').resources['intune_trusted_root_certificate.root']!.id;
  const doc = cleanStack(certs) as Doc;
  doc.import = [{ to: 'intune_trusted_root_certificate.root', id: macRoot }];
  writeFileSync(join(dir, 'win.json'), JSON.stringify(doc));
  await refused(
    'win',
    new RegExp(
      `\\[config/import-mismatch\\][\\s\\S]*cannot adopt ${macRoot}: ${macRoot} is a macos trusted root .* declares platform "windows"`,
    ),
    macRoot,
  );
});

test("an import block that puts another profile's assignments at an assignment set's address is refused", async () => {
  const macProfile = stateOf('mac').resources['intune_scep_certificate_profile.p']!.id;
  // A Windows stack adopts its root and profile (made by another run) with import blocks, as an
  // exported app does; its assignment set's block names the macOS profile instead.
  writeFileSync(join(dir, 'win0.json'), JSON.stringify(cleanStack(certs)));
  expect((await cli(['apply', '--auto-approve', '--config', 'win0.json', '--stack', 'win0'])).code).toBe(0);
  const win0 = stateOf('win0').resources;
  const doc = cleanStack(certs) as Doc;
  doc.import = [
    { to: 'intune_trusted_root_certificate.root', id: win0['intune_trusted_root_certificate.root']!.id },
    { to: 'intune_scep_certificate_profile.wifi', id: win0['intune_scep_certificate_profile.wifi']!.id },
    { to: 'intune_profile_assignment.wifi_assign', id: macProfile },
  ];
  writeFileSync(join(dir, 'win2.json'), JSON.stringify(doc));
  await refused(
    'win2',
    new RegExp(`cannot adopt ${macProfile}: ${macProfile} is not the profile intune_profile_assignment\\.wifi_assign assigns`),
    macProfile,
  );
});

test('an import block that adopts an object the stack already holds, at a second address, is refused', async () => {
  const macRoot = stateOf('mac').resources['intune_trusted_root_certificate.root']!.id;
  const doc = JSON.parse(readFileSync(join(dir, 'mac.json'), 'utf8')) as Doc;
  doc.resource.intune_trusted_root_certificate!.root2 = { ...doc.resource.intune_trusted_root_certificate!.root };
  doc.import = [{ to: 'intune_trusted_root_certificate.root2', id: macRoot.toUpperCase() }];
  writeFileSync(join(dir, 'mac2.json'), JSON.stringify(doc));
  const r = await cli(['plan', '--config', 'mac2.json', '--stack', 'mac']);
  tally.add({ runs: 1, faultsInjected: 1, crashes: CRASH_PATTERN.test(r.stderr) ? 1 : 0 });
  expect(r.stdout).toContain(`is already held at intune_trusted_root_certificate.root; one object is managed at one address`);
  expect(r.code).toBe(1);
});

test('intune-scep import refuses the same objects, through the same check', async () => {
  const macProfile = stateOf('mac').resources['intune_scep_certificate_profile.p']!.id;
  writeFileSync(join(dir, 'win3.json'), JSON.stringify(cleanStack(certs)));
  const r = await cli(['import', '--config', 'win3.json', '--stack', 'win3', 'intune_profile_assignment.wifi_assign', macProfile]);
  expect(r.stderr).not.toMatch(CRASH_PATTERN);
  expect(r.stderr).toContain(
    `cannot import ${macProfile} into intune_profile_assignment.wifi_assign: intune_profile_assignment.wifi_assign assigns intune_scep_certificate_profile.wifi, which holds no object yet`,
  );
  expect(r.code).toBe(1);
});
