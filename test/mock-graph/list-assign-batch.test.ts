/** Lists (filters, paging, select, expand), assignments, groups and $batch on the mock. */
import { ALL_DEVICES_ID, ALL_USERS_ID } from '../../lib/mock-graph';
import { T, useMock } from '../helpers/mock';

const GROUPS = [
  { id: 'g-wifi', displayName: 'Wi-Fi Users' },
  {
    id: 'g-dev',
    displayName: 'Corporate Devices',
    groupTypes: ['DynamicMembership'],
    membershipRule: '(device.deviceOwnership -eq "Company")',
  },
  { id: 'g-dup-1', displayName: "O'Brien Team" },
  { id: 'g-dup-2', displayName: "O'Brien Team" },
];
const { mock, client } = useMock({ seedGroups: GROUPS, behaviour: { pageSize: 100 } });
const COLL = '/beta/deviceManagement/deviceConfigurations';

describe('list', () => {
  let ids: string[] = [];
  beforeAll(async () => {
    const c = client();
    const root = await c.createRoot();
    ids = [];
    // 2,500 objects straight into the store (the HTTP create path is tested elsewhere).
    const store = mock().store;
    for (let i = 0; i < 2500; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const type = i % 2 === 0 ? T.winScep : T.iosScep;
      store.putConfiguration({
        '@odata.type': type,
        id,
        displayName: `Profile ${i}`,
        createdDateTime: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        version: 1,
      });
      if (i < 3)
        store.setAssignments(id, [
          {
            id: `${id}_g-wifi`,
            source: 'direct',
            sourceId: id,
            intent: 'apply',
            target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: 'g-wifi' },
          },
        ]);
      ids.push(id);
    }
    ids.unshift(root);
  });

  it('pages 2,500 objects with absolute nextLinks and opaque skip tokens', async () => {
    const c = client();
    const seen: string[] = [];
    let url: string | undefined =
      `${COLL}?$filter=isof('microsoft.graph.windows81SCEPCertificateProfile') or isof('microsoft.graph.iosScepCertificateProfile')&$expand=assignments`;
    let pages = 0;
    while (url) {
      const r: { status: number; body: { value: { id: string; assignments: unknown[] }[]; '@odata.nextLink'?: string } } = await c.get(url);
      expect(r.status).toBe(200);
      pages++;
      for (const v of r.body.value) {
        seen.push(v.id);
        expect(Array.isArray(v.assignments)).toBe(true);
      }
      url = r.body['@odata.nextLink'];
      if (url) {
        expect(url.startsWith(`${mock().url}/beta/deviceManagement/deviceConfigurations?`)).toBe(true);
        expect(url).toContain('$skiptoken=');
        expect(url).toContain('$expand=assignments');
      }
    }
    expect(pages).toBe(25);
    expect(seen).toEqual(ids.slice(1));
  });

  it('filters by type, by display name (quotes doubled) and combines with and', async () => {
    const c = client();
    const ios = await c.get(`${COLL}?$filter=isof('microsoft.graph.iosScepCertificateProfile')&$top=999`);
    expect(ios.body.value).toHaveLength(999);
    expect(ios.body.value.every((v: { '@odata.type': string }) => v['@odata.type'] === T.iosScep)).toBe(true);
    const byName = await c.get(`${COLL}?$filter=${encodeURIComponent("displayName eq 'Profile 7'")}`);
    expect(byName.body.value.map((v: { id: string }) => v.id)).toEqual([ids[8]]);
    const both = await c.get(
      `${COLL}?$filter=${encodeURIComponent("isof('microsoft.graph.windows81SCEPCertificateProfile') and displayName eq 'Profile 7'")}`,
    );
    expect(both.body.value).toEqual([]);
    const after = await c.get(
      `${COLL}?$filter=${encodeURIComponent("displayName eq 'Profile 8' and createdDateTime ge 2026-01-01T00:00:08Z")}`,
    );
    expect(after.body.value).toHaveLength(1);
  });

  it('$select keeps id and @odata.type; $top sets the page size', async () => {
    const r = await client().get(`${COLL}?$select=displayName&$top=5`);
    expect(r.body.value).toHaveLength(5);
    expect(Object.keys(r.body.value[1]).sort()).toEqual(['@odata.type', 'displayName', 'id']);
    expect(r.body['@odata.nextLink']).toContain('$top=5');
  });

  it.each([
    [`${COLL}?$filter=displayName eq 'x`, 'unterminated'],
    [`${COLL}?$filter=colour eq 'x'`, "property named 'colour'"],
    [`${COLL}?$filter=displayName like 'x'`, "unsupported operator 'like'"],
    [`${COLL}?$orderby=displayName`, "'$orderby' is not supported"],
    [`${COLL}?$select=colour`, "property named 'colour'"],
    [`${COLL}?$expand=rootCertificate`, 'cast to a derived type'],
    [`${COLL}?$skiptoken=abc`, 'skiptoken'],
    [`${COLL}?$top=0`, '$top'],
  ])('refuses %s', async (url, message) => {
    const r = await client().get(url);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain(message);
  });
});

