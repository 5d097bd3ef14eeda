/**
 * The bundled provider (dist/provider/terraform-provider-intune.cjs, what `provider install` copies
 * into the mirror, built by `npm run build`): the same bytes from every build of the same sources,
 * wherever the package lies; no path of the machine that built it; every module it runs inside it;
 * on Node 20, 22 and 24, from a folder full of traps, it answers Terraform's handshake and a real
 * GetProviderSchema call, and loads nothing from around it.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { PROVIDER_BUNDLE } from '../../lib/provider/install';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, protocol } from '../../lib/provider/server';
import { BundleError, bundleProvider, namesPath } from '../../scripts/bundle-provider';
import { REPO, execResult } from '../helpers/cli';
import { OTHER_NODES } from '../tools';

jest.setTimeout(180_000);

const BUNDLE = join(REPO, PROVIDER_BUNDLE);
const temp = (tag: string) => mkdtempSync(join(tmpdir(), `intune-scep-bundle-${tag}-`));
const DEPENDENCIES = Object.keys(
  (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies,
);

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run "npm run build" (npm test does it) before the end-to-end tests`);
});

test('built again here and from a copy of the package elsewhere: the bytes of dist/, naming no path of either', async () => {
  const built = readFileSync(BUNDLE);
  // The package as another machine lays it out: another absolute path, its node_modules a link.
  const other = join(temp('copy'), 'another', 'place', 'intune-scep');
  mkdirSync(other, { recursive: true });
  cpSync(join(REPO, 'package.json'), join(other, 'package.json'));
  cpSync(join(REPO, 'lib', 'provider', 'proto'), join(other, 'lib', 'provider', 'proto'), { recursive: true });
  cpSync(join(REPO, 'dist', 'lib'), join(other, 'dist', 'lib'), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(other, 'node_modules'));
  const here = await bundleProvider({ root: REPO, out: join(temp('here'), 'provider.cjs') });
  const there = await bundleProvider({ root: other });
  expect(readFileSync(here.file).equals(built)).toBe(true);
  expect(readFileSync(there.file).equals(built)).toBe(true);

  const text = built.toString('utf8');
  expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
  // (/usr/bin of the #! line is everyone's.)
  for (const local of [REPO, other, homedir(), tmpdir(), process.execPath]) expect([local, namesPath(text, local)]).toEqual([local, false]);
  expect(statSync(BUNDLE).mode & 0o111).toBe(0o111);
});

test('namesPath finds a path, not the tail of another', () => {
  expect(namesPath('x="/root/.npm"', '/root')).toBe(true);
  expect(namesPath('"/root"', '/root')).toBe(true);
  expect(namesPath('"node_modules/protobufjs/src/root.js"', '/root')).toBe(false);
  expect(namesPath('"/rootCertificate"', '/root')).toBe(false);
});

test('a module left outside the bundle fails the build, naming it', async () => {
  const build = bundleProvider({ root: REPO, out: join(temp('outside'), 'provider.cjs'), external: ['protobufjs'] });
  await expect(build).rejects.toThrow(BundleError);
  await expect(build).rejects.toThrow(
    /^the provider bundle would load protobufjs, protobufjs\/ext\/descriptor, .* from node_modules at run time: every module but Node's built-ins must be inside it\.$/,
  );
});

/** A folder of traps: every dependency of ours, and intune-scep itself, as packages that write to `marker`. */
function traps(dir: string, marker: string): string {
  for (const name of [...DEPENDENCIES, 'intune-scep', 'long', '@grpc/proto-loader', '@azure/msal-node', 'open']) {
    const pkg = join(dir, name);
    mkdirSync(join(pkg, 'dist', 'lib', 'provider'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name, version: '0.1.0', main: 'index.js' }));
    const code = `require('node:fs').appendFileSync(${JSON.stringify(marker)}, ${JSON.stringify(name)} + '\\n');\n`;
    writeFileSync(join(pkg, 'index.js'), code);
    writeFileSync(join(pkg, 'dist', 'lib', 'provider', 'main.js'), code);
  }
  return dir;
}

