/**
 * The Graph client against the mock over loopback: CRUD and assignments for every platform,
 * paging, $batch with inner 429s, fault storms without loss or duplicates, and throttling.
 * Mock and client share a virtual clock, so throttle windows and backoffs pass instantly.
 */
import {
  GraphClient,
  GraphRequestError,
  INTUNE_LIMITS,
  IntuneApi,
  PLATFORMS,
  PLATFORM_TABLE,
  RequestBudget,
  UNTHROTTLED_LIMITS,
  VirtualClock,
  advertisedLimits,
  assignmentsFromGraph,
  assignmentsToGraph,
  lookupGroupsById,
  lookupGroupsByName,
  lookupTenantGroups,
  resolveTargets,
  runTenantRules,
  rootToGraph,
  scepToGraph,
  type GraphEvent,
} from '../../lib';
import { THROTTLE_HEADER, route, startMockGraph, type MockGraph, type MockGraphOptions } from '../../lib/mock-graph';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { faultsInjected as injected, lostAndDuplicates, Tally } from '../helpers/reliability';

const storms = new Tally('Graph client: fault storms, 500 after apply, 429s');
const names = (mock: MockGraph) => [...mock.store.configurations.values()].map((e) => String(e.displayName));
const numbered = (prefix: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => `${prefix} ${i + from}`);

let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
});

const GROUPS = [
  { id: 'aaaaaaaa-0000-0000-0000-000000000001', displayName: 'Wi-Fi Users' },
  {
    id: 'aaaaaaaa-0000-0000-0000-000000000002',
    displayName: 'Corporate Devices',
    membershipRule: '(device.deviceOwnership -eq "Company")',
  },
  { id: 'aaaaaaaa-0000-0000-0000-000000000003', displayName: 'Twins' },
  { id: 'aaaaaaaa-0000-0000-0000-000000000004', displayName: 'Twins' },
];

async function withMock<T>(
  options: MockGraphOptions,
  clientOptions: {
    clock?: VirtualClock;
    events?: GraphEvent[];
    budget?: RequestBudget;
    seed?: number;
    retry?: { maxThrottledAttempts: number };
    /** The client is told the mock's throttle header (the default), or nothing of it (null). */
    throttlePolicyHeader?: string | null;
  },
  fn: (api: IntuneApi, mock: MockGraph, client: GraphClient) => Promise<T>,
): Promise<T> {
  const clock = clientOptions.clock ?? new VirtualClock();
  const mock = await startMockGraph({ auth: 'off', clock, seedGroups: GROUPS, ...options });
  let n = clientOptions.seed ?? 1;
  const random = () => (n = (n * 16807) % 2147483647) / 2147483647;
  const client = new GraphClient({
    baseUrl: `${mock.url}/beta`,
    ...(clientOptions.throttlePolicyHeader === null ? {} : { throttlePolicyHeader: clientOptions.throttlePolicyHeader ?? THROTTLE_HEADER }),
    clock,
    random,
    ...(clientOptions.budget ? { budget: clientOptions.budget } : {}),
    ...(clientOptions.events ? { onEvent: (e) => clientOptions.events?.push(e) } : {}),
    ...(clientOptions.retry ? { retry: clientOptions.retry } : {}),
  });
  try {
    return await fn(new IntuneApi(client), mock, client);
  } finally {
    await mock.close();
  }
}

const root = (platform: (typeof PLATFORMS)[number], i = 0) =>
  rootToGraph({ display_name: `Root ${i}`, platform, certificate: certs.root }) as never;
const scep = (platform: (typeof PLATFORMS)[number], rootId: string, i = 0) =>
  scepToGraph(
    {
      display_name: `SCEP ${i}`,
      platform,
      certificate_type: 'user',
      subject_name_format: 'CN={{UserPrincipalName}}',
      scep_server_urls: ['https://ndes.contoso.com/x'],
    },
    { rootId, bindBase: 'https://graph.microsoft.com/beta' },
  ) as never;

describe.each([...PLATFORMS])('%s: create, update, re-point, assign, delete', (platform) => {
  it('works end to end', async () => {
    await withMock({ throttle: { mode: 'off' } }, {}, async (api, mock) => {
      const r1 = await api.create(root(platform, 1));
      const r2 = await api.create(root(platform, 2));
      const s = await api.create(scep(platform, r1.id));
      await api.update(s.id, PLATFORM_TABLE[platform].scepODataType, { description: 'changed', renewalThresholdPercentage: 30 });
      expect(mock.store.configurations.get(s.id)).toMatchObject({ description: 'changed', renewalThresholdPercentage: 30, version: 2 });
      await api.setRoot(s.id, PLATFORM_TABLE[platform].scepODataType, r2.id);
      expect((await api.rootLinks([s])).get(s.id)).toEqual({ ok: true, rootId: r2.id });
      const targets = {
        include_group_ids: [GROUPS[0]?.id as string],
        exclude_group_ids: [GROUPS[1]?.id as string],
        all_users: false,
        all_devices: true,
      };
      await api.assign(s.id, assignmentsToGraph(targets));
      expect(assignmentsFromGraph(await api.assignments(s.id))).toEqual(targets);
      await api.delete(s.id);
      await api.delete(r1.id);
      await api.delete(r2.id);
      expect(mock.store.configurations.size).toBe(0);
    });
  });
});

