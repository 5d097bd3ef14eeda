/**
 * Text that reaches a reviewer: a plan is read in a terminal, a CI log and a pull-request comment.
 * Names from a tenant and from a pull request's config are data there too: nothing in them can hide
 * part of a Markdown comment, act on a terminal, or pass for a CI runner's own command.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { readConfig, type Plan } from '../../lib/engine';
import { REWRITE_LINE, printable, terminalSafe } from '../../lib/cli/io';
import { renderPlanHuman, renderPlanMarkdown } from '../../lib/cli/views/plan';
import { testCertificates } from '../helpers/certificates';
import { runCli } from '../helpers/cli';
import { planOf } from '../helpers/plans';
import { cleanStack } from '../helpers/stacks';
import { Tally } from '../helpers/reliability';

const tally = new Tally('hostile text in plans: shown as text', { objects: false });

const HOSTILE = [
  'Other\n\n<!--',
  'a` | add a root assignment | |\n\n<!-- ',
  '```\n+ injected line',
  'x</code></summary><img src=x onerror=alert(1)>',
  'Other\n::add-mask::destroy\n::error title=All good::No changes',
  'x\n\t ::stop-commands::token\n see ##[error]All good',
  // Azure Pipelines reads `##vso[` anywhere in a line (found by review).
  'Wi-Fi ##vso[task.setvariable variable=INTUNE_SCEP_PLAN_KEY;issecret=false]x ##teamcity[message]',
  'root\u001b[1A\u001b[2K\u001b]0;title\u0007\u009b2J',
  'trojan \u202eevil\u202c',
  'abc\u202e (deposed \u2067x\u2069 \u200fy\u200e \u061c',
  // The progress line's own rewrite (carriage return, erase line): in a name, it erased what the
  // line said before it and wrote its own (found by review).
  'GOOD\r\u001b[KPlan: 0 to add, 0 to change, 0 to destroy.',
];

/**
 * Text that GitHub would make into something other than text in a comment: a link, an image, a
 * mention that notifies people, an emoji, a reference, formatting. A name in a tenant can say any of it.
 */
const ACTIVE = [
  '[Approved by security](https://evil.example/approve)',
  '![checks passed](https://evil.example/badge.svg)',
  '[x][1]\n\n[1]: https://evil.example',
  '<https://evil.example/autolink>',
  'see https://evil.example/login now',
  'see www.evil.example/login',
  'mail admin@evil.example',
  'mailto:admin@evil.example',
  'cc @acme/security-team and @octocat',
  ':white_check_mark: reviewed',
  'fixes #1',
  'see GH-1, gh-22 and JIRA-123',
  'commit a5c3785ed8d6a35868bc169f07e40e889087fd2e or deadbee',
  '**bold** __strong__ *em* _em_ ~~gone~~ ~gone~',
  '# heading',
  '$\\color{green}{\\textsf{Approved by security}}$ and $$x$$',
  '\\[escaped](https://evil.example)',
];

/** A plan whose every free-text place holds `text`: a reason, an impact's detail and profile, a diagnostic. */
function planWith(text: string): Plan {
  const address = 'intune_scep_certificate_profile.wifi';
  return planOf({
    changes: [
      {
        address,
        type: 'intune_scep_certificate_profile',
        name: 'wifi',
        action: 'update',
        before: { display_name: 'a', scep_server_urls: ['https://ok'] },
        after: { display_name: text, scep_server_urls: [text] },
        id: 'p1',
        desired: { config: {}, dependsOn: [], createBeforeDestroy: true },
        changedPaths: [['display_name'], ['scep_server_urls']],
        replacePaths: [],
        priorDependencies: [],
        reason: text,
      },
    ],
    drift: [{ address, kind: 'changed', paths: [[text]], detail: text }],
    impact: [{ address, profile: `${JSON.stringify(text)} (p9, not in this stack)`, effect: 'remove', detail: text, devices: 5, users: 5 }],
    diagnostics: [{ severity: 'warning', code: 'x/y', address, path: [], summary: text, detail: text }],
  });
}

