/**
 * `provider install` writes a portable mirror: the launcher names no path of the machine that wrote
 * it (so a mirror can be committed, cached or copied, and its lock hash is the same everywhere), finds
 * the package at run time, and refuses a package of another version with a one-line reason.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installProvider } from '../../lib/provider/install';
import { packageVersion } from '../../lib/package-info';
import { REPO, execResult } from '../helpers/cli';

const version = packageVersion();
const temp = (tag: string) => mkdtempSync(join(tmpdir(), `intune-scep-install-${tag}-`));

const launch = (executable: string, cwd: string, env: Record<string, string> = {}) => execResult(executable, [], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 });

test('two installs in different places write the same launcher, naming no path of this machine', () => {
  const a = installProvider({ dir: temp('a'), version });
  const b = installProvider({ dir: temp('b'), version });
  const text = readFileSync(a.executable, 'utf8');
  expect(readFileSync(b.executable, 'utf8')).toBe(text);
  expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
  for (const local of [REPO, process.execPath, tmpdir(), process.env.HOME ?? '/root']) expect(text).not.toContain(local);
  expect(text).toContain(`const VERSION = "${version}";`);
  // The CLI config is the machine-specific part: it names the mirror.
  expect(readFileSync(a.cliConfig, 'utf8')).toContain(JSON.stringify(join(a.executable, '..', '..', '..', '..', '..', '..').replace(/\/$/, '')));
});

describe('the launcher at run time', () => {
  const made = installProvider({ dir: temp('made'), version });
  // Used from a copy, as a cached or committed mirror is.
  const copy = join(temp('copy'), 'mirror');
  cpSync(join(made.cliConfig, '..'), copy, { recursive: true });
  const executable = join(copy, made.executable.slice(join(made.cliConfig, '..').length));

  test('from a directory where no intune-scep is found: one line saying so and what to do', async () => {
    const r = await launch(executable, temp('nowhere'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^intune provider: the intune-scep package was not found from \S+ or \S+: install it in your project \(npm install intune-scep\), or set INTUNE_SCEP_PACKAGE to its directory\.\n$/);
  });

  test('launched by Terraform, the reason goes to stdout, where Terraform shows it', async () => {
    const r = await launch(executable, temp('nowhere'), { TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^intune provider: the intune-scep package was not found/);
  });

  test('a project whose intune-scep is another version is refused, naming both versions', async () => {
    const project = temp('project');
    mkdirSync(join(project, 'node_modules', 'intune-scep'), { recursive: true });
    writeFileSync(join(project, 'node_modules', 'intune-scep', 'package.json'), JSON.stringify({ name: 'intune-scep', version: '9.9.9' }));
    const r = await launch(executable, project);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`this mirror holds provider ${version}, but the intune-scep package at ${join(project, 'node_modules', 'intune-scep')} is 9.9.9: run "npx intune-scep provider install" with that package, then "terraform init -upgrade".`);
  });

  test('INTUNE_SCEP_PACKAGE naming something else is refused', async () => {
    const r = await launch(executable, temp('elsewhere'), { INTUNE_SCEP_PACKAGE: temp('empty') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^intune provider: cannot read \S+package\.json \(ENOENT\): INTUNE_SCEP_PACKAGE must name the intune-scep package directory\.\n$/);
  });

  test('found from the directory Terraform runs in, it starts the provider of that package', async () => {
    // Inside this repository, Node resolves intune-scep to the repository itself (a package may import
    // itself by name): the provider starts and, run by hand, says what it is.
    const r = await launch(executable, join(REPO, 'examples'));
    expect(r.stderr + r.stdout).toContain('This is the intune Terraform provider. It is started by Terraform, not by hand.');
  });
});
