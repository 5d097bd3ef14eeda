/**
 * The package as a user gets it. `npm pack` of this repository, installed into a fresh project in a
 * temp dir with the README's own install line, files and stack ("Use it in your project": every block
 * marked `<!-- consumer:NAME -->` is read from the Markdown files where it stands, README.md or docs/,
 * so the documentation cannot drift from what works):
 *
 * - tsc type-checks the README's stack, our declarations included (skipLibCheck off);
 * - the README's four CLI commands run through `npx intune-scep` against the embedded tenant;
 * - the real CDKTF CLI (cdktf-cli 0.21.0) and CDK Terrain CLI (cdktn-cli 0.24.0, on Node 22) run
 *   synth, diff, deploy, a macOS deployment-channel change (a replacement, created before destroyed),
 *   and destroy, through our provider from the mirror the installed package makes (the README's
 *   `provider install`): the bundle the tarball ships, byte for byte, used from a copy outside the
 *   project with the original gone, so no package around it can take part.
 *
 * The project and the tools come from the npm registry (npm's cache after the first run).
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { stripVTControlCharacters } from 'node:util';
import { X509Certificate } from 'node:crypto';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { REPO, execResult, serveMockProcess, type CliResult } from '../helpers/cli';
import { PROVIDER_BUNDLE, cliConfigText, terraformPlatform } from '../../lib/provider/install';
import { CLASSIC_MISTAKES, classicMistakesApp, occurrences, type ClassicMistake } from '../helpers/classic-mistakes';
import { markedBlocks } from '../helpers/markdown';
import { describeWithTerraform, graph } from '../helpers/terraform';
import { TOOLS } from '../tools';

type Run = CliResult;

const exec = (cmd: string, args: string[], cwd: string, env: Record<string, string>): Promise<Run> =>
  execResult(cmd, args, { cwd, env, timeout: 300_000 });

/** Fails with the command's own output when it did not exit 0 (a bare "expected 0, got 1" helps nobody). */
function ok(r: Run, what: string): Run {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`);
  return r;
}

/** The documentation's `<!-- consumer:NAME -->` blocks (README.md and docs/), by name. */
function docBlocks(): Record<string, string> {
  return Object.fromEntries(Object.entries(markedBlocks('consumer')).map(([name, block]) => [name, block.text]));
}

/** Shell lines of a README block, comments dropped, split into words (the blocks use no quoting). */
function lines(block: string): string[][] {
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(/\s+/));
}

const FLAVOURS = [
  { name: 'cdktf', cli: () => TOOLS.cdktfCli, node: () => process.execPath, constructs: 'intune-scep/constructs' },
  { name: 'cdktn', cli: () => TOOLS.cdktnCli, node: () => TOOLS.node22, constructs: 'intune-scep/cdktn' },
] as const;

/**
 * The suite for one flavour: a test file per flavour (consumer-cdktf, consumer-cdktn), so the two
 * run side by side on jest's two workers.
 */
export function consumerSuite(name: (typeof FLAVOURS)[number]['name']): void {
  jest.setTimeout(420_000);
  describeWithTerraform('the packed package in a fresh project', () => suite(FLAVOURS.filter((f) => f.name === name)));
}

function suite(flavours: readonly (typeof FLAVOURS)[number][]): void {
  const blocks = docBlocks();
  let tarball: string;
  let mock: { url: string; stop: () => Promise<void> };

  beforeAll(async () => {
    const packDir = mkdtempSync(join(tmpdir(), 'intune-scep-pack-'));
    const base = { PATH: process.env.PATH ?? '', HOME: packDir };
    // dist/ is built by `npm test`; pack exactly what `files` lets in.
    const pack = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], REPO, base);
    expect(pack.stderr.replace(/npm (notice|warn)[^\n]*\n?/g, '')).toBe('');
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = join(packDir, info!.filename);
    const files = info!.files.map((f) => f.path);
    // Only what runs: the compiled library (both construct flavours), its declarations, the protos,
    // the bundled provider, the bin, the licence and README. No tests, benches, examples, scripts,
    // sources or maps.
    expect(
      files.filter(
        (f) =>
          !/^(dist\/lib\/.+\.(js|d\.ts|proto)|dist\/provider\/terraform-provider-intune\.cjs|bin\/intune-scep|LICENSE|README\.md|package\.json)$/.test(
            f,
          ),
      ),
    ).toEqual([]);
    for (const f of [
      'dist/lib/provider/proto/tfplugin6.proto',
      'dist/lib/constructs-cdktn/index.js',
      'dist/lib/constructs/index.d.ts',
      'dist/lib/cli/main.js',
      PROVIDER_BUNDLE,
    ])
      expect(files).toContain(f);

    mock = await serveMockProcess(['--memory']);
  });
  afterAll(() => mock?.stop());

  test('the README has every block this test reads', () => {
    expect(Object.keys(blocks).sort()).toEqual(
      ['cdktf', 'cdktf.json', 'commands', 'install', 'library.ts', 'main.ts', 'tsconfig.json'].sort(),
    );
  });

  describe.each(flavours)('$name', (flavour) => {
    let project: string;
    let env: Record<string, string>;
    let installEnv: Record<string, string>;

    beforeAll(async () => {
      project = mkdtempSync(join(tmpdir(), `intune-scep-consumer-${flavour.name}-`));
      // The user's environment (proxy and CA settings reach npm), minus anything that points us at a tenant.
      const own = Object.fromEntries(
        Object.entries(process.env).filter(([k, v]) => v !== undefined && !/^(AZURE_|INTUNE_SCEP_|TF_)/.test(k)),
      ) as Record<string, string>;
      const common = {
        ...own,
        HOME: project,
        CI: 'true',
        CHECKPOINT_DISABLE: '1',
        DISABLE_VERSION_CHECK: 'true',
        FORCE_COLOR: '0',
        npm_config_cache: join(process.env.HOME ?? tmpdir(), '.npm'),
        npm_config_userconfig: join(process.env.HOME ?? tmpdir(), '.npmrc'),
      };
      // npm installs with this machine's Node (its global npmrc lives beside it); everything else runs on
      // the flavour's Node, first on the PATH: the app, npx, the CLIs and the bundled provider (#!/usr/bin/env node).
      installEnv = common;
      env = { ...common, PATH: `${dirname(flavour.node())}:${process.env.PATH ?? ''}` };
      writeFileSync(
        join(project, 'package.json'),
        JSON.stringify({ name: 'contoso-certificates', version: '1.0.0', private: true }, null, 2),
      );
      for (const words of lines(blocks.install as string)) {
        // The README installs the packed tarball by its path (the file npm pack names, this version's),
        // never the name from the registry (not ours).
        expect(words).not.toContain('intune-scep');
        const args = words
          .slice(1)
          .map((w) => (w.split('/').pop() === basename(tarball) ? tarball : flavour.name === 'cdktn' && w === 'cdktf' ? 'cdktn' : w));
        if (words.some((w) => w.endsWith('.tgz'))) expect(args).toContain(tarball);
        const r = ok(await exec('npm', [...args, '--prefer-offline', '--no-audit', '--no-fund'], project, installEnv), words.join(' '));
        expect(`${words.join(' ')}\n${r.stderr}`).not.toMatch(/ERR!|EBADENGINE/);
      }
      const main = (blocks['main.ts'] as string)
        .replace("from 'cdktf'", `from '${flavour.name}'`)
        .replace("from 'intune-scep/constructs'", `from '${flavour.constructs}'`);
      writeFileSync(join(project, 'main.ts'), main);
      writeFileSync(join(project, 'tsconfig.json'), blocks['tsconfig.json'] as string);
      writeFileSync(join(project, 'cdktf.json'), blocks['cdktf.json'] as string);
      mkdirSync(join(project, 'certs'));
      copyFileSync(join(REPO, 'examples', 'root.cer'), join(project, 'certs', 'root.cer'));
    });

    test('one copy of constructs and of the CDK: ours are peers', async () => {
      const ls = await exec('npm', ['ls', 'constructs', flavour.name, '--json', '--all'], project, installEnv);
      expect(ls.code).toBe(0);
      const tree = JSON.parse(ls.stdout) as {
        dependencies: Record<string, { version: string; dependencies?: Record<string, { version: string }> }>;
      };
      const ours = tree.dependencies['intune-scep']?.dependencies ?? {};
      // npm lists a deduped peer under us with the same version as the project's own copy.
      for (const name of ['constructs', flavour.name]) if (ours[name]) expect(ours[name]!.version).toBe(tree.dependencies[name]!.version);
      expect(readFileSync(join(project, 'node_modules', 'intune-scep', 'package.json'), 'utf8')).not.toContain('"private"');
    });

    test('the stack type-checks, our declarations included, and they bring no package of ours into the compile', async () => {
      const r = await exec(
        join(project, 'node_modules', '.bin', 'tsc'),
        ['--noEmit', '-p', '.', '--skipLibCheck', 'false', '--listFiles'],
        project,
        env,
      );
      const lines = r.stdout.split('\n').filter((l) => l !== '');
      expect(lines.filter((l) => !isAbsolute(l)).join('\n') + r.stderr).toBe('');
      expect(r.code).toBe(0);
      // Every stack compiles what our declarations import: only the CDK, constructs, Node's and the
      // compiler's own types. zod or Microsoft's Graph types (4 MB) would be parsed on every synth.
      const packages = new Set(lines.map((f) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1]).filter((p) => p !== undefined));
      expect([...packages].sort()).toEqual(['@types/node', 'constructs', flavour.name, 'intune-scep', 'typescript', 'undici-types'].sort());
    });

    test("the README's commands against the embedded tenant: validate, plan, apply, no changes, destroy", async () => {
      for (const words of lines(blocks.commands as string)) {
        const r = await exec('npx', ['--no-install', ...words.slice(1)], project, env);
        expect(`${words.join(' ')}: ${r.stderr}`).not.toMatch(/Internal error|Error:/);
        expect(r.code).toBe(0);
        if (words[2] === 'apply') {
          expect(r.stdout).toContain('Apply complete! Resources: 8 added, 0 changed, 0 destroyed.');
          const again = await exec('npx', ['--no-install', 'intune-scep', 'plan', '--detailed-exitcode'], project, env);
          expect(again.code).toBe(0);
        }
        if (words[2] === 'destroy') expect(r.stdout).toContain('Destroy complete! Resources: 8 destroyed.');
      }
    });

    test("the README's library example compiles and runs on the synthesized stack", async () => {
      ok(await exec('npx', ['--no-install', 'intune-scep', 'synth'], project, env), 'intune-scep synth');
      writeFileSync(join(project, 'library.ts'), blocks['library.ts'] as string);
      const tsc = await exec(
        join(project, 'node_modules', '.bin', 'tsc'),
        ['library.ts', '--module', 'commonjs', '--target', 'es2022', '--esModuleInterop', '--strict', '--types', 'node'],
        project,
        env,
      );
      expect(tsc.stdout + tsc.stderr).toBe('');
      const r = ok(await exec(flavour.node(), ['library.js'], project, env), 'node library.js');
      expect(r.stdout).not.toMatch(/^error/m);
    });

    test(`the real ${flavour.name} CLI: synth, diff, deploy, a channel change replaces, destroy`, async () => {
      // The README's `provider install`, by the installed package: the tarball's bundle, byte for byte.
      const install = lines(blocks.cdktf as string).find((w) => w[0] === 'npx' && w[2] === 'provider');
      expect(install).toEqual(['npx', 'intune-scep', 'provider', 'install']);
      ok(await exec('npx', ['--no-install', ...(install as string[]).slice(1)], project, env), 'provider install');
      const made = join(project, '.intune-scep', 'terraform');
      const folder = join(made, 'registry.terraform.io', 'intune-scep', 'intune', '0.1.0', terraformPlatform());
      expect(readdirSync(folder)).toEqual(['terraform-provider-intune_v0.1.0.cjs']);
      expect(readFileSync(join(folder, 'terraform-provider-intune_v0.1.0.cjs')).equals(readFileSync(join(REPO, PROVIDER_BUNDLE)))).toBe(
        true,
      );
      // Used from a copy outside the project, the original gone, as a cached mirror on another runner:
      // there is no package anywhere around it. The CLI config names the mirror's path: written again.
      const copy = join(mkdtempSync(join(tmpdir(), 'intune-scep-mirror-copy-')), 'mirror');
      cpSync(made, copy, { recursive: true });
      rmSync(made, { recursive: true, force: true });
      const cliConfig = join(copy, 'terraform.rc');
      writeFileSync(cliConfig, cliConfigText(copy));

      const tfEnv = { ...env, TF_CLI_CONFIG_FILE: cliConfig, INTUNE_SCEP_GRAPH_URL: mock.url, TF_IN_AUTOMATION: '1' };
      const cli = (args: string[]) => exec(flavour.node(), [flavour.cli(), ...args], project, tfEnv);
      // The README's recipe, minus what the test provides itself (the mirror's CLI config, the mock's URL,
      // and the CLI: the pinned test tool, the very version the README installs).
      const tools = JSON.parse(readFileSync(join(REPO, 'test', 'tools', 'package', 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      };
      expect(lines(blocks.cdktf as string).find((w) => w[0] === 'npm')).toEqual([
        'npm',
        'install',
        '--save-dev',
        `cdktf-cli@${tools.dependencies['cdktf-cli']}`,
      ]);
      expect(blocks.cdktf).toContain(`cdktn-cli@${tools.dependencies['cdktn-cli']}`);
      const recipe = lines(blocks.cdktf as string)
        .filter((w) => w[0] === 'npx' && w[1] === 'cdktf')
        .map((w) => w.slice(2));
      expect(recipe.map((w) => w[0])).toEqual(['diff', 'deploy', 'destroy']);
      const [diff, deploy, destroy] = recipe as [string[], string[], string[]];

      ok(await cli(['synth']), 'synth');
      const doc = JSON.parse(readFileSync(join(project, 'cdktf.out', 'stacks', 'certificates', 'cdk.tf.json'), 'utf8')) as {
        terraform: { required_providers: Record<string, unknown> };
      };
      expect(doc.terraform.required_providers.intune).toEqual({ source: 'registry.terraform.io/intune-scep/intune', version: '0.1.0' });

      const d1 = ok(await cli(diff), 'diff');
      expect(d1.stdout).toContain('Plan: 8 to add, 0 to change, 0 to destroy.');
      const up = ok(await cli(deploy), 'deploy');
      expect(up.stderr).not.toMatch(/Error/);
      expect(up.stdout).toContain('Apply complete! Resources: 8 added, 0 changed, 0 destroyed.');
      expect((await graph(mock.url, 'GET', '/deviceManagement/deviceConfigurations')).json.value).toHaveLength(4);

      // Move the macOS pair to the device channel: Intune cannot change it, so Terraform replaces both,
      // creating the new ones first (the constructs set create_before_destroy).
      const main = readFileSync(join(project, 'main.ts'), 'utf8');
      const moved = main.replaceAll("deploymentChannel: 'user'", "deploymentChannel: 'device'");
      expect(moved.split("deploymentChannel: 'device'").length - 1).toBe(2);
      writeFileSync(join(project, 'main.ts'), moved);
      const d2 = ok(await cli(diff), 'diff after the channel change');
      // The two macOS profiles and their assignment sets (an assignment set belongs to one profile).
      expect(d2.stdout).toMatch(/# intune_trusted_root_certificate\.MacRoot_\w+ .*must be replaced/);
      expect(d2.stdout).toMatch(/# intune_scep_certificate_profile\.MacWifi_\w+ .*must be replaced/);
      expect(d2.stdout.match(/deployment_channel\s+= "user" -> "device" # forces replacement/g)).toHaveLength(2);
      expect(d2.stdout).toContain('+/- create replacement and then destroy');
      expect(d2.stdout).not.toContain('-/+ destroy and then create replacement');
      expect(d2.stdout).not.toMatch(/Windows\w+ .*must be replaced/);
      expect(d2.stdout).toContain('Plan: 4 to add, 0 to change, 4 to destroy.');
      const up2 = ok(await cli(deploy), 'deploy after the channel change');
      expect(up2.stdout).toContain('Apply complete! Resources: 4 added, 0 changed, 4 destroyed.');
      const after = (await graph(mock.url, 'GET', '/deviceManagement/deviceConfigurations')).json.value as {
        '@odata.type': string;
        deploymentChannel?: string;
      }[];
      expect(after).toHaveLength(4);
      expect(after.filter((p) => p['@odata.type'].includes('macOS')).map((p) => p.deploymentChannel)).toEqual([
        'deviceChannel',
        'deviceChannel',
      ]);

      const down = ok(await cli(destroy), 'destroy');
      expect(down.stdout).toMatch(/Destroy complete! Resources: 8 destroyed\./);
      expect((await graph(mock.url, 'GET', '/deviceManagement/deviceConfigurations')).json.value).toEqual([]);
    });

    // One flavour is enough to prove the chain through a CDK CLI: the constructs are the same code.
    if (flavour.name === 'cdktf')
      test(`examples/cloud-pki through the real ${flavour.name} CLI: deploy makes the chain (the issuing CA verifies against the root, the profiles hold their certificates and URI), destroy takes it down`, async () => {
        ok(await exec('npx', ['--no-install', 'intune-scep', 'provider', 'install'], project, env), 'provider install');
        const mirror = join(project, '.intune-scep', 'terraform');
        const cliConfig = join(project, 'cloud-pki.terraform.rc');
        writeFileSync(cliConfig, cliConfigText(mirror));
        const dir = join(project, 'cloud-pki');
        mkdirSync(dir, { recursive: true });
        const source = readFileSync(join(REPO, 'examples', 'cloud-pki', 'main.ts'), 'utf8').replace(
          "'../../lib/constructs'",
          `'${flavour.constructs}'`,
        );
        expect(source).toContain(`from '${flavour.constructs}'`);
        writeFileSync(join(dir, 'main.ts'), source);
        writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node main.js' }));
        const tsc = await exec(
          join(project, 'node_modules', '.bin', 'tsc'),
          ['main.ts', '--module', 'commonjs', '--target', 'es2022', '--esModuleInterop', '--strict', '--types', 'node'],
          dir,
          env,
        );
        expect(tsc.stdout + tsc.stderr).toBe('');
        const tfEnv = { ...env, TF_CLI_CONFIG_FILE: cliConfig, INTUNE_SCEP_GRAPH_URL: mock.url, TF_IN_AUTOMATION: '1' };
        const cli = (args: string[]) => exec(flavour.node(), [flavour.cli(), ...args], dir, tfEnv);
        const cas = async () =>
          (await graph(mock.url, 'GET', '/deviceManagement/cloudCertificationAuthority')).json.value as Record<string, unknown>[];
        // 2 CAs; a root CA and an issuing CA profile on each of 3 platforms; 3 SCEP profiles; 9 assignment sets.
        const up = ok(await cli(['deploy', '--skip-provider-lock', '--auto-approve']), 'deploy');
        expect(up.stdout).toContain('Apply complete! Resources: 20 added, 0 changed, 0 destroyed.');
        const made = await cas();
        const cert = (t: string) => {
          const ca = made.find((c) => c.cloudCertificationAuthorityType === t) as Record<string, unknown>;
          return new X509Certificate(Buffer.from(String(ca.certificateDownloadUrl).replace(/^data:[^,]*,/, ''), 'base64'));
        };
        const root = cert('rootCertificationAuthority');
        const issuing = cert('issuingCertificationAuthority');
        expect(issuing.verify(root.publicKey)).toBe(true);
        const profiles = (await graph(mock.url, 'GET', '/deviceManagement/deviceConfigurations')).json.value as Record<string, unknown>[];
        const held = profiles.flatMap((p) => (typeof p.trustedRootCertificate === 'string' ? [p.trustedRootCertificate] : []));
        expect(held.sort()).toEqual(
          [...Array(3).fill(root.raw.toString('base64')), ...Array(3).fill(issuing.raw.toString('base64'))].sort(),
        );
        const url = made.find((c) => c.cloudCertificationAuthorityType === 'issuingCertificationAuthority')?.scepServerUrl;
        expect(profiles.flatMap((p) => (Array.isArray(p.scepServerUrls) ? [p.scepServerUrls] : []))).toEqual([[url], [url], [url]]);
        const down = ok(await cli(['destroy', '--skip-provider-lock', '--auto-approve']), 'destroy');
        expect(down.stdout).toContain('Destroy complete! Resources: 20 destroyed.');
        expect(await cas()).toEqual([]);
      });

    test(`the three classic construct mistakes print alike from ${flavour.name} synth, ${flavour.name} diff and intune-scep plan: once each, in TypeScript terms, no stack trace`, async () => {
      const dir = classicMistakesApp(join(project, 'mistakes'));
      const appEnv = { ...env, CDK: flavour.name, INTUNE_SCEP: flavour.constructs };
      const label = (m: ClassicMistake, cdk: boolean) =>
        cdk ? `${m.severity === 'error' ? 'ERROR' : 'WARN'} [${m.construct}]: ` : `${m.severity === 'error' ? 'Error' : 'Warning'}: `;
      const runs = [
        ...(['synth', 'diff'] as const).map((command) => ({
          what: `${flavour.name} ${command}`,
          cdk: true,
          run: () => exec(flavour.node(), [flavour.cli(), command], dir, appEnv),
        })),
        { what: 'intune-scep plan', cdk: false, run: () => exec('npx', ['--no-install', 'intune-scep', 'plan'], dir, appEnv) },
      ];
      for (const { what, cdk, run } of runs) {
        const r = await run();
        const out = stripVTControlCharacters(r.stdout + r.stderr);
        expect({ what, code: r.code }).toEqual({ what, code: 1 });
        for (const m of CLASSIC_MISTAKES)
          expect({ what, body: m.body, times: occurrences(out, `${label(m, cdk)}${m.body}\n`) }).toEqual({ what, body: m.body, times: 1 });
        // No stack trace of the app's or ours. cdktn-cli 0.24.0 prints the trace of its own "error
        // annotations have been encountered" error (frames inside its bundle); cdktf-cli prints none.
        const frames = out.match(/^\s+at .*:\d+:\d+\)?$/gm) ?? [];
        const notTheCli = frames.filter((f) => !(flavour.name === 'cdktn' && /\/cdktn-cli\/bundle\//.test(f)));
        expect({ what, frames: notTheCli }).toEqual({ what, frames: [] });
        expect(out).not.toContain('skipValidation');
      }
    });
  });
}
