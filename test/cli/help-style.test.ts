/**
 * Help texts in one style, as `--help` prints them: a command's description is a sentence (capital
 * first, full stop last); an option's is a phrase (lower case first, no full stop), like commander's
 * own `-h, --help  display help for command`.
 */
import { commandPaths, helpText } from '../../scripts/generate-docs';

/** Every command path, the groups (`state`, `mock-graph`) and the program itself included. */
async function allPaths(): Promise<string[][]> {
  const leaves = (await commandPaths()).map((p) => p.split(' '));
  const seen = new Map<string, string[]>([['', []]]);
  for (const leaf of leaves) for (let i = 1; i <= leaf.length; i++) seen.set(leaf.slice(0, i).join(' '), leaf.slice(0, i));
  return [...seen.values()];
}

function parse(help: string): { description: string; options: string[] } {
  const [, afterUsage = ''] = help.split(/^Usage: .*\n/m);
  const description = (afterUsage.split(/\n\n(Arguments|Options|Commands):/)[0] ?? '').replace(/\s+/g, ' ').trim();
  const section = /\nOptions:\n([\s\S]*?)(\n\n|$)/.exec(help)?.[1] ?? '';
  const options: string[] = [];
  for (const line of section.split('\n')) {
    const m = /^ {2}(-\S.*?) {2,}(\S.*)$/.exec(line);
    if (m) options.push(m[2] as string);
    else if (line.trim() && options.length) options[options.length - 1] += ` ${line.trim()}`;
  }
  return { description, options };
}

test('every command says what it does in a sentence; every option in a lower-case phrase', async () => {
  const problems: string[] = [];
  for (const path of await allPaths()) {
    const { description, options } = parse(await helpText(path));
    const where = `intune-scep ${path.join(' ')}`.trim();
    if (!/^[A-Z]/.test(description) || !/\.$/.test(description)) problems.push(`${where}: description ${JSON.stringify(description)}`);
    for (const o of options)
      if (/^[A-Z]/.test(o) || /\.(\s*\(default: .*\))?$/.test(o)) problems.push(`${where}: option ${JSON.stringify(o)}`);
  }
  expect(problems).toEqual([]);
});
