/**
 * GitHub Actions, emulated by files, to run a workflow's steps for real: every `run:` step goes to
 * bash (`-eo pipefail`, as Actions runs it) in a checkout of its own, with `GITHUB_OUTPUT`,
 * `GITHUB_ENV` and `RUNNER_TEMP` as files; the `uses:` steps a workflow here uses are emulated
 * (checkout copies the repository, upload-artifact copies into an artifact store, github-script runs
 * its script against an in-memory pull request's comments and head). What leaves the runner is shimmed
 * on the PATH: `npx intune-scep` is the CLI (its run() in the jest worker: test/helpers/cli-socket.ts)
 * with `--tenant-id ID` pointed at that tenant's mock Graph, `gh` answers from the emulated repository (its pull requests, runs and artifacts), `curl` and `jq`
 * give a federated token, `npm ci` does nothing (the repository has no dependencies). State is local,
 * one folder per tenant shared by the jobs (the workflow's azurerm container plays that part).
 * `${{ ... }}` expressions are read as property paths; any other expression fails the run, so a
 * workflow the harness cannot read is never half-run.
 */
import { execFile } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { childEnv } from './cli';
import { CLIENT_SOURCE, serveCliSocket } from './cli-socket';

interface Step {
  readonly id?: string;
  readonly if?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
  readonly 'continue-on-error'?: boolean;
}

interface Job {
  readonly if?: string;
  readonly needs?: string | string[];
  readonly env?: Record<string, string>;
  readonly strategy?: { matrix?: { include?: Record<string, string>[] } };
  readonly steps: Step[];
}

