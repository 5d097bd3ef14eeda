/**
 * Loaded into every Node child process of a test run with INTUNE_SCEP_CPU_LOG set (setup.js puts it
 * in NODE_OPTIONS): at exit, one line of what the process cost, for report.js. A process killed with
 * SIGKILL writes nothing (the crash suites' victims are not counted).
 */
'use strict';
const { appendFileSync } = require('node:fs');

const log = process.env.INTUNE_SCEP_CPU_LOG;
const started = process.hrtime.bigint();
if (log) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    const program = (process.argv[1] ?? '(node -e)').replace(/^.*node_modules\//, 'node_modules/').replace(/^\/tmp\/[^/]+\//, '<tmp>/');
    const line = [
      ((cpu.user + cpu.system) / 1e6).toFixed(3),
      (Number(process.hrtime.bigint() - started) / 1e9).toFixed(3),
      program,
      process.env.INTUNE_SCEP_CPU_TEST ?? '',
    ].join('\t');
    try {
      appendFileSync(log, `${line}\n`);
    } catch {
      // accounting never fails a test
    }
  });
}
