/**
 * Replacements under kill -9, at every write. A stack is applied, then changed so that apply must
 * replace objects (or re-point them); a child process applying the change is killed right after the
 * mock applied its Nth write, for every N of that apply. After each kill a fresh apply must converge:
 * the tenant holds exactly the new stack (each object once, of the new type), state holds exactly the
 * tenant's objects with nothing deposed or pending, and a plan is all no-ops.
 *
 * Before deposed objects, a kill between a replacement's create and its state write left both the old
 * and the new object (two roots of one name), the old one unknown to state.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GraphClient,
  IntuneApi,
  applyStack,
  forceUnlock,
  lockHolder,
  planStack,
  readConfig,
  readState,
  type StackContext,
} from '../../lib';
import { THROTTLE_HEADER, type MockGraph } from '../../lib/mock-graph';
import { PLATFORM_TABLE, type Platform } from '../../lib/schema';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { runApplyChild, withKillableMock } from '../helpers/kill';
import { Tally } from '../helpers/reliability';
import { ref, synth, type Attrs } from '../helpers/stacks';

const tally = new Tally('kill -9 at every write of a replacement');
let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
});

const lifecycle = (cbd: boolean): Attrs => (cbd ? {} : { lifecycle: { create_before_destroy: false } });

/** A root, two SCEP profiles on it, an assignment set on each of the three. */
function fleet(platform: Platform, cbd: boolean, over: { rootName?: string; channel?: string } = {}): Record<string, unknown> {
  const rootName = over.rootName ?? 'root';
  const profiles: Record<string, Attrs> = {};
  const assignments: Record<string, Attrs> = {
    [`${rootName}_assign`]: {
      profile_id: ref(`intune_trusted_root_certificate.${rootName}`),
      include_group_names: ['Wi-Fi Users'],
      ...lifecycle(cbd),
    },
  };
  for (const i of [0, 1]) {
    profiles[`scep_${i}`] = {
      display_name: `SCEP ${i}`,
      platform,
      root_certificate_id: ref(`intune_trusted_root_certificate.${rootName}`),
      certificate_type: platform === 'macos' ? 'user' : 'device',
      subject_name_format: platform === 'macos' ? 'CN={{UserPrincipalName}}' : 'CN={{AAD_Device_ID}}',
      scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
      ...(over.channel ? { deployment_channel: over.channel } : {}),
      ...lifecycle(cbd),
    };
    assignments[`scep_${i}_assign`] = {
      profile_id: ref(`intune_scep_certificate_profile.scep_${i}`),
      include_group_names: ['Wi-Fi Users'],
      ...lifecycle(cbd),
    };
  }
  return synth({
    roots: { [rootName]: { display_name: `Root ${rootName}`, platform, certificate: certs.root, ...lifecycle(cbd) } },
    profiles,
    assignments,
  });
}

interface Scenario {
  readonly from: () => Record<string, unknown>;
  readonly to: () => Record<string, unknown>;
}

const SCENARIOS: Record<string, Scenario> = {
  'a root, its profiles and all assignments replaced by a platform change, create first': {
    from: () => fleet('android_work_profile', true),
    to: () => fleet('android_device_owner', true),
  },
  'the same, delete first (create_before_destroy = false on every resource)': {
    from: () => fleet('android_work_profile', false),
    to: () => fleet('android_device_owner', false),
  },
  'macOS profiles with assignments replaced by a deployment channel change, create first': {
    from: () => fleet('macos', true, { channel: 'device' }),
    to: () => fleet('macos', true, { channel: 'user' }),
  },
  'the same, delete first': {
    from: () => fleet('macos', false, { channel: 'device' }),
    to: () => fleet('macos', false, { channel: 'user' }),
  },
  'profiles re-pointed to a new root, the old root deleted': {
    from: () => fleet('ios', true, { rootName: 'old_root' }),
    to: () => fleet('ios', true, { rootName: 'new_root' }),
  },
};

function ctxFor(m: MockGraph, stateFile: string): StackContext {
  return {
    stack: 'crash',
    stateFile,
    api: new IntuneApi(
      new GraphClient({ baseUrl: `${m.url}/beta`, throttlePolicyHeader: THROTTLE_HEADER, retry: { baseDelayMs: 1, maxDelayMs: 5 } }),
    ),
    now: () => new Date(),
  };
}

