/**
 * A proxy on loopback in front of Azurite that can fault one kind of storage request, so a test can
 * hit the exact moment it means (between the lease and the holder metadata, inside the release, at
 * the Nth journal append) deterministically, in-process or for a CLI in a child process (point
 * AZURE_STORAGE_CONNECTION_STRING's BlobEndpoint at `endpoint`).
 *
 * | rule answer | what the client sees                                                      |
 * |-------------|---------------------------------------------------------------------------|
 * | 'forward'   | Azurite's answer                                                          |
 * | 'reset'     | the connection reset before any answer (an outage, a kill at that moment) |
 * | { status }  | that answer instead of Azurite's (an error body, as XML, from `message`)  |
 * The rule may act first (kill a child process, break a lease directly on Azurite) and then answer.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a storage request is, by its query and headers. */
export interface StorageRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** `comp` of the query (metadata, lease, appendblock, ...), '' for plain blob requests. */
  readonly comp: string;
  /** x-ms-lease-action for lease requests (acquire, release, break, ...). */
  readonly leaseAction: string;
}

export type StorageAnswer = 'forward' | 'reset' | { readonly status: number; readonly code: string; readonly message: string };
export type StorageRule = (r: StorageRequest) => StorageAnswer | Promise<StorageAnswer>;

export interface StorageProxy {
  /** The proxy's blob endpoint for `account` (http://127.0.0.1:PORT/<account>). */
  readonly endpoint: string;
  /** Replace the rule (default: forward everything). */
  rule(r: StorageRule): void;
  /** Requests seen, in order. */
  readonly seen: StorageRequest[];
  close(): Promise<void>;
}

export async function startStorageProxy(target: string, account = 'devstoreaccount1'): Promise<StorageProxy> {
  const to = new URL(target);
  let rule: StorageRule = () => 'forward';
  const seen: StorageRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      const r: StorageRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        comp: query.get('comp') ?? '',
        leaseAction: String(req.headers['x-ms-lease-action'] ?? ''),
      };
      seen.push(r);
      void Promise.resolve(rule(r)).then((what) => {
        if (what === 'reset') {
          req.socket.destroy();
          return;
        }
        if (typeof what === 'object') {
          const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${what.code}</Code><Message>${what.message.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Message></Error>`;
          res.writeHead(what.status, {
            'content-type': 'application/xml',
            'x-ms-error-code': what.code,
            'content-length': Buffer.byteLength(body),
          });
          res.end(body);
          return;
        }
        const upstream = request(
          { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => req.socket.destroy());
        upstream.end(Buffer.concat(chunks));
      });
    });
  });
  // Azurite's answers can carry big headers; the proxy takes what Azurite takes.
  server.maxHeadersCount = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/${account}`,
    rule: (r) => (rule = r),
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