test('lists profiles with their assignments page by page: requests grow with pages, not objects', async () => {
  await withMock({ throttle: { mode: 'off' }, behaviour: { pageSize: 20 } }, {}, async (api, mock, client) => {
    const r = await api.create(root('ios'));
    for (let i = 0; i < 249; i++) await api.create(scep('ios', r.id, i));
    const before = client.requests;
    const all = await api.listProfiles();
    expect(all).toHaveLength(250);
    expect(client.requests - before).toBe(13);
    expect(all.every((p) => Array.isArray(p.assignments))).toBe(true);
    const links = await api.rootLinks(all.filter((p) => p['@odata.type'].includes('Scep')));
    expect(client.requests - before).toBe(13 + 249);
    expect(mock.stats.batches).toBe(13);
    expect([...links.values()].every((l) => l.ok && l.rootId === r.id)).toBe(true);
  });
});

test('$batch: inner 429s are sent again after their Retry-After; every link comes back', async () => {
  const clock = new VirtualClock();
  await withMock(
    { throttle: { mode: 'intune', limits: { allPerApp: 50 } } },
    { clock, budget: new RequestBudget({ ...INTUNE_LIMITS, requests: 10_000 }, clock) },
    async (api, mock) => {
      const r = await api.create(root('windows'));
      const profiles = [];
      for (let i = 0; i < 45; i++) profiles.push(await api.create(scep('windows', r.id, i)));
      const links = await api.rootLinks(profiles);
      const failedLinks = [...links.values()].filter((l) => !l.ok);
      storms.add({
        runs: 1,
        faultsInjected: injected(mock),
        objectsLost: failedLinks.length,
        duplicates: lostAndDuplicates(['Root 0', ...numbered('SCEP', 45)], names(mock)).duplicates,
      });
      expect(mock.stats.throttled).toBeGreaterThan(0);
      expect(failedLinks).toEqual([]);
      expect([...links.values()].every((l) => l.ok && l.rootId === r.id)).toBe(true);
    },
  );
});

test('a fault storm (30% 503s and connection resets) completes without loss or duplicates', async () => {
  await withMock(
    { throttle: { mode: 'off' }, faults: { errorRate: 0.15, errorStatuses: [503], dropRate: 0.15, seed: 11 } },
    {},
    async (api, mock) => {
      const r = await api.create(root('android_device_owner'));
      const made = await Promise.all(Array.from({ length: 60 }, (_, i) => api.create(scep('android_device_owner', r.id, i))));
      await Promise.all(
        made.map((s) =>
          api.assign(
            s.id,
            assignmentsToGraph({
              include_group_ids: [GROUPS[0]?.id as string],
              exclude_group_ids: [],
              all_users: false,
              all_devices: false,
            }),
          ),
        ),
      );
      const profiles = lostAndDuplicates(['Root 0', ...numbered('SCEP', 60)], names(mock));
      // One assignment per profile: each assignment found stands for its profile's id.
      const sets = lostAndDuplicates(
        made.map((s) => s.id),
        made.flatMap((s) => (mock.store.assignments.get(s.id) ?? []).map(() => s.id)),
      );
      const counts = { objectsLost: profiles.objectsLost + sets.objectsLost, duplicates: profiles.duplicates + sets.duplicates };
      storms.add({ runs: 1, faultsInjected: injected(mock), ...counts });
      expect(mock.faults.injected.error + mock.faults.injected.drop).toBeGreaterThan(20);
      expect(counts).toEqual({ objectsLost: 0, duplicates: 0 });
      expect(names(mock)).toHaveLength(61);
      expect(new Set(made.map((m) => m.id)).size).toBe(60);
    },
  );
});

test('"500 although applied" on a create gives exactly one object, adopted', async () => {
  const events: GraphEvent[] = [];
  await withMock({ throttle: { mode: 'off' }, faults: { appliedThen500Rate: 1 } }, { events }, async (api, mock) => {
    const r = await api.create(root('macos'));
    expect(mock.store.configurations.size).toBe(1);
    expect(r.id).toBe([...mock.store.configurations.keys()][0]);
    expect(events.filter((e) => e.type === 'adopted')).toHaveLength(1);
    mock.faults.configure({ appliedThen500Rate: 0.5, seed: 5 });
    const many = await Promise.all(Array.from({ length: 30 }, (_, i) => api.create(root('macos', i + 10))));
    storms.add({ runs: 1, faultsInjected: injected(mock), ...lostAndDuplicates(['Root 0', ...numbered('Root', 30, 10)], names(mock)) });
    expect(mock.store.configurations.size).toBe(31);
    expect(new Set(many.map((m) => m.id)).size).toBe(30);
  });
});

