/**
 * export in-process against the mock: the selection (--platform, --name) with the roots it needs,
 * profiles left out with a reason, what the names look like, overrides for what the props cannot
 * say, and refusing to write over an app or a state.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportError, exportTenant, type ExportOptions } from '../../lib/export';
import { NewFiles } from '../../lib/export/files';
import { TAKEN, pascalName } from '../../lib/export/names';
import { TSCONFIG_COMPILER_OPTIONS, renderMain } from '../../lib/export/render';
import { LocalStateBackend, PLATFORMS, PLATFORM_TABLE, summarize } from '../../lib';
import { adminCenterRoot, adminCenterScep } from '../helpers/admin-center';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { markedBlocks } from '../helpers/markdown';
import { TestClient } from '../helpers/mock';

// The renderer as it is, wrapped so that one test can give it a bug: a module's exports are read-only
// bindings, and jest.spyOn cannot replace them.
jest.mock('../../lib/export/render', () => {
  const actual = jest.requireActual<typeof import('../../lib/export/render')>('../../lib/export/render');
  return { ...actual, renderMain: jest.fn(actual.renderMain) };
});

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
  return {
    api: f.ctx.api,
    dir,
    stack: 'intune',
    flavour: 'cdktf',
    source: 'the test tenant',
    packageVersion: '0.1.0',
    now: f.ctx.now,
    backend: new LocalStateBackend(join(dir, '.intune-scep', 'state', 'intune.json')),
    ...over,
  };
}

test("the app compiles for Node as the README's project does: its target and lib, no DOM types", () => {
  const readme = (JSON.parse(markedBlocks('consumer')['tsconfig.json']!.text) as { compilerOptions: Record<string, unknown> })
    .compilerOptions;
  expect({ target: TSCONFIG_COMPILER_OPTIONS.target, lib: TSCONFIG_COMPILER_OPTIONS.lib }).toEqual({
    target: readme.target,
    lib: readme.lib,
  });
});

test('--platform and --name select profiles; the roots they reference come along, with a warning', async () => {
  const iosRoot = await create(adminCenterRoot('ios', certs.rootBase64Der, 'Root iOS'));
  await create({ ...adminCenterScep('ios', iosRoot), displayName: 'iOS Wi-Fi' });
  await create({ ...adminCenterScep('ios', iosRoot), displayName: 'iOS VPN' });
  const winRoot = await create(adminCenterRoot('windows', certs.rootBase64Der, 'Root Windows'));
  await create({ ...adminCenterScep('windows', winRoot), displayName: 'Windows Wi-Fi' });

  const o = options({ platforms: ['ios'], name: /wi-fi/i });
  const r = await exportTenant(o);
  expect(r.objects).toBe(2);
  expect(r.diagnostics.filter((d) => d.code.startsWith('export/')).map((d) => d.detail)).toEqual([
    expect.stringContaining('the trusted root "Root iOS"'),
  ]);
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

test("the app's package is named after its folder, else after the stack", async () => {
  const root = await create(adminCenterRoot('windows', certs.rootBase64Der, 'Root'));
  await create({ ...adminCenterScep('windows', root), displayName: 'Wi-Fi' });
  const base = mkdtempSync(join(tmpdir(), 'intune-scep-export-name-'));
  const named = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name as string;
  const contoso = options({ dir: join(base, 'Contoso Intune') });
  await exportTenant({ ...contoso, backend: new LocalStateBackend(join(contoso.dir, '.intune-scep', 'state', 'intune.json')) });
  expect(named(contoso.dir)).toBe('contoso-intune');
  const odd = options({ dir: join(base, '___'), stack: 'Wi_Fi' });
  await exportTenant({ ...odd, backend: new LocalStateBackend(join(odd.dir, '.intune-scep', 'state', 'wi.json')) });
  expect(named(odd.dir)).toBe('wi-fi-intune');
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
  const filter = await http.post('/beta/deviceManagement/assignmentFilters', {
    displayName: `Corporate ${platform}`,
    platform: filterPlatform,
    rule: '(device.deviceOwnership -eq "Corporate")',
  });
  expect(filter.status).toBe(201);
  const root = await create(adminCenterRoot(platform, certs.rootBase64Der, `Root ${platform}`));
  const scep = await create({ ...adminCenterScep(platform, root), displayName: `Profile ${platform}` });
  const wifiUsers = '1c7a8d2f-6b3e-4f9c-8d4a-2e3f4a5b6c71';
  const target = (filtered: boolean) => ({
    target: {
      '@odata.type': '#microsoft.graph.groupAssignmentTarget',
      groupId: wifiUsers,
      ...(filtered
        ? { deviceAndAppManagementAssignmentFilterId: filter.body.id, deviceAndAppManagementAssignmentFilterType: 'exclude' }
        : {}),
    },
  });
  await http.post(`${COLL}/${root}/assign`, { assignments: [target(false)] });
  await http.post(`${COLL}/${scep}/assign`, { assignments: [target(true)] });
  const o = options();
  const r = await exportTenant(o);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(summarize(r.plan)).toEqual({ add: 0, change: 0, destroy: 0 });
  expect(readFileSync(join(o.dir, 'main.ts'), 'utf8')).toContain(
    `Group.byName('Wi-Fi Users').filteredBy(AssignmentFilter.named('Corporate ${platform}'), 'exclude')`,
  );
});

test("the rules' findings on what the tenant holds come back (an iOS filter on a Windows profile), and the app is still written", async () => {
  const filter = await http.post('/beta/deviceManagement/assignmentFilters', {
    displayName: 'Corporate iPhones',
    platform: 'iOS',
    rule: '(device.deviceOwnership -eq "Corporate")',
  });
  const root = await create(adminCenterRoot('windows', certs.rootBase64Der, 'Root'));
  const scep = await create({ ...adminCenterScep('windows', root), displayName: 'Wi-Fi' });
  await http.post(`${COLL}/${scep}/assign`, {
    assignments: [
      {
        target: {
          '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget',
          deviceAndAppManagementAssignmentFilterId: filter.body.id,
          deviceAndAppManagementAssignmentFilterType: 'include',
        },
      },
    ],
  });
  const o = options();
  const r = await exportTenant(o);
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['assignment/filter-platform-mismatch']);
  expect(existsSync(join(o.dir, 'main.ts'))).toBe(true);
});

test('hostile display names stay data: main.ts parses, and its string literal is the name exactly', async () => {
  const ts = await import('typescript');
  const nasty = 'Wi-Fi "EAP" \'x\' \\ */ ${process.exit(1)}\u2028`tick` \u202eevil\u202c \u0000nul \u009bcsi';
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
  // What the source shows is what it compiles to: no raw control or bidirectional character in main.ts.
  expect(main).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
});

