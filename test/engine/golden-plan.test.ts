/**
 * Golden plans (test/golden/plan/<case>/): each case applies a base stack to the mock, changes the
 * stack, the tenant or the state, and plans. With GUIDs, dates and certificates normalised, the files
 * of each case must match:
 *
 * | file        | what                                                   |
 * |-------------|--------------------------------------------------------|
 * | config.json | the stack planned (written for reading, not compared)  |
 * | state.json  | the state the plan was made against                    |
 * | plan.json   | the plan as data                                       |
 * | plan.txt    | the plan as a person reads it (`intune-scep plan`)     |
 * | show.json   | the plan as `intune-scep plan --json` prints it        |
 * | plan.md     | the plan as `intune-scep plan --markdown` prints it    |
 *
 * A missing file fails; UPDATE_GOLDEN=1 rewrites them. Each case also checks that applying its plan
 * converges.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyStack, planStack, readState, writeState, type Plan } from '../../lib';
import { renderPlanHuman, renderPlanJson, renderPlanMarkdown } from '../../lib/cli/views/plan';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { configOf, engineFixture, type EngineFixture } from '../helpers/engine';
import { cleanStack, platformStack, ref, synth } from '../helpers/stacks';

const GOLDEN = join(__dirname, '..', 'golden', 'plan');
let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
});

type Doc = Record<string, unknown> & { resource: Record<string, Record<string, Record<string, unknown>>> };
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** A macOS stack: root and user-channel profile with assignments. */
function macStack(c: TestCertificates, channel = 'user'): Doc {
  return synth({
    roots: { mac_root: { display_name: 'Contoso Root (macOS)', platform: 'macos', certificate: c.root, deployment_channel: channel } },
    profiles: {
      mac_user: {
        display_name: 'macOS user certificate',
        platform: 'macos',
        deployment_channel: channel,
        root_certificate_id: ref('intune_trusted_root_certificate.mac_root'),
        certificate_type: channel === 'user' ? 'user' : 'device',
        subject_name_format: channel === 'user' ? 'CN={{UserPrincipalName}}' : 'CN={{AAD_Device_ID}}',
        subject_alternative_names: channel === 'user' ? [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }] : [],
        scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
        suppress_warnings: ['san/strong-mapping-missing'],
      },
    },
    assignments: {
      mac_root_assign: { profile_id: ref('intune_trusted_root_certificate.mac_root'), include_group_names: ['Wi-Fi Users'] },
      mac_user_assign: { profile_id: ref('intune_scep_certificate_profile.mac_user'), include_group_names: ['Wi-Fi Users'] },
    },
  }) as Doc;
}

/** The clean stack's root and profile moved to iOS: a platform change that replaces both. */
function toIos(d: Doc): Doc {
  (d.resource.intune_trusted_root_certificate?.root as Record<string, unknown>).platform = 'ios';
  (d.resource.intune_scep_certificate_profile?.wifi as Record<string, unknown>).platform = 'ios';
  return d;
}

interface Case {
  base: (c: TestCertificates) => Doc;
  /** Change the stack, the tenant, or both, after the base is applied. */
  change: (doc: Doc, f: EngineFixture) => Promise<Doc> | Doc;
  mode?: 'normal' | 'destroy';
  /** Expect the plan to be refused with this diagnostic code instead of applied. */
  blockedBy?: string;
}

