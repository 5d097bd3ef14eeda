/**
 * Secrets never reach logs, errors, state or plans: runs of the CLI with a client secret and a
 * certificate password set, through the real credential code (@azure/identity against the mock's
 * token endpoint over TLS), successful and failing; every output and every file the runs wrote is
 * searched for them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedTls, startMockGraph, type MockGraph } from '../../lib/mock-graph';
import { testCertificates } from '../helpers/certificates';
import { BIN, childEnv } from '../helpers/cli';
import { SEED_GROUPS } from '../helpers/engine';
import { cleanStack } from '../helpers/stacks';

jest.setTimeout(120_000);
const SECRET = `s3cr3t-${Date.now().toString(36)}-client-secret-value`;
const PASSWORD = `p4ssw0rd-${Date.now().toString(36)}-certificate`;
const TENANT = '8f3c6a4e-2b1d-4c7e-9a55-6d0e1f2a3b4c';
const CLIENT = '44444444-0000-0000-0000-000000000001';
let mock: MockGraph;
let dir: string;
const outputs: string[] = [];

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: dir, env: childEnv({ PATH: process.env.PATH ?? '', CI: 'true', INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z', ...env }) },
      (err, stdout, stderr) => {
        outputs.push(stdout, stderr);
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: stdout + stderr });
      },
    );
  });
}

function filesUnder(d: string): string[] {
  return readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? filesUnder(join(d, n)) : [join(d, n)]));
}

beforeAll(async () => {
  const tls = await selfSignedTls();
  dir = mkdtempSync(join(tmpdir(), 'intune-scep-secrets-'));
  writeFileSync(join(dir, 'ca.pem'), tls.cert);
  writeFileSync(join(dir, 'stack.json'), JSON.stringify(cleanStack(await testCertificates())));
  mock = await startMockGraph({
    tls,
    throttle: { mode: 'off' },
    seedGroups: SEED_GROUPS,
    identity: { tenantId: TENANT, apps: [{ clientId: CLIENT, clientSecret: SECRET }] },
  });
});
afterAll(async () => {
  await mock.close();
});

test('a run with a secret and a certificate password set leaves no trace of either', async () => {
  const env = {
    AZURE_TENANT_ID: TENANT,
    AZURE_CLIENT_ID: CLIENT,
    AZURE_CLIENT_SECRET: SECRET,
    AZURE_CLIENT_CERTIFICATE_PASSWORD: PASSWORD,
    AZURE_AUTHORITY_HOST: mock.url,
    NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
  };
  const g = ['--config', 'stack.json', '--graph-url', mock.url, '--tenant-id', TENANT];
  const plan = await cli(['plan', ...g, '--out', 'plan.json'], env);
  expect(plan.out).toContain('Plan: 4 to add');
  const json = await cli(['plan', ...g, '--json'], env);
  expect(json.code).toBe(0);
  const apply = await cli(['apply', 'plan.json', '--config', 'stack.json', '--graph-url', mock.url, '--tenant-id', TENANT], env);
  expect(apply.out).toContain('Apply complete! Resources: 4 added');
  expect(mock.auth.issued).toBeGreaterThan(0); // the real credential path was used
  const show = await cli(['state', 'show', 'intune_scep_certificate_profile.wifi'], env);
  expect(show.code).toBe(0);
  expect(show.out).toContain('"type": "intune_scep_certificate_profile"');
  // Failing runs: a wrong secret (the token endpoint refuses it), and a Graph error.
  const wrong = await cli(['plan', ...g], { ...env, AZURE_CLIENT_SECRET: `${SECRET}-wrong` });
  expect(wrong.code).toBe(1);
  expect(wrong.out).toContain('AADSTS7000215');
  const files = filesUnder(dir).filter((f) => !f.endsWith('ca.pem'));
  expect(files.some((f) => f.includes(join('.intune-scep', 'state')))).toBe(true);
  expect(files).toContain(join(dir, 'plan.json'));
  const haystacks = [...outputs, ...files.map((f) => readFileSync(f, 'utf8'))];
  for (const secret of [SECRET, PASSWORD, `${SECRET}-wrong`]) {
    const hits = haystacks.filter((h) => h.includes(secret));
    expect(hits).toEqual([]);
  }
  // Tokens the mock issued do not appear either.
  for (const h of haystacks) expect(h).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./);
});
