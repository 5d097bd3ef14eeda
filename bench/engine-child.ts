/**
 * One engine run in its own process, so its peak memory is its own:
 *   node dist/bench/engine-child.js <apply|plan|per-object> <graph url> <state file> <profiles> <window ms, 0: no pacing>
 * Prints one JSON line with the figures.
 */
import { performance } from 'node:perf_hooks';
import { GraphClient, INTUNE_LIMITS, IntuneApi, RequestBudget } from '../lib/graph';
import { applyStack, planStack, readConfig } from '../lib/engine';
import { readState } from '../lib/state';
import { syntheticStack } from './stack';

async function main(): Promise<void> {
  const [mode, url, stateFile, n, windowMs] = process.argv.slice(2) as [string, string, string, string, string];
  // Window 0: no pacing (setup against a mock with throttling off).
  const limits =
    Number(windowMs) > 0
      ? { ...INTUNE_LIMITS, windowMs: Number(windowMs), concurrency: 16 }
      : { ...INTUNE_LIMITS, writes: 1e9, requests: 1e9, concurrency: 16 };
  const client = new GraphClient({ baseUrl: `${url}/beta`, budget: new RequestBudget(limits) });
  const api = new IntuneApi(client);
  const ctx = { stack: 'bench', stateFile, api, now: () => new Date() };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let extra: Record<string, unknown> = {};
  if (mode === 'apply') {
    const r = await applyStack(ctx, { config: readConfig(syntheticStack(Number(n))) });
    extra = { errors: 'errors' in r ? r.errors.length : -1 };
  } else if (mode === 'plan') {
    const config = readConfig(syntheticStack(Number(n)));
    const t1 = performance.now();
    const cpu1 = process.cpuUsage();
    const elu1 = performance.eventLoopUtilization();
    const plan = await planStack(ctx, config);
    const elu = performance.eventLoopUtilization(elu1);
    extra = {
      changes: plan.changes.filter((c) => c.action !== 'no-op').length,
      errors: plan.diagnostics.filter((d) => d.severity === 'error').length,
      readConfigMs: t1 - t0,
      planWallMs: performance.now() - t1,
      planCpuMs: (process.cpuUsage(cpu1).user + process.cpuUsage(cpu1).system) / 1000,
      /** The main thread busy (not waiting on Graph): the local part of planning. */
      planBusyMs: elu.active,
    };
  } else {
    // The surveyed tools' refresh: one GET per object and one per assignment set.
    const state = readState(stateFile, 'bench');
    const ids = [...new Set(Object.values(state.resources).map((r) => r.id))];
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < ids.length) {
          const id = ids[next++] as string;
          await client.get(`/deviceManagement/deviceConfigurations/${id}`);
          await client.list(`/deviceManagement/deviceConfigurations/${id}/assignments`);
        }
      }),
    );
  }
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(
    `${JSON.stringify({ mode, wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, graphRequests: client.requests, throttled: client.budget.stats.throttled, maxRssMB: process.resourceUsage().maxRSS / 1024, ...extra })}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
