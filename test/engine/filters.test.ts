/**
 * Assignment filters round-trip on every platform: plan, apply (Graph holds them), refresh (a filter
 * changed in the admin center is drift the next plan undoes), import (state takes them) and the
 * non-exclusive merge (a filter on a target made elsewhere is left alone).
 */
import { PLATFORMS, PLATFORM_TABLE, applyStack, importResource, planStack, readState, type Plan, type Platform } from '../../lib';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { SEED_GROUPS, configOf, engineFixture, type EngineFixture } from '../helpers/engine';
import { ref, synth } from '../helpers/stacks';

let certs: TestCertificates;
let f: EngineFixture;
beforeAll(async () => {
  certs = await testCertificates();
});
beforeEach(async () => {
  f = await engineFixture();
});
afterEach(async () => {
  await f.close();
});

const WIFI_USERS = SEED_GROUPS[0] as { id: string; displayName: string };
const ASSIGN = 'intune_profile_assignment.p_assign';
const actions = (p: Plan) => Object.fromEntries(p.changes.map((c) => [c.address, c.action]));

function seedFilters(platform: Platform): { corporate: string; kiosk: string } {
  const graphPlatform = PLATFORM_TABLE[platform].filterPlatforms[0] as string;
  const put = (id: string, displayName: string) => {
    f.mock.store.putFilter({ id, displayName, platform: graphPlatform, rule: '(device.deviceOwnership -eq "Corporate")' });
    return id;
  };
  return {
    corporate: put('0f000000-0000-4000-8000-000000000001', `Corporate ${platform}`),
    kiosk: put('0f000000-0000-4000-8000-000000000002', `Kiosk ${platform}`),
  };
}

function stack(platform: Platform, assignment: Record<string, unknown>) {
  const user = platform === 'android_device_admin';
  return synth({
    roots: { root: { display_name: `Root ${platform}`, platform, certificate: certs.root } },
    profiles: {
      p: {
        display_name: `Wi-Fi ${platform}`,
        platform,
        root_certificate_id: ref('intune_trusted_root_certificate.root'),
        certificate_type: user ? 'user' : 'device',
        subject_name_format: user ? 'CN={{UserPrincipalName}}' : 'CN={{AAD_Device_ID}}',
        scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
      },
    },
    assignments: {
      root_assign: { profile_id: ref('intune_trusted_root_certificate.root'), include_group_names: ['Wi-Fi Users'], all_devices: true },
      p_assign: { profile_id: ref('intune_scep_certificate_profile.p'), ...assignment },
    },
  });
}

/** The filter fields of each Graph target of the profile, by target. */
function graphFilters(profileId: string): Record<string, [unknown, unknown]> {
  return Object.fromEntries(
    (f.mock.store.assignments.get(profileId) ?? []).map((a) => [
      String(a.target.groupId ?? a.target['@odata.type']).replace('#microsoft.graph.', ''),
      [a.target.deviceAndAppManagementAssignmentFilterId, a.target.deviceAndAppManagementAssignmentFilterType],
    ]),
  );
}

