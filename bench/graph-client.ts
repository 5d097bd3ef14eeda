/**
 * Apply 500 SCEP profiles with assignments to the mock with Intune throttling on, time-scaled
 * (window 20 s × 0.05 = 1 s, the same scale for both contenders), and compare with a naive client
 * (one request at a time, retry only on 5xx, as the surveyed tools do) in the same run.
 * Floor = total writes ÷ the write limit per window × the window: no client can be faster without
 * being throttled.
 */
import axios from 'axios';
import { performance } from 'node:perf_hooks';
import { DEFAULT_SEED_GROUPS } from '../lib/mock-graph';
import { GraphClient, INTUNE_LIMITS, IntuneApi, RequestBudget, assignmentsToGraph, rootToGraph, scepToGraph } from '../lib/graph';
import { THROTTLED, TIME_SCALE, WINDOW_MS, measure, serveMock, type BenchResult, type Measurement } from './harness';
import { ROOT_PEM } from './stack';

const PROFILES = 500;
const RUNS = 3;
const GROUP = DEFAULT_SEED_GROUPS[1]?.id as string;

const scepAttrs = (i: number) => ({
  display_name: `Wi-Fi ${i}`,
  platform: 'windows',
  certificate_type: 'user',
  subject_name_format: 'CN={{UserPrincipalName}}',
  scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
  subject_alternative_names: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }],
});
const assignBody = assignmentsToGraph({ include_group_ids: [GROUP], exclude_group_ids: [], all_users: false, all_devices: false });

export interface Outcome {
  wallMs: number;
  writes: number;
  requests: number;
  throttled: number;
  failed: number;
}

async function ours(url: string): Promise<Outcome> {
  const client = new GraphClient({ baseUrl: `${url}/beta`, budget: new RequestBudget({ ...INTUNE_LIMITS, windowMs: WINDOW_MS }) });
  const api = new IntuneApi(client);
  const start = performance.now();
  const root = await api.create(rootToGraph({ display_name: 'Root', platform: 'windows', certificate: ROOT_PEM }) as never);
  let failed = 0;
  await Promise.all(
    Array.from({ length: PROFILES }, async (_, i) => {
      try {
        const p = await api.create(scepToGraph(scepAttrs(i), { rootId: root.id }) as never);
        await api.assign(p.id, assignBody);
      } catch {
        failed++;
      }
    }),
  );
  return {
    wallMs: performance.now() - start,
    writes: 1 + 2 * PROFILES,
    requests: client.requests,
    throttled: client.budget.stats.throttled,
    failed,
  };
}

/** One request at a time; retries 5xx up to 3 times; a 429 fails the object (as the surveyed tools do). */
export async function naive(url: string, profiles = PROFILES): Promise<Outcome> {
  const http = axios.create({ baseURL: `${url}/beta`, validateStatus: () => true });
  let requests = 0;
  let throttled = 0;
  const send = async (method: 'post', path: string, body: unknown) => {
    for (let attempt = 0; ; attempt++) {
      requests++;
      const r = await http.request({ method, url: path, data: body });
      if (r.status === 429) throttled++;
      if (r.status >= 500 && attempt < 3) continue;
      if (r.status >= 400) throw new Error(`${r.status}`);
      return r.data as { id: string };
    }
  };
  const start = performance.now();
  const root = await send(
    'post',
    '/deviceManagement/deviceConfigurations',
    rootToGraph({ display_name: 'Root', platform: 'windows', certificate: ROOT_PEM }),
  );
  let failed = 0;
  for (let i = 0; i < profiles; i++) {
    try {
      const p = await send('post', '/deviceManagement/deviceConfigurations', scepToGraph(scepAttrs(i), { rootId: root.id }));
      await send('post', `/deviceManagement/deviceConfigurations/${p.id}/assign`, assignBody);
    } catch {
      failed++;
    }
  }
  return { wallMs: performance.now() - start, writes: 1 + 2 * profiles, requests, throttled, failed };
}

export async function benchGraphClient(): Promise<BenchResult> {
  const floorMs = ((1 + 2 * PROFILES) / INTUNE_LIMITS.writes) * WINDOW_MS;
  const measurements: Measurement[] = [];
  const m = (name: string, unit: string, target?: Measurement['target']) => measure(measurements, name, unit, target);
  const ratio = m('intune-scep: wall time ÷ throttle floor', '×', { op: '<', value: 1.15, from: 'issue 4' });
  const applied = m('intune-scep: profiles applied', 'profiles', { op: '>', value: PROFILES - 1, from: 'issue 4' });
  const failed = m('intune-scep: failed objects', 'objects', { op: '<', value: 1, from: 'issue 4' });
  const share429 = m('intune-scep: requests answered 429', '%', { op: '<', value: 1, from: 'issue 4' });
  const perObject = m('intune-scep: requests per profile', 'req');
  const naiveRatio = m('naive client: wall time ÷ throttle floor', '×');
  const naiveApplied = m('naive client: profiles applied', 'profiles');
  const naiveFailed = m('naive client: failed objects', 'objects');
  const naive429 = m('naive client: requests answered 429', '%');
  for (let run = 0; run < RUNS; run++) {
    for (const who of ['ours', 'naive'] as const) {
      const server = await serveMock(['--memory', '--auth', 'off', ...THROTTLED]);
      try {
        const o = who === 'ours' ? await ours(server.url) : await naive(server.url);
        if (who === 'ours') {
          ratio.runs.push(o.wallMs / floorMs);
          failed.runs.push(o.failed);
          share429.runs.push((100 * o.throttled) / o.requests);
          perObject.runs.push(o.requests / PROFILES);
          applied.runs.push(PROFILES - o.failed);
        } else {
          naiveRatio.runs.push(o.wallMs / floorMs);
          naiveFailed.runs.push(o.failed);
          naive429.runs.push((100 * o.throttled) / o.requests);
          naiveApplied.runs.push(PROFILES - o.failed);
        }
      } finally {
        await server.stop();
      }
    }
  }
  return {
    id: 'graph-client',
    title: 'Graph client: 500 SCEP profiles with assignments under Intune throttling',
    command: 'npm run bench -- graph-client',
    notes: [
      `Each run creates a root, ${PROFILES} Windows SCEP profiles and their assignment sets (${1 + 2 * PROFILES} writes) on a fresh mock: \`mock-graph serve --throttle intune --time-scale ${TIME_SCALE}\` (100 writes per ${WINDOW_MS / 1000} s window), in its own process.`,
      `Throttle floor: ${1 + 2 * PROFILES} writes ÷ 100 per window × ${WINDOW_MS / 1000} s = ${(floorMs / 1000).toFixed(2)} s. A ratio under 1 is possible: the first window's 100 writes need no wait.`,
      'Naive client: one request at a time, retries 5xx only, so a 429 fails the object, as the surveyed tools do. Its "wall time" is for the objects it managed, failures included.',
      `${RUNS} runs, each contender on its own fresh mock.`,
    ],
    measurements,
  };
}
