/**
 * One request budget per tenant, shared by every caller in a run: a run makes one GraphClient per
 * tenant, and the engine, group lookups and $batch all go through its budget.
 *
 * Intune counts requests per app in a 20-second sliding window (100 writes, 1000 requests). The
 * budget keeps the same window on our side so a large apply runs at that ceiling instead of
 * bursting into 429s:
 * - a request takes a slot when it is sent; the slot is held while it is in flight and for one
 *   window after its answer arrived (Intune counted it on arrival, which was before the answer,
 *   so our window never ends before Intune's);
 * - a 429 pauses every caller: until `Retry-After`, or for an exponential backoff with jitter when
 *   Intune sent none; one 429 slows the whole run, not one caller;
 * - at most `concurrency` requests are in flight;
 * - the write limit adapts: each 429 on a write lowers it by a fifth (another run of the same app
 *   shares Intune's per-app window), and it grows back a slot per 20 writes that went through, up to
 *   Intune's limit. Two runs sharing an app settle near their fair shares instead of storming.
 * Writes and reads queue separately (first come, first served within each), so reads keep going
 * while writes wait for the write window.
 * All waiting goes through the injected clock: tests run in virtual time.
 */

export interface GraphClock {
  now(): number;
  /** Wait `ms`; an aborted signal ends the wait early (and clears any timer). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const REAL_CLOCK: GraphClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * Virtual time for tests: a discrete-event clock. A sleeper waits until nothing else is ready
 * (setImmediate), then the clock jumps to the earliest wake time, so a run that waits minutes of
 * throttle windows finishes at once, in the order real time would give. Share it with the mock.
 */
export class VirtualClock implements GraphClock {
  private sleepers: { at: number; resolve: () => void }[] = [];
  private scheduled = false;
  /** Total virtual time slept, summed over sleepers. */
  slept = 0;

  constructor(public ms = Date.parse('2026-06-01T00:00:00Z')) {}

  now = (): number => this.ms;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const sleeper = { at: this.ms + Math.max(0, ms), resolve };
      this.slept += Math.max(0, ms);
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          resolve();
        },
        { once: true },
      );
      this.schedule();
    });

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.sleepers.length === 0) return;
      const at = Math.min(...this.sleepers.map((s) => s.at));
      if (at > this.ms) this.ms = at;
      const due = this.sleepers.filter((s) => s.at <= this.ms);
      this.sleepers = this.sleepers.filter((s) => s.at > this.ms);
      for (const s of due) s.resolve();
      if (this.sleepers.length > 0) this.schedule();
    });
  }
}

export interface BudgetLimits {
  /** Intune's window: 20 s (shorter against a time-scaled mock). */
  windowMs: number;
  /** Writes (POST, PUT, PATCH, DELETE) per app per window. */
  writes: number;
  /** Requests of any kind per app per window. */
  requests: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Backoff after a 429 without Retry-After: base and cap. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const INTUNE_LIMITS: BudgetLimits = {
  windowMs: 20_000,
  writes: 100,
  requests: 1000,
  concurrency: 8,
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
};

/** A target that does not throttle (a mock with throttling off): no window to keep, more in flight. A 429 still pauses. */
export const UNTHROTTLED_LIMITS: BudgetLimits = {
  ...INTUNE_LIMITS,
  windowMs: 1,
  writes: Number.MAX_SAFE_INTEGER,
  requests: Number.MAX_SAFE_INTEGER,
  concurrency: 32,
};

/**
 * The limits a mock advertises (its THROTTLE_HEADER answer header): `off`, or
 * `intune; window-ms=N; writes=N; requests=N`. Undefined for anything else (then nothing changes).
 */
export function advertisedLimits(value: string | undefined): BudgetLimits | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === 'off') return UNTHROTTLED_LIMITS;
  const m = /^intune; window-ms=(\d+(?:\.\d+)?); writes=(\d+); requests=(\d+)$/.exec(value.trim());
  if (!m) return undefined;
  const [windowMs, writes, requests] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!(windowMs > 0 && writes > 0 && requests > 0)) return undefined;
  return { ...INTUNE_LIMITS, windowMs, writes, requests };
}

interface Slot {
  /** When the slot frees: Infinity while the request is in flight. */
  until: number;
}

export interface Lease {
  /** The answer arrived (or the attempt ended): the slot runs out one window from now. */
  done(): void;
}

export interface BudgetStats {
  /** 429 answers seen (top-level and inside $batch). */
  throttled: number;
  /** Time spent waiting for a slot or a pause, summed over callers. */
  waitedMs: number;
  granted: number;
}

