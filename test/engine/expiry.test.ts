/**
 * Expiry watch at plan: root/expires-soon names how many devices and users hold each SCEP profile
 * chained to the root, as Graph counts them (deviceStatusOverview, userStatusOverview).
 */
import { applyStack, planStack, readState } from '../../lib';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { configOf, engineFixture, type EngineFixture } from '../helpers/engine';
import { cleanStack } from '../helpers/stacks';

let certs: TestCertificates;
let f: EngineFixture;
beforeAll(async () => {
  certs = await testCertificates();
});
beforeEach(async () => {
  f = await engineFixture();
});
afterEach(() => f.close());

const WIFI = 'intune_scep_certificate_profile.wifi';
const HOLDING = "Holding them now (Graph's deviceStatusOverview and userStatusOverview): ";
const expiring = () => configOf(cleanStack(certs, { root: { certificate: certs.rootExpiringIn30Days } }));
const warning = async () => (await planStack(f.ctx, expiring())).diagnostics.find((d) => d.code === 'root/expires-soon');

test('GIVEN a root expiring in 30 days before the first apply WHEN planned THEN its chained profile is not created yet', async () => {
  const d = await warning();
  expect(d?.detail).toContain('in 30 days');
  expect(d?.detail).toContain(`${HOLDING}${WIFI}: not created yet.`);
});

test('GIVEN its chained profile held by 1,200 devices and 900 users WHEN planned THEN the warning says so', async () => {
  await applyStack(f.ctx, { config: expiring() });
  const id = readState(f.ctx.stateFile, 'test').resources[WIFI]?.id as string;
  f.mock.store.setOverview(id, { device: { successCount: 1200 }, user: { successCount: 900 } });
  expect((await warning())?.detail).toContain(`${HOLDING}${WIFI}: 1,200 devices, 900 users.`);
});
