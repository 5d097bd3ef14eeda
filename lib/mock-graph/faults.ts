/**
 * Faults for tests and benchmarks, each a rate from 0 to 1, drawn from a seeded generator so a
 * run can be repeated exactly.
 * | fault             | effect                                                            |
 * |-------------------|-------------------------------------------------------------------|
 * | latencyMs         | every Graph request waits this long before it is handled          |
 * | errorRate         | answer 500, 503 or 504 (from errorStatuses) without handling it    |
 * | dropRate          | destroy the connection without an answer                          |
 * | appliedThen500Rate| writes only: apply the change, then answer 500 (Graph does this)  |
 */

export interface FaultOptions {
  latencyMs?: number;
  errorRate?: number;
  errorStatuses?: number[];
  dropRate?: number;
  appliedThen500Rate?: number;
  /** Apply error faults to requests inside $batch too (default true). */
  inBatch?: boolean;
  seed?: number;
}

export type FaultDecision = { kind: 'none' } | { kind: 'error'; status: number } | { kind: 'drop' } | { kind: 'applied-then-500' };

/** mulberry32: small, fast, seedable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private random: () => number;
  /** Counts of faults injected, by kind. */
  readonly injected = { error: 0, drop: 0, appliedThen500: 0 };

  constructor(private options: FaultOptions = {}) {
    this.random = seededRandom(options.seed ?? 1);
  }

  configure(options: FaultOptions): void {
    this.options = options;
    this.random = seededRandom(options.seed ?? 1);
  }

  get latencyMs(): number {
    return this.options.latencyMs ?? 0;
  }

  /** What happens to one request. `write` is true for POST/PUT/PATCH/DELETE; drops never inside $batch. */
  decide(write: boolean, inBatch: boolean): FaultDecision {
    const o = this.options;
    if (inBatch && o.inBatch === false) return { kind: 'none' };
    if (!inBatch && o.dropRate && this.random() < o.dropRate) {
      this.injected.drop++;
      return { kind: 'drop' };
    }
    if (o.errorRate && this.random() < o.errorRate) {
      const statuses = o.errorStatuses?.length ? o.errorStatuses : [500, 503, 504];
      this.injected.error++;
      return { kind: 'error', status: statuses[Math.floor(this.random() * statuses.length)] as number };
    }
    if (write && o.appliedThen500Rate && this.random() < o.appliedThen500Rate) {
      this.injected.appliedThen500++;
      return { kind: 'applied-then-500' };
    }
    return { kind: 'none' };
  }

  /** Shuffle in place with the seeded generator ($batch answers in any order). */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
}
