/**
 * `intune-scep provider install`: the provider as Terraform finds it offline.
 *
 *   <dir>/<host>/<namespace>/<type>/<version>/<os>_<arch>/terraform-provider-<type>_v<version>
 *   <dir>/terraform.rc   provider_installation { filesystem_mirror { path = "<dir>" } ... }
 *
 * The executable is a portable Node launcher: it names no path of the machine that wrote it, so a
 * mirror can be committed, cached or copied to another runner, and its `.terraform.lock.hcl` hash is
 * the same everywhere. At run time it runs on the `node` of the PATH and finds the intune-scep package
 * (see LAUNCHER_LOOKUP), refusing one of another version than the mirror's. Terraform talks to (and
 * stops) node itself. Nothing outside <dir> is written; the user's own CLI config is never touched:
 * point TF_CLI_CONFIG_FILE at terraform.rc. The CLI config names the mirror by absolute path; a copy
 * elsewhere needs `provider install` run there, or its own CLI config (the launcher needs nothing).
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROVIDER_ADDRESS } from '../schema';

/** Where the launcher looks for the package, in order (said in the launcher and the README). */
export const LAUNCHER_LOOKUP = [
  'INTUNE_SCEP_PACKAGE, when set: the directory of the intune-scep package',
  'intune-scep as Node resolves it from the directory Terraform runs in (your project\'s node_modules)',
  'intune-scep as Node resolves it from the mirror\'s own directory (a mirror kept inside your project)',
];

export interface InstallOptions {
  readonly dir: string;
  /** host/namespace/type; default registry.terraform.io/intune-scep/intune. */
  readonly source?: string;
  readonly version: string;
}

export interface Installed {
  readonly executable: string;
  readonly cliConfig: string;
  readonly source: string;
  readonly version: string;
  readonly platform: string;
}

export class InstallError extends Error {}

/** Terraform's name for this machine's platform. */
export function terraformPlatform(platform = process.platform, arch = process.arch): string {
  const a = arch === 'x64' ? 'amd64' : arch === 'ia32' ? '386' : arch;
  return `${platform}_${a}`;
}

/**
 * The Terraform CLI configuration that serves `source` from the mirror at `dir` (an absolute path:
 * the one machine-specific part of a mirror; write it again where a copied mirror lives).
 */
export function cliConfigText(dir: string, source: string = PROVIDER_ADDRESS): string {
  const hcl = (s: string) => JSON.stringify(s);
  const file = join(dir, 'terraform.rc');
  return [
    '# Terraform CLI configuration written by "intune-scep provider install".',
    `# Use it with: export TF_CLI_CONFIG_FILE=${file}`,
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${hcl(dir)}`,
    `    include = [${hcl(source)}]`,
    '  }',
    '  direct {',
    `    exclude = [${hcl(source)}]`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** The launcher: plain CommonJS, run by the `node` of the PATH (Terraform passes its environment on). */
export function launcherSource(version: string): string {
  const lookup = LAUNCHER_LOOKUP.map((l, i) => `//   ${i + 1}. ${l};`).join('\n');
  return `#!/usr/bin/env node
// The intune Terraform provider, intune-scep ${version}. Written by "intune-scep provider install".
// Portable: it names no path of the machine that wrote it. It finds the intune-scep package:
${lookup}
// and runs its provider, which must be version ${version}, the version of this mirror.
'use strict';
const VERSION = ${JSON.stringify(version)};
const { createRequire } = require('node:module');
const { existsSync, readFileSync, writeSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');
// Terraform shows a plugin's first stdout line ("Unrecognized remote plugin message: ...") and hides its
// stderr, so when Terraform started us the reason goes to stdout.
function fail(message) {
  writeSync(process.env.TF_PLUGIN_MAGIC_COOKIE ? 1 : 2, 'intune provider: ' + message + '\\n');
  process.exit(1);
}
function fromDir(dir) {
  try {
    return createRequire(join(dir, 'intune-scep-launcher.js')).resolve('intune-scep/package.json');
  } catch {
    return undefined;
  }
}
const pinned = process.env.INTUNE_SCEP_PACKAGE;
const manifest = pinned ? resolve(pinned, 'package.json') : fromDir(process.cwd()) || fromDir(__dirname);
if (!manifest) {
  fail('the intune-scep package was not found from ' + process.cwd() + ' or ' + __dirname +
    ': install it in your project (npm install intune-scep), or set INTUNE_SCEP_PACKAGE to its directory.');
}
let pkg;
try {
  pkg = JSON.parse(readFileSync(manifest, 'utf8'));
} catch (e) {
  fail('cannot read ' + manifest + ' (' + (e.code || e.message) + '): ' + (pinned ? 'INTUNE_SCEP_PACKAGE must name the intune-scep package directory.' : 'reinstall intune-scep.'));
}
if (pkg.name !== 'intune-scep') fail(manifest + ' is not the intune-scep package: check INTUNE_SCEP_PACKAGE.');
if (pkg.version !== VERSION) {
  fail('this mirror holds provider ' + VERSION + ', but the intune-scep package at ' + dirname(manifest) + ' is ' + pkg.version +
    ': run "npx intune-scep provider install" with that package, then "terraform init -upgrade".');
}
const entry = join(dirname(manifest), 'dist', 'lib', 'provider', 'main.js');
if (!existsSync(entry)) fail('the intune-scep package at ' + dirname(manifest) + ' is not built: run "npm run build" there.');
require(entry).main();
`;
}

export function installProvider(o: InstallOptions): Installed {
  const source = o.source ?? PROVIDER_ADDRESS;
  const parts = source.split('/');
  if (parts.length !== 3 || parts.some((p) => !/^[a-z0-9][a-z0-9.-]*$/i.test(p))) {
    throw new InstallError(`--source ${JSON.stringify(source)}: expected host/namespace/type, e.g. ${PROVIDER_ADDRESS}.`);
  }
  const type = parts[2] as string;
  if (!/^\d+\.\d+\.\d+$/.test(o.version)) throw new InstallError(`version ${JSON.stringify(o.version)} is not major.minor.patch.`);
  const dir = resolve(o.dir);
  const platform = terraformPlatform();
  const folder = join(dir, ...parts, o.version, platform);
  const executable = join(folder, `terraform-provider-${type}_v${o.version}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(executable, launcherSource(o.version));
  chmodSync(executable, 0o755);
  const cliConfig = join(dir, 'terraform.rc');
  writeFileSync(cliConfig, cliConfigText(dir, source));
  return { executable, cliConfig, source, version: o.version, platform };
}
