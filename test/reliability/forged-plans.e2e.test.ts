/**
 * Forged saved plans, as someone who can edit a pipeline artifact makes them: the digest is a plain
 * SHA-256 that anyone can compute again, so every forgery here is sealed again before it is applied.
 * Apply makes the plan again from its inputs, the state and the tenant, so what a file says beyond its
 * inputs is never acted on; with a plan key, an edited plan is refused before it is read further. Each
 * attack runs the CLI (its `run`, in this process; the bin in a child process where the app's whole
 * environment or every byte of output is the point) against a mock Graph process; the tenant and every
 * state file are compared before and after.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { runCliAsBin, serveMockProcess, spawnCli, type CliResult } from '../helpers/cli';
import { CRASH_PATTERN, Tally, tenantNames } from '../helpers/reliability';
import { resealPlan } from '../helpers/plan-files';
import { cleanStack } from '../helpers/stacks';
import { WRITE_MANIFEST } from '../helpers/synth-app';

jest.setTimeout(120_000);
const tally = new Tally('forged plans: apply makes the plan again, signed plans checked');

let certs: TestCertificates;
let server: { url: string; stop: () => Promise<void> };
let dir: string;
const KEY = 'k'.repeat(16) + '0123456789abcdef0123456789abcdef';
const env = { CI: 'true', INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z' };
const cli = (args: string[], extra: Record<string, string> = {}): Promise<CliResult> =>
  runCliAsBin([...args, '--graph-url', server.url], { cwd: dir, env: { ...env, ...extra } });
/**
 * The built bin in a child process, for what only a process shows: the whole environment the app
 * inherits, and everything written to its stdout and stderr (a warning Node prints, a library's own
 * output), where a secret must never appear.
 */
const binCli = (args: string[], extra: Record<string, string> = {}): Promise<CliResult> =>
  spawnCli([...args, '--graph-url', server.url], { cwd: dir, env: { ...env, ...extra } });
const stateText = (stack: string) => readFileSync(join(dir, '.intune-scep', 'state', `${stack}.json`), 'utf8');
const stateOf = (stack: string) =>
  JSON.parse(stateText(stack)) as { serial: number; resources: Record<string, { id: string; type: string }> };

type Doc = Record<string, unknown>;
/** The plan inside a saved file (the file itself in the format before inputs were recorded). */
const planOf = (doc: Doc) => (doc.plan ?? doc) as { changes: Doc[]; prior: { resources: Record<string, unknown> }; impact: Doc[] };

/** What an attacker does after editing: the digest computed again, as anyone can. */
const reseal = (doc: Doc, file: string) => resealPlan(join(dir, file), doc);
const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Doc;

/** Runs `attack` and checks it was refused with `message`, the tenant and both states unchanged. */
async function refusedUnchanged(attack: () => Promise<CliResult>, message: RegExp): Promise<CliResult> {
  const tenant = (await tenantNames(server.url)).sort();
  const states = ['a', 'b'].map(stateText);
  const r = await attack();
  const after = (await tenantNames(server.url)).sort();
  const lost = tenant.filter((n) => !after.includes(n)).length;
  tally.add({
    runs: 1,
    faultsInjected: 1,
    objectsLost: lost,
    duplicates: Math.max(0, after.length - tenant.length),
    crashes: CRASH_PATTERN.test(r.stderr) ? 1 : 0,
  });
  expect(r.stderr).not.toMatch(CRASH_PATTERN);
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(1);
  expect(after).toEqual(tenant);
  expect(['a', 'b'].map(stateText)).toEqual(states);
  return r;
}

async function setDevices(profileId: string, successCount: number): Promise<void> {
  const r = await fetch(`${server.url}/beta/deviceManagement/deviceConfigurations/${profileId}/deviceStatusOverview`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ successCount }),
  });
  expect(r.status).toBe(204);
}

