/**
 * Jest reporter: after the run, one table of the reliability counters the suites recorded (see
 * reliability.ts), summed per scenario, with a total row; objects lost, duplicates and crashes must
 * all be 0. With $INTUNE_SCEP_RELIABILITY_OUT set, the same figures are written there as JSON.
 */
'use strict';
const { existsSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const COUNTERS = ['runs', 'faultsInjected', 'objectsLost', 'duplicates', 'crashes'];
const HEADERS = ['scenario', 'runs', 'faults injected', 'objects lost', 'duplicates', 'crashes'];

/** Per-scenario sums, in scenario order; null stays null (no objects in play). */
function summarise(records) {
  const by = new Map();
  for (const r of records) {
    const s = by.get(r.scenario) ?? { scenario: r.scenario, runs: 0, faultsInjected: 0, objectsLost: null, duplicates: null, crashes: 0 };
    for (const k of COUNTERS) if (r[k] !== null) s[k] = (s[k] ?? 0) + r[k];
    by.set(r.scenario, s);
  }
  const scenarios = [...by.values()].sort((a, b) => a.scenario.localeCompare(b.scenario));
  const total = { scenario: 'total', runs: 0, faultsInjected: 0, objectsLost: 0, duplicates: 0, crashes: 0 };
  for (const s of scenarios) for (const k of COUNTERS) total[k] += s[k] ?? 0;
  return { scenarios, total };
}

function table(rows) {
  const cells = rows.map((r) => [r.scenario, ...COUNTERS.map((k) => (r[k] === null ? 'n/a' : String(r[k])))]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

class ReliabilityReporter {
  onRunComplete() {
    const dir = process.env.INTUNE_SCEP_RELIABILITY_DIR;
    const file = dir && join(dir, 'records.jsonl');
    if (!file || !existsSync(file)) return;
    const records = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    rmSync(file, { force: true });
    const { scenarios, total } = summarise(records);
    const bad = total.objectsLost + total.duplicates + total.crashes;
    process.stderr.write(
      `\nReliability (objects lost, duplicates and crashes must all be 0):\n${table([...scenarios, total])}\n${bad === 0 ? 'All zero.' : `NOT ZERO: ${bad} lost, doubled or crashed.`}\n\n`,
    );
    const out = process.env.INTUNE_SCEP_RELIABILITY_OUT;
    if (out) writeFileSync(out, `${JSON.stringify({ scenarios, total }, null, 2)}\n`);
  }
}

module.exports = ReliabilityReporter;
