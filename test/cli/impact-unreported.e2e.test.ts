/**
 * Certificate impact on platforms Intune does not report (issue 29): Android (AOSP) and Android
 * Enterprise fully managed, dedicated and corporate-owned work profile SCEP profiles. Microsoft's SCEP
 * article: "Under Monitoring, certificate reporting isn't available for Device Owner SCEP certificate
 * profiles", and Intune cannot revoke their certificates. A pipeline's --max-impact-devices must not read
 * Graph's empty overview as "0 devices": the CLI (its `run`, in this process) against a mock server
 * process, refuses such a change with the platform reason (plan, and a saved plan at apply), and lets it
 * through only with --accept-unreported-impact. State and tenant stay as they were after every refusal.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { serveMockProcess, runCliAsBin } from '../helpers/cli';
import { platformStack, ref } from '../helpers/stacks';

let certs: TestCertificates;
let server: { url: string; stop: () => Promise<void> };
beforeAll(async () => {
  certs = await testCertificates();
  server = await serveMockProcess();
});
afterAll(() => server.stop());

/** A token for the mock's default app (the server requires one), to read the tenant as Graph would answer. */
async function token(): Promise<string> {
  const { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } = await import('../../lib/mock-graph');
  const r = await fetch(`${server.url}/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: DEFAULT_CLIENT_ID,
      client_secret: DEFAULT_CLIENT_SECRET,
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  return ((await r.json()) as { access_token: string }).access_token;
}

// Each test runs the CLI three to five times (in this process: the bin around `run` is proved by engine-cli.e2e).
jest.setTimeout(120_000);

const env = { INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z', CI: 'true' };
type Doc = { resource: Record<string, Record<string, Record<string, unknown>>> };

/** A device-certificate profile of `platform` and its root, both assigned to one group. */
function stack(platform: string, keySize = 2048): Doc {
  const doc = platformStack(certs, platform, { key_size: keySize, suppress_warnings: ['platform/device-owner-no-revocation'] }) as Doc;
  doc.resource.intune_profile_assignment = {
    root_assign: { profile_id: ref('intune_trusted_root_certificate.root'), include_group_names: ['Wi-Fi Users'] },
    p_assign: { profile_id: ref('intune_scep_certificate_profile.p'), include_group_names: ['Wi-Fi Users'] },
  };
  return doc;
}

describe.each([
  ['aosp', 'Android (AOSP)'],
  ['android_device_owner', 'Android Enterprise fully managed, dedicated and corporate-owned work profile'],
])('a %s profile changed in place', (platform, label) => {
  let work: string;
  const run = (args: string[]) =>
    runCliAsBin([...args, '--config', 'stack.json', '--stack', 'p', '--graph-url', server.url], { cwd: work, env });
  const stateText = () => readFileSync(join(work, '.intune-scep', 'state', 'p.json'), 'utf8');

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), `intune-scep-unreported-${platform}-`));
    writeFileSync(join(work, 'stack.json'), JSON.stringify(stack(platform)));
    const first = await run(['apply', '--auto-approve']);
    expect({ code: first.code, stderr: first.code === 0 ? '' : first.stderr }).toEqual({ code: 0, stderr: '' });
    // The change every device that holds the profile feels: a new key size.
    writeFileSync(join(work, 'stack.json'), JSON.stringify(stack(platform, 4096)));
  });

  test('--max-impact-devices refuses it with the platform reason, never "0 devices"', async () => {
    const before = stateText();
    const r = await run(['plan', '--max-impact-devices', '10']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('plan/impact-unreported');
    // The refused plan shows what it refused: the resource diff, for the reviewer.
    expect(r.stdout).toContain('# intune_scep_certificate_profile.p will be updated in-place');
    expect(r.stdout).toContain('~ key_size');
    expect(r.stdout).toContain(`Intune does not report how many devices hold intune_scep_certificate_profile.p`);
    expect(r.stdout).toContain(label);
    expect(r.stdout).toContain('--accept-unreported-impact');
    expect(r.stdout).not.toMatch(/\b0 devices\b/);
    expect(r.stdout).not.toContain('permission');
    expect(stateText()).toBe(before);
  });

  test('the plan says what Intune does there: not counted, removed and reissued but not revoked', async () => {
    const human = await run(['plan']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Intune does not report how many devices hold intune_scep_certificate_profile.p');
    // What happens there, said once and without contradiction: the new certificate replaces the old,
    // which stays valid until it expires or is revoked at the CA.
    expect(human.stdout).toContain('which replaces the old one on the device when it arrives');
    expect(human.stdout).toContain('stay valid until they expire or are revoked at the CA');
    expect(human.stdout.match(/cannot revoke/g)).toHaveLength(1);
    expect(human.stdout).not.toContain('drop until the device has the new one');
    expect(human.stdout).not.toContain('Intune revokes and reissues');
    const json = JSON.parse((await run(['plan', '--json'])).stdout) as { certificate_impact: Record<string, unknown>[] };
    expect(json.certificate_impact).toEqual([
      expect.objectContaining({
        address: 'intune_scep_certificate_profile.p',
        effect: 'reissue',
        unreported: expect.stringContaining(label),
      }),
    ]);
    expect(json.certificate_impact[0]).not.toHaveProperty('devices');
    const md = (await run(['plan', '--markdown'])).stdout;
    expect(md).toContain(
      '| <code>intune_scep_certificate_profile.p</code> | reissue | <code>intune_scep_certificate_profile.p</code> | not reported by Intune | not reported by Intune |',
    );
  });

  test('--accept-unreported-impact lets it through knowingly, for a saved plan too (apply makes it again)', async () => {
    const saved = await run(['plan', '--max-impact-devices', '10', '--accept-unreported-impact', '--out', 'p.plan']);
    expect({ code: saved.code, stderr: saved.code === 0 ? '' : saved.stderr }).toEqual({ code: 0, stderr: '' });

    const before = stateText();
    const refused = await run(['apply', 'p.plan', '--max-impact-devices', '10']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('plan/impact-unreported');
    expect(refused.stderr).toContain(label);
    expect(stateText()).toBe(before);

    const applied = await run(['apply', 'p.plan', '--max-impact-devices', '10', '--accept-unreported-impact']);
    expect({ code: applied.code, stderr: applied.code === 0 ? '' : applied.stderr }).toEqual({ code: 0, stderr: '' });
    const again = await run(['plan', '--detailed-exitcode']);
    expect(again.code).toBe(0);
  });
});

// F2 of the review of issues 24/29: an AOSP profile adopted by import blocks (state knows nothing of
// its platform) whose assignment is narrowed and whose key size changes. Neither the assignment's entry
// (Graph's overview says 0) nor any other may make it "0 devices": plan --out refuses (nothing saved),
// and a plan saved without a limit is refused at apply under one; the tenant keeps its key size.
test('F2: an adopted AOSP profile is unreported at plan and at apply of a saved plan, whatever its assignment says', async () => {
  const work = mkdtempSync(join(tmpdir(), 'intune-scep-unreported-adopted-'));
  const run = (args: string[]) =>
    runCliAsBin([...args, '--config', 'stack.json', '--stack', 'p', '--graph-url', server.url], { cwd: work, env });
  writeFileSync(join(work, 'stack.json'), JSON.stringify(stack('aosp')));
  expect((await run(['apply', '--auto-approve'])).code).toBe(0);
  const ids = Object.fromEntries(
    Object.entries(
      (JSON.parse(readFileSync(join(work, '.intune-scep', 'state', 'p.json'), 'utf8')) as { resources: Record<string, { id: string }> })
        .resources,
    ).map(([a, r]) => [a, r.id]),
  );
  // The objects now exist in the tenant only, as in a tenant made in the admin center.
  rmSync(join(work, '.intune-scep'), { recursive: true });
  const adopted = stack('aosp', 4096) as Doc & { import?: unknown };
  adopted.resource.intune_profile_assignment!.p_assign!.include_group_names = ['VPN Users'];
  adopted.import = Object.entries(ids).map(([to, id]) => ({ to, id }));
  writeFileSync(join(work, 'stack.json'), JSON.stringify(adopted));

  const limited = await run(['plan', '--max-impact-devices', '10', '--out', 'p.plan']);
  expect(limited.code).toBe(1);
  expect(limited.stdout).toContain('plan/impact-unreported');
  expect(limited.stdout).not.toMatch(/\b0 devices\b/);
  expect(existsSync(join(work, 'p.plan'))).toBe(false);

  const saved = await run(['plan', '--out', 'p.plan']);
  expect({ code: saved.code, stderr: saved.code === 0 ? '' : saved.stderr }).toEqual({ code: 0, stderr: '' });
  expect(saved.stdout).not.toMatch(/\b0 devices\b/);
  const refused = await run(['apply', 'p.plan', '--max-impact-devices', '10']);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('plan/impact-unreported');
  const profile = (await (
    await fetch(`${server.url}/beta/deviceManagement/deviceConfigurations/${ids['intune_scep_certificate_profile.p']}`, {
      headers: { authorization: `Bearer ${await token()}` },
    })
  ).json()) as { keySize?: string };
  expect(profile.keySize).toBe('size2048');
});

test('--accept-unreported-impact without a limit is a usage error (it would accept nothing)', async () => {
  const work = mkdtempSync(join(tmpdir(), 'intune-scep-unreported-flag-'));
  writeFileSync(join(work, 'stack.json'), JSON.stringify(stack('aosp')));
  const r = await runCliAsBin(['plan', '--accept-unreported-impact', '--config', 'stack.json', '--stack', 'p', '--graph-url', server.url], {
    cwd: work,
    env,
  });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('--accept-unreported-impact');
  expect(r.stderr).toContain('--max-impact-devices');
  expect(r.stderr).not.toMatch(/\n\s+at /);
});
