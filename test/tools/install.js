/**
 * Installs the test tools of a tier (see index.ts): `node test/tools/install.js e2e package` installs
 * both sets unless they are there. Plain JavaScript so `npm test` can run it beside the lint and the
 * build, before jest (whose global setups then find the tools in place); a tier's global setup calls
 * ensureTestTools itself, so `npm run test:e2e` alone installs only its own set.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');

const TIERS = ['e2e', 'package'];
const CACHE = process.env.INTUNE_SCEP_TEST_TOOLS || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'intune-scep-test-tools');

function digest(tier) {
  const hash = createHash('sha256');
  for (const f of ['package.json', 'package-lock.json']) hash.update(readFileSync(join(__dirname, tier, f)));
  return hash.digest('hex').slice(0, 16);
}

/** Where the tier's tools are (or will be) installed. */
function toolsDir(tier) {
  if (!TIERS.includes(tier))
    throw new Error(`no test tools for a tier named ${JSON.stringify(tier)}: the tiers with tools are ${TIERS.join(', ')}`);
  return join(CACHE, `${tier}-${digest(tier)}`);
}

/** Installs the tier's tools unless they are there. Throws with npm's own words on failure. */
function ensureTestTools(tier, log = () => {}) {
  const dir = toolsDir(tier);
  if (existsSync(dir)) return;
  mkdirSync(CACHE, { recursive: true });
  // What an install cut short (a killed run) left behind, an hour on.
  for (const name of readdirSync(CACHE)) {
    const p = join(CACHE, name);
    if (name.startsWith(`.${tier}-installing-`) && Date.now() - statSync(p).mtimeMs > 3600_000) rmSync(p, { recursive: true, force: true });
  }
  log(`installing the ${tier} tier's test tools (test/tools/${tier}/package.json) from the npm registry into ${dir} ...`);
  const tmp = mkdtempSync(join(CACHE, `.${tier}-installing-`));
  for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(__dirname, tier, f), join(tmp, f));
  // No install scripts: nothing the tests use needs one (cdktf-cli's node-pty ships prebuilt binaries).
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
    cwd: tmp,
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    const why = (r.stderr || r.stdout || String(r.error ?? `exit ${r.status}`)).trim().split('\n').slice(-5).join('\n');
    throw new Error(`installing the ${tier} tier's test tools failed (npm ci in ${tmp}); its tests need them:\n${why}`);
  }
  try {
    renameSync(tmp, dir);
  } catch (e) {
    // Another run installed the same set first: use its copy.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(dir)) throw e;
  }
}

module.exports = { toolsDir, ensureTestTools };

if (require.main === module) {
  try {
    for (const tier of process.argv.slice(2)) ensureTestTools(tier, (line) => process.stderr.write(`${line}\n`));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
