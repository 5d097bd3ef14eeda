/**
 * Regenerates the parts of docs/ that are facts of the code, so they cannot drift from it:
 *
 * | file             | what is generated                                                         |
 * |------------------|---------------------------------------------------------------------------|
 * | docs/resources.md| the whole page, from lib/schema (resource types, attributes, platforms)  |
 * | docs/cli.md      | each `<!-- help:COMMAND -->` block: the real `intune-scep COMMAND --help` |
 *
 * Run: npm run generate:docs. Never edit the generated parts by hand; test/docs/generated.test.ts
 * fails when they are stale, and when a command of the CLI has no help block.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../lib/cli/main';
import { packageRoot } from '../lib/package-info';
import {
  PLATFORMS,
  PLATFORM_TABLE,
  PROVIDER_CONFIG,
  PROVIDER_SOURCE,
  RESOURCES,
  describeDefault,
  type AttributeDef,
  type AttrType,
  type FieldDef,
} from '../lib/schema';

export const RESOURCES_MD = join(packageRoot(), 'docs', 'resources.md');
export const CLI_MD = join(packageRoot(), 'docs', 'cli.md');

/** Text inside a Markdown table cell: one line, pipes escaped, `<` outside code spans not read as HTML. */
function cell(text: string): string {
  const spans = text.replace(/\s*\n\s*/g, ' ').split('`');
  return spans
    .map((s, i) => (i % 2 === 0 ? s.replace(/</g, '&lt;') : s))
    .join('`')
    .replace(/\|/g, '\\|');
}

const code = (v: string | number) => `\`${v}\``;

function typeName(type: AttrType | FieldDef['type']): string {
  const kind = typeof type === 'string' ? type : type.kind;
  switch (kind) {
    case 'string-list':
      return 'list of string';
    case 'object-list':
      return 'list of object';
    default:
      return kind;
  }
}

/** What the description does not already say: allowed values and the facts that change behaviour. */
function notes(def: AttributeDef): string[] {
  const out: string[] = [];
  if (def.enum && !def.enum.every((v) => def.description.includes(String(v)))) out.push(`Values: ${def.enum.map(code).join(', ')}.`);
  if (def.references) out.push(`References the \`id\` of ${def.references.map(code).join(' or ')}.`);
  if (def.setLike) out.push('A set: order and repeats mean nothing.');
  if (def.sensitive) out.push('Sensitive: never in logs or plans.');
  if (def.stackOnly) out.push('A setting of the stack: never sent to Graph.');
  // On another platform an attribute is refused by its platformRule, or by the schema check.
  const onOtherPlatform = def.platforms ? (def.platformRule ?? 'schema/not-applicable') : undefined;
  const rules = [def.enumRule, def.requiredRule, onOtherPlatform].filter((r): r is string => r !== undefined);
  if (rules.length) out.push(`Checked by ${[...new Set(rules)].map(code).join(', ')}.`);
  return out;
}

function attributeTable(attributes: Readonly<Record<string, AttributeDef>>, withChange: boolean): string[] {
  const head = withChange
    ? ['| attribute | type | presence | default | platforms | on change | description |', '|---|---|---|---|---|---|---|']
    : ['| attribute | type | presence | default | description |', '|---|---|---|---|---|'];
  const rows = Object.entries(attributes).map(([name, def]) => {
    // A fixed default is a value; a computed one is a sentence whose quoted parts are values.
    const dflt =
      def.default === undefined
        ? ''
        : 'value' in def.default
          ? code(describeDefault(def) as string)
          : (describeDefault(def) as string).replace(/"[^"]*"/g, (v) => code(v));
    const cells = [code(name), typeName(def.type), def.presence, dflt];
    if (withChange) {
      cells.push(def.platforms ? def.platforms.map(code).join(', ') : 'all');
      cells.push(def.presence === 'computed' ? '' : def.forcesReplacement ? `replaces: ${def.forcesReplacement}` : 'in place');
    }
    cells.push([def.description, ...notes(def)].join(' '));
    return `| ${cells.map(cell).join(' | ')} |`;
  });
  return [...head, ...rows];
}

function nestedTables(attributes: Readonly<Record<string, AttributeDef>>): string[] {
  const out: string[] = [];
  for (const [name, def] of Object.entries(attributes)) {
    if (def.type.kind !== 'object-list') continue;
    out.push('', `**${code(name)}**, each element:`, '', '| field | type | required | description |', '|---|---|---|---|');
    for (const [field, f] of Object.entries(def.type.fields)) {
      const text = [
        f.description,
        ...(f.enum && !f.enum.every((v) => f.description.includes(v)) ? [`Values: ${f.enum.map(code).join(', ')}.`] : []),
        ...(f.enumRule ? [`Checked by ${code(f.enumRule)}.`] : []),
      ].join(' ');
      out.push(`| ${[code(field), typeName(f.type), f.required ? 'yes' : 'no', text].map(cell).join(' | ')} |`);
    }
  }
  return out;
}

