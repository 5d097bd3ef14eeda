/**
 * The Azure CLI credential as @azure/identity runs it: `az` in a child process, with Node's own
 * environment (which jest's sandboxed process.env does not reach), so the credential runs in a child
 * process of the built library whose PATH finds a fake az first. The rest of the credentials: client.nock.test.ts.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, childEnv } from '../helpers/cli';

const TENANT = '8f3c6a4e-0000-4c7e-9a55-6d0e1f2a3b4c';
const TOKEN = {
  token_type: 'Bearer',
  expires_in: 3599,
  ext_expires_in: 3599,
  access_token: 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.c2ln',
};

describe('credentials', () => {
  test('Azure CLI: runs az account get-access-token for Graph', async () => {
    // @azure/identity runs `az` with Node's own environment, which jest's sandboxed process.env does not
    // reach: the credential runs in a child process whose PATH finds a fake az first.
    const dir = mkdtempSync(join(tmpdir(), 'intune-scep-az-'));
    const log = join(dir, 'args');
    writeFileSync(
      join(dir, 'az'),
      `#!/bin/sh\necho "$@" > "${log}"\necho '{"accessToken":"${TOKEN.access_token}","expiresOn":"2099-01-01 00:00:00.000000","expires_on":4070908800,"tokenType":"Bearer"}'\n`,
    );
    chmodSync(join(dir, 'az'), 0o755);
    const script = `const { createCredential } = require(${JSON.stringify(join(REPO, 'dist', 'lib', 'graph', 'credentials.js'))});
      const { kind, credential } = createCredential({ kind: 'azure_cli', tenantId: ${JSON.stringify(TENANT)} });
      credential.getToken('https://graph.microsoft.com/.default').then((t) => console.log(JSON.stringify({ kind, token: t && t.token })), (e) => { console.log(JSON.stringify({ error: e.message })); });`;
    const out = await new Promise<string>((resolve) =>
      execFile(process.execPath, ['-e', script], { env: childEnv({ PATH: `${dir}:${process.env.PATH ?? ''}` }) }, (_e, stdout) =>
        resolve(stdout),
      ),
    );
    expect(JSON.parse(out)).toEqual({ kind: 'azure_cli', token: TOKEN.access_token });
    expect(readFileSync(log, 'utf8')).toMatch(/account get-access-token .*--resource https:\/\/graph\.microsoft\.com.*--tenant 8f3c6a4e/);
  });

  test('no credential in the environment and no Azure CLI: the error names the variables to set, not only the CLI tried last', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'intune-scep-no-az-'));
    const script = `const { createCredential } = require(${JSON.stringify(join(REPO, 'dist', 'lib', 'graph', 'credentials.js'))});
      const { kind, credential } = createCredential({ tenantId: ${JSON.stringify(TENANT)} }, {});
      credential.getToken('https://graph.microsoft.com/.default').then(() => console.log('{}'), (e) => console.log(JSON.stringify({ kind, error: e.message })));`;
    const out = await new Promise<string>((resolve) =>
      execFile(process.execPath, ['-e', script], { env: childEnv({ PATH: empty }) }, (_e, stdout) => resolve(stdout)),
    );
    const r = JSON.parse(out) as { kind: string; error: string };
    expect(r.kind).toBe('azure_cli');
    expect(r.error).toMatch(
      /^no credential is set in the environment \(AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE, each with AZURE_CLIENT_ID; or a managed identity's IDENTITY_ENDPOINT or MSI_ENDPOINT\), and the Azure CLI, tried last, gave no token: .*Azure CLI could not be found/,
    );
    expect(r.error).toContain('run "az login"');
  });
});
