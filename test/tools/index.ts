/**
 * Tools the tests need and users do not: the real cdktf-cli and cdktn-cli, and Node 22 and 24. They are
 * pinned in test/tools/package.json + package-lock.json (never in the package's own dependencies) and
 * installed with `npm ci` into node_modules/.cache/intune-scep-test-tools the first time jest runs
 * (globalSetup), again only when that lockfile changes.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');
const SOURCE = __dirname;
export const TOOLS_DIR = join(REPO, 'node_modules', '.cache', 'intune-scep-test-tools');
const MODULES = join(TOOLS_DIR, 'node_modules');

/** The JavaScript entry of each CLI (run it with the Node you choose) and each Node binary. */
export const TOOLS = {
  cdktfCli: join(MODULES, 'cdktf-cli', 'bundle', 'bin', 'cdktf'),
  cdktnCli: join(MODULES, 'cdktn-cli', 'bin', 'cdktn'),
  node22: join(MODULES, 'node22', 'bin', 'node'),
  node24: join(MODULES, 'node24', 'bin', 'node'),
  /** Azurite's Blob service alone (Azure Storage on loopback). */
  azuriteBlob: join(MODULES, 'azurite', 'dist', 'src', 'blob', 'main.js'),
} as const;

/** The Node binaries the suite runs on besides the one running jest. */
export const OTHER_NODES = { 22: TOOLS.node22, 24: TOOLS.node24 } as const;

function digest(): string {
  return createHash('sha256')
    .update(readFileSync(join(SOURCE, 'package.json')))
    .update(readFileSync(join(SOURCE, 'package-lock.json')))
    .digest('hex');
}

/** Installs the tools unless the installed ones match the lockfile. Throws with npm's own words on failure. */
export function ensureTestTools(log: (line: string) => void = () => {}): void {
  const want = digest();
  const marker = join(TOOLS_DIR, '.installed');
  let have = '';
  try {
    have = readFileSync(marker, 'utf8');
  } catch {
    // not installed yet
  }
  if (have === want) return;
  log('installing the test tools (cdktf-cli, cdktn-cli, Azurite, Node 22 and 24) from the npm registry into node_modules/.cache/intune-scep-test-tools ...');
  rmSync(TOOLS_DIR, { recursive: true, force: true });
  mkdirSync(TOOLS_DIR, { recursive: true });
  for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(SOURCE, f), join(TOOLS_DIR, f));
  // No install scripts: nothing the tests use needs one (cdktf-cli's optional node-pty is for its interactive UI).
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: TOOLS_DIR, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) {
    const why = (r.stderr || r.stdout || String(r.error ?? `exit ${r.status}`)).trim().split('\n').slice(-5).join('\n');
    throw new Error(`installing the test tools failed (npm ci in ${TOOLS_DIR}); the tests that use the real cdktf/cdktn CLIs and other Node versions need them:\n${why}`);
  }
  writeFileSync(marker, want);
}