// ---------------------------------------------------------------------------------------------
// Issue 24: export writes only what it should. Each attack below failed on export as it was.

/** What a compiler says of main.ts, with the constructs this repository builds (undefined: it compiles). */
async function compiles(dir: string, flavour: 'cdktf' | 'cdktn' = 'cdktf') {
  const { compileMain } = await import('../../lib/export/compile');
  return compileMain(readFileSync(join(dir, 'main.ts'), 'utf8'), dir, flavour);
}

/**
 * What main.ts binds: the variables of the objects' constructs, their ids in order, and every other
 * name (imports, classes, parameters, top-level variables).
 */
async function declared(dir: string): Promise<{ variables: string[]; ids: string[]; others: string[] }> {
  const ts = await import('typescript');
  const sf = ts.createSourceFile('main.ts', readFileSync(join(dir, 'main.ts'), 'utf8'), ts.ScriptTarget.ES2022, true);
  const variables: string[] = [];
  const ids: string[] = [];
  const others: string[] = [];
  const visit = (n: import('typescript').Node): void => {
    const inConstructor = ts.findAncestor(n, ts.isConstructorDeclaration) !== undefined;
    if (ts.isVariableDeclaration(n)) (inConstructor ? variables : others).push(n.name.getText(sf));
    if (ts.isImportSpecifier(n) || ts.isClassDeclaration(n) || ts.isParameter(n)) others.push(n.name?.getText(sf) ?? '');
    if (
      ts.isNewExpression(n) &&
      n.expression.getText(sf) !== 'IntuneProvider' &&
      n.arguments?.[1] &&
      ts.isStringLiteral(n.arguments[1]) &&
      n.arguments[0]?.kind === ts.SyntaxKind.ThisKeyword
    )
      ids.push(n.arguments[1].text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { variables, ids, others };
}

const RESERVED_FOR_A_VARIABLE = [
  'Id',
  'Scope',
  'break',
  'instanceof',
  'arguments',
  'eval',
  'App',
  'Certificate',
  'constructor',
  '__proto__',
  'let',
  'yield',
  'await',
  'enum',
  'IntuneStack',
  'TerraformStack',
  'Construct',
  'undefined',
  'require',
];

test("names that are reserved words, the constructor's parameters or what main.ts imports: export succeeds and main.ts compiles", async () => {
  for (const name of RESERVED_FOR_A_VARIABLE) {
    const root = await create(adminCenterRoot('ios', certs.rootBase64Der, name));
    await create({ ...adminCenterScep('ios', root), displayName: name });
  }
  const o = options();
  const r = await exportTenant(o);
  expect(r.objects).toBe(2 * RESERVED_FOR_A_VARIABLE.length);
  expect(summarize(r.plan)).toEqual({ add: 0, change: 0, destroy: 0 });
  expect(await compiles(o.dir)).toBeUndefined();
  const { variables, ids, others } = await declared(o.dir);
  expect(new Set(variables.map((v) => v.toLowerCase())).size).toBe(variables.length);
  expect(new Set(ids.map((v) => v.toLowerCase())).size).toBe(ids.length);
  // Everything else main.ts binds is a name names.ts keeps the objects' variables away from.
  expect(others.filter((n) => !TAKEN.has(n))).toEqual([]);
  expect(variables.filter((n) => TAKEN.has(n))).toEqual([]);
});

test('hostile names: no identifier characters, case and accents, __proto__/constructor/toString, Windows device names: unique, stable names and a compiling app', async () => {
  const names = [
    '***',
    '日本語',
    '🙂🙂',
    '   ',
    'Café',
    'Cafe',
    'CAFE',
    'café',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'CON',
    'nul',
    'Com1',
    'Intune',
    '1st',
    '--',
  ];
  const root = await create(adminCenterRoot('windows', certs.rootBase64Der, 'Root'));
  for (const name of names) {
    await create({ ...adminCenterScep('windows', root), displayName: name });
    await create(adminCenterRoot('windows', certs.rootBase64Der, name));
  }
  const first = options();
  const r = await exportTenant(first);
  expect(summarize(r.plan)).toEqual({ add: 0, change: 0, destroy: 0 });
  expect(await compiles(first.dir)).toBeUndefined();
  const { ids } = await declared(first.dir);
  expect(ids).toHaveLength(2 * names.length + 1);
  expect(new Set(ids.map((v) => v.toLowerCase())).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
  // No file a Windows checkout cannot hold (CON.cer is the console there), nor one named like the provider.
  expect(ids.filter((id) => /^(con|prn|aux|nul|com[1-9]|lpt[1-9]|intune)$/i.test(id))).toEqual([]);
  const files = readdirSync(join(first.dir, 'roots'));
  expect(new Set(files.map((n) => n.toLowerCase())).size).toBe(names.length + 1);
  // Stable: the same tenant gives the same app.
  const again = options({ stack: 'intune' });
  await exportTenant(again);
  expect(readFileSync(join(again.dir, 'main.ts'), 'utf8')).toBe(readFileSync(join(first.dir, 'main.ts'), 'utf8'));
});

test('1,000 profiles with the same name: 1,000 unique names (export compiled the app before it said done)', async () => {
  const root = await create(adminCenterRoot('ios', certs.rootBase64Der, 'Root'));
  const body = adminCenterScep('ios', root);
  const type = String(body['@odata.type']);
  // Straight into the mock's store (1,000 creates over HTTP would only slow the test).
  for (let i = 0; i < 1000; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    f.mock.store.putConfiguration({
      ...JSON.parse(JSON.stringify(body)),
      id,
      '@odata.type': type,
      displayName: 'Wi-Fi',
      'rootCertificate@odata.bind': undefined,
    } as never);
    f.mock.store.setRootLink(id, root);
  }
  const o = options();
  const r = await exportTenant(o);
  expect(r.objects).toBe(1001);
  expect(summarize(r.plan)).toEqual({ add: 0, change: 0, destroy: 0 });
  const { ids } = await declared(o.dir);
  expect(new Set(ids).size).toBe(1001);
  expect(ids).toContain('WiFi1000');
});

test.each([
  // A profile created through Graph without certificateStore: certificate_type = null once, which synth refused.
  ['certificate_type', 'ios', 'certificateStore', "certificateType: 'user',"],
  ['deployment_channel', 'macos', 'deploymentChannel', "deploymentChannel: 'device',"],
  ['certificate_access', 'android_device_owner', 'certificateAccessType', undefined],
] as const)(
  'a SCEP profile holding no %s (%s, %s null): a warning naming it, a compiling app and a first plan without changes',
  async (attribute, platform, property, prop) => {
    const root = await create(adminCenterRoot(platform, certs.rootBase64Der, 'Root'));
    const body = adminCenterScep(platform, root);
    delete body[property];
    await create({ ...body, displayName: 'Unset' });
    const o = options();
    const r = await exportTenant(o);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.diagnostics.find((d) => d.code === 'export/value-assumed' && d.address === 'Unset')).toMatchObject({
      severity: 'warning',
      path: [attribute],
      detail: expect.stringContaining(`holds no ${property} (null)`),
    });
    expect(summarize(r.plan)).toEqual({ add: 0, change: 0, destroy: 0 });
    const main = readFileSync(join(o.dir, 'main.ts'), 'utf8');
    if (prop) expect(main).toContain(prop);
    expect(main).not.toContain(`addOverride('${attribute}'`);
    expect(await compiles(o.dir)).toBeUndefined();
  },
);

/** Every entry under a folder, with each file's bytes and each link's target. */
function snapshotOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel))) {
      const path = join(dir, rel, name);
      const key = join(rel, name);
      const st = lstatSync(path);
      if (st.isSymbolicLink()) out[key] = `-> ${readlinkSync(path)}`;
      else if (st.isDirectory()) {
        out[key] = 'dir';
        walk(key);
      } else out[key] = readFileSync(path).toString('base64');
    }
  };
  walk('');
  return out;
}

