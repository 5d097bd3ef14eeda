/**
 * Issue 24 #11: the provider in the mirror runs only its own code, whatever folders it meets.
 *
 * The attacker adds files to a pull request: a `node_modules` in the project (a fake intune-scep
 * whose provider writes a marker, and a trap for every package name this repository installs), one
 * in the folder above (a shared temporary folder), one in `$HOME/.node_modules` (Node's global
 * folders), and a `package.json` that makes the project an ES module scope. The real terraform plans
 * and applies through the mirror against a mock Graph: our provider answers, no marker is ever
 * written, the tenant holds exactly the stack. A plain HCL project (a `main.tf`, no npm anywhere above
 * it or above the mirror) plans, applies and destroys.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO, serveMockProcess, spawnCli } from '../helpers/cli';
import { testCertificates } from '../helpers/certificates';
import { CRASH_PATTERN, Tally, lostAndDuplicates } from '../helpers/reliability';
import { describeWithTerraform, graph, installProvider, terraform, type TfResult } from '../helpers/terraform';

jest.setTimeout(240_000);

const tally = new Tally('hostile folders: the provider runs only its own code');
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

/** Every package name installed here (scoped ones as @scope/name): whatever the provider could ask Node for. */
function installedPackageNames(): string[] {
  const top = join(REPO, 'node_modules');
  return readdirSync(top)
    .filter((n) => !n.startsWith('.'))
    .flatMap((n) => (n.startsWith('@') ? readdirSync(join(top, n)).map((m) => `${n}/${m}`) : [n]));
}

/** Code that records that it ran (and where from) in `marker`, then stops the process. */
function trap(marker: string, what: string): string {
  return `require('node:fs').appendFileSync(${JSON.stringify(marker)}, ${JSON.stringify(what)} + ' ran from ' + __filename + '\\n');\nprocess.exit(3);\n`;
}

/**
 * A node_modules of traps: intune-scep itself (right name, right version, the launcher's entry
 * point), and every other installed package name. Returns how many packages it planted.
 */
function plantNodeModules(dir: string, marker: string): number {
  const own = join(dir, 'intune-scep');
  mkdirSync(join(own, 'dist', 'lib', 'provider'), { recursive: true });
  mkdirSync(join(own, 'bin'), { recursive: true });
  writeFileSync(
    join(own, 'package.json'),
    JSON.stringify({ name: 'intune-scep', version: VERSION, main: 'dist/lib/index.js', bin: { 'intune-scep': 'bin/intune-scep' } }),
  );
  for (const f of ['dist/lib/provider/main.js', 'dist/lib/index.js', 'bin/intune-scep'])
    writeFileSync(join(own, f), trap(marker, `intune-scep/${f}`));
  const names = installedPackageNames().filter((n) => n !== 'intune-scep');
  for (const name of names) {
    const pkg = join(dir, name);
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name, version: '99.0.0', main: 'index.js' }));
    writeFileSync(join(pkg, 'index.js'), trap(marker, name));
  }
  return names.length + 1;
}

function mainTf(url: string, name: string): string {
  return `
terraform {
  required_providers {
    intune = { source = "intune-scep/intune", version = "${VERSION}" }
  }
}
provider "intune" {
  graph_url = "${url}"
}
resource "intune_trusted_root_certificate" "root" {
  display_name = "${name}"
  platform     = "windows"
  certificate  = file("\${path.module}/root.pem")
}
`;
}

/** Folders from `dir` up to the filesystem root that hold a node_modules or a package.json. */
function npmAbove(dir: string): string[] {
  const found: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    for (const f of ['node_modules', 'package.json', '.node_modules']) if (existsSync(join(d, f))) found.push(join(d, f));
    if (dirname(d) === d) return found;
  }
}

