#!/usr/bin/env node
/**
 * The CPU a test run's child processes took, from the log hook.js wrote: by program, and by test
 * file. `node test/tools/cpu-accounting/report.js FILE`. Terraform itself (Go) is not counted; the
 * providers it starts are.
 */
'use strict';
const { readFileSync } = require('node:fs');

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: report.js INTUNE_SCEP_CPU_LOG-file\n');
  process.exit(2);
}
let text;
try {
  text = readFileSync(file, 'utf8');
} catch (e) {
  process.stderr.write(`cannot read ${file} (${e.code ?? e.message}): run the tests with INTUNE_SCEP_CPU_LOG=${file} first\n`);
  process.exit(1);
}
const rows = text
  .split('\n')
  .filter(Boolean)
  .map((l) => {
    const [cpu, wall, program, test] = l.split('\t');
    return {
      cpu: Number(cpu),
      wall: Number(wall),
      program: program.replace(/\/(?:[^/]*-)?[A-Za-z0-9]{6}\//g, '/…/'),
      test: test || '(jest itself)',
    };
  });
function table(title, key) {
  const by = new Map();
  for (const r of rows) {
    const k = key(r);
    const t = by.get(k) ?? { cpu: 0, n: 0 };
    t.cpu += r.cpu;
    t.n += 1;
    by.set(k, t);
  }
  process.stdout.write(`\n${title}\n${'CPU s'.padStart(8)} ${'runs'.padStart(5)} ${'s/run'.padStart(6)}  name\n`);
  for (const [k, t] of [...by].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, 25))
    process.stdout.write(`${t.cpu.toFixed(1).padStart(8)} ${String(t.n).padStart(5)} ${(t.cpu / t.n).toFixed(2).padStart(6)}  ${k}\n`);
}
const total = rows.reduce((s, r) => s + r.cpu, 0);
process.stdout.write(`${rows.length} Node processes, ${total.toFixed(1)} CPU s\n`);
table('By program', (r) => r.program);
table('By test file', (r) => r.test);