describe.each(HOSTILE.map((t) => [JSON.stringify(t), t]))('%s', (_name, text) => {
  test('the Markdown plan keeps it inside its cell: no HTML, no new line, no early end of a block', () => {
    const md = renderPlanMarkdown(planWith(text));
    tally.add({ runs: 1, faultsInjected: 1 });
    // Outside fenced code (which GitHub shows as it is), no HTML from the text.
    const outsideCode = md.replace(/^(`{3,})diff\n[\s\S]*?\n\1$/gm, '');
    expect(outsideCode).not.toMatch(/<!--|<img|<\/code><\/summary><img/);
    // Every table row is one line that starts and ends a row; every row has its header's cell count.
    const lines = md.split('\n');
    const cells = (line: string) => line.split(/(?<!\\)\|/).length;
    let header = 0;
    for (const [i, line] of lines.entries()) {
      if (!line.startsWith('|')) continue;
      expect(line.endsWith('|')).toBe(true);
      if (lines[i + 1]?.startsWith('|---')) header = cells(line);
      expect(cells(line)).toBe(header);
    }
    // The diff block is closed by its own fence only; the picture's block holds no backtick (its
    // labels are entity codes), so nothing in it closes it either.
    const picture = /^(`{3,})mermaid\n([\s\S]*?)\n\1$/m.exec(md);
    expect(picture?.[2]).not.toMatch(/`/);
    const fence = /^(`{3,})diff$/m.exec(md)?.[1] as string;
    expect(
      md
        .replace(picture?.[0] ?? '', '')
        .split('\n')
        .filter((l) => l === fence),
    ).toHaveLength(1);
    expect(md).not.toMatch(/^\+ injected line$/m);
    // No control or bidirectional character anywhere, the diff and the picture included: one would
    // reorder what follows it ("will be destroyed").
    const unseen = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
    expect(md).not.toMatch(unseen);
    // Nor in the picture's labels, where Mermaid turns `#8238;` into the character.
    expect(picture?.[2].replace(/#(\d+);/g, (_c, n: string) => String.fromCodePoint(Number(n)))).not.toMatch(unseen);
  });

  test('the terminal and CI log get no control character and no line a CI runner reads as a command', () => {
    const out = terminalSafe(renderPlanHuman(planWith(text)));
    tally.add({ runs: 1, faultsInjected: 1 });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    // The runner trims a line's leading whitespace before it looks for `::`, and reads `##[` anywhere
    // (found by review: " ::add-mask::" was still a command).
    expect(out).not.toMatch(/^\s*::/m);
    expect(out).not.toContain('##');
  });
});

/**
 * The comment as GitHub shows it: markdown-it (CommonMark, GitHub's tables and strikethrough, raw HTML
 * allowed, URLs with a scheme and emails made links), then what GitHub does to the HTML's text outside
 * code and links: `@name` and `@org/team` mention, `:name:` is an emoji, `#1` a reference, `www.` and
 * an email a link. GitHub's math (`$...$`) is read from the Markdown itself: no `$` outside a fenced
 * block.
 */
const github = new MarkdownIt({ html: true, linkify: true });
github.linkify.set({ fuzzyLink: false, fuzzyEmail: true });
github.enable(['table', 'strikethrough']);

/** The HTML's text outside <code>, <pre> and <a>, where GitHub's filters act. */
function filteredText(html: string): string {
  return html
    .replace(/<(code|pre|a)\b[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(quot|lt|gt|#39);/g, (_e, n: string) => ({ quot: '"', lt: '<', gt: '>', '#39': "'" })[n] as string)
    .replace(/&amp;/g, '&');
}

/**
 * What in the rendered comment is not text, counted: each element, and each place where GitHub's
 * filters would act (a mention, an email, an emoji, a reference).
 */
function active(html: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const add = (what: string, at: string) => found.set(what, [...(found.get(what) ?? []), at]);
  for (const m of html.matchAll(/<([a-z][a-z0-9]*)\b/g)) add(`<${m[1]}>`, html.slice(m.index, m.index + 60));
  const text = filteredText(html);
  for (const [what, re] of [
    ['mention', /(?:^|[^\w`])@[a-z0-9]/gi],
    ['email', /[\w.+-]@[a-z0-9]/gi],
    ['emoji', /:[a-z0-9_+-]+:/gi],
    ['reference', /(?:^|[^\w&])#\d/g],
    // GitHub's GH-1, a repository's own prefixes (JIRA-123), and a commit's SHA.
    ['key reference', /\b[a-z][a-z0-9]*-\d/gi],
    ['commit', /\b[0-9a-f]{7,40}\b/gi],
    // GitHub links `www.` without a scheme (markdown-it's linkify, told to leave bare domains alone, does not).
    ['www link', /(?:^|[^\w])www\.[a-z0-9]/gi],
  ] as const)
    for (const m of text.matchAll(re)) add(what, text.slice(Math.max(0, m.index - 20), m.index + 30));
  return found;
}

/** The comment for a plan whose every free-text place holds `text`, with a deposed object named by it. */
function comment(text: string): string {
  const plan = planWith(text);
  const deposed: Plan['changes'][number] = {
    address: 'intune_trusted_root_certificate.root',
    type: 'intune_trusted_root_certificate',
    name: 'root',
    action: 'delete',
    deposed: true,
    before: { display_name: text },
    after: null,
    id: text,
    changedPaths: [],
    replacePaths: [],
    priorDependencies: [],
  };
  return renderPlanMarkdown({ ...plan, changes: [...plan.changes, deposed] });
}

describe.each([...ACTIVE, ...HOSTILE].map((t) => [JSON.stringify(t), t]))('%s', (_name, text) => {
  test('the Markdown plan, rendered as GitHub does, shows it as text: no link, image, mention, emoji, reference or formatting', () => {
    const own = active(github.render(comment('plain words')));
    const md = comment(text);
    const html = github.render(md);
    tally.add({ runs: 1, faultsInjected: 1 });
    const more = [...active(html)].filter(([what, at]) => at.length > (own.get(what)?.length ?? 0));
    expect(more).toEqual([]);
    expect(md.replace(/^(`{3,})(diff|mermaid)\n[\s\S]*?\n\1$/gm, '')).not.toContain('$');
    // Shown as written: the text is there, whole, wherever the comment says it.
    // Control and bidirectional characters are written out (\u202e), as in the terminal.
    const shown = filteredText(html).replace(/\u200b/g, '');
    expect(shown).toContain(printable(text.replace(/\r\n|\r|\n/g, ' ')));
  });
});

test('a resource name is an identifier, not text: config/invalid-name', () => {
  const names = ['a_new_assign` | add | |\n\n<!-- ', 'root\u001b[2J', '::error::x', '1starts_with_digit', 'x'.repeat(257)];
  for (const name of names) {
    const r = readConfig({
      resource: { intune_trusted_root_certificate: { [name]: { display_name: 'x', platform: 'windows', certificate: 'x' } } },
    });
    tally.add({ runs: 1, faultsInjected: 1 });
    expect(r.resources).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['config/invalid-name']);
  }
  expect(
    readConfig({ resource: { intune_trusted_root_certificate: { WindowsRoot_24A0885B: { display_name: 'x' } } } }).diagnostics.map(
      (d) => d.code,
    ),
  ).not.toContain('config/invalid-name');
});

test('on a terminal, the live progress line still rewrites itself, through the one way there is to do it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-live-'));
  writeFileSync(join(dir, 'stack.json'), JSON.stringify(cleanStack(await testCertificates())));
  const r = await runCli(['apply', '--config', 'stack.json', '--stack', 'live', '--auto-approve'], {
    cwd: dir,
    env: { INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z' },
    isTTY: true,
  });
  expect(r.code).toBe(0);
  expect(r.stderr).toContain(`${REWRITE_LINE}Apply: `);
  expect(r.stderr.split(REWRITE_LINE).join('')).not.toContain('\u001b');
  expect(r.stdout).not.toContain('\u001b');
});
