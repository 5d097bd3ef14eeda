/** Plan and apply against the mock tenant, and engine behaviours beyond the golden cases: converging, saved plans, import, target, refresh-only, non-exclusive sets, tenant rules, damaged state. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PlanFileError,
  StateError,
  applyStack,
  importResource,
  importResources,
  loadPlan,
  planStack,
  readState,
  savePlan,
  summarize,
  type Plan,
} from '../../lib';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { SEED_GROUPS, configOf, engineFixture, type EngineFixture } from '../helpers/engine';
import { cleanStack, ref, synth } from '../helpers/stacks';

let certs: TestCertificates;
let f: EngineFixture;
beforeAll(async () => {
  certs = await testCertificates();
});
beforeEach(async () => {
  f = await engineFixture();
});
afterEach(async () => {
  await f.close();
});

const actions = (p: Plan) => Object.fromEntries(p.changes.map((c) => [c.address, c.action]));
const WIFI = 'intune_scep_certificate_profile.wifi';

test('create all, then a plan right after the apply shows no changes', async () => {
  const config = configOf(cleanStack(certs));
  const p1 = await planStack(f.ctx, config);
  expect(p1.diagnostics).toEqual([]);
  expect(summarize(p1)).toEqual({ add: 4, change: 0, destroy: 0 });
  const r = await applyStack(f.ctx, { config });
  expect('errors' in r && r.errors).toEqual([]);
  expect(f.mock.store.configurations.size).toBe(2);
  const state = readState(f.ctx.stateFile, 'test');
  expect(Object.keys(state.resources).sort()).toEqual([
    'intune_profile_assignment.root_assign',
    'intune_profile_assignment.wifi_assign',
    'intune_scep_certificate_profile.wifi',
    'intune_trusted_root_certificate.root',
  ]);
  expect(state.pending).toEqual([]);
  const p2 = await planStack(f.ctx, config);
  expect(p2.diagnostics).toEqual([]);
  expect(Object.values(actions(p2))).toEqual(['no-op', 'no-op', 'no-op', 'no-op']);
});

test('a saved plan applies; a stale one is refused and changes nothing', async () => {
  const config = configOf(cleanStack(certs));
  const file = join(f.dir, 'plan.json');
  savePlan(file, { plan: await planStack(f.ctx, config), inputs: { config: config.document! }, graph: 'the test mock' });
  const stale = loadPlan(file);
  expect(loadPlan(file).graph).toBe('the test mock');
  const r = await applyStack(f.ctx, { saved: loadPlan(file) });
  expect('errors' in r && r.errors).toEqual([]);
  const before = readFileSync(f.ctx.stateFile, 'utf8');
  await expect(applyStack(f.ctx, { saved: stale })).rejects.toThrow(PlanFileError);
  await expect(applyStack(f.ctx, { saved: stale })).rejects.toThrow(
    /stale: the state was written since it was made \(there was none then, now serial \d+\): an apply ran/,
  );
  expect(readFileSync(f.ctx.stateFile, 'utf8')).toBe(before);
  expect(f.mock.store.configurations.size).toBe(2);
  writeFileSync(join(f.dir, 'junk.json'), '{"a":1}');
  expect(() => loadPlan(join(f.dir, 'junk.json'))).toThrow('is not a plan saved by intune-scep: it has no "intuneScepPlan" field');
});

test('import adopts existing objects; the next plan shows only the real differences', async () => {
  const api = f.ctx.api;
  const { rootToGraph, scepToGraph } = await import('../../lib');
  const root = await api.create(
    rootToGraph({ display_name: 'Contoso Root (Windows)', platform: 'windows', certificate: certs.root }) as never,
  );
  const scep = await api.create(
    scepToGraph(
      {
        display_name: 'Wi-Fi user certificate',
        platform: 'windows',
        certificate_type: 'user',
        subject_name_format: 'CN={{UserPrincipalName}},E={{EmailAddress}},O=Contoso',
        subject_alternative_names: [
          { type: 'upn', value: '{{UserPrincipalName}}' },
          { type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' },
        ],
        scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
        renewal_threshold_percentage: 35,
      },
      { rootId: root.id, bindBase: 'https://graph.microsoft.com/beta' },
    ) as never,
  );
  const config = configOf(cleanStack(certs));
  await expect(importResource(f.ctx, config, 'intune_trusted_root_certificate.root', scep.id)).rejects.toThrow(
    'is a #microsoft.graph.windows81SCEPCertificateProfile',
  );
  await expect(
    importResource(f.ctx, config, 'intune_trusted_root_certificate.root', '00000000-0000-0000-0000-000000000000'),
  ).rejects.toThrow('no device configuration with id');
  // Several at once are all or nothing: one object that cannot be adopted leaves state as it was.
  const other = await api.create(rootToGraph({ display_name: 'Another root', platform: 'windows', certificate: certs.root }) as never);
  await expect(
    importResources(f.ctx, config, [
      { address: 'intune_trusted_root_certificate.root', id: root.id },
      { address: WIFI, id: other.id },
    ]),
  ).rejects.toThrow('is a #microsoft.graph.windows81TrustedRootCertificate');
  expect(existsSync(f.ctx.stateFile) ? Object.keys(readState(f.ctx.stateFile, 'test').resources) : []).toEqual([]);
  await importResources(f.ctx, config, [
    { address: 'intune_trusted_root_certificate.root', id: root.id },
    { address: WIFI, id: scep.id },
  ]);
  await expect(importResource(f.ctx, config, WIFI, scep.id)).rejects.toThrow('already in state');
  await expect(importResource(f.ctx, config, 'intune_trusted_root_certificate.nope', root.id)).rejects.toThrow(
    'not a resource of the stack',
  );
  const plan = await planStack(f.ctx, config);
  expect(actions(plan)).toEqual({
    'intune_trusted_root_certificate.root': 'no-op',
    [WIFI]: 'update',
    'intune_profile_assignment.root_assign': 'create',
    'intune_profile_assignment.wifi_assign': 'create',
  });
  expect(plan.changes.find((c) => c.address === WIFI)?.changedPaths).toEqual([['renewal_threshold_percentage']]);
});

test('--target limits the plan to an object and what it depends on', async () => {
  const plan = await planStack(f.ctx, configOf(cleanStack(certs)), { targets: [WIFI] });
  expect(Object.keys(actions(plan)).sort()).toEqual(['intune_scep_certificate_profile.wifi', 'intune_trusted_root_certificate.root']);
});

test('--refresh-only reads drift into state and changes nothing in the tenant', async () => {
  const config = configOf(cleanStack(certs));
  await applyStack(f.ctx, { config });
  const id = readState(f.ctx.stateFile, 'test').resources[WIFI]?.id as string;
  await f.ctx.api.update(id, '#microsoft.graph.windows81SCEPCertificateProfile', { description: 'edited in the portal' });
  const writes = f.mock.stats.writes;
  const r = await applyStack(f.ctx, { config, options: { mode: 'refresh-only' } });
  expect('errors' in r && r.errors).toEqual([]);
  // Only the object edited in the portal is read; the others match state. The edit is drift that happened.
  expect(Object.entries(actions(r.plan)).filter(([, a]) => a !== 'no-op')).toEqual([[WIFI, 'read']]);
  expect(r.plan.drift).toEqual([expect.objectContaining({ address: WIFI, kind: 'changed', paths: [['description']] })]);
  expect(f.mock.stats.writes).toBe(writes);
  expect(readState(f.ctx.stateFile, 'test').resources[WIFI]?.attrs.description).toBe('edited in the portal');
});

test('a stack that breaks a rule on its own is not planned against the tenant: no Graph request, plan and apply change nothing', async () => {
  const clean = cleanStack(certs);
  await applyStack(f.ctx, { config: configOf(clean) });
  const id = readState(f.ctx.stateFile, 'test').resources[WIFI]?.id as string;
  await f.ctx.api.update(id, '#microsoft.graph.windows81SCEPCertificateProfile', { description: 'edited in the portal' });
  // The same stack with a macOS attribute on its Windows profile: the rules refuse it whatever the tenant holds.
  const broken = configOf(cleanStack(certs, { profile: { deployment_channel: 'device' } }));
  expect(broken.diagnostics).toEqual([]);
  const requests = f.ctx.api.client.requests;
  const plan = await planStack(f.ctx, broken);
  expect(plan.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.address}`)).toEqual([
    `channel/macos-only ${WIFI}`,
  ]);
  expect({ requests: f.ctx.api.client.requests - requests, changes: plan.changes, drift: plan.drift, unread: plan.tenantUnread }).toEqual({
    requests: 0,
    changes: [],
    drift: [],
    unread: true,
  });
  const state = readFileSync(f.ctx.stateFile, 'utf8');
  const r = await applyStack(f.ctx, { config: broken });
  expect('blocked' in r).toBe(true);
  expect({ requests: f.ctx.api.client.requests - requests, state: readFileSync(f.ctx.stateFile, 'utf8') }).toEqual({ requests: 0, state });
  // The control: the stack as it was is planned against the tenant, and shows the portal's edit.
  const read = await planStack(f.ctx, configOf(clean));
  expect(read.drift).toEqual([expect.objectContaining({ address: WIFI, kind: 'changed' })]);
  expect(read.tenantUnread).toBeUndefined();
  expect(f.ctx.api.client.requests).toBeGreaterThan(requests);
});

test('--refresh-only on a tenant that matches state reads nothing: all no-ops', async () => {
  const config = configOf(cleanStack(certs));
  await applyStack(f.ctx, { config });
  const plan = await planStack(f.ctx, config, { mode: 'refresh-only' });
  expect(plan.changes.length).toBeGreaterThan(0);
  expect(plan.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
});

test('exclusive = false keeps assignments made outside the stack and adds its own', async () => {
  const doc = cleanStack(certs) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  (doc.resource.intune_profile_assignment?.wifi_assign as Record<string, unknown>).exclusive = false;
  await applyStack(f.ctx, { config: configOf(doc) });
  const id = readState(f.ctx.stateFile, 'test').resources[WIFI]?.id as string;
  await f.ctx.api.assign(id, {
    assignments: [{ target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: SEED_GROUPS[2]?.id } }],
  });
  const plan = await planStack(f.ctx, configOf(doc));
  expect(actions(plan)['intune_profile_assignment.wifi_assign']).toBe('update');
  await applyStack(f.ctx, { config: configOf(doc) });
  const groups = (f.mock.store.assignments.get(id) ?? []).map((a) => a.target.groupId).sort();
  expect(groups).toEqual([SEED_GROUPS[0]?.id, SEED_GROUPS[2]?.id].sort());
  expect(actions(await planStack(f.ctx, configOf(doc)))['intune_profile_assignment.wifi_assign']).toBe('no-op');
});

test('a non-exclusive set by group name, removed from the stack, takes only its own targets away', async () => {
  const doc = cleanStack(certs) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  // The name only this set uses: the plan that removes the set must still resolve it.
  Object.assign(doc.resource.intune_profile_assignment?.wifi_assign as Record<string, unknown>, {
    exclusive: false,
    include_group_names: ['VPN Users'],
    suppress_warnings: ['assignment/root-not-covering'],
  });
  await applyStack(f.ctx, { config: configOf(doc) });
  const id = readState(f.ctx.stateFile, 'test').resources[WIFI]?.id as string;
  // Someone else assigns Wi-Fi Users; then the stack stops assigning VPN Users (by name) to the profile.
  const wifiUsers = SEED_GROUPS[0]?.id as string;
  const vpnUsers = SEED_GROUPS[2]?.id as string;
  await f.ctx.api.assign(id, {
    assignments: [wifiUsers, vpnUsers].map((groupId) => ({ target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId } })),
  });
  delete doc.resource.intune_profile_assignment?.wifi_assign;
  (doc.resource.intune_scep_certificate_profile?.wifi as Record<string, unknown>).suppress_warnings = ['assignment/root-not-covering'];
  const r = await applyStack(f.ctx, { config: configOf(doc) });
  expect('errors' in r && r.errors).toEqual([]);
  expect((f.mock.store.assignments.get(id) ?? []).map((a) => a.target.groupId)).toEqual([wifiUsers]);
});

test('tenant rules at plan time: unknown and ambiguous group names, unknown ids, device groups only', async () => {
  f.mock.store.putGroup({ id: 'dup-1', displayName: 'Twins' });
  f.mock.store.putGroup({ id: 'dup-2', displayName: 'Twins' });
  const doc = synth({
    roots: { root: { display_name: 'r', platform: 'ios', certificate: certs.root } },
    // A user certificate: device groups only delay it (a device certificate is meant for them).
    profiles: {
      p: {
        display_name: 'p',
        platform: 'ios',
        root_certificate_id: ref('intune_trusted_root_certificate.root'),
        certificate_type: 'user',
        subject_name_format: 'CN={{UserPrincipalName}}',
        scep_server_urls: ['https://a.contoso.com'],
      },
    },
    assignments: {
      r: {
        profile_id: ref('intune_trusted_root_certificate.root'),
        include_group_names: ['All Corporate Devices', 'Nobody', 'Twins'],
        include_group_ids: ['99999999-0000-0000-0000-000000000000'],
      },
      p: { profile_id: ref('intune_scep_certificate_profile.p'), include_group_names: ['All Corporate Devices'] },
    },
  });
  const plan = await planStack(f.ctx, configOf(doc));
  const codes = plan.diagnostics.map((d) => `${d.code} ${d.address} ${JSON.stringify(d.path)}`);
  expect(codes).toEqual(
    expect.arrayContaining([
      'assignment/group-not-found intune_profile_assignment.r ["include_group_names",1]',
      'assignment/group-ambiguous intune_profile_assignment.r ["include_group_names",2]',
      'assignment/group-not-found intune_profile_assignment.r ["include_group_ids",0]',
      'assignment/device-group-delay intune_profile_assignment.p ["include_group_ids"]',
    ]),
  );
  expect(plan.changes).toEqual([]);
  const blocked = await applyStack(f.ctx, { config: configOf(doc) });
  expect('blocked' in blocked).toBe(true);
  expect(f.mock.store.configurations.size).toBe(0);
});

test('reference/root-still-used: a root cannot go while a SCEP profile outside the stack links to it', async () => {
  await applyStack(f.ctx, { config: configOf(cleanStack(certs)) });
  const rootId = readState(f.ctx.stateFile, 'test').resources['intune_trusted_root_certificate.root']?.id as string;
  const { scepToGraph } = await import('../../lib');
  await f.ctx.api.create(
    scepToGraph(
      {
        display_name: 'made in the portal',
        platform: 'windows',
        certificate_type: 'device',
        subject_name_format: 'CN={{AAD_Device_ID}}',
        scep_server_urls: ['https://a.contoso.com'],
      },
      { rootId, bindBase: 'https://graph.microsoft.com/beta' },
    ) as never,
  );
  const plan = await planStack(f.ctx, configOf(cleanStack(certs)), { mode: 'destroy' });
  const d = plan.diagnostics.find((x) => x.code === 'reference/root-still-used');
  expect(d?.address).toBe('intune_trusted_root_certificate.root');
  expect(d?.detail).toContain('"made in the portal"');
});

test('a failed object stops only its dependants; every error is reported and state keeps what succeeded', async () => {
  const doc = cleanStack(certs) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  doc.resource.intune_trusted_root_certificate = {
    ...doc.resource.intune_trusted_root_certificate,
    other: { display_name: 'Other root', platform: 'ios', certificate: certs.root },
  };
  const { route } = await import('../../lib/mock-graph');
  f.mock.use(
    route('POST', '/deviceManagement/deviceConfigurations', (req, ctx) => {
      const body = req.body as Record<string, unknown>;
      if (body['@odata.type'] === '#microsoft.graph.windows81SCEPCertificateProfile')
        return { status: 400, body: { error: { code: 'BadRequest', message: 'refused for the test' } } };
      const { DEFAULT_ROUTES } = require('../../lib/mock-graph') as typeof import('../../lib/mock-graph');
      return (
        DEFAULT_ROUTES.find((r) => r.method === 'POST' && r.pattern === '/deviceManagement/deviceConfigurations') as {
          handler: typeof route extends never ? never : (a: unknown, b: unknown) => { status: number };
        }
      ).handler(req, ctx) as never;
    }),
  );
  const r = await applyStack(f.ctx, { config: configOf(doc) });
  const errors = 'errors' in r ? r.errors : [];
  // Diagnostics like any other: the cause's code, what did not happen, and why.
  expect(errors.map((e) => `${e.address} ${e.code} (${e.summary})`).sort()).toEqual([
    'intune_profile_assignment.wifi_assign apply/not-attempted (create not attempted)',
    `${WIFI} graph/request-failed (create failed)`,
  ]);
  expect(errors.find((e) => e.address === WIFI)?.detail).toContain('400 BadRequest: refused for the test');
  expect(errors.find((e) => e.address === 'intune_profile_assignment.wifi_assign')?.detail).toContain(
    `not attempted: create of ${WIFI} failed`,
  );
  expect(Object.keys(readState(f.ctx.stateFile, 'test').resources).sort()).toEqual([
    'intune_profile_assignment.root_assign',
    'intune_trusted_root_certificate.other',
    'intune_trusted_root_certificate.root',
  ]);
});

test.each([
  ['invalid JSON', '{"version": 1,', 'not valid JSON'],
  ['a newer format', JSON.stringify({ version: 9, serial: 1 }), 'newer than this intune-scep'],
  ['a damaged shape', JSON.stringify({ version: 1, serial: 'x' }), 'damaged'],
])('a state file with %s is refused and left untouched', async (_n, content, message) => {
  const { mkdirSync } = await import('node:fs');
  const { dirname } = await import('node:path');
  mkdirSync(dirname(f.ctx.stateFile), { recursive: true });
  writeFileSync(f.ctx.stateFile, content);
  await expect(applyStack(f.ctx, { config: configOf(cleanStack(certs)) })).rejects.toThrow(StateError);
  await expect(planStack(f.ctx, configOf(cleanStack(certs)))).rejects.toThrow(message);
  expect(readFileSync(f.ctx.stateFile, 'utf8')).toBe(content);
  expect(f.mock.store.configurations.size).toBe(0);
});

test('plan refuses Terraform expressions it cannot evaluate, naming the attribute', async () => {
  const doc = cleanStack(certs) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  (doc.resource.intune_scep_certificate_profile?.wifi as Record<string, unknown>).description = '${var.description}';
  (doc.resource.intune_profile_assignment?.wifi_assign as Record<string, unknown>).include_group_ids = ['${azuread_group.wifi.id}'];
  const plan = await planStack(f.ctx, configOf(doc));
  expect(
    plan.diagnostics.filter((d) => d.code === 'config/unsupported-expression').map((d) => `${d.address} ${JSON.stringify(d.path)}`),
  ).toEqual(['intune_profile_assignment.wifi_assign ["include_group_ids",0]', `${WIFI} ["description"]`]);
  expect(plan.changes).toEqual([]);
});

test("Terraform's template escapes are text: $${ and %%{ reach the tenant as ${ and %{, and plan again changes nothing", async () => {
  const doc = cleanStack(certs) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  const wifi = doc.resource.intune_scep_certificate_profile?.wifi as Record<string, unknown>;
  wifi.display_name = 'Wi-Fi $${var.x} %%{ if true }';
  wifi.description = '$$${x} $ $$ %% \\ "q" \n';
  const config = configOf(doc);
  expect(config.resources.find((r) => r.address === WIFI)?.attrs).toMatchObject({
    display_name: 'Wi-Fi ${var.x} %{ if true }',
    description: '$${x} $ $$ %% \\ "q" \n',
  });
  const plan = await planStack(f.ctx, config);
  expect(plan.diagnostics).toEqual([]);
  const r = await applyStack(f.ctx, { config });
  expect('errors' in r && r.errors).toEqual([]);
  const names = [...f.mock.store.configurations.values()].map((c) => [c.displayName, c.description ?? null]);
  expect(names).toContainEqual(['Wi-Fi ${var.x} %{ if true }', '$${x} $ $$ %% \\ "q" \n']);
  expect(summarize(await planStack(f.ctx, config))).toEqual({ add: 0, change: 0, destroy: 0 });
  expect((await planStack(f.ctx, config)).diagnostics).toEqual([]);
});

test('a template directive (%{ if }) is an expression too: plan refuses it, naming the attribute', async () => {
  const doc = cleanStack(certs) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  (doc.resource.intune_scep_certificate_profile?.wifi as Record<string, unknown>).description = '%{ if true }x%{ endif }';
  const plan = await planStack(f.ctx, configOf(doc));
  expect(plan.diagnostics.map((d) => `${d.code} ${d.address} ${JSON.stringify(d.path)}`)).toEqual([
    `config/unsupported-expression ${WIFI} ["description"]`,
  ]);
  expect(plan.changes).toEqual([]);
});

test('a saved plan nested 200,000 deep is refused with a reason, not a stack overflow', () => {
  const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
  const file = join(f.dir, 'deep-plan.json');
  writeFileSync(
    file,
    `{"intuneScepPlan":2,"graph":"x","inputs":{"config":{"resource":{"x":${deep}}}},"digest":"sha256:${'0'.repeat(64)}"}`,
  );
  expect(() => loadPlan(file)).toThrow(/is not a saved plan: its values nest too deeply to read\./);
});

test('a root whose certificate changes in place shows the impact on the profiles chained to it, and --max-impact refuses it', async () => {
  const short = { validity_period_value: 1, validity_period_unit: 'months' };
  const config = configOf(cleanStack(certs, { profile: short }));
  expect('errors' in (await applyStack(f.ctx, { config }))).toBe(true);
  const state = readState(f.ctx.stateFile, 'test');
  f.mock.store.setOverview(state.resources[WIFI]!.id, { device: { successCount: 700 }, user: { successCount: 650 } });
  // The root renewed in place with another CA's certificate (the one ending soon: a one-month validity fits).
  const renewed = configOf(cleanStack(certs, { root: { certificate: certs.rootEndingSoon }, profile: short }));
  const plan = await planStack(f.ctx, renewed);
  expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(plan.changes.find((c) => c.address === 'intune_trusted_root_certificate.root')?.action).toBe('update');
  expect(plan.impact).toEqual([
    expect.objectContaining({ address: 'intune_trusted_root_certificate.root', profile: WIFI, effect: 'remove', devices: 700, users: 650 }),
  ]);
  const limited = await planStack(f.ctx, renewed, { maxImpact: { devices: 10 } });
  expect(limited.diagnostics.map((d) => d.code)).toContain('plan/impact-over-threshold');
});

test('groups named __proto__ and constructor are names like any other: resolved, assigned, no-op after', async () => {
  await f.close();
  const odd = [
    { id: '3e9c0f4b-8d5a-4b1e-af6c-4a5b6c7d8e93', displayName: '__proto__' },
    { id: '4fad1a5c-9e6b-4c2f-b07d-5b6c7d8e9fa4', displayName: 'constructor' },
  ];
  f = await engineFixture({ seedGroups: [...SEED_GROUPS, ...odd] });
  const doc = cleanStack(certs) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  for (const a of ['root_assign', 'wifi_assign'])
    (doc.resource.intune_profile_assignment?.[a] as Record<string, unknown>).include_group_names = ['__proto__', 'constructor'];
  const r = await applyStack(f.ctx, { config: configOf(doc) });
  expect('errors' in r && r.errors).toEqual([]);
  const wifi = readState(f.ctx.stateFile, 'test').resources[WIFI]!.id;
  const targets = (f.mock.store.assignments.get(wifi) ?? []).map((a) => String((a.target as { groupId?: string }).groupId)).sort();
  expect(targets).toEqual(odd.map((g) => g.id).sort());
  expect(Object.values(actions(await planStack(f.ctx, configOf(doc))))).toEqual(['no-op', 'no-op', 'no-op', 'no-op']);
});
