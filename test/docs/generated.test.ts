/**
 * The generated parts of docs/ are what scripts/generate-docs.ts makes from the code today: the
 * resource reference from lib/schema, and each command's options in docs/cli.md from the CLI's own
 * `--help` (as the L1 bindings' test does for lib/constructs/generated).
 */
import { readFileSync } from 'node:fs';
import { CLI_MD, RESOURCES_MD, commandPaths, fillHelp, helpBlocks, resourceReference } from '../../scripts/generate-docs';
import { RESOURCES } from '../../lib/schema';

const FIX = 'run npm run generate:docs';

test(`docs/resources.md is what the generator makes from lib/schema today (${FIX} when not)`, () => {
  expect(readFileSync(RESOURCES_MD, 'utf8')).toBe(resourceReference());
});

test('the resource reference names every resource type and attribute of the schema', () => {
  const page = resourceReference();
  for (const def of Object.values(RESOURCES)) {
    expect(page).toContain(`## ${def.type}\n`);
    for (const name of Object.keys(def.attributes)) expect(page).toContain(`| \`${name}\` |`);
  }
});

test(`docs/cli.md shows each command's --help as the CLI prints it today (${FIX} when not)`, async () => {
  const page = readFileSync(CLI_MD, 'utf8');
  expect(page).toBe(await fillHelp(page));
});

test('docs/cli.md has a help block for every command of the CLI, and none for a command it lacks', async () => {
  const commands = await commandPaths();
  expect(commands).toEqual(expect.arrayContaining(['plan', 'apply', 'state list', 'mock-graph serve', 'provider install']));
  expect([...helpBlocks(readFileSync(CLI_MD, 'utf8'))].sort()).toEqual([...commands].sort());
});

test('the help text does not depend on the terminal of whoever generates it', async () => {
  const page = readFileSync(CLI_MD, 'utf8');
  const stdout = process.stdout as { isTTY?: boolean; columns?: number };
  const was = { isTTY: Object.getOwnPropertyDescriptor(stdout, 'isTTY'), columns: Object.getOwnPropertyDescriptor(stdout, 'columns') };
  Object.defineProperty(stdout, 'isTTY', { value: true, configurable: true, writable: true });
  Object.defineProperty(stdout, 'columns', { value: 200, configurable: true, writable: true });
  try {
    expect(await fillHelp(page)).toBe(page);
  } finally {
    for (const [key, own] of Object.entries(was)) {
      if (own) Object.defineProperty(stdout, key, own);
      else delete (stdout as Record<string, unknown>)[key];
    }
  }
});
