/**
 * Azurite (the Azure Storage emulator, a test tool, never a dependency) on loopback for remote-state
 * tests: its Blob service in a child process, on a free port, with a workspace folder of its own and
 * telemetry off (no network beyond loopback). `restart()` stops it and starts it again on the same
 * port and data, as an outage would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  BlobServiceClient,
  StorageSharedKeyCredential,
  generateAccountSASQueryParameters,
} from '@azure/storage-blob';
import { STORAGE_RETRY } from '../../lib/state';
import { TOOLS } from '../tools';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  readonly connectionString: string;
  /** The Blob service endpoint, http://127.0.0.1:PORT/devstoreaccount1. */
  readonly endpoint: string;
  /** A connection string with the account key for another endpoint (a proxy in front of Azurite). */
  connectionStringVia(endpoint: string): string;
  /**
   * A connection string with an account SAS (SharedAccessSignature=sv=...&sig=...) for the endpoint
   * (default: Azurite's own); `sig` is its secret part. `forge: true` gives a signature Azurite refuses (403).
   */
  sas(options?: { endpoint?: string; forge?: boolean }): { connectionString: string; sig: string };
  readonly service: BlobServiceClient;
  /** A fresh container for one test. */
  container(): Promise<string>;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startAzurite(): Promise<Azurite> {
  const port = await freePort();
  const location = mkdtempSync(join(tmpdir(), 'intune-scep-azurite-'));
  let child: ChildProcess | undefined;
  const launch = async () => {
    const c = spawn(
      process.execPath,
      [
        TOOLS.azuriteBlob,
        '--blobHost',
        '127.0.0.1',
        '--blobPort',
        String(port),
        '--location',
        location,
        '--silent',
        '--skipApiVersionCheck',
        '--loose',
        '--disableTelemetry',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = c;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`Azurite did not start within 20 s: ${out}`)), 20_000);
      c.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('successfully listens')) {
          clearTimeout(timer);
          resolve();
        }
      });
      c.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Azurite exited with ${code}: ${out}`));
      });
    });
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    // SIGTERM: Azurite saves its metadata and stops, as a service going down would keep its data;
    // SIGKILL only if it has not stopped within 10 s.
    await new Promise<void>((resolve) => {
      const hard = setTimeout(() => c.kill('SIGKILL'), 10_000);
      c.once('exit', () => {
        clearTimeout(hard);
        resolve();
      });
      c.kill('SIGTERM');
    });
  };
  await launch();
  const endpoint = `http://127.0.0.1:${port}/${ACCOUNT}`;
  const connectionStringVia = (e: string) => `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=${e};`;
  const connectionString = connectionStringVia(endpoint);
  // Short retries: an outage the tests cause should fail in seconds, not after the SDK's minutes.
  const service = BlobServiceClient.fromConnectionString(connectionString, { retryOptions: STORAGE_RETRY });
  let n = 0;
  return {
    connectionString,
    endpoint,
    connectionStringVia,
    sas: (o = {}) => {
      const signer = new StorageSharedKeyCredential(
        ACCOUNT,
        o.forge ? Buffer.from('not the account key, but 64 bytes of something else entirely!!!').toString('base64') : KEY,
      );
      const query = generateAccountSASQueryParameters(
        {
          expiresOn: new Date(Date.now() + 24 * 3600_000),
          permissions: AccountSASPermissions.parse('rwdlacup'),
          resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
          services: AccountSASServices.parse('b').toString(),
        },
        signer,
      );
      return { connectionString: `BlobEndpoint=${o.endpoint ?? endpoint};SharedAccessSignature=${query.toString()}`, sig: query.signature };
    },
    service,
    container: async () => {
      const name = `state-${process.pid}-${++n}`;
      await service.getContainerClient(name).create();
      return name;
    },
    stop,
    restart: async () => {
      await stop();
      await launch();
    },
  };
}
