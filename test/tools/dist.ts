/**
 * The e2e and package tiers run the built CLI, provider, mock server and examples from dist/ (the
 * e2e suites that call the CLI's run() in the worker run the sources for that, through swc): their
 * global setups refuse to start the whole tier when a source in lib/, scripts/ or examples/ is newer
 * than what it compiles to (or that is missing), so a run never tests a stale build. `npm test`,
 * `npm run test:e2e` and `npm run test:package` build first; the unit tier runs from source and needs
 * no build.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const REPO = join(__dirname, '..', '..');

function sources(dir: string, ext = '.ts'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'cdktf.out' ? [] : sources(p, ext);
    return e.name.endsWith(ext) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

export function assertBuilt(): void {
  const stale: string[] = [];
  for (const top of ['lib', 'scripts', 'examples']) {
    for (const src of sources(join(REPO, top))) {
      const out = join(REPO, 'dist', relative(REPO, src).replace(/\.ts$/, '.js'));
      const built = statSync(out, { throwIfNoEntry: false });
      if (!built || built.mtimeMs < statSync(src).mtimeMs) stale.push(relative(REPO, src));
    }
  }
  // A module whose source is gone (renamed, split into a folder) would still load: `./routes` finds
  // a stale routes.js before routes/index.js.
  for (const out of sources(join(REPO, 'dist', 'lib'), '.js')) {
    const src = relative(join(REPO, 'dist'), out).replace(/\.js$/, '.ts');
    if (!src.startsWith(join('lib', 'constructs-cdktn')) && statSync(join(REPO, src), { throwIfNoEntry: false }) === undefined)
      stale.push(relative(REPO, out));
  }
  if (stale.length > 0) {
    throw new Error(
      `dist/ is older than the sources or holds modules whose source is gone (${stale.slice(0, 3).join(', ')}${stale.length > 3 ? `, and ${stale.length - 3} more` : ''}), and the e2e and package tests run what is built: run "npm run build" first (npm test, npm run test:e2e and npm run test:package do)`,
    );
  }
}
