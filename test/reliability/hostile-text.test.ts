/**
 * Text is data, in-process (issue 24, #3): each hostile text of test/helpers/hostile-text.ts names a
 * trusted root and a SCEP profile, describes them, names the group they are assigned to and the
 * filter that narrows it. It goes through the L2 constructs (synth), the engine (plan, apply), the
 * tenant (read back) and export (main.ts, the stack export synthesizes, export's first plan), and
 * must be the same text at every step.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { testApp } from '../helpers/cdk';
import { LocalStateBackend, applyStack, escapeTemplate, planStack, readConfig, readState, summarize } from '../../lib';
import { AssignmentFilter, Certificate, Group, WindowsScepProfile, WindowsTrustedRootCertificate, l1 } from '../../lib/constructs';
import { ExportError, exportTenant } from '../../lib/export';
import { adminCenterRoot, adminCenterScep } from '../helpers/admin-center';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { SEED_GROUPS, configOf, engineFixture, type EngineFixture } from '../helpers/engine';
import { windowsRoot, synth } from '../helpers/stacks';
import { HOSTILE_TEXT, STRING_TOKEN_MARKER } from '../helpers/hostile-text';
import { TestClient } from '../helpers/mock';
import { Tally } from '../helpers/reliability';

jest.setTimeout(60_000);
const tally = new Tally('hostile tenant text: stays data');

let certs: TestCertificates;
let f: EngineFixture | undefined;
beforeAll(async () => {
  certs = await testCertificates();
});
afterEach(async () => {
  await f?.close();
  f = undefined;
});

/** The app a user writes, with `text` everywhere a string goes. */
function app(text: string): Record<string, unknown> {
  const stack = new TerraformStack(testApp(), 'hostile');
  new l1.provider.IntuneProvider(stack, 'intune', {});
  const root = new WindowsTrustedRootCertificate(stack, 'Root', {
    displayName: text,
    description: text,
    certificate: Certificate.fromPem(certs.root),
  });
  const wifi = new WindowsScepProfile(stack, 'Wifi', {
    displayName: `Wi-Fi ${text}`,
    description: text,
    rootCertificate: root,
    certificateType: 'device',
    subjectName: 'CN={{AAD_Device_ID}}',
    scepServerUrls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
  });
  root.assignTo([Group.byName(text)]);
  wifi.assignTo([Group.byName(text).filteredBy(AssignmentFilter.named(text), 'include')]);
  return JSON.parse(Testing.synth(stack)) as Record<string, unknown>;
}

describe.each(HOSTILE_TEXT.map((h) => [h.case, h.text] as const))('%s', (_case, text) => {
  test('L2 synth → engine plan/apply → the tenant → export: the same text at every step', async () => {
    const groupId = randomUUID();
    f = await engineFixture({ seedGroups: [...SEED_GROUPS, { id: groupId, displayName: text }] });
    const filter = await new TestClient(f.mock).post('/beta/deviceManagement/assignmentFilters', {
      displayName: text,
      platform: 'windows10AndLater',
      rule: '(device.deviceOwnership -eq "Corporate")',
    });
    expect(filter.status).toBe(201);
    const seen: string[] = [];
    const step = (where: string, value: unknown) => seen.push(`${where}: ${value === text ? 'same' : JSON.stringify(value)}`);

    // Synth, and what the engine reads of it.
    const config = configOf(app(text));
    const read = (address: string) => config.resources.find((r) => r.address.startsWith(address))?.attrs ?? {};
    step('config root name', read('intune_trusted_root_certificate.').display_name);
    step('config profile description', read('intune_scep_certificate_profile.').description);
    const assignment = config.resources.find((r) => r.type === 'intune_profile_assignment' && Array.isArray(r.attrs.filters))?.attrs ?? {};
    step('config group name', (assignment.include_group_names as unknown[] | undefined)?.[0]);
    step('config filter name', (assignment.filters as { filter_name?: unknown }[] | undefined)?.[0]?.filter_name);

    // Plan and apply, then the tenant as read back.
    const plan = await planStack(f.ctx, config);
    expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const applied = await applyStack(f.ctx, { config });
    expect('errors' in applied && applied.errors).toEqual([]);
    const objects = [...f.mock.store.configurations.values()];
    const rootObject = objects.find((o) => String(o['@odata.type']).includes('TrustedRoot'));
    const wifiObject = objects.find((o) => /scep/i.test(String(o['@odata.type'])));
    step('tenant root name', rootObject?.displayName);
    step('tenant root description', rootObject?.description);
    step('tenant profile name', wifiObject?.displayName === `Wi-Fi ${text}` ? text : wifiObject?.displayName);
    const assigned = JSON.stringify(f.mock.store.assignments.get(String(wifiObject?.id)) ?? []);
    step('tenant assignment', assigned.includes(groupId) && assigned.includes(String(filter.body.id)) ? text : assigned);
    expect(summarize(await planStack(f.ctx, config))).toEqual({ add: 0, change: 0, destroy: 0 });

    // Export: main.ts holds the text as TypeScript literals; the stack export synthesizes reads back as the text.
    const dir = mkdtempSync(join(tmpdir(), 'intune-scep-hostile-export-'));
    const exported = await exportTenant({
      api: f.ctx.api,
      dir,
      stack: 'intune',
      flavour: 'cdktf',
      source: 'test',
      packageVersion: '0.1.0',
      now: f.ctx.now,
      backend: new LocalStateBackend(join(dir, 'state.json')),
    });
    expect(exported.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(summarize(exported.plan)).toEqual({ add: 0, change: 0, destroy: 0 });
    const ts = await import('typescript');
    const literals: string[] = [];
    const visit = (n: import('typescript').Node): void => {
      if (ts.isStringLiteral(n)) literals.push(n.text);
      ts.forEachChild(n, visit);
    };
    visit(ts.createSourceFile('main.ts', readFileSync(join(dir, 'main.ts'), 'utf8'), ts.ScriptTarget.ES2022, true));
    step('main.ts literal', literals.includes(text) ? text : literals);
    const stack = readConfig(JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'intune', 'cdk.tf.json'), 'utf8')));
    step('exported root name', stack.resources.find((r) => r.type === 'intune_trusted_root_certificate')?.attrs.display_name);

    const changed = seen.filter((s) => !s.endsWith(': same'));
    tally.add({ runs: 1, faultsInjected: 1, objectsLost: changed.length, duplicates: Math.max(0, objects.length - 2) });
    expect(changed).toEqual([]);
    expect(objects).toHaveLength(2);
  });
});

