/**
 * The TypeScript a reader copies from the documentation compiles: every `<!-- example:NAME.ts -->`
 * block, and the README's stack, type-checked in-process against this repository's constructs as
 * a project's `tsc` would (export's own check, lib/export/compile.ts). The package tier runs the
 * README's stack for real (test/package/consumer.ts).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { validateStack } from '../../lib';
import { compileMain } from '../../lib/export/compile';
import { markedBlocks } from '../helpers/markdown';
import { REPO } from '../helpers/cli';

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

test("the README's stack synthesizes to a stack every rule passes, warnings included", () => {
  const outdir = mkdtempSync(join(tmpdir(), 'intune-scep-readme-stack-'));
  const source = (blocks['main.ts'] as { text: string }).text
    .replace("'certs/root.cer'", JSON.stringify(join(REPO, 'examples', 'root.cer')))
    .replace('new App()', `new App({ outdir: ${JSON.stringify(outdir)} })`);
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const modules: Record<string, unknown> = { cdktf: require('cdktf'), 'intune-scep/constructs': require('../../lib/constructs') };
  const exports = {};
  new Function('require', 'exports', js)((name: string) => modules[name], exports);
  const stack = readFileSync(join(outdir, 'stacks', 'certificates', 'cdk.tf.json'), 'utf8');
  expect(validateStack(stack, { now: new Date('2026-06-01T00:00:00Z') })).toEqual([]);
});