test('a create that fails for good (400) is not retried and says why', async () => {
  await withMock({ throttle: { mode: 'off' } }, {}, async (api, mock, client) => {
    const before = client.requests;
    const err = await api
      .create({ '@odata.type': '#microsoft.graph.iosScepCertificateProfile', displayName: 'x' } as never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphRequestError);
    expect((err as GraphRequestError).status).toBe(400);
    expect((err as GraphRequestError).oneLine()).toMatch(
      /^POST \/beta\/deviceManagement\/deviceConfigurations → 400 BadRequest: .*rootCertificate@odata\.bind.*\(request-id [0-9a-f-]{36}\)$/,
    );
    expect(client.requests - before).toBe(1);
    expect(mock.store.configurations.size).toBe(0);
  });
});

test('writes are paced to the Intune window: 250 writes without a single 429, near the throttle floor', async () => {
  const clock = new VirtualClock();
  await withMock({ throttle: { mode: 'intune' } }, { clock }, async (api, mock) => {
    const start = clock.now();
    await Promise.all(Array.from({ length: 250 }, (_, i) => api.create(root('aosp', i))));
    const elapsed = clock.now() - start;
    const floor = (250 / 100) * 20_000;
    expect(mock.stats.throttled).toBe(0);
    expect(mock.store.configurations.size).toBe(250);
    expect(elapsed).toBeLessThanOrEqual(floor * 1.15);
    expect(elapsed).toBeGreaterThanOrEqual(40_000);
  });
});

test('429 without Retry-After: exponential backoff, then success', async () => {
  const clock = new VirtualClock();
  await withMock(
    { throttle: { mode: 'intune', retryAfter: false, limits: { writePerApp: 5 } } },
    { clock, budget: new RequestBudget({ ...INTUNE_LIMITS, writes: 50 }, clock) },
    async (api, mock, client) => {
      await Promise.all(Array.from({ length: 12 }, (_, i) => api.create(root('ios', i))));
      storms.add({ runs: 1, faultsInjected: injected(mock), ...lostAndDuplicates(numbered('Root', 12), names(mock)) });
      expect(mock.store.configurations.size).toBe(12);
      expect(mock.stats.throttled).toBeGreaterThan(0);
      expect(client.budget.stats.throttled).toBeGreaterThan(0);
    },
  );
});

test('deleting twice, or after a lost answer, is success', async () => {
  await withMock({ throttle: { mode: 'off' } }, {}, async (api, mock) => {
    const r = await api.create(root('ios'));
    mock.faults.configure({ appliedThen500Rate: 1 });
    await api.delete(r.id);
    storms.add({ runs: 1, faultsInjected: injected(mock), duplicates: mock.store.configurations.size });
    expect(mock.store.configurations.size).toBe(0);
  });
});

test('groups: by name in one batch (0, 1 or several matches), by id, and resolution diagnostics', async () => {
  await withMock({ throttle: { mode: 'off' } }, {}, async (_api, mock, client) => {
    const byName = await lookupGroupsByName(client, ['Wi-Fi Users', 'Twins', 'Nobody', 'wi-fi users']);
    expect(mock.stats.batches).toBe(1);
    expect(byName.get('Wi-Fi Users')?.map((g) => g.id)).toEqual([GROUPS[0]?.id]);
    expect(byName.get('Twins')).toHaveLength(2);
    expect(byName.get('Nobody')).toEqual([]);
    // The same as facts for the tenant rules: one name resolves, the others are the rules' findings.
    const names = ['Wi-Fi Users', 'Twins', 'Nobody'];
    const set = { include_group_ids: [], exclude_group_ids: [], include_group_names: names, exclude_group_names: [] };
    const facts = await lookupTenantGroups(client, [set]);
    expect(resolveTargets(set, facts).include).toEqual([GROUPS[0]?.id]);
    const findings = runTenantRules(
      [
        {
          address: 'intune_profile_assignment.a',
          type: 'intune_profile_assignment',
          name: 'a',
          attrs: { profile_id: 'x', include_group_names: names },
        },
      ],
      facts,
    );
    expect(findings.map((d) => `${d.severity} ${d.code} ${d.path.join('.')}`)).toEqual([
      'error assignment/group-ambiguous include_group_names.1',
      'error assignment/group-not-found include_group_names.2',
    ]);
    const ids = Array.from({ length: 20 }, (_, i) =>
      i < 4 ? (GROUPS[i]?.id as string) : `ffffffff-0000-0000-0000-${String(i).padStart(12, '0')}`,
    );
    const byId = await lookupGroupsById(client, ids);
    expect([...byId.values()].filter(Boolean)).toHaveLength(4);
    expect(byId.get(GROUPS[1]?.id as string)?.membershipRule).toContain('device.');
  });
});

