/**
 * Tools the tests need and users do not, one set per tier that uses them, each pinned in its own
 * package.json + package-lock.json beside this file (never in the package's own dependencies):
 *
 * | tier (files)                  | set                | tools                                        |
 * |-------------------------------|--------------------|----------------------------------------------|
 * | unit (`*.test.ts`)            | none               |                                              |
 * | e2e (`*.e2e.test.ts`)         | test/tools/e2e     | Azurite (Azure Storage on loopback)          |
 * | package (`*.package.test.ts`) | test/tools/package | cdktf-cli, cdktn-cli (and cdktn), Node 22/24 |
 *
 * A tier's jest global setup installs its set (`npm ci`, no scripts) the first time, into a cache
 * outside the checkout: `$INTUNE_SCEP_TEST_TOOLS`, else `$XDG_CACHE_HOME/intune-scep-test-tools`,
 * else `~/.cache/intune-scep-test-tools`, in a folder named for the tier and a digest of its
 * package.json and lockfile. So `npm ci` of the project (which empties node_modules) and a fresh clone
 * (what CI runs on) find it installed, a changed lockfile gets a folder of its own, and checkouts of
 * the same lockfile share one. Each install happens in a temporary folder renamed into place: a folder
 * under its final name is complete, and two runs installing at once end with one. The installing is
 * in install.js, plain JavaScript, which `npm test` also runs beside the lint and the build.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { toolsDir, type ToolTier } from './install';

export { ensureTestTools, toolsDir, type ToolTier } from './install';

/**
 * The path of a tool of `tier`. Only that tier's test files may use it (its global setup installs it):
 * anywhere else it throws, even where an earlier run left it installed.
 */
function tool(tier: ToolTier, ...path: string[]): string {
  const dir = toolsDir(tier);
  const testPath = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState().testPath;
  if ((testPath !== undefined && !testPath.endsWith(`.${tier}.test.ts`)) || !existsSync(dir)) {
    throw new Error(
      `${path.join('/')} is one of the ${tier} tier's test tools (test/tools/${tier}/package.json), installed by that tier's global setup into ${dir}: only *.${tier}.test.ts files may use it${testPath ? `, and this is ${testPath}` : ''}`,
    );
  }
  return join(dir, 'node_modules', ...path);
}

/** The JavaScript entry of each CLI (run it with the Node you choose) and each Node binary. */
export const TOOLS = {
  get cdktfCli() {
    return tool('package', 'cdktf-cli', 'bundle', 'bin', 'cdktf');
  },
  get cdktnCli() {
    return tool('package', 'cdktn-cli', 'bin', 'cdktn');
  },
  get node22() {
    return tool('package', 'node22', 'bin', 'node');
  },
  get node24() {
    return tool('package', 'node24', 'bin', 'node');
  },
  /** Azurite's Blob service alone (Azure Storage on loopback). */
  get azuriteBlob() {
    return tool('e2e', 'azurite', 'dist', 'src', 'blob', 'main.js');
  },
};

/** The Node binaries the suite runs on besides the one running jest. */
export const OTHER_NODES = {
  get 22() {
    return TOOLS.node22;
  },
  get 24() {
    return TOOLS.node24;
  },
};
