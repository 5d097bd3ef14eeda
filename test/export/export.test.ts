/**
 * export in-process against the mock: the selection (--platform, --name) with the roots it needs,
 * profiles left out with a reason, what the names look like, overrides for what the props cannot
 * say, and refusing to write over an app or a state.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportError, exportTenant, type ExportOptions } from '../../lib/export';
import { pascalName } from '../../lib/export/build';
import { LocalStateBackend, PLATFORMS, PLATFORM_TABLE, summarize } from '../../lib';
import { adminCenterRoot, adminCenterScep } from '../helpers/admin-center';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { TestClient } from '../helpers/mock';

jest.setTimeout(60_000);
let certs: TestCertificates;
let f: EngineFixture;
let http: TestClient;
beforeAll(async () => {
  certs = await testCertificates();
});
beforeEach(async () => {
  f = await engineFixture();
  http = new TestClient(f.mock);
});
afterEach(async () => {
  await f.close();
});

const COLL = '/beta/deviceManagement/deviceConfigurations';
async function create(body: Record<string, unknown>): Promise<string> {
  const r = await http.post(COLL, JSON.parse(JSON.stringify(body)));
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return r.body.id as string;
}

function options(over: Partial<ExportOptions> = {}): ExportOptions {
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-export-unit-'));
  return { api: f.ctx.api, dir, stack: 'intune', flavour: 'cdktf', source: 'the test tenant', packageVersion: '0.1.0', now: f.ctx.now, backend: new LocalStateBackend(join(dir, '.intune-scep', 'state', 'intune.json')), ...over };
}

test('--platform and --name select profiles; the roots they reference come along, with a warning', async () => {
  const iosRoot = await create(adminCenterRoot('ios', certs.rootBase64Der, 'Root iOS'));
  await create({ ...adminCenterScep('ios', iosRoot), displayName: 'iOS Wi-Fi' });
  await create({ ...adminCenterScep('ios', iosRoot), displayName: 'iOS VPN' });
  const winRoot = await create(adminCenterRoot('windows', certs.rootBase64Der, 'Root Windows'));
  await create({ ...adminCenterScep('windows', winRoot), displayName: 'Windows Wi-Fi' });

  const o = options({ platforms: ['ios'], name: /wi-fi/i });
  const r = await exportTenant(o);
  expect(r.objects).toBe(2);
  expect(r.diagnostics.filter((d) => d.code.startsWith('export/')).map((d) => d.detail)).toEqual([expect.stringContaining('the trusted root "Root iOS"')]);
  expect(summarize(r.plan)).toEqual({ add: 0, change: 0, destroy: 0 });
  const main = readFileSync(join(o.dir, 'main.ts'), 'utf8');
  expect(main).toContain("new IosScepProfile(this, 'IosWiFi'");
  expect(main).not.toMatch(/IosVpn|Windows/);
});

test('a SCEP profile without a trusted root is left out, with the reason', async () => {
  const root = await create(adminCenterRoot('ios', certs.rootBase64Der, 'Root iOS'));
  const scep = await create({ ...adminCenterScep('ios', root), displayName: 'Orphan' });
  f.mock.store.setRootLink(scep, null);
  const o = options();
  const r = await exportTenant(o);
  expect(r.objects).toBe(1);
  expect(r.diagnostics.find((d) => d.code === 'export/profile-left-out')?.detail).toContain('"Orphan"');
  expect(readFileSync(join(o.dir, 'main.ts'), 'utf8')).not.toContain('Orphan');
});

test('what the props cannot say becomes resource.addOverride, and the first plan is still empty', async () => {
  const root = await create(adminCenterRoot('android_work_profile', certs.rootBase64Der, 'Root AE'));
  // SHA-1 on Android: the L2 type says sha2 only (devices ignore it), the tenant holds sha1.
  await create({ ...adminCenterScep('android_work_profile', root), displayName: 'Legacy', hashAlgorithm: 'sha1' });
  const o = options();
  const r = await exportTenant(o);
  expect(readFileSync(join(o.dir, 'main.ts'), 'utf8')).toContain("legacy.resource.addOverride('hash_algorithm', 'sha1');");
  expect(summarize(r.plan)).toEqual({ add: 0, change: 0, destroy: 0 });
});

test('never writes over an app or a state', async () => {
  const o = options();
  writeFileSync(join(o.dir, 'main.ts'), '// mine\n');
  await expect(exportTenant(o)).rejects.toThrow(ExportError);
  expect(readFileSync(join(o.dir, 'main.ts'), 'utf8')).toBe('// mine\n');

  const root = await create(adminCenterRoot('ios', certs.rootBase64Der, 'Root iOS'));
  void root;
  const first = options();
  await exportTenant(first);
  const again = { ...first, dir: mkdtempSync(join(tmpdir(), 'intune-scep-export-unit-')) };
  await expect(exportTenant(again)).rejects.toThrow(/already holds objects/);
  expect(existsSync(join(again.dir, 'main.ts'))).toBe(false);
});

test.each([
  ['Contoso Wi-Fi (iOS)', 'ContosoWiFiIos'],
  ['802.1X wired', 'Profile8021xWired'],
  ['***', 'Profile'],
  ['Ünïcödé ✓ name', 'UnicodeName'],
])('names: %s → %s', (text, name) => {
  expect(pascalName(text, 'Profile')).toBe(name);
});

test.each(PLATFORMS.map((p) => [p]))('filters export on %s: filteredBy in main.ts, and the first plan is empty', async (platform) => {
  const filterPlatform = PLATFORM_TABLE[platform].filterPlatforms[0] as string;
  const filter = await http.post('/beta/deviceManagement/assignmentFilters', { displayName: `Corporate ${platform}`, platform: filterPlatform, rule: '(device.deviceOwnership -eq "Corporate")' });
  expect(filter.status).toBe(201);
  const root = await create(adminCenterRoot(platform, certs.rootBase64Der, `Root ${platform}`));
  const scep = await create({ ...adminCenterScep(platform, root), displayName: `Profile ${platform}` });
  const wifiUsers = '1c7a8d2f-6b3e-4f9c-8d4a-2e3f4a5b6c71';
  const target = (filtered: boolean) => ({ target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: wifiUsers, ...(filtered ? { deviceAndAppManagementAssignmentFilterId: filter.body.id, deviceAndAppManagementAssignmentFilterType: 'exclude' } : {}) } });
  await http.post(`${COLL}/${root}/assign`, { assignments: [target(false)] });
  await http.post(`${COLL}/${scep}/assign`, { assignments: [target(true)] });
  const o = options();
  const r = await exportTenant(o);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(summarize(r.plan)).toEqual({ add: 0, change: 0, destroy: 0 });
  expect(readFileSync(join(o.dir, 'main.ts'), 'utf8')).toContain(`Group.byName('Wi-Fi Users').filteredBy(AssignmentFilter.named('Corporate ${platform}'), 'exclude')`);
});

test("the rules' findings on what the tenant holds come back (an iOS filter on a Windows profile), and the app is still written", async () => {
  const filter = await http.post('/beta/deviceManagement/assignmentFilters', { displayName: 'Corporate iPhones', platform: 'iOS', rule: '(device.deviceOwnership -eq "Corporate")' });
  const root = await create(adminCenterRoot('windows', certs.rootBase64Der, 'Root'));
  const scep = await create({ ...adminCenterScep('windows', root), displayName: 'Wi-Fi' });
  await http.post(`${COLL}/${scep}/assign`, { assignments: [{ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget', deviceAndAppManagementAssignmentFilterId: filter.body.id, deviceAndAppManagementAssignmentFilterType: 'include' } }] });
  const o = options();
  const r = await exportTenant(o);
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['assignment/filter-platform-mismatch']);
  expect(existsSync(join(o.dir, 'main.ts'))).toBe(true);
});

test('hostile display names stay data: main.ts parses, and its string literal is the name exactly', async () => {
  const ts = await import('typescript');
  const nasty = "Wi-Fi \"EAP\" 'x' \\ */ ${process.exit(1)}\u2028`tick`";
  const root = await create(adminCenterRoot('ios', certs.rootBase64Der, 'Root */ evil\nnewline'));
  await create({ ...adminCenterScep('ios', root), displayName: nasty });
  const o = options();
  const r = await exportTenant(o);
  expect(summarize(r.plan)).toEqual({ add: 0, change: 0, destroy: 0 });
  const main = readFileSync(join(o.dir, 'main.ts'), 'utf8');
  const out = ts.transpileModule(main, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS } });
  // Messages only: a diagnostic holds the whole source file, too deep for a readable failure.
  expect((out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  const literals: string[] = [];
  const visit = (n: import('typescript').Node): void => {
    if (ts.isStringLiteral(n)) literals.push(n.text);
    ts.forEachChild(n, visit);
  };
  visit(ts.createSourceFile('main.ts', main, ts.ScriptTarget.ES2022, true));
  expect(literals).toContain(nasty);
  expect(literals).toContain('Root */ evil\nnewline');
});
