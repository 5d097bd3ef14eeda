/** Certificate impact as a pure function of the changes, the prior state and the counts Graph reported, and the pipeline's limits. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyStack,
  certificateImpact,
  checkImpact,
  planStack,
  readState,
  scepToGraph,
  writeState,
  type CertificateImpact,
  type Plan,
  type TenantProfile,
  type PriorState,
  type ResourceChange,
} from '../../lib';
import { DEFAULT_ROUTES, route, type Route } from '../../lib/mock-graph';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { SEED_GROUPS, configOf, engineFixture, type EngineFixture } from '../helpers/engine';
import { cleanStack, platformStack, ref, synth, windowsUserProfile } from '../helpers/stacks';

const P = 'intune_scep_certificate_profile.wifi';
const A = 'intune_profile_assignment.wifi_assign';
const prior: PriorState = {
  resources: {
    [P]: { type: 'intune_scep_certificate_profile', id: 'p1', attrs: {}, config: {}, dependencies: [], createBeforeDestroy: true },
    [A]: { type: 'intune_profile_assignment', id: 'p1', attrs: {}, config: {}, dependencies: [P], createBeforeDestroy: true },
  },
  deposed: [],
};
const desired = { config: {}, dependsOn: [], createBeforeDestroy: true };
const update = (changed: string[]): ResourceChange => ({
  address: P,
  type: 'intune_scep_certificate_profile',
  name: 'wifi',
  action: 'update',
  before: {},
  after: {},
  id: 'p1',
  desired,
  changedPaths: changed.map((c) => [c]),
  replacePaths: [],
  priorDependencies: [],
});
const assignment = (before: Record<string, unknown>, after: Record<string, unknown>): ResourceChange => ({
  address: A,
  type: 'intune_profile_assignment',
  name: 'wifi_assign',
  action: 'update',
  before: { profile_id: 'p1', ...before },
  after: { profile_id: 'p1', ...after },
  id: 'p1',
  desired,
  changedPaths: [],
  replacePaths: [],
  priorDependencies: [P],
});
const R = 'intune_trusted_root_certificate.root';
const rootChange = (action: 'update' | 'create-then-delete', changed: string[]): ResourceChange =>
  ({
    address: R,
    type: 'intune_trusted_root_certificate',
    name: 'root',
    action,
    before: {},
    after: {},
    id: 'r1',
    desired,
    changedPaths: changed.map((c) => [c]),
    replacePaths: action === 'update' ? [] : changed.map((c) => [c]),
    priorDependencies: [],
  }) as ResourceChange;
/** The tenant's profiles chained to root r1: the stack's and one outside it. */
const chained = (rootId: string) => (rootId === 'r1' ? [{ id: 'p1' }, { id: 'p9' }] : []);
const tenantProfile = (id: string, odataType: string, displayName: string): [string, TenantProfile] => [
  id,
  {
    id,
    odataType,
    displayName,
    assignments: { profile_id: id, include_group_ids: [], exclude_group_ids: [], all_users: false, all_devices: false },
  },
];
const tenant = new Map([
  tenantProfile('p1', '#microsoft.graph.windows81SCEPCertificateProfile', 'Wi-Fi'),
  tenantProfile('p9', '#microsoft.graph.windows81SCEPCertificateProfile', 'VPN'),
]);
const counts = new Map([['p1', { devices: 40, users: 30 }]]);
const effects = (changes: ResourceChange[]) =>
  certificateImpact(changes, prior, counts, { groups: { 'Wi-Fi Users': 'g1' }, chainedTo: chained, tenant }).map(
    (i) => `${i.effect} ${i.detail.split(':')[0]}`,
  );

