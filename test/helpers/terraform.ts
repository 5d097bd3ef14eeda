/**
 * The real `terraform` binary against the intune provider as `provider install` writes it.
 * Where the machine has no terraform, the suites that need it are skipped and say so loudly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv, execResult, spawnCli } from './cli';
import { MOCK_ON_LOOPBACK } from '../../lib/cli/mock-on-loopback';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, PROTOCOL_VERSION, serve } from '../../lib/provider/server';

export const TERRAFORM = (() => {
  const r = spawnSync('terraform', ['version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
})();

/** describe, or describe.skip with a warning naming what is missing. */
export function describeWithTerraform(name: string, fn: () => void): void {
  if (TERRAFORM) describe(name, fn);
  else {
    console.warn(
      `\n!!! SKIPPED "${name}": the terraform binary is not on the PATH. Install Terraform 1.11 to run the provider end-to-end tests. !!!\n`,
    );
    describe.skip(name, fn);
  }
}

export interface Installed {
  readonly dir: string;
  readonly cliConfig: string;
}

/** `intune-scep provider install --dir <tmp>`; the CLI config it writes. */
export async function installProvider(): Promise<Installed> {
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-mirror-'));
  const r = await spawnCli(['provider', 'install', '--dir', dir]);
  if (r.code !== 0) throw new Error(`provider install failed: ${r.stderr}`);
  return { dir, cliConfig: join(dir, 'terraform.rc') };
}

export interface TfResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** terraform ARGS in `cwd`, with our CLI config only and no checkpoint calls. */
export function terraform(args: string[], cwd: string, cliConfig: string, env: Record<string, string> = {}): Promise<TfResult> {
  return execResult('terraform', args, { cwd, env: terraformEnv(cwd, cliConfig, env) });
}

const terraformEnv = (cwd: string, cliConfig: string, env: Record<string, string>): Record<string, string> =>
  childEnv({
    PATH: process.env.PATH ?? '',
    HOME: cwd,
    TF_CLI_CONFIG_FILE: cliConfig,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    ...env,
  });

/** The provider's address as the tests' configurations name it (`intune-scep/intune`). */
const PROVIDER_ADDRESS = 'registry.terraform.io/intune-scep/intune';

/**
 * terraform ARGS as `terraform()` runs them, with the provider served in this jest worker for the one
 * command and attached to through TF_REATTACH_PROVIDERS, as terraform-plugin-testing runs a provider
 * under test: the same gRPC server and handlers Terraform would start, from the sources, given the
 * environment Terraform would give its process, without a Node start for each of Terraform's three
 * or four provider starts a command (0.3 to 0.5 CPU s each). `init` does not start the provider: it
 * installs it from the mirror as ever. What only the provider's own process shows (the bundle, the
 * mirror, the lock file's hashes, a hostile folder, the TLS handshake, the
 * process's own environment as libraries read it, @azure/identity's among them, and its folder) is
 * tested with `terraform()`.
 */
export async function terraformWithProviderInWorker(
  args: string[],
  cwd: string,
  cliConfig: string,
  env: Record<string, string> = {},
): Promise<TfResult> {
  const command = args.find((a) => !a.startsWith('-'));
  if (command === 'init') return terraform(args, cwd, cliConfig, env);
  const given = terraformEnv(cwd, cliConfig, env);
  const provider = await serve({
    env: { ...given, [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: String(PROTOCOL_VERSION) },
    // The handshake line: the reattach configuration carries the address instead.
    stdout: () => undefined,
    // What Terraform would keep in its log (TF_LOG), never its output.
    stderr: () => undefined,
    exit: () => undefined,
    loopback: MOCK_ON_LOOPBACK,
  });
  // Terraform reaches the provider through a relay that counts its connections: a configuration whose
  // provider is not the one TF_REATTACH_PROVIDERS names would run the bundle from the mirror instead,
  // without a word, and the suite would test dist/ where it says it tests the sources.
  const relay = await connectionCounter(provider.address);
  try {
    const reattach = {
      [PROVIDER_ADDRESS]: {
        Protocol: 'grpc',
        ProtocolVersion: PROTOCOL_VERSION,
        Pid: process.pid,
        Test: true,
        Addr: { Network: 'tcp', String: relay.address },
      },
    };
    const r = await execResult('terraform', args, { cwd, env: { ...given, TF_REATTACH_PROVIDERS: JSON.stringify(reattach) } });
    if (command !== undefined && PROVIDER_COMMANDS.includes(command) && r.code !== 1 && relay.connections() === 0)
      throw new Error(
        `terraform ${command} never reached the provider served in the worker: does the configuration name another provider than ${PROVIDER_ADDRESS}?\n${r.stdout}\n${r.stderr}`,
      );
    return r;
  } finally {
    await relay.close();
    await provider.stop();
  }
}

/** Commands that ask the provider (at least for its schema) whenever they succeed (exit 0, or 2 for -detailed-exitcode). */
const PROVIDER_COMMANDS = ['plan', 'apply', 'destroy', 'import', 'validate', 'refresh'];

/** A TCP relay on loopback to `address` that counts the connections it passes on. */
async function connectionCounter(address: string): Promise<{ address: string; connections: () => number; close: () => Promise<void> }> {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  let count = 0;
  const sockets = new Set<Socket>();
  const relay = createServer((inbound) => {
    count++;
    const outbound = connect(port, host);
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve, reject) => relay.once('error', reject).listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(relay.address() as AddressInfo).port}`,
    connections: () => count,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => relay.close(() => resolve()));
    },
  };
}

/** A token for the mock's test credential (to change the tenant behind the provider's back). */
export async function mockToken(url: string): Promise<string> {
  const { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } = await import('../../lib/mock-graph');
  const r = await fetch(`${url}/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: DEFAULT_CLIENT_ID,
      client_secret: DEFAULT_CLIENT_SECRET,
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  return ((await r.json()) as { access_token: string }).access_token;
}

export async function graph(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const r = await fetch(`${url}/beta${path}`, {
    method,
    headers: { Authorization: `Bearer ${await mockToken(url)}`, 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined };
}