test('plain http to anything but loopback is refused, and nextLinks never leave the host', () => {
  expect(() => new GraphClient({ baseUrl: 'http://graph.microsoft.com/beta' })).toThrow('refusing plain http');
  expect(() => new GraphClient({ baseUrl: 'http://10.0.0.5:5899/beta' })).toThrow('refusing plain http');
  for (const ok of ['https://graph.microsoft.com/beta', 'http://127.0.0.1:5899/beta', 'http://localhost:1/beta', 'http://[::1]:1/beta'])
    expect(() => new GraphClient({ baseUrl: ok })).not.toThrow();
});

describe('one retry policy on every request path', () => {
  // A Graph that answers 429 (Retry-After: 1) forever: each path pauses the budget each time and
  // gives up after maxThrottledAttempts, naming the 429, instead of waiting without end.
  const always429 = () => ({
    status: 429,
    headers: { 'Retry-After': '1' },
    body: { error: { code: 'TooManyRequests', message: 'Too many requests.' } },
  });
  const paths: Record<string, (api: IntuneApi) => Promise<unknown>> = {
    'a GET': (api) => api.client.get('/deviceManagement/deviceConfigurations/aaaaaaaa-0000-4000-8000-000000000001'),
    'a create': (api) => api.create(root('windows')),
    'a request inside $batch': async (api) => {
      const r = await api.client.batch([
        { id: '1', method: 'GET', url: '/deviceManagement/deviceConfigurations/aaaaaaaa-0000-4000-8000-000000000001' },
      ]);
      const one = r.get('1');
      if (one && !one.ok) throw one.error;
      return one;
    },
  };
  it.each(Object.entries(paths))('%s: gives up after maxThrottledAttempts 429s', async (_name, call) => {
    const events: GraphEvent[] = [];
    await withMock({ throttle: { mode: 'off' } }, { events, retry: { maxThrottledAttempts: 4 } }, async (api, mock) => {
      mock.use(
        route('GET', '/deviceManagement/deviceConfigurations/:id', always429),
        route('POST', '/deviceManagement/deviceConfigurations', always429),
      );
      const err = await call(api).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GraphRequestError);
      expect((err as GraphRequestError).status).toBe(429);
      expect(events.filter((e) => e.type === 'throttled')).toHaveLength(4);
    });
  });
});

describe('the throttle policy of the target', () => {
  const get = (client: GraphClient) => client.list('/deviceManagement/deviceConfigurations');
  it('a mock without throttling says so, and a client without a budget of its own runs unthrottled', async () => {
    await withMock({ throttle: { mode: 'off' } }, {}, async (_api, _mock, client) => {
      expect(client.budget.limits).toEqual(INTUNE_LIMITS);
      await get(client);
      expect(client.budget.limits).toEqual(UNTHROTTLED_LIMITS);
    });
  });
  it('a time-scaled Intune throttle is learnt: its window and per-app limits', async () => {
    await withMock({ throttle: { mode: 'intune', timeScale: 0.05, limits: { writePerApp: 40 } } }, {}, async (_api, mock, client) => {
      await get(client);
      expect(client.budget.limits).toMatchObject({ windowMs: 1000, writes: 40, requests: 1000 });
      expect(mock.throttle.advertised()).toBe('intune; window-ms=1000; writes=40; requests=1000');
    });
  });
  it('a client not told the header learns nothing: the Graph client holds no mock knowledge', async () => {
    await withMock({ throttle: { mode: 'off' } }, { throttlePolicyHeader: null }, async (_api, mock, client) => {
      await get(client);
      expect(mock.throttle.advertised()).toBe('off');
      expect(client.budget.limits).toEqual(INTUNE_LIMITS);
    });
  });
  it('a budget the caller chose is kept', async () => {
    const budget = new RequestBudget({ ...INTUNE_LIMITS, writes: 7 });
    await withMock({ throttle: { mode: 'off' } }, { budget }, async (_api, _mock, client) => {
      await get(client);
      expect(client.budget.limits.writes).toBe(7);
    });
  });
  it.each([
    ['off', UNTHROTTLED_LIMITS],
    ['intune; window-ms=20000; writes=100; requests=1000', INTUNE_LIMITS],
    ['intune; window-ms=0; writes=100; requests=1000', undefined],
    ['intune; writes=100', undefined],
    ['unlimited', undefined],
    [undefined, undefined],
  ])('advertisedLimits(%j)', (value, limits) => {
    expect(advertisedLimits(value)).toEqual(limits);
  });
});
