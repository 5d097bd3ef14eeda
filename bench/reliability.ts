/**
 * The reliability suite as a benchmark: runs `npm run test:reliability` (the same command CI runs
 * as part of `npm test`) with a fresh seed for the random kill points, and reports the counters the
 * suites recorded (runs, faults injected, objects lost, duplicates, crashes) per scenario, the
 * must-be-zero totals as targets, and the suite's wall time against CI's 10-minute budget.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, type BenchResult } from './harness';

interface Row {
  scenario: string;
  runs: number;
  faultsInjected: number;
  objectsLost: number | null;
  duplicates: number | null;
  crashes: number;
}

export async function benchReliability(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-bench-reliability-'));
  const out = join(dir, 'reliability.json');
  // A new seed each run explores new kill points; it is printed so a failure reproduces.
  const seed = String(Date.now() % 2 ** 31);
  const start = process.hrtime.bigint();
  const code = await new Promise<number>((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'test:reliability'], {
      cwd: REPO,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, INTUNE_SCEP_RELIABILITY_OUT: out, INTUNE_SCEP_KILL_SEED: seed, CHECKPOINT_DISABLE: '1' },
    });
    child.once('exit', (c) => resolve(c ?? 1));
  });
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  try {
    if (!existsSync(out)) throw new Error(`npm run test:reliability wrote no counters (exit ${code})`);
    const { scenarios, total } = JSON.parse(readFileSync(out, 'utf8')) as { scenarios: Row[]; total: Row };
    const cell = (v: number | null) => (v === null ? 'n/a' : String(v));
    return {
      id: 'reliability',
      title: 'Reliability: kill -9, fault storms, corrupt files, concurrent runs, hostile input',
      command: 'npm run bench -- reliability',
      notes: [
        `One run of \`npm run test:reliability\`: exit ${code}${code === 0 ? ', every test passed' : ', TESTS FAILED'}; random kill points from seed ${seed} (reproduce with INTUNE_SCEP_KILL_SEED=${seed}). The same table ends every \`npm run test:reliability\` and \`npm test\`.`,
        'Each scenario measures what it saw before asserting: objects lost = desired objects missing afterwards (or data a refused run changed); duplicates = objects beyond the one wanted, doubles and orphans; crashes = stack traces, fatal errors, or recoveries that did not complete. n/a: no objects in play.',
      ],
      tables: [
        {
          columns: ['scenario', 'runs', 'faults injected', 'objects lost', 'duplicates', 'crashes'],
          rows: [...scenarios, total].map((r) => [
            r.scenario === 'total' ? '**total**' : r.scenario,
            String(r.runs),
            String(r.faultsInjected),
            cell(r.objectsLost),
            cell(r.duplicates),
            String(r.crashes),
          ]),
        },
      ],
      measurements: [
        { name: 'runs (all scenarios)', unit: 'runs', runs: [total.runs] },
        { name: 'faults injected (all scenarios)', unit: 'faults', runs: [total.faultsInjected] },
        {
          name: 'objects lost',
          unit: 'objects',
          runs: [total.objectsLost ?? 0],
          target: { op: '<', value: 1, from: 'issue 7: must be 0' },
        },
        { name: 'duplicates', unit: 'objects', runs: [total.duplicates ?? 0], target: { op: '<', value: 1, from: 'issue 7: must be 0' } },
        { name: 'crashes', unit: 'runs', runs: [total.crashes], target: { op: '<', value: 1, from: 'issue 7: must be 0' } },
        {
          name: 'npm run test:reliability wall time (build included)',
          unit: 's',
          runs: [wallS],
          target: { op: '<', value: 600, from: 'issue 7: in CI if under 10 min' },
        },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
