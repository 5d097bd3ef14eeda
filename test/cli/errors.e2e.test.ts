/**
 * Ordinary mistakes get one line naming what is wrong and the fix, never "Internal error ... This is a
 * bug": a plain-http Graph URL, a bind address that is not one, a --target with a typo. And the
 * output folder cdktf.json names is where every command looks for the synthesized stack.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates } from '../helpers/certificates';
import { serveMockProcess, spawnCli } from '../helpers/cli';
import { cleanStack } from '../helpers/stacks';
import { WRITE_MANIFEST } from '../helpers/synth-app';

jest.setTimeout(60_000);
let dir: string;
let server: { url: string; stop: () => Promise<void> };
const env = { CI: 'true', INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intune-scep-errors-'));
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(cleanStack(await testCertificates())));
  server = await serveMockProcess(['--memory', '--auth', 'off']);
});
afterAll(() => server.stop());

test.each([
  [
    'a plain-http Graph URL off this machine',
    ['plan', '--config', 'cdk.tf.json', '--graph-url', 'http://graph.example.com'],
    /^Error: graph URL "http:\/\/graph\.example\.com" is not Microsoft Graph: a tenant's token is sent only to https:\/\/graph\.microsoft\.com/m,
  ],
  [
    'a Graph URL that is not one',
    ['plan', '--config', 'cdk.tf.json', '--graph-url', 'ftp://x'],
    /^Error: graph URL "ftp:\/\/x" is not Microsoft Graph: .*Remove the graph URL to use the tenant's Graph\./m,
  ],
  [
    'mock-graph serve on an address that is not one',
    ['mock-graph', 'serve', '--host', '999.1.1.1', '--memory'],
    /^Error: --host "999\.1\.1\.1" is not an address of this machine \(ENOTFOUND\); use 127\.0\.0\.1, ::1 or another local address\.$/m,
  ],
])('%s: one line, exit 1', async (_name, args, message) => {
  const r = await spawnCli(args, { cwd: dir, env });
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/Internal error|This is a bug/);
  expect(r.code).toBe(1);
});

test('a --target with a typo is an error with a suggestion, not "No changes"', async () => {
  const r = await spawnCli(
    ['plan', '--config', 'cdk.tf.json', '--graph-url', server.url, '--target', 'intune_scep_certificate_profile.wif'],
    { cwd: dir, env },
  );
  expect(r.stdout + r.stderr).toMatch(
    /--target intune_scep_certificate_profile\.wif is neither a resource of the stack nor in state; .* Did you mean .*intune_scep_certificate_profile\.wifi\?/,
  );
  expect(r.stdout).not.toContain('No changes');
  expect(r.code).toBe(1);
});

test("cdktf.json's output folder is where plan and the state commands find the stack", async () => {
  const app = mkdtempSync(join(tmpdir(), 'intune-scep-output-'));
  writeFileSync(join(app, 'stack.json'), JSON.stringify(cleanStack(await testCertificates())));
  // The app writes its stack where CDKTF_OUTDIR says: synth and discovery must agree on build/.
  writeFileSync(
    join(app, 'app.js'),
    `const fs = require('node:fs'); const d = process.env.CDKTF_OUTDIR + '/stacks/wifi'; fs.mkdirSync(d, { recursive: true }); fs.copyFileSync('stack.json', d + '/cdk.tf.json'); ${WRITE_MANIFEST('wifi')}`,
  );
  writeFileSync(join(app, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node app.js', output: 'build' }));
  const a = await spawnCli(['apply', '--auto-approve', '--graph-url', server.url], { cwd: app, env });
  expect(a.stderr).toContain('Applying stack "wifi"');
  expect(a.code).toBe(0);
  expect(existsSync(join(app, 'build', 'manifest.json'))).toBe(true);
  const list = await spawnCli(['state', 'list'], { cwd: app, env });
  expect(list.stdout.split('\n').filter(Boolean)).toHaveLength(4);
});