describe('export writes only new files inside --out', () => {
  beforeEach(async () => {
    const root = await create(adminCenterRoot('ios', certs.rootBase64Der, 'Root iOS'));
    await create({ ...adminCenterScep('ios', root), displayName: 'iOS Wi-Fi' });
  });

  test('a folder holding a project already (package.json, tsconfig.json, .gitignore) is refused, naming them; nothing is written or adopted', async () => {
    const o = options();
    writeFileSync(join(o.dir, 'package.json'), '{"name":"mine"}\n');
    writeFileSync(join(o.dir, 'tsconfig.json'), '{"compilerOptions":{}}\n');
    writeFileSync(join(o.dir, '.gitignore'), 'secrets/\n');
    const before = snapshotOf(o.dir);
    const tenant = JSON.stringify((await http.get(COLL)).body.value);
    await expect(exportTenant(o)).rejects.toThrow(
      /holds \.gitignore, package\.json, tsconfig\.json: export writes a new app only into an empty folder/,
    );
    expect(snapshotOf(o.dir)).toEqual(before);
    expect(Object.keys((await o.backend.read('intune')).resources)).toEqual([]);
    expect(JSON.stringify((await http.get(COLL)).body.value)).toBe(tenant);
  });

  test('`roots` a link to another folder: refused before a byte is written there', async () => {
    const o = options();
    const elsewhere = mkdtempSync(join(tmpdir(), 'intune-scep-elsewhere-'));
    symlinkSync(elsewhere, join(o.dir, 'roots'));
    await expect(exportTenant(o)).rejects.toThrow(/holds roots/);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(readdirSync(o.dir)).toEqual(['roots']);
  });

  test('a folder holding nothing but .git, and --out a link to an empty folder: the app is written there', async () => {
    const real = mkdtempSync(join(tmpdir(), 'intune-scep-export-real-'));
    mkdirSync(join(real, '.git'));
    const link = join(mkdtempSync(join(tmpdir(), 'intune-scep-export-link-')), 'app');
    symlinkSync(real, link);
    const o = options({ dir: link });
    const r = await exportTenant({ ...o, backend: new LocalStateBackend(join(link, '.intune-scep', 'state', 'intune.json')) });
    expect(summarize(r.plan)).toEqual({ add: 0, change: 0, destroy: 0 });
    expect(readdirSync(real).sort()).toEqual([
      '.git',
      '.gitignore',
      '.intune-scep',
      'cdktf.json',
      'cdktf.out',
      'main.ts',
      'package.json',
      'roots',
      'tsconfig.json',
    ]);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  test('a main.ts that does not compile is a bug report naming main.ts and the first error; nothing is written or adopted', async () => {
    const real = jest.requireActual<typeof import('../../lib/export/render')>('../../lib/export/render').renderMain;
    // A renderer bug: a variable named like a reserved word.
    jest.mocked(renderMain).mockImplementation((app, o) => real(app, o).replace('const iosWiFi =', 'const break ='));
    try {
      const o = options();
      await expect(exportTenant(o)).rejects.toThrow(
        /^main\.ts:\d+:\d+: error TS\d+: 'break' is not allowed as a variable declaration name\. .*bug/,
      );
      expect(readdirSync(o.dir)).toEqual([]);
      expect(Object.keys((await o.backend.read('intune')).resources)).toEqual([]);
    } finally {
      jest.mocked(renderMain).mockImplementation(real);
    }
  });
});

describe('NewFiles: what holds when something appears in the folder after export looked (a race)', () => {
  const fresh = () => {
    const work = mkdtempSync(join(tmpdir(), 'intune-scep-newfiles-'));
    mkdirSync(join(work, 'app'));
    mkdirSync(join(work, 'elsewhere'));
    writeFileSync(join(work, 'elsewhere', 'victim.ts'), 'export const mine = 1;\n');
    return { work, app: join(work, 'app'), elsewhere: join(work, 'elsewhere') };
  };

  test('a file or a link already at a path is never written over or through (O_CREAT|O_EXCL|O_NOFOLLOW)', () => {
    const { work, app, elsewhere } = fresh();
    const files = NewFiles.open(app);
    writeFileSync(join(app, 'main.ts'), '// mine\n');
    symlinkSync(join(elsewhere, 'victim.ts'), join(app, 'package.json'));
    symlinkSync(join(elsewhere, 'not-there.ts'), join(app, 'tsconfig.json'));
    const before = snapshotOf(work);
    expect(() => files.write('main.ts', 'export {};\n')).toThrow(
      /app\/main\.ts already exists: export never writes over a file or through a link/,
    );
    expect(() => files.write('package.json', '{}\n')).toThrow(/app\/package\.json already exists/);
    expect(() => files.write('tsconfig.json', '{}\n')).toThrow(/app\/tsconfig\.json already exists/);
    expect(snapshotOf(work)).toEqual(before);
  });

  test('a folder on the way whose real location is outside --out is refused (real path); one that stays inside is fine', () => {
    const { work, app, elsewhere } = fresh();
    const files = NewFiles.open(app);
    symlinkSync(elsewhere, join(app, 'roots'));
    const before = snapshotOf(work);
    expect(() => files.write('roots/Root.cer', Buffer.from([0x30, 0x82]))).toThrow(
      /app\/roots leads outside .*app \(to .*elsewhere\): export writes only inside the app's folder/,
    );
    expect(snapshotOf(work)).toEqual(before);
    mkdirSync(join(app, 'kept'));
    symlinkSync('kept', join(app, 'cdktf.out'));
    files.write('cdktf.out/stacks/intune/cdk.tf.json', '{}\n');
    expect(readFileSync(join(app, 'kept', 'stacks', 'intune', 'cdk.tf.json'), 'utf8')).toBe('{}\n');
  });

  test('a folder swapped for a link between the check and the open: refused, and not a byte lands outside', () => {
    const { app, elsewhere } = fresh();
    const files = NewFiles.open(app);
    files.write('roots/A.cer', Buffer.from([1]));
    const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
    const real = fs.openSync;
    const spy = jest.spyOn(fs, 'openSync').mockImplementation(((path: string, ...rest: unknown[]) => {
      if (String(path).endsWith(join('roots', 'B.cer'))) {
        fs.renameSync(join(app, 'roots'), join(app, 'roots-moved'));
        fs.symlinkSync(elsewhere, join(app, 'roots'));
      }
      return (real as (...a: unknown[]) => number)(path, ...rest);
    }) as typeof fs.openSync);
    try {
      expect(() => files.write('roots/B.cer', Buffer.from('certificate bytes'))).toThrow(/leads outside|moved while export wrote it/);
    } finally {
      spy.mockRestore();
    }
    // Swapped for the open and back right after it, with a file of the same name put there: the file
    // opened is not the one at its real place.
    fs.rmSync(join(app, 'roots'));
    fs.renameSync(join(app, 'roots-moved'), join(app, 'roots'));
    const back = jest.spyOn(fs, 'openSync').mockImplementation(((path: string, ...rest: unknown[]) => {
      if (!String(path).endsWith(join('roots', 'C.cer'))) return (real as (...a: unknown[]) => number)(path, ...rest);
      fs.renameSync(join(app, 'roots'), join(app, 'roots-moved'));
      fs.symlinkSync(elsewhere, join(app, 'roots'));
      try {
        return (real as (...a: unknown[]) => number)(path, ...rest);
      } finally {
        fs.rmSync(join(app, 'roots'));
        fs.renameSync(join(app, 'roots-moved'), join(app, 'roots'));
        writeFileSync(join(app, 'roots', 'C.cer'), '');
      }
    }) as typeof fs.openSync);
    try {
      expect(() => files.write('roots/C.cer', Buffer.from('certificate bytes'))).toThrow(/moved while export wrote it/);
    } finally {
      back.mockRestore();
    }
    // O_EXCL made it new and the checks stopped the write: at most an empty file, never content.
    const landed = readdirSync(elsewhere).filter((n) => n !== 'victim.ts');
    for (const n of landed) expect(readFileSync(join(elsewhere, n)).length).toBe(0);
    expect(readFileSync(join(elsewhere, 'victim.ts'), 'utf8')).toBe('export const mine = 1;\n');
  });

  test('paths export would write are plain names inside the folder', () => {
    const { app } = fresh();
    const files = NewFiles.open(app);
    for (const bad of ['../x', '/etc/x', 'a/../../x', '.git/config', 'a//b', 'a\\b', 'x\0y'])
      expect(() => files.write(bad, '')).toThrow(/not a plain path inside the app's folder/);
  });
});
