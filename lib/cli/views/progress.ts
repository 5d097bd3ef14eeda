/**
 * Apply progress, rendered from the engine's hooks and the Graph client's events (the engine never
 * prints). A long apply at Intune's write limit takes minutes; this says how far it is, how fast it
 * goes, how long it has waited on Intune's window (not a hang), and when it should end.
 *
 * | mode    | where it suits           | what it writes (stderr)                                     |
 * |---------|--------------------------|-------------------------------------------------------------|
 * | live    | a terminal (auto)        | one line, rewritten: steps done/total, writes/s, time       |
 * |         |                          | waiting on Intune's window, ETA; failures on lines of their own |
 * | summary | CI, no terminal (auto)   | that line every SUMMARY_EVERY_MS, failures as they happen,  |
 * |         |                          | and a last one                                               |
 * | plain   | --progress plain         | a line per step started and per step done                    |
 * | json    | --progress json          | one JSON object per line: start, step, summary, end          |
 *
 * Time comes from an injected clock: tests see the same lines every run.
 */
import type { EngineHooks, Plan } from '../../engine';
import type { GraphEvent } from '../../graph';
import { printable, type CliIo } from '../io';

export type ProgressMode = 'auto' | 'live' | 'summary' | 'plain' | 'json';
export const PROGRESS_MODES: readonly ProgressMode[] = ['auto', 'live', 'summary', 'plain', 'json'];

/** How often the summary mode writes its line. */
export const SUMMARY_EVERY_MS = 10_000;

export interface ProgressSources {
  /** Milliseconds, from the CLI's clock. */
  now(): number;
  /** Time the run's requests spent waiting for a slot of Intune's window or a 429 pause, summed. */
  waitedMs(): number;
}

export interface Progress {
  readonly hooks: EngineHooks;
  /** The Graph client's events (writes are counted from them). */
  onGraphEvent(e: GraphEvent): void;
  /** The run ended: the last line. */
  finish(): void;
}

/** Apply steps a plan will run: a create, an update or a delete each; a replace is two. */
export function stepsOf(plan: Plan): number {
  let n = 0;
  for (const c of plan.changes) {
    if (c.action === 'create' || c.action === 'update' || c.action === 'delete') n++;
    else if (c.action === 'create-then-delete' || c.action === 'delete-then-create') n += 2;
  }
  return n;
}

/** 95 s → "1 min 35 s"; under a minute in seconds. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function progress(io: CliIo, requested: ProgressMode, sources: ProgressSources): Progress {
  const mode: Exclude<ProgressMode, 'auto'> = requested === 'auto' ? (io.isTTY ? 'live' : 'summary') : requested;
  const verb: Record<string, [string, string]> = {
    create: ['Creating', 'created'],
    update: ['Updating', 'updated'],
    delete: ['Destroying', 'destroyed'],
  };
  let total = 0;
  let done = 0;
  let failed = 0;
  let writes = 0;
  let throttled = 0;
  let startedAt: number | undefined;
  let lastSummary = 0;
  let liveShown = false;
  const json = (o: Record<string, unknown>) => io.stderr(`${JSON.stringify(o)}\n`);

  const figures = () => {
    const now = sources.now();
    const elapsed = startedAt === undefined ? 0 : now - startedAt;
    const rate = elapsed > 0 ? (writes * 1000) / elapsed : 0;
    const eta = done > 0 && done < total ? (elapsed / done) * (total - done) : undefined;
    return {
      done,
      total,
      failed,
      writes,
      writesPerSecond: Math.round(rate * 10) / 10,
      waitedMs: sources.waitedMs(),
      throttled,
      elapsedMs: elapsed,
      etaMs: eta === undefined ? undefined : Math.round(eta),
    };
  };
  const line = () => {
    const f = figures();
    const parts = [`${f.done}/${f.total} steps`, `${f.writesPerSecond} writes/s`];
    if (f.waitedMs >= 1000) parts.push(`${duration(f.waitedMs)} waiting on Intune's request window (throttling, not a hang)`);
    if (f.throttled > 0) parts.push(`${f.throttled} × 429`);
    if (f.failed > 0) parts.push(`${f.failed} failed`);
    if (f.etaMs !== undefined) parts.push(`ETA ${duration(f.etaMs)}`);
    return `Apply: ${parts.join(', ')}`;
  };
  // The live line: cleared and written again in place (CliIo.rewriteLine, the one way to do it).
  const rewrite = (text: string) => (io.rewriteLine ?? io.stderr)(text);
  const showLive = () => {
    rewrite(line());
    liveShown = true;
  };
  let lastLine = '';
  const summary = () => {
    const text = line();
    if (text !== lastLine) io.stderr(`${text}\n`);
    lastLine = text;
  };
  const maybeSummary = () => {
    const now = sources.now();
    if (now - lastSummary < SUMMARY_EVERY_MS) return;
    lastSummary = now;
    summary();
  };
  const failure = (address: string, step: string, error: string) => {
    if (mode === 'live' && liveShown) rewrite('');
    io.stderr(`${address}: ${step} failed: ${printable(error)}\n`);
  };

  const hooks: EngineHooks = {
    onRefresh: (e) =>
      mode === 'json'
        ? json({ event: 'refresh', objects: e.objects, requests: e.requests })
        : io.stderr(`Refreshed ${e.objects} object(s) with ${e.requests} Graph request(s).\n`),
    onPlan: (plan) => {
      total = stepsOf(plan);
    },
    onApplyStart: (e) => {
      if (startedAt === undefined) {
        startedAt = sources.now();
        lastSummary = startedAt;
        writes = 0;
        if (mode === 'json') json({ event: 'start', steps: total });
      }
      if (mode === 'plain') io.stderr(`${e.address}: ${verb[e.step]?.[0] ?? e.step}...\n`);
    },
    onApplyDone: (e) => {
      done++;
      if (e.error) failed++;
      if (mode === 'json')
        json({ event: 'step', address: e.address, step: e.step, ok: !e.error, ...(e.error ? { error: e.error } : {}), ...figures() });
      else if (mode === 'plain') io.stderr(`${e.address}: ${e.error ? `failed: ${printable(e.error)}` : (verb[e.step]?.[1] ?? 'done')}\n`);
      else {
        if (e.error) failure(e.address, e.step, e.error);
        if (mode === 'live') showLive();
        else maybeSummary();
      }
    },
    // A step that waits (a Cloud PKI CA being created or taken down) says so: a line of its own.
    onApplyProgress: (e) => {
      if (mode === 'json') json({ event: 'progress', address: e.address, message: e.message });
      else {
        if (mode === 'live' && liveShown) rewrite('');
        io.stderr(`${e.address}: ${printable(e.message)}\n`);
        if (mode === 'live') showLive();
      }
    },
  };
  return {
    hooks,
    onGraphEvent: (e) => {
      if (e.type === 'request' && e.method !== 'GET') writes++;
      else if (e.type === 'throttled') throttled++;
    },
    finish: () => {
      if (startedAt === undefined) return;
      if (mode === 'json') json({ event: 'end', ...figures() });
      else if (mode === 'live') rewrite(`${line()}\n`);
      else if (mode === 'summary') summary();
    },
  };
}
