/**
 * The example workflow (examples/github-actions/intune-scep.yml), run: every step of its plan,
 * comment and apply jobs, for both tenants of its matrix, with bash and the CLI (its run() in the
 * worker, through the npx shim) against two mock tenants (test/helpers/workflow.ts emulates GitHub). A pull request is planned and commented once per
 * tenant, and a push that fails its checks says so there in place of the last plan; its merge
 * applies exactly the reviewed plan; a plan the tenant moved away from is refused with a message to
 * re-plan, and nothing is applied; a push that came from no pull request applies
 * nothing; a destroy plan the pull request's code saves in place of the reviewed one is not applied.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates } from '../helpers/certificates';
import { REPO, serveMock, spawnCli } from '../helpers/cli';
import { graph } from '../helpers/terraform';
import { resealPlan } from '../helpers/plan-files';
import { cleanStack } from '../helpers/stacks';
import { WRITE_MANIFEST } from '../helpers/synth-app';
import { FakeGitHub, filesIn, readWorkflow, runJob, type Comment, type JobRun, type Workflow } from '../helpers/workflow';

jest.setTimeout(180_000);

const WORKFLOW = join(REPO, 'examples', 'github-actions', 'intune-scep.yml');
const VARS = {
  AZURE_CLIENT_ID: 'client',
  AZURE_READER_CLIENT_ID: 'reader',
  INTUNE_SCEP_STORAGE_ACCOUNT: 'contosointune',
  TEST_TENANT_ID: 'tenant-test',
  PRODUCTION_TENANT_ID: 'tenant-prod',
};
const CONFIGURATIONS = '/deviceManagement/deviceConfigurations';

/** A CDKTF app as the repository holds it: `node app.js` writes stack.json as the stack "intune". */
const APP = `const fs = require('node:fs');
const path = require('node:path');
const out = path.join(process.env.CDKTF_OUTDIR, 'stacks', 'intune');
fs.mkdirSync(out, { recursive: true });
fs.copyFileSync(path.join(__dirname, 'stack.json'), path.join(out, 'cdk.tf.json'));
${WRITE_MANIFEST('intune')}
`;

let workflow: Workflow;
let stack: unknown;
beforeAll(async () => {
  workflow = readWorkflow(WORKFLOW);
  stack = cleanStack(await testCertificates());
});

interface World {
  readonly repository: string;
  readonly github: FakeGitHub;
  readonly tenants: Record<string, string>;
  readonly states: string;
  stop(): Promise<void>;
}