describe.each(PLATFORMS.map((p) => [p]))('%s', (platform) => {
  test('plan, apply, no-op, drift undone, import', async () => {
    const ids = seedFilters(platform);
    const config = configOf(
      stack(platform, {
        include_group_names: ['Wi-Fi Users'],
        all_devices: true,
        filters: [
          { group_name: 'Wi-Fi Users', filter_name: `Corporate ${platform}`, mode: 'include' },
          { all_devices: true, filter_id: ids.kiosk.toUpperCase(), mode: 'exclude' },
        ],
      }),
    );
    const p1 = await planStack(f.ctx, config);
    expect(p1.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(p1.filters).toEqual({ [`Corporate ${platform}`]: ids.corporate, [`Kiosk ${platform}`]: ids.kiosk });
    expect(p1.changes.find((c) => c.address === ASSIGN)?.after?.filters).toEqual([
      { target: WIFI_USERS.id, filter_id: ids.corporate, mode: 'include' },
      { target: 'all_devices', filter_id: ids.kiosk, mode: 'exclude' },
    ]);
    const r = await applyStack(f.ctx, { config });
    expect('errors' in r && r.errors).toEqual([]);
    const profileId = readState(f.ctx.stateFile, 'test').resources['intune_scep_certificate_profile.p']?.id as string;
    expect(graphFilters(profileId)).toEqual({
      [WIFI_USERS.id]: [ids.corporate, 'include'],
      allDevicesAssignmentTarget: [ids.kiosk, 'exclude'],
    });
    expect(Object.values(actions(await planStack(f.ctx, config)))).toEqual(['no-op', 'no-op', 'no-op', 'no-op']);

    // In the admin center someone switches the Wi-Fi Users filter to exclude: drift, undone by the next apply.
    const set = f.mock.store.assignments.get(profileId) ?? [];
    f.mock.store.setAssignments(
      profileId,
      set.map((a) => (a.target.groupId ? { ...a, target: { ...a.target, deviceAndAppManagementAssignmentFilterType: 'exclude' } } : a)),
    );
    const p3 = await planStack(f.ctx, config);
    expect(actions(p3)[ASSIGN]).toBe('update');
    expect(p3.changes.find((c) => c.address === ASSIGN)?.changedPaths).toEqual([['filters']]);
    await applyStack(f.ctx, { config });
    expect(graphFilters(profileId)[WIFI_USERS.id]).toEqual([ids.corporate, 'include']);

    // Import into a fresh state: the assignment set comes with its filters, and the plan is a no-op for it.
    const fresh = { ...f.ctx, stateFile: `${f.ctx.stateFile}.imported` };
    const state = readState(f.ctx.stateFile, 'test');
    for (const [address, res] of Object.entries(state.resources)) await importResource(fresh, config, address, res.id);
    expect(readState(fresh.stateFile, 'test').resources[ASSIGN]?.attrs.filters).toEqual([
      { target: WIFI_USERS.id, filter_id: ids.corporate, mode: 'include' },
      { target: 'all_devices', filter_id: ids.kiosk, mode: 'exclude' },
    ]);
    expect(Object.values(actions(await planStack(fresh, config)))).toEqual(['no-op', 'no-op', 'no-op', 'no-op']);

    // Removing the filters from the stack removes them from Graph (an exclusive set).
    const unfiltered = configOf(stack(platform, { include_group_names: ['Wi-Fi Users'], all_devices: true }));
    const p4 = await planStack(f.ctx, unfiltered);
    expect(p4.changes.find((c) => c.address === ASSIGN)?.changedPaths).toEqual([['filters']]);
    await applyStack(f.ctx, { config: unfiltered });
    expect(graphFilters(profileId)).toEqual({ [WIFI_USERS.id]: [null, 'none'], allDevicesAssignmentTarget: [null, 'none'] });
  });
});

test('a non-exclusive set leaves the filter on a target made elsewhere alone, and sets its own', async () => {
  const ids = seedFilters('ios');
  const config = configOf(
    stack('ios', {
      include_group_names: ['Wi-Fi Users'],
      exclusive: false,
      filters: [{ group_name: 'Wi-Fi Users', filter_name: 'Corporate ios', mode: 'include' }],
    }),
  );
  await applyStack(f.ctx, { config: configOf(stack('ios', { include_group_names: ['Wi-Fi Users'] })) });
  const profileId = readState(f.ctx.stateFile, 'test').resources['intune_scep_certificate_profile.p']?.id as string;
  // Someone else assigns all devices with the kiosk filter.
  const set = f.mock.store.assignments.get(profileId) ?? [];
  f.mock.store.setAssignments(profileId, [
    ...set,
    {
      id: `${profileId}_adadadad-808e-44e2-905a-0b7873a8a531`,
      source: 'direct',
      sourceId: profileId,
      intent: 'apply',
      target: {
        '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget',
        deviceAndAppManagementAssignmentFilterId: ids.kiosk,
        deviceAndAppManagementAssignmentFilterType: 'exclude',
      },
    },
  ]);
  const r = await applyStack(f.ctx, { config });
  expect('errors' in r && r.errors).toEqual([]);
  expect(graphFilters(profileId)).toEqual({
    [WIFI_USERS.id]: [ids.corporate, 'include'],
    allDevicesAssignmentTarget: [ids.kiosk, 'exclude'],
  });
  expect(actions(await planStack(f.ctx, config))[ASSIGN]).toBe('no-op');
});

test('a filter name no filter has, or of another platform, stops the plan with the rule', async () => {
  seedFilters('windows');
  const config = configOf(
    stack('ios', {
      all_devices: true,
      filters: [
        { all_devices: true, filter_name: 'Corporate windows', mode: 'include' },
        { group_name: 'Wi-Fi Users', filter_name: 'Nope', mode: 'include' },
      ],
      include_group_names: ['Wi-Fi Users'],
    }),
  );
  const p = await planStack(f.ctx, config);
  expect(p.changes).toEqual([]);
  expect(
    p.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.code} ${d.path.join('.')}`)
      .sort(),
  ).toEqual(['assignment/filter-not-found filters.1.filter_name', 'assignment/filter-platform-mismatch filters.0.filter_name']);
});