test.each([
  ['a rename and a new description touch no certificate', [update(['display_name', 'description'])], []],
  ['a key size change reissues', [update(['display_name', 'key_size'])], ['reissue changed in place (key_size)']],
  [
    'a group removed takes certificates away, by the group name the plan resolved',
    [assignment({ include_group_ids: ['g1', 'g2'] }, { include_group_ids: ['g1'] })],
    ['remove group g2 removed'],
  ],
  ['a group added takes nothing away', [assignment({ include_group_ids: ['g1'] }, { include_group_ids: ['g1', 'g2'] })], []],
  [
    'an excluded group',
    [assignment({ include_group_ids: ['g2'] }, { include_group_ids: ['g2'], exclude_group_ids: ['g1'] })],
    ['remove group "Wi-Fi Users" excluded'],
  ],
  ['all devices turned off', [assignment({ all_devices: true }, { all_devices: false })], ['remove all devices removed']],
  [
    'a filter added',
    [
      assignment(
        { include_group_ids: ['g1'] },
        { include_group_ids: ['g1'], filters: [{ target: 'g1', filter_id: 'f', mode: 'include' }] },
      ),
    ],
    ['remove filter added or changed (include on "Wi-Fi Users")'],
  ],
  [
    'an assignment set moved to another profile',
    [
      {
        ...assignment({ include_group_ids: ['g1'] }, { include_group_ids: ['g1'] }),
        action: 'create-then-delete',
        after: { profile_id: 'p2', include_group_ids: ['g1'] },
      } as ResourceChange,
    ],
    ['remove the assignment set moves to another profile (group "Wi-Fi Users" removed)'],
  ],
  [
    "a root's certificate changed in place: every profile chained to it",
    [rootChange('update', ['certificate'])],
    ['remove certificate changes in place', 'remove certificate changes in place'],
  ],
  ["a root's name changed: nothing", [rootChange('update', ['display_name'])], []],
  [
    'a root replaced: the chained profiles, unless their own change says it',
    [rootChange('create-then-delete', ['platform']), update(['root_certificate_id'])],
    ['reissue changed in place (root_certificate_id)', 'remove replaced'],
  ],
] as [string, ResourceChange[], string[]][])('%s', (_name, changes, expected) => {
  expect(effects(changes)).toEqual(expected);
});

const impact = (profile: string, devices?: number): CertificateImpact => ({
  address: profile,
  profile,
  effect: 'reissue',
  detail: '',
  ...(devices !== undefined ? { devices } : {}),
  unavailable: devices === undefined ? 'reading it answered 403' : undefined,
});

test('limits: each profile counted once, the sum against the limit, an unknown count refused', () => {
  const twice = [impact(P, 600), { ...impact(P, 600), address: A }];
  expect(checkImpact(twice, { devices: 600 })).toEqual([]);
  expect(checkImpact([...twice, impact('intune_scep_certificate_profile.vpn', 1)], { devices: 600 }).map((d) => d.code)).toEqual([
    'plan/impact-over-threshold',
  ]);
  expect(checkImpact([impact(P)], { devices: 1_000_000 })[0]?.detail).toContain(
    'did not report how many devices hold it (reading it answered 403)',
  );
  expect(checkImpact([impact(P)], { users: 5 })[0]?.detail).toContain('users');
  expect(checkImpact([impact(P, 10)], {})).toEqual([]);
});

test('limits judge a profile on all its entries, never the first: unreported if any says so, unknown if any count is missing', () => {
  // An assignment's entry sorts first; a wrong "reported, 0" there must not hide the profile's own unreported reissue.
  const zero: CertificateImpact = { address: A, profile: P, effect: 'remove', detail: '', devices: 0, users: 0 };
  const unreported: CertificateImpact = {
    address: P,
    profile: P,
    effect: 'reissue',
    detail: '',
    unreported: "certificate reporting isn't available for Android (AOSP) SCEP profiles",
  };
  expect(checkImpact([zero, unreported], { devices: 10 }).map((d) => `${d.code} ${d.address}`)).toEqual([`plan/impact-unreported ${P}`]);
  expect(checkImpact([zero, unreported], { devices: 10, acceptUnreported: true })).toEqual([]);
  expect(checkImpact([zero, { ...impact(P), address: P }], { devices: 10 }).map((d) => d.code)).toEqual(['plan/impact-over-threshold']);
});

