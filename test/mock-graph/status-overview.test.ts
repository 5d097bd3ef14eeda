/**
 * The status overviews (deviceStatusOverview, userStatusOverview) the mock serves. For the "Device
 * Owner" SCEP types (AOSP, Android Enterprise fully managed, dedicated and corporate-owned work
 * profile) Intune reports no certificates (Microsoft's SCEP article); the mock follows graph-facts'
 * UNREPORTED_SCEP_TYPES: the overview exists but counts nothing, whatever a PATCH tries to set.
 */
import { T, useMock } from '../helpers/mock';

const { mock, client } = useMock();
const COLL = '/beta/deviceManagement/deviceConfigurations';
const AOSP = '#microsoft.graph.aospDeviceOwnerScepCertificateProfile';
const OWNER = '#microsoft.graph.androidDeviceOwnerScepCertificateProfile';

function put(type: string): string {
  const id = `0000000${Object.keys(T).length}-0000-4000-8000-${String(mock().store.configurations.size).padStart(12, '0')}`;
  mock().store.putConfiguration({ '@odata.type': type, id, displayName: type, version: 3 });
  return id;
}

test('a reported type keeps the counts a PATCH set (as Microsoft documents the PATCH)', async () => {
  const id = put(T.winScep);
  const c = client();
  expect(
    (await c.req('PATCH', `${COLL}/${id}/deviceStatusOverview`, { successCount: 1204, lastUpdateDateTime: '2026-05-30T08:00:00Z' })).status,
  ).toBe(204);
  const r = await c.get(`${COLL}/${id}/deviceStatusOverview`);
  expect(r.body).toMatchObject({ successCount: 1204, lastUpdateDateTime: '2026-05-30T08:00:00Z' });
});

test.each([
  ['AOSP', AOSP],
  ['Android Enterprise device owner', OWNER],
])('%s: the overview counts nothing and was never computed; a PATCH of counts is refused', async (_name, type) => {
  const id = put(type);
  const c = client();
  for (const nav of ['deviceStatusOverview', 'userStatusOverview']) {
    const patched = await c.req('PATCH', `${COLL}/${id}/${nav}`, { successCount: 5000 });
    expect(patched.status).toBe(400);
    expect(JSON.stringify(patched.body)).toContain('certificate reporting');
    const r = await c.get(`${COLL}/${id}/${nav}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ successCount: 0, lastUpdateDateTime: '0001-01-01T00:00:00Z' });
  }
  // Even a count that reached the store another way is not served.
  mock().store.setOverview(id, { device: { successCount: 77 }, user: { successCount: 66 } });
  expect((await c.get(`${COLL}/${id}/deviceStatusOverview`)).body).toMatchObject({ successCount: 0 });
});
