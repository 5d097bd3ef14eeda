/**
 * The Markdown files hold together: every relative link names a file of the repository, every
 * `#anchor` a heading of the page it points into (GitHub's anchors), and the blocks the consumer
 * and docs tests run are each in one place.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { REPO } from '../helpers/cli';
import { markdownFiles, markedBlocks } from '../helpers/markdown';

/** Text outside fenced code blocks and code spans: links inside code are examples, not links. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const text = (m[1] as string).replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return out;
}

interface Link {
  readonly from: string;
  readonly target: string;
}

function links(): Link[] {
  return markdownFiles().flatMap((from) =>
    [...prose(readFileSync(join(REPO, from), 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1] as string)
      .filter((t) => !/^[a-z][a-z+.-]*:/i.test(t))
      .map((target) => ({ from, target })),
  );
}

const FILES = markdownFiles();

test('the documentation is where the README says it is', () => {
  for (const page of ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'docs/guide.md', 'docs/cli.md', 'docs/resources.md', 'docs/rules.md'])
    expect(FILES).toContain(page);
});

test('GitHub anchors: punctuation dropped, repeats numbered', () => {
  expect([
    ...anchors('# `intune-scep validate`\n## Saved plans and the plan key\n## Text is data\n## Text is data\n```\n# not a heading\n```\n'),
  ]).toEqual(['intune-scep-validate', 'saved-plans-and-the-plan-key', 'text-is-data', 'text-is-data-1']);
});

test.each(links().map((l) => [`${l.from} -> ${l.target}`, l] as const))('%s resolves', (_, { from, target }) => {
  const [path, anchor] = target.split('#') as [string, string | undefined];
  const file = path === '' ? from : normalize(join(dirname(from), decodeURIComponent(path)));
  expect(file.startsWith('..')).toBe(false);
  expect(existsSync(join(REPO, file))).toBe(true);
  if (anchor !== undefined) {
    expect(file.endsWith('.md')).toBe(true);
    expect([...anchors(readFileSync(join(REPO, file), 'utf8'))]).toContain(anchor);
  }
});

test('every block the tests run has one home', () => {
  // markedBlocks throws when a name is in two places.
  expect(Object.keys(markedBlocks('consumer')).sort()).toEqual([
    'cdktf',
    'cdktf.json',
    'commands',
    'install',
    'library.ts',
    'main.ts',
    'tsconfig.json',
  ]);
  expect(Object.keys(markedBlocks('example')).length).toBeGreaterThan(0);
});
