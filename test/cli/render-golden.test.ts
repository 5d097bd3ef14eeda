/**
 * Golden renderings (test/golden/render/): the human, JSON and Markdown views of one plan with
 * every action kind (create, update, delete, create-then-delete, delete-then-create, no-op).
 * UPDATE_GOLDEN=1 rewrites them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyStack, planStack, readState, type Plan } from '../../lib';
import { renderPlanHuman, renderPlanJson, renderPlanMarkdown } from '../../lib/cli/views/plan';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { configOf, engineFixture, type EngineFixture } from '../helpers/engine';
import { ref, synth } from '../helpers/stacks';

const GOLDEN = join(__dirname, '..', 'golden', 'render');
let certs: TestCertificates;
let f: EngineFixture;
beforeAll(async () => {
  certs = await testCertificates();
  f = await engineFixture();
});
afterAll(async () => {
  await f.close();
});

const profile = (name: string, platform: string, extra: Record<string, unknown> = {}) => ({
  display_name: name,
  platform,
  root_certificate_id: ref(`intune_trusted_root_certificate.${platform}`),
  certificate_type: 'device',
  subject_name_format: 'CN={{AAD_Device_ID}}',
  scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
  suppress_warnings: ['san/strong-mapping-missing', 'platform/device-owner-no-revocation'],
  ...extra,
});

function stack(after: boolean): unknown {
  const roots = {
    ios: { display_name: 'Root iOS', platform: 'ios', certificate: certs.root },
    aosp: { display_name: 'Root AOSP', platform: 'aosp', certificate: certs.root },
    ...(after
      ? { android_device_owner: { display_name: 'Root device owner', platform: 'android_device_owner', certificate: certs.root } }
      : {}),
  };
  return synth({
    roots,
    profiles: {
      unchanged: profile('Unchanged', 'ios'),
      updated: profile('Updated', 'ios', after ? { description: 'now with a description', renewal_threshold_percentage: 25 } : {}),
      ...(after ? {} : { removed: profile('Removed', 'ios') }),
      replaced_cbd: profile('Replaced, new first', after ? 'android_device_owner' : 'aosp'),
      replaced_dbc: {
        ...profile('Replaced, old first', after ? 'android_device_owner' : 'aosp'),
        lifecycle: { create_before_destroy: false },
      },
      ...(after ? { added: profile('Added', 'ios') } : {}),
    },
  });
}

/** GUIDs and dates normalised, as in the plan goldens. */
function stable(text: string): string {
  const ids = new Map<string, string>();
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (g) => {
      if (!ids.has(g.toLowerCase())) ids.set(g.toLowerCase(), `<id-${ids.size + 1}>`);
      return ids.get(g.toLowerCase()) as string;
    })
    .replace(/"MIIB[^"]*"/g, '"<certificate>"')
    .replace(/"certificate": "(?:[^"\\]|\\.)*"/g, '"certificate": "<certificate>"');
}

let plan: Plan;
beforeAll(async () => {
  const r = await applyStack(f.ctx, { config: configOf(stack(false)) });
  expect('errors' in r && r.errors).toEqual([]);
  // Edited in the admin center since the apply: drift, though the stack does not manage the field.
  const iosRoot = readState(f.ctx.stateFile, 'test').resources['intune_trusted_root_certificate.ios'];
  await f.ctx.api.update(iosRoot?.id as string, '#microsoft.graph.iosTrustedRootCertificate', {
    description: 'edited in the admin center',
  });
  plan = await planStack(f.ctx, configOf(stack(true)));
});

test('an edit made outside the stack shows as changed drift in every view', () => {
  expect(plan.drift.map((d) => `${d.kind} ${d.address} ${d.paths.join(',')}`)).toEqual([
    'changed intune_trusted_root_certificate.ios description',
  ]);
  const detail = 'intune_trusted_root_certificate.ios (id';
  expect(renderPlanHuman(plan)).toContain(`Note: ${detail}`);
  expect(JSON.parse(renderPlanJson(plan)).resource_drift).toEqual([
    expect.objectContaining({ address: 'intune_trusted_root_certificate.ios', kind: 'changed', paths: [['description']] }),
  ]);
  expect(renderPlanMarkdown(plan)).toContain('| changed | <code>intune_trusted_root_certificate.ios</code> | description |');
});

test('the plan has every action kind', () => {
  expect(new Set(plan.changes.map((c) => c.action))).toEqual(
    new Set(['create', 'update', 'delete', 'create-then-delete', 'delete-then-create', 'no-op']),
  );
});

test.each([
  ['plan.txt', (p: Plan) => renderPlanHuman(p, { file: 'cdk.tf.json' })],
  ['plan.json', renderPlanJson],
  ['plan.md', renderPlanMarkdown],
])('%s matches the golden file', (name, render) => {
  const got = stable(render(plan));
  const file = join(GOLDEN, name);
  // A missing golden is a failure (a test that writes its own expectation cannot fail); UPDATE_GOLDEN=1 writes it.
  if (!process.env.UPDATE_GOLDEN && !existsSync(file))
    throw new Error(`the golden file ${file} is missing: run UPDATE_GOLDEN=1 npx jest ${__filename}, review it, commit it.`);
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, got);
  }
  expect(got).toBe(readFileSync(file, 'utf8'));
});

test('the human view shortens certificates, never prose: an 81-character description is shown whole', () => {
  const description = 'Issued to every corporate laptop for Wi-Fi and VPN and renewed when a fifth of its life is left';
  expect(description.length).toBeGreaterThan(80);
  const certificate = 'MIIBajCCARCgAwIBAgIBATAKBggqhkjOPQQDAjAWMRQwEgYDVQQDEwtDb250b3NvIFJvb3QwHhcNMjYwMTAxMDAwMDAwWhcN';
  const plan = {
    formatVersion: 1,
    stack: 's',
    lineage: '',
    serial: 0,
    mode: 'normal',
    changes: [
      {
        address: 'intune_trusted_root_certificate.r',
        type: 'intune_trusted_root_certificate',
        name: 'r',
        action: 'create',
        before: null,
        after: { description, certificate },
        changedPaths: [],
        replacePaths: [],
        reason: undefined,
        id: undefined,
        desired: { config: {}, dependsOn: [], createBeforeDestroy: true },
        priorDependencies: [],
      },
    ],
    drift: [],
    diagnostics: [],
    groups: {},
    impact: [],
    refreshed: {},
  } as unknown as Plan;
  const text = renderPlanHuman(plan, { file: 'cdk.tf.json' });
  expect(text).toContain(JSON.stringify(description));
  expect(text).toContain(`"${certificate.slice(0, 24)}…(${certificate.length} characters)"`);
});