export class RequestBudget {
  private readonly writes: Slot[] = [];
  private readonly all: Slot[] = [];
  private inFlight = 0;
  private pausedUntil = 0;
  private consecutive429 = 0;
  /** Writes per window we allow ourselves now (≤ limits.writes); lowered by 429s, regained slowly. */
  private writeLimit: number;
  private writesSinceRaise = 0;
  private readonly queues: Record<'read' | 'write', Promise<void>> = { read: Promise.resolve(), write: Promise.resolve() };
  private wakeUp: (() => void)[] = [];
  readonly stats: BudgetStats = { throttled: 0, waitedMs: 0, granted: 0 };

  constructor(
    private limitsInForce: BudgetLimits = INTUNE_LIMITS,
    private readonly clock: GraphClock = REAL_CLOCK,
    private readonly random: () => number = Math.random,
  ) {
    this.writeLimit = limitsInForce.writes;
  }

  get limits(): BudgetLimits {
    return this.limitsInForce;
  }

  /** Pace to other limits from now on (a target that advertised its own); slots already taken stay. */
  setLimits(limits: BudgetLimits): void {
    this.limitsInForce = limits;
    this.writeLimit = limits.writes;
    this.writesSinceRaise = 0;
    const waiting = this.wakeUp;
    this.wakeUp = [];
    for (const w of waiting) w();
  }

  /** The write limit in force now. */
  get currentWriteLimit(): number {
    return this.writeLimit;
  }

  /** Wait for room for `count` requests of `kind`; the lease must be ended with done(). */
  acquire(kind: 'read' | 'write', count = 1): Promise<Lease> {
    const granted = this.queues[kind].then(() => this.grant(kind, count));
    this.queues[kind] = granted.then(
      () => undefined,
      () => undefined,
    );
    return granted;
  }

  private prune(now: number): void {
    for (const list of [this.writes, this.all]) {
      for (let i = list.length - 1; i >= 0; i--) if ((list[i] as Slot).until <= now) list.splice(i, 1);
    }
  }

  private async grant(kind: 'read' | 'write', count: number): Promise<Lease> {
    const started = this.clock.now();
    for (;;) {
      const now = this.clock.now();
      if (now < this.pausedUntil) {
        await this.clock.sleep(this.pausedUntil - now);
        continue;
      }
      this.prune(now);
      const roomAll = this.all.length + count <= this.limits.requests;
      const roomWrites = kind === 'read' || this.writes.length + count <= Math.max(this.writeLimit, count);
      const roomFlight = this.inFlight + count <= Math.max(this.limits.concurrency, count);
      if (roomAll && roomWrites && roomFlight) {
        const slots: Slot[] = [];
        for (let i = 0; i < count; i++) {
          const s = { until: Infinity };
          slots.push(s);
          this.all.push(s);
          if (kind === 'write') this.writes.push(s);
        }
        this.inFlight += count;
        this.stats.granted += count;
        this.stats.waitedMs += now - started;
        let ended = false;
        return {
          done: () => {
            if (ended) return;
            ended = true;
            const until = this.clock.now() + this.limits.windowMs;
            for (const s of slots) s.until = until;
            this.inFlight -= count;
            const waiting = this.wakeUp;
            this.wakeUp = [];
            for (const w of waiting) w();
          },
        };
      }
      // The earliest moment a slot we need frees; in-flight slots free only when their answer comes.
      const needed = [...(!roomAll ? this.all : []), ...(!roomWrites ? this.writes : [])].map((s) => s.until).filter((t) => t !== Infinity);
      const wake = needed.length > 0 ? Math.min(...needed) : Infinity;
      const stop = new AbortController();
      const released = new Promise<void>((resolve) => this.wakeUp.push(resolve));
      if (wake === Infinity || !roomFlight) await released;
      else {
        await Promise.race([released, this.clock.sleep(wake - now, stop.signal)]);
        stop.abort();
      }
    }
  }

  /** A 429 was answered: pause everybody for Retry-After, or back off exponentially without one. */
  throttled(retryAfterMs: number | undefined, write = false): void {
    this.stats.throttled++;
    if (write) {
      this.writeLimit = Math.max(Math.ceil(this.limits.writes / 10), Math.floor(this.writeLimit * 0.8));
      this.writesSinceRaise = 0;
    }
    this.consecutive429++;
    const now = this.clock.now();
    const delay =
      retryAfterMs !== undefined
        ? retryAfterMs
        : Math.min(this.limits.backoffMaxMs, this.limits.backoffBaseMs * 2 ** (this.consecutive429 - 1)) * (0.5 + this.random() / 2);
    this.pausedUntil = Math.max(this.pausedUntil, now + delay);
  }

  /** A request went through: the run is no longer being throttled. */
  succeeded(write = false): void {
    this.consecutive429 = 0;
    if (write && this.writeLimit < this.limits.writes && ++this.writesSinceRaise >= 20) {
      this.writeLimit++;
      this.writesSinceRaise = 0;
    }
  }
}
