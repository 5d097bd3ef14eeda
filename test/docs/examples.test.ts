/**
 * The TypeScript a reader copies from the documentation compiles: every `<!-- example:NAME.ts -->`
 * block, and the README's stack, type-checked in-process against this repository's constructs as
 * a project's `tsc` would (export's own check, lib/export/compile.ts). The package tier runs the
 * README's stack for real (test/package/consumer.ts).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileMain } from '../../lib/export/compile';
import { markedBlocks } from '../helpers/markdown';

jest.setTimeout(120_000);

const blocks = {
  ...Object.fromEntries(Object.entries(markedBlocks('example')).filter(([name]) => name.endsWith('.ts'))),
  'main.ts': markedBlocks('consumer')['main.ts'],
};

test('the docs have TypeScript examples to check', () => {
  expect(Object.keys(blocks).length).toBeGreaterThanOrEqual(3);
});

test.each(Object.entries(blocks))('%s compiles', async (_, block) => {
  const failure = await compileMain((block as { text: string }).text, join(tmpdir(), 'intune-scep-docs-example'), 'cdktf');
  expect(failure).toBeUndefined();
});
