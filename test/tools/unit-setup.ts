/**
 * The unit tier runs in-process: every way to start a child process throws, naming the command, for
 * each unit test file (jest's own mock of the module, so e2e files in the same worker are untouched).
 * A test that needs the process boundary (the built CLI, kill -9, a signal, terraform, Azurite) goes
 * in a `*.e2e.test.ts` file; one that does not, calls `runCli` (test/helpers/cli.ts) in-process.
 *
 * The mock's Cloud PKI draws its CAs' RSA keys from test/fixtures/mock-ca-keys.pem (six 2048-bit keys,
 * made for these tests and nothing else) before it makes any: each test file is a new module registry,
 * so the mock's key pool starts empty in each, and making the keys again was 6 % of the tier's CPU.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { preloadKeys } from '../../lib/mock-graph/certificates';

const refuse =
  (name: string) =>
  (command: unknown, args?: unknown): never => {
    const line = [command, ...(Array.isArray(args) ? args : [])].map(String).join(' ');
    throw new Error(
      `unit tests run in-process, and this one started a child process (${name}: ${line.slice(0, 200)}). Use runCli from test/helpers/cli.ts, or move the test into a *.e2e.test.ts file.`,
    );
  };

function guarded(): object {
  const real = jest.requireActual<typeof import('node:child_process')>('node:child_process');
  return {
    ...real,
    spawn: refuse('spawn'),
    spawnSync: refuse('spawnSync'),
    exec: refuse('exec'),
    execSync: refuse('execSync'),
    execFile: refuse('execFile'),
    execFileSync: refuse('execFileSync'),
    fork: refuse('fork'),
  };
}

jest.mock('node:child_process', guarded);
jest.mock('child_process', guarded);

preloadKeys(readFileSync(join(__dirname, '..', 'fixtures', 'mock-ca-keys.pem'), 'utf8'));
