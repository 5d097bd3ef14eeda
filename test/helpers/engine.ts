/** An engine run against a mock tenant in tests: state in a temp dir, the client on the mock. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphClient, IntuneApi, VirtualClock, readConfig, type StackContext } from '../../lib';
import { THROTTLE_HEADER, startMockGraph, type MockGraph, type MockGraphOptions } from '../../lib/mock-graph';

export const SEED_GROUPS = [
  { id: '1c7a8d2f-6b3e-4f9c-8d4a-2e3f4a5b6c71', displayName: 'Wi-Fi Users' },
  {
    id: '0b6f7c1e-5a2d-4e8b-9c3f-1d2e3f4a5b60',
    displayName: 'All Corporate Devices',
    groupTypes: ['DynamicMembership'],
    membershipRule: '(device.deviceOwnership -eq "Company")',
  },
  { id: '2d8b9e3a-7c4f-4a0d-9e5b-3f4a5b6c7d82', displayName: 'VPN Users' },
];

export interface EngineFixture {
  mock: MockGraph;
  ctx: StackContext & { readonly stateFile: string };
  dir: string;
  close(): Promise<void>;
}

export async function engineFixture(options: MockGraphOptions = {}, now = new Date('2026-06-01T00:00:00Z')): Promise<EngineFixture> {
  const clock = new VirtualClock(now.getTime());
  const mock = await startMockGraph({ auth: 'off', throttle: { mode: 'off' }, seedGroups: SEED_GROUPS, clock, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-engine-'));
  const api = new IntuneApi(new GraphClient({ baseUrl: `${mock.url}/beta`, throttlePolicyHeader: THROTTLE_HEADER, clock }));
  return {
    mock,
    dir,
    ctx: { stack: 'test', stateFile: join(dir, 'state', 'test.json'), api, now: () => new Date(clock.now()) },
    close: () => mock.close(),
  };
}

export const configOf = (doc: unknown) => readConfig(JSON.parse(JSON.stringify(doc)));
