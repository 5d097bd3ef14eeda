/**
 * The Terraform provider as one file (part of `npm run build`, after tsc): esbuild bundles the
 * compiled provider (dist/lib/cli/provider-bundled.js) with every dependency and the .proto texts into
 * dist/provider/terraform-provider-intune.cjs, which the package ships and `provider install` copies
 * into the mirror. `.terraform.lock.hcl` hashes the mirror's package folder, so it then pins every
 * byte of code that runs; no folder around the mirror or the working directory takes part.
 *
 * The bundle is checked, not trusted; the build fails when
 * - an import is left outside it that is not a Node built-in (the bundle would search node_modules);
 * - esbuild warns (a `require` it could not follow is code the bundle does not hold);
 * - it names a path of the building machine (the package folder, HOME, the temp folder): then it
 *   would not be the same bytes, nor the same lock hash, everywhere.
 * Built twice from the same sources, it is the same bytes (test/provider/bundle.e2e.test.ts).
 *
 * | choice              | why                                                                   |
 * |---------------------|-----------------------------------------------------------------------|
 * | `.cjs`              | Node reads it as CommonJS whatever package.json is above the mirror   |
 * |                     | (an extensionless file in a "type": "module" scope is read as ESM)    |
 * | `#!/usr/bin/env node` | the `node` of the PATH, as Terraform passes it on; Node 20, 22, 24  |
 * | whitespace and syntax minified, names kept | a third smaller (less to read at each start); |
 * |                     | identifiers and function names stay as written, for stack traces and  |
 * |                     | code that reads `.name`                                               |
 * | `open` stubbed      | interactive browser sign-in (msal-node's only use of it) is not a     |
 * |                     | provider credential; the module reads its own location at load        |
 * | no single executable | a Node SEA is the build machine's node binary (about 100 MB per       |
 * | application (SEA)   | platform) with the script injected: the mirror would weigh 30 times   |
 * |                     | more, its bytes (and lock hash) would follow that binary's build, the |
 * |                     | package would have to ship one per platform, and injection needs      |
 * |                     | postject (and codesigning on macOS). It would put Node itself under   |
 * |                     | the lock hash; the `node` of the PATH stays the user's to trust, as   |
 * |                     | the terraform binary is.                                              |
 */
import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Plugin } from 'esbuild';
import { PROVIDER_BUNDLE } from '../lib/provider/install';

const ENTRY = join('dist', 'lib', 'cli', 'provider-bundled.js');

export class BundleError extends Error {}

export interface BundleOptions {
  /** The package folder (holds package.json, dist/lib/ and node_modules/ or resolves them above). */
  readonly root: string;
  /** Where to write the bundle; default <root>/dist/provider/terraform-provider-intune.cjs. */
  readonly out?: string;
  /** Packages left outside the bundle. Only for tests of the checks: a real build leaves none. */
  readonly external?: readonly string[];
}

const isBuiltin = (id: string) => id.startsWith('node:') || builtinModules.includes(id);

/** Modules the provider never runs, replaced by one that says so if it ever is. */
const STUBS: Plugin = {
  name: 'intune-scep-stubs',
  setup(build) {
    build.onResolve({ filter: /^open$/ }, () => ({ path: 'open', namespace: 'intune-scep-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'intune-scep-stub' }, (a) => ({
      contents: `export default function open() { throw new Error('the intune provider does not open a browser (${a.path})'); }`,
      loader: 'js',
    }));
  },
};

/** Whether `text` holds the absolute path `path` as a path (not as the tail of another, like src/root.js for /root). */
export function namesPath(text: string, path: string): boolean {
  if (path.length < 2) return false;
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.\\-/])${escaped}(?=[/"'\`\\s]|$)`).test(text);
}

/** Builds the bundle and checks it; returns its path and size. */
export async function bundleProvider(o: BundleOptions): Promise<{ file: string; bytes: number }> {
  const esbuild = await import('esbuild');
  const version = (JSON.parse(readFileSync(join(o.root, 'package.json'), 'utf8')) as { version: string }).version;
  const protoDir = join(o.root, 'lib', 'provider', 'proto');
  const protos = Object.fromEntries(
    readdirSync(protoDir)
      .filter((f) => f.endsWith('.proto'))
      .sort()
      .map((f) => [f, readFileSync(join(protoDir, f), 'utf8').replace(/\r\n/g, '\n')]),
  );
  const result = await esbuild.build({
    absWorkingDir: o.root,
    // Module paths (they name the bundle's modules) as laid out under the package, wherever links point.
    preserveSymlinks: true,
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    legalComments: 'eof',
    external: [...(o.external ?? [])],
    // A string (JSON of the texts): esbuild puts it where it is used (an object would become a module).
    define: { INTUNE_SCEP_PROTO_SOURCES: JSON.stringify(JSON.stringify(protos)) },
    plugins: [STUBS],
    banner: {
      js: [
        '#!/usr/bin/env node',
        `// The intune Terraform provider, intune-scep ${version}: the provider and every module it uses, in one file`,
        "// (built by esbuild from the package). It loads nothing from disk but this file and Node's built-in modules.",
      ].join('\n'),
    },
  });
  if (result.warnings.length > 0) {
    const text = await esbuild.formatMessages(result.warnings, { kind: 'warning', color: false });
    throw new BundleError(`esbuild warned while bundling the provider:\n${text.join('\n')}`);
  }
  const outside = Object.values(result.metafile.outputs)
    .flatMap((out) => out.imports)
    .filter((i) => i.external && !isBuiltin(i.path))
    .map((i) => i.path);
  if (outside.length > 0) {
    throw new BundleError(
      `the provider bundle would load ${[...new Set(outside)].sort().join(', ')} from node_modules at run time: every module but Node's built-ins must be inside it.`,
    );
  }
  const [output] = result.outputFiles;
  if (!output) throw new BundleError('esbuild wrote no output');
  const text = output.text;
  for (const local of new Set([o.root, homedir(), tmpdir()])) {
    if (namesPath(text, local))
      throw new BundleError(`the provider bundle names ${local}, a path of this machine: it would differ from machine to machine.`);
  }
  // The .proto texts are inside: the define replaced every use, and each file's package line is there.
  if (text.includes('INTUNE_SCEP_PROTO_SOURCES'))
    throw new BundleError('the .proto texts were not put into the provider bundle (INTUNE_SCEP_PROTO_SOURCES is left)');
  for (const [name, proto] of Object.entries(protos)) {
    const line = /^package [\w.]+;$/m.exec(proto)?.[0];
    if (!line || !text.includes(line)) throw new BundleError(`${name} is not in the provider bundle`);
  }
  const file = o.out ?? join(o.root, PROVIDER_BUNDLE);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  chmodSync(file, 0o755);
  return { file, bytes: Buffer.byteLength(text) };
}
