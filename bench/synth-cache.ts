/**
 * `intune-scep plan` on an unchanged CDKTF app against `plan --config` on its synthesized stack
 * (issue 27: within 20%): the example examples/ios-wifi, the CLI as a user runs it, with a home of
 * its own (the synth cache's key) and the mock Graph of `mock-graph serve`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLI, REPO, measure, median, serveMock, type BenchResult, type Measurement } from './harness';

const RUNS = 5;
const run = promisify(execFile);

export async function benchSynthCache(): Promise<BenchResult> {
  const measurements: Measurement[] = [];
  const synthesized = measure(measurements, 'plan, synthesizing the app (its first run)', 's');
  const skipped = measure(measurements, 'plan on the unchanged app (synth skipped)', 's');
  const config = measure(measurements, 'plan --config cdktf.out/stacks/ios-wifi/cdk.tf.json', 's');
  const ratio = measure(measurements, 'plan on the unchanged app ÷ plan --config', '×', { op: '<', value: 1.2, from: 'issue 27' });
  const app = join(REPO, 'examples', 'ios-wifi');
  const server = await serveMock(['--memory', '--auth', 'off', '--throttle', 'off']);
  const timed = async (args: string[], env: NodeJS.ProcessEnv): Promise<number> => {
    const t0 = performance.now();
    await run(process.execPath, [CLI, 'plan', '--graph-url', server.url, ...args], { cwd: app, env, maxBuffer: 64 * 1024 * 1024 });
    return (performance.now() - t0) / 1000;
  };
  try {
    for (let i = 0; i < RUNS; i++) {
      const home = mkdtempSync(join(tmpdir(), 'intune-scep-bench-home-'));
      const env = { ...process.env, HOME: home, CI: '1', AZURE_TENANT_ID: '', INTUNE_SCEP_GRAPH_URL: '', INTUNE_SCEP_SYNTH: '' };
      try {
        synthesized.runs.push(await timed([], env));
        await timed([], env); // the example compiles into ../.build, outside its folder: the second run skips already
        skipped.runs.push(await timed([], env));
        config.runs.push(await timed(['--config', join('cdktf.out', 'stacks', 'ios-wifi', 'cdk.tf.json')], env));
        ratio.runs.push((skipped.runs.at(-1) as number) / (config.runs.at(-1) as number));
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    }
  } finally {
    await server.stop();
  }
  return {
    id: 'synth-cache',
    title: 'plan on an unchanged CDKTF app, against plan --config',
    command: 'npm run bench -- synth-cache',
    notes: [
      `examples/ios-wifi (its cdktf.json compiles the examples with tsc, then runs the app), planned with the built CLI against \`mock-graph serve\`; each run with a new home, so the first plan synthesizes and the synth cache's key is new. Median of ${RUNS}; the unchanged-app plan is the third of a run.`,
      `Synthesizing costs ${median(synthesized.runs).toFixed(1)} s of the first plan; once the app is unchanged, plan costs what plan --config costs.`,
    ],
    measurements,
  };
}
