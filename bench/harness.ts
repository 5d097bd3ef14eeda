/**
 * Benchmark harness: repeated runs, medians and spread, and the results files.
 * Benchmarks measure this machine; targets are checked here, never in timed tests.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { INTUNE_LIMITS } from '../lib/graph';

export interface Measurement {
  /** What was measured, e.g. "create (POST)". */
  name: string;
  unit: string;
  /** One value per run. */
  runs: number[];
  /** A target this figure must meet, e.g. { op: '>', value: 2000 }. */
  target?: { op: '>' | '<'; value: number; from: string };
}

export interface BenchResult {
  id: string;
  title: string;
  /** How to reproduce it. */
  command: string;
  notes: string[];
  /** Tables of counts shown before the measurements (e.g. reliability per scenario). */
  tables?: { columns: string[]; rows: string[][] }[];
  measurements: Measurement[];
}

/** A measurement added to `list` where it is declared, so the results keep the declaration order. */
export function measure(list: Measurement[], name: string, unit: string, target?: Measurement['target']): Measurement {
  const m: Measurement = { name, unit, runs: [], ...(target ? { target } : {}) };
  list.push(m);
  return m;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function met(m: Measurement): boolean | undefined {
  if (!m.target) return undefined;
  const v = median(m.runs);
  return m.target.op === '>' ? v > m.target.value : v < m.target.value;
}

export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

export const REPO = join(__dirname, '..', '..');
export const CLI = join(REPO, 'bin', 'intune-scep');

/** Intune's throttle, time-scaled the same for every contender: its 20 s window becomes 1 s. */
export const TIME_SCALE = 0.05;
export const WINDOW_MS = INTUNE_LIMITS.windowMs * TIME_SCALE;
/** `mock-graph serve` flags for Intune's throttle at that scale. */
export const THROTTLED = ['--throttle', 'intune', '--time-scale', String(TIME_SCALE)];

/**
 * Waits out one throttle window, so the next contender starts with the mock's window empty: the
 * previous run's requests would otherwise count against it (a new process's budget cannot know them).
 */
export const emptyWindow = (): Promise<void> => new Promise((r) => setTimeout(r, WINDOW_MS + 100));

/** One engine run in its own process (engine-child.ts), so its peak memory is its own; its JSON line. */
export async function engineChild(args: string[]): Promise<Record<string, number>> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(REPO, 'dist', 'bench', 'engine-child.js'), ...args], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, number>;
}

/** The CLI's mock-graph serve in its own process; resolves with its URL. */
export async function serveMock(args: string[]): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [CLI, 'mock-graph', 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`mock-graph serve exited ${code}`)));
  });
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function fmt(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

export function renderMarkdown(results: readonly BenchResult[], when: string): string {
  const lines = [
    `# Benchmark results`,
    '',
    `Measured ${when} on ${machine()}.`,
    'Reproduce: `npm run bench`. Each figure is the median of the runs; the spread is min to max.',
    '',
  ];
  for (const r of results) {
    lines.push(`## ${r.title}`, '', `Command: \`${r.command}\``, '');
    for (const n of r.notes) lines.push(`- ${n}`);
    if (r.notes.length) lines.push('');
    for (const t of r.tables ?? []) {
      lines.push(`| ${t.columns.join(' | ')} |`, `|${t.columns.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
      for (const row of t.rows) lines.push(`| ${row.join(' | ')} |`);
      lines.push('');
    }
    lines.push('| measurement | median | spread | runs | target | met |', '|---|---|---|---|---|---|');
    for (const m of r.measurements) {
      const ok = met(m);
      const target = m.target ? `${m.target.op} ${fmt(m.target.value)} ${m.unit} (${m.target.from})` : '';
      lines.push(
        `| ${m.name} | ${fmt(median(m.runs))} ${m.unit} | ${fmt(Math.min(...m.runs))} to ${fmt(Math.max(...m.runs))} | ${m.runs.length} | ${target} | ${ok === undefined ? '' : ok ? 'yes' : '**no**'} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
