/**
 * Apply at 100, 1,000 and 5,000 SCEP profiles with assignments against the mock with Intune
 * throttling (time-scaled ×0.05 for both contenders), each apply in its own process (peak RSS is its
 * own), beside the naive client of the graph-client benchmark on the same kind of tenant.
 * Floor = writes ÷ 100 per window × the window.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INTUNE_LIMITS } from '../lib/graph';
import { naive } from './graph-client';
import { THROTTLED, TIME_SCALE, WINDOW_MS, engineChild, measure, serveMock, type BenchResult, type Measurement } from './harness';

const SCALES: [number, number][] = [
  [100, 3],
  [1000, 3],
  [5000, 1],
];

export async function benchEngineApply(): Promise<BenchResult> {
  const measurements: Measurement[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-bench-apply-'));
  try {
    for (const [n, runs] of SCALES) {
      const m = (name: string, unit: string, target?: Measurement['target']) =>
        measure(measurements, `${n} profiles: ${name}`, unit, target);
      const ratio = m('apply, wall time ÷ throttle floor', '×', { op: '<', value: 1.15, from: 'issue 4' });
      const failed = m('apply, failed objects', 'objects', { op: '<', value: 1, from: 'issue 4' });
      const perProfile = m('apply, Graph requests per profile', 'req');
      const got429 = m('apply, requests answered 429', 'req');
      const rss = m('apply, peak memory (RSS)', 'MB');
      const naiveApplied = m('naive client, profiles applied', 'profiles');
      const naive429 = m('naive client, requests answered 429', '%');
      const appliedRatio = m('profiles applied: intune-scep ÷ naive client', '×');
      const writes = 2 * n + 12; // 6 roots, n profiles, n + 6 assignment sets
      const floorMs = (writes / INTUNE_LIMITS.writes) * WINDOW_MS;
      for (let i = 0; i < runs; i++) {
        const server = await serveMock(['--memory', '--auth', 'off', ...THROTTLED]);
        try {
          const r = await engineChild(['apply', server.url, join(dir, `state-${n}-${i}.json`), String(n), String(WINDOW_MS)]);
          ratio.runs.push(r.wallMs / floorMs);
          failed.runs.push(r.errors);
          perProfile.runs.push(r.graphRequests / n);
          got429.runs.push(r.throttled);
          rss.runs.push(r.maxRssMB);
        } finally {
          await server.stop();
        }
        const other = await serveMock(['--memory', '--auth', 'off', ...THROTTLED]);
        try {
          const b = await naive(other.url, n);
          naiveApplied.runs.push(n - b.failed);
          naive429.runs.push((100 * b.throttled) / b.requests);
          appliedRatio.runs.push((n - (failed.runs.at(-1) as number)) / Math.max(1, n - b.failed));
        } finally {
          await other.stop();
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    id: 'engine-apply',
    title: 'Apply at 100, 1,000 and 5,000 profiles against the throttled mock',
    command: 'npm run bench -- engine-apply',
    notes: [
      `intune-scep apply (the engine, in its own process) of one root per platform, N SCEP profiles and N + 6 assignment sets (2N + 12 writes) on a fresh \`mock-graph serve --throttle intune --time-scale ${TIME_SCALE}\` (100 writes per ${WINDOW_MS / 1000} s window). Requests include the plan's refresh and group lookup.`,
      'Naive client: the one of the graph-client benchmark (one request at a time, 5xx retried, a 429 fails the object) creating N profiles and their assignments on its own fresh mock.',
      '3 runs at 100 and 1,000 profiles, 1 at 5,000 (about 100 s of throttled writes).',
    ],
    measurements,
  };
}
