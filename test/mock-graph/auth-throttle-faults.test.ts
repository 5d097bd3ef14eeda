/** The mock's identity endpoints, Intune throttling windows, and injected faults. */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, generateKeyPairSync, sign, webcrypto, type KeyObject } from 'node:crypto';
import { DEFAULT_CLIENT_ID, startMockGraph, type MockGraph, type MockGraphOptions } from '../../lib/mock-graph';
import { ManualClock, T, TestClient } from '../helpers/mock';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const COLL = '/beta/deviceManagement/deviceConfigurations';
const open: MockGraph[] = [];
async function start(o: MockGraphOptions): Promise<MockGraph> {
  const m = await startMockGraph(o);
  open.push(m);
  return m;
}
afterAll(async () => {
  await Promise.all(open.map((m) => m.close()));
});

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function jwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const signed = `${b64url(header)}.${b64url(payload)}`;
  return `${signed}.${sign('sha256', Buffer.from(signed), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}
async function token(m: MockGraph, form: Record<string, string>): Promise<{ status: number; body: Record<string, any> }> {
  const r = await fetch(`${m.url}/${m.auth.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default', ...form }),
  });
  return { status: r.status, body: (await r.json()) as Record<string, any> };
}

describe('identity', () => {
  it('serves OpenID metadata and instance discovery pointing at itself', async () => {
    const m = await start({});
    const meta = (await (await fetch(`${m.url}/${m.auth.tenantId}/v2.0/.well-known/openid-configuration`)).json()) as Record<
      string,
      string
    >;
    expect(meta.token_endpoint).toBe(`${m.url}/${m.auth.tenantId}/oauth2/v2.0/token`);
    expect(meta.issuer).toBe(`${m.url}/${m.auth.tenantId}/v2.0`);
    const disc = (await (await fetch(`${m.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=x`)).json()) as Record<
      string,
      unknown
    >;
    expect(disc.tenant_discovery_endpoint).toContain(m.url);
  });

  it('issues tokens for the right secret only, with Entra-shaped errors', async () => {
    const m = await start({});
    const ok = await token(m, { client_id: DEFAULT_CLIENT_ID, client_secret: 'mock-graph-client-secret' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    const bad = await token(m, { client_id: DEFAULT_CLIENT_ID, client_secret: 'wrong' });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(bad.body.error_description).toMatch(/^AADSTS7000215:/);
    expect((await token(m, { client_id: 'nobody', client_secret: 'x' })).body.error_codes).toEqual([700016]);
    const wrongTenant = await fetch(`${m.url}/other-tenant/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: DEFAULT_CLIENT_ID,
        client_secret: 'x',
        scope: 'https://graph.microsoft.com/.default',
      }),
    });
    expect(((await wrongTenant.json()) as { error_codes: number[] }).error_codes).toEqual([90002]);
  });

  it('checks bearer tokens: missing, forged and expired tokens get 401', async () => {
    const clock = new ManualClock();
    const m = await start({ clock });
    const c = new TestClient(m);
    expect((await c.get(COLL)).status).toBe(200);
    const none = await fetch(`${m.url}${COLL}`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('InvalidAuthenticationToken');
    const forged = jwt(
      { alg: 'ES256' },
      { exp: 9e9, tid: m.auth.tenantId, aud: 'https://graph.microsoft.com', appid: 'x' },
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    );
    expect((await fetch(`${m.url}${COLL}`, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    clock.advance(3600 * 1000);
    const expired = await c.get(COLL);
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toContain('expired');
  });

  it('accepts a client assertion signed with a registered certificate key', async () => {
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as any;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01',
      name: 'CN=intune-scep-ci',
      notBefore: new Date('2025-01-01'),
      notAfter: new Date('2030-01-01'),
      keys,
      signingAlgorithm: alg,
    });
    const clientId = '11111111-2222-3333-4444-555555555555';
    const m = await start({ identity: { apps: [{ clientId, certificates: [cert.toString('pem')] }] } });
    const key = createPrivateKey({
      key: Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)),
      format: 'der',
      type: 'pkcs8',
    });
    const x5t = Buffer.from(await cert.getThumbprint('SHA-1')).toString('base64url');
    const aud = `${m.url}/${m.auth.tenantId}/oauth2/v2.0/token`;
    const now = Math.floor(Date.now() / 1000);
    const assertion = jwt(
      { alg: 'ES256', typ: 'JWT', x5t },
      { aud, iss: clientId, sub: clientId, jti: 'j', nbf: now, exp: now + 600 },
      key,
    );
    const form = {
      client_id: clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    };
    expect((await token(m, form)).status).toBe(200);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const forged = jwt({ alg: 'ES256', typ: 'JWT', x5t }, { aud, iss: clientId, sub: clientId, nbf: now, exp: now + 600 }, other);
    expect((await token(m, { ...form, client_assertion: forged })).body.error_codes).toEqual([700027]);
  });

  it('exchanges a federated OIDC token from the registered issuer and subject', async () => {
    const issuerKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const clientId = '66666666-2222-3333-4444-555555555555';
    const issuer = 'https://token.actions.githubusercontent.com';
    const subject = 'repo:contoso/intune:ref:refs/heads/main';
    const m = await start({
      identity: {
        apps: [
          {
            clientId,
            federated: [{ issuer, subject, publicKeyPem: issuerKeys.publicKey.export({ type: 'spki', format: 'pem' }) as string }],
          },
        ],
      },
    });
    const now = Math.floor(Date.now() / 1000);
    const fed = (sub: string) =>
      jwt({ alg: 'ES256', typ: 'JWT' }, { iss: issuer, sub, aud: 'api://AzureADTokenExchange', exp: now + 300 }, issuerKeys.privateKey);
    const form = { client_id: clientId, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' };
    expect((await token(m, { ...form, client_assertion: fed(subject) })).status).toBe(200);
    expect((await token(m, { ...form, client_assertion: fed('repo:evil/x:ref:refs/heads/main') })).status).toBe(400);
  });

  it('serves managed identity tokens to the right header', async () => {
    const m = await start({ identity: { apps: [{ clientId: DEFAULT_CLIENT_ID, managedIdentityHeader: 'h-secret' }] } });
    const url = `${m.url}/msi/token?resource=${encodeURIComponent('https://graph.microsoft.com')}&api-version=2019-08-01`;
    const ok = await fetch(url, { headers: { 'x-identity-header': 'h-secret' } });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { access_token: string };
    expect((await fetch(`${m.url}${COLL}`, { headers: { authorization: `Bearer ${body.access_token}` } })).status).toBe(200);
    expect((await fetch(url, { headers: { 'x-identity-header': 'nope' } })).status).toBe(401);
  });
});

describe('throttling', () => {
  const write = (c: TestClient) => c.post(COLL, { '@odata.type': T.winRoot, displayName: 'r', trustedRootCertificate: 'AA==' });

  it('answers the 101st write of an app in 20 s with 429 and Retry-After, while reads pass', async () => {
    const clock = new ManualClock();
    const m = await start({ clock, throttle: { mode: 'intune' } });
    const c = new TestClient(m);
    for (let i = 0; i < 100; i++) {
      expect((await write(c)).status).toBe(201);
      clock.advance(10); // 100 writes over 1 s
    }
    const r = await write(c);
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('TooManyRequests');
    expect(r.headers.get('retry-after')).toBe('19');
    expect(Number(r.headers.get('retry-after-ms'))).toBe(20_000 - 1000);
    expect((await c.get(COLL)).status).toBe(200);
    clock.advance(18_990);
    expect((await write(c)).status).toBe(429); // throttled requests count too: the window is still full
    clock.advance(20_001);
    expect((await write(c)).status).toBe(201);
    expect(m.stats.throttled).toBe(2);
  });

  it('limits a tenant to 200 writes across apps', async () => {
    const clock = new ManualClock();
    const second = { clientId: 'aaaaaaaa-0000-0000-0000-000000000002', clientSecret: 's2' };
    const m = await start({
      clock,
      throttle: { mode: 'intune' },
      identity: { apps: [{ clientId: DEFAULT_CLIENT_ID, clientSecret: 'mock-graph-client-secret' }, second] },
    });
    const a = new TestClient(m);
    const b = new TestClient(m, second);
    for (let i = 0; i < 100; i++) expect((await write(a)).status).toBe(201);
    for (let i = 0; i < 100; i++) expect((await write(b)).status).toBe(201);
    const third = new TestClient(m);
    expect((await write(third)).status).toBe(429);
  });

  it('limits all requests too, and counts inner $batch requests one by one', async () => {
    const clock = new ManualClock();
    const m = await start({ clock, throttle: { mode: 'intune', limits: { allPerApp: 30 } } });
    const c = new TestClient(m);
    for (let i = 0; i < 29; i++) expect((await c.get(COLL)).status).toBe(200);
    const batch = await c.post('/beta/$batch', {
      requests: [1, 2, 3].map((n) => ({ id: String(n), method: 'GET', url: '/deviceManagement/deviceConfigurations' })),
    });
    expect(batch.status).toBe(200);
    const statuses = batch.body.responses.map((x: { status: number }) => x.status).sort();
    expect(statuses).toEqual([200, 429, 429]);
    const inner429 = batch.body.responses.find((x: { status: number }) => x.status === 429);
    expect(Number(inner429.headers['Retry-After'])).toBeGreaterThan(0);
  });

  it('can answer 429 without Retry-After, shrink the window by a time scale, or be off', async () => {
    const clock = new ManualClock();
    const bare = await start({ clock, throttle: { mode: 'intune', retryAfter: false, timeScale: 0.05, limits: { writePerApp: 2 } } });
    const c = new TestClient(bare);
    await write(c);
    await write(c);
    const r = await write(c);
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBeNull();
    clock.advance(1001); // 20 s × 0.05
    expect((await write(c)).status).toBe(201);
    const off = await start({ throttle: { mode: 'off', limits: { writePerApp: 1 } } });
    const o = new TestClient(off);
    for (let i = 0; i < 5; i++) expect((await write(o)).status).toBe(201);
  });
});

describe('faults', () => {
  it('answers 500/503/504 at the configured rate, from a seed', async () => {
    const m = await start({ throttle: { mode: 'off' }, faults: { errorRate: 1, seed: 7 } });
    const c = new TestClient(m);
    const statuses = new Set<number>();
    for (let i = 0; i < 30; i++) statuses.add((await c.get(COLL)).status);
    expect([...statuses].sort()).toEqual([500, 503, 504]);
    m.faults.configure({ errorRate: 0.3, seed: 3 });
    let errors = 0;
    for (let i = 0; i < 200; i++) if ((await c.get(COLL)).status >= 500) errors++;
    expect(errors).toBeGreaterThan(40);
    expect(errors).toBeLessThan(80);
  });

  it('drops connections without an answer', async () => {
    const m = await start({ throttle: { mode: 'off' }, faults: { dropRate: 1 } });
    const c = new TestClient(m);
    await c.getToken();
    await expect(c.get(COLL)).rejects.toThrow();
    expect(m.faults.injected.drop).toBeGreaterThan(0);
  });

  it('applies a write and then answers 500', async () => {
    const m = await start({ throttle: { mode: 'off' }, faults: { appliedThen500Rate: 1 } });
    const c = new TestClient(m);
    const r = await c.post(COLL, { '@odata.type': T.winRoot, displayName: 'applied anyway', trustedRootCertificate: 'AA==' });
    expect(r.status).toBe(500);
    expect([...m.store.configurations.values()].filter((e) => e.displayName === 'applied anyway')).toHaveLength(1);
    expect((await c.get(COLL)).status).toBe(200); // reads are never "applied then 500"
  });

  it('waits for latency through the injected sleep', async () => {
    const waits: number[] = [];
    const m = await start({ throttle: { mode: 'off' }, faults: { latencyMs: 250 }, sleep: async (ms) => void waits.push(ms) });
    const c = new TestClient(m);
    await c.get(COLL);
    expect(waits).toEqual([250]);
  });
});
