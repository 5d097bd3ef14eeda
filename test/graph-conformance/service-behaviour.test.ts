/**
 * Smaller service behaviours the mock and the client follow (graph-api.md, "Corrections"): $batch ids
 * without case, 204 for an empty single-valued navigation, links on the host the client called,
 * 120-character directory comparisons, and every URL written into a body on the Graph in use.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CLOUDS,
  GraphClient,
  GraphRequestError,
  IntuneApi,
  chooseCloud,
  Redactor,
  connectGraph,
  lookupGroupsByName,
  scepToGraph,
} from '../../lib';
import { THROTTLE_HEADER, startMockGraph, type MockGraph } from '../../lib/mock-graph';
import { TestClient, T } from '../helpers/mock';

let mock: MockGraph;
let http: TestClient;
const LONG = 'Contoso '.repeat(20); // 160 characters
beforeAll(async () => {
  mock = await startMockGraph({
    auth: 'off',
    throttle: { mode: 'off' },
    behaviour: { pageSize: 2 },
    seedGroups: [
      { id: 'aaaaaaaa-0000-0000-0000-000000000001', displayName: `${LONG}Wi-Fi` },
      { id: 'aaaaaaaa-0000-0000-0000-000000000002', displayName: `${LONG}VPN` },
      { id: 'aaaaaaaa-0000-0000-0000-000000000003', displayName: 'g3' },
    ],
  });
  http = new TestClient(mock);
});
afterAll(async () => {
  await mock.close();
});

test('$batch ids are compared without case: "a" and "A" fail the batch with 400', async () => {
  const r = await http.post('/beta/$batch', {
    requests: [
      { id: 'a', method: 'GET', url: '/groups' },
      { id: 'A', method: 'GET', url: '/groups' },
    ],
  });
  expect(r.status).toBe(400);
  expect(r.body.error.message).toContain("'A' appears twice");
});

test('a SCEP profile with no root answers 204 on its rootCertificate navigation, and the client reads it as "no root"', async () => {
  mock.behaviour.requireRootOnCreate = false;
  try {
    const created = await http.post('/beta/deviceManagement/deviceConfigurations', { '@odata.type': T.iosScep, displayName: 'rootless' });
    expect(created.status).toBe(201);
    const nav = await http.get(
      `/beta/deviceManagement/deviceConfigurations/${created.body.id}/microsoft.graph.iosScepCertificateProfile/rootCertificate`,
    );
    expect(nav.status).toBe(204);
    const api = new IntuneApi(new GraphClient({ baseUrl: `${mock.url}/beta`, throttlePolicyHeader: THROTTLE_HEADER }));
    expect((await api.rootLinks([{ id: created.body.id, '@odata.type': T.iosScep }])).get(created.body.id)).toEqual({
      ok: true,
      rootId: undefined,
    });
  } finally {
    mock.behaviour.requireRootOnCreate = true;
  }
});

test('groups: displayName eq compares 120 characters, and the client keeps only the exact name', async () => {
  const r = await http.get(`/v1.0/groups?$filter=${encodeURIComponent(`displayName eq '${LONG}Wi-Fi'`)}`);
  expect(r.body.value.map((g: { id: string }) => g.id).sort()).toEqual([
    'aaaaaaaa-0000-0000-0000-000000000001',
    'aaaaaaaa-0000-0000-0000-000000000002',
  ]);
  const client = new GraphClient({ baseUrl: `${mock.url}/beta`, throttlePolicyHeader: THROTTLE_HEADER });
  const found = await lookupGroupsByName(client, [`${LONG}Wi-Fi`]);
  expect(found.get(`${LONG}Wi-Fi`)?.map((g) => g.id)).toEqual(['aaaaaaaa-0000-0000-0000-000000000001']);
});

/** A proxy on another port: the client calls it, and it forwards to the mock with its own Host. */
async function proxy(target: string, forwardHost: boolean): Promise<{ url: string; server: Server }> {
  const t = new URL(target);
  const server = createServer((req, res) => {
    const headers = { ...req.headers };
    if (!forwardHost) headers.host = t.host;
    const out = httpRequest({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

test('links name the host the client called: paging through a proxy that passes Host stays on the proxy', async () => {
  const p = await proxy(mock.url, true);
  try {
    const groups = await new GraphClient({ baseUrl: `${p.url}/beta` }).list<{ id: string }>('/groups', `${p.url}/v1.0`);
    expect(groups).toHaveLength(3);
    const page = await fetch(`${p.url}/v1.0/groups`).then((r) => r.json() as Promise<Record<string, string>>);
    expect(page['@odata.nextLink']?.startsWith(`${p.url}/v1.0/groups?`)).toBe(true);
    expect(page['@odata.context']?.startsWith(p.url)).toBe(true);
  } finally {
    p.server.close();
  }
});

test('a link to another host is a Graph error naming the link, never followed and never an internal error', async () => {
  const p = await proxy(mock.url, false);
  try {
    const err = await new GraphClient({ baseUrl: `${p.url}/beta` }).list('/groups', `${p.url}/v1.0`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphRequestError);
    expect((err as Error).message).toContain(`${mock.url}/v1.0/groups?`);
    expect((err as Error).message).toContain('another host');
  } finally {
    p.server.close();
  }
});

test('national clouds: the cloud picks Graph and Entra ID, AZURE_AUTHORITY_HOST infers it, and bind URLs use the Graph in use', () => {
  expect(chooseCloud(undefined, 'https://login.chinacloudapi.cn/')).toBe('china');
  expect(chooseCloud(undefined, undefined)).toBe('public');
  expect(() => chooseCloud('mars', undefined)).toThrow('unknown cloud "mars"');
  const { client, description } = connectGraph({
    credential: { tenantId: 't', clientId: 'c', clientSecret: 's' },
    env: {},
    loopback: { credential: { tenantId: 't', clientId: 'c', clientSecret: 's' } },
    cloud: 'usgovdod',
  });
  expect(client.baseUrl).toBe(`${CLOUDS.usgovdod.graph}/beta`);
  expect(description).toContain('usgovdod cloud');
  const body = scepToGraph(
    { display_name: 'x', platform: 'ios', certificate_type: 'user', subject_name_format: 'CN=x', scep_server_urls: ['https://a'] },
    { rootId: 'r1', bindBase: client.baseUrl },
  );
  expect(body['rootCertificate@odata.bind']).toBe("https://dod-graph.microsoft.us/beta/deviceManagement/deviceConfigurations('r1')");
});

test.each([
  ['a real tenant', { credential: { tenantId: 'aaaaaaaa-0000-4000-8000-00000000000a' } }, 'aaaaaaaa-0000-4000-8000-00000000000a'],
  [
    "another cloud's Graph with --tenant-id",
    {
      graphUrl: 'https://graph.microsoft.us/beta',
      explicitTenant: 'bbbbbbbb-0000-4000-8000-00000000000b',
      credential: { tenantId: 'bbbbbbbb-0000-4000-8000-00000000000b' },
    },
    'bbbbbbbb-0000-4000-8000-00000000000b',
  ],
  [
    'a mock on loopback (AZURE_TENANT_ID in the environment is not its tenant)',
    { graphUrl: 'http://127.0.0.1:5899', credential: { tenantId: 'cccccccc-0000-4000-8000-00000000000c' } },
    undefined,
  ],
])('the tenant state records: %s', (_name, o, tenant) => {
  const c = connectGraph({ env: {}, loopback: { credential: { tenantId: 't', clientId: 'c', clientSecret: 's' } }, ...o });
  expect(c.tenant).toBe(tenant);
});

test.each([
  ['a host of the attacker', 'https://graph.example.com/beta'],
  ['Graph over plain http', 'http://graph.microsoft.com/beta'],
  ['a path under Graph', 'https://graph.microsoft.com/evil/beta'],
  ['a look-alike host', 'https://graph.microsoft.com.example.net'],
  ['a user-info host', 'https://graph.microsoft.com@example.net'],
])("a tenant's token is never sent to a graph URL that is not Microsoft Graph: %s", (_name, graphUrl) => {
  const credential = { tenantId: 'aaaaaaaa-0000-4000-8000-00000000000a', clientId: 'c', clientSecret: 's' };
  expect(() => connectGraph({ graphUrl, credential, env: {}, loopback: { credential } })).toThrow(
    /is not Microsoft Graph: a tenant's token is sent only to https:\/\/graph\.microsoft\.com/,
  );
});

test("the client's redactor knows every secret of its environment, as the CLI's does (the provider has no other)", () => {
  const redactor = new Redactor();
  connectGraph({
    graphUrl: 'http://127.0.0.1:5899',
    credential: {},
    env: { AZURE_PASSWORD: 'user-password-value', ARM_CLIENT_SECRET: 'arm-client-secret', AZURE_CLIENT_SECRET: 'client-secret-value' },
    loopback: {},
    redactor,
  });
  expect(redactor.redact('user-password-value arm-client-secret client-secret-value')).toBe('[redacted] [redacted] [redacted]');
});
