/**
 * The built CLI as a child process against a mock server (`mock-graph serve`, tokens required):
 * plan → apply → plan shows no changes → edit the stack (macOS deployment channel) → plan shows the
 * replacement with its reason → apply → destroy. Plus the embedded tenant, saved plans and state commands.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { serveMockProcess, spawnCli } from '../helpers/cli';
import { cleanStack } from '../helpers/stacks';
import { ref, synth } from '../helpers/stacks';

let certs: TestCertificates;
let server: { url: string; stop: () => Promise<void> };
let url: string;
const dir = mkdtempSync(join(tmpdir(), 'intune-scep-cli-e2e-'));
beforeAll(async () => {
  certs = await testCertificates();
  server = await serveMockProcess();
  url = server.url;
});
afterAll(() => server.stop());

function macStack(c: TestCertificates, channel: 'user' | 'device'): unknown {
  const user = channel === 'user';
  return synth({
    roots: { mac_root: { display_name: 'Contoso Root (macOS)', platform: 'macos', certificate: c.root, deployment_channel: channel } },
    profiles: {
      mac: {
        display_name: 'macOS certificate',
        platform: 'macos',
        deployment_channel: channel,
        root_certificate_id: ref('intune_trusted_root_certificate.mac_root'),
        certificate_type: user ? 'user' : 'device',
        subject_name_format: user ? 'CN={{UserPrincipalName}}' : 'CN={{AAD_Device_ID}}',
        subject_alternative_names: user ? [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }] : [],
        scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
      },
    },
    assignments: {
      root_assign: { profile_id: ref('intune_trusted_root_certificate.mac_root'), include_group_names: ['Mac Users'] },
      mac_assign: { profile_id: ref('intune_scep_certificate_profile.mac'), include_group_names: ['Mac Users'] },
    },
  });
}

const env = { INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z', CI: 'true' };
const cli = (args: string[], cwd = dir) => spawnCli(args, { cwd, env });
/** Each test runs the CLI in several child processes. */
jest.setTimeout(120_000);