beforeAll(async () => {
  certs = await testCertificates();
  server = await serveMockProcess(['--memory', '--auth', 'off']);
  dir = mkdtempSync(join(tmpdir(), 'intune-scep-forged-plans-'));
  writeFileSync(
    join(dir, 'a.json'),
    JSON.stringify(cleanStack(certs, { root: { display_name: 'Root A' }, profile: { display_name: 'Wi-Fi A' } })),
  );
  writeFileSync(
    join(dir, 'b.json'),
    JSON.stringify(cleanStack(certs, { root: { display_name: 'Root B' }, profile: { display_name: 'Wi-Fi B' } })),
  );
  for (const s of ['a', 'b']) expect((await cli(['apply', '--auto-approve', '--config', `${s}.json`, '--stack', s])).code).toBe(0);
  // Stack a's next plan reissues the certificates of its profile: an in-place change.
  writeFileSync(
    join(dir, 'a2.json'),
    JSON.stringify(
      cleanStack(certs, { root: { display_name: 'Root A' }, profile: { display_name: 'Wi-Fi A', renewal_threshold_percentage: 30 } }),
    ),
  );
  // 700 devices hold it, as Intune reports.
  await setDevices(stateOf('a').resources['intune_scep_certificate_profile.wifi']!.id, 700);
});
afterAll(() => server.stop());

const planA = async (file: string, extra: Record<string, string> = {}) => {
  const r = await cli(['plan', '--config', 'a2.json', '--stack', 'a', '--out', file], extra);
  expect(r.stderr).not.toMatch(/Error/);
  expect(r.code).toBe(0);
};

test("a re-sealed plan that adopts another stack's root at a new address and deletes it is refused", async () => {
  await planA('clean.json');
  const doc = read('clean.json');
  const victim = stateOf('b').resources['intune_trusted_root_certificate.root']!;
  const address = 'intune_trusted_root_certificate.stolen';
  const plan = planOf(doc);
  plan.prior.resources[address] = {
    type: 'intune_trusted_root_certificate',
    id: victim.id,
    attrs: {},
    config: {},
    dependencies: [],
    createBeforeDestroy: true,
  };
  plan.changes.push({
    address,
    type: 'intune_trusted_root_certificate',
    name: 'stolen',
    action: 'delete',
    before: null,
    after: null,
    id: victim.id,
    changedPaths: [],
    replacePaths: [],
    priorDependencies: [],
    importing: true,
  });
  reseal(doc, 'adopt-delete.json');
  await refusedUnchanged(
    () => cli(['apply', 'adopt-delete.json', '--config', 'a2.json']),
    new RegExp(`${address.replace('.', '\\.')}: the plan shows delete \\(import\\), and it is no longer planned`),
  );
});

test('a re-sealed plan whose recorded impact says 0 devices is refused under --max-impact-devices: impact is counted again', async () => {
  const over = await cli(['plan', '--config', 'a2.json', '--stack', 'a', '--max-impact-devices', '10']);
  expect(over.stdout).toContain('held by 700 devices');
  await planA('impact.json');
  const doc = read('impact.json');
  for (const i of planOf(doc).impact) Object.assign(i, { devices: 0, users: 0 });
  reseal(doc, 'impact-zeroed.json');
  await refusedUnchanged(
    () => cli(['apply', 'impact-zeroed.json', '--config', 'a2.json', '--max-impact-devices', '10']),
    /held by 700 devices \(intune_scep_certificate_profile\.wifi: 700\), more than --max-impact-devices 10/,
  );
});

