/**
 * Issue 24, reproduction 10, in-process: a state write that fails during an apply (the lock lost, or
 * storage gone) stops the run. Against a backend that refuses every write from the Nth journal
 * append on, every event is logged in order: no step starts after the first refused write, the steps
 * in flight finish, nothing more is written, the state error comes first (with how many steps were
 * applied and where they are recorded), and a failing unlock is reported after it, never instead of
 * it. The next run converges.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LocalStateBackend,
  StateError,
  acquireLock,
  applyStack,
  forceUnlock,
  lockHolder,
  planStack,
  type FileLock,
  type State,
  type StateBackend,
  type StateChange,
  type StateLock,
} from '../../lib';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { configOf, engineFixture } from '../helpers/engine';
import { lostAndDuplicates } from '../helpers/reliability';
import { rootsWithProfiles } from '../helpers/stacks';

let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
});

const stack = (roots: number, per: number) => rootsWithProfiles(certs, roots, per);

/** Local state that refuses every write from the `failAt`th append on, logging what happens in order. */
class RefusingBackend implements StateBackend {
  appends = 0;
  readonly inner: LocalStateBackend;
  constructor(
    file: string,
    private readonly failAt: number,
    private readonly error: () => Error,
    readonly log: string[],
    private readonly unlockError?: () => Error,
  ) {
    this.inner = new LocalStateBackend(file);
  }
  get location() {
    return this.inner.location;
  }
  read(stack: string) {
    return this.inner.read(stack);
  }
  async lock(operation: string, now: Date): Promise<StateLock> {
    const lock = await this.inner.lock(operation, now);
    return {
      holder: lock.holder,
      release: async () => {
        await lock.release();
        if (this.unlockError) throw this.unlockError();
      },
    };
  }
  async append(state: State, change: StateChange) {
    if (++this.appends >= this.failAt) {
      this.log.push('append refused');
      throw this.error();
    }
    await this.inner.append(state, change).catch((e: unknown) => {
      this.log.push('append refused');
      throw e;
    });
    this.log.push('append');
  }
  async write(state: State) {
    if (this.appends >= this.failAt) {
      this.log.push('write refused');
      throw this.error();
    }
    const written = await this.inner.write(state).catch((e: unknown) => {
      this.log.push('write refused');
      throw e;
    });
    this.log.push('write');
    return written;
  }
  holder() {
    return this.inner.holder();
  }
  forceUnlock(id: string) {
    return this.inner.forceUnlock(id);
  }
  forceUnlockHolderless() {
    return this.inner.forceUnlockHolderless();
  }
}

const FAILURES: Record<string, { error: () => Error; code: string; detail: RegExp }> = {
  'the lock lost': {
    error: () =>
      new StateError(
        'the state lock of memory was lost (broken by force-unlock or another run)',
        'state/lock-lost',
        'The state lock was lost',
      ),
    code: 'state/lock-lost',
    detail:
      /^the state lock of memory was lost \(broken by force-unlock or another run\); \d+ step\(s\) were applied, recorded in .*s\.json/,
  },
  'storage gone': {
    error: () => new StateError('Azure Storage: appending to the state journal of x failed: no answer: connect ECONNREFUSED.'),
    code: 'state/unusable',
    detail:
      /^Azure Storage: appending to the state journal of x failed: no answer: connect ECONNREFUSED\.?; \d+ step\(s\) were applied, recorded in .*s\.json/,
  },
};

