/**
 * Tests live in test/, beside the behaviour they prove, mirroring lib/, in four tiers. The file name
 * says the tier; `npm test` runs all four in one jest run (README "Tests"):
 *
 * | tier    | files               | what a test may do                                           | tools it installs     |
 * |---------|---------------------|--------------------------------------------------------------|-----------------------|
 * | unit    | `*.test.ts`         | in-process only, from source: a child process is refused     | none                  |
 * | e2e     | `*.e2e.test.ts`     | child processes (the built CLI, a mock Graph server, a FIFO), | Azurite               |
 * |         |                     | terraform, Azurite, kill -9 and signals; the CLI's run() in   |                       |
 * |         |                     | the worker where the process is not the subject               |                       |
 * | browser | `*.browser.test.ts` | Debian's Chromium (plan pictures)                            | none (.ci/run: apt)   |
 * | package | `*.package.test.ts` | npm pack, consumer installs, the real cdktf/cdktn CLIs,      | cdktf-cli, cdktn-cli, |
 * |         |                     | Node 22 and 24                                               | Node 22 and 24        |
 *
 * Test files and the sources they load are transpiled, not type-checked, by swc (@swc/jest): one file at
 * a time, as tsconfig.test.json's isolatedModules lets tsc check they can be. `npm test` type-checks
 * lib/ and test/ once with tsc. swc's output holds a module's exports as read-only bindings, as ES
 * modules do: a test replaces an export with jest.mock, never jest.spyOn (test/export/export.test.ts).
 */
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

// The run's temporary files, all under one folder: os.tmpdir() reads TMPDIR, here, in every worker and
// in every child that inherits the environment. test/tools/temp-reporter.js removes it after a run
// with no failure, and names it after one that failed. (jest's own cache stays where it was: its
// default was fixed before this file ran.)
process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'intune-scep-run-'));
process.env.INTUNE_SCEP_RUN_TEMP = process.env.TMPDIR;

// The CDKTF toolchain runs `terraform` (version checks): give it a CLI config of our own, never the
// user's, and no checkpoint calls. Set here, in jest's own process, so every worker and child inherits it.
const tfrc = join(mkdtempSync(join(tmpdir(), 'intune-scep-tf-')), 'terraformrc');
writeFileSync(tfrc, '');
process.env.TF_CLI_CONFIG_FILE = tfrc;
process.env.CHECKPOINT_DISABLE = '1';
// Reliability suites record their counters here; the reporter prints them in one table.
process.env.INTUNE_SCEP_RELIABILITY_DIR ??= mkdtempSync(join(tmpdir(), 'intune-scep-reliability-'));

// CONTRIBUTING "Where the time goes": INTUNE_SCEP_CPU_LOG=FILE records the CPU of every child process.
const cpuAccounting = process.env.INTUNE_SCEP_CPU_LOG ? { setupFilesAfterEnv: ['<rootDir>/test/tools/cpu-accounting/setup.js'] } : {};

const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    // tsconfig.json's target and module; swc reads no .swcrc.
    '^.+\\.ts$': ['@swc/jest', { swcrc: false, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['\\.e2e\\.test\\.ts$', '\\.package\\.test\\.ts$', '\\.browser\\.test\\.ts$'],
      // Refuses child processes: a test that needs one is an e2e test.
      setupFilesAfterEnv: ['<rootDir>/test/tools/unit-setup.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['**/*.e2e.test.ts'],
      globalSetup: '<rootDir>/test/tools/global-setup-e2e.ts',
      ...cpuAccounting,
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['**/*.browser.test.ts'],
      ...cpuAccounting,
    },
    {
      ...common,
      displayName: 'package',
      testMatch: ['**/*.package.test.ts'],
      globalSetup: '<rootDir>/test/tools/global-setup-package.ts',
      ...cpuAccounting,
    },
  ],
  // End-to-end tests start real processes and servers (slow files raise it); a unit test that takes
  // seconds is a bug anyway.
  testTimeout: 30_000,
  // The slowest tiers start first, so the long files do not end the run alone on one worker.
  testSequencer: '<rootDir>/test/tools/sequencer.js',
  // Most e2e and package suites wait on child processes (the CLI, terraform, npm, the CDK CLIs), not the
  // CPU: two workers on CI's two cores (jest's default there is one).
  maxWorkers: 2,
  // A worker that was told to end exits on its own, but Node then frees its heap (about 1 GB after the
  // unit tier) before the process is gone: 0.45 to 0.55 s on 2 cores, measured by the time a worker's
  // 'exit' event fired and the time jest saw the process end. jest's default wait of 500 ms then ran out
  // in some runs and printed "A worker process has failed to exit gracefully" with no handle left open.
  workerGracefulExitTimeout: 5000,
  // The temporary folder's reporter last: the reliability table is read from inside it.
  reporters: ['default', '<rootDir>/test/helpers/reliability-reporter.js', '<rootDir>/test/tools/temp-reporter.js'],
};
