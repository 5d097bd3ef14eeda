/**
 * A state's addresses are read back from a file or a blob, and go into messages and the commands
 * they suggest (`intune-scep state rm <address>`): one that is not `type.name` is damage, refused
 * with the file untouched, never text a user is asked to run (found by review).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyState, parseState } from '../../lib/state';

const HOSTILE = 'intune_scep_certificate_profile.x$(touch${IFS}/tmp/pwned)';

test.each([
  ['a resource', (s: Record<string, unknown>, r: unknown) => ({ ...s, resources: { [HOSTILE]: r } })],
  ['a deposed object', (s: Record<string, unknown>, r: unknown) => ({ ...s, deposed: [{ address: HOSTILE, resource: r }] })],
])('a state holding %s at an address that is not type.name is refused as damaged, naming the file', (_what, edit) => {
  const file = join(mkdtempSync(join(tmpdir(), 'intune-scep-addresses-')), 'a.json');
  const resource = {
    type: 'intune_scep_certificate_profile',
    id: '0b1e5f2a-6c2d-4e0f-9a8b-7c6d5e4f3a2b',
    attrs: {},
    config: {},
    dependencies: [],
    createBeforeDestroy: true,
  };
  const text = JSON.stringify(edit({ ...emptyState('a'), serial: 1 } as unknown as Record<string, unknown>, resource));
  writeFileSync(file, text);
  expect(() => parseState(readFileSync(file, 'utf8'), file, 'a')).toThrow(`the state ${file} is damaged (`);
  // A well-formed one is read.
  const fine = JSON.parse(text.replaceAll(JSON.stringify(HOSTILE).slice(1, -1), 'intune_scep_certificate_profile.wifi')) as unknown;
  expect(parseState(JSON.stringify(fine), file, 'a')).toBeDefined();
});