test('a change made to the tenant between plan and apply makes the saved plan stale: refused, re-plan and review', async () => {
  await planA('before-edit.json');
  const rootA = stateOf('a').resources['intune_trusted_root_certificate.root']!.id;
  const edit = await fetch(`${server.url}/beta/deviceManagement/deviceConfigurations/${rootA}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      '@odata.type': '#microsoft.graph.windows81TrustedRootCertificate',
      displayName: 'Root A (edited in the admin center)',
    }),
  });
  expect(edit.status).toBe(204);
  try {
    await refusedUnchanged(
      () => cli(['apply', 'before-edit.json', '--config', 'a2.json']),
      /the saved plan no longer holds: .*intune_trusted_root_certificate\.root: the plan shows no change, and it would now be update.*run plan again and review the new plan/,
    );
  } finally {
    await fetch(`${server.url}/beta/deviceManagement/deviceConfigurations/${rootA}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ '@odata.type': '#microsoft.graph.windows81TrustedRootCertificate', displayName: 'Root A' }),
    });
  }
});

test('a saved plan applies only as the apply command says: flags of another kind of plan are refused, not ignored', async () => {
  await planA('flags.json');
  await refusedUnchanged(
    () => cli(['apply', 'flags.json', '--config', 'a2.json', '--target', 'intune_trusted_root_certificate.root']),
    /flags\.json is a plan, and this apply asks for a plan with --target intune_trusted_root_certificate\.root: a saved plan applies only as the apply command says.*\[plan\/other-mode\]/,
  );
  await refusedUnchanged(
    () => cli(['apply', 'flags.json', '--config', 'a2.json', '--refresh-only']),
    /flags\.json is a plan, and this apply asks for a --refresh-only plan/,
  );
  // A destroy plan (in a pipeline, perhaps saved by a pull request's code) needs --destroy to apply.
  const d = await cli(['plan', '--config', 'a2.json', '--stack', 'a', '--destroy', '--out', 'destroy.json']);
  expect(d.code).toBe(0);
  await refusedUnchanged(
    () => cli(['apply', 'destroy.json', '--config', 'a2.json']),
    /destroy\.json is a --destroy plan, and this apply asks for a plan: .*Nothing was applied/,
  );
});

test("a plan whose recorded config was edited (and its changes with it, consistently) is refused against the checkout's config", async () => {
  await planA('config.json');
  const doc = read('config.json') as Doc & { inputs: { config: { resource: Record<string, Record<string, Record<string, unknown>>> } } };
  const evil = ['https://evil.example/certsrv/mscep/mscep.dll'];
  doc.inputs.config.resource.intune_scep_certificate_profile!.wifi!.scep_server_urls = evil;
  for (const c of planOf(doc).changes) {
    if (c.address !== 'intune_scep_certificate_profile.wifi') continue;
    (c.after as Doc).scep_server_urls = evil;
    ((c.desired as Doc).config as Doc).scep_server_urls = evil;
    (c.changedPaths as string[][]).push(['scep_server_urls']);
  }
  reseal(doc, 'config-forged.json');
  await refusedUnchanged(
    () => cli(['apply', 'config-forged.json', '--config', 'a2.json']),
    /config-forged\.json was made from another config than this checkout's stack a2\.json: intune_scep_certificate_profile\.wifi differs/,
  );
  // With no checkout to compare with and no signature, nothing vouches for the file: refused.
  await refusedUnchanged(
    () => cli(['apply', 'config-forged.json']),
    /nothing to check config-forged\.json against: apply it in the app's folder/,
  );
});

