/**
 * The exact requests sent to the real Graph and Entra ID endpoints (URLs, headers, bodies), pinned
 * with nock, and responses parsed as Microsoft documents them. No network: nock answers.
 */
import nock from 'nock';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CachedTokenProvider,
  GraphClient,
  GraphRequestError,
  INTUNE_LIMITS,
  IntuneApi,
  Redactor,
  StaticTokenProvider,
  VirtualClock,
  assignmentsToGraph,
  createCredential,
  lookupGroupsByName,
  rootToGraph,
  scepToGraph,
  type GraphEvent,
} from '../../lib';
import { toDiagnostic } from '../../lib/graph';
import { rsaClientCertificate, testCertificates } from '../helpers/certificates';

const GRAPH = 'https://graph.microsoft.com';
const LOGIN = 'https://login.microsoftonline.com';
const TENANT = '8f3c6a4e-0000-4c7e-9a55-6d0e1f2a3b4c';
const CLIENT = '5d2e8c1a-0000-4e39-8c06-2a1f9e7d3b50';
const TOKEN = {
  token_type: 'Bearer',
  expires_in: 3599,
  ext_expires_in: 3599,
  access_token: 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.c2ln',
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
// Take nock's interceptor out of Node's http module when the file ends: left in, jest's global cleanup
// finds it accessed after the file (a deprecation warning today, a failure in later jest versions).
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

function form(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}

function jwtParts(jwt: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(h as string, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(p as string, 'base64url').toString()),
  };
}