const CASES: Record<string, Case> = {
  'create-all': { base: () => synth({}) as Doc, change: () => clone(cleanStack(certs)) as Doc },
  'no-op-after-apply': { base: (c) => cleanStack(c) as Doc, change: (d) => d },
  'update-in-place': {
    base: (c) => cleanStack(c) as Doc,
    change: (d) => {
      const w = d.resource.intune_scep_certificate_profile?.wifi as Record<string, unknown>;
      w.description = 'Wi-Fi, renewed at 30%';
      w.renewal_threshold_percentage = 30;
      return d;
    },
  },
  'platform-change': {
    base: (c) => cleanStack(c) as Doc,
    change: toIos,
  },
  // create_before_destroy = false on a profile with an assignment: forced to create first (apply would
  // otherwise wait on itself: every step "not attempted (a cycle)", the old root never deleted).
  'destroy-first-forced-by-dependant': {
    base: (c) => {
      const d = cleanStack(c) as Doc;
      (d.resource.intune_scep_certificate_profile?.wifi as Record<string, unknown>).lifecycle = { create_before_destroy: false };
      return d;
    },
    change: toIos,
  },
  'macos-channel-change': {
    base: (c) => macStack(c, 'user'),
    change: (d) => {
      const p = d.resource.intune_scep_certificate_profile?.mac_user as Record<string, unknown>;
      Object.assign(p, {
        deployment_channel: 'device',
        certificate_type: 'device',
        subject_name_format: 'CN={{AAD_Device_ID}}',
        subject_alternative_names: [],
      });
      (d.resource.intune_trusted_root_certificate?.mac_root as Record<string, unknown>).deployment_channel = 'device';
      return d;
    },
  },
  'root-replaced-profiles-keep-pointing': {
    base: (c) => macStack(c, 'user'),
    change: (d) => {
      const r = d.resource.intune_trusted_root_certificate?.mac_root as Record<string, unknown>;
      r.deployment_channel = 'device';
      (d.resource.intune_scep_certificate_profile?.mac_user as Record<string, unknown>).suppress_warnings = [
        'san/strong-mapping-missing',
        'reference/root-channel-mismatch',
      ];
      return d;
    },
  },
  'assignment-drift-out-of-band': {
    base: (c) => cleanStack(c) as Doc,
    change: async (d, f) => {
      const state = readState(f.ctx.stateFile, 'test');
      const id = state.resources['intune_scep_certificate_profile.wifi']?.id as string;
      await f.ctx.api.assign(id, {
        assignments: [
          { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: '1c7a8d2f-6b3e-4f9c-8d4a-2e3f4a5b6c71' } },
          { target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } },
        ],
      });
      return d;
    },
  },
  'deleted-out-of-band': {
    base: (c) => cleanStack(c) as Doc,
    change: async (d, f) => {
      const state = readState(f.ctx.stateFile, 'test');
      await f.ctx.api.delete(state.resources['intune_scep_certificate_profile.wifi']?.id as string);
      return d;
    },
  },
  'prevent-destroy-hit': {
    base: (c) => {
      const d = cleanStack(c) as Doc;
      (d.resource.intune_scep_certificate_profile?.wifi as Record<string, unknown>).lifecycle = { prevent_destroy: true };
      return d;
    },
    change: toIos,
    blockedBy: 'plan/prevent-destroy',
  },
  'ignore-changes-honoured': {
    base: (c) => {
      const d = cleanStack(c) as Doc;
      (d.resource.intune_scep_certificate_profile?.wifi as Record<string, unknown>).lifecycle = {
        ignore_changes: ['description', 'renewal_threshold_percentage'],
      };
      return d;
    },
    change: async (d, f) => {
      const state = readState(f.ctx.stateFile, 'test');
      await f.ctx.api.update(
        state.resources['intune_scep_certificate_profile.wifi']?.id as string,
        '#microsoft.graph.windows81SCEPCertificateProfile',
        { description: 'edited in the portal', renewalThresholdPercentage: 25 },
      );
      return d;
    },
  },
  'destroy-ordering': { base: (c) => cleanStack(c) as Doc, change: (d) => d, mode: 'destroy' },
  // A run replacing the root create-first was killed right after it set the old root aside: state
  // holds it deposed and no root at the address. The plan creates the root, re-points the profile
  // and deletes the deposed object after that.
  'deposed-after-crash': {
    base: (c) => cleanStack(c) as Doc,
    change: (d, f) => {
      const state = readState(f.ctx.stateFile, 'test');
      const address = 'intune_trusted_root_certificate.root';
      const old = state.resources[address];
      if (!old) throw new Error('no root in state');
      delete state.resources[address];
      writeState(f.ctx.stateFile, { ...state, deposed: [{ address, resource: old }] });
      return d;
    },
  },
  // Certificate impact, with the counts Graph reports for the profile.
  'scep-in-place-with-counts': {
    base: (c) => cleanStack(c) as Doc,
    change: async (d, f) => {
      await reportHolders(f, 1204, 980);
      (d.resource.intune_scep_certificate_profile?.wifi as Record<string, unknown>).key_size = 4096;
      (d.resource.intune_scep_certificate_profile?.wifi as Record<string, unknown>).display_name = 'Wi-Fi (4096-bit)';
      return d;
    },
  },
  'assignment-narrowed-by-filter': {
    base: (c) => cleanStack(c) as Doc,
    change: async (d, f) => {
      await reportHolders(f, 310, 295);
      f.mock.store.putFilter({
        id: '5e1f0000-0000-4000-8000-00000000f11e',
        displayName: 'Corporate devices',
        platform: 'windows10AndLater',
        rule: '(device.deviceOwnership -eq "Corporate")',
      });
      (d.resource.intune_profile_assignment?.wifi_assign as Record<string, unknown>).filters = [
        { group_name: 'Wi-Fi Users', filter_name: 'Corporate devices', mode: 'include' },
      ];
      return d;
    },
  },
  'assignment-group-removed': {
    base: (c) => {
      const d = cleanStack(c) as Doc;
      for (const a of ['root_assign', 'wifi_assign'])
        (d.resource.intune_profile_assignment?.[a] as Record<string, unknown>).include_group_names = ['Wi-Fi Users', 'VPN Users'];
      return d;
    },
    change: async (d, f) => {
      await reportHolders(f, 52, 50);
      (d.resource.intune_profile_assignment?.wifi_assign as Record<string, unknown>).include_group_names = ['Wi-Fi Users'];
      return d;
    },
  },
  // An assignment set removed from the stack: the profile's devices lose the certificate (counted).
  'assignment-set-removed': {
    base: (c) => cleanStack(c) as Doc,
    change: async (d, f) => {
      await reportHolders(f, 700, 650);
      delete d.resource.intune_profile_assignment?.wifi_assign;
      return d;
    },
  },
  // A root renewed in place: the profiles chained to it, each named once, with the change's own marker.
  'root-renewed-in-place': {
    base: (c) => cleanStack(c, { profile: { validity_period_value: 1, validity_period_unit: 'months' } }) as Doc,
    change: async (d, f) => {
      await reportHolders(f, 700, 650);
      (d.resource.intune_trusted_root_certificate?.root as Record<string, unknown>).certificate = certs.rootEndingSoon;
      return d;
    },
  },
  // An AOSP profile changed in place: Intune reports no certificates there and cannot revoke them
  // (Microsoft's SCEP article), so the plan says so instead of "0 devices", even if a count is stored.
  'device-owner-unreported': {
    base: (c) => {
      const d = platformStack(c, 'aosp', { suppress_warnings: ['platform/device-owner-no-revocation'] }) as Doc;
      d.resource.intune_profile_assignment = {
        root_assign: { profile_id: ref('intune_trusted_root_certificate.root'), include_group_names: ['Wi-Fi Users'] },
        p_assign: { profile_id: ref('intune_scep_certificate_profile.p'), include_group_names: ['Wi-Fi Users'] },
      };
      return d;
    },
    change: (d, f) => {
      const id = readState(f.ctx.stateFile, 'test').resources['intune_scep_certificate_profile.p']?.id as string;
      f.mock.store.setOverview(id, { device: { successCount: 0 }, user: { successCount: 0 } });
      (d.resource.intune_scep_certificate_profile?.p as Record<string, unknown>).key_size = 4096;
      return d;
    },
  },
  // Delete first everywhere: the old objects go in reverse dependency order, the new ones come back in order.
  'delete-first-everywhere': {
    base: (c) => deleteFirst(cleanStack(c) as Doc),
    change: toIos,
  },
};

