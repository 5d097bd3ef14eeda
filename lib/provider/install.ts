/**
 * `intune-scep provider install`: the provider as Terraform finds it offline.
 *
 *   <dir>/<host>/<namespace>/<type>/<version>/<os>_<arch>/terraform-provider-<type>_v<version>.cjs
 *   <dir>/terraform.rc   provider_installation { filesystem_mirror { path = "<dir>" } ... }
 *
 * The executable is the bundled provider (dist/provider/terraform-provider-intune.cjs, built by
 * scripts/bundle-provider.ts): the provider and every module it uses in one file, copied byte for
 * byte, alone in its folder. Terraform's lock hash covers that folder, so `.terraform.lock.hcl` pins
 * all the code that runs, and it is the same on every machine: the file names no path of the machine
 * that built or installed it. It runs on the `node` of the PATH and reads nothing but itself and
 * Node's built-in modules: no package is looked up, not in the folder Terraform runs in, not above
 * the mirror, not through a variable. A copy of the mirror anywhere works the same; only terraform.rc
 * names the mirror by absolute path (write it again where a copied mirror lives). Nothing outside
 * <dir> is written; the user's own CLI config is never touched: point TF_CLI_CONFIG_FILE at terraform.rc.
 */
import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../package-info';
import { PROVIDER_ADDRESS } from '../schema';

/** The bundled provider, relative to the package folder (`npm run build` makes it; the package ships it). */
export const PROVIDER_BUNDLE = join('dist', 'provider', 'terraform-provider-intune.cjs');

export interface InstallOptions {
  readonly dir: string;
  /** host/namespace/type; default registry.terraform.io/intune-scep/intune. */
  readonly source?: string;
  readonly version: string;
  /** The bundled provider to install; default: this package's (PROVIDER_BUNDLE). */
  readonly bundle?: string;
}

export interface Installed {
  readonly executable: string;
  readonly cliConfig: string;
  readonly source: string;
  readonly version: string;
  readonly platform: string;
  /** Size of the provider file. */
  readonly bytes: number;
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

/** Writes `data` to `file` by renaming a new file over it: a link at `file` is replaced, never followed. */
function replaceFile(file: string, data: string | Buffer, mode: number): void {
  const temp = join(file, '..', `.intune-scep-install-${process.pid}.tmp`);
  try {
    writeFileSync(temp, data, { flag: 'wx', mode });
    chmodSync(temp, mode);
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * <dir>/<below...>, made folder by folder: each is a folder of the mirror itself, never a link (a
 * committed or cached mirror could hold one pointing anywhere) nor a file.
 */
function mirrorFolder(dir: string, below: readonly string[]): string {
  mkdirSync(dir, { recursive: true });
  let path = dir;
  for (const part of below) {
    path = join(path, part);
    let st;
    try {
      st = lstatSync(path);
    } catch {
      mkdirSync(path);
      continue;
    }
    if (!st.isDirectory()) {
      throw new InstallError(
        `${path} is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}: the provider's folder must be a folder of the mirror. Remove it, or install with --dir elsewhere.`,
      );
    }
  }
  return path;
}

export function installProvider(options: InstallOptions): Installed {
  const source = options.source ?? PROVIDER_ADDRESS;
  const parts = source.split('/');
  if (parts.length !== 3 || parts.some((p) => !/^[a-z0-9][a-z0-9.-]*$/i.test(p))) {
    throw new InstallError(`--source ${JSON.stringify(source)}: expected host/namespace/type, e.g. ${PROVIDER_ADDRESS}.`);
  }
  const type = parts[2] as string;
  if (!/^\d+\.\d+\.\d+$/.test(options.version))
    throw new InstallError(`version ${JSON.stringify(options.version)} is not major.minor.patch.`);
  const bundle = options.bundle ?? join(packageRoot(), PROVIDER_BUNDLE);
  let code: Buffer;
  try {
    code = readFileSync(bundle);
  } catch (e) {
    throw new InstallError(
      `the provider bundle ${bundle} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): run "npm run build" in the intune-scep package, or reinstall it.`,
    );
  }
  if (!code.subarray(0, 20).equals(Buffer.from('#!/usr/bin/env node\n')))
    throw new InstallError(`${bundle} is not the bundled provider (it does not start with #!/usr/bin/env node): reinstall intune-scep.`);
  const dir = resolve(options.dir);
  const platform = terraformPlatform();
  const name = `terraform-provider-${type}_v${options.version}.cjs`;
  try {
    const folder = mirrorFolder(dir, [...parts, options.version, platform]);
    // Terraform runs the first file named terraform-provider-<type>* here and the lock hash covers every
    // file: the folder holds the provider alone (an older launcher would otherwise be what runs).
    for (const entry of readdirSync(folder)) {
      const path = join(folder, entry);
      if (entry !== name || !lstatSync(path).isFile()) rmSync(path, { recursive: true, force: true });
    }
    const executable = join(folder, name);
    replaceFile(executable, code, 0o755);
    const cliConfig = join(dir, 'terraform.rc');
    replaceFile(cliConfig, cliConfigText(dir, source), 0o644);
    return { executable, cliConfig, source, version: options.version, platform, bytes: code.length };
  } catch (e) {
    if (e instanceof InstallError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new InstallError(`cannot write the mirror in ${dir}: ${err.code ?? err.message}${err.path ? ` on ${err.path}` : ''}.`);
  }
}