test("the app a plan job synthesizes (a pull request's code) sees no credentials and no plan key", async () => {
  const app = join(dir, 'app');
  mkdirSync(app);
  const stack = join(dir, 'a2.json');
  // The app copies the stack into place as cdktf would write it, and records the variables it was given.
  writeFileSync(
    join(app, 'app.js'),
    `const fs=require('fs');fs.mkdirSync(process.env.CDKTF_OUTDIR+'/stacks/a',{recursive:true});fs.copyFileSync(${JSON.stringify(stack)},process.env.CDKTF_OUTDIR+'/stacks/a/cdk.tf.json');fs.writeFileSync('seen.json',JSON.stringify(Object.keys(process.env)));${WRITE_MANIFEST('a')}`,
  );
  writeFileSync(join(app, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node app.js' }));
  const r = await spawnCli(['plan', '--graph-url', server.url, '--out', 'p.json'], {
    cwd: app,
    env: {
      ...env,
      INTUNE_SCEP_PLAN_KEY: KEY,
      AZURE_CLIENT_SECRET: 'client-secret-value',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-token',
    },
  });
  expect(r.code).toBe(0);
  const seen = JSON.parse(readFileSync(join(app, 'seen.json'), 'utf8')) as string[];
  expect(seen).toEqual(expect.arrayContaining(['PATH', 'CDKTF_OUTDIR']));
  expect(seen.filter((k) => ['INTUNE_SCEP_PLAN_KEY', 'AZURE_CLIENT_SECRET', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'].includes(k))).toEqual([]);
});

describe('with a plan key (INTUNE_SCEP_PLAN_KEY)', () => {
  const keyed = { INTUNE_SCEP_PLAN_KEY: KEY };

  test('an edited signed plan, its digest sealed again, is refused before it is read further', async () => {
    await planA('signed.json', keyed);
    expect(read('signed.json').signature).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    const doc = read('signed.json');
    for (const i of planOf(doc).impact) Object.assign(i, { devices: 0 });
    reseal(doc, 'signed-edited.json');
    await refusedUnchanged(
      () => cli(['apply', 'signed-edited.json', '--config', 'a2.json'], keyed),
      /signed-edited\.json does not carry a valid signature of the plan key/,
    );
  });

  test('an unsigned plan is refused when a key is set; a signed plan is refused when none is', async () => {
    await planA('unsigned.json');
    expect(read('unsigned.json').signature).toBeUndefined();
    await refusedUnchanged(
      () => cli(['apply', 'unsigned.json', '--config', 'a2.json'], keyed),
      /unsigned\.json is not signed, and a plan key is set/,
    );
    await refusedUnchanged(
      () => cli(['apply', 'signed.json', '--config', 'a2.json']),
      /signed\.json is signed, but no plan key is set to check it/,
    );
    await refusedUnchanged(
      () => cli(['apply', 'signed.json', '--config', 'a2.json'], { INTUNE_SCEP_PLAN_KEY: `${KEY.slice(1)}x` }),
      /does not carry a valid signature of the plan key/,
    );
  });

  test('a short key is refused with what to use; the key is never printed', async () => {
    const r = await binCli(['plan', '--config', 'a2.json', '--stack', 'a', '--out', 'short.json'], {
      INTUNE_SCEP_PLAN_KEY: 'secret-but-short',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('INTUNE_SCEP_PLAN_KEY holds 16 character(s); a plan key needs at least 32 random characters');
    expect(r.stderr + r.stdout).not.toContain('secret-but-short');
  });

  test("a signed plan of a change nobody approved (another config) is refused against the checkout's config", async () => {
    writeFileSync(
      join(dir, 'rejected.json'),
      JSON.stringify(
        cleanStack(certs, {
          root: { display_name: 'Root A' },
          profile: { display_name: 'Wi-Fi A', scep_server_urls: ['https://evil.example/certsrv/mscep/mscep.dll'] },
        }),
      ),
    );
    const r = await cli(['plan', '--config', 'rejected.json', '--stack', 'a', '--out', 'pr-rejected.json'], keyed);
    expect(r.code).toBe(0);
    await refusedUnchanged(
      () => cli(['apply', 'pr-rejected.json', '--config', 'a2.json'], keyed),
      /pr-rejected\.json was made from another config than this checkout's stack a2\.json/,
    );
  });

  test('the signed plan as saved applies, and the key appears in no output or file', async () => {
    const r = await binCli(['apply', 'signed.json', '--config', 'a2.json', '--max-impact-devices', '1000'], keyed);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("gives the same 1 change(s), and its signature is the plan key's");
    expect(r.stdout + r.stderr + readFileSync(join(dir, 'signed.json'), 'utf8') + stateText('a')).not.toContain(KEY);
  });
});