async function world(): Promise<World> {
  const repository = mkdtempSync(join(tmpdir(), 'intune-scep-repository-'));
  writeFileSync(join(repository, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node app.js' }));
  writeFileSync(join(repository, 'app.js'), APP);
  writeFileSync(join(repository, 'stack.json'), JSON.stringify(stack));
  const test = await serveMock(['--memory']);
  const prod = await serveMock(['--memory']);
  return {
    repository,
    github: new FakeGitHub(),
    tenants: { [VARS.TEST_TENANT_ID]: test.url, [VARS.PRODUCTION_TENANT_ID]: prod.url },
    states: mkdtempSync(join(tmpdir(), 'intune-scep-states-')),
    stop: async () => {
      await test.stop();
      await prod.stop();
    },
  };
}

const matrixOf = (job: string): Record<string, string>[] =>
  (workflow.jobs[job]?.strategy?.matrix?.include ?? []).map((m) =>
    Object.fromEntries(
      Object.entries(m).map(([k, v]) => [
        k,
        String(v).replace(/\$\{\{\s*vars\.(\w+)\s*\}\}/, (_, n: string) => VARS[n as keyof typeof VARS]),
      ]),
    ),
  );

/**
 * The plan and comment jobs of a pull request's run for `head`, for every tenant; the run succeeds when
 * all do. A push makes `head` the pull request's head first, as on GitHub (so does reopening a closed
 * pull request: a new run for the same head); `rerun` is "Re-run all jobs" on the newest run of
 * `head` (its next attempt, beside the earlier attempts' artifacts), which leaves the head where it is.
 * `betweenSteps` is what the pull request's code does in its plan job; `planTenants`, the tenants as
 * the plan jobs reach them (one down for a moment, up again for the comment job).
 */
async function planPullRequest(
  w: World,
  pr: number,
  head: string,
  o: {
    rerun?: boolean;
    betweenSteps?: (step: string, temp: string, dir: string) => void | Promise<void>;
    planTenants?: Record<string, string>;
  } = {},
): Promise<(JobRun & { commentLog: string })[]> {
  const { rerun = false, betweenSteps } = o;
  if (!rerun) w.github.heads.set(pr, head);
  const earlier = w.github.runs.filter((r) => r.head === head).pop();
  const run = rerun && earlier ? w.github.rerun(earlier) : w.github.startRun(head, 'pull_request', [pr]);
  const jobs: JobRun[] = [];
  const job = (name: string, matrix: Record<string, string>) =>
    runJob({
      workflow,
      job: name,
      event: 'pull_request',
      matrix,
      repository: w.repository,
      sha: head,
      github: w.github,
      artifacts: run.artifacts,
      runId: run.id,
      attempt: run.attempt,
      vars: VARS,
      tenants: name === 'plan' ? (o.planTenants ?? w.tenants) : w.tenants,
      state: join(w.states, matrix.name as string),
      pullRequest: pr,
      ...(name === 'plan' && betweenSteps ? { betweenSteps } : {}),
    });
  for (const matrix of matrixOf('plan')) jobs.push(await job('plan', matrix));
  // The comment job (needs: plan, always()): after every tenant's plan job, in a job of its own.
  const comments: JobRun[] = [];
  for (const matrix of matrixOf('comment')) comments.push(await job('comment', matrix));
  w.github.finish(run, jobs.every((j) => j.ok) && comments.every((j) => j.ok) ? 'success' : 'failure');
  for (const c of comments) if (!c.ok) throw new Error(`the comment job failed:\n${c.log}`);
  return jobs.map((j, i) => ({ ...j, commentLog: comments[i]?.log ?? '' }));
}

async function pushToMain(w: World, sha: string): Promise<JobRun[]> {
  const run = w.github.startRun(sha, 'push');
  const jobs: JobRun[] = [];
  for (const matrix of matrixOf('apply'))
    jobs.push(
      await runJob({
        workflow,
        job: 'apply',
        event: 'push',
        matrix,
        repository: w.repository,
        sha,
        github: w.github,
        artifacts: run.artifacts,
        runId: run.id,
        vars: VARS,
        tenants: w.tenants,
        state: join(w.states, matrix.name as string),
      }),
    );
  return jobs;
}

const profilesIn = async (url: string) => ((await graph(url, 'GET', CONFIGURATIONS)).json.value as unknown[]).length;

test('GIVEN a pull request and its merge THEN each tenant gets one plan comment, updated in place, and the merge applies the reviewed plan', async () => {
  const w = await world();
  try {
    const first = await planPullRequest(w, 7, 'a1');
    for (const j of first) expect({ ok: j.ok, log: j.ok ? '' : j.log }).toEqual({ ok: true, log: '' });
    // The plan's own exit code reaches the output: 2, changes.
    expect(first.map((j) => j.outputs.plan?.exitcode)).toEqual(['2', '2']);
    expect(w.github.comments.map((c) => c.body.split('\n')[0])).toEqual([
      '<!-- intune-scep plan: test -->',
      '<!-- intune-scep plan: production -->',
    ]);
    expect(w.github.comments[0]?.body).toContain('#### Tenant: test');
    expect(w.github.comments[0]?.body).toContain('to add');
    // The next push to the pull request updates the two comments; it adds none.
    await planPullRequest(w, 7, 'a2');
    expect(w.github.comments).toHaveLength(2);

    w.github.merged.set('m1', 7);
    const merge = await pushToMain(w, 'm1');
    for (const j of merge) expect({ ok: j.ok, log: j.ok ? '' : j.log }).toEqual({ ok: true, log: '' });
    expect(merge[0]?.log).toContain('Apply complete! Resources: 4 added');
    for (const url of Object.values(w.tenants)) expect(await profilesIn(url)).toBe(2);
    // The reviewed plan came from the pull request's newest successful run (a2), through its artifact.
    expect(filesIn(join(merge[0]?.dir as string, 'reviewed'))).toEqual(['plan-test.json']);
  } finally {
    await w.stop();
  }
});

test("GIVEN a push whose checks fail THEN its tenant comments say so in place of the last push's plan, and the check fails", async () => {
  const w = await world();
  try {
    expect((await planPullRequest(w, 7, 'a1')).every((j) => j.ok)).toBe(true);
    const markers = ['<!-- intune-scep plan: test -->', '<!-- intune-scep plan: production -->'];
    expect(w.github.comments.map((c) => c.body.split('\n')[0])).toEqual(markers);
    for (const c of w.github.comments) expect(c.body).toContain('Plan:** 4 to add');

    // a2: the stack no longer validates, so no plan is made: a reviewer must not read a1's plan as this push's.
    writeFileSync(join(w.repository, 'stack.json'), JSON.stringify({ resource: { intune_no_such_type: { x: {} } } }));
    const invalid = await planPullRequest(w, 7, 'a2');
    expect(invalid.map((j) => j.ok)).toEqual([false, false]);
    expect(invalid[0]?.log).toContain('intune_no_such_type');
    expect(w.github.comments.map((c) => c.body.split('\n')[0])).toEqual(markers);
    for (const c of w.github.comments) {
      expect(c.body).toContain('**No plan**: this push failed before its plan');
      expect(c.body).not.toContain('to add');
    }

    // a3: valid again, and production's Graph cannot be reached: its plan is refused, and says so.
    writeFileSync(join(w.repository, 'stack.json'), JSON.stringify(stack));
    const down = { ...w, tenants: { ...w.tenants, [VARS.PRODUCTION_TENANT_ID]: 'http://127.0.0.1:9' } };
    const [test, production] = await planPullRequest(down, 7, 'a3');
    expect(test?.ok).toBe(true);
    expect(production?.ok).toBe(false);
    expect(production?.outputs.plan?.exitcode).toBe('1');
    expect(production?.log).toContain('cannot reach the token endpoint');
    const [testComment, productionComment] = w.github.comments;
    expect(testComment?.body).toContain('Plan:** 4 to add');
    expect(productionComment?.body).toContain('**Refused**: this push cannot be applied to production.');
    // Why, though the plan printed none (the error is on stderr): as text, in a <pre>.
    expect(productionComment?.body).toMatch(/<pre>\n[^<]*cannot reach the token endpoint[^<]*<\/pre>/);
    expect(productionComment?.body).not.toContain('to add');
    // The refused plan is kept for no merge: the run's artifacts hold the test tenant's plan alone.
    const runs = join(w.github.dir, 'runs');
    const newest = join(runs, String(Math.max(...readdirSync(runs).map(Number))));
    expect(filesIn(newest).filter((f) => f.startsWith('intune-scep-plan-'))).toEqual([
      'intune-scep-plan-test-1',
      join('intune-scep-plan-test-1', 'plan-test.json'),
    ]);
  } finally {
    await w.stop();
  }
});

test('ATTACK GIVEN a refused plan whose error names a very long, markup-filled address THEN its comment shows the start of it as text and stays whole, under the limit', async () => {
  const w = await world();
  try {
    const long = `http://127.0.0.1:9/${'x<b>&'.repeat(15_000)}`;
    const [, production] = await planPullRequest({ ...w, tenants: { ...w.tenants, [VARS.PRODUCTION_TENANT_ID]: long } }, 7, 'a1');
    expect(production?.ok).toBe(false);
    const body = w.github.comments.find((c) => c.body.startsWith('<!-- intune-scep plan: production -->'))?.body as string;
    expect(body.length).toBeLessThan(65_000);
    expect(body).not.toContain('Cut at');
    expect(body).toMatch(/<pre>\n[^<]*x&lt;b&gt;&amp;[^<]*\n<\/pre>\n/);
  } finally {
    await w.stop();
  }
});

test("ATTACK GIVEN a re-run of an older push's plan job THEN the newest push's plan comment stays, and every comment names its commit", async () => {
  const w = await world();
  try {
    expect((await planPullRequest(w, 7, 'a1')).every((j) => j.ok)).toBe(true);
    const renamed = JSON.parse(JSON.stringify(stack).replace('Wi-Fi user certificate', 'Renamed in a2')) as unknown;
    writeFileSync(join(w.repository, 'stack.json'), JSON.stringify(renamed));
    expect((await planPullRequest(w, 7, 'a2')).every((j) => j.ok)).toBe(true);
    const newest = w.github.comments.map((c) => c.body);
    for (const body of newest) {
      expect(body).toContain('Renamed in a2');
      expect(body).toMatch(/^#### Tenant: \w+, commit a2$/m);
    }
    // "Re-run all jobs" on a1's run (a1's files, a1's event), while the pull request's head is a2.
    writeFileSync(join(w.repository, 'stack.json'), JSON.stringify(stack));
    const rerun = await planPullRequest(w, 7, 'a1', { rerun: true });
    expect(rerun[0]?.commentLog).toContain("Not commented: this run planned a1, and the pull request's head is now a2.");
    expect(w.github.comments.map((c) => c.body)).toEqual(newest);
  } finally {
    await w.stop();
  }
});

test('ATTACK GIVEN a pull request that commits a comment file of its own and fails validate THEN its comment says there is no plan, not what the file says', async () => {
  const w = await world();
  try {
    const forged = '<!-- intune-scep plan: production -->\n#### Tenant: production\n\n**No changes.** The tenant matches the stack.\n';
    for (const name of ['comment-production.md', 'comment-test.md', 'plan.md']) writeFileSync(join(w.repository, name), forged);
    writeFileSync(join(w.repository, 'stack.json'), JSON.stringify({ resource: { intune_no_such_type: { x: {} } } }));
    expect((await planPullRequest(w, 7, 'a1')).map((j) => j.ok)).toEqual([false, false]);
    expect(w.github.comments).toHaveLength(2);
    for (const c of w.github.comments) {
      expect(c.body).toContain('**No plan**: this push failed before its plan');
      expect(c.body).toMatch(/^#### Tenant: \w+, commit a1$/m);
      expect(c.body).not.toContain('**No changes.**');
    }
  } finally {
    await w.stop();
  }
});

/**
 * Found by review: the plan job runs the pull request's code, which can leave a process behind that
 * lives as long as the job and rewrites any file of it after the plan step, the comment it was to post
 * included. The comment is made in a job of its own, from the plan artifact, by the base branch's CLI.
 */
test("ATTACK GIVEN a pull request whose code rewrites its job's files after the plan THEN the comment still shows the plan the merge would apply", async () => {
  const w = await world();
  try {
    const forged = (name: string) =>
      `<!-- intune-scep plan: ${name} -->\n#### Tenant: ${name}, commit a1\n\n**No changes.** The tenant matches the stack.\n`;
    const leftBehind = (step: string, temp: string, dir: string) => {
      if (step !== 'Plan') return;
      for (const root of [temp, dir])
        for (const f of filesIn(root))
          if (f.endsWith('.md')) writeFileSync(join(root, f), forged(f.includes('production') ? 'production' : 'test'));
      writeFileSync(join(temp, 'comment-test.md'), forged('test'));
      writeFileSync(join(temp, 'comment-production.md'), forged('production'));
    };
    expect((await planPullRequest(w, 7, 'a1', { betweenSteps: leftBehind })).every((j) => j.ok)).toBe(true);
    expect(w.github.comments).toHaveLength(2);
    for (const c of w.github.comments) {
      expect(c.body).toContain('Plan:** 4 to add');
      expect(c.body).not.toContain('**No changes.**');
    }
  } finally {
    await w.stop();
  }
});

/**
 * Found by review: apply checks a saved plan's changes, not what else it says (the group names, the
 * certificate impact, the warnings, the drift), and the pull request's code writes the plan file. The
 * comment job makes the plan again from the file's config against the state and the tenant (show
 * --verify) and shows that plan.
 */
test("ATTACK GIVEN a pull request whose code rewrites its plan's group names (digest sealed again) THEN the comment shows the tenant's names", async () => {
  const w = await world();
  try {
    const renamed = (step: string, _temp: string, dir: string) => {
      if (step !== 'Plan') return;
      for (const f of filesIn(dir).filter((n) => /^plan-\w+\.json$/.test(n))) {
        const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { plan: { names: { groups: Record<string, string> } } };
        for (const id of Object.keys(doc.plan.names.groups)) doc.plan.names.groups[id] = 'Pilot devices (5)';
        resealPlan(join(dir, f), doc);
      }
    };
    expect((await planPullRequest(w, 7, 'a1', { betweenSteps: renamed })).every((j) => j.ok)).toBe(true);
    expect(w.github.comments).toHaveLength(2);
    for (const c of w.github.comments) {
      expect(c.body).toContain('Plan:** 4 to add');
      expect(c.body).toContain('Wi-Fi Users');
      expect(c.body).not.toContain('Pilot devices');
    }
  } finally {
    await w.stop();
  }
});

test("ATTACK GIVEN a pull request whose plan job uploads a file that is no plan THEN its comment says so, not the last push's plan", async () => {
  const w = await world();
  try {
    expect((await planPullRequest(w, 7, 'a1')).every((j) => j.ok)).toBe(true);
    // a2's code replaces its plan with something else once the upload step has it.
    const runs = join(w.github.dir, 'runs');
    const notAPlan = (step: string) => {
      if (step !== 'Keep the reviewed plan for the merge') return;
      const newest = join(runs, String(Math.max(...readdirSync(runs).map(Number))));
      for (const f of filesIn(newest)) if (f.endsWith('.json')) writeFileSync(join(newest, f), '{"plan": "Plan: 0 to add"}');
    };
    await planPullRequest(w, 7, 'a2', { betweenSteps: notAPlan });
    expect(w.github.comments).toHaveLength(2);
    for (const c of w.github.comments) {
      expect(c.body).toMatch(/^#### Tenant: \w+, commit a2$/m);
      expect(c.body).toContain('cannot be read or does not hold against the tenant, and cannot be applied');
      expect(c.body).not.toContain('to add');
    }
  } finally {
    await w.stop();
  }
});

/**
 * Found by review: the comment showed this run's plan artifact by name, and a re-run attempt whose plan
 * was refused uploads none, so the first attempt's plan stood in the comment of a run that failed; and
 * the merge took the newest successful run, so a pull request reopened (a new run for the same head)
 * whose plan was refused still had the older run's plan applied. Artifacts are per attempt, and the
 * merge applies only the newest run's plan, and only if that run succeeded.
 */
test("ATTACK GIVEN a re-run whose plan is refused THEN the comment says so, not the first attempt's plan, and the merge applies nothing", async () => {
  const w = await world();
  try {
    expect((await planPullRequest(w, 7, 'a1')).every((j) => j.ok)).toBe(true);
    const down = { ...w.tenants, [VARS.PRODUCTION_TENANT_ID]: 'http://127.0.0.1:9' };
    const [test, production] = await planPullRequest(w, 7, 'a1', { rerun: true, planTenants: down });
    expect([test?.ok, production?.ok]).toEqual([true, false]);
    const body = (name: string) => w.github.comments.find((c) => c.body.startsWith(`<!-- intune-scep plan: ${name} -->`))?.body;
    expect(body('test')).toContain('Plan:** 4 to add');
    expect(body('production')).toContain('**Refused**: this push cannot be applied to production.');
    expect(body('production')).not.toContain('to add');

    w.github.merged.set('m1', 7);
    for (const j of await pushToMain(w, 'm1')) {
      expect(j.ok).toBe(false);
      // Production's comment shows no plan; test's plan was made by a run that failed (production's plan).
      expect(j.log).toMatch(/shows no verified plan|\(\d+, attempt 2\) ended failure at attempt 2/);
    }
    for (const url of Object.values(w.tenants)) expect(await profilesIn(url)).toBe(0);
  } finally {
    await w.stop();
  }
});

test("ATTACK GIVEN a pull request reopened whose new run is refused THEN the merge applies nothing, not the older run's plan", async () => {
  const w = await world();
  try {
    expect((await planPullRequest(w, 7, 'a1')).every((j) => j.ok)).toBe(true);
    const down = { ...w.tenants, [VARS.PRODUCTION_TENANT_ID]: 'http://127.0.0.1:9' };
    const reopened = await planPullRequest(w, 7, 'a1', { planTenants: down });
    expect(reopened.map((j) => j.ok)).toEqual([true, false]);
    w.github.merged.set('m1', 7);
    for (const j of await pushToMain(w, 'm1')) {
      expect(j.ok).toBe(false);
      expect(j.log).toMatch(/shows no verified plan|ended failure at attempt 1/);
    }
    for (const url of Object.values(w.tenants)) expect(await profilesIn(url)).toBe(0);
  } finally {
    await w.stop();
  }
});

test("ATTACK GIVEN a refused plan whose job rewrites what the plan printed THEN the comment shows it as text, not as the comment's Markdown", async () => {
  const w = await world();
  try {
    const payload = '**No changes.** [Approve](https://evil.example/approve) ![seen](https://evil.example/pixel.png) @octocat';
    const rewrite = (step: string, temp: string) => {
      if (step === 'Plan') writeFileSync(join(temp, 'intune-scep-report', 'plan.md'), `${payload}\n`);
    };
    const down = { ...w.tenants, [VARS.PRODUCTION_TENANT_ID]: 'http://127.0.0.1:9' };
    const [, production] = await planPullRequest({ ...w, tenants: down }, 7, 'a1', { betweenSteps: rewrite });
    expect(production?.ok).toBe(false);
    const body = w.github.comments.find((c) => c.body.startsWith('<!-- intune-scep plan: production -->'))?.body as string;
    expect(body).toContain('**Refused**');
    expect(body).toContain(payload);
    // Only inside a <pre>, where GitHub reads no Markdown, link or mention.
    expect(body.replace(/<pre>[\s\S]*?<\/pre>/g, '')).not.toContain('evil.example');
  } finally {
    await w.stop();
  }
});

/**
 * Found by review: a plan that the limits refuse when the comment job makes it again (the devices
 * holding a profile's certificates grew since the plan job) was posted as **Refused** with only
 * show's progress lines as the reason. The comment now shows that plan with its errors.
 */
test('GIVEN a plan the impact limit refuses when the comment job makes it again THEN the comment shows that plan and its errors', async () => {
  const w = await world();
  try {
    expect((await planPullRequest(w, 7, 'a1')).every((j) => j.ok)).toBe(true);
    w.github.merged.set('m1', 7);
    expect((await pushToMain(w, 'm1')).every((j) => j.ok)).toBe(true);
    // b1 changes the Wi-Fi profile; after production's plan is saved, 1,204 devices hold its certificates (production's limit: 500).
    const changed = JSON.parse(JSON.stringify(stack)) as {
      resource: { intune_scep_certificate_profile: Record<string, Record<string, unknown>> };
    };
    for (const p of Object.values(changed.resource.intune_scep_certificate_profile)) p.renewal_threshold_percentage = 30;
    writeFileSync(join(w.repository, 'stack.json'), JSON.stringify(changed));
    let plans = 0;
    const grow = async (step: string) => {
      if (step !== 'Plan' || ++plans !== 2) return;
      const state = JSON.parse(readFileSync(join(w.states, 'production', 'state', 'intune.json'), 'utf8')) as {
        resources: Record<string, { id: string }>;
      };
      const id = state.resources['intune_scep_certificate_profile.wifi']?.id as string;
      const url = w.tenants[VARS.PRODUCTION_TENANT_ID] as string;
      const r = await graph(url, 'PATCH', `/deviceManagement/deviceConfigurations/${id}/deviceStatusOverview`, { successCount: 1204 });
      expect(r.status).toBe(204);
    };
    expect((await planPullRequest(w, 8, 'b1', { betweenSteps: grow })).every((j) => j.ok)).toBe(true);
    const body = w.github.comments.find((c) => c.issue === 8 && c.body.startsWith('<!-- intune-scep plan: production -->'))?.body as string;
    expect(body).toContain('**Refused**: made again against production now, the plan this push saved has errors, and cannot be applied.');
    expect(body).toContain('plan/impact-over-threshold');
    expect(body).toContain('1204 devices');
  } finally {
    await w.stop();
  }
});

/**
 * What a pull request's code does in its plan job: after the plan step, it replaces each tenant's
 * saved plan with a genuine plan of an empty config, so the comment job verifies "No changes".
 */
function planOfNothing(w: World): (step: string, temp: string, dir: string) => Promise<void> {
  const empty = join(mkdtempSync(join(tmpdir(), 'intune-scep-empty-')), 'empty.json');
  writeFileSync(empty, JSON.stringify({ resource: {} }));
  return async (step, _temp, dir) => {
    if (step !== 'Plan') return;
    for (const [name, id] of [
      ['test', VARS.TEST_TENANT_ID],
      ['production', VARS.PRODUCTION_TENANT_ID],
    ] as const) {
      if (!existsSync(join(dir, `plan-${name}.json`))) continue;
      const r = await spawnCli(
        ['plan', '--config', empty, '--stack', 'intune', '--graph-url', w.tenants[id] as string, '--out', `plan-${name}.json`],
        {
          cwd: dir,
          env: { INTUNE_SCEP_BACKEND: 'local' },
        },
      );
      expect(r.code).toBe(0);
    }
  };
}

/**
 * Found by the second review: the merge took "the newest run for the head commit", which another pull
 * request of the same commit (or a fork's run) decides. The comment now names the plan it verified
 * (commit, run, attempt, SHA-256), and the merge applies that plan or nothing.
 */
test('ATTACK GIVEN a pull request whose comment shows another plan than a second pull request of the same commit WHEN the first merges THEN the merge applies what its comment showed, or nothing', async () => {
  const w = await world();
  try {
    // PR 7's code swaps its plan for a genuine plan of nothing: its comments say "No changes".
    const swap = planOfNothing(w);
    expect((await planPullRequest(w, 7, 'a1', { betweenSteps: swap })).every((j) => j.ok)).toBe(true);
    for (const c of w.github.comments.filter((c) => c.issue === 7)) expect(c.body).toContain('No changes');
    // PR 8, the same commit: its run plans the real stack (4 to add), and comments on PR 8.
    expect((await planPullRequest(w, 8, 'a1')).every((j) => j.ok)).toBe(true);
    for (const c of w.github.comments.filter((c) => c.issue === 8)) expect(c.body).toContain('4 to add');

    w.github.merged.set('m1', 7);
    for (const [j, name] of (await pushToMain(w, 'm1')).map((j, i) => [j, ['test', 'production'][i]] as const)) {
      expect(j.ok).toBe(false);
      expect(j.log).not.toContain('Apply complete');
      // Said as what it is: the merged code is not the code whose plan PR 7 showed (not "stale").
      expect(j.log).toContain(`The merged code is not the code whose plan the pull request showed for ${name}`);
    }
    for (const url of Object.values(w.tenants)) expect(await profilesIn(url)).toBe(0);
  } finally {
    await w.stop();
  }
});

/**
 * Found by the third review: a pull request's own workflow posts as github-actions[bot] too, so a
 * comment naming another pull request's run (edited in, or a second comment) chose what the merge
 * applied. Apply takes the one comment a tenant, and only a run of this workflow on that pull request.
 */
test("ATTACK GIVEN a pull request's comment edited, or doubled, to name another pull request's run of the same commit WHEN it merges THEN nothing is applied", async () => {
  const w = await world();
  try {
    const swap = planOfNothing(w);
    expect((await planPullRequest(w, 7, 'a1', { betweenSteps: swap })).every((j) => j.ok)).toBe(true);
    expect((await planPullRequest(w, 8, 'a1')).every((j) => j.ok)).toBe(true);
    const file = join(w.github.dir, 'comments.json');
    const original = readFileSync(file, 'utf8');
    const comments = JSON.parse(original) as Comment[];
    const pr8 = (marker: string) => comments.find((c) => c.issue === 8 && c.body.startsWith(marker)) as Comment;
    // A: PR 7's comments, their second line PR 8's.
    const edited = comments.map((c) => {
      if (c.issue !== 7) return c;
      const lines = c.body.split('\n');
      lines[1] = pr8(lines[0] as string).body.split('\n')[1] as string;
      return { ...c, body: lines.join('\n') };
    });
    // B: PR 7's comments as they were, and a second comment of PR 8's, posted on PR 7.
    const doubled = [...comments, ...comments.filter((c) => c.issue === 8).map((c, i) => ({ ...c, id: 100 + i, issue: 7 }))];
    for (const [merge, forged] of [
      ['m1', edited],
      ['m2', doubled],
    ] as const) {
      writeFileSync(file, JSON.stringify(forged));
      w.github.merged.set(merge, 7);
      for (const j of await pushToMain(w, merge)) {
        expect(j.ok).toBe(false);
        expect(j.log).toMatch(/is not this workflow's plan of that pull request's head|more than one intune-scep comment/);
      }
      for (const url of Object.values(w.tenants)) expect(await profilesIn(url)).toBe(0);
    }
  } finally {
    await w.stop();
  }
});

test('GIVEN a tenant that moved on after the review WHEN the merge applies THEN it refuses, says to re-plan, and applies nothing', async () => {
  const w = await world();
  try {
    expect((await planPullRequest(w, 8, 'b1')).every((j) => j.ok)).toBe(true);
    // Before the merge, another run applies the test tenant's stack with the same state (another
    // merge, a run by hand): the state the reviewed plan was made against has moved on.
    const other = mkdtempSync(join(tmpdir(), 'intune-scep-other-'));
    mkdirSync(join(w.states, 'test'), { recursive: true });
    symlinkSync(join(w.states, 'test'), join(other, '.intune-scep'));
    writeFileSync(join(other, 'stack.json'), JSON.stringify(stack));
    const direct = await spawnCli(
      ['apply', '--config', 'stack.json', '--stack', 'intune', '--graph-url', w.tenants[VARS.TEST_TENANT_ID] as string, '--auto-approve'],
      {
        cwd: other,
      },
    );
    expect(direct.code).toBe(0);
    const before = await profilesIn(w.tenants[VARS.TEST_TENANT_ID] as string);

    w.github.merged.set('m2', 8);
    const [test, production] = await pushToMain(w, 'm2');
    // The test tenant's state is the other run's: the reviewed plan no longer holds there.
    expect(test?.ok).toBe(false);
    expect(test?.log).toContain('The plan reviewed in the pull request no longer applies to test');
    expect(test?.log).toContain('Re-plan in a pull request and review it again.');
    expect(await profilesIn(w.tenants[VARS.TEST_TENANT_ID] as string)).toBe(before);
    // Production is as reviewed: it applies.
    expect(production?.ok).toBe(true);
  } finally {
    await w.stop();
  }
});

test('GIVEN a push to main that came from no pull request THEN nothing is applied', async () => {
  const w = await world();
  try {
    const jobs = await pushToMain(w, 'c0ffee');
    for (const j of jobs) {
      expect(j.ok).toBe(false);
      expect(j.log).toContain('came from no pull request: nothing was reviewed');
    }
    for (const url of Object.values(w.tenants)) expect(await profilesIn(url)).toBe(0);
  } finally {
    await w.stop();
  }
});

test('the workflow file is what the harness ran: the three jobs, on the events they say, with the permissions they need', () => {
  expect(Object.keys(workflow.jobs)).toEqual(['plan', 'comment', 'apply']);
  // The job that runs the pull request's code can write nothing with its token, not even a comment.
  const jobs = workflow.jobs as Record<string, { permissions?: Record<string, string> }>;
  expect(jobs.plan?.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
  expect(jobs.comment?.permissions).toEqual({ 'id-token': 'write', contents: 'read', 'pull-requests': 'write' });
  // The jobs that run or read the pull request's work use the read-only identity; only apply, the one
  // that writes (found by newcomer review: one workflow-level AZURE_CLIENT_ID gave it to all three).
  const identity = (job: string) => (workflow.jobs[job]?.env as Record<string, string> | undefined)?.AZURE_CLIENT_ID;
  expect(workflow.env?.AZURE_CLIENT_ID).toBeUndefined();
  expect(['plan', 'comment', 'apply'].map(identity)).toEqual([
    '${{ vars.AZURE_READER_CLIENT_ID }}',
    '${{ vars.AZURE_READER_CLIENT_ID }}',
    '${{ vars.AZURE_CLIENT_ID }}',
  ]);
  // The comment job restores no cache the pull request's job could have written, and its checkout
  // (of the base) keeps no token; neither does the plan job's (found by review).
  const steps = (job: string) => (workflow.jobs[job]?.steps ?? []) as { uses?: string; with?: Record<string, unknown> }[];
  expect(
    steps('comment')
      .filter((st) => st.uses?.startsWith('actions/setup-node@'))
      .map((st) => st.with?.cache),
  ).toEqual([undefined]);
  for (const job of ['plan', 'comment'])
    expect(
      steps(job)
        .filter((st) => st.uses?.startsWith('actions/checkout@'))
        .map((st) => st.with?.['persist-credentials']),
    ).toEqual([false]);
  expect(readFileSync(WORKFLOW, 'utf8')).not.toContain('createComment({ ...context.repo, issue_number: context.issue.number, body })');
});

/**
 * The pull request's plan job runs the pull request's code (npm ci, synth, its own workflow file),
 * so whatever it uploads as intune-scep-plan-<tenant> is the author's. Here the author's code saves a
 * destroy plan (plan --destroy --out) in place of the reviewed one: same config, same Graph, same
 * state serial. The merge job must apply the merged config's plan or nothing, never a destroy.
 */
test('ATTACK GIVEN a no-op pull request whose plan job uploads a destroy plan WHEN merged THEN the tenant is not destroyed', async () => {
  const w = await world();
  try {
    expect((await planPullRequest(w, 7, 'a1')).every((j) => j.ok)).toBe(true);
    w.github.merged.set('m1', 7);
    expect((await pushToMain(w, 'm1')).every((j) => j.ok)).toBe(true);
    const url = w.tenants[VARS.TEST_TENANT_ID] as string;
    expect(await profilesIn(url)).toBe(2);

    // Pull request 8 changes nothing a reviewer would mind; its comment says "No changes".
    const jobs = await planPullRequest(w, 8, 'b1');
    expect(jobs.every((j) => j.ok)).toBe(true);
    const run = w.github.runs.filter((r) => r.head === 'b1').pop();
    const artifact = join(run?.artifacts as string, 'intune-scep-plan-test-1', 'plan-test.json');
    // The author's code in that job (it holds the read-only credentials the job was given):
    const forged = await spawnCli(['plan', '--destroy', '--graph-url', url, '--out', artifact], {
      cwd: jobs[0]?.dir as string,
      env: { INTUNE_SCEP_BACKEND: 'local' },
    });
    expect({ code: forged.code, err: forged.code ? forged.stderr : '' }).toEqual({ code: 0, err: '' });

    w.github.merged.set('m2', 8);
    const [test] = await pushToMain(w, 'm2');
    expect(test?.log).not.toContain('Destroy complete');
    expect(await profilesIn(url)).toBe(2);
  } finally {
    await w.stop();
  }
});

describe('the drift watch (examples/github-actions/intune-scep-drift.yml)', () => {
  const DRIFT = join(REPO, 'examples', 'github-actions', 'intune-scep-drift.yml');

  test('GIVEN applied tenants WHEN one drifts THEN its one issue opens with the report, is updated, and closes once the tenant matches again', async () => {
    const drift = readWorkflow(DRIFT);
    const w = await world();
    try {
      const applyDirect = async (tenant: string, state: string) => {
        const dir = mkdtempSync(join(tmpdir(), 'intune-scep-direct-'));
        mkdirSync(join(w.states, state), { recursive: true });
        symlinkSync(join(w.states, state), join(dir, '.intune-scep'));
        writeFileSync(join(dir, 'stack.json'), JSON.stringify(stack));
        const r = await spawnCli(
          ['apply', '--config', 'stack.json', '--stack', 'intune', '--graph-url', w.tenants[tenant] as string, '--auto-approve'],
          {
            cwd: dir,
          },
        );
        expect(r.code).toBe(0);
      };
      await applyDirect(VARS.TEST_TENANT_ID, 'test');
      await applyDirect(VARS.PRODUCTION_TENANT_ID, 'production');
      const watch = async () => {
        const jobs: JobRun[] = [];
        for (const matrix of (drift.jobs.drift?.strategy?.matrix?.include ?? []).map((m) =>
          Object.fromEntries(
            Object.entries(m).map(([k, v]) => [
              k,
              String(v).replace(/\$\{\{\s*vars\.(\w+)\s*\}\}/, (_, n: string) => VARS[n as keyof typeof VARS]),
            ]),
          ),
        )) {
          const j = await runJob({
            workflow: drift,
            job: 'drift',
            event: 'schedule',
            matrix,
            repository: w.repository,
            sha: 'main',
            github: w.github,
            artifacts: w.github.startRun('main', 'schedule').artifacts,
            vars: { ...VARS, AZURE_READER_CLIENT_ID: 'reader' },
            tenants: w.tenants,
            state: join(w.states, matrix.name as string),
          });
          expect({ ok: j.ok, log: j.ok ? '' : j.log }).toEqual({ ok: true, log: '' });
          jobs.push(j);
        }
        return jobs;
      };

      expect((await watch()).map((j) => j.outputs.drift?.exitcode)).toEqual(['0', '0']);
      expect(w.github.issues).toEqual([]);

      // Someone changes the test tenant's SCEP profile in the admin center: undoing it reissues certificates.
      const url = w.tenants[VARS.TEST_TENANT_ID] as string;
      const profiles = (await graph(url, 'GET', CONFIGURATIONS)).json.value as { id: string; '@odata.type': string }[];
      const scep = profiles.find((p) => /scep/i.test(p['@odata.type']));
      const edit = { '@odata.type': scep?.['@odata.type'], subjectNameFormatString: 'CN={{UserName}}' };
      expect((await graph(url, 'PATCH', `${CONFIGURATIONS}/${scep?.id}`, edit)).status).toBeLessThan(300);

      expect((await watch()).map((j) => j.outputs.drift?.exitcode)).toEqual(['2', '0']);
      expect(w.github.issues.map((i) => [i.title, i.state, i.body.split('\n')[0]])).toEqual([
        ['intune-scep: test differs from main', 'open', '<!-- intune-scep drift: test -->'],
      ]);
      expect(w.github.issues[0]?.body).toContain('**Drift** since the last apply');
      expect(w.github.issues[0]?.body).toContain('Certificate impact');
      await watch();
      expect(w.github.issues).toHaveLength(1);

      // Undone: the stack is applied again; the next run closes the issue.
      await applyDirect(VARS.TEST_TENANT_ID, 'test');
      expect((await watch()).map((j) => j.outputs.drift?.exitcode)).toEqual(['0', '0']);
      expect(w.github.issues.map((i) => [i.state, i.comments])).toEqual([['closed', ['test matches main again.']]]);
    } finally {
      await w.stop();
    }
  });
});