/** The first line the process prints on stdout, and the process. */
function firstLine(
  node: string,
  file: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ line: string; child: ReturnType<typeof spawn>; stderr: () => string }> {
  const child = spawn(node, [file], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve({ line: out.slice(0, out.indexOf('\n')), child, stderr: () => err });
    });
    child.once('exit', (code) => reject(new Error(`the provider exited ${code} before a line: ${out}${err}`)));
  });
}

/** GetProviderSchema over the handshake's address (no mutual TLS: the test offers no client certificate). */
function providerSchema(address: string): Promise<{ resource_schemas: Record<string, unknown> }> {
  const type = (n: string) => protocol().lookupType(n);
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      '/tfplugin6.Provider/GetProviderSchema',
      (v: object) => Buffer.from(type('tfplugin6.GetProviderSchema.Request').encode(v).finish()),
      (b: Buffer) =>
        type('tfplugin6.GetProviderSchema.Response').toObject(type('tfplugin6.GetProviderSchema.Response').decode(b)) as {
          resource_schemas: Record<string, unknown>;
        },
      {},
      (e, r) => {
        client.close();
        if (e || !r) reject(e ?? new Error('no response'));
        else resolve(r);
      },
    );
  });
}

const NODES: [string, string][] = [
  [process.version, process.execPath],
  ...Object.entries(OTHER_NODES).map(([major, node]): [string, string] => [`v${major}`, node]),
];

test.each(NODES)(
  'Node %s, among traps (cwd, above the file, HOME, NODE_PATH): handshake, GetProviderSchema, nothing loaded from around it',
  async (_v, node) => {
    const cwd = temp('cwd');
    const marker = join(temp('marker'), 'ran.log');
    traps(join(cwd, 'node_modules'), marker);
    traps(join(cwd, '.node_modules'), marker);
    writeFileSync(join(cwd, 'package.json'), JSON.stringify({ name: 'hostile', type: 'module' }));
    // A copy inside the folder of traps, as a mirror kept in a project is: they are above it too.
    const file = join(cwd, '.intune-scep', 'terraform-provider-intune.cjs');
    mkdirSync(dirname(file));
    cpSync(BUNDLE, file);
    const env = {
      PATH: `${dirname(node)}:${process.env.PATH ?? ''}`,
      HOME: cwd,
      NODE_PATH: traps(join(temp('node-path'), 'node_modules'), marker),
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: '5,6',
    };
    const { line, child, stderr } = await firstLine(node, file, cwd, env);
    try {
      expect(line).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc$/);
      const schema = await providerSchema(line.split('|')[3] as string);
      expect(Object.keys(schema.resource_schemas).sort()).toEqual([
        'intune_cloud_pki_issuing_ca',
        'intune_cloud_pki_root_ca',
        'intune_profile_assignment',
        'intune_scep_certificate_profile',
        'intune_trusted_root_certificate',
      ]);
    } finally {
      child.kill('SIGTERM');
    }
    expect(stderr()).not.toMatch(/ERROR|Error/);
    expect(existsSync(marker) ? readFileSync(marker, 'utf8') : '').toBe('');
  },
);

test('run by hand, through its #!/usr/bin/env node line: one message saying what it is', async () => {
  const r = await execResult(BUNDLE, [], { cwd: temp('by-hand'), env: { PATH: process.env.PATH ?? '' } });
  expect(r.code).toBe(1);
  expect(r.stderr).toBe(
    'This is the intune Terraform provider. It is started by Terraform, not by hand.\nInstall it with "intune-scep provider install", then run terraform init / plan / apply (see README "Terraform provider").\n',
  );
});

test('at run time, a require of anything but a Node built-in is refused, even of a package Node would find', async () => {
  const guard = join(REPO, 'dist', 'lib', 'provider', 'builtins-only.js');
  const script = `require(${JSON.stringify(guard)}).onlyBuiltinModules();
require('node:fs'); require('fs'); require('node:crypto');
try { require('zod'); console.log('zod loaded'); } catch (e) { console.log(e.message); }`;
  // From this repository, where require('zod') finds node_modules/zod.
  const r = await execResult(process.execPath, ['-e', script], { cwd: REPO });
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe(
    'the intune provider loads only Node\'s built-in modules, and "zod" is not one: the provider bundle is incomplete (reinstall intune-scep, then run "intune-scep provider install" again)\n',
  );
});
