/**
 * `npm run bench [-- id ...]`: runs the benchmarks and writes bench/results.md and
 * bench/results.json. With ids, runs only those and merges them into the existing results.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, median, met, renderMarkdown, type BenchResult } from './harness';
import { benchEmbeddedApply } from './embedded-apply';
import { benchEngineApply } from './engine-apply';
import { benchExport } from './export';
import { benchEnginePlan } from './engine-plan';
import { benchGraphClient } from './graph-client';
import { benchMockGraph } from './mock-graph';
import { benchProvider } from './provider';
import { benchReliability } from './reliability';
import { benchSynthCache } from './synth-cache';

const BENCHMARKS: Record<string, () => Promise<BenchResult>> = {
  'mock-graph': benchMockGraph,
  'graph-client': benchGraphClient,
  'engine-plan': benchEnginePlan,
  'engine-apply': benchEngineApply,
  'embedded-apply': benchEmbeddedApply,
  export: benchExport,
  provider: benchProvider,
  reliability: benchReliability,
  'synth-cache': benchSynthCache,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  for (const id of wanted) if (!BENCHMARKS[id]) throw new Error(`unknown benchmark "${id}"; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  const jsonFile = join(REPO, 'bench', 'results.json');
  const previous: BenchResult[] =
    wanted.length && existsSync(jsonFile) ? (JSON.parse(readFileSync(jsonFile, 'utf8')) as { results: BenchResult[] }).results : [];
  const results = new Map(previous.map((r) => [r.id, r]));
  for (const [id, bench] of Object.entries(BENCHMARKS)) {
    if (wanted.length && !wanted.includes(id)) continue;
    process.stdout.write(`bench ${id} ...\n`);
    const r = await bench();
    results.set(id, r);
    for (const m of r.measurements) {
      const ok = met(m);
      process.stdout.write(
        `  ${m.name}: ${median(m.runs).toFixed(1)} ${m.unit}${ok === undefined ? '' : ok ? ' (target met)' : ' (TARGET NOT MET)'}\n`,
      );
    }
  }
  const when = new Date().toISOString().slice(0, 10);
  const all = [...results.values()];
  writeFileSync(jsonFile, `${JSON.stringify({ measured: when, results: all }, null, 2)}\n`);
  writeFileSync(join(REPO, 'bench', 'results.md'), renderMarkdown(all, when));
  process.stdout.write('wrote bench/results.md and bench/results.json\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
