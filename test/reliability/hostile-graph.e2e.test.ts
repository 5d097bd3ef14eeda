/**
 * A broken or hostile Graph, as a small server on loopback in this test, against the real CLI (a
 * child process): every case ends with one clear line and exit 1, in bounded time, with no request
 * storm. The bounds are set low through their environment variables so the test runs in seconds.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates } from '../helpers/certificates';
import { spawnCli } from '../helpers/cli';
import { CRASH_PATTERN, Tally } from '../helpers/reliability';
import { cleanStack } from '../helpers/stacks';
import { GraphClient, GraphRequestError } from '../../lib/graph';

jest.setTimeout(60_000);
const tally = new Tally('hostile Graph: bounded waits, one clear line', { objects: false });

type Behaviour = (req: IncomingMessage, res: ServerResponse, base: string) => void;

/** Answers the token endpoint like the mock; every Graph request with `behaviour`. Counts Graph requests. */
async function hostile(
  behaviour: Behaviour,
  token?: Behaviour,
): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req, res) => {
    if (/\/oauth2\/v2\.0\/token$/.test(req.url ?? '')) {
      if (token) return token(req, res, `http://${req.headers.host}`);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3600, access_token: 'hostile-token' }));
      return;
    }
    requests++;
    behaviour(req, res, `http://${req.headers.host}`);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const throttled =
  (retryAfter: string): Behaviour =>
  (_req, res) =>
    json(res, 429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'Retry-After': retryAfter });

const CASES: {
  name: string;
  behaviour: Behaviour;
  token?: Behaviour;
  env?: Record<string, string>;
  message: RegExp;
  maxRequests: number;
}[] = [
  {
    name: 'a collection holding null',
    behaviour: (_q, res) => json(res, 200, { value: [null] }),
    message: /item 0 of the collection is null, not a Graph entity/,
    maxRequests: 1,
  },
  {
    name: 'a collection item without an id',
    behaviour: (_q, res) => json(res, 200, { value: [{ displayName: 'x' }] }),
    message: /item 0 of the collection is an object without a string "id", not a Graph entity/,
    maxRequests: 1,
  },
  {
    name: 'an error message carrying terminal escape sequences',
    behaviour: (_q, res) => json(res, 400, { error: { code: 'BadRequest', message: '\u001b[2J\u001b[31mowned\u0007' } }),
    message: /400 BadRequest: \\u001b\[2J\\u001b\[31mowned\\u0007/,
    maxRequests: 1,
  },
  {
    name: 'a token endpoint that redirects elsewhere',
    behaviour: (_q, res) => json(res, 200, { value: [] }),
    token: (_q, res) => {
      res.writeHead(307, { Location: 'http://collector.invalid/steal' });
      res.end();
    },
    message: /the token endpoint at \S+ answered 307, a redirect to http:\/\/collector\.invalid\/steal; the client secret is not sent on/,
    maxRequests: 0,
  },
  {
    name: 'Retry-After: 999999 (11 days)',
    behaviour: throttled('999999'),
    message: /asked to wait 999999 s \(Retry-After\), longer than this run waits \(300 s, INTUNE_SCEP_MAX_RETRY_AFTER\)/,
    maxRequests: 1,
  },
  {
    name: 'Retry-After larger than any timer',
    behaviour: throttled('9'.repeat(40)),
    message: /asked to wait forever \(Retry-After\)/,
    maxRequests: 1,
  },
  {
    name: 'Retry-After as an HTTP date in the year 9999',
    behaviour: throttled('Fri, 31 Dec 9999 23:59:59 GMT'),
    message: /\(Retry-After\), longer than this run waits/,
    maxRequests: 1,
  },
  {
    name: 'Retry-After over a lowered limit',
    behaviour: throttled('5'),
    env: { INTUNE_SCEP_MAX_RETRY_AFTER: '2' },
    message: /asked to wait 5 s \(Retry-After\), longer than this run waits \(2 s, INTUNE_SCEP_MAX_RETRY_AFTER\)/,
    maxRequests: 1,
  },
  {
    name: 'an @odata.nextLink that points back at itself',
    behaviour: (req, res, base) => json(res, 200, { value: [], '@odata.nextLink': `${base}${req.url}` }),
    message: /@odata\.nextLink leads back to a page already read; stopped instead of reading forever/,
    maxRequests: 4,
  },
  {
    name: 'an answer that drips one byte at a time, forever',
    behaviour: (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{');
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write(' ')), 100);
      res.on('close', () => clearInterval(t));
    },
    env: { INTUNE_SCEP_REQUEST_TIMEOUT: '0.5', INTUNE_SCEP_MAX_STALL: '2' },
    message:
      /no (complete answer within 0\.5 s \(INTUNE_SCEP_REQUEST_TIMEOUT\)|Graph request has succeeded for \S+ s \(the limit is 2 s, INTUNE_SCEP_MAX_STALL\))/,
    maxRequests: 8,
  },
  {
    name: 'an endless 503 storm',
    behaviour: (_req, res) => json(res, 503, { error: { code: 'ServiceUnavailable', message: 'try later' } }),
    env: { INTUNE_SCEP_MAX_STALL: '1' },
    message: /(503 ServiceUnavailable: try later|no Graph request has succeeded for \S+ s \(the limit is 1 s, INTUNE_SCEP_MAX_STALL\))/,
    maxRequests: 8,
  },
];

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intune-scep-hostile-graph-'));
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(cleanStack(await testCertificates())));
});

