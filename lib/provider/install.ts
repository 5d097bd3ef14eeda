/**
 * `intune-scep provider install`: the provider as Terraform finds it offline.
 *
 *   <dir>/<host>/<namespace>/<type>/<version>/<os>_<arch>/terraform-provider-<type>_v<version>
 *   <dir>/terraform.rc   provider_installation { filesystem_mirror { path = "<dir>" } ... }
 *
 * The executable is a shell launcher that `exec`s this Node on the built provider, so Terraform
 * talks to (and stops) node itself. Nothing outside <dir> is written; the user's own CLI config
 * is never touched: point TF_CLI_CONFIG_FILE at terraform.rc.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../package-info';
import { PROVIDER_ADDRESS } from '../schema';

export interface InstallOptions {
  readonly dir: string;
  /** host/namespace/type; default registry.terraform.io/intune-scep/intune. */
  readonly source?: string;
  readonly version: string;
  /** The node binary the launcher runs; default this process's. */
  readonly node?: string;
  /** The built provider entry; default dist/lib/provider/main.js of this package. */
  readonly entry?: string;
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

/** The built provider entry of this package: <package>/dist/lib/provider/main.js. */
export function builtEntry(): string {
  const root = packageRoot();
  const entry = join(root, 'dist', 'lib', 'provider', 'main.js');
  if (!existsSync(entry)) throw new InstallError(`the provider is not built: run "npm run build" in ${root} first.`);
  return entry;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

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
  const entry = o.entry ?? builtEntry();
  const node = o.node ?? process.execPath;
  mkdirSync(folder, { recursive: true });
  writeFileSync(executable, `#!/bin/sh\n# The intune Terraform provider (intune-scep ${o.version}). Written by "intune-scep provider install".\nexec ${quote(node)} ${quote(entry)} "$@"\n`);
  chmodSync(executable, 0o755);
  const cliConfig = join(dir, 'terraform.rc');
  const hcl = (s: string) => JSON.stringify(s);
  writeFileSync(
    cliConfig,
    [
      '# Terraform CLI configuration written by "intune-scep provider install".',
      `# Use it with: export TF_CLI_CONFIG_FILE=${cliConfig}`,
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
    ].join('\n'),
  );
  return { executable, cliConfig, source, version: o.version, platform };
}
