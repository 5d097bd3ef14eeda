/**
 * Attacks on the example workflow's merge job (review of issue 28). Setup as in
 * github-actions.e2e.test.ts. The example workflow (examples/github-actions/intune-scep.yml), run: every step of its plan and
 * apply jobs, for both tenants of its matrix, with bash and the built CLI against two mock tenants
 * (test/helpers/workflow.ts emulates GitHub). A pull request is planned and commented once per
 * tenant; its merge applies exactly the reviewed plan; a plan the tenant moved away from is refused
 * with a message to re-plan, and nothing is applied; a push that came from no pull request applies
 * nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates } from '../helpers/certificates';
import { REPO, serveMock, spawnCli } from '../helpers/cli';
import { graph } from '../helpers/terraform';
import { cleanStack } from '../helpers/stacks';
import { FakeGitHub, readWorkflow, runJob, type JobRun, type Workflow } from '../helpers/workflow';

jest.setTimeout(180_000);

const WORKFLOW = join(REPO, 'examples', 'github-actions', 'intune-scep.yml');
const VARS = {
  AZURE_CLIENT_ID: 'client',
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

/** The plan job of a pull request's push, for every tenant; the run counts as successful when all succeed. */
async function planPullRequest(w: World, pr: number, head: string): Promise<JobRun[]> {
  const run = w.github.startRun();
  const jobs: JobRun[] = [];
  for (const matrix of matrixOf('plan'))
    jobs.push(
      await runJob({
        workflow,
        job: 'plan',
        event: 'pull_request',
        matrix,
        repository: w.repository,
        sha: head,
        github: w.github,
        artifacts: run.artifacts,
        vars: VARS,
        tenants: w.tenants,
        state: join(w.states, matrix.name as string),
        pullRequest: pr,
      }),
    );
  w.github.heads.set(pr, head);
  if (jobs.every((j) => j.ok)) w.github.succeeded(head, run.id);
  return jobs;
}

async function pushToMain(w: World, sha: string): Promise<JobRun[]> {
  const run = w.github.startRun();
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
        vars: VARS,
        tenants: w.tenants,
        state: join(w.states, matrix.name as string),
      }),
    );
  return jobs;
}

const profilesIn = async (url: string) => ((await graph(url, 'GET', CONFIGURATIONS)).json.value as unknown[]).length;

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
    const artifact = join(w.github.dir, 'runs', String(w.github.runs.get('b1')), 'intune-scep-plan-test', 'plan-test.json');
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