/** docs/resources.md, whole. */
export function resourceReference(): string {
  const lines = [
    '# Resource reference',
    '',
    '<!-- Generated by scripts/generate-docs.ts from lib/schema. Do not edit: run `npm run generate:docs`. -->',
    '',
    `The resource types of the provider \`intune\` (source \`${PROVIDER_SOURCE}\`), every attribute as`,
    "`lib/schema/resources.ts` declares it. The names are Terraform's, as in `cdk.tf.json` and HCL; the",
    'generated CDKTF bindings (L1) use camelCase (`display_name` is `displayName`). The L2 constructs',
    '([guide](guide.md)) set these for you.',
    '',
    '- **presence**: `required` (you set it), `optional` (you may; with a default, the default is what',
    '  an unset attribute means, at plan and in the provider), `computed` (read from Graph or derived;',
    '  never set).',
    '- **platforms**: where the attribute means something; set on another platform, it is an error',
    '  (the rule named).',
    '- **on change**: `in place` (an update of the object), or `replaces` (a new object is made and the',
    '  old one deleted, new first by default) with the reason the plan shows.',
    '- The rules that check values across attributes and resources are in [rules.md](rules.md).',
    '',
    '## Platforms',
    '',
    'The values of `platform`, and the Graph types behind each.',
    '',
    '| platform | in the Intune admin center | SCEP profile `@odata.type` | trusted root `@odata.type` | certificates reported and revoked by Intune |',
    '|---|---|---|---|---|',
    ...PLATFORMS.map((p) => {
      const info = PLATFORM_TABLE[p];
      return `| ${[code(p), `${info.label}${info.deprecated ? ', deprecated (a warning)' : ''}`, code(info.scepODataType), code(info.rootODataType), info.certificatesReported ? 'yes' : 'no'].map(cell).join(' | ')} |`;
    }),
  ];
  for (const def of Object.values(RESOURCES)) {
    lines.push('', `## ${def.type}`, '', def.description, '', ...attributeTable(def.attributes, true), ...nestedTables(def.attributes));
  }
  lines.push(
    '',
    '## Provider configuration',
    '',
    'The `provider "intune"` block (CDKTF: `new IntuneProvider(this, \'intune\', {...})`; a stack of L2',
    'constructs that declares none gets one with `{}` at synth). Every attribute is optional; the',
    'environment variable each names is read when it is unset.',
    '',
    ...attributeTable(PROVIDER_CONFIG, false),
    '',
  );
  return lines.join('\n');
}

/**
 * `intune-scep ARGS --help` as a pipe gets it (80 columns: commander wraps help to the terminal's
 * width only when stdout is a terminal, so the text would depend on who runs the generator).
 */
export async function helpText(args: readonly string[]): Promise<string> {
  let out = '';
  let err = '';
  const own = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
  Object.defineProperty(process.stdout, 'isTTY', { value: false, configurable: true, writable: true });
  try {
    const status = await run([...args, '--help'], { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {}, cwd: packageRoot() });
    if (status !== 0 || err !== '') throw new Error(`intune-scep ${args.join(' ')} --help exited ${status}: ${err}`);
  } finally {
    if (own) Object.defineProperty(process.stdout, 'isTTY', own);
    else delete (process.stdout as { isTTY?: boolean }).isTTY;
  }
  return out.trimEnd();
}

/** The subcommands a help text lists under "Commands:" (commander's own `help` left out). */
function subcommands(help: string): string[] {
  const section = /\nCommands:\n([\s\S]*)$/.exec(help)?.[1] ?? '';
  return section
    .split('\n')
    .map((l) => /^ {2}([a-z][\w-]*)/.exec(l)?.[1])
    .filter((c): c is string => c !== undefined && c !== 'help');
}

/** Every command of the CLI that does something, as argv prefixes: `plan`, `state list`, ... */
export async function commandPaths(prefix: readonly string[] = []): Promise<string[]> {
  const out: string[] = [];
  for (const name of subcommands(await helpText(prefix))) {
    const path = [...prefix, name];
    const below = await commandPaths(path);
    out.push(...(below.length ? below : [path.join(' ')]));
  }
  return out;
}

const HELP_BLOCK = /<!-- help:([a-z][\w -]*?) -->\n[\s\S]*?<!-- \/help -->/g;

/** The commands docs/cli.md has a help block for, in order. */
export function helpBlocks(markdown: string): string[] {
  return [...markdown.matchAll(HELP_BLOCK)].map((m) => m[1] as string);
}

/** `markdown` with every help block holding the CLI's help text of today. */
export async function fillHelp(markdown: string): Promise<string> {
  const texts = new Map<string, string>();
  for (const command of helpBlocks(markdown)) texts.set(command, await helpText(command.split(' ')));
  return markdown.replace(
    HELP_BLOCK,
    (_, command: string) => `<!-- help:${command} -->\n\`\`\`text\n${texts.get(command)}\n\`\`\`\n<!-- /help -->`,
  );
}

async function main(): Promise<void> {
  writeFileSync(RESOURCES_MD, resourceReference());
  const cli = readFileSync(CLI_MD, 'utf8');
  const filled = await fillHelp(cli);
  writeFileSync(CLI_MD, filled);
  const missing = (await commandPaths()).filter((c) => !helpBlocks(filled).includes(c));
  process.stdout.write(`generated docs/resources.md; ${helpBlocks(filled).length} help blocks in docs/cli.md\n`);
  if (missing.length) {
    process.stderr.write(
      `docs/cli.md has no help block for: ${missing.join(', ')}. Add a section with <!-- help:COMMAND --> <!-- /help --> and run again.\n`,
    );
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  });
}