describe('credentials', () => {
  it('client secret (from AZURE_* variables): one POST to the tenant token endpoint', async () => {
    let sent: Record<string, string> = {};
    const scope = nock(LOGIN)
      .post(`/${TENANT}/oauth2/v2.0/token`, (b) => ((sent = form(b as string)), true))
      .query(true)
      .reply(200, TOKEN);
    const { kind, credential } = createCredential(
      {},
      { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 'secret-value-1' },
    );
    expect(kind).toBe('client_secret');
    const t = await credential.getToken('https://graph.microsoft.com/.default');
    expect(t?.token).toBe(TOKEN.access_token);
    expect(sent).toMatchObject({
      grant_type: 'client_credentials',
      client_id: CLIENT,
      client_secret: 'secret-value-1',
      scope: 'https://graph.microsoft.com/.default',
    });
    scope.done();
  });

  it('client certificate: a signed assertion for the token endpoint, naming the certificate', async () => {
    const cert = await rsaClientCertificate();
    const dir = mkdtempSync(join(tmpdir(), 'intune-scep-nock-'));
    writeFileSync(join(dir, 'client.pem'), cert.pemWithKey);
    let sent: Record<string, string> = {};
    nock(LOGIN)
      .post(`/${TENANT}/oauth2/v2.0/token`, (b) => ((sent = form(b as string)), true))
      .query(true)
      .reply(200, TOKEN);
    const { kind, credential } = createCredential({ tenantId: TENANT, clientId: CLIENT, certificatePath: join(dir, 'client.pem') });
    expect(kind).toBe('client_certificate');
    await credential.getToken('https://graph.microsoft.com/.default');
    expect(sent.client_assertion_type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(sent.client_secret).toBeUndefined();
    const { header, payload } = jwtParts(sent.client_assertion as string);
    expect(header.alg).toMatch(/^(RS256|PS256)$/);
    expect(String(header['x5t#S256'] ?? header.x5t)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(payload).toMatchObject({ aud: `${LOGIN}/${TENANT}/oauth2/v2.0/token`, iss: CLIENT, sub: CLIENT });
  });

  it('workload identity federation: the token file is the client assertion', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intune-scep-nock-'));
    const federated = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL3Rva2VuLmFjdGlvbnMuZ2l0aHVidXNlcmNvbnRlbnQuY29tIn0.sig';
    writeFileSync(join(dir, 'token'), federated);
    let sent: Record<string, string> = {};
    nock(LOGIN)
      .post(`/${TENANT}/oauth2/v2.0/token`, (b) => ((sent = form(b as string)), true))
      .query(true)
      .reply(200, TOKEN);
    const { kind, credential } = createCredential(
      {},
      { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_FEDERATED_TOKEN_FILE: join(dir, 'token') },
    );
    expect(kind).toBe('workload_identity');
    await credential.getToken('https://graph.microsoft.com/.default');
    expect(sent).toMatchObject({
      client_id: CLIENT,
      client_assertion: federated,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      grant_type: 'client_credentials',
    });
  });

  it('managed identity (App Service): GET the identity endpoint with its header', async () => {
    const saved = { ...process.env };
    process.env.IDENTITY_ENDPOINT = 'http://127.0.0.1:41999/msi/token';
    process.env.IDENTITY_HEADER = 'identity-header-secret';
    try {
      let headers: Record<string, unknown> = {};
      let query: Record<string, unknown> = {};
      nock('http://127.0.0.1:41999')
        .get('/msi/token')
        .query((q) => ((query = q), true))
        .reply(function () {
          headers = this.req.headers;
          return [
            200,
            {
              access_token: TOKEN.access_token,
              expires_on: String(Math.floor(Date.now() / 1000) + 3600),
              resource: 'https://graph.microsoft.com',
              token_type: 'Bearer',
            },
          ];
        });
      const { kind, credential } = createCredential({ kind: 'managed_identity' }, process.env);
      expect(kind).toBe('managed_identity');
      expect((await credential.getToken('https://graph.microsoft.com/.default'))?.token).toBe(TOKEN.access_token);
      expect(headers['x-identity-header']).toBe('identity-header-secret');
      expect(query).toMatchObject({ resource: 'https://graph.microsoft.com' });
    } finally {
      process.env = saved;
    }
  });

  it('environment order: secret, then certificate, then federated token, then managed identity, then Azure CLI', () => {
    const kind = (env: Record<string, string>) => createCredential({}, { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, ...env }).kind;
    expect(kind({ AZURE_CLIENT_SECRET: 's', AZURE_FEDERATED_TOKEN_FILE: '/t' })).toBe('client_secret');
    expect(kind({ AZURE_CLIENT_CERTIFICATE_PATH: '/c.pem', AZURE_FEDERATED_TOKEN_FILE: '/t' })).toBe('client_certificate');
    expect(kind({ AZURE_FEDERATED_TOKEN_FILE: '/t' })).toBe('workload_identity');
    expect(kind({ IDENTITY_ENDPOINT: 'http://x' })).toBe('managed_identity');
    expect(kind({})).toBe('azure_cli');
    expect(() => createCredential({ kind: 'client_secret' }, {})).toThrow(
      'the tenant id is missing: pass --tenant-id or set AZURE_TENANT_ID.',
    );
    // @azure/identity loads at the first token; a malformed tenant id is still refused at once.
    for (const kind of ['client_secret', 'azure_cli'] as const)
      expect(() => createCredential({ kind, tenantId: 'contoso/../x', clientId: CLIENT, clientSecret: 's' }, {})).toThrow(
        'the tenant id "contoso/../x" is not a tenant id',
      );
  });
});

describe('Graph operations', () => {
  const api = (events?: GraphEvent[]) =>
    new IntuneApi(
      new GraphClient({
        baseUrl: `${GRAPH}/beta`,
        tokens: new StaticTokenProvider(TOKEN.access_token),
        clock: new VirtualClock(),
        ...(events ? { onEvent: (e) => events.push(e) } : {}),
      }),
    );

  it('lists all profiles with one filtered, expanded query, following @odata.nextLink', async () => {
    const filter = [
      'windows81SCEPCertificateProfile',
      'windows81TrustedRootCertificate',
      'iosScepCertificateProfile',
      'iosTrustedRootCertificate',
      'macOSScepCertificateProfile',
      'macOSTrustedRootCertificate',
      'androidWorkProfileScepCertificateProfile',
      'androidWorkProfileTrustedRootCertificate',
      'androidDeviceOwnerScepCertificateProfile',
      'androidDeviceOwnerTrustedRootCertificate',
      'aospDeviceOwnerScepCertificateProfile',
      'aospDeviceOwnerTrustedRootCertificate',
      'androidScepCertificateProfile',
      'androidTrustedRootCertificate',
    ]
      .map((t) => `isof('microsoft.graph.${t}')`)
      .join(' or ');
    let auth: unknown;
    let requestId: unknown;
    nock(GRAPH)
      .get('/beta/deviceManagement/deviceConfigurations')
      .query({ $filter: filter, $expand: 'assignments' })
      .reply(function () {
        auth = this.req.headers.authorization;
        requestId = this.req.headers['client-request-id'];
        return [
          200,
          {
            value: [{ id: '1', '@odata.type': '#microsoft.graph.iosTrustedRootCertificate', assignments: [] }],
            '@odata.nextLink': `${GRAPH}/beta/deviceManagement/deviceConfigurations?$expand=assignments&$skiptoken=abc`,
          },
        ];
      })
      .get('/beta/deviceManagement/deviceConfigurations')
      .query({ $expand: 'assignments', $skiptoken: 'abc' })
      .reply(200, { value: [{ id: '2', '@odata.type': '#microsoft.graph.iosTrustedRootCertificate', assignments: [] }] });
    expect((await api().listProfiles()).map((p) => p.id)).toEqual(['1', '2']);
    expect(auth).toBe(`Bearer ${TOKEN.access_token}`);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses to follow a nextLink to another host', async () => {
    nock(GRAPH)
      .get('/beta/deviceManagement/deviceConfigurations')
      .query(true)
      .reply(200, { value: [], '@odata.nextLink': 'https://evil.example.com/steal' });
    await expect(api().listProfiles()).rejects.toThrow('another host');
  });

  it('creates a SCEP profile with the mapped body and root bind', async () => {
    const certs = await testCertificates();
    const attrs = {
      display_name: 'Wi-Fi',
      platform: 'windows',
      certificate_type: 'user',
      subject_name_format: 'CN={{UserPrincipalName}}',
      scep_server_urls: ['https://ndes.contoso.com/x'],
      subject_alternative_names: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }],
    };
    let body: unknown;
    let contentType: unknown;
    nock(GRAPH)
      .post('/beta/deviceManagement/deviceConfigurations', (b) => ((body = b), true))
      .reply(function () {
        contentType = this.req.headers['content-type'];
        return [201, { id: 'new-1', '@odata.type': '#microsoft.graph.windows81SCEPCertificateProfile', displayName: 'Wi-Fi' }];
      });
    const created = await api().create(scepToGraph(attrs, { rootId: 'root-1', bindBase: 'https://graph.microsoft.com/beta' }) as never);
    expect(created.id).toBe('new-1');
    expect(contentType).toBe('application/json');
    expect(body).toEqual({
      '@odata.type': '#microsoft.graph.windows81SCEPCertificateProfile',
      displayName: 'Wi-Fi',
      roleScopeTagIds: ['0'],
      certificateStore: 'user',
      subjectNameFormat: 'custom',
      subjectNameFormatString: 'CN={{UserPrincipalName}}',
      subjectAlternativeNameType: 'none',
      customSubjectAlternativeNames: [{ sanType: 'universalResourceIdentifier', name: '{{OnPremisesSecurityIdentifier}}' }],
      certificateValidityPeriodValue: 1,
      certificateValidityPeriodScale: 'years',
      renewalThresholdPercentage: 20,
      keyUsage: 'keyEncipherment,digitalSignature',
      keySize: 'size2048',
      hashAlgorithm: 'sha2',
      keyStorageProvider: 'useTpmKspOtherwiseUseSoftwareKsp',
      extendedKeyUsages: [{ name: 'Client Authentication', objectIdentifier: '1.3.6.1.5.5.7.3.2' }],
      scepServerUrls: ['https://ndes.contoso.com/x'],
      'rootCertificate@odata.bind': "https://graph.microsoft.com/beta/deviceManagement/deviceConfigurations('root-1')",
    });
    let rootBody: unknown;
    nock(GRAPH)
      .post('/beta/deviceManagement/deviceConfigurations', (b) => ((rootBody = b), true))
      .reply(201, { id: 'r' });
    await api().create(rootToGraph({ display_name: 'Root', platform: 'macos', certificate: certs.root }) as never);
    expect(rootBody).toEqual({
      '@odata.type': '#microsoft.graph.macOSTrustedRootCertificate',
      displayName: 'Root',
      roleScopeTagIds: ['0'],
      trustedRootCertificate: certs.rootBase64Der,
      certFileName: 'Root.cer',
      deploymentChannel: 'deviceChannel',
    });
  });

  it('after a 500 on create, looks the object up instead of posting again, and adopts it', async () => {
    const events: GraphEvent[] = [];
    const filter = "isof('microsoft.graph.iosTrustedRootCertificate') and displayName eq 'O''Brien Root'";
    const scope = nock(GRAPH)
      .post('/beta/deviceManagement/deviceConfigurations')
      .reply(500, { error: { code: 'InternalServerError', message: 'An internal server error occurred.' } }, { 'request-id': 'rid-500' })
      .get('/beta/deviceManagement/deviceConfigurations')
      .query({ $filter: filter })
      .reply(200, {
        value: [
          {
            id: 'made-1',
            '@odata.type': '#microsoft.graph.iosTrustedRootCertificate',
            displayName: "O'Brien Root",
            createdDateTime: '2026-06-01T00:00:00Z',
          },
        ],
      });
    const e = await api(events).create({
      '@odata.type': '#microsoft.graph.iosTrustedRootCertificate',
      displayName: "O'Brien Root",
      trustedRootCertificate: 'AA==',
    });
    expect(e.id).toBe('made-1');
    expect(events).toContainEqual({
      type: 'adopted',
      odataType: '#microsoft.graph.iosTrustedRootCertificate',
      displayName: "O'Brien Root",
      id: 'made-1',
    });
    scope.done();
  });

  it('updates with PATCH carrying @odata.type, re-points with PUT $ref, assigns, deletes', async () => {
    const bodies: Record<string, unknown> = {};
    const scope = nock(GRAPH)
      .patch('/beta/deviceManagement/deviceConfigurations/s-1', (b) => ((bodies.patch = b), true))
      .reply(204)
      .put(
        '/beta/deviceManagement/deviceConfigurations/s-1/microsoft.graph.macOSScepCertificateProfile/rootCertificate/$ref',
        (b) => ((bodies.ref = b), true),
      )
      .reply(204)
      .post('/beta/deviceManagement/deviceConfigurations/s-1/assign', (b) => ((bodies.assign = b), true))
      .reply(200, { value: [{ id: 's-1_g-1', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: 'g-1' } }] })
      .delete('/beta/deviceManagement/deviceConfigurations/s-1')
      .reply(204);
    const a = api();
    await a.update('s-1', '#microsoft.graph.macOSScepCertificateProfile', { description: 'new' });
    await a.setRoot('s-1', '#microsoft.graph.macOSScepCertificateProfile', 'r-2');
    await a.assign('s-1', assignmentsToGraph({ include_group_ids: ['g-1'], exclude_group_ids: [], all_users: false, all_devices: true }));
    await a.delete('s-1');
    expect(bodies).toEqual({
      patch: { '@odata.type': '#microsoft.graph.macOSScepCertificateProfile', description: 'new' },
      ref: { '@odata.id': "https://graph.microsoft.com/beta/deviceManagement/deviceConfigurations('r-2')" },
      assign: {
        assignments: [
          { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: 'g-1' } },
          { target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } },
        ],
      },
    });
    scope.done();
  });

  it('reads root links in one $batch of relative URLs, re-sending an inner 429 after its Retry-After', async () => {
    const batches: unknown[] = [];
    const scope = nock(GRAPH)
      .post('/beta/$batch', (b) => (batches.push(b), true))
      .reply(200, {
        responses: [
          { id: '1', status: 429, headers: { 'Retry-After': '3' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } },
          { id: '0', status: 200, body: { id: 'root-a' } },
        ],
      })
      .post('/beta/$batch', (b) => (batches.push(b), true))
      .reply(200, { responses: [{ id: '1', status: 200, body: { id: 'root-b' } }] });
    const clock = new VirtualClock();
    const intune = new IntuneApi(new GraphClient({ baseUrl: `${GRAPH}/beta`, tokens: new StaticTokenProvider(TOKEN.access_token), clock }));
    const start = clock.now();
    const links = await intune.rootLinks([
      { id: 's-a', '@odata.type': '#microsoft.graph.iosScepCertificateProfile' },
      { id: 's-b', '@odata.type': '#microsoft.graph.windows81SCEPCertificateProfile' },
    ]);
    expect(links.get('s-a')).toEqual({ ok: true, rootId: 'root-a' });
    expect(links.get('s-b')).toEqual({ ok: true, rootId: 'root-b' });
    expect(clock.now() - start).toBeGreaterThanOrEqual(3000);
    expect(batches[0]).toEqual({
      requests: [
        {
          id: '0',
          method: 'GET',
          url: '/deviceManagement/deviceConfigurations/s-a/microsoft.graph.iosScepCertificateProfile/rootCertificate?$select=id',
        },
        {
          id: '1',
          method: 'GET',
          url: '/deviceManagement/deviceConfigurations/s-b/microsoft.graph.windows81SCEPCertificateProfile/rootCertificate?$select=id',
        },
      ],
    });
    expect(batches[1]).toEqual({
      requests: [
        {
          id: '1',
          method: 'GET',
          url: '/deviceManagement/deviceConfigurations/s-b/microsoft.graph.windows81SCEPCertificateProfile/rootCertificate?$select=id',
        },
      ],
    });
    scope.done();
  });

  it('looks groups up by name on v1.0 in a batch, quoting names', async () => {
    let sent: unknown;
    nock(GRAPH)
      .post('/v1.0/$batch', (b) => ((sent = b), true))
      .reply(200, { responses: [{ id: '0', status: 200, body: { value: [{ id: 'g-1', displayName: "O'Brien Team" }] } }] });
    const client = new GraphClient({
      baseUrl: `${GRAPH}/beta`,
      tokens: new StaticTokenProvider(TOKEN.access_token),
      clock: new VirtualClock(),
    });
    const found = await lookupGroupsByName(client, ["O'Brien Team"]);
    expect(found.get("O'Brien Team")).toEqual([{ id: 'g-1', displayName: "O'Brien Team" }]);
    expect(sent).toEqual({
      requests: [
        {
          id: '0',
          method: 'GET',
          url: `/groups?$filter=${encodeURIComponent("displayName eq 'O''Brien Team'")}&$select=id,displayName,groupTypes,membershipRule`,
        },
      ],
    });
  });

  it('retries a 429 after Retry-After and a 503 with backoff; a 400 is final and typed', async () => {
    const clock = new VirtualClock();
    const client = new GraphClient({ baseUrl: `${GRAPH}/beta`, tokens: new StaticTokenProvider(TOKEN.access_token), clock });
    nock(GRAPH)
      .get('/beta/deviceManagement/deviceConfigurations/x')
      .reply(429, { error: { code: 'TooManyRequests', message: 'throttled' } }, { 'Retry-After': '10' })
      .get('/beta/deviceManagement/deviceConfigurations/x')
      .reply(503, { error: { code: 'ServiceUnavailable', message: 'busy' } })
      .get('/beta/deviceManagement/deviceConfigurations/x')
      .reply(200, { id: 'x', '@odata.type': '#t' });
    const start = clock.now();
    expect((await client.get('/deviceManagement/deviceConfigurations/x')).id).toBe('x');
    expect(clock.now() - start).toBeGreaterThanOrEqual(10_000);
    expect(client.budget.stats.throttled).toBe(1);

    const intuneMessage = JSON.stringify({
      _version: 3,
      Message:
        'An error has occurred - Operation ID (for customer support): 0000 - Activity ID: 1111 - Url: https://fef.msub03.manage.microsoft.com/x',
      CustomApiErrorPhrase: '',
      RetryAfter: null,
    });
    nock(GRAPH)
      .patch('/beta/deviceManagement/deviceConfigurations/y')
      .reply(
        400,
        { error: { code: 'BadRequest', message: intuneMessage, innerError: { 'request-id': 'rid-1', date: '2026-06-01T00:00:00' } } },
        { 'request-id': 'rid-1' },
      );
    const err = (await client
      .patch('/deviceManagement/deviceConfigurations/y', { '@odata.type': '#t' })
      .catch((e: unknown) => e)) as GraphRequestError;
    expect(err).toBeInstanceOf(GraphRequestError);
    expect(err).toMatchObject({ status: 400, code: 'BadRequest', requestId: 'rid-1', rawMessage: intuneMessage });
    expect(err.graphMessage).toMatch(/^An error has occurred - Operation ID/);
    expect(err.oneLine()).toBe(
      `PATCH /beta/deviceManagement/deviceConfigurations/y → 400 BadRequest: ${err.graphMessage} (request-id rid-1)`,
    );
  });

  it('never puts the token or a secret in an error', async () => {
    const redactor = new Redactor();
    redactor.add('very-secret-value');
    nock(LOGIN)
      .post(`/${TENANT}/oauth2/v2.0/token`)
      .query(true)
      .reply(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided: very-secret-value' });
    const { credential } = createCredential({ tenantId: TENANT, clientId: CLIENT, clientSecret: 'very-secret-value' });
    const client = new GraphClient({
      baseUrl: `${GRAPH}/beta`,
      tokens: new CachedTokenProvider(credential, new VirtualClock(), redactor),
      redactor,
      clock: new VirtualClock(),
    });
    const err = (await client.get('/deviceManagement/deviceConfigurations').catch((e: unknown) => e)) as GraphRequestError;
    expect(err.kind).toBe('auth');
    expect(`${err.message} ${err.oneLine()}`).not.toContain('very-secret-value');
    // A token refused is a credentials problem, said in words, not as a request line (found by review).
    expect(toDiagnostic(err)).toMatchObject({
      code: 'graph/credentials',
      detail: expect.stringMatching(/^no token for https:\/\/graph\.microsoft\.com\/\.default: .*AADSTS7000215/),
    });
    nock(GRAPH)
      .get('/beta/x')
      .reply(400, { error: { code: 'BadRequest', message: `bad token ${TOKEN.access_token}` } });
    const e2 = (await new GraphClient({
      baseUrl: `${GRAPH}/beta`,
      tokens: new StaticTokenProvider(TOKEN.access_token),
      clock: new VirtualClock(),
    })
      .get('/x')
      .catch((e: unknown) => e)) as GraphRequestError;
    expect(e2.oneLine()).not.toContain(TOKEN.access_token);
  });
});

test("real Graph: a throttle policy in an answer header is not trusted, even the header a mock uses; Intune's limits stay", async () => {
  nock(GRAPH).get('/beta/deviceManagement/deviceConfigurations').reply(200, { value: [] }, { 'x-intune-scep-throttle': 'off' });
  const client = new GraphClient({
    baseUrl: `${GRAPH}/beta`,
    throttlePolicyHeader: 'x-intune-scep-throttle',
    tokens: new StaticTokenProvider(TOKEN.access_token),
    clock: new VirtualClock(),
  });
  await client.list('/deviceManagement/deviceConfigurations');
  expect(client.budget.limits).toEqual(INTUNE_LIMITS);
});