export interface Workflow {
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

export function readWorkflow(file: string): Workflow {
  return parse(readFileSync(file, 'utf8')) as Workflow;
}

/** A pull request's comment, as the emulated GitHub keeps it. */
export interface Comment {
  id: number;
  /** The pull request it is on. */
  issue: number;
  body: string;
  user: { login: string };
}

/** A workflow run: the commit it ran for, its event, its newest attempt and that attempt's conclusion ('' while it runs). */
export interface FakeRun {
  readonly id: number;
  readonly head: string;
  readonly event: string;
  /** The workflow file that ran, and the pull requests GitHub lists for the run. */
  readonly path: string;
  readonly pullRequests: readonly number[];
  attempt: number;
  conclusion: string;
  /** Where its artifacts are, every attempt's. */
  readonly artifacts: string;
}

/** The emulated GitHub: a repository's pull requests, workflow runs, artifacts and comments. */
export class FakeGitHub {
  readonly dir = mkdtempSync(join(tmpdir(), 'intune-scep-gh-'));
  /** The pull requests' comments, as github-script steps left them (each names its pull request). */
  get comments(): Comment[] {
    const file = join(this.dir, 'comments.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Comment[]) : [];
  }
  /** The repository's issues, as github-script steps left them. */
  get issues(): { number: number; title: string; body: string; labels: string[]; state: string; comments: string[] }[] {
    const file = join(this.dir, 'issues.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as []) : [];
  }
  /** Merge commit → pull request number. */
  readonly merged = new Map<string, number>();
  /** Pull request number → head commit. */
  readonly heads = new Map<number, string>();
  /** The workflow's runs, oldest first. */
  readonly runs: FakeRun[] = [];
  private nextRun = 100;

  /** A new run of the workflow for `head` (in progress until finish): its id, attempt 1, and where its artifacts go. */
  startRun(
    head: string,
    event = 'pull_request',
    pullRequests: readonly number[] = [],
    path = '.github/workflows/intune-scep.yml',
  ): FakeRun {
    const id = ++this.nextRun;
    const artifacts = join(this.dir, 'runs', String(id));
    mkdirSync(artifacts, { recursive: true });
    const run = { id, head, event, path, pullRequests, attempt: 1, conclusion: '', artifacts };
    this.runs.push(run);
    return run;
  }

  /** "Re-run all jobs": the same run (its id and artifacts, the earlier attempts' included), the next attempt. */
  rerun(run: FakeRun): FakeRun {
    run.attempt += 1;
    run.conclusion = '';
    return run;
  }

  finish(run: FakeRun, conclusion: 'success' | 'failure'): void {
    run.conclusion = conclusion;
  }

  /** The state `gh` reads (shim below). */
  save(): string {
    const file = join(this.dir, 'gh.json');
    writeFileSync(
      file,
      JSON.stringify({
        merged: Object.fromEntries(this.merged),
        heads: Object.fromEntries(this.heads),
        runs: this.runs.map(({ artifacts: _a, ...r }) => r),
        store: join(this.dir, 'runs'),
        comments: join(this.dir, 'comments.json'),
        issues: join(this.dir, 'issues.json'),
      }),
    );
    return file;
  }
}

/** `gh`, for the calls the workflow makes: pull request of a commit, its head, its newest run, an artifact. */
const GH = `#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
const s = JSON.parse(fs.readFileSync(process.env.FAKE_GH_STATE, 'utf8'));
const a = process.argv.slice(2);
const flag = (n) => (a.indexOf(n) >= 0 ? a[a.indexOf(n) + 1] : undefined);
let m;
if (a[0] === 'api' && (m = /^repos\\/[^/]+\\/[^/]+\\/commits\\/([^/]+)\\/pulls$/.exec(a[1]))) {
  const pr = s.merged[m[1]];
  if (flag('--jq') !== ".[0].number // empty") throw new Error('gh shim: unexpected --jq ' + flag('--jq'));
  process.stdout.write(pr === undefined ? '' : pr + '\\n');
} else if (a[0] === 'api' && (m = /^repos\\/[^/]+\\/[^/]+\\/pulls\\/(\\d+)$/.exec(a[1]))) {
  if (flag('--jq') !== '.head.sha') throw new Error('gh shim: unexpected --jq ' + flag('--jq'));
  process.stdout.write(s.heads[m[1]] + '\\n');
} else if (a[0] === 'api' && (m = /^repos\\/[^/]+\\/[^/]+\\/issues\\/(\\d+)\\/comments$/.exec(a[1]))) {
  // The second line of each of the bot's comments on the pull request whose first line is the marker, oldest first.
  const jq = /^\\.\\[\\] \\| select\\(\\.user\\.login == "github-actions\\[bot\\]"\\) \\| \\.body \\| split\\("\\\\n"\\) \\| select\\(\\.\\[0\\] == "([^"]*)"\\) \\| \\.\\[1\\]$/.exec(flag('--jq') || '');
  if (!a.includes('--paginate') || !jq) throw new Error('gh shim: unexpected comments call ' + a.join(' '));
  const all = fs.existsSync(s.comments) ? JSON.parse(fs.readFileSync(s.comments, 'utf8')) : [];
  for (const c of all.filter((c) => c.issue === Number(m[1]) && c.user.login === 'github-actions[bot]')) {
    const lines = c.body.split('\\n');
    if (lines[0] === jq[1]) process.stdout.write((lines[1] ?? '') + '\\n');
  }
} else if (a[0] === 'api' && (m = /^repos\\/[^/]+\\/[^/]+\\/actions\\/runs\\/(\\d+)$/.exec(a[1]))) {
  if (flag('--jq') !== '[.head_sha, .event, .path, ([.pull_requests[].number] | map(tostring) | join(",")), .conclusion, .run_attempt] | @tsv')
    throw new Error('gh shim: unexpected run api ' + a.join(' '));
  const run = s.runs.find((r) => String(r.id) === m[1]);
  if (!run) { process.stderr.write('gh: Not Found (HTTP 404)\\n'); process.exit(1); }
  process.stdout.write([run.head, run.event, run.path, run.pullRequests.join(','), run.conclusion, run.attempt].join('\\t') + '\\n');
} else if (a[0] === 'run' && a[1] === 'list') {
  // The newest run of the commit, whatever its conclusion (gh lists the newest first).
  if (flag('--workflow') !== 'intune-scep' || flag('--event') !== 'pull_request' || flag('--limit') !== '1' || a.includes('--status') ||
      flag('--json') !== 'databaseId,conclusion,attempt' || flag('--jq') !== '.[0] | [.databaseId, .conclusion, .attempt] | @tsv')
    throw new Error('gh shim: unexpected run list ' + a.join(' '));
  const run = s.runs.filter((r) => r.head === flag('--commit') && r.event === 'pull_request').pop();
  process.stdout.write(run === undefined ? '' : [run.id, run.conclusion, run.attempt].join('\\t') + '\\n');
} else if (a[0] === 'run' && a[1] === 'download') {
  const from = path.join(s.store, a[2], flag('--name'));
  if (!fs.existsSync(from)) { process.stderr.write('no artifact ' + flag('--name') + ' in run ' + a[2] + '\\n'); process.exit(1); }
  fs.cpSync(from, flag('--dir'), { recursive: true });
} else {
  process.stderr.write('gh shim: not emulated: ' + a.join(' ') + '\\n');
  process.exit(2);
}
`;

/**
 * actions/github-script: the step's script with \`github\` (the issue-comment calls the workflow
 * makes, kept in a file, and the pull request's head), \`context\` (the pull request) and \`core\`
 * (notices), in a process of its own.
 */
const GITHUB_SCRIPT = `const fs = require('node:fs');
const s = JSON.parse(fs.readFileSync(process.env.FAKE_GH_STATE, 'utf8'));
const load = () => (fs.existsSync(s.comments) ? JSON.parse(fs.readFileSync(s.comments, 'utf8')) : []);
const save = (c) => fs.writeFileSync(s.comments, JSON.stringify(c));
const loadIssues = () => (fs.existsSync(s.issues) ? JSON.parse(fs.readFileSync(s.issues, 'utf8')) : []);
const saveIssues = (i) => fs.writeFileSync(s.issues, JSON.stringify(i));
// GitHub refuses comment and issue bodies over 65,536 characters.
const fits = (body) => {
  if (body.length > 65536) throw new Error('Validation Failed: body is too long (maximum is 65536 characters)');
};
const github = {
  paginate: async (fn, args) => (await fn(args)).data,
  rest: {
    pulls: {
      get: async ({ pull_number }) => ({ data: { number: pull_number, head: { sha: s.heads[pull_number] } } }),
    },
    issues: {
      listForRepo: async ({ state, labels }) => ({
        data: loadIssues().filter((i) => (state === 'all' || i.state === state) && (!labels || labels.split(',').every((l) => i.labels.includes(l)))),
      }),
      create: async ({ title, body, labels }) => {
        fits(body);
        const i = loadIssues();
        i.push({ number: 1000 + i.length, title, body, labels: labels || [], state: 'open', comments: [] });
        saveIssues(i);
      },
      update: async ({ issue_number, body, state }) => {
        if (body !== undefined) fits(body);
        const i = loadIssues();
        const one = i.find((x) => x.number === issue_number);
        if (!one) throw new Error('no issue ' + issue_number);
        if (body !== undefined) one.body = body;
        if (state !== undefined) one.state = state;
        saveIssues(i);
      },
      listComments: async ({ issue_number }) => ({ data: load().filter((c) => c.issue === issue_number) }),
      createComment: async ({ issue_number, body }) => {
        fits(body);
        const issue = loadIssues().find((x) => x.number === issue_number);
        if (issue) {
          const i = loadIssues();
          i.find((x) => x.number === issue_number).comments.push(body);
          return saveIssues(i);
        }
        const c = load();
        c.push({ id: c.length + 1, issue: issue_number, body, user: { login: 'github-actions[bot]' } });
        save(c);
      },
      updateComment: async ({ comment_id, body }) => {
        fits(body);
        const c = load();
        const one = c.find((x) => x.id === comment_id);
        if (!one) throw new Error('no comment ' + comment_id);
        one.body = body;
        save(c);
      },
    },
  },
};
const context = {
  repo: { owner: 'contoso', repo: 'intune' },
  issue: { number: Number(process.env.FAKE_PULL_REQUEST) },
  payload: process.env.FAKE_PULL_REQUEST ? { pull_request: { number: Number(process.env.FAKE_PULL_REQUEST), head: { sha: process.env.GITHUB_SHA } } } : {},
};
const core = { notice: (m) => console.log('::notice::' + m), info: (m) => console.log(m), warning: (m) => console.log('::warning::' + m) };
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
new AsyncFunction('github', 'context', 'core', 'require', fs.readFileSync(process.argv[2], 'utf8'))(github, context, core, require).catch((e) => {
  console.error(e);
  process.exit(1);
});
`;

/**
 * `npx --no intune-scep ARGS`: the CLI, `--tenant-id ID` sent to that tenant's mock Graph. Only
 * with `--no`: without it, npx in CI downloads a package the checkout does not have, by its name, from
 * the registry (the base branch before it installs intune-scep; a name someone else publishes).
 */
const NPX = `#!/usr/bin/env node
const a = process.argv.slice(2);
if (a[0] !== '--no') { process.stderr.write('npx shim: only npx --no (never a download)\\n'); process.exit(2); }
a.shift();
if (a[0] !== 'intune-scep') { process.stderr.write('npx shim: only intune-scep\\n'); process.exit(2); }
const urls = JSON.parse(process.env.FAKE_TENANTS);
const args = [];
for (let i = 1; i < a.length; i++) {
  if (a[i] === '--tenant-id') {
    const url = urls[a[++i]];
    if (!url) { process.stderr.write('npx shim: no mock for tenant ' + a[i] + '\\n'); process.exit(2); }
    args.push('--graph-url', url);
  } else args.push(a[i]);
}
// The CLI's run() in the jest worker (test/helpers/cli-socket.ts), with this process's environment and folder.
runOverSocket(process.env.FAKE_CLI_SOCKET, args);
${CLIENT_SOURCE}`;

const SHIMS: Record<string, string> = {
  gh: GH,
  npx: NPX,
  npm: '#!/bin/sh\n[ "$1" = ci ] && exit 0\necho "npm shim: only ci" >&2; exit 2\n',
  curl: '#!/bin/sh\necho \'{"value":"federated-token"}\'\n',
  jq: `#!/usr/bin/env node\nlet t='';process.stdin.on('data',(d)=>(t+=d)).on('end',()=>{if(process.argv[2]!=='-r'||process.argv[3]!=='.value')process.exit(2);process.stdout.write(JSON.parse(t).value+'\\n');});\n`,
};

let shimDir: Promise<{ dir: string; socket: string }> | undefined;
/** The shims' folder, and the socket the npx shim runs the CLI through: made once a worker. */
function shims(): Promise<{ dir: string; socket: string }> {
  shimDir ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intune-scep-shims-'));
    for (const [name, text] of Object.entries(SHIMS)) {
      writeFileSync(join(dir, name), text);
      chmodSync(join(dir, name), 0o755);
    }
    return { dir, socket: (await serveCliSocket(dir)).path };
  })();
  return shimDir;
}

/**
 * `${{ a.b.c }}` from `context`; anything but a property path is refused. A step's output that was
 * never set (the step did not run) is '', as on GitHub; any other path without a value fails the run.
 */
export function expand(text: string, context: Record<string, unknown>): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    if (!/^[A-Za-z_][\w-]*(\.[\w-]+)*$/.test(expr)) throw new Error(`the harness reads only property paths, not \${{ ${expr} }}`);
    let v: unknown = context;
    for (const key of expr.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    if (v === undefined && /^steps\.[\w-]+\.outputs\.[\w-]+$/.test(expr)) return '';
    if (v === undefined) throw new Error(`\${{ ${expr} }} has no value in the emulated context`);
    return String(v);
  });
}

