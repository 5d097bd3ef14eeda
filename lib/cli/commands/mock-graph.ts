/** `intune-scep mock-graph serve`: the mock Graph tenant as a server of its own. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_SEED_FILTERS,
  DEFAULT_SEED_GROUPS,
  MockDataError,
  MockGroupSchema,
  selfSignedTls,
  startMockGraph,
  type MockGraph,
  type MockGroup,
} from '../../mock-graph';
import { CliError, type CliIo } from '../io';

export interface ServeFlags {
  port: string;
  host: string;
  data?: string;
  memory?: boolean;
  pageSize: string;
  latencyMs: string;
  faultRate: string;
  throttle: string;
  timeScale: string;
  retryAfter: boolean;
  auth: string;
  seedGroups?: string;
  tls?: boolean;
}

function number(name: string, value: string, min: number, max: number, integer = true): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new CliError(`--${name} ${value}: expected ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.`);
  }
  return n;
}

function readSeedGroups(io: CliIo, file: string): MockGroup[] {
  const path = resolve(io.cwd, file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(
      `--seed-groups ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(e as Error).message})`}.`,
    );
  }
  const parsed = z.array(MockGroupSchema).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(
      `--seed-groups ${file}: expected a JSON array of groups like [{"id": "…", "displayName": "Wi-Fi Users"}]; at ${issue?.path.join('.') || 'top level'}: ${issue?.message}.`,
    );
  }
  return parsed.data as MockGroup[];
}

export async function startServe(io: CliIo, flags: ServeFlags): Promise<MockGraph> {
  const throttle = flags.throttle;
  if (throttle !== 'intune' && throttle !== 'off') throw new CliError(`--throttle ${throttle}: use "intune" or "off".`);
  if (flags.auth !== 'required' && flags.auth !== 'off') throw new CliError(`--auth ${flags.auth}: use "required" or "off".`);
  const dataFile = flags.memory ? undefined : resolve(io.cwd, flags.data ?? '.intune-scep/mock-tenant.json');
  if (dataFile) mkdirSync(dirname(dataFile), { recursive: true });
  const seedGroups = flags.seedGroups ? readSeedGroups(io, flags.seedGroups) : [...DEFAULT_SEED_GROUPS];
  const tls = flags.tls ? await selfSignedTls() : undefined;
  if (tls) {
    const caFile = tlsCertFile(io);
    mkdirSync(dirname(caFile), { recursive: true });
    writeFileSync(caFile, tls.cert);
  }
  try {
    return await startMockGraph({
      port: number('port', flags.port, 0, 65535),
      host: flags.host,
      ...(dataFile ? { dataFile } : {}),
      seedGroups,
      seedFilters: [...DEFAULT_SEED_FILTERS],
      behaviour: { pageSize: number('page-size', flags.pageSize, 1, 1000) },
      faults: {
        latencyMs: number('latency-ms', flags.latencyMs, 0, 600_000),
        errorRate: number('fault-rate', flags.faultRate, 0, 1, false),
      },
      throttle: { mode: throttle, timeScale: number('time-scale', flags.timeScale, 0.001, 1000, false), retryAfter: flags.retryAfter },
      auth: flags.auth,
      ...(tls ? { tls } : {}),
    });
  } catch (e) {
    if (e instanceof MockDataError) throw new CliError(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new CliError(`port ${flags.port} on ${flags.host} is in use; pick another with --port (0 picks a free one).`);
    if (code === 'EACCES' || code === 'EADDRNOTAVAIL') throw new CliError(`cannot listen on ${flags.host}:${flags.port} (${code}).`);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL')
      throw new CliError(
        `--host ${JSON.stringify(flags.host)} is not an address of this machine (${code}); use 127.0.0.1, ::1 or another local address.`,
      );
    throw e;
  }
}

/** Where `--tls` writes the self-signed certificate clients must trust. */
export function tlsCertFile(io: CliIo): string {
  return resolve(io.cwd, '.intune-scep', 'mock-graph-tls.pem');
}

export function banner(io: CliIo, m: MockGraph, flags: ServeFlags, dataFile: string | undefined): string {
  return [
    `Mock Graph (Intune) listening on ${m.url}`,
    `  Graph:          ${m.url}/beta`,
    `  token endpoint: ${m.url}/${m.auth.tenantId}/oauth2/v2.0/token${flags.auth === 'off' ? ' (auth off: no token needed)' : ''}`,
    `  tenant id:      ${m.auth.tenantId}`,
    `  client id:      ${DEFAULT_CLIENT_ID}`,
    `  client secret:  ${DEFAULT_CLIENT_SECRET} (the mock's own test credential)`,
    `  data:           ${dataFile ?? 'in memory (lost on exit)'}`,
    ...(flags.tls ? [`  TLS:            self-signed; trust ${tlsCertFile(io)} (e.g. NODE_EXTRA_CA_CERTS)`] : []),
    `  throttle:       ${flags.throttle}${flags.throttle === 'intune' ? ` (100 writes/20 s per app${Number(flags.timeScale) !== 1 ? `, window × ${flags.timeScale}` : ''})` : ''}`,
    `Point a Graph client at ${m.url}/beta; --graph-url ${m.url} in the plan/apply commands.`,
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

export function registerMockGraph(program: Command, io: CliIo, setExit: (code: number) => void, onServing?: (m: MockGraph) => void): void {
  const mock = program.command('mock-graph').description('The mock Microsoft Graph (Intune) tenant.');
  mock
    .command('serve')
    .description('Serve the mock Graph tenant over HTTP on loopback until stopped.')
    .option('--port <port>', 'port (0 picks a free one)', '5899')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--data <file>', 'persist the tenant in this file', '.intune-scep/mock-tenant.json')
    .option('--memory', 'keep the tenant in memory only')
    .option('--page-size <n>', 'objects per list page', '100')
    .option('--latency-ms <ms>', 'delay every Graph request', '0')
    .option('--fault-rate <rate>', 'answer this share of requests with 500/503/504 (0 to 1)', '0')
    .option('--throttle <mode>', 'intune (Intune limits) or off', 'intune')
    .option('--time-scale <x>', "multiply the throttle's 20-second window", '1')
    .option('--no-retry-after', 'answer 429 without Retry-After (as some Intune endpoints do)')
    .option('--auth <mode>', 'required (bearer tokens from the mock) or off', 'required')
    .option('--seed-groups <file>', 'a JSON array of groups to create ({id, displayName, ...})')
    .option('--tls', 'serve HTTPS with a self-signed certificate (MSAL needs https authorities)')
    .action(async (flags: ServeFlags) => {
      const m = await startServe(io, flags);
      const dataFile = flags.memory ? undefined : resolve(io.cwd, flags.data ?? '.intune-scep/mock-tenant.json');
      io.stdout(banner(io, m, flags, dataFile));
      if (onServing) {
        onServing(m);
        return;
      }
      await new Promise<void>((done) => {
        // Ctrl-C / SIGTERM stops the server cleanly (through the CLI's interrupt handling when it has one).
        let unsubscribe: (() => void) | undefined;
        const stop = () => {
          unsubscribe?.();
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          m.close().then(done, done);
        };
        if (io.onInterrupt) unsubscribe = io.onInterrupt(stop);
        else {
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        }
      });
      io.stdout(dataFile ? `Mock Graph stopped; tenant saved in ${dataFile}.\n` : 'Mock Graph stopped.\n');
      setExit(0);
    });
}
