/**
 * The part of `npm run build` that tsc does not do (run after it: node dist/scripts/build-package.js):
 *
 * - the provider's .proto files beside the compiled provider (dist/lib/provider/proto/), so the
 *   package finds them without its source tree;
 * - the provider as one file, every dependency inside (dist/provider/terraform-provider-intune.cjs,
 *   what `provider install` puts in the mirror): see bundle-provider.ts;
 * - the cdktn flavour of the constructs (dist/lib/constructs-cdktn/, exported as intune-scep/cdktn):
 *   the compiled constructs, JavaScript and declarations, with the module `cdktf` replaced by `cdktn`.
 *   CDK Terrain is CDKTF's maintained fork with the same API under a new package name; constructs
 *   must extend the classes of the App they live in, so each flavour needs its own copy. Nothing else
 *   changes: both copies use the same engine, rules and schema (relative imports stay valid because the
 *   copy is a sibling of dist/lib/constructs/), and the user's own `constructs`.
 *
 * The copy is checked, not trusted: the build fails when no `cdktf` import was found to replace, when
 * one is left, or when a module outside the constructs imports `cdktf` (then the copy would not be a
 * flavour of its own).
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { packageRoot } from '../lib/package-info';
import { bundleProvider } from './bundle-provider';

/** A module specifier naming `cdktf` (or a subpath), in require(), import ... from, or import(). */
const CDKTF_SPECIFIER = /(\brequire\(\s*|\bfrom\s+|\bimport\(\s*)(['"])cdktf(\/[^'"]*)?\2/g;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

export class BuildError extends Error {}

/** Copies dist/lib/constructs to dist/lib/constructs-cdktn with cdktf imports made cdktn; returns the count replaced. */
export function buildCdktnFlavour(distLib: string): number {
  const from = join(distLib, 'constructs');
  const to = join(distLib, 'constructs-cdktn');
  rmSync(to, { recursive: true, force: true });
  let replaced = 0;
  for (const file of files(from)) {
    if (!/\.(js|d\.ts)$/.test(file)) continue;
    const text = readFileSync(file, 'utf8')
      .replace(CDKTF_SPECIFIER, (_m, lead: string, q: string, sub: string | undefined) => {
        replaced++;
        return `${lead}${q}cdktn${sub ?? ''}${q}`;
      })
      // The source map belongs to the cdktf copy's file; the flavour has none of its own.
      .replace(/\n\/\/# sourceMappingURL=.*$/, '\n');
    const target = join(to, relative(from, file));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  if (replaced === 0) throw new BuildError(`no import of "cdktf" found in ${from}: is the build complete?`);
  for (const file of files(to)) {
    if (new RegExp(CDKTF_SPECIFIER.source).test(readFileSync(file, 'utf8'))) throw new BuildError(`${file} still imports "cdktf"`);
  }
  for (const file of files(distLib)) {
    if (file.startsWith(from + '/') || file.startsWith(to + '/') || !file.endsWith('.js')) continue;
    if (new RegExp(CDKTF_SPECIFIER.source).test(readFileSync(file, 'utf8'))) {
      throw new BuildError(
        `${file} imports "cdktf" outside lib/constructs: the cdktn flavour would not be one. Keep CDK imports in lib/constructs.`,
      );
    }
  }
  return replaced;
}

/**
 * What a stack's compile may load through the constructs' declarations: the CDK and Node. (The
 * schema's index would bring zod, 95 declaration files: the constructs import the schema's modules
 * they need by name.)
 */
const CONSTRUCT_TYPE_PACKAGES = /^(cdktf|constructs|node:.*)(\/.*)?$/;
/** A module specifier in a declaration file: `from '...'`, `import('...')`, `/// <reference types="..." />`. */
const DTS_SPECIFIER = /(?:\bfrom\s+|\bimport\(\s*|<reference\s+types=)(['"])([^'"]+)\1/g;

/**
 * The declarations a stack's `tsc` reads through `intune-scep/constructs`, from index.d.ts along
 * their relative imports: they may name only the CDK and Node. Anything else is read on every
 * synth of every stack (Microsoft's Graph types are 4 MB, more than half of a small stack's
 * compile), so the build fails naming the file that brings it in.
 */
export function checkConstructTypes(distLib: string): number {
  const seen = new Set<string>();
  const queue = [join(distLib, 'constructs', 'index.d.ts')];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, , specifier] of readFileSync(file, 'utf8').matchAll(DTS_SPECIFIER)) {
      if (specifier === undefined) continue;
      if (specifier.startsWith('.')) {
        const base = join(dirname(file), specifier);
        const next = [`${base}.d.ts`, join(base, 'index.d.ts')].find((f) => statSync(f, { throwIfNoEntry: false })?.isFile());
        if (!next) throw new BuildError(`${relative(distLib, file)} imports ${specifier}, which has no declaration file`);
        queue.push(next);
      } else if (!CONSTRUCT_TYPE_PACKAGES.test(specifier)) {
        throw new BuildError(
          `${relative(distLib, file)} names the package "${specifier}" in the constructs' types, which every stack's compile would read: keep its types out of what lib/constructs exports (spell the type in lib/schema).`,
        );
      }
    }
  }
  return seen.size;
}

/** The provider's .proto files into dist/lib/provider/proto/. */
export function copyProtos(root: string): number {
  const from = join(root, 'lib', 'provider', 'proto');
  const to = join(root, 'dist', 'lib', 'provider', 'proto');
  mkdirSync(to, { recursive: true });
  const protos = readdirSync(from).filter((f) => f.endsWith('.proto'));
  for (const f of protos) copyFileSync(join(from, f), join(to, f));
  return protos.length;
}

async function main(): Promise<void> {
  const root = packageRoot();
  const protos = copyProtos(root);
  const declarations = checkConstructTypes(join(root, 'dist', 'lib'));
  const replaced = buildCdktnFlavour(join(root, 'dist', 'lib'));
  const bundle = await bundleProvider({ root });
  process.stdout.write(
    `build: ${protos} .proto files into dist/lib/provider/proto; cdktn flavour in dist/lib/constructs-cdktn (${replaced} imports of cdktf made cdktn); ` +
      `constructs' types: ${declarations} declaration files, none beyond the CDK and Node; ` +
      `provider bundle ${relative(root, bundle.file)} (${(bundle.bytes / 1024 / 1024).toFixed(1)} MB)\n`,
  );
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`build failed: ${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
