/** The exported app as TypeScript source (main.ts), and the project files around it. */
import type { AppSpec, CallSpec, Expr } from './spec';

export interface RenderOptions {
  /** `cdktf` (default) or `cdktn`, the maintained fork. */
  readonly flavour: 'cdktf' | 'cdktn';
  /** Where the objects came from, for the header comment. */
  readonly source: string;
  readonly packageVersion: string;
  /** The app's folder (--out), whose name names the package; the stack's when it makes no npm name. */
  readonly folder?: string;
}

/**
 * Characters written as escapes in main.ts: controls (C0, C1, NUL), line and paragraph separators,
 * and the bidirectional controls that make source read otherwise than it compiles (Trojan Source).
 */
const UNSEEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(UNSEEN, escaped)}'`;
/** Text for a comment: one line, printable, never closing a block comment. */
const commentText = (s: string) => s.replace(UNSEEN, ' ').replace(/\*\//g, '* /');
const key = (k: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : quote(k));

export function renderExpr(e: Expr, indent = ''): string {
  switch (e.kind) {
    case 'value':
      return typeof e.value === 'string' ? quote(e.value) : String(e.value);
    case 'ref':
      return e.property ? `${e.name}.${e.property}` : e.name;
    case 'symbol':
      return e.name;
    case 'file':
      return quote(e.path);
    case 'call':
      return `${e.callee}(${e.args.map((a) => renderExpr(a, indent)).join(', ')})`;
    case 'method':
      return `${renderExpr(e.target, indent)}.${e.method}(${e.args.map((a) => renderExpr(a, indent)).join(', ')})`;
    case 'array': {
      const items = e.items.map((i) => renderExpr(i, `${indent}  `));
      const flat = `[${items.join(', ')}]`;
      return flat.length <= 100 && !flat.includes('\n') ? flat : `[\n${items.map((i) => `${indent}  ${i},`).join('\n')}\n${indent}]`;
    }
    case 'object': {
      if (e.entries.length === 0) return '{}';
      const flat = `{ ${e.entries.map(([k, v]) => `${key(k)}: ${renderExpr(v, indent)}`).join(', ')} }`;
      if (flat.length <= 100 && !flat.includes('\n')) return flat;
      return `{\n${e.entries.map(([k, v]) => `${indent}  ${key(k)}: ${renderExpr(v, `${indent}  `)},`).join('\n')}\n${indent}}`;
    }
  }
}

/** The names main.ts imports from the constructs library. */
function imports(app: AppSpec): string[] {
  const names = new Set<string>(['IntuneProvider']);
  const walk = (e: Expr) => {
    if (e.kind === 'call') names.add(e.callee.split('.')[0] as string);
    if (e.kind === 'symbol') names.add(e.name);
    if (e.kind === 'call' || e.kind === 'method') e.args.forEach(walk);
    if (e.kind === 'method') walk(e.target);
    if (e.kind === 'array') e.items.forEach(walk);
    if (e.kind === 'object') e.entries.forEach(([, v]) => walk(v));
  };
  for (const c of app.constructs) {
    names.add(c.className);
    walk(c.props);
    for (const call of c.calls) call.args.forEach(walk);
  }
  return [...names].sort();
}

function statement(variable: string, c: CallSpec, indent: string): string {
  return `${indent}${variable}${c.on ? `.${c.on}` : ''}.${c.method}(${c.args.map((a) => renderExpr(a, indent)).join(', ')});`;
}

export function renderMain(app: AppSpec, options: RenderOptions): string {
  const pkg = options.flavour === 'cdktn' ? 'intune-scep/cdktn' : 'intune-scep/constructs';
  const lines: string[] = [];
  lines.push(
    '/**',
    ` * ${counted(app)} exported by intune-scep ${commentText(options.packageVersion)} from ${commentText(options.source)}.`,
    ' * This is your stack now: edit it and run `intune-scep plan`. Each object carries importFrom(<Graph id>),',
    ' * so Terraform adopts it; intune-scep export already wrote its own state for it.',
    ' */',
    `import { App, TerraformStack } from '${options.flavour}';`,
    "import type { Construct } from 'constructs';",
    `import { ${imports(app).join(', ')} } from '${pkg}';`,
    '',
    'export class IntuneStack extends TerraformStack {',
    '  constructor(scope: Construct, id: string) {',
    '    super(scope, id);',
    "    new IntuneProvider(this, 'intune', {});",
  );
  const indent = '    ';
  let section = '';
  for (const c of app.constructs) {
    const title = {
      ca: 'Microsoft Cloud PKI certification authorities',
      root: 'Trusted root certificates',
      scep: 'SCEP certificate profiles',
    }[c.kind];
    if (title !== section) {
      lines.push('', `${indent}// ${title}`);
      section = title;
    }
    if (c.comment) lines.push(`${indent}// ${commentText(c.comment)}`);
    lines.push(`${indent}const ${c.variable} = new ${c.className}(this, ${quote(c.id)}, ${renderExpr(c.props, indent)});`);
    for (const call of c.calls) lines.push(statement(c.variable, call, indent));
  }
  lines.push('  }', '}', '', 'const app = new App();', `new IntuneStack(app, ${quote(app.stack)});`, 'app.synth();', '');
  return lines.join('\n');
}

/** The exported app's compiler options (tsconfig.json); export's own type-check of main.ts uses them too. */
export const TSCONFIG_COMPILER_OPTIONS = {
  target: 'ES2022',
  // The app runs on Node: no DOM types (the compiler's default for a target), as in the README's tsconfig.json.
  lib: ['ES2022'],
  module: 'commonjs',
  moduleResolution: 'node10',
  strict: true,
  noUnusedLocals: true,
  esModuleInterop: true,
  skipLibCheck: true,
  outDir: '.build',
  rootDir: '.',
  types: ['node'],
} as const;

/** package.json, tsconfig.json, cdktf.json and .gitignore of the exported app. */
export function renderProject(app: AppSpec, options: RenderOptions): Record<string, string> {
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  const slug = app.stack.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  // An npm package name from the folder the user chose (`--out contoso-intune`), else the stack's.
  const fromFolder = (options.folder ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, 100);
  return {
    'package.json': json({
      name: fromFolder || `${slug}-intune`,
      private: true,
      description: 'Intune certificate profiles as code (exported by intune-scep).',
      scripts: {
        build: 'tsc -p .',
        synth: 'intune-scep synth',
        validate: 'intune-scep validate',
        plan: 'intune-scep plan',
        apply: 'intune-scep apply',
      },
      dependencies: {
        'intune-scep': `^${options.packageVersion}`,
        [options.flavour]: options.flavour === 'cdktn' ? '^0.24.0' : '^0.21.0',
        constructs: '^10.4.2',
      },
      devDependencies: { typescript: '5.9.3', '@types/node': '^20.0.0' },
    }),
    'tsconfig.json': json({
      compilerOptions: TSCONFIG_COMPILER_OPTIONS,
      include: ['main.ts'],
    }),
    'cdktf.json': json({
      language: 'typescript',
      app: 'npx tsc -p . && node .build/main.js',
      output: 'cdktf.out',
      projectId: `intune-scep-export-${slug}`,
      sendCrashReports: 'false',
      terraformProviders: [],
      terraformModules: [],
      context: {},
    }),
    // .intune-scep/ holds state and the embedded tenant: a pull request that could edit state could
    // make apply delete what state names. Keep state out of the repository (remote state for
    // pipelines); the app's importFrom blocks adopt the objects again where there is none.
    '.gitignore': ['node_modules/', '.build/', 'cdktf.out/', '.terraform/', '.intune-scep/', ''].join('\n'),
  };
}

/** "3 Intune certificate profile(s)", and the Cloud PKI CAs when there are any. */
function counted(app: AppSpec): string {
  const cas = app.constructs.filter((c) => c.kind === 'ca').length;
  const profiles = `${app.constructs.length - cas} Intune certificate profile(s)`;
  return cas > 0 ? `${profiles} and ${cas} Cloud PKI certification authorit${cas === 1 ? 'y' : 'ies'}` : profiles;
}
