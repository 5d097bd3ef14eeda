/**
 * A plan comment stays within GitHub's limit, and what a reviewer must read is never what gets left
 * out: the certificate impact and the rules' findings come first; the tables keep the rows that fit;
 * the details stop at the first that does not; a last line, outside every section, says so.
 */
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import type { Plan } from '../../lib/engine';
import { planDiagram } from '../../lib/cli/views/diagram';
import { MARKDOWN_LIMIT, renderPlanMarkdown } from '../../lib/cli/views/plan';
import { planOf } from '../helpers/plans';

const ROOT = 'intune_trusted_root_certificate.root';

/** A root replaced, an assignment set widened to `groups` tenant groups, and `more` profiles created. */
function plan(groups: number, more = 0): Plan {
  const ids = Array.from({ length: groups }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const created = Array.from({ length: more }, (_, i) => ({
    address: `intune_scep_certificate_profile.p${i}`,
    type: 'intune_scep_certificate_profile' as const,
    name: `p${i}`,
    action: 'create' as const,
    before: null,
    after: { display_name: `Profile ${i}` },
    desired: { config: {}, dependsOn: [], createBeforeDestroy: true },
    changedPaths: [],
    replacePaths: [] as const,
    priorDependencies: [],
  }));
  return planOf({
    changes: [
      {
        address: 'intune_profile_assignment.a',
        type: 'intune_profile_assignment',
        name: 'a',
        action: 'update',
        before: { include_group_ids: ['g1'] },
        after: { include_group_ids: ['g1', ...ids] },
        id: 'x',
        desired: { config: {}, dependsOn: [], createBeforeDestroy: true },
        changedPaths: [['include_group_ids']],
        replacePaths: [],
        priorDependencies: [],
      },
      ...created,
    ],
    diagnostics: [
      { severity: 'error', code: 'plan/impact', address: ROOT, path: [], summary: 'Refused: too many devices', detail: 'lower the impact' },
    ],
    impact: [{ address: ROOT, profile: ROOT, effect: 'remove', detail: 'certificates removed', devices: 4000, users: 3000 }],
    names: {
      groups: { g1: 'Wi-Fi Users', ...Object.fromEntries(ids.map((id, i) => [id, `Department ${i} devices (all sites)`])) },
      filters: {},
    },
  });
}

const github = new MarkdownIt({ html: true });
github.enable(['table']);

/** The elements open at `at` in the rendered HTML. */
function openAt(html: string, at: number): Record<string, number> {
  const before = html.slice(0, at);
  const open = (tag: string) =>
    (before.match(new RegExp(`<${tag}\\b`, 'g')) ?? []).length - (before.match(new RegExp(`</${tag}>`, 'g')) ?? []).length;
  return { details: open('details'), pre: open('pre'), table: open('table') };
}

test('GIVEN an assignment widened to 600 groups WHEN the comment is rendered THEN it fits, shows the impact and the refusal, and says outside any section what it leaves out', () => {
  const md = renderPlanMarkdown(plan(600));
  expect(renderPlanMarkdown(plan(600), Infinity).length).toBeGreaterThan(MARKDOWN_LIMIT);
  expect(md.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
  expect(md).toContain('**Certificate impact**');
  expect(md).toContain('Refused: too many devices');
  const html = github.render(md);
  const note = html.indexOf('Not shown here');
  expect(note).toBeGreaterThan(0);
  expect(openAt(html, note)).toEqual({ details: 0, pre: 0, table: 0 });
  expect(md).toMatch(/\*\*Not shown here\*\*: the details of 1 change, .*`intune-scep plan` without `--markdown`/);
});

test('GIVEN 3,000 profiles created WHEN the comment is rendered THEN the summary table keeps the rows that fit and the comment counts the rest', () => {
  const full = renderPlanMarkdown(plan(1, 3000), Infinity);
  const md = renderPlanMarkdown(plan(1, 3000));
  expect(md.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
  const rows = (text: string) => text.split('\n').filter((l) => /^\| `\+` create \|/.test(l)).length;
  const left = /(\d+) table rows/.exec(md)?.[1];
  expect(Number(left)).toBe(rows(full) - rows(md));
  expect(rows(md)).toBeGreaterThan(0);
  expect(md).toContain(`the details of ${3001} changes`);
});

test('GIVEN a plan that fits WHEN rendered THEN nothing is left out and no line says otherwise', () => {
  const md = renderPlanMarkdown(plan(3, 5));
  expect(md).toBe(renderPlanMarkdown(plan(3, 5), Infinity));
  expect(md).not.toContain('Not shown here');
});

test('GIVEN any limit WHEN rendered THEN the comment is within it, its tables are whole rows, its sections closed, its must-read parts there', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 3000, max: 90_000 }),
      fc.integer({ min: 0, max: 400 }),
      fc.integer({ min: 0, max: 400 }),
      (limit, groups, more) => {
        const md = renderPlanMarkdown(plan(groups, more), limit);
        expect(md.length).toBeLessThanOrEqual(limit);
        for (const line of md.split('\n').filter((l) => l.startsWith('|'))) expect(line.endsWith('|')).toBe(true);
        expect(md.match(/<details>/g)?.length ?? 0).toBe(md.match(/<\/details>/g)?.length ?? 0);
        expect(md).toContain('Refused: too many devices');
        expect(md).toContain('**Certificate impact**');
        const html = github.render(md);
        const note = html.indexOf('Not shown here');
        if (note >= 0) expect(openAt(html, note)).toEqual({ details: 0, pre: 0, table: 0 });
        else expect(md).toBe(renderPlanMarkdown(plan(groups, more), Infinity));
      },
    ),
    { numRuns: 60, seed: 20261203 },
  );
});

