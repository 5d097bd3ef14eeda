/**
 * Talking to a mock Graph server in tests with plain fetch over loopback (not the project's Graph
 * client: the mock is tested as the service it stands in for).
 */
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startMockGraph, type MockGraph, type MockGraphOptions } from '../../lib/mock-graph';

export const T = {
  winScep: '#microsoft.graph.windows81SCEPCertificateProfile',
  winRoot: '#microsoft.graph.windows81TrustedRootCertificate',
  iosScep: '#microsoft.graph.iosScepCertificateProfile',
  iosRoot: '#microsoft.graph.iosTrustedRootCertificate',
  macScep: '#microsoft.graph.macOSScepCertificateProfile',
  macRoot: '#microsoft.graph.macOSTrustedRootCertificate',
  androidScep: '#microsoft.graph.androidScepCertificateProfile',
} as const;

export class ManualClock {
  constructor(public ms = Date.parse('2026-06-01T00:00:00Z')) {}
  now = () => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export class TestClient {
  private token: string | undefined;
  constructor(
    readonly mock: MockGraph,
    private readonly credentials: { clientId: string; clientSecret: string } = {
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
    },
  ) {}

  async getToken(): Promise<string> {
    const r = await fetch(`${this.mock.url}/${this.mock.auth.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.credentials.clientId,
        client_secret: this.credentials.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }),
    });
    const body = (await r.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`);
    this.token = body.access_token;
    return this.token;
  }

  /** `path` relative to the server (`/beta/...`) or absolute (a nextLink). */
  async req<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    if (this.token === undefined) await this.getToken();
    const r = await fetch(path.startsWith('http') ? path : `${this.mock.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await r.text();
    return { status: r.status, headers: r.headers, body: text ? JSON.parse(text) : undefined };
  }

  get = <T = any>(path: string) => this.req<T>('GET', path);
  post = <T = any>(path: string, body: unknown) => this.req<T>('POST', path, body);

  async createRoot(type: string = T.winRoot, extra: Record<string, unknown> = {}): Promise<string> {
    const r = await this.post('/beta/deviceManagement/deviceConfigurations', {
      '@odata.type': type,
      displayName: 'Root',
      trustedRootCertificate: 'MIIB',
      ...extra,
    });
    if (r.status !== 201) throw new Error(`root create: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id as string;
  }

  async createScep(type: string, rootId: string, extra: Record<string, unknown> = {}): Promise<string> {
    const r = await this.post('/beta/deviceManagement/deviceConfigurations', {
      '@odata.type': type,
      displayName: 'SCEP',
      'rootCertificate@odata.bind': bind(rootId),
      ...extra,
    });
    if (r.status !== 201) throw new Error(`scep create: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id as string;
  }
}

export const bind = (id: string) => `https://graph.microsoft.com/beta/deviceManagement/deviceConfigurations('${id}')`;

/** A mock for one test file: in memory, throttling off unless asked, closed after all tests. */
export function useMock(options: MockGraphOptions = {}): { mock: () => MockGraph; client: () => TestClient } {
  let mock: MockGraph | undefined;
  let client: TestClient | undefined;
  beforeAll(async () => {
    mock = await startMockGraph({ throttle: { mode: 'off' }, ...options });
    client = new TestClient(mock);
  });
  afterEach(() => mock?.resetHandlers());
  afterAll(async () => {
    await mock?.close();
  });
  return { mock: () => mock as MockGraph, client: () => client as TestClient };
}
