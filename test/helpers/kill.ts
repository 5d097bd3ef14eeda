/**
 * kill -9 tests: an apply in a child process (test/fixtures/apply-child.js) and a mock Graph that
 * kills it right after applying its Nth write, so every kill lands inside the run by construction.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startMockGraph, type MockGraph, type MockGraphOptions } from '../../lib/mock-graph';
import { REPO } from './cli';
import { SEED_GROUPS } from './engine';

type Killable = { kill: (s: NodeJS.Signals) => unknown };
/** Kill `child()` with SIGKILL once the mock has applied `write` writes in all. */
export type KillAt = (write: number, child: () => Killable | undefined) => void;

/** A mock Graph (no auth, no throttle, the seed groups) for `fn`, with its kill trigger; closed after. */
export async function withKillableMock<T>(options: MockGraphOptions, fn: (m: MockGraph, killAt: KillAt) => Promise<T>): Promise<T> {
  let trigger: { at: number; child: () => Killable | undefined } | undefined;
  const m = await startMockGraph({
    auth: 'off',
    throttle: { mode: 'off' },
    seedGroups: SEED_GROUPS,
    ...options,
    onWrite: (writes) => {
      if (trigger && writes >= trigger.at) {
        trigger.child()?.kill('SIGKILL');
        trigger = undefined;
      }
    },
  });
  try {
    return await fn(m, (at, child) => (trigger = { at, child }));
  } finally {
    await m.close();
  }
}

/** apply-child.js on `configFile` (stack "crash"; state in `stateFile`, or in `blob`); exit resolves to its code, or -1 when a signal ended it. */
export function runApplyChild(
  url: string,
  stateFile: string,
  configFile: string,
  blob?: { connectionString: string; container: string; blob: string },
): { child: ReturnType<typeof spawn>; exit: Promise<number | null> } {
  const env = blob ? { ...process.env, INTUNE_SCEP_TEST_BLOB: JSON.stringify(blob) } : process.env;
  const child = spawn(process.execPath, [join(REPO, 'test', 'fixtures', 'apply-child.js'), url, stateFile, configFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ? -1 : code)));
  return { child, exit };
}
