/** The run's temporary folder (test/tools/temp-reporter.js): gone after a green run, kept and named after a red one, nothing else touched. */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TempReporter = require('./temp-reporter.js') as new (config: object) => {
  onRunComplete(contexts: unknown, results: Record<string, number | boolean>): void;
};

const GREEN = { numFailedTests: 0, numFailedTestSuites: 0, numRuntimeErrorTestSuites: 0, wasInterrupted: false };
const own = process.env.INTUNE_SCEP_RUN_TEMP;
afterEach(() => {
  process.env.INTUNE_SCEP_RUN_TEMP = own;
  jest.restoreAllMocks();
});

/** A folder as jest.config.js makes one, with a file a test left in it. */
function runFolder(prefix = 'intune-scep-run-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'left-by-a-test'), 'x');
  process.env.INTUNE_SCEP_RUN_TEMP = dir;
  return dir;
}

test('after a run with no failure the folder is gone', () => {
  const dir = runFolder();
  new TempReporter({}).onRunComplete([], GREEN);
  expect(existsSync(dir)).toBe(false);
});

test.each([
  ['a failed test', { numFailedTests: 1 }],
  ['a suite that failed to run', { numRuntimeErrorTestSuites: 1 }],
  ['an interrupted run', { wasInterrupted: true }],
])('after %s the folder stays, and the run names it', (_what, results) => {
  const dir = runFolder();
  const said: string[] = [];
  jest.spyOn(process.stderr, 'write').mockImplementation((t) => (said.push(String(t)), true));
  new TempReporter({}).onRunComplete([], { ...GREEN, ...results });
  expect(existsSync(join(dir, 'left-by-a-test'))).toBe(true);
  expect(said.join('')).toContain(`This run's temporary files are kept in ${dir}`);
});

test('a folder the variable names but jest.config.js did not make is left alone', () => {
  const dir = runFolder('some-other-folder-');
  new TempReporter({}).onRunComplete([], GREEN);
  expect(existsSync(join(dir, 'left-by-a-test'))).toBe(true);
});

test('under --watch the folder is emptied and stays, for the next run', () => {
  const dir = runFolder();
  new TempReporter({ watch: true }).onRunComplete([], GREEN);
  expect(existsSync(dir)).toBe(true);
  expect(existsSync(join(dir, 'left-by-a-test'))).toBe(false);
});
