/** What the README says of the product that the code decides: held to the code, so neither drifts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SEED_GROUPS } from '../../lib/mock-graph/store';
import { REPO } from '../helpers/cli';

const README = readFileSync(join(REPO, 'README.md'), 'utf8').replace(/\s+/g, ' ');

test('the groups the README says the embedded tenant starts with are the ones it is made with', () => {
  const names = DEFAULT_SEED_GROUPS.map((g) => g.displayName);
  const list = `${names.slice(0, -1).join(', ')} and ${names.at(-1) as string}`;
  expect(README).toContain(`made with the groups ${list} to assign to`);
});
