/**
 * Throughput of the mock Graph server for simple requests (list, get, create), throttling and
 * latency off, so later benchmarks know the mock is not their bottleneck (target: > 2,000
 * requests/s). The server is the real `intune-scep mock-graph serve` in its own process; the load
 * comes from this process over keep-alive connections on loopback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { serveMock, type BenchResult, type Measurement } from './harness';

const CONCURRENCY = 16;
const REQUESTS = 4000;
const RUNS = 5;

function call(agent: Agent, url: URL, method: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, agent, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** Requests per second for `count` requests made `CONCURRENCY` at a time. */
async function rate(count: number, one: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await one(next++);
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

export async function benchMockGraph(): Promise<BenchResult> {
  const server = await serveMock(['--memory', '--throttle', 'off', '--auth', 'off']);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const base = `${server.url}/beta/deviceManagement/deviceConfigurations`;
  const body = (i: number) =>
    JSON.stringify({
      '@odata.type': '#microsoft.graph.iosTrustedRootCertificate',
      displayName: `Root ${i}`,
      trustedRootCertificate: 'MIIBajCCARCgAwIBAgIBATAKBggqhkjOPQQDAjAs',
    });
  const ok = (r: { status: number; text: string }, want: number) => {
    if (r.status !== want) throw new Error(`expected ${want}, got ${r.status}: ${r.text.slice(0, 200)}`);
  };
  const ids: string[] = [];
  const measurements: Measurement[] = [
    { name: 'create (POST)', unit: 'req/s', runs: [], target: { op: '>', value: 2000, from: 'issue 3' } },
    { name: 'get by id (GET)', unit: 'req/s', runs: [], target: { op: '>', value: 2000, from: 'issue 3' } },
    { name: 'list, page of 100 (GET)', unit: 'req/s', runs: [], target: { op: '>', value: 2000, from: 'issue 3' } },
  ];
  try {
    for (let run = 0; run < RUNS; run++) {
      measurements[0]?.runs.push(
        await rate(REQUESTS, async (i) => {
          const r = await call(agent, new URL(base), 'POST', body(i));
          ok(r, 201);
          if (run === 0) ids.push((JSON.parse(r.text) as { id: string }).id);
        }),
      );
      measurements[1]?.runs.push(
        await rate(REQUESTS, async (i) => ok(await call(agent, new URL(`${base}/${ids[i % ids.length]}`), 'GET'), 200)),
      );
      measurements[2]?.runs.push(await rate(REQUESTS / 4, async () => ok(await call(agent, new URL(`${base}?$top=100`), 'GET'), 200)));
    }
  } finally {
    agent.destroy();
    await server.stop();
  }
  // The embedded tenant persists: every answered write is appended to the journal first.
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-bench-'));
  const persisted: Measurement = {
    name: 'create, persisted tenant (POST)',
    unit: 'req/s',
    runs: [],
    target: { op: '>', value: 2000, from: 'issue 3' },
  };
  measurements.push(persisted);
  for (let run = 0; run < RUNS; run++) {
    const p = await serveMock(['--data', join(dir, `tenant-${run}.json`), '--throttle', 'off', '--auth', 'off']);
    const a = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    try {
      persisted.runs.push(
        await rate(REQUESTS, async (i) =>
          ok(await call(a, new URL(`${p.url}/beta/deviceManagement/deviceConfigurations`), 'POST', body(i)), 201),
        ),
      );
    } finally {
      a.destroy();
      await p.stop();
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    id: 'mock-graph',
    title: 'Mock Graph server throughput',
    command: 'npm run bench -- mock-graph',
    notes: [
      `${REQUESTS} creates and gets (${REQUESTS / 4} lists) per run, ${CONCURRENCY} at a time over keep-alive HTTP on loopback; ${RUNS} runs.`,
      'Server: `intune-scep mock-graph serve --memory --throttle off --auth off` in its own process; the load generator shares the 2 cores.',
      `The tenant grows by ${REQUESTS} objects a run, so later runs list and create against up to ${REQUESTS * RUNS} objects.`,
    ],
    measurements,
  };
}