/** Objects by display name and type: what the tenant should hold, each exactly once. */
function wantedObjects(doc: Record<string, unknown>): string[] {
  const config = readConfig(doc);
  return config.resources
    .filter((r) => r.type !== 'intune_profile_assignment')
    .map((r) => {
      const info = PLATFORM_TABLE[r.attrs.platform as Platform];
      return `${String(r.attrs.display_name)} ${r.type === 'intune_scep_certificate_profile' ? info.scepODataType : info.rootODataType}`;
    })
    .sort();
}

const tenantObjects = (m: MockGraph) =>
  [...m.store.configurations.values()].map((e) => `${String(e.displayName)} ${String(e['@odata.type'])}`).sort();

/** Extra and missing objects against what is wanted. */
function counts(wanted: readonly string[], found: readonly string[]): { objectsLost: number; duplicates: number } {
  const left = [...found];
  let objectsLost = 0;
  for (const w of wanted) {
    const i = left.indexOf(w);
    if (i < 0) objectsLost++;
    else left.splice(i, 1);
  }
  return { objectsLost, duplicates: left.length };
}

describe.each(Object.entries(SCENARIOS))('%s', (_name, scenario) => {
  test('kill -9 after every write of the change: the next apply converges, nothing duplicated or lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intune-scep-replace-crash-'));
    const to = scenario.to();
    const configFile = join(dir, 'to.tf.json');
    writeFileSync(configFile, JSON.stringify(to));
    const wanted = wantedObjects(to);
    // The change unkilled: how many writes it takes.
    const writes = await withKillableMock({}, async (m) => {
      const stateFile = join(dir, 'measure.json');
      await applyStack(ctxFor(m, stateFile), { config: readConfig(scenario.from()) });
      const base = m.stats.writes;
      expect(await runApplyChild(m.url, stateFile, configFile).exit).toBe(0);
      expect(tenantObjects(m)).toEqual(wanted);
      return m.stats.writes - base;
    });
    expect(writes).toBeGreaterThanOrEqual(4);
    let kills = 0;
    for (let k = 1; k <= writes; k++) {
      await withKillableMock({}, async (m, killAt) => {
        const stateFile = join(dir, `state-${k}.json`);
        const first = await applyStack(ctxFor(m, stateFile), { config: readConfig(scenario.from()) });
        expect('errors' in first && first.errors).toEqual([]);
        const run = runApplyChild(m.url, stateFile, configFile);
        killAt(m.stats.writes + k, () => run.child);
        if ((await run.exit) === -1) kills++;
        await m.settled(); // requests the child sent before it died are handled before recovery looks

        const holder = lockHolder(stateFile);
        if (holder) forceUnlock(stateFile, holder === 'unknown' ? { holderless: true } : holder.id);
        const r = await applyStack(ctxFor(m, stateFile), { config: readConfig(to) });
        const found = counts(wanted, tenantObjects(m));
        tally.add({ runs: 1, faultsInjected: 1, crashes: 'errors' in r && r.errors.length > 0 ? 1 : 0, ...found });
        expect('errors' in r && r.errors).toEqual([]);
        expect(found).toEqual({ objectsLost: 0, duplicates: 0 });
        const state = readState(stateFile, 'crash');
        expect(state.deposed).toEqual([]);
        expect(state.pending).toEqual([]);
        const profileIds = Object.values(state.resources)
          .filter((x) => x.type !== 'intune_profile_assignment')
          .map((x) => x.id);
        expect(profileIds.sort()).toEqual([...m.store.configurations.keys()].sort());
        // Each assignment set in state holds its one group on its profile; no other profile has any.
        const setIds = Object.values(state.resources)
          .filter((x) => x.type === 'intune_profile_assignment')
          .map((x) => x.id);
        expect(setIds.sort()).toEqual([...m.store.configurations.keys()].sort());
        for (const id of setIds) expect(m.store.assignments.get(id) ?? []).toHaveLength(1);
        const plan = await planStack(ctxFor(m, stateFile), readConfig(to));
        expect(plan.changes.filter((c) => c.action !== 'no-op').map((c) => `${c.action} ${c.address}`)).toEqual([]);
      });
    }
    expect(kills).toBe(writes);
  }, 120_000);
});
