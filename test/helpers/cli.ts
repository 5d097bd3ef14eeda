/** Running the CLI: in-process through `run` (fast), or as the built bin in a child process (real). */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../lib/cli/main';

export const REPO = join(__dirname, '..', '..');
export const BIN = join(REPO, 'bin', 'intune-scep');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  argv: string[],
  opts: { cwd?: string; env?: Record<string, string>; isTTY?: boolean } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: opts.env ?? {},
    cwd: opts.cwd ?? REPO,
    ...(opts.isTTY ? { isTTY: true } : {}),
  });
  return { code, stdout, stderr };
}

/**
 * `run` in this process with the environment `spawnCli` gives the built bin (PATH, then `env`; the CLI
 * reads its environment from `run`'s io only, never from this process's), for end-to-end suites whose
 * subject is what a run does to files, state and the tenant: about 0.05 s a run instead of 0.9 s for a
 * child process that loads every module again. What only a process shows stays with `spawnCli`: exit
 * status after a signal, a handle left open, kill -9, two runs at once, a read that blocks (a FIFO),
 * the whole environment the app inherits, output written past `run`'s streams (a warning Node prints,
 * a library's own), and files the build must ship (this runs the sources, not dist/).
 */
export function runCliAsBin(argv: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return runCli(argv, { cwd: opts.cwd ?? REPO, env: { PATH: process.env.PATH ?? '', ...opts.env } });
}

/**
 * The environment a test gives a child: `env` (PATH alone when none), plus the run's TMPDIR when `env`
 * names none, so a child that leaves temporary files leaves them in the run's folder, which a green run
 * removes (jest.config.js), never in /tmp (Node 22's tsc writes its compile cache there).
 */
export function childEnv(env: Record<string, string> = { PATH: process.env.PATH ?? '' }): Record<string, string> {
  const tmp = process.env.TMPDIR;
  return tmp !== undefined && env.TMPDIR === undefined ? { ...env, TMPDIR: tmp } : env;
}

/** Any program in a child process, its exit code (1 for a signal or a spawn failure) and output. */
export function execResult(
  cmd: string,
  args: readonly string[],
  opts: { cwd?: string; env?: Record<string, string>; timeout?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      [...args],
      {
        cwd: opts.cwd ?? REPO,
        env: childEnv(opts.env),
        maxBuffer: 64 << 20,
        ...(opts.timeout ? { timeout: opts.timeout } : {}),
      },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** The built CLI as a user runs it. `npm test` builds first; run `npm run build` before jest alone. */
export function spawnCli(argv: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  if (!existsSync(join(REPO, 'dist', 'lib', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run "npm run build" (npm test does it) before the end-to-end CLI tests');
  }
  return execResult(process.execPath, [BIN, ...argv], { cwd: opts.cwd ?? REPO, env: { PATH: process.env.PATH ?? '', ...opts.env } });
}

/**
 * `intune-scep mock-graph serve --port 0 ARGS` in this process, through `run` (the CLI's own flags and
 * defaults: `--memory` is the tenant `serveMockProcess()` gives, tokens required, Intune throttling),
 * for tests that need a mock server but do not test the serving process; resolves once it prints its URL.
 */
export async function serveMock(
  args: string[] = ['--memory'],
  opts: { cwd?: string } = {},
): Promise<{ url: string; stop: () => Promise<void> }> {
  let interrupt: (() => void) | undefined;
  let out = '';
  let listening: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => (listening = resolve));
  const done = run(['mock-graph', 'serve', '--port', '0', ...args], {
    stdout: (t) => {
      out += t;
      const m = /listening on (https?:\/\/\S+)/.exec(out);
      if (m) listening(m[1] as string);
    },
    stderr: (t) => (out += t),
    env: {},
    cwd: opts.cwd ?? REPO,
    onInterrupt: (handler) => {
      interrupt = handler;
      return () => (interrupt = undefined);
    },
  });
  const first = await Promise.race([url, done.then((code) => `exited ${code}`)]);
  if (!/^https?:/.test(first)) throw new Error(`mock-graph serve ${first}: ${out}`);
  return {
    url: first,
    stop: async () => {
      interrupt?.();
      await done;
    },
  };
}

/** `intune-scep mock-graph serve --port 0` in a child process; resolves once it prints its URL. */
export async function serveMockProcess(args: string[] = ['--memory']): Promise<{ url: string; stop: () => Promise<void> }> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [BIN, 'mock-graph', 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (https?:\/\/\S+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`mock-graph serve exited ${code}: ${out}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