test.each(Object.entries(FAILURES))(
  'a refused state write (%s) stops the run: no step starts after it, nothing more is written, its error first',
  async (_name, failure) => {
    const f = await engineFixture();
    try {
      // 40 roots with their assignments: more independent steps than run at once (16), so steps ready
      // to start are waiting when the write is refused.
      const doc = stack(40, 0);
      const file = join(mkdtempSync(join(tmpdir(), 'intune-scep-refused-')), 's.json');
      const log: string[] = [];
      const backend = new RefusingBackend(
        file,
        10,
        failure.error,
        log,
        () => new StateError('unlocking failed: 412 LeaseIdMismatchWithLeaseOperation'),
      );
      const hooks = {
        onApplyStart: (e: { address: string }) => log.push(`start ${e.address}`),
        onApplyDone: (e: { address: string }) => log.push(`done ${e.address}`),
      };
      const r = await applyStack({ stack: 's', backend, api: f.ctx.api, now: f.ctx.now, hooks }, { config: configOf(doc) });
      if (!('errors' in r)) throw new Error('the plan did not apply');
      const refused = log.indexOf('append refused');
      expect(refused).toBeGreaterThan(0);
      // No step starts after the first refused write; no write goes out after it either.
      expect(log.slice(refused).filter((e) => e.startsWith('start '))).toEqual([]);
      expect(log.slice(refused).filter((e) => e === 'append' || e === 'write')).toEqual([]);
      // Every step started before it finished (steps in flight finish).
      const started = log.filter((e) => e.startsWith('start ')).map((e) => e.slice(6));
      const done = log.filter((e) => e.startsWith('done ')).map((e) => e.slice(5));
      expect(done.sort()).toEqual(started.sort());
      // The state error first, naming what was applied and where it is; the unlock failure after it.
      expect(r.errors[0]?.code).toBe(failure.code);
      expect(r.errors[0]?.address).toBe('');
      expect(r.errors[0]?.detail).toMatch(failure.detail);
      expect(r.errors[0]?.detail).toContain(`${r.applied} step(s) were applied`);
      expect(r.errors.at(-1)?.detail).toContain('unlocking failed: 412');
      expect(r.errors.filter((e) => e.code === 'apply/not-started').length).toBeGreaterThan(20);
      expect(r.applied).toBeLessThan(30);
      // Released anyway: the next run (storage back) converges, every object once.
      const again = await applyStack({ stack: 's', stateFile: file, api: f.ctx.api, now: f.ctx.now }, { config: configOf(doc) });
      expect('errors' in again && again.errors).toEqual([]);
      const wanted = configOf(doc)
        .resources.filter((c) => c.type !== 'intune_profile_assignment')
        .map((c) => String(c.attrs.display_name));
      expect(
        lostAndDuplicates(
          wanted,
          [...f.mock.store.configurations.values()].map((e) => String(e.displayName)),
        ),
      ).toEqual({ objectsLost: 0, duplicates: 0 });
      const plan = await planStack({ stack: 's', stateFile: file, api: f.ctx.api, now: f.ctx.now }, configOf(doc));
      expect(plan.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
    } finally {
      await f.close();
    }
  },
);

test("a failing unlock never hides the error of the run: both are reported, the run's first", async () => {
  const f = await engineFixture();
  try {
    const file = join(mkdtempSync(join(tmpdir(), 'intune-scep-unlock-')), 's.json');
    const backend = new RefusingBackend(
      file,
      Infinity,
      () => new Error('unused'),
      [],
      () => new StateError('Azure Storage: unlocking x failed: no answer.'),
    );
    // A saved plan for another stack: refused inside the lock, and then the unlock fails too.
    const config = configOf(stack(1, 1));
    const plan = await planStack({ stack: 'other', stateFile: file, api: f.ctx.api, now: f.ctx.now }, config);
    const saved = { plan, inputs: { config: config.document! }, graph: 'the test mock' };
    const e = (await applyStack({ stack: 's', backend, api: f.ctx.api, now: f.ctx.now }, { saved }).then(
      () => undefined,
      (x: unknown) => x,
    )) as Error;
    expect(e.message).toMatch(/^the saved plan is for stack "other", not "s"\..*Azure Storage: unlocking x failed: no answer\./s);
    // A run that succeeded but could not unlock says so.
    const ok = await applyStack({ stack: 's', backend, api: f.ctx.api, now: f.ctx.now }, { config: configOf(stack(1, 1)) });
    expect('errors' in ok && ok.errors.map((d) => d.detail)).toEqual(['Azure Storage: unlocking x failed: no answer.']);
  } finally {
    await f.close();
  }
});

test('local state: a lock file broken and taken by another run under an apply stops it at its next write; the other lock stays', async () => {
  const f = await engineFixture();
  try {
    const doc = stack(40, 0);
    const file = join(mkdtempSync(join(tmpdir(), 'intune-scep-local-lost-')), 's.json');
    const log: string[] = [];
    // Local state as it is, its refusals logged among the steps' starts.
    const backend = new RefusingBackend(file, Infinity, () => new Error('unused'), log);
    let starts = 0;
    let taken: FileLock | undefined;
    const hooks = {
      onApplyStart: (e: { address: string }) => {
        log.push(`start ${e.address}`);
        if (++starts === 20 && !taken) {
          // Another user: force-unlock (the run looks dead to them), then a run of their own.
          const h = lockHolder(file);
          if (typeof h !== 'object') throw new Error('the apply holds no lock');
          forceUnlock(file, h.id);
          taken = acquireLock(file, 'apply', new Date('2026-06-01T00:00:00Z'));
        }
      },
    };
    const r = await applyStack({ stack: 's', backend, api: f.ctx.api, now: f.ctx.now, hooks }, { config: configOf(doc) });
    if (!('errors' in r) || !taken) throw new Error('the plan did not apply');
    expect(r.errors[0]?.code).toBe('state/lock-lost');
    expect(r.errors[0]?.detail).toMatch(
      /^the state lock of .*s\.json was lost \(broken by force-unlock or another run\); \d+ step\(s\) were applied, recorded in .*s\.json; \d+ not started\./,
    );
    // No step starts once a write is refused, and nothing more is written.
    const refused = log.indexOf('append refused');
    expect(refused).toBeGreaterThan(0);
    expect(log.slice(refused).filter((e) => e.startsWith('start ') || e === 'append' || e === 'write')).toEqual([]);
    expect(r.applied).toBeLessThan(40);
    // The other run's lock is untouched by the first run's release.
    expect(lockHolder(file)).toEqual(taken.holder);
    taken.release();
    const again = await applyStack({ stack: 's', stateFile: file, api: f.ctx.api, now: f.ctx.now }, { config: configOf(doc) });
    expect('errors' in again && again.errors).toEqual([]);
    const wanted = configOf(doc)
      .resources.filter((c) => c.type !== 'intune_profile_assignment')
      .map((c) => String(c.attrs.display_name));
    expect(
      lostAndDuplicates(
        wanted,
        [...f.mock.store.configurations.values()].map((e) => String(e.displayName)),
      ),
    ).toEqual({ objectsLost: 0, duplicates: 0 });
  } finally {
    await f.close();
  }
});