const keyValues = (file: string): Record<string, string> =>
  Object.fromEntries(
    (existsSync(file) ? readFileSync(file, 'utf8') : '')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

export interface JobRun {
  readonly ok: boolean;
  /** Each step's outputs, by id. */
  readonly outputs: Record<string, Record<string, string>>;
  /** stdout and stderr of every step, in order. */
  readonly log: string;
  /** The checkout the job ran in. */
  readonly dir: string;
}

export interface JobOptions {
  readonly workflow: Workflow;
  readonly job: string;
  readonly event: 'pull_request' | 'push' | 'schedule';
  readonly matrix: Record<string, string>;
  /** The repository as the event's commit has it. */
  readonly repository: string;
  readonly sha: string;
  readonly github: FakeGitHub;
  /** Where this run's artifacts go (FakeGitHub.startRun). */
  readonly artifacts: string;
  /** github.run_id and github.run_attempt (1, or more for a re-run: FakeGitHub.rerun). */
  readonly runId?: number;
  readonly attempt?: number;
  readonly vars: Record<string, string>;
  /** Tenant id → its mock Graph's URL. */
  readonly tenants: Record<string, string>;
  /** The folder that holds this tenant's state, shared by every job (the azurerm container's part). */
  readonly state: string;
  readonly pullRequest?: number;
  /**
   * What a process the pull request's code left running does between two steps of the job (it lives
   * as long as the job): called after each step with its name, the job's RUNNER_TEMP and checkout.
   */
  readonly betweenSteps?: (step: string, temp: string, dir: string) => void | Promise<void>;
}

function bash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script],
      { cwd, env: childEnv(env), maxBuffer: 64 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: stdout + stderr }),
    );
  });
}