test(`CDKTF's own token syntax (${STRING_TOKEN_MARKER}) is text to the engine and the tenant; export refuses it in one line, naming the object, and adopts nothing`, async () => {
  f = await engineFixture();
  // The engine and the tenant: as any text.
  const config = configOf(synth({ roots: { root: windowsRoot(certs, { display_name: escapeTemplate(STRING_TOKEN_MARKER) }) } }));
  expect(config.resources[0]?.attrs.display_name).toBe(STRING_TOKEN_MARKER);
  const applied = await applyStack(f.ctx, { config });
  expect('errors' in applied && applied.errors).toEqual([]);
  const [object] = [...f.mock.store.configurations.values()];
  expect(object?.displayName).toBe(STRING_TOKEN_MARKER);
  expect(summarize(await planStack(f.ctx, config))).toEqual({ add: 0, change: 0, destroy: 0 });

  // A CDKTF app reads it as one of its tokens (that is how references reach a prop): export says so.
  const other = await new TestClient(f.mock).post(
    '/beta/deviceManagement/deviceConfigurations',
    adminCenterRoot('ios', certs.rootBase64Der, `iOS ${STRING_TOKEN_MARKER}`),
  );
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-hostile-export-'));
  const state = join(dir, 'state.json');
  const run = exportTenant({
    api: f.ctx.api,
    dir,
    stack: 'intune',
    flavour: 'cdktf',
    source: 'test',
    packageVersion: '0.1.0',
    now: f.ctx.now,
    backend: new LocalStateBackend(state),
  });
  const error = await run.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error).toBeInstanceOf(ExportError);
  expect(error?.message.split('\n')).toHaveLength(1);
  expect(error?.message).toMatch(
    new RegExp(
      `the object (${object?.id}|${other.body.id}) \\(\\w+ \\w+\\) holds .*TfToken.* is how a CDKTF app writes one of its tokens.*Nothing was adopted`,
    ),
  );
  expect(existsSync(join(dir, 'main.ts'))).toBe(false);
  expect(existsSync(state) ? Object.keys(readState(state, 'intune').resources) : []).toEqual([]);
  tally.add({ runs: 1, faultsInjected: 1, objectsLost: f.mock.store.configurations.size === 2 ? 0 : 1, duplicates: 0 });
});

test("an override (what the props cannot say) holds the tenant's text as text too: main.ts writes it escaped, and it reads back exactly", async () => {
  f = await engineFixture();
  const http = new TestClient(f.mock);
  const text = 'com.contoso.${file("/etc/hostname")}.%{ if true }x%{ endif }';
  const root = await http.post(
    '/beta/deviceManagement/deviceConfigurations',
    adminCenterRoot('android_device_owner', certs.rootBase64Der, 'Root'),
  );
  // Apps listed for silent access while the profile asks the user: the props cannot say it, an override does.
  const scep = {
    ...adminCenterScep('android_device_owner', String(root.body.id)),
    displayName: 'Kiosk',
    certificateAccessType: 'userApproval',
    silentCertificateAccessDetails: [{ packageId: text }],
  };
  expect((await http.post('/beta/deviceManagement/deviceConfigurations', JSON.parse(JSON.stringify(scep)))).status).toBe(201);
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-hostile-export-'));
  const exported = await exportTenant({
    api: f.ctx.api,
    dir,
    stack: 'intune',
    flavour: 'cdktf',
    source: 'test',
    packageVersion: '0.1.0',
    now: f.ctx.now,
    backend: new LocalStateBackend(join(dir, 'state.json')),
  });
  expect(readFileSync(join(dir, 'main.ts'), 'utf8')).toContain(
    `kiosk.resource.addOverride('silent_access_app_ids', ['${escapeTemplate(text)}']);`,
  );
  const stack = readConfig(JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'intune', 'cdk.tf.json'), 'utf8')));
  const read = stack.resources.find((r) => r.type === 'intune_scep_certificate_profile')?.attrs.silent_access_app_ids;
  expect(exported.plan.diagnostics.filter((d) => d.code === 'config/unsupported-expression')).toEqual([]);
  expect(summarize(exported.plan)).toEqual({ add: 0, change: 0, destroy: 0 });
  tally.add({ runs: 1, faultsInjected: 1, objectsLost: JSON.stringify(read) === JSON.stringify([text]) ? 0 : 1, duplicates: 0 });
  expect(read).toEqual([text]);
});
