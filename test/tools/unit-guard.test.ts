/**
 * The unit tier's guard (unit-setup.ts) holds whatever transpiles the tests: every way to start a
 * child process throws, naming the command and where such a test belongs.
 */
import * as childProcess from 'node:child_process';
import { execFileSync, spawn } from 'child_process';

test.each([
  ['spawn', () => childProcess.spawn('node', ['-e', '0'])],
  ['spawnSync', () => childProcess.spawnSync('node', ['-e', '0'])],
  ['exec', () => childProcess.exec('node -e 0')],
  ['execSync', () => childProcess.execSync('node -e 0')],
  ['execFile', () => childProcess.execFile('node', ['-e', '0'])],
  ['fork', () => childProcess.fork('node-child.js')],
  ['execFileSync, from "child_process"', () => execFileSync('node', ['-e', '0'])],
  ['spawn, from "child_process"', () => spawn('node', ['-e', '0'])],
])('%s is refused', (_name, start) => {
  expect(start).toThrow(
    /^unit tests run in-process, and this one started a child process \(\w+: node[ -].*\)\. Use runCli .*\*\.e2e\.test\.ts file\.$/,
  );
});
