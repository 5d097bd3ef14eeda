/**
 * A child a test starts keeps its temporary files in the run's folder (jest.config.js's TMPDIR, removed
 * after a green run), even when the test gives it a bare environment: Node 22's tsc, run by the cdktn
 * export test with PATH and HOME alone, used to leave its compile cache in /tmp after every run.
 */
import { basename } from 'node:path';
import { childEnv, execResult } from '../helpers/cli';

const tmpdirOf = async (env?: Record<string, string>) =>
  (await execResult(process.execPath, ['-p', "require('node:os').tmpdir()"], env ? { env } : {})).stdout.trim();

test('the run has its own temporary folder', () => {
  expect(basename(process.env.TMPDIR ?? '')).toMatch(/^intune-scep-run-[A-Za-z0-9]{6}$/);
});

test('GIVEN no environment, or PATH alone WHEN a child runs THEN its temporary folder is the run’s', async () => {
  expect(await tmpdirOf()).toBe(process.env.TMPDIR);
  expect(await tmpdirOf({ PATH: process.env.PATH ?? '', HOME: '/nonexistent' })).toBe(process.env.TMPDIR);
});

test('GIVEN an environment that names its own TMPDIR WHEN a child runs THEN that one stays', async () => {
  expect(childEnv({ PATH: '/bin', TMPDIR: '/elsewhere' })).toEqual({ PATH: '/bin', TMPDIR: '/elsewhere' });
  expect(await tmpdirOf({ PATH: process.env.PATH ?? '', TMPDIR: '/var/tmp' })).toBe('/var/tmp');
});
