/** Plan and apply against the mock tenant: create, converge, update, replace, delete. */
import { applyStack, planStack, readState, summarize, type Plan } from '../../lib';
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
afterEach(async () => {
  await f.close();
});

const actions = (p: Plan) => Object.fromEntries(p.changes.map((c) => [c.address, c.action]));

test('create all, then a plan right after the apply shows no changes', async () => {
  const config = configOf(cleanStack(certs));
  const p1 = await planStack(f.ctx, config);
  expect(p1.diagnostics).toEqual([]);
  expect(summarize(p1)).toEqual({ add: 4, change: 0, destroy: 0 });
  const r = await applyStack(f.ctx, { config });
  expect('errors' in r && r.errors).toEqual([]);
  expect(f.mock.store.configurations.size).toBe(2);
  const state = readState(f.ctx.stateFile, 'test');
  expect(Object.keys(state.resources).sort()).toEqual(['intune_profile_assignment.root_assign', 'intune_profile_assignment.wifi_assign', 'intune_scep_certificate_profile.wifi', 'intune_trusted_root_certificate.root']);
  expect(state.pending).toEqual([]);
  const p2 = await planStack(f.ctx, config);
  expect(p2.diagnostics).toEqual([]);
  expect(Object.values(actions(p2))).toEqual(['no-op', 'no-op', 'no-op', 'no-op']);
});
