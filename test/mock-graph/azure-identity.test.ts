/**
 * The real credential code of @azure/identity (MSAL inside) against the mock's token endpoint,
 * over TLS as MSAL requires: client secret, client certificate and workload identity federation.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { ClientCertificateCredential, ClientSecretCredential, WorkloadIdentityCredential, type TokenCredential } from '@azure/identity';
import { createPrivateKey, generateKeyPairSync, sign, webcrypto } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  selfSignedTls,
  startMockGraph,
  type MockGraph,
  type TlsMaterial,
} from '../../lib/mock-graph';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const CERT_APP = '22222222-0000-0000-0000-000000000001';
const FED_APP = '33333333-0000-0000-0000-000000000001';
const ISSUER = 'https://token.actions.githubusercontent.com';
const SUBJECT = 'repo:contoso/intune-stacks:environment:production';
const issuerKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });

let tls: TlsMaterial;
let mock: MockGraph;
let clientCertPem: string;

beforeAll(async () => {
  tls = await selfSignedTls();
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as any;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0a',
    name: 'CN=intune-scep pipeline',
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys,
    signingAlgorithm: alg,
  });
  const keyPem = createPrivateKey({
    key: Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)),
    format: 'der',
    type: 'pkcs8',
  }).export({ type: 'pkcs8', format: 'pem' }) as string;
  clientCertPem = `${cert.toString('pem')}\n${keyPem}`;
  mock = await startMockGraph({
    tls,
    throttle: { mode: 'off' },
    identity: {
      apps: [
        { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET },
        { clientId: CERT_APP, certificates: [cert.toString('pem')] },
        {
          clientId: FED_APP,
          federated: [
            { issuer: ISSUER, subject: SUBJECT, publicKeyPem: issuerKeys.publicKey.export({ type: 'spki', format: 'pem' }) as string },
          ],
        },
      ],
    },
  });
});
afterAll(async () => {
  await mock?.close();
});

const common = () => ({ authorityHost: mock.url, disableInstanceDiscovery: true, tlsOptions: { ca: tls.cert } });

/** Graph answers the token: a list of device configurations over the mock's TLS. */
function listWith(token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${mock.url}/beta/deviceManagement/deviceConfigurations`,
      { ca: tls.cert, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function tokenFrom(cred: TokenCredential): Promise<string> {
  const t = await cred.getToken('https://graph.microsoft.com/.default');
  if (!t) throw new Error('no token');
  expect(t.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3000 * 1000);
  return t.token;
}

test('ClientSecretCredential gets a token Graph accepts; a wrong secret fails with the AADSTS code', async () => {
  expect(
    await listWith(await tokenFrom(new ClientSecretCredential(mock.auth.tenantId, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, common()))),
  ).toBe(200);
  await expect(
    new ClientSecretCredential(mock.auth.tenantId, DEFAULT_CLIENT_ID, 'wrong', common()).getToken('https://graph.microsoft.com/.default'),
  ).rejects.toThrow(/AADSTS7000215/);
});

test('ClientCertificateCredential signs an assertion the mock verifies', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-cert-'));
  const file = join(dir, 'client.pem');
  writeFileSync(file, clientCertPem);
  expect(await listWith(await tokenFrom(new ClientCertificateCredential(mock.auth.tenantId, CERT_APP, file, common())))).toBe(200);
});

test('WorkloadIdentityCredential exchanges a federated token file (as GitHub Actions provides)', async () => {
  const now = Math.floor(Date.now() / 1000);
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const signed = `${b64({ alg: 'ES256', typ: 'JWT' })}.${b64({ iss: ISSUER, sub: SUBJECT, aud: 'api://AzureADTokenExchange', iat: now, exp: now + 600 })}`;
  const jwt = `${signed}.${sign('sha256', Buffer.from(signed), { key: issuerKeys.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-fed-'));
  const tokenFilePath = join(dir, 'token');
  writeFileSync(tokenFilePath, jwt);
  const cred = new WorkloadIdentityCredential({ tenantId: mock.auth.tenantId, clientId: FED_APP, tokenFilePath, ...common() });
  expect(await listWith(await tokenFrom(cred))).toBe(200);
});
