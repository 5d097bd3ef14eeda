/** The package's own package.json, found from this file whether it runs from lib/ (tests) or dist/. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'intune-scep') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('bug: intune-scep package.json not found above ' + __dirname);
    dir = parent;
  }
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
