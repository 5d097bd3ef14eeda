/**
 * Intune's throttling for device configuration, per 20-second sliding window:
 * | requests                 | per app per tenant | per tenant, all apps |
 * |--------------------------|--------------------|----------------------|
 * | POST, PUT, PATCH, DELETE | 100                | 200                  |
 * | any                      | 1000               | 2000                 |
 * A request over a limit is answered 429 and still counts. `timeScale` shrinks the window
 * (0.05 → 1 s) so benchmarks run quickly with the same shape; the limits stay.
 */

export interface Clock {
  now(): number;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

export interface ThrottleOptions {
  readonly mode: 'intune' | 'off';
  /** Window = 20 s × timeScale. */
  readonly timeScale?: number;
  /** Limits, to test windows with small numbers; default Intune's. */
  readonly limits?: Partial<ThrottleLimits>;
}

export interface ThrottleLimits {
  writePerApp: number;
  writePerTenant: number;
  allPerApp: number;
  allPerTenant: number;
}

export const INTUNE_THROTTLE_LIMITS: ThrottleLimits = { writePerApp: 100, writePerTenant: 200, allPerApp: 1000, allPerTenant: 2000 };
export const INTUNE_WINDOW_MS = 20_000;
/** The answer header that advertises a mock's throttle policy (Throttle.advertised). */
export const THROTTLE_HEADER = 'x-intune-scep-throttle';

/** Timestamps in a window, oldest first, with O(1) amortised expiry. */
class Window {
  private times: number[] = [];
  private head = 0;

  count(now: number, windowMs: number): number {
    while (this.head < this.times.length && (this.times[this.head] as number) <= now - windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  add(now: number): void {
    this.times.push(now);
  }

  /** When the window will hold at most `limit` entries again. */
  freeAt(limit: number, windowMs: number): number {
    const over = this.times.length - this.head - limit;
    if (over <= 0) return 0;
    return (this.times[this.head + over - 1] as number) + windowMs;
  }
}

export type ThrottleDecision = { ok: true } | { ok: false; retryAfterMs: number; scope: string };

export class Throttle {
  readonly windowMs: number;
  private readonly limits: ThrottleLimits;
  private readonly windows = new Map<string, Window>();
  /** 429s answered, for tests and benchmarks. */
  throttled = 0;

  constructor(
    private readonly options: ThrottleOptions,
    private readonly clock: Clock = SYSTEM_CLOCK,
  ) {
    this.windowMs = INTUNE_WINDOW_MS * (options.timeScale ?? 1);
    this.limits = { ...INTUNE_THROTTLE_LIMITS, ...options.limits };
  }

  private window(key: string): Window {
    let w = this.windows.get(key);
    if (!w) {
      w = new Window();
      this.windows.set(key, w);
    }
    return w;
  }

  /**
   * The policy this mock enforces, as it advertises it on every answer (header THROTTLE_HEADER), so a
   * client on loopback paces to it instead of to Intune's: `off`, or
   * `intune; window-ms=1000; writes=100; requests=1000` (per app).
   */
  advertised(): string {
    if (this.options.mode === 'off') return 'off';
    return `intune; window-ms=${this.windowMs}; writes=${this.limits.writePerApp}; requests=${this.limits.allPerApp}`;
  }

  /** Count one request of `app` and say whether it may proceed. */
  admit(app: string, write: boolean): ThrottleDecision {
    if (this.options.mode === 'off') return { ok: true };
    const now = this.clock.now();
    const checks: [string, number, string][] = [
      [`app:${app}:all`, this.limits.allPerApp, 'requests per app'],
      ['tenant:all', this.limits.allPerTenant, 'requests per tenant'],
    ];
    if (write) {
      checks.push(
        [`app:${app}:write`, this.limits.writePerApp, 'writes per app'],
        ['tenant:write', this.limits.writePerTenant, 'writes per tenant'],
      );
    }
    let retryAt = 0;
    let scope = '';
    for (const [key, limit, label] of checks) {
      const w = this.window(key);
      w.count(now, this.windowMs);
      w.add(now);
      const at = w.freeAt(limit, this.windowMs);
      if (at > retryAt) {
        retryAt = at;
        scope = label;
      }
    }
    if (retryAt === 0) return { ok: true };
    this.throttled++;
    return { ok: false, retryAfterMs: Math.max(1, retryAt - now), scope };
  }
}
