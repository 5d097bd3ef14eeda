/**
 * Reliability counters. Each reliability scenario counts what it did and what it saw (runs, faults
 * injected, objects lost, duplicates, crashes), measured by the test itself, before it asserts;
 * `reliability-reporter.js` prints one table of them at the end of the jest run, and writes it as
 * JSON to $INTUNE_SCEP_RELIABILITY_OUT (for `npm run bench -- reliability`).
 *
 * Records go to a JSON-lines file in $INTUNE_SCEP_RELIABILITY_DIR (jest.config.js creates it), one
 * line per scenario per test file, appended after the file's tests, whether they passed or not.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MockGraph } from '../../lib/mock-graph';

export interface ReliabilityCounts {
  runs: number;
  /** What the scenario threw at the system: SIGKILLs, injected 5xx/resets/429s, damaged files, hostile inputs, overlapping runs. */
  faultsInjected: number;
  /** Desired objects missing afterwards, or data that a refused run changed. null: no objects in play. */
  objectsLost: number | null;
  /** Objects beyond the one wanted (doubles and orphans). null: no objects in play. */
  duplicates: number | null;
  /** Runs that ended in a stack trace, a fatal error or a failed recovery instead of a result or a clear refusal. */
  crashes: number;
}

export interface ReliabilityRecord extends ReliabilityCounts {
  scenario: string;
}

export const RECORDS_FILE = 'records.jsonl';

/** What a crashed process leaves on stderr, as opposed to a one-line error. */
export const CRASH_PATTERN = /\n\s+at |Internal error|FATAL|heap out of memory|Segmentation fault|Unhandled/;

/**
 * A scenario's counters. Create it at a test file's top level: it records itself after the file's
 * tests (afterAll), so a failing test still reports what it saw.
 */
export class Tally {
  private readonly counts: ReliabilityCounts;

  constructor(
    readonly scenario: string,
    options: { objects: boolean } = { objects: true },
  ) {
    this.counts = {
      runs: 0,
      faultsInjected: 0,
      objectsLost: options.objects ? 0 : null,
      duplicates: options.objects ? 0 : null,
      crashes: 0,
    };
    afterAll(() => this.record());
  }

  add(c: Partial<ReliabilityCounts>): void {
    this.counts.runs += c.runs ?? 0;
    this.counts.faultsInjected += c.faultsInjected ?? 0;
    this.counts.crashes += c.crashes ?? 0;
    if (this.counts.objectsLost !== null) this.counts.objectsLost += c.objectsLost ?? 0;
    if (this.counts.duplicates !== null) this.counts.duplicates += c.duplicates ?? 0;
  }

  get current(): Readonly<ReliabilityCounts> {
    return { ...this.counts };
  }

  private record(): void {
    const dir = process.env.INTUNE_SCEP_RELIABILITY_DIR;
    if (!dir || this.counts.runs === 0) return;
    const line: ReliabilityRecord = { scenario: this.scenario, ...this.counts };
    appendFileSync(join(dir, RECORDS_FILE), `${JSON.stringify(line)}\n`);
  }
}

/** Faults an in-process mock injected: error answers, dropped connections, "500 although applied", and 429s. */
export function faultsInjected(mock: MockGraph): number {
  const f = mock.faults.injected;
  return f.error + f.drop + f.appliedThen500 + mock.stats.throttled;
}

/**
 * Lost and extra objects: `wanted` names against the names found. A name found twice counts one
 * duplicate; a name found but not wanted (an orphan) counts one too.
 */
export function lostAndDuplicates(wanted: readonly string[], found: readonly string[]): { objectsLost: number; duplicates: number } {
  const want = new Set(wanted);
  const seen = new Map<string, number>();
  for (const n of found) seen.set(n, (seen.get(n) ?? 0) + 1);
  let objectsLost = 0;
  for (const n of want) if (!seen.has(n)) objectsLost++;
  let duplicates = 0;
  for (const [n, k] of seen) duplicates += want.has(n) ? k - 1 : k;
  return { objectsLost, duplicates };
}

/** Every device configuration's display name in a mock tenant served with `--auth off`, over all pages. */
export async function tenantNames(graphUrl: string): Promise<string[]> {
  const names: string[] = [];
  let next: string | undefined = `${graphUrl}/beta/deviceManagement/deviceConfigurations?$select=displayName`;
  while (next) {
    const page = (await (await fetch(next)).json()) as { value: { displayName: string }[]; '@odata.nextLink'?: string };
    names.push(...page.value.map((v) => v.displayName));
    next = page['@odata.nextLink'];
  }
  return names;
}
