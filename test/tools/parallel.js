/**
 * `node test/tools/parallel.js "CMD" "CMD" ...`: runs the commands at once (each through the shell,
 * output as it comes) and exits with the first non-zero exit code, after all have ended. npm test runs
 * the build and the type-check of the tests this way: two single-threaded tsc runs on two cores.
 */
'use strict';
const { spawn } = require('node:child_process');

const runs = process.argv.slice(2).map(
  (command) =>
    new Promise((resolve) => {
      const child = spawn(command, { shell: true, stdio: 'inherit' });
      child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
      child.on('error', () => resolve(1));
    }),
);
Promise.all(runs).then((codes) => {
  process.exitCode = codes.find((c) => c !== 0) ?? 0;
});
