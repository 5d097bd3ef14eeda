/**
 * `intune-scep export` of a tenant of 1,000 SCEP profiles (6 shared roots, every object assigned),
 * as a user runs it: the CLI against `mock-graph serve --throttle off`, wall time of the whole
 * process, which reads the tenant, builds the app in-process with CDKTF, writes the state with the
 * engine's import and makes the first plan.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLI, measure, serveMock, type BenchResult, type Measurement } from './harness';
import { syntheticStack } from './stack';

const N = 1000;
const RUNS = 3;

const run = promisify(execFile);
const env = { ...process.env, CI: '1', AZURE_TENANT_ID: '', INTUNE_SCEP_GRAPH_URL: '' };

export async function benchExport(): Promise<BenchResult> {
  const measurements: Measurement[] = [];
  const wall = measure(measurements, `${N} profiles: export (read, build the app, import into state, first plan), wall time`, 's', {
    op: '<',
    value: 30,
    from: 'issue 18',
  });
  const server = await serveMock(['--memory', '--auth', 'off', '--throttle', 'off']);
  const seed = mkdtempSync(join(tmpdir(), 'intune-scep-bench-export-seed-'));
  try {
    writeFileSync(join(seed, 'cdk.tf.json'), JSON.stringify(syntheticStack(N)));
    await run(process.execPath, [CLI, 'apply', '--config', 'cdk.tf.json', '--stack', 'seed', '--auto-approve', '--graph-url', server.url], {
      cwd: seed,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    for (let i = 0; i < RUNS; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'intune-scep-bench-export-'));
      try {
        const t0 = performance.now();
        await run(process.execPath, [CLI, 'export', '--graph-url', server.url, '--out', 'app'], {
          cwd: dir,
          env,
          maxBuffer: 64 * 1024 * 1024,
        });
        wall.runs.push((performance.now() - t0) / 1000);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(seed, { recursive: true, force: true });
    await server.stop();
  }
  return {
    id: 'export',
    title: `intune-scep export of a tenant of ${N} profiles`,
    command: 'npm run bench -- export',
    notes: [
      `The tenant: one root per platform, ${N} SCEP profiles, every object assigned (applied by the CLI first). \`intune-scep export --graph-url <mock> --out app\`, the whole CLI process timed: list and root links, group lookups, the app built twice in-process with CDKTF (addresses, then overrides), the files written, ${N} + ${N} + 12 imports into state, and the first plan.`,
      "`mock-graph serve --memory --auth off --throttle off`: the figure is intune-scep's own cost. Against Intune the reads pace to its window (1,000 requests per 20 s per app): export reads the tenant once (list pages, root links in $batch) and the first plan reads it again, about 2,000 requests for this tenant, so about 40 s there.",
      `${RUNS} runs, each into a fresh folder.`,
    ],
    measurements,
  };
}
