/**
 * jest setupFilesAfterEnv of the e2e, browser and package tiers when INTUNE_SCEP_CPU_LOG is set
 * (CONTRIBUTING "Where the time goes"): every child process this worker starts, and every Node
 * process below it, loads hook.js and records its CPU time under the test file that started it.
 * Installed once per worker; the test file is read at each spawn.
 */
/* global expect */
'use strict';
const childProcess = require('node:child_process');
const { join, resolve } = require('node:path');

// Kept on child_process, which every test file of this worker shares: jest gives each file a `process`
// object of its own, so state kept there would leave the first file's wrapper naming every spawn.
const state = (childProcess.__intuneScepCpuAccounting ??= { testPath: '' });
state.testPath = expect.getState().testPath ?? '';
if (!state.installed) {
  state.installed = true;
  const hook = join(__dirname, 'hook.js');
  const spawn = childProcess.ChildProcess.prototype.spawn;
  childProcess.ChildProcess.prototype.spawn = function spawnCounted(options) {
    if (options && Array.isArray(options.envPairs)) {
      const keep = options.envPairs.filter((p) => !/^(NODE_OPTIONS|INTUNE_SCEP_CPU_LOG|INTUNE_SCEP_CPU_TEST)=/.test(p));
      const own = options.envPairs.find((p) => p.startsWith('NODE_OPTIONS='))?.slice('NODE_OPTIONS='.length) ?? '';
      options.envPairs = [
        ...keep,
        `NODE_OPTIONS=${`--require ${hook} ${own}`.trim()}`,
        // Absolute: every process appends from its own working folder.
        `INTUNE_SCEP_CPU_LOG=${resolve(process.env.INTUNE_SCEP_CPU_LOG)}`,
        `INTUNE_SCEP_CPU_TEST=${state.testPath.replace(/^.*\/test\//, 'test/')}`,
      ];
    }
    return spawn.call(this, options);
  };
}