test('plan → apply → no changes → channel edit forces replacement → apply → destroy', async () => {
  writeFileSync(join(dir, 'mac.json'), JSON.stringify(macStack(certs, 'user')));
  const g = ['--config', 'mac.json', '--stack', 'mac', '--graph-url', url];

  const p1 = await cli(['plan', ...g, '--detailed-exitcode']);
  expect(p1.code).toBe(2);
  expect(p1.stderr).toContain(`Planning stack "mac" against Graph at ${url}/beta`);
  expect(p1.stdout).toContain('Plan: 4 to add, 0 to change, 0 to destroy.');

  const a1 = await cli(['apply', ...g, '--auto-approve', '--progress', 'plain']);
  expect(a1.code).toBe(0);
  expect(a1.stdout).toContain('Apply complete! Resources: 4 added, 0 changed, 0 destroyed.');
  expect(a1.stderr).toContain('intune_scep_certificate_profile.mac: created');

  const p2 = await cli(['plan', ...g, '--detailed-exitcode']);
  expect(p2).toMatchObject({ code: 0 });
  expect(p2.stdout).toContain('No changes. The tenant matches the stack.');

  writeFileSync(join(dir, 'mac.json'), JSON.stringify(macStack(certs, 'device')));
  const p3 = await cli(['plan', ...g]);
  expect(p3.code).toBe(0);
  expect(p3.stdout).toContain('# intune_scep_certificate_profile.mac must be replaced (create replacement and then destroy)');
  expect(p3.stdout).toContain('# (the deployment channel cannot be changed after the profile is deployed)');
  expect(p3.stdout).toMatch(/~ deployment_channel += "user" -> "device" # forces replacement/);
  expect(p3.stdout).toContain(
    'Certificate impact:\n+/- intune_scep_certificate_profile.mac replaced: every device that has it requests a certificate from the new profile',
  );

  const j = await cli(['plan', ...g, '--json']);
  const json = JSON.parse(j.stdout) as {
    format_version: string;
    resource_changes: { address: string; change: { actions: string[]; replace_paths: string[][] }; action_reason?: string }[];
  };
  expect(json.format_version).toBe('1.0');
  const mac = json.resource_changes.find((r) => r.address === 'intune_scep_certificate_profile.mac');
  expect(mac?.change).toMatchObject({ actions: ['create', 'delete'], replace_paths: [['deployment_channel']] });
  expect(mac?.action_reason).toBe('the deployment channel cannot be changed after the profile is deployed');

  const md = await cli(['plan', ...g, '--markdown']);
  expect(md.stdout).toContain('| action | resource | reason |');
  expect(md.stdout).toContain('<details><summary><code>intune_scep_certificate_profile.mac</code>');

  const a2 = await cli(['apply', ...g, '--auto-approve']);
  expect(a2.code).toBe(0);
  expect(a2.stdout).toContain('Apply complete! Resources: 4 added, 0 changed, 4 destroyed.');
  expect((await cli(['plan', ...g, '--detailed-exitcode'])).code).toBe(0);

  const d = await cli(['destroy', ...g, '--auto-approve']);
  expect(d.code).toBe(0);
  expect(d.stdout).toContain('Destroy complete! Resources: 4 destroyed.');
  expect((await cli(['state', 'list', '--stack', 'mac'])).stdout).toBe('');
});

test('the embedded tenant by default; no apply without confirmation when there is no terminal', async () => {
  const app = mkdtempSync(join(tmpdir(), 'intune-scep-cli-embedded-'));
  writeFileSync(join(app, 'stack.json'), JSON.stringify(macStack(certs, 'user')));
  const p = await cli(['plan', '--config', 'stack.json'], app);
  expect(p.code).toBe(0);
  expect(p.stderr).toContain('the embedded mock tenant (.intune-scep/mock-tenant.json); nothing reaches a real tenant');
  const refused = await cli(['apply', '--config', 'stack.json'], app);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('--auto-approve');
  expect((await cli(['apply', '--config', 'stack.json', '--auto-approve'], app)).code).toBe(0);
  // The embedded tenant persists: a new process sees what the last one applied.
  expect((await cli(['plan', '--config', 'stack.json', '--detailed-exitcode'], app)).code).toBe(0);
});

test('a saved plan applies exactly; applying it again is refused as stale', async () => {
  const app = mkdtempSync(join(tmpdir(), 'intune-scep-cli-saved-'));
  writeFileSync(join(app, 'stack.json'), JSON.stringify(macStack(certs, 'user')));
  const g = ['--config', 'stack.json', '--graph-url', url, '--stack', 'saved'];
  expect((await cli(['plan', ...g, '--out', 'p.plan'], app)).code).toBe(0);
  // Apply checks the plan against the checkout's config (--config names it), then makes it again.
  const a = await cli(['apply', 'p.plan', '--config', 'stack.json', '--graph-url', url], app);
  expect(a.code).toBe(0);
  const again = await cli(['apply', 'p.plan', '--config', 'stack.json', '--graph-url', url], app);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('the saved plan is stale');
  await cli(['destroy', ...g, '--auto-approve'], app);
});

test('state list, show, rm; import; force-unlock with the wrong id', async () => {
  const app = mkdtempSync(join(tmpdir(), 'intune-scep-cli-state-'));
  writeFileSync(join(app, 'stack.json'), JSON.stringify(macStack(certs, 'user')));
  const g = ['--config', 'stack.json', '--graph-url', url, '--stack', 'st'];
  expect((await cli(['apply', ...g, '--auto-approve'], app)).code).toBe(0);
  const list = await cli(['state', 'list', '--stack', 'st'], app);
  expect(list.stdout.trim().split('\n')).toEqual([
    'intune_profile_assignment.mac_assign',
    'intune_profile_assignment.root_assign',
    'intune_scep_certificate_profile.mac',
    'intune_trusted_root_certificate.mac_root',
  ]);
  const show = await cli(['state', 'show', 'intune_scep_certificate_profile.mac', '--stack', 'st'], app);
  const id = (JSON.parse(show.stdout.slice(show.stdout.indexOf('\n') + 1)) as { id: string }).id;
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect((await cli(['state', 'rm', 'intune_scep_certificate_profile.mac', '--stack', 'st'], app)).stdout).toContain('stays in the tenant');
  expect((await cli(['plan', ...g], app)).stdout).toContain('# intune_scep_certificate_profile.mac will be created');
  const imp = await cli(['import', 'intune_scep_certificate_profile.mac', id, ...g], app);
  expect(imp.code).toBe(0);
  expect((await cli(['plan', ...g, '--detailed-exitcode'], app)).code).toBe(0);
  const unlock = await cli(['force-unlock', 'nope', '--stack', 'st'], app);
  expect(unlock.code).toBe(1);
  expect(unlock.stderr).toContain('is not locked');
  await cli(['destroy', ...g, '--auto-approve'], app);
});

test('from a CDKTF app: synth → plan → apply → no changes → channel edit → replacement with its reason → apply → destroy', async () => {
  const app = mkdtempSync(join(tmpdir(), 'intune-scep-cli-app-'));
  writeFileSync(
    join(app, 'cdktf.json'),
    JSON.stringify({ language: 'typescript', app: `node ${JSON.stringify(join(__dirname, '..', 'fixtures', 'channel-app.js'))}` }),
  );
  const run = (args: string[], channel: string) => spawnCli([...args, '--graph-url', url], { cwd: app, env: { ...env, CHANNEL: channel } });
  const s = await spawnCli(['synth'], { cwd: app, env: { ...env, CHANNEL: 'user' } });
  expect(s.stdout).toMatch(/^Synthesized stack "[\w-]+" into cdktf\.out\n$/);
  expect((await run(['plan', '--detailed-exitcode'], 'user')).code).toBe(2);
  expect((await run(['apply', '--auto-approve'], 'user')).stdout).toContain('4 added');
  expect((await run(['plan', '--detailed-exitcode'], 'user')).code).toBe(0);
  const p = await run(['plan'], 'device');
  expect(p.stdout).toMatch(/# intune_scep_certificate_profile\.Certificate_\w+ must be replaced \(create replacement and then destroy\)/);
  expect(p.stdout).toContain('# (the deployment channel cannot be changed after the profile is deployed)');
  expect(p.stdout).toMatch(/~ deployment_channel += "user" -> "device" # forces replacement/);
  expect((await run(['apply', '--auto-approve'], 'device')).stdout).toContain('4 added, 0 changed, 4 destroyed');
  expect((await run(['plan', '--detailed-exitcode'], 'device')).code).toBe(0);
  expect((await run(['destroy', '--auto-approve'], 'device')).stdout).toContain('Destroy complete! Resources: 4 destroyed.');
});

test('AZURE_TENANT_ID in the environment (meant for a real tenant) does not break --graph-url to a mock', async () => {
  const d = mkdtempSync(join(tmpdir(), 'intune-scep-cli-tenant-env-'));
  writeFileSync(join(d, 'cdk.tf.json'), JSON.stringify(cleanStack(certs)));
  const r = await spawnCli(['plan', '--config', 'cdk.tf.json', '--graph-url', url], {
    cwd: d,
    env: { CI: 'true', AZURE_TENANT_ID: '11111111-2222-3333-4444-555555555555' },
  });
  expect(r.stderr).not.toMatch(/Error/);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/Plan: \d+ to add/);
});

test('--max-impact-devices refuses a plan (and a saved plan) that reissues more certificates than allowed', async () => {
  const { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } = await import('../../lib/mock-graph');
  const own = await serveMockProcess();
  try {
    const work = mkdtempSync(join(tmpdir(), 'intune-scep-impact-'));
    const run = (args: string[]) =>
      spawnCli([...args, '--config', 'stack.json', '--stack', 'wifi', '--graph-url', own.url], { cwd: work, env });
    writeFileSync(join(work, 'stack.json'), JSON.stringify(cleanStack(certs)));
    expect((await run(['apply', '--auto-approve'])).code).toBe(0);
    const state = JSON.parse(readFileSync(join(work, '.intune-scep', 'state', 'wifi.json'), 'utf8')) as {
      resources: Record<string, { id: string }>;
    };
    const profileId = state.resources['intune_scep_certificate_profile.wifi']?.id as string;
    // 1,204 devices hold the profile, as Intune would report it (Microsoft documents PATCH on the overview).
    const token = (
      (await (
        await fetch(`${own.url}/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: DEFAULT_CLIENT_ID,
            client_secret: DEFAULT_CLIENT_SECRET,
            scope: 'https://graph.microsoft.com/.default',
          }),
        })
      ).json()) as { access_token: string }
    ).access_token;
    const patched = await fetch(`${own.url}/beta/deviceManagement/deviceConfigurations/${profileId}/deviceStatusOverview`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ successCount: 1204 }),
    });
    expect(patched.status).toBe(204);

    const edited = cleanStack(certs) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    (edited.resource.intune_scep_certificate_profile?.wifi as Record<string, unknown>).renewal_threshold_percentage = 30;
    writeFileSync(join(work, 'stack.json'), JSON.stringify(edited));

    const over = await run(['plan', '--max-impact-devices', '1000']);
    expect(over.code).toBe(1);
    expect(over.stdout).toContain('plan/impact-over-threshold');
    expect(over.stdout).toContain('held by 1204 devices (intune_scep_certificate_profile.wifi: 1204), more than --max-impact-devices 1000');

    const under = await run(['plan', '--max-impact-devices', '5000', '--out', 'p.json', '--json']);
    expect(under.code).toBe(0);
    expect(JSON.parse(under.stdout).certificate_impact).toEqual([
      expect.objectContaining({ address: 'intune_scep_certificate_profile.wifi', effect: 'reissue', devices: 1204, users: 0 }),
    ]);
    const stateBefore = readFileSync(join(work, '.intune-scep', 'state', 'wifi.json'), 'utf8');
    const savedOver = await run(['apply', 'p.json', '--max-impact-devices', '1000']);
    expect(savedOver.code).toBe(1);
    expect(savedOver.stderr).toContain('more than --max-impact-devices 1000');
    expect(readFileSync(join(work, '.intune-scep', 'state', 'wifi.json'), 'utf8')).toBe(stateBefore);
    expect((await run(['apply', 'p.json'])).code).toBe(0);

    const bad = await run(['plan', '--max-impact-devices', 'lots']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--max-impact-devices "lots": give a whole number of devices');
  } finally {
    await own.stop();
  }
});

test("the embedded tenant has assignment filters to try: the README's filter plans and applies", async () => {
  const work = mkdtempSync(join(tmpdir(), 'intune-scep-embedded-filters-'));
  const doc = cleanStack(certs) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  (doc.resource.intune_profile_assignment?.wifi_assign as Record<string, unknown>).filters = [
    { group_name: 'Wi-Fi Users', filter_name: 'Corporate Windows', mode: 'include' },
  ];
  writeFileSync(join(work, 'stack.json'), JSON.stringify(doc));
  const apply = await spawnCli(['apply', '--config', 'stack.json', '--stack', 'wifi', '--auto-approve'], { cwd: work, env });
  expect({ code: apply.code, stderr: apply.stderr.includes('Error') ? apply.stderr : '' }).toEqual({ code: 0, stderr: '' });
  const again = await spawnCli(['plan', '--config', 'stack.json', '--stack', 'wifi', '--detailed-exitcode'], { cwd: work, env });
  expect(again.code).toBe(0);
});