describe('platforms whose certificates Intune does not report or revoke (AOSP, Android Enterprise device owner)', () => {
  const aospPrior: PriorState = {
    resources: {
      [P]: { ...(prior.resources[P] as PriorState['resources'][string]), attrs: { platform: 'aosp' } },
      [A]: prior.resources[A] as PriorState['resources'][string],
    },
    deposed: [],
  };
  const aospUpdate: ResourceChange = { ...update(['key_size']), before: { platform: 'aosp' } } as ResourceChange;
  // Graph's overview of such a profile counts nothing; a count that is there anyway is not read.
  const reported = new Map([
    ['p1', { devices: 0, users: 0 }],
    ['p9', { devices: 3, users: 3 }],
  ]);

  test('a change in place: no counts, the reason instead, and the words say the old certificates stay valid', () => {
    const [i] = certificateImpact([aospUpdate], aospPrior, reported);
    expect(i).toEqual({
      address: P,
      profile: P,
      effect: 'reissue',
      detail: expect.stringContaining('Intune cannot revoke certificates on Android (AOSP)'),
      unreported: expect.stringContaining('Android (AOSP)'),
    });
    expect(i?.detail).not.toContain('Intune revokes');
  });

  test('an assignment narrowed: removed, not revoked', () => {
    const [i] = certificateImpact([assignment({ include_group_ids: ['g1', 'g2'] }, { include_group_ids: ['g1'] })], aospPrior, reported);
    expect(i?.detail).toContain('not revoked');
    expect(i?.unreported).toContain('Android (AOSP)');
    expect(i).not.toHaveProperty('devices');
  });

  test('a deletion: removed from devices, not revoked', () => {
    const del = {
      address: P,
      type: 'intune_scep_certificate_profile',
      name: 'wifi',
      action: 'delete',
      before: { platform: 'android_device_owner' },
      after: null,
      id: 'p1',
      changedPaths: [],
      replacePaths: [],
      priorDependencies: [],
    } as ResourceChange;
    const [i] = certificateImpact([del], prior, reported);
    expect(i?.detail).toMatch(
      /^deleted: Intune removes the certificates .*; Intune cannot revoke certificates on Android Enterprise fully managed, .* stay valid until they expire or are revoked at the CA$/,
    );
    expect(i?.unreported).toBeDefined();
  });

  test("a root's change names a device-owner profile outside the stack as unreported (its @odata.type)", () => {
    const outside = (rootId: string) => (rootId === 'r1' ? [{ id: 'p9' }] : []);
    const [i] = certificateImpact([rootChange('update', ['certificate'])], prior, reported, {
      chainedTo: outside,
      tenant: new Map([tenantProfile('p9', '#microsoft.graph.aospDeviceOwnerScepCertificateProfile', 'Kiosk')]),
    });
    expect(i).toEqual(
      expect.objectContaining({ profile: '"Kiosk" (p9, not in this stack)', unreported: expect.stringContaining('Android (AOSP)') }),
    );
    expect(i).not.toHaveProperty('devices');
  });

  test('a limit refuses an unreported profile with the platform reason (no permission hint); --accept-unreported-impact accepts it and still counts the rest', () => {
    const unreported: CertificateImpact = {
      address: P,
      profile: P,
      effect: 'reissue',
      detail: '',
      unreported: "certificate reporting isn't available for Android (AOSP), user-affinity and userless SCEP profiles",
    };
    const [d] = checkImpact([unreported], { devices: 10 });
    expect(d?.code).toBe('plan/impact-unreported');
    expect(d?.detail).toContain('Android (AOSP)');
    expect(d?.detail).toContain('--accept-unreported-impact');
    expect(d?.detail).not.toContain('permission');
    expect(checkImpact([unreported], { users: 10 }).map((x) => x.code)).toEqual(['plan/impact-unreported']);
    expect(checkImpact([unreported], {})).toEqual([]);
    expect(checkImpact([unreported], { devices: 10, acceptUnreported: true })).toEqual([]);
    expect(
      checkImpact([unreported, impact('intune_scep_certificate_profile.vpn', 11)], { devices: 10, acceptUnreported: true }).map(
        (x) => x.code,
      ),
    ).toEqual(['plan/impact-over-threshold']);
  });
});

/**
 * The review of issues 24/29: each attack on the impact limit, through the real diff and plan against
 * the mock tenant (700 devices hold the profile, as Intune would report them).
 */
