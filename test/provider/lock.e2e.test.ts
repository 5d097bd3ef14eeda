/**
 * What `.terraform.lock.hcl` pins: the provider's package folder in the mirror, which holds all the
 * code that runs. Two mirrors installed in two places give one lock file; a mirror whose provider
 * differs by one byte is refused against it, by `terraform init` in a fresh folder (a runner with the
 * committed lock file) and by `terraform plan` where the mirror was already in use.
 */
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, spawnCli } from '../helpers/cli';
import { describeWithTerraform, terraform, type Installed } from '../helpers/terraform';

jest.setTimeout(120_000);

const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const MAIN_TF = `terraform {
  required_providers {
    intune = { source = "intune-scep/intune", version = "${VERSION}" }
  }
}
`;

/** `provider install --dir <dir>` run from `cwd`. */
async function install(dir: string, cwd: string): Promise<Installed & { packageDir: string }> {
  const r = await spawnCli(['provider', 'install', '--dir', dir], { cwd });
  if (r.code !== 0) throw new Error(`provider install failed: ${r.stderr}`);
  const platform = readdirSync(join(dir, 'registry.terraform.io', 'intune-scep', 'intune', VERSION))[0] as string;
  return {
    dir,
    cliConfig: join(dir, 'terraform.rc'),
    packageDir: join(dir, 'registry.terraform.io', 'intune-scep', 'intune', VERSION, platform),
  };
}

function project(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), `intune-scep-lock-${tag}-`));
  writeFileSync(join(dir, 'main.tf'), MAIN_TF);
  return dir;
}

const h1 = (lock: string) => [...lock.matchAll(/"(h1:[^"]+)"/g)].map((m) => m[1]);

describeWithTerraform('the lock file pins the code that runs', () => {
  test('two mirrors installed in two places give the same lock file; one changed byte is refused against it', async () => {
    const a = await install(join(mkdtempSync(join(tmpdir(), 'intune-scep-lock-mirror-a-')), 'mirror'), REPO);
    const elsewhere = mkdtempSync(join(tmpdir(), 'intune-scep-lock-cwd-'));
    const b = await install(join(mkdtempSync(join(tmpdir(), 'intune-scep-lock-mirror-b-')), 'deeper', 'mirror'), elsewhere);

    const x = project('x');
    const y = project('y');
    const initX = await terraform(['init', '-input=false', '-no-color'], x, a.cliConfig);
    expect(initX.stderr).toBe('');
    const initY = await terraform(['init', '-input=false', '-no-color'], y, b.cliConfig);
    expect(initY.stderr).toBe('');
    const lockX = readFileSync(join(x, '.terraform.lock.hcl'), 'utf8');
    expect(h1(lockX)).toHaveLength(1);
    expect(readFileSync(join(y, '.terraform.lock.hcl'), 'utf8')).toBe(lockX);

    // The package folder holds the provider and nothing else: the hash covers every byte that runs.
    const files = readdirSync(b.packageDir);
    expect(files).toHaveLength(1);
    appendFileSync(join(b.packageDir, files[0] as string), ' ');

    // A runner with the committed lock file and the changed mirror: init refuses it.
    const z = project('z');
    copyFileSync(join(x, '.terraform.lock.hcl'), join(z, '.terraform.lock.hcl'));
    const initZ = await terraform(['init', '-input=false', '-no-color'], z, b.cliConfig);
    expect(initZ.code).toBe(1);
    expect(initZ.stderr.replace(/\s+/g, ' ')).toMatch(/doesn't match any of the checksums previously recorded in the dependency lock file/);
    expect(readFileSync(join(z, '.terraform.lock.hcl'), 'utf8')).toBe(lockX);

    // Where the mirror was already in use, the next command refuses the changed provider too.
    const planY = await terraform(['plan', '-input=false', '-no-color'], y, b.cliConfig);
    expect(planY.code).toBe(1);
    expect(planY.stderr.replace(/\s+/g, ' ')).toMatch(/does not match any of the checksums recorded in the dependency lock file/);
  });
});