describeWithTerraform('hostile folders: the provider runs only its own code', () => {
  let mock: { url: string; stop: () => Promise<void> };
  let root: string;
  beforeAll(async () => {
    mock = await serveMockProcess(['--memory']);
    root = (await testCertificates()).root;
  });
  afterAll(() => mock?.stop());

  const displayNames = async () =>
    ((await graph(mock.url, 'GET', '/deviceManagement/deviceConfigurations')).json.value as { displayName: string }[]).map(
      (p) => p.displayName,
    );

  /** One terraform run, counted: a stack trace, a provider that died, or an exit above 2 (2: changes, with -detailed-exitcode) is a crash. */
  async function counted(r: Promise<TfResult>): Promise<TfResult> {
    const res = await r;
    const died =
      CRASH_PATTERN.test(res.stderr) ||
      /Plugin did not respond|plugin exited|Failed to read any lines from plugin|panic:/i.test(res.stderr);
    tally.add({ runs: 1, crashes: res.code > 2 || died ? 1 : 0 });
    return res;
  }

  /**
   * The mirror installed inside `project` by the CLI (the README's recipe), then, in each of `dirs`:
   * init, plan, apply, no changes. After every run, `marker` must not exist: no planted code ran.
   */
  async function planAndApply(project: string, dirs: readonly (readonly [string, string])[], marker: string): Promise<void> {
    const install = await spawnCli(['provider', 'install'], { cwd: project });
    expect(install.stderr).toBe('');
    expect(install.code).toBe(0);
    const cliConfig = join(project, '.intune-scep', 'terraform', 'terraform.rc');
    const ran = () => (existsSync(marker) ? readFileSync(marker, 'utf8') : '');
    const wanted: string[] = [];
    try {
      for (const [dir, name] of dirs) {
        writeFileSync(join(dir, 'root.pem'), root);
        writeFileSync(join(dir, 'main.tf'), mainTf(mock.url, name));
        const tf = async (args: string[]) => {
          const r = await counted(terraform([...args, '-no-color'], dir, cliConfig));
          expect(ran()).toBe('');
          expect(r.stderr).toBe('');
          return r;
        };
        expect((await tf(['init', '-input=false'])).code).toBe(0);
        const plan = await tf(['plan', '-input=false', '-detailed-exitcode']);
        expect(plan.stdout).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
        expect(plan.code).toBe(2);
        const apply = await tf(['apply', '-input=false', '-auto-approve']);
        expect(apply.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
        wanted.push(name);
        const again = await tf(['plan', '-input=false', '-detailed-exitcode']);
        expect(again.stdout).toContain('No changes.');
        expect(again.code).toBe(0);
      }
    } finally {
      const found = (await displayNames()).filter((n) => dirs.some(([, name]) => n === name));
      const { objectsLost, duplicates } = lostAndDuplicates(wanted, found);
      // Planted code that ran counts as data a run changed: the marker it wrote.
      tally.add({ objectsLost: objectsLost + (ran() ? 1 : 0), duplicates });
    }
    expect((await displayNames()).filter((n) => dirs.some(([, name]) => n === name)).sort()).toEqual([...wanted].sort());
  }

  test('node_modules of traps in the project, in the folder above and in HOME: terraform runs our provider, no planted code', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'intune-scep-hostile-'));
    const marker = join(mkdtempSync(join(tmpdir(), 'intune-scep-hostile-marker-')), 'ran.log');
    const project = join(shared, 'project');
    const sibling = join(shared, 'sibling'); // no node_modules of its own: only the shared folder's is above it
    mkdirSync(project);
    mkdirSync(sibling);
    // The pull request's files. HOME is the working directory in these runs (see terraform()).
    for (const d of [
      join(project, 'node_modules'),
      join(shared, 'node_modules'),
      join(project, '.node_modules'),
      join(sibling, '.node_modules'),
    ])
      plantNodeModules(d, marker);
    tally.add({ faultsInjected: 4 });
    await planAndApply(
      project,
      [
        [project, 'Hostile Folders Root (project)'],
        [sibling, 'Hostile Folders Root (sibling)'],
      ],
      marker,
    );
  });

  test('a project that is an ES module scope (package.json "type": "module") runs the provider as it is', async () => {
    const project = mkdtempSync(join(tmpdir(), 'intune-scep-hostile-esm-'));
    const marker = join(project, 'never-written.log');
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'contoso-certificates', version: '1.0.0', private: true, type: 'module' }),
    );
    tally.add({ faultsInjected: 1 });
    await planAndApply(project, [[project, 'ESM Project Root']], marker);
  });

  test('a plain HCL project, no npm anywhere above it or the mirror: init, plan, apply, no changes, destroy', async () => {
    const installed = await installProvider();
    const dir = mkdtempSync(join(tmpdir(), 'intune-scep-plain-hcl-'));
    // The precondition this test is about: Node finds no package from here or from the mirror.
    expect([...npmAbove(dir), ...npmAbove(installed.dir)]).toEqual([]);
    writeFileSync(join(dir, 'root.pem'), root);
    writeFileSync(join(dir, 'main.tf'), mainTf(mock.url, 'Plain HCL Root'));
    const tf = (args: string[]) => counted(terraform([...args, '-no-color'], dir, installed.cliConfig));
    const init = await tf(['init', '-input=false']);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const apply = await tf(['apply', '-input=false', '-auto-approve']);
    expect(apply.stderr).toBe('');
    expect(apply.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
    const again = await tf(['plan', '-input=false', '-detailed-exitcode']);
    expect(again.stdout).toContain('No changes.');
    expect(again.code).toBe(0);
    const { objectsLost, duplicates } = lostAndDuplicates(
      ['Plain HCL Root'],
      (await displayNames()).filter((n) => n === 'Plain HCL Root'),
    );
    tally.add({ objectsLost, duplicates });
    expect(objectsLost + duplicates).toBe(0);
    const destroy = await tf(['destroy', '-input=false', '-auto-approve']);
    expect(destroy.stdout).toContain('Destroy complete! Resources: 1 destroyed.');
    expect(await displayNames()).not.toContain('Plain HCL Root');
  });
});