describe('assignments', () => {
  it('assign replaces the whole set, with Graph ids, and [] clears it', async () => {
    const c = client();
    const id = await c.createScep(T.winScep, await c.createRoot());
    const target = (t: string, groupId?: string) => ({
      target: { '@odata.type': `#microsoft.graph.${t}`, ...(groupId ? { groupId } : {}) },
    });
    const r1 = await c.post(`${COLL}/${id}/assign`, {
      assignments: [
        target('groupAssignmentTarget', 'g-wifi'),
        target('exclusionGroupAssignmentTarget', 'g-dev'),
        target('allLicensedUsersAssignmentTarget'),
        target('allDevicesAssignmentTarget'),
        target('groupAssignmentTarget', 'g-wifi'),
      ],
    });
    expect(r1.status).toBe(200);
    expect(r1.body.value.map((a: { id: string }) => a.id)).toEqual([
      `${id}_g-wifi`,
      `${id}_g-dev`,
      `${id}_${ALL_USERS_ID}`,
      `${id}_${ALL_DEVICES_ID}`,
    ]);
    expect(r1.body.value[0]).toMatchObject({
      source: 'direct',
      sourceId: id,
      intent: 'apply',
      target: { groupId: 'g-wifi', deviceAndAppManagementAssignmentFilterType: 'none' },
    });
    await c.post(`${COLL}/${id}/assign`, { assignments: [target('groupAssignmentTarget', 'g-dev')] });
    expect((await c.get(`${COLL}/${id}/assignments`)).body.value.map((a: { id: string }) => a.id)).toEqual([`${id}_g-dev`]);
    expect((await c.get(`${COLL}/${id}?$expand=assignments`)).body.assignments).toHaveLength(1);
    await c.post(`${COLL}/${id}/assign`, { assignments: [] });
    expect((await c.get(`${COLL}/${id}/assignments`)).body.value).toEqual([]);
  });

  it('refuses a group that does not exist, and an unknown target type, leaving the set as it was', async () => {
    const c = client();
    const id = await c.createScep(T.winScep, await c.createRoot());
    await c.post(`${COLL}/${id}/assign`, {
      assignments: [{ target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: 'g-wifi' } }],
    });
    const r = await c.post(`${COLL}/${id}/assign`, {
      assignments: [{ target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: 'g-missing' } }],
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('g-missing');
    expect(
      (await c.post(`${COLL}/${id}/assign`, { assignments: [{ target: { '@odata.type': '#microsoft.graph.userTarget' } }] })).status,
    ).toBe(400);
    expect((await c.get(`${COLL}/${id}/assignments`)).body.value).toHaveLength(1);
  });
});

