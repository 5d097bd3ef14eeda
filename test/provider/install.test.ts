/**
 * `provider install` copies the bundled provider, byte for byte, alone into its folder of the mirror:
 * the same file from every install (so the lock hash is the same everywhere), executable, and nothing
 * beside it that Terraform would hash or run. A mirror someone else can write (committed, cached) is
 * written only inside itself: links are replaced or refused, never followed. The real bundle and
 * terraform: bundle.package.test.ts, lock.e2e.test.ts, hostile-folders.e2e.test.ts.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { InstallError, installProvider, terraformPlatform } from '../../lib/provider/install';
import { packageVersion } from '../../lib/package-info';

const version = packageVersion();
const temp = (tag: string) => mkdtempSync(join(tmpdir(), `intune-scep-install-${tag}-`));
/** A stand-in for the bundle: installing is copying, whatever the bytes. */
const bundle = join(temp('bundle'), 'terraform-provider-intune.cjs');
writeFileSync(bundle, '#!/usr/bin/env node\n// a provider\n');
const folderOf = (dir: string) => join(dir, 'registry.terraform.io', 'intune-scep', 'intune', version, terraformPlatform());
const NAME = `terraform-provider-intune_v${version}.cjs`;

test('every install writes the bundle byte for byte, executable, alone in its folder', () => {
  const a = installProvider({ dir: temp('a'), version, bundle });
  const b = installProvider({ dir: join(temp('b'), 'deeper'), version, bundle });
  for (const r of [a, b]) {
    expect(readFileSync(r.executable)).toEqual(readFileSync(bundle));
    expect(r.executable).toBe(join(folderOf(join(r.cliConfig, '..')), NAME));
    expect(readdirSync(dirname(r.executable))).toEqual([NAME]);
    expect(statSync(r.executable).mode & 0o777).toBe(0o755);
  }
  // The CLI config is the machine-specific part: it names the mirror.
  expect(readFileSync(a.cliConfig, 'utf8')).toContain(`path    = ${JSON.stringify(join(a.cliConfig, '..'))}`);
});

test('installing again leaves only the provider: an older launcher or a stray file would be run or hashed', () => {
  const dir = temp('again');
  const folder = folderOf(dir);
  mkdirSync(join(folder, 'sub'), { recursive: true });
  writeFileSync(join(folder, `terraform-provider-intune_v${version}`), '#!/usr/bin/env node\nrequire("intune-scep")\n', { mode: 0o755 });
  writeFileSync(join(folder, 'terraform-provider-intune_v0.0.1'), 'old');
  mkdirSync(join(folder, NAME)); // even a folder where the provider goes
  installProvider({ dir, version, bundle });
  expect(readdirSync(folder)).toEqual([NAME]);
  expect(readFileSync(join(folder, NAME))).toEqual(readFileSync(bundle));
});

describe('a mirror whose folders someone else wrote', () => {
  test('the provider file as a link to a file outside: the link is replaced, the file outside unchanged', () => {
    const dir = temp('link-file');
    const outside = join(temp('outside'), 'victim');
    writeFileSync(outside, 'precious');
    mkdirSync(folderOf(dir), { recursive: true });
    symlinkSync(outside, join(folderOf(dir), NAME));
    symlinkSync(outside, join(dir, 'terraform.rc'));
    const r = installProvider({ dir, version, bundle });
    expect(readFileSync(outside, 'utf8')).toBe('precious');
    expect(lstatSync(r.executable).isFile()).toBe(true);
    expect(lstatSync(r.cliConfig).isFile()).toBe(true);
  });

  test.each([
    ['the host folder', ['registry.terraform.io']],
    ['the platform folder', ['registry.terraform.io', 'intune-scep', 'intune', version, terraformPlatform()]],
  ])('%s as a link to a folder outside: refused in one line, nothing written there', (_name, below) => {
    const dir = temp('link-dir');
    const outside = temp('outside-dir');
    mkdirSync(join(dir, ...below.slice(0, -1)), { recursive: true });
    symlinkSync(outside, join(dir, ...below));
    let error: unknown;
    try {
      installProvider({ dir, version, bundle });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InstallError);
    expect((error as Error).message).toBe(
      `${join(dir, ...below)} is a symbolic link: the provider's folder must be a folder of the mirror. Remove it, or install with --dir elsewhere.`,
    );
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(join(dir, 'terraform.rc'))).toBe(false);
  });
});

test('a package without its bundle: one line saying how to get one', () => {
  const missing = join(temp('missing'), 'terraform-provider-intune.cjs');
  expect(() => installProvider({ dir: temp('m'), version, bundle: missing })).toThrow(
    new InstallError(
      `the provider bundle ${missing} cannot be read (ENOENT): run "npm run build" in the intune-scep package, or reinstall it.`,
    ),
  );
  const notOne = join(temp('not-one'), 'x.cjs');
  writeFileSync(notOne, 'console.log(1)\n');
  expect(() => installProvider({ dir: temp('n'), version, bundle: notOne })).toThrow(InstallError);
});