describe('the limit counts what it promises (through the real plan)', () => {
  let certs: TestCertificates;
  let f: EngineFixture;
  beforeAll(async () => {
    certs = await testCertificates();
  });
  beforeEach(async () => {
    f = await engineFixture();
  });
  afterEach(() => f.close());

  type Doc = { resource: Record<string, Record<string, Record<string, unknown>>>; import?: { to: string; id: string }[] };
  const WIFI = 'intune_scep_certificate_profile.wifi';
  const WIFI_ASSIGN = 'intune_profile_assignment.wifi_assign';
  const idOf = (address: string) => readState(f.ctx.stateFile, 'test').resources[address]?.id as string;
  const applied = async (doc: unknown) => {
    const r = await applyStack(f.ctx, { config: configOf(doc) });
    expect('errors' in r && r.errors).toEqual([]);
  };
  const hold = (address: string, devices: number) =>
    f.mock.store.setOverview(idOf(address), { device: { successCount: devices }, user: { successCount: devices } });
  const codes = (p: Plan) => p.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
  const groups = (profileId: string) =>
    (f.mock.store.assignments.get(profileId) ?? []).map((a) => String((a.target as { groupId?: string }).groupId)).sort();
  const clean = () => cleanStack(certs) as Doc;
  const aospStack = (profile: Record<string, unknown> = {}): Doc => {
    const d = platformStack(certs, 'aosp', { suppress_warnings: ['platform/device-owner-no-revocation'], ...profile }) as Doc;
    d.resource.intune_profile_assignment = {
      root_assign: { profile_id: ref('intune_trusted_root_certificate.root'), include_group_names: ['Wi-Fi Users'] },
      p_assign: { profile_id: ref('intune_scep_certificate_profile.p'), include_group_names: ['Wi-Fi Users'] },
    };
    return d;
  };

  test('F1: an assignment set removed from the stack is counted, and --max-impact-devices 10 refuses it', async () => {
    await applied(clean());
    hold(WIFI, 700);
    const d = clean();
    delete d.resource.intune_profile_assignment?.wifi_assign;
    const plan = await planStack(f.ctx, configOf(d), { maxImpact: { devices: 10 } });
    expect(plan.impact).toEqual([
      expect.objectContaining({
        address: WIFI_ASSIGN,
        profile: WIFI,
        effect: 'remove',
        devices: 700,
        detail: expect.stringContaining('the assignment set is removed'),
      }),
    ]);
    expect(plan.impact[0]?.detail).toContain('"Wi-Fi Users"');
    expect(codes(plan)).toEqual(['plan/impact-over-threshold']);
    // Refused for its impact only: the plan keeps its changes for the reviewer (apply refuses it).
    expect(plan.changes.map((c) => `${c.address} ${c.action}`)).toContain(`${WIFI_ASSIGN} delete`);
  });

  test('F1: --target on a removed assignment set counts it too', async () => {
    await applied(clean());
    hold(WIFI, 700);
    const d = clean();
    delete d.resource.intune_profile_assignment?.wifi_assign;
    const plan = await planStack(f.ctx, configOf(d), { targets: [WIFI_ASSIGN], maxImpact: { devices: 10 } });
    expect(plan.impact.map((i) => `${i.address} ${i.profile} ${i.devices}`)).toEqual([`${WIFI_ASSIGN} ${WIFI} 700`]);
    expect(codes(plan)).toEqual(['plan/impact-over-threshold']);
  });

  test('F1: an assignment set moved to another profile counts the profile it leaves; the limit refuses it and the tenant keeps its groups', async () => {
    const d = clean();
    d.resource.intune_scep_certificate_profile!.q = windowsUserProfile({ display_name: 'Q' });
    await applied(d);
    hold(WIFI, 700);
    const moved = JSON.parse(JSON.stringify(d)) as Doc;
    moved.resource.intune_profile_assignment!.wifi_assign!.profile_id = ref('intune_scep_certificate_profile.q');
    const plan = await planStack(f.ctx, configOf(moved), { maxImpact: { devices: 10 } });
    expect(plan.impact).toContainEqual(
      expect.objectContaining({
        address: WIFI_ASSIGN,
        profile: WIFI,
        devices: 700,
        detail: expect.stringContaining('the assignment set moves to another profile'),
      }),
    );
    expect(codes(plan)).toEqual(['plan/impact-over-threshold']);
    const before = groups(idOf(WIFI));
    expect('blocked' in (await applyStack(f.ctx, { config: configOf(moved), options: { maxImpact: { devices: 10 } } }))).toBe(true);
    expect(groups(idOf(WIFI))).toEqual(before);
  });

  test('F2: an AOSP profile adopted by import blocks is unreported: its narrowed assignment is not "0 devices" and cannot hide the reissue', async () => {
    await applied(aospStack());
    const ids = Object.fromEntries(Object.entries(readState(f.ctx.stateFile, 'test').resources).map(([a, r]) => [a, r.id]));
    rmSync(f.ctx.stateFile);
    // Graph's overview of the profile says 0 (never computed): never read as "0 devices".
    f.mock.store.setOverview(ids['intune_scep_certificate_profile.p'] as string, {
      device: { successCount: 0 },
      user: { successCount: 0 },
    });
    const d = aospStack({ key_size: 4096 });
    d.resource.intune_profile_assignment!.p_assign!.include_group_names = ['VPN Users'];
    d.import = Object.entries(ids).map(([to, id]) => ({ to, id }));
    const plan = await planStack(f.ctx, configOf(d), { maxImpact: { devices: 10 } });
    const ofP = plan.impact.filter((i) => i.profile === 'intune_scep_certificate_profile.p');
    expect(ofP.map((i) => i.address).sort()).toEqual(['intune_profile_assignment.p_assign', 'intune_scep_certificate_profile.p']);
    for (const i of ofP) {
      expect(i.unreported).toContain('Android (AOSP)');
      expect(i).not.toHaveProperty('devices');
    }
    expect(codes(plan)).toEqual(['plan/impact-unreported']);
  });

  test('F3: a set whose profile is outside the stack (imported and narrowed) is counted and refused', async () => {
    await applied(clean());
    hold(WIFI, 700);
    const P = idOf(WIFI);
    const other = { ...f.ctx, stateFile: join(f.dir, 'state', 'other.json'), stack: 'other' };
    const d = synth({ assignments: { a: { profile_id: P, include_group_names: ['VPN Users'] } } }) as Doc;
    d.import = [{ to: 'intune_profile_assignment.a', id: P }];
    const plan = await planStack(other, configOf(d), { maxImpact: { devices: 10 } });
    expect(plan.impact).toEqual([
      expect.objectContaining({
        address: 'intune_profile_assignment.a',
        profile: `"Wi-Fi user certificate" (${P}, not in this stack)`,
        devices: 700,
        detail: expect.stringContaining('"Wi-Fi Users" removed'),
      }),
    ]);
    expect(codes(plan)).toEqual(['plan/impact-over-threshold']);
  });

  test('F3: creating an exclusive set for a profile that has assignments replaces them: counted and refused; a non-exclusive one that only adds is not', async () => {
    await applied(clean());
    hold(WIFI, 700);
    const P = idOf(WIFI);
    const other = { ...f.ctx, stateFile: join(f.dir, 'state', 'other.json'), stack: 'other' };
    const exclusive = synth({ assignments: { a: { profile_id: P, include_group_names: ['VPN Users'] } } });
    const plan = await planStack(other, configOf(exclusive), { maxImpact: { devices: 10 } });
    expect(plan.changes.map((c) => `${c.address} ${c.action}`)).toEqual(['intune_profile_assignment.a create']);
    expect(plan.impact).toEqual([
      expect.objectContaining({
        address: 'intune_profile_assignment.a',
        devices: 700,
        detail: expect.stringContaining('"Wi-Fi Users" removed'),
      }),
    ]);
    expect(codes(plan)).toEqual(['plan/impact-over-threshold']);
    const before = groups(P);
    expect('blocked' in (await applyStack(other, { config: configOf(exclusive), options: { maxImpact: { devices: 10 } } }))).toBe(true);
    expect(groups(P)).toEqual(before);

    const adding = synth({ assignments: { a: { profile_id: P, include_group_names: ['VPN Users'], exclusive: false } } });
    const add = await planStack(other, configOf(adding), { maxImpact: { devices: 10 } });
    expect(add.impact).toEqual([]);
    expect(codes(add)).toEqual([]);
  });

  test("F4: a SCEP profile whose root link cannot be read is unknown, not dropped: a root's change is refused under any limit", async () => {
    const short = { validity_period_value: 1, validity_period_unit: 'months' };
    await applied(cleanStack(certs, { profile: short }));
    const root = idOf('intune_trusted_root_certificate.root');
    const outside = await f.ctx.api.create(
      scepToGraph(
        { ...windowsUserProfile(short), display_name: 'Kiosk Wi-Fi' },
        { rootId: root, bindBase: 'https://graph.microsoft.com/beta' },
      ) as never,
    );
    forbidRootLinkOf(outside.id);
    const renewed = configOf(cleanStack(certs, { root: { certificate: certs.rootEndingSoon }, profile: short }));
    const plan = await planStack(f.ctx, renewed, { maxImpact: { devices: 1_000_000 } });
    expect(plan.impact).toContainEqual(
      expect.objectContaining({ profile: `"Kiosk Wi-Fi" (${outside.id}, not in this stack)`, unavailable: expect.stringContaining('403') }),
    );
    expect(codes(plan)).toEqual(['plan/impact-over-threshold']);
  });

  test('F4: a root deleted while a SCEP profile whose root link cannot be read may still use it is refused', async () => {
    await applied(clean());
    const root = idOf('intune_trusted_root_certificate.root');
    const outside = await f.ctx.api.create(
      scepToGraph(
        { ...windowsUserProfile(), display_name: 'Kiosk Wi-Fi' },
        { rootId: root, bindBase: 'https://graph.microsoft.com/beta' },
      ) as never,
    );
    forbidRootLinkOf(outside.id);
    const plan = await planStack(f.ctx, configOf(synth({})));
    expect(codes(plan)).toContain('reference/root-still-used');
    expect(plan.diagnostics.find((x) => x.code === 'reference/root-still-used')?.detail).toContain('"Kiosk Wi-Fi"');
  });

  test('a deposed SCEP profile deleted in a later run is counted', async () => {
    await applied(clean());
    hold(WIFI, 700);
    const state = readState(f.ctx.stateFile, 'test');
    const old = state.resources[WIFI]!;
    delete state.resources[WIFI];
    writeState(f.ctx.stateFile, { ...state, deposed: [{ address: WIFI, resource: old }] });
    const plan = await planStack(f.ctx, configOf(clean()), { maxImpact: { devices: 10 } });
    expect(plan.impact).toContainEqual(
      expect.objectContaining({ profile: `${WIFI} (deposed object ${old.id})`, effect: 'remove', devices: 700 }),
    );
    expect(codes(plan)).toEqual(['plan/impact-over-threshold']);
  });

  test('a narrowed assignment of an AOSP root is unreported, naming the SCEP profiles chained to it', async () => {
    await applied(aospStack());
    hold('intune_trusted_root_certificate.root', 0);
    const d = aospStack();
    d.resource.intune_profile_assignment!.root_assign!.include_group_names = ['VPN Users'];
    const plan = await planStack(f.ctx, configOf(d), { maxImpact: { devices: 10 } });
    expect(plan.impact).toEqual([
      expect.objectContaining({
        address: 'intune_profile_assignment.root_assign',
        profile: 'intune_scep_certificate_profile.p',
        unreported: expect.stringContaining('Android (AOSP)'),
      }),
    ]);
    expect(plan.impact[0]).not.toHaveProperty('devices');
    expect(codes(plan)).toEqual(['plan/impact-unreported']);
  });

  test('a group taken away is named from the tenant even when no set of the stack names it any more', async () => {
    await applied(clean());
    const d = clean();
    for (const a of ['root_assign', 'wifi_assign']) d.resource.intune_profile_assignment![a]!.include_group_names = ['VPN Users'];
    const plan = await planStack(f.ctx, configOf(d));
    expect(plan.impact.map((i) => i.detail.split(':')[0])).toEqual(['group "Wi-Fi Users" removed', 'group "Wi-Fi Users" removed']);
  });

  test('a non-exclusive set removed takes away only its own targets, as apply removes them', async () => {
    const d = clean();
    d.resource.intune_profile_assignment!.wifi_assign = { profile_id: ref(WIFI), include_group_names: ['VPN Users'], exclusive: false };
    await applied(d);
    // Wi-Fi Users assigned outside the stack: the set leaves it alone.
    await f.ctx.api.assign(idOf(WIFI), {
      assignments: [SEED_GROUPS[0], SEED_GROUPS[2]].map((g) => ({
        target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: g!.id },
      })),
    });
    hold(WIFI, 700);
    delete d.resource.intune_profile_assignment!.wifi_assign;
    const plan = await planStack(f.ctx, configOf(d));
    expect(plan.impact.map((i) => `${i.address} ${i.detail.split(':')[0]} ${i.devices}`)).toEqual([
      `${WIFI_ASSIGN} the assignment set is removed (group "VPN Users" removed) 700`,
    ]);
  });

  /** The read of one profile's root link answers 403 (inside $batch too), as a permission or a policy would. */
  function forbidRootLinkOf(id: string): void {
    f.mock.use(
      route('GET', '/deviceManagement/deviceConfigurations/:id/:cast/rootCertificate', (req, ctx) => {
        if (req.params.id === id) return { status: 403, body: { error: { code: 'Forbidden', message: 'no access' } } };
        return (
          DEFAULT_ROUTES.find(
            (r) => r.method === 'GET' && r.pattern === '/deviceManagement/deviceConfigurations/:id/:cast/rootCertificate',
          ) as Route
        ).handler(req, ctx);
      }),
    );
  }
});
