/** Tests live in test/, beside the behaviour they prove, mirroring lib/. */
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

// The CDKTF toolchain runs `terraform` (version checks): give it a CLI config of our own, never the
// user's, and no checkpoint calls. Set here, in jest's own process, so every worker and child inherits it.
const tfrc = join(mkdtempSync(join(tmpdir(), 'intune-scep-tf-')), 'terraformrc');
writeFileSync(tfrc, '');
process.env.TF_CLI_CONFIG_FILE = tfrc;
process.env.CHECKPOINT_DISABLE = '1';
// Reliability suites record their counters here; the reporter prints them in one table.
process.env.INTUNE_SCEP_RELIABILITY_DIR ??= mkdtempSync(join(tmpdir(), 'intune-scep-reliability-'));

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The real cdktf/cdktn CLIs and Node 22/24, installed once from test/tools/package-lock.json.
  globalSetup: '<rootDir>/test/tools/global-setup.ts',
  // End-to-end tests start real processes and servers; a unit test that takes seconds is a bug anyway.
  testTimeout: 30_000,
  // Most suites wait on child processes (the CLI, terraform, npm, the CDK CLIs), not the CPU: two workers
  // on CI's two cores (jest's default there is one) take the suite from about 380 s to 230 s.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/helpers/reliability-reporter.js'],
};