/** The Wi-Fi profile's device and user counts, set as Microsoft documents it (PATCH on the overviews). */
async function reportHolders(f: EngineFixture, devices: number, users: number): Promise<void> {
  const id = readState(f.ctx.stateFile, 'test').resources['intune_scep_certificate_profile.wifi']?.id as string;
  const at = '2026-05-30T08:00:00Z';
  await f.ctx.api.client.patch(`/deviceManagement/deviceConfigurations/${id}/deviceStatusOverview`, {
    successCount: devices,
    pendingCount: 3,
    lastUpdateDateTime: at,
  });
  await f.ctx.api.client.patch(`/deviceManagement/deviceConfigurations/${id}/userStatusOverview`, {
    successCount: users,
    lastUpdateDateTime: at,
  });
}

/** lifecycle.create_before_destroy = false on every resource. */
function deleteFirst(d: Doc): Doc {
  for (const byName of Object.values(d.resource)) for (const r of Object.values(byName)) r.lifecycle = { create_before_destroy: false };
  return d;
}

/**
 * GUIDs → <id-N> in order of first appearance (shared by a case's files), also where the Markdown's
 * text breaks their hex runs with zero-width spaces (mdText); ISO dates → <date>; certificates → <certificate>.
 */
function normaliser(): (text: string) => string {
  const ids = new Map<string, string>();
  const hex = (n: number) => `(?:[0-9a-f](?:&#8203;)?){${n}}`;
  const guid = new RegExp([8, 4, 4, 4, 12].map(hex).join('-(?:&#8203;)?'), 'gi');
  return (text) =>
    text
      .replace(guid, (written) => {
        const g = written.replaceAll('&#8203;', '').toLowerCase();
        if (!ids.has(g)) ids.set(g, `<id-${ids.size + 1}>`);
        return ids.get(g) as string;
      })
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<date>')
      // Test certificates are generated for each run.
      .replace(/"certificate": "(?:[^"\\]|\\.)*"/g, '"certificate": "<certificate>"')
      .replace(/"(thumbprint|subject)": "[^"]*"/g, '"$1": "<$1>"')
      .replace(/"[A-Za-z0-9+/]{40,}={0,2}"/g, '"<certificate>"')
      .replace(/"[A-Za-z0-9+/]{24}…\(\d+ characters\)"/g, '"<certificate>"');
}

