/**
 * Names in diffs: the stack names groups and filters, Graph holds ids. A plan that moves an
 * assignment from one named group to another shows both names beside the ids, before and after, in
 * the text, JSON and Markdown plans; a name from the tenant stays text in the Markdown.
 */
import { applyStack, planStack, type Plan } from '../../lib';
import { planJson, renderPlanHuman, renderPlanMarkdown } from '../../lib/cli/views/plan';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { SEED_GROUPS, configOf, engineFixture, type EngineFixture } from '../helpers/engine';
import { cleanStack } from '../helpers/stacks';

let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
});
const FILTER = {
  id: '7e1d2c3b-4a59-4f68-8a7b-9c0d1e2f3a4b',
  displayName: 'Corporate | `Windows`',
  platform: 'windows10AndLater',
  rule: '(device.deviceOwnership -eq "Corporate")',
};
let f: EngineFixture;
/** Requests for groups by id (inside $batch too), as the mock saw them. */
let groupReads: string[] = [];
beforeEach(async () => {
  groupReads = [];
  f = await engineFixture({
    seedFilters: [FILTER],
    onRequest: (_n, method, path) => {
      if (method === 'GET' && path === '/groups') groupReads.push(path);
    },
  });
});
afterEach(() => f.close());

const WIFI = SEED_GROUPS[0]!.id;
const VPN = SEED_GROUPS[2]!.id;
type Doc = { resource: { intune_profile_assignment: Record<string, Record<string, unknown>> } };

async function moved(): Promise<Plan> {
  const doc = cleanStack(certs) as Doc;
  await applyStack(f.ctx, { config: configOf(doc) });
  doc.resource.intune_profile_assignment.wifi_assign!.include_group_names = ['VPN Users'];
  return planStack(f.ctx, configOf(doc));
}

test('text: the ids, then the names before and after', async () => {
  const text = renderPlanHuman(await moved());
  expect(text).toContain(`~ include_group_ids = ["${WIFI}"] -> ["${VPN}"] # ["Wi-Fi Users"] -> ["VPN Users"]`);
});

test('JSON: every shown id with its name', async () => {
  const json = planJson(await moved());
  expect(json.names).toEqual({ groups: { [WIFI]: 'Wi-Fi Users', [VPN]: 'VPN Users' }, filters: {} });
});

test('Markdown: the names in the diff, the reason of an update, and the fix of each warning', async () => {
  const md = renderPlanMarkdown(await moved());
  expect(md).toContain(`! include_group_ids = ["${WIFI}"] -> ["${VPN}"] # ["Wi-Fi Users"] -> ["VPN Users"]`);
  expect(md).toContain(
    '| `~` update | <code>intune_profile_assignment.wifi_assign</code> | changes include_group_ids &#91;"Wi-Fi Users"&#93; -&gt; &#91;"VPN Users"&#93; |',
  );
  // The warning's detail (its fix) is in the table, not only its summary.
  expect(md).toMatch(
    /\| warning \| <code>assignment\/root-not-covering<\/code> \| .*\| \*\*A group gets the SCEP profile but not its trusted root\*\*: group name "VPN Users" receives .* Assign intune_trusted_root_certificate\.root to the same groups/,
  );
});

test('a filter added to a set: the group and the filter by name; a hostile filter name stays inside the code block', async () => {
  const doc = cleanStack(certs) as Doc;
  await applyStack(f.ctx, { config: configOf(doc) });
  doc.resource.intune_profile_assignment.wifi_assign!.filters = [
    { group_name: 'Wi-Fi Users', filter_name: FILTER.displayName, mode: 'include' },
  ];
  const plan = await planStack(f.ctx, configOf(doc));
  expect(plan.names?.filters).toEqual({ [FILTER.id]: FILTER.displayName });
  const text = renderPlanHuman(plan);
  expect(text).toMatch(/~ filters += null -> \[.*\] # \[\] -> \[group "Wi-Fi Users" filter "Corporate \| `Windows`"\]/);
  const md = renderPlanMarkdown(plan);
  // The fence is longer than any run of backticks in the block: the name cannot close it.
  const fence = /\n(`{3,})diff\n/.exec(md)?.[1] as string;
  // Its two fences, and the picture's (a fenced mermaid block, whose labels hold no backtick).
  const withoutPicture = md.replace(/^(`{3,})mermaid\n[^`]*?\n\1$/m, '');
  expect(withoutPicture.split(fence)).toHaveLength(3);
  expect(withoutPicture.split(fence)[1]).toContain('filter "Corporate | `Windows`"');
});

test('groups the stack gives by id are named by Graph, and a group Graph no longer has stays an id', async () => {
  const doc = cleanStack(certs) as Doc;
  const set = doc.resource.intune_profile_assignment.wifi_assign!;
  delete set.include_group_names;
  set.include_group_ids = [WIFI, VPN];
  await applyStack(f.ctx, { config: configOf(doc) });
  f.mock.store.groups.delete(VPN);
  const corporate = SEED_GROUPS[1]!.id;
  set.include_group_ids = [corporate];
  const plan = await planStack(f.ctx, configOf(doc));
  expect(renderPlanHuman(plan)).toContain(
    `~ include_group_ids = ["${WIFI}","${VPN}"] -> ["${corporate}"] # ["Wi-Fi Users", an unnamed id] -> ["All Corporate Devices"]`,
  );
});

test('each group is read once per plan: the ids the stack gives for the tenant rules, the rest the impact and the diff name in one more read', async () => {
  const doc = cleanStack(certs) as Doc;
  const set = doc.resource.intune_profile_assignment.wifi_assign!;
  delete set.include_group_names;
  set.include_group_ids = [WIFI];
  await applyStack(f.ctx, { config: configOf(doc) });
  // The removed group is named for the impact, the added one for the diff: both by id, from Graph.
  set.include_group_ids = [VPN];
  groupReads = [];
  const plan = await planStack(f.ctx, configOf(doc));
  expect(plan.names?.groups).toEqual({ [WIFI]: 'Wi-Fi Users', [VPN]: 'VPN Users' });
  expect(plan.impact[0]?.detail).toContain('group "Wi-Fi Users" removed');
  expect(groupReads).toHaveLength(2);
});

test('the picture names the groups of the sets it draws, changed or not, from what the stack and the tenant step know: no more reads', async () => {
  const doc = cleanStack(certs) as Doc & { resource: { intune_scep_certificate_profile: Record<string, Record<string, unknown>> } };
  const ids = doc.resource.intune_profile_assignment.root_assign!;
  delete ids.include_group_names;
  ids.include_group_ids = [VPN];
  await applyStack(f.ctx, { config: configOf(doc) });
  // The profile changes; its assignment set (by name) and the root's (by id) do not.
  doc.resource.intune_scep_certificate_profile.wifi!.description = 'renewed';
  groupReads = [];
  const plan = await planStack(f.ctx, configOf(doc));
  expect(plan.changes.filter((c) => c.type === 'intune_profile_assignment').map((c) => c.action)).toEqual(['no-op', 'no-op']);
  const picture = /```mermaid\n([\s\S]*?)\n```/.exec(renderPlanMarkdown(plan))?.[1] ?? '';
  expect(picture).toContain('(["Group: #34;Wi-Fi Users#34;"])');
  expect(picture).toContain('(["Group: #34;VPN Users#34;"])');
  expect(picture).not.toMatch(new RegExp(`${WIFI}|${VPN}`));
  // The tenant step's two reads for the rules (the group named, the group given by id); naming them takes none of its own.
  expect(groupReads).toHaveLength(2);
});