describe('groups', () => {
  it('finds groups by display name (0, 1 or several) with $select', async () => {
    const c = client();
    const one = await c.get(`/v1.0/groups?$filter=${encodeURIComponent("displayName eq 'Wi-Fi Users'")}&$select=id,displayName`);
    expect(one.body.value).toEqual([{ id: 'g-wifi', displayName: 'Wi-Fi Users' }]);
    const two = await c.get(`/v1.0/groups?$filter=${encodeURIComponent("displayName eq 'O''Brien Team'")}&$select=id,displayName`);
    expect(two.body.value.map((g: { id: string }) => g.id)).toEqual(['g-dup-1', 'g-dup-2']);
    const none = await c.get(`/v1.0/groups?$filter=${encodeURIComponent("displayName eq 'Nobody'")}`);
    expect(none.body.value).toEqual([]);
    const byIds = await c.get(`/v1.0/groups?$filter=${encodeURIComponent("id in ('g-wifi','g-dev')")}&$select=id,membershipRule`);
    expect(byIds.body.value).toEqual([
      { id: 'g-wifi', membershipRule: null },
      { id: 'g-dev', membershipRule: '(device.deviceOwnership -eq "Company")' },
    ]);
  });

  it('gets a group by id, 404 otherwise, and creates groups', async () => {
    const c = client();
    expect((await c.get('/v1.0/groups/g-wifi')).body.displayName).toBe('Wi-Fi Users');
    const missing = await c.get('/v1.0/groups/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('Request_ResourceNotFound');
    const created = await c.post('/v1.0/groups', {
      displayName: 'Kiosks',
      mailEnabled: false,
      mailNickname: 'kiosks',
      securityEnabled: true,
    });
    expect(created.status).toBe(201);
    expect(mock().store.groups.get(created.body.id)?.displayName).toBe('Kiosks');
  });
});

describe('$batch', () => {
  it('runs up to 20 requests, answers each by id in shuffled order', async () => {
    const c = client();
    const roots = await Promise.all([1, 2, 3].map(() => c.createRoot()));
    const requests = Array.from({ length: 20 }, (_, i) => ({
      id: String(i + 1),
      method: 'GET',
      url: `/deviceManagement/deviceConfigurations/${roots[i % 3]}`,
    }));
    const r = await c.post('/beta/$batch', { requests });
    expect(r.status).toBe(200);
    const ids = r.body.responses.map((x: { id: string }) => x.id);
    expect([...ids].sort((a: string, b: string) => Number(a) - Number(b))).toEqual(requests.map((x) => x.id));
    expect(ids).not.toEqual(requests.map((x) => x.id));
    for (const x of r.body.responses) expect(x).toMatchObject({ status: 200, body: { id: roots[(Number(x.id) - 1) % 3] } });
  });

  it.each([
    ['21 requests', Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/groups' })), 'at most 20'],
    [
      'duplicate ids',
      [
        { id: '1', method: 'GET', url: '/groups' },
        { id: '1', method: 'GET', url: '/groups' },
      ],
      "'1' appears twice",
    ],
  ])('refuses the whole batch for %s', async (_n, requests, message) => {
    const r = await client().post('/beta/$batch', { requests });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain(message);
  });

  it('answers 424 to a request whose dependency failed, and needs Content-Type with a body', async () => {
    const c = client();
    const r = await c.post('/beta/$batch', {
      requests: [
        { id: 'a', method: 'GET', url: '/deviceManagement/deviceConfigurations/missing' },
        { id: 'b', method: 'GET', url: '/groups/g-wifi', dependsOn: ['a'] },
        {
          id: 'c',
          method: 'POST',
          url: '/deviceManagement/deviceConfigurations',
          body: { '@odata.type': T.winRoot, displayName: 'x', trustedRootCertificate: 'AA==' },
        },
        {
          id: 'd',
          method: 'POST',
          url: '/deviceManagement/deviceConfigurations',
          headers: { 'Content-Type': 'application/json' },
          body: { '@odata.type': T.winRoot, displayName: 'x', trustedRootCertificate: 'AA==' },
        },
        { id: 'e', method: 'GET', url: '/groups/g-wifi', dependsOn: ['d'] },
      ],
    });
    const by = Object.fromEntries(r.body.responses.map((x: { id: string }) => [x.id, x]));
    expect(by.a.status).toBe(404);
    expect(by.b.status).toBe(424);
    expect(by.c.status).toBe(400);
    expect(by.c.body.error.message).toContain('Content-Type');
    expect(by.d.status).toBe(201);
    expect(by.e.status).toBe(200);
  });
});
