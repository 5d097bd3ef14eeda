/**
 * What a command loads is what it uses: axios (with Node's fetch, http2 and form-data: about 0.1 s of
 * CPU a process) comes in with the first Graph client, so a command that talks to no Graph never
 * loads it. The CLI in-process, jest's module registry as the witness.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates } from '../helpers/certificates';
import { runCli } from '../helpers/cli';
import { cleanStack } from '../helpers/stacks';

// The factory runs when axios is first required, which may be while this file's imports load.
const loaded = () => (globalThis as { httpClientLoaded?: boolean }).httpClientLoaded === true;
jest.mock('axios', () => {
  (globalThis as { httpClientLoaded?: boolean }).httpClientLoaded = true;
  return jest.requireActual('axios');
});

const env = { INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z' };

test('validate and the local state commands load no HTTP client; plan, which reads the tenant, does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-lazy-'));
  const file = join(dir, 'stack.json');
  writeFileSync(file, JSON.stringify(cleanStack(await testCertificates())));
  expect((await runCli(['validate', '--config', file], { env })).code).toBe(0);
  expect((await runCli(['state', 'list', '--stack', 'lazy'], { cwd: dir, env })).code).toBe(0);
  expect(loaded()).toBe(false);
  const plan = await runCli(['plan', '--config', file, '--stack', 'lazy'], { cwd: dir, env });
  expect(plan.stdout).toContain('will be created');
  expect(loaded()).toBe(true);
});