const planText = (plan: Plan) =>
  JSON.stringify(
    {
      mode: plan.mode,
      changes: plan.changes,
      drift: plan.drift,
      impact: plan.impact,
      diagnostics: plan.diagnostics,
      groups: plan.groups,
      filters: plan.filters,
    },
    null,
    2,
  );

describe.each(Object.entries(CASES))('%s', (name, c) => {
  let f: EngineFixture;
  beforeEach(async () => {
    f = await engineFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  it('plans as the golden file says, and its apply converges', async () => {
    const base = configOf(c.base(certs));
    const first = await applyStack(f.ctx, { config: base });
    expect('errors' in first && first.errors).toEqual([]);
    const doc = await c.change(clone(c.base(certs)), f);
    const config = configOf(doc);
    const stateText = JSON.stringify(readState(f.ctx.stateFile, 'test'), null, 1);
    const plan = await planStack(f.ctx, config, { mode: c.mode ?? 'normal' });
    const dir = join(GOLDEN, name);
    const norm = normaliser();
    const got: Record<string, string> = {
      'state.json': norm(stateText),
      'plan.json': norm(planText(plan)),
      'plan.txt': norm(renderPlanHuman(plan)),
      'show.json': norm(renderPlanJson(plan)),
      'plan.md': norm(renderPlanMarkdown(plan)),
    };
    if (process.env.UPDATE_GOLDEN) {
      mkdirSync(dir, { recursive: true });
      for (const [file, text] of Object.entries(got)) writeFileSync(join(dir, file), `${text.replace(/\n$/, '')}\n`);
      writeFileSync(
        join(dir, 'config.json'),
        `${JSON.stringify(doc, null, 2).replace(/"certificate": "(?:[^"\\]|\\.)*"/g, '"certificate": "<certificate: a generated root CA>"')}\n`,
      );
    }
    for (const [file, text] of Object.entries(got)) {
      // A missing golden is a failure (a test that writes its own expectation cannot fail); UPDATE_GOLDEN=1 writes it.
      const path = join(dir, file);
      if (!existsSync(path))
        throw new Error(`the golden ${path} is missing: run UPDATE_GOLDEN=1 npx jest ${__filename}, review it, commit it.`);
      expect(`${text.replace(/\n$/, '')}\n`).toBe(readFileSync(path, 'utf8'));
    }

    if (c.blockedBy) {
      expect(plan.diagnostics.map((d) => d.code)).toContain(c.blockedBy);
      const r = await applyStack(f.ctx, { config, options: { mode: c.mode ?? 'normal' } });
      expect('blocked' in r).toBe(true);
      return;
    }
    const r = await applyStack(f.ctx, { config, options: { mode: c.mode ?? 'normal' } });
    expect('errors' in r && r.errors).toEqual([]);
    const again = await planStack(f.ctx, config, { mode: c.mode ?? 'normal' });
    expect(again.changes.filter((x) => x.action !== 'no-op').map((x) => `${x.action} ${x.address}`)).toEqual([]);
    if (c.mode === 'destroy') expect(f.mock.store.configurations.size).toBe(0);
    else
      expect(f.mock.store.configurations.size).toBe(
        Object.keys(doc.resource.intune_trusted_root_certificate ?? {}).length +
          Object.keys(doc.resource.intune_scep_certificate_profile ?? {}).length,
      );
  });
});
