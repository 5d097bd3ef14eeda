/**
 * Type-check the generated main.ts in-process, as `tsc -p .` in the app's folder will after
 * `npm install`, before export says done: an app that does not compile is a bug of export, and the
 * user hears it from export, not from their first `synth`.
 *
 * The folder has no node_modules yet, so imports resolve as for the intune-scep that is running:
 *
 * | import in main.ts              | resolves to                                                      |
 * |--------------------------------|------------------------------------------------------------------|
 * | `intune-scep/constructs`       | this package's constructs beside this file (`../constructs`:      |
 * |                                | the .d.ts files when installed, the sources in this repository)  |
 * | `intune-scep/cdktn`            | `../constructs-cdktn` (made by the build); from the sources,      |
 * |                                | where the build has not made it, `../constructs` (same types)     |
 * | `cdktf`, `cdktn`, `constructs` | as Node resolves them from this package (the copies export runs) |
 *
 * TypeScript is an optional peer dependency, like cdktf: loaded only here, only by export.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as TS from 'typescript';
import { ExportError } from './errors';
import { TSCONFIG_COMPILER_OPTIONS } from './render';

/** The first error in main.ts: where it is (1-based), tsc's code and its message. */
export interface CompileFailure {
  readonly line: number;
  readonly column: number;
  readonly code: number;
  readonly message: string;
}

async function loadTypeScript(): Promise<typeof TS> {
  let ts: typeof TS;
  try {
    ts = (await import('typescript')) as typeof TS;
  } catch (e) {
    if (/Cannot find module 'typescript'/.test((e as Error).message)) {
      throw new ExportError(
        'export type-checks the app it writes with TypeScript, and "typescript" is not installed. Install it where intune-scep runs: npm install --save-dev typescript@5.9',
      );
    }
    throw e;
  }
  // TypeScript 5 and 6 have the compiler API this file uses; a later one may not.
  if (typeof ts.createProgram !== 'function' || typeof ts.resolveModuleName !== 'function') {
    throw new ExportError(
      `export type-checks the app it writes with TypeScript's compiler API, which the installed "typescript" (${String(ts.version)}) does not offer. Install TypeScript 5 where intune-scep runs: npm install --save-dev typescript@5.9`,
    );
  }
  return ts;
}

/** Parsed library files by path: they do not change while a process runs, and parsing them is most of a compile. */
const parsed = new Map<string, TS.SourceFile>();
/** The last compile's program: the next one reuses its module resolutions and bound library files. */
let previous: TS.Program | undefined;

/**
 * Type-check `source` as the app's main.ts (in `dir`, which need not exist): undefined when it
 * compiles, else its first error.
 */
export async function compileMain(source: string, dir: string, flavour: 'cdktf' | 'cdktn'): Promise<CompileFailure | undefined> {
  const ts = await loadTypeScript();
  // main.ts is checked at one made-up path, whatever `dir` (its imports resolve from here, never from
  // `dir`): the same root file, so the next compile can reuse this one's program.
  const mainPath = resolve(__dirname, 'exported-app', 'main.ts');
  const converted = ts.convertCompilerOptionsFromJson(TSCONFIG_COMPILER_OPTIONS, dir);
  // The app's own options, but no emit, and no @types lookup in a folder without node_modules
  // (main.ts uses no Node API).
  const options: TS.CompilerOptions = { ...converted.options, noEmit: true, types: [], rootDir: undefined, outDir: undefined };
  const host = ts.createCompilerHost(options, true);
  const here = join(__dirname, 'compile.ts');
  const flavourDir = flavour === 'cdktn' && existsSync(join(__dirname, '..', 'constructs-cdktn')) ? '../constructs-cdktn' : '../constructs';
  const specifiers = new Map([
    ['intune-scep/constructs', '../constructs'],
    ['intune-scep/cdktn', flavourDir],
  ]);
  // Files the compile makes up: main.ts, and Microsoft's Graph types as an empty module. The built
  // constructs' declarations never name those (the build checks it); run from source (the tests), the
  // constructs' modules reach them through the engine's, never through a prop main.ts sets, and 4 MB
  // of declarations would be most of a compile's time. skipLibCheck leaves what refers to them unchecked.
  const graphTypes = resolve(__dirname, 'exported-app', 'node_modules', '@microsoft', 'microsoft-graph-types-beta', 'index.d.ts');
  const virtual = new Map([
    [mainPath, source],
    [graphTypes, 'export {};\n'],
  ]);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = virtual.get(resolve(fileName));
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    const hit = parsed.get(key);
    if (hit) return hit;
    const sf = getSourceFile(fileName, languageVersion, onError, shouldCreate);
    if (sf) parsed.set(key, sf);
    return sf;
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => virtual.has(resolve(f)) || fileExists(f);
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => virtual.get(resolve(f)) ?? readFile(f);
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, opts) =>
    literals.map((literal) => {
      const name = literal.text;
      if (name === '@microsoft/microsoft-graph-types-beta')
        return { resolvedModule: { resolvedFileName: graphTypes, extension: ts.Extension.Dts, isExternalLibraryImport: true } };
      if (resolve(containingFile) !== mainPath) return ts.resolveModuleName(name, containingFile, opts, host, undefined, redirected);
      // main.ts's imports, from where this module is.
      return ts.resolveModuleName(specifiers.get(name) ?? name, here, opts, host, undefined, redirected);
    });
  const program = ts.createProgram({ rootNames: [mainPath], options, host, oldProgram: previous });
  previous = program;
  const main = program.getSourceFile(mainPath) as TS.SourceFile;
  const diagnostics = [
    ...program.getSyntacticDiagnostics(main),
    ...program.getGlobalDiagnostics(),
    ...program.getSemanticDiagnostics(main),
  ];
  const first = diagnostics.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (!first) return undefined;
  const at = first.file && first.start !== undefined ? first.file.getLineAndCharacterOfPosition(first.start) : { line: -1, character: -1 };
  return {
    line: at.line + 1,
    column: at.character + 1,
    code: first.code,
    message: ts.flattenDiagnosticMessageText(first.messageText, ' '),
  };
}
