/**
 * The CLI applying 1,000 SCEP profiles with assignments, as a user runs it: to the embedded tenant
 * (no throttle: the client learns it from the mock's answers and runs at machine speed), and to a
 * `mock-graph serve --throttle intune --time-scale 0.05` it paces to the advertised window without
 * being told (no budget passed: the CLI's own client). Wall time is the whole CLI process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { INTUNE_LIMITS } from '../lib/graph';
import { CLI, THROTTLED, TIME_SCALE, WINDOW_MS, measure, serveMock, type BenchResult, type Measurement } from './harness';
import { syntheticStack } from './stack';

const N = 1000;
const RUNS = 3;

async function apply(cwd: string, extra: string[]): Promise<number> {
  const t0 = performance.now();
  await promisify(execFile)(process.execPath, [CLI, 'apply', '--config', 'cdk.tf.json', '--stack', 'bench', '--auto-approve', ...extra], {
    cwd,
    env: { ...process.env, CI: '1', AZURE_TENANT_ID: '', INTUNE_SCEP_GRAPH_URL: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return performance.now() - t0;
}

export async function benchEmbeddedApply(): Promise<BenchResult> {
  const measurements: Measurement[] = [];
  const embedded = measure(measurements, `${N} profiles: apply to the embedded tenant, wall time`, 's', {
    op: '<',
    value: 20,
    from: 'issue 17',
  });
  const ratio = measure(measurements, `${N} profiles: apply to the throttled mock, wall time ÷ throttle floor`, '×', {
    op: '<',
    value: 1.05,
    from: 'issue 17',
  });
  const writes = 2 * N + 12; // 6 roots, N profiles, N + 6 assignment sets
  const floorMs = (writes / INTUNE_LIMITS.writes) * WINDOW_MS;
  const doc = JSON.stringify(syntheticStack(N));
  for (let i = 0; i < RUNS; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'intune-scep-bench-embedded-'));
    try {
      writeFileSync(join(dir, 'cdk.tf.json'), doc);
      embedded.runs.push((await apply(dir, [])) / 1000);
      const server = await serveMock(['--memory', '--auth', 'off', ...THROTTLED]);
      try {
        rmSync(join(dir, '.intune-scep', 'state'), { recursive: true, force: true });
        ratio.runs.push((await apply(dir, ['--graph-url', server.url])) / floorMs);
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    id: 'embedded-apply',
    title: 'The CLI applying 1,000 profiles: embedded tenant at machine speed, throttled mock at its window',
    command: 'npm run bench -- embedded-apply',
    notes: [
      `\`intune-scep apply --auto-approve\` of one root per platform, ${N} SCEP profiles and ${N} + 6 assignment sets (${writes} writes), the whole CLI process timed (start, synth-free config read, plan, apply, state writes).`,
      'Embedded tenant: no --graph-url; the mock inside the CLI does not throttle and says so in its answers, so the client paces to nothing but its concurrency.',
      `Throttled mock: \`mock-graph serve --throttle intune --time-scale ${TIME_SCALE}\` (100 writes per ${WINDOW_MS / 1000} s window), which advertises that window; the CLI's client learns it (no budget given) and stays at it. Floor = ${writes} writes ÷ 100 × ${WINDOW_MS / 1000} s.`,
      `${RUNS} runs, each in a fresh folder.`,
    ],
    measurements,
  };
}
