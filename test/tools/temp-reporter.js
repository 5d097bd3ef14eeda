/**
 * Jest reporter, the last: the run's temporary folder (jest.config.js points TMPDIR at it, for jest,
 * its workers and the processes they start) is removed after a run with no failure, so a green run
 * leaves nothing behind (a run used to leave about 400 MB: consumer projects, mirrors, states). After a
 * failure it stays, and the end of the run names it: what the failing test left can be read there.
 */
'use strict';
const { mkdirSync, rmSync } = require('node:fs');
const { basename } = require('node:path');

class TempReporter {
  constructor(globalConfig) {
    this.watching = Boolean(globalConfig.watch || globalConfig.watchAll);
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.INTUNE_SCEP_RUN_TEMP;
    // Only the folder jest.config.js made (mkdtemp, intune-scep-run-XXXXXX), whatever the variable says.
    if (!dir || !/^intune-scep-run-[A-Za-z0-9]{6}$/.test(basename(dir))) return;
    const failed = results.numFailedTests > 0 || results.numFailedTestSuites > 0 || results.numRuntimeErrorTestSuites > 0;
    if (failed || results.wasInterrupted) {
      process.stderr.write(`\nThis run's temporary files are kept in ${dir}\n`);
      return;
    }
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch (e) {
      // A process a test left running may still be writing there: say so, never fail a green run for it.
      process.stderr.write(`\nThis run's temporary files could not all be removed from ${dir}: ${e.message}\n`);
    }
    // jest --watch runs again in this process, with this TMPDIR.
    if (this.watching) mkdirSync(dir, { recursive: true });
  }
}

module.exports = TempReporter;