/** One job of the workflow for one matrix entry, step by step; after a failure, only the steps whose `if` says so. */
export async function runJob(o: JobOptions): Promise<JobRun> {
  const job = o.workflow.jobs[o.job];
  if (!job) throw new Error(`no job ${o.job}`);
  // `github.event_name == 'E'`, or `${{ always() && github.event_name == 'E' }}` for a job that runs
  // also when the jobs it needs failed (the harness runs jobs in the order a test calls them).
  const jobIf = job.if?.replace(/^\$\{\{\s*([\s\S]*?)\s*\}\}$/, '$1').replace(/^always\(\) && /, '');
  if (jobIf !== undefined && jobIf !== `github.event_name == '${o.event}'`)
    throw new Error(`job ${o.job} runs on ${String(job.if)}, not on ${o.event}`);
  const dir = mkdtempSync(join(tmpdir(), `intune-scep-job-${o.job}-`));
  const temp = mkdtempSync(join(tmpdir(), 'intune-scep-runner-temp-'));
  const files = { output: join(temp, 'output'), env: join(temp, 'env') };
  const context = {
    matrix: o.matrix,
    vars: o.vars,
    github: {
      token: 'github-token',
      event_name: o.event,
      sha: o.sha,
      run_id: String(o.runId ?? 1),
      run_attempt: String(o.attempt ?? 1),
      ...(o.event === 'pull_request' ? { event: { pull_request: { number: o.pullRequest, head: { sha: o.sha } } } } : {}),
    },
    steps: {} as Record<string, { outputs: Record<string, string> }>,
    runner: { temp },
  };
  const shim = await shims();
  const base: Record<string, string> = {
    PATH: `${shim.dir}:${process.env.PATH ?? ''}`,
    HOME: temp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'contoso/intune',
    GITHUB_SHA: o.sha,
    GITHUB_RUN_ID: String(o.runId ?? 1),
    GITHUB_RUN_ATTEMPT: String(o.attempt ?? 1),
    RUNNER_TEMP: temp,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.invalid/?a=1',
    FAKE_GH_STATE: o.github.save(),
    FAKE_TENANTS: JSON.stringify(o.tenants),
    FAKE_CLI_SOCKET: shim.socket,
  };
  const declared: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...o.workflow.env, ...job.env })) declared[k] = expand(String(v), context);
  // The azurerm container's part is played by a local folder per tenant.
  delete declared.INTUNE_SCEP_STORAGE_ACCOUNT;
  delete declared.INTUNE_SCEP_STORAGE_CONTAINER;
  delete declared.INTUNE_SCEP_STORAGE_KEY_PREFIX;
  declared.INTUNE_SCEP_BACKEND = 'local';
  const outputs: Record<string, Record<string, string>> = {};
  let log = '';
  let failed = false;
  for (const step of job.steps) {
    if (!runs(step.if, failed)) continue;
    const env: Record<string, string> = { ...base, ...declared, ...keyValues(files.env) };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(String(v), context);
    rmSync(files.output, { force: true });
    env.GITHUB_OUTPUT = files.output;
    env.GITHUB_ENV = files.env;
    let code = 0;
    if (step.run !== undefined) {
      const r = await bash(expand(step.run, context), dir, env);
      code = r.code;
      log += `--- ${step.name ?? step.run.split('\n')[0]}\n${r.out}`;
    } else if (step.uses?.startsWith('actions/checkout@')) {
      cpSync(o.repository, dir, { recursive: true });
      mkdirSync(o.state, { recursive: true });
      symlinkSync(o.state, join(dir, '.intune-scep'));
    } else if (step.uses?.startsWith('actions/setup-node@')) {
      // Node is there.
    } else if (step.uses?.startsWith('actions/upload-artifact@')) {
      const name = expand(String(step.with?.name), context);
      const path = expand(String(step.with?.path), context);
      // A file of the checkout keeps its name; a folder elsewhere (RUNNER_TEMP) gives its contents.
      if (isAbsolute(path)) {
        if (existsSync(path)) cpSync(path, join(o.artifacts, name), { recursive: true });
      } else if (existsSync(join(dir, path))) cpSync(join(dir, path), join(o.artifacts, name, path), { recursive: true });
    } else if (step.uses?.startsWith('actions/download-artifact@')) {
      // This run's artifact into `path`; a missing one fails the step, as on GitHub.
      const name = expand(String(step.with?.name), context);
      const path = expand(String(step.with?.path), context);
      if (existsSync(join(o.artifacts, name))) cpSync(join(o.artifacts, name), join(dir, path), { recursive: true });
      else {
        code = 1;
        log += `--- ${step.name ?? 'download-artifact'}\nUnable to download artifact(s): Artifact not found for name: ${name}\n`;
      }
    } else if (step.uses?.startsWith('actions/github-script@')) {
      const script = join(temp, 'script.js');
      const runner = join(temp, 'github-script.js');
      writeFileSync(script, String(step.with?.script));
      writeFileSync(runner, GITHUB_SCRIPT);
      const r = await bash(`node ${runner} ${script}`, dir, { ...env, FAKE_PULL_REQUEST: String(o.pullRequest ?? '') });
      code = r.code;
      log += `--- ${step.name}\n${r.out}`;
    } else throw new Error(`the harness does not emulate ${String(step.uses)}`);
    if (step.id) {
      outputs[step.id] = keyValues(files.output);
      context.steps[step.id] = { outputs: outputs[step.id] as Record<string, string> };
    }
    if (code !== 0 && step['continue-on-error'] !== true) failed = true;
    await o.betweenSteps?.(step.name ?? step.uses ?? step.run ?? '', temp, dir);
  }
  return { ok: !failed, outputs, log, dir };
}

/**
 * Whether a step runs, as GitHub decides it: a step with no `if` runs while every step before it
 * succeeded; `!cancelled()` and `always()` run it anyway (the harness cancels nothing). Any other
 * condition fails the run, so a workflow the harness cannot read is never half-run.
 */
function runs(condition: string | undefined, failed: boolean): boolean {
  if (condition === undefined) return !failed;
  const c = condition.replace(/^\$\{\{\s*([\s\S]*?)\s*\}\}$/, '$1').trim();
  if (c === '!cancelled()' || c === 'always()') return true;
  throw new Error(`the harness does not read the step condition ${JSON.stringify(condition)}`);
}

/** The files of a folder, for a look at an artifact store. */
export const filesIn = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).sort() : []);
