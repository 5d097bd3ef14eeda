/**
 * Plan (refresh + diff) at 100, 1,000 and 5,000 SCEP profiles with assignments against the mock,
 * with Intune throttling on (time-scaled), beside a per-object refresh (one GET per object and one
 * per assignment set, as the surveyed tools do) on the same tenant in the same run.
 * Targets (issue 5), at 5,000 profiles: at most 1.1 Graph requests per profile, peak memory under
 * 400 MB, the local part of planning under 2 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  THROTTLED,
  TIME_SCALE,
  WINDOW_MS,
  emptyWindow,
  engineChild as child,
  measure,
  serveMock,
  type BenchResult,
  type Measurement,
} from './harness';

const SCALES = [100, 1000, 5000];
const RUNS = 3;

export async function benchEnginePlan(): Promise<BenchResult> {
  const measurements: Measurement[] = [];
  const notes: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-bench-plan-'));
  try {
    for (const n of SCALES) {
      const data = join(dir, `tenant-${n}.json`);
      const state = join(dir, `state-${n}.json`);
      // Build the tenant and the state once, throttling off (setup is not measured).
      const setup = await serveMock(['--data', data, '--auth', 'off', '--throttle', 'off', '--page-size', '100']);
      try {
        const a = await child(['apply', setup.url, state, String(n), '0']);
        if (a.errors !== 0) throw new Error(`setup apply of ${n} profiles had ${a.errors} errors`);
      } finally {
        await setup.stop();
      }
      const server = await serveMock(['--data', data, '--auth', 'off', ...THROTTLED, '--page-size', '100']);
      // The targets are for 5,000 profiles.
      const m = (name: string, unit: string, target?: Measurement['target']) =>
        measure(measurements, `${n} profiles: ${name}`, unit, n === 5000 ? target : undefined);
      const perProfile = m('plan, Graph requests per profile', 'req', { op: '<', value: 1.1, from: 'issue 5' });
      const rss = m('plan, peak memory (RSS)', 'MB', { op: '<', value: 400, from: 'issue 5' });
      const local = m('plan, local part: main thread busy, not waiting on Graph', 's', { op: '<', value: 2, from: 'issue 5' });
      const cpu = m('plan, process CPU time (all threads, GC included)', 's');
      const wall = m('plan, wall time (throttled)', 's');
      const got429 = m('plan, requests answered 429', 'req');
      const baseReq = m('per-object refresh, Graph requests per profile', 'req');
      const baseWall = m('per-object refresh, wall time (throttled)', 's');
      const base429 = m('per-object refresh, requests answered 429', 'req');
      const ratio = m('per-object refresh time ÷ plan time', '×');
      try {
        for (let i = 0; i < RUNS; i++) {
          await emptyWindow();
          const p = await child(['plan', server.url, state, String(n), String(WINDOW_MS)]);
          if (p.changes !== 0 || p.errors !== 0)
            throw new Error(`plan of ${n} profiles was not a no-op (${p.changes} changes, ${p.errors} errors)`);
          perProfile.runs.push((p.graphRequests as number) / n);
          rss.runs.push(p.maxRssMB as number);
          local.runs.push((p.planBusyMs as number) / 1000);
          cpu.runs.push((p.planCpuMs as number) / 1000);
          wall.runs.push((p.planWallMs as number) / 1000);
          got429.runs.push(p.throttled as number);
          await emptyWindow();
          const b = await child(['per-object', server.url, state, String(n), String(WINDOW_MS)]);
          baseReq.runs.push((b.graphRequests as number) / n);
          baseWall.runs.push((b.wallMs as number) / 1000);
          base429.runs.push(b.throttled as number);
          ratio.runs.push((b.wallMs as number) / (p.planWallMs as number));
        }
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  notes.push(
    `Each scale: one root per platform (6) and N SCEP profiles spread over the platforms, every object assigned to a group by name (N + 6 assignment sets). The tenant and state are built once with throttling off; then \`mock-graph serve --throttle intune --time-scale ${TIME_SCALE}\` (window ${WINDOW_MS / 1000} s; 1000 requests per window) serves the same data file for the measured runs; each run starts after one empty throttle window.`,
    'Plan = refresh (one filtered list with $expand=assignments, 100 per page; root links in $batch of 20) + group lookup + rules + diff, in its own process (so peak RSS is its own). Graph requests count each request inside a $batch.',
    "Local part = the event loop's busy time during the plan call (performance.eventLoopUtilization): parsing answers, mapping, rules and diff, without the time spent waiting on Graph. Process CPU time is shown too; it also counts GC and other helper threads running in parallel.",
    'Per-object refresh: one GET per object and one per assignment set (what the surveyed tools do), 16 at a time under the same throttle.',
  );
  return {
    id: 'engine-plan',
    title: 'Plan at 100, 1,000 and 5,000 profiles against the throttled mock',
    command: 'npm run bench -- engine-plan',
    notes,
    measurements,
  };
}