test.each(CASES)('$name: one clear line, exit 1, bounded', async ({ behaviour, token, env, message, maxRequests }) => {
  const server = await hostile(behaviour, token);
  try {
    const r = await spawnCli(['plan', '--config', 'cdk.tf.json', '--stack', 'hostile', '--graph-url', server.url], {
      cwd: dir,
      env: { CI: 'true', INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z', ...env },
    });
    const crashed = CRASH_PATTERN.test(r.stderr) || /TimeoutOverflowWarning/.test(r.stderr);
    tally.add({ runs: 1, faultsInjected: 1, crashes: crashed ? 1 : 0 });
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(CRASH_PATTERN);
    expect(r.stderr).not.toContain('TimeoutOverflowWarning');
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/); // nothing from Graph acts on the terminal
    expect(r.code).toBe(1);
    expect(server.requests()).toBeLessThanOrEqual(maxRequests);
  } finally {
    await server.close();
  }
});

test('an answer over the size limit is read once, never retried', async () => {
  const server = await hostile((_req, res) => json(res, 200, { value: [{ id: 'x'.repeat(4096) }] }));
  try {
    const client = new GraphClient({ baseUrl: `${server.url}/beta`, limits: { maxResponseBytes: 1024 } });
    const e = (await client.list('/deviceManagement/deviceConfigurations').catch((x: unknown) => x)) as GraphRequestError;
    expect(e).toBeInstanceOf(GraphRequestError);
    expect(e.oneLine()).toMatch(/the answer is larger than 1024 bytes; not read, not retried/);
    expect(server.requests()).toBe(1);
    tally.add({ runs: 1, faultsInjected: 1 });
  } finally {
    await server.close();
  }
});

test('bad limit variables are refused naming the variable', async () => {
  const r = await spawnCli(['plan', '--config', 'cdk.tf.json', '--stack', 'hostile', '--graph-url', 'http://127.0.0.1:9'], {
    cwd: dir,
    env: { CI: 'true', INTUNE_SCEP_REQUEST_TIMEOUT: 'soon' },
  });
  expect(r.stderr).toMatch(/INTUNE_SCEP_REQUEST_TIMEOUT="soon": expected a number of seconds between 0 and 86400\./);
  expect(r.code).toBe(1);
});

test.each([
  ['null', null, /the answer is no object, not a device configuration/],
  [
    'an object without an @odata.type',
    { id: 'abc' },
    /the answer is an object without a string "@odata\.type", not a device configuration/,
  ],
  [
    'an object without an id',
    { '@odata.type': '#microsoft.graph.windows81TrustedRootCertificate' },
    /the answer is an object without a string "id", not a device configuration/,
  ],
])('import of an object Graph answers as %s: one line, exit 1', async (_what, answer, message) => {
  const server = await hostile((_req, res) => json(res, 200, answer));
  try {
    const r = await spawnCli(
      [
        'import',
        'intune_trusted_root_certificate.root',
        'abc',
        '--config',
        'cdk.tf.json',
        '--stack',
        'hostile-import',
        '--graph-url',
        server.url,
      ],
      { cwd: dir, env: { CI: 'true' } },
    );
    tally.add({ runs: 1, faultsInjected: 1, crashes: CRASH_PATTERN.test(r.stderr) ? 1 : 0 });
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(CRASH_PATTERN);
    expect(r.code).toBe(1);
  } finally {
    await server.close();
  }
});