test('GIVEN 1,000 warnings and one error WHEN rendered THEN the error and the picture are in, and warnings fill what is left', () => {
  const p = plan(1, 50);
  const warning = { severity: 'warning' as const, code: 'x/y', address: ROOT, path: [], summary: 'Careful', detail: 'w'.repeat(200) };
  const md = renderPlanMarkdown({ ...p, diagnostics: [...Array.from({ length: 1000 }, () => warning), ...p.diagnostics] });
  expect(md.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
  expect(md).toContain('Refused: too many devices');
  expect(md).toMatch(/^```mermaid$/m);
  expect(md.indexOf('Refused: too many devices')).toBeLessThan(md.indexOf('```mermaid'));
  expect(md).toMatch(/\*\*Not shown here\*\*: \d+ table rows/);
});

test('ATTACK GIVEN groups with 256-character names in an unchanged set WHEN a profile changes THEN the comment keeps its diff: the picture cuts names, counts groups past 40, and never keeps the details out', () => {
  const ids = Array.from({ length: 60 }, (_, i) => `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const profile = 'intune_scep_certificate_profile.wifi';
  const p = planOf({
    changes: [
      {
        address: profile,
        type: 'intune_scep_certificate_profile',
        name: 'wifi',
        action: 'update',
        before: { display_name: 'Wi-Fi', scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'] },
        after: { display_name: 'Wi-Fi', scep_server_urls: ['https://attacker.example/certsrv/mscep/mscep.dll'] },
        id: 'p1',
        desired: { config: {}, dependsOn: [], createBeforeDestroy: true },
        changedPaths: [['scep_server_urls']],
        replacePaths: [],
        priorDependencies: [],
      },
      {
        address: 'intune_profile_assignment.wifi_assign',
        type: 'intune_profile_assignment',
        name: 'wifi_assign',
        action: 'no-op',
        before: { include_group_ids: ids },
        after: { include_group_ids: ids },
        id: 'p1',
        desired: { config: {}, dependsOn: [profile], createBeforeDestroy: true },
        changedPaths: [],
        replacePaths: [],
        priorDependencies: [profile],
      },
    ],
    names: { groups: Object.fromEntries(ids.map((id, i) => [id, `${i}${'\u{1F600}'.repeat(254)}`])), filters: {} },
  });
  const md = renderPlanMarkdown(p);
  expect(md).toContain('https://attacker.example/certsrv/mscep/mscep.dll');
  // The picture, over a quarter of the comment, is what goes; the comment says so.
  expect(md).toMatch(/\*\*Not shown here\*\*: the picture, to keep/);
  expect(md).not.toMatch(/^```mermaid$/m);
  const picture = planDiagram(p) ?? '';
  expect(picture.match(/\(\["Group: /g)).toHaveLength(40);
  expect(picture).toContain('... and 20 more groups');
  // A name is cut at 60 characters: 59 of them and the cut, each emoji an 8-character entity.
  expect(Math.max(...picture.split('\n').map((l) => l.length))).toBeLessThan(600);
});

test("ATTACK GIVEN a group named as another group's id WHEN drawn THEN the name is in quotes and an unnamed id is said to be one: the two never look alike", () => {
  const real = '11111111-0000-4000-8000-000000000001';
  const spoof = '22222222-0000-4000-8000-000000000002';
  const set = (ids: string[]) => ({ include_group_ids: ids });
  const p = planOf({
    changes: [
      {
        address: 'intune_trusted_root_certificate.root',
        type: 'intune_trusted_root_certificate',
        name: 'root',
        action: 'create',
        before: null,
        after: { display_name: 'Root' },
        desired: { config: {}, dependsOn: [], createBeforeDestroy: true },
        changedPaths: [],
        replacePaths: [],
        priorDependencies: [],
      },
      {
        address: 'intune_profile_assignment.a',
        type: 'intune_profile_assignment',
        name: 'a',
        action: 'update',
        before: set([]),
        after: set([real, spoof]),
        id: 'x',
        desired: { config: {}, dependsOn: ['intune_trusted_root_certificate.root'], createBeforeDestroy: true },
        changedPaths: [['include_group_ids']],
        replacePaths: [],
        priorDependencies: [],
      },
    ],
    names: { groups: { [spoof]: real }, filters: {} },
  });
  const picture = planDiagram(p) ?? '';
  const labels = picture.split('\n').filter((l) => l.includes('Group:'));
  expect(labels.map((l) => l.replace(/^\s*g\d+/, ''))).toEqual([`(["Group: unnamed id ${real}"])`, `(["Group: #34;${real}#34;"])`]);
});
