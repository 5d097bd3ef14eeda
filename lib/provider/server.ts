/**
 * The provider process as Terraform's plugin host (go-plugin) expects it:
 * 1. refuse to run unless Terraform started it (magic cookie) with protocol 6 on offer;
 * 2. serve gRPC on loopback: tfplugin6.Provider, plus health, controller (Shutdown), stdio and
 *    broker; with Terraform's automatic mutual TLS when PLUGIN_CLIENT_CERT is set (its certificate
 *    is the only client accepted; ours is a fresh self-signed ECDSA certificate);
 * 3. print the handshake line `1|6|tcp|127.0.0.1:<port>|grpc|<certificate, base64 DER>`.
 *
 * Start-up cost is kept to gRPC itself: the method table below is all the server needs to listen;
 * the protocol definitions (protobufjs parsing our .proto files) are read after the handshake line is
 * out, and the provider's implementation (Graph client, rules, credentials) by the first call other
 * than GetProviderSchema, so a start that only reads the schema never loads it.
 */
import type { LoopbackGraph } from '../graph';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { Root, Type } from 'protobufjs';
import { serverCertificate } from './certificate';

export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
export const PROTOCOL_VERSION = 6;
/** Terraform's limit for provider messages, both ways. */
const MAX_MESSAGE = 256 << 20;

export interface ServeIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
  exit(code: number): void;
  readonly now?: () => Date;
  /**
   * What a Graph URL on loopback is offered when the configuration names no credential (the embedded
   * tenant's test credential and throttle header: the process entry passes them in; the provider knows no mock).
   */
  readonly loopback?: LoopbackGraph;
}

export interface RunningProvider {
  readonly address: string;
  readonly handshake: string;
  stop(): Promise<void>;
}

/**
 * The .proto files' text, as JSON of { file name: text }, in the bundled provider only: the build
 * defines it (see scripts/bundle-provider.ts), so the bundle reads no file but itself. Elsewhere it is
 * undefined and the files are read from proto/ beside this module: in lib/ (the tests, through swc),
 * in dist/lib/ where the build copies them.
 */
declare const INTUNE_SCEP_PROTO_SOURCES: string | undefined;

/** The text of one of our .proto files. */
function protoSource(file: string): string {
  if (typeof INTUNE_SCEP_PROTO_SOURCES !== 'undefined') {
    const text = (JSON.parse(INTUNE_SCEP_PROTO_SOURCES) as Record<string, string>)[file];
    if (text === undefined) throw new Error(`bug: ${file} is not in the bundle`);
    return text;
  }
  return readFileSync(join(__dirname, 'proto', file), 'utf8');
}

type Handler = (req: Record<string, unknown>) => Promise<Record<string, unknown>>;

type Kind = 'unary' | 'server-stream' | 'bidi';
/** service → method → [request message, response message, kind]. A test checks it against the .proto files. */
export const METHODS: Readonly<Record<string, Readonly<Record<string, readonly [string, string, Kind]>>>> = {
  'tfplugin6.Provider': Object.fromEntries(
    [
      'GetProviderSchema',
      'ValidateProviderConfig',
      'ValidateResourceConfig',
      'UpgradeResourceState',
      'ConfigureProvider',
      'ReadResource',
      'PlanResourceChange',
      'ApplyResourceChange',
      'ImportResourceState',
      'StopProvider',
    ].map((m) => [m, [`tfplugin6.${m}.Request`, `tfplugin6.${m}.Response`, 'unary'] as const]),
  ),
  'grpc.health.v1.Health': { Check: ['grpc.health.v1.HealthCheckRequest', 'grpc.health.v1.HealthCheckResponse', 'unary'] },
  'plugin.GRPCController': { Shutdown: ['plugin.Empty', 'plugin.Empty', 'unary'] },
  'plugin.GRPCStdio': { StreamStdio: ['plugin.Empty', 'plugin.StdioData', 'server-stream'] },
  'plugin.GRPCBroker': { StartStream: ['plugin.ConnInfo', 'plugin.ConnInfo', 'bidi'] },
};

export const PROTO_FILES = ['tfplugin6.proto', 'plugin.proto', 'health.proto'];

let root: Root | undefined;
/** The protocol definitions, parsed on first use. */
export function protocol(): Root {
  if (!root) {
    const protobuf = require('protobufjs') as typeof import('protobufjs');
    const r = new protobuf.Root();
    for (const f of PROTO_FILES) protobuf.parse(protoSource(f), r, { keepCase: true });
    r.resolveAll();
    root = r;
  }
  return root;
}

const OBJECT_OPTIONS = { longs: Number, enums: Number, defaults: true, oneofs: true } as const;

/** A gRPC service definition whose (de)serialisers parse the .proto files only when first called. */
export function serviceDefinition(service: string): grpc.ServiceDefinition {
  const def: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [method, [req, res, kind]] of Object.entries(METHODS[service] ?? {})) {
    const codec = (name: string) => {
      let t: Type | undefined;
      const type = () => (t ??= protocol().lookupType(name));
      return {
        serialize: (v: unknown) =>
          Buffer.from(
            type()
              .encode(type().fromObject(v as object))
              .finish(),
          ),
        deserialize: (b: Buffer) => type().toObject(type().decode(b), OBJECT_OPTIONS),
      };
    };
    const request = codec(req);
    const response = codec(res);
    def[method] = {
      path: `/${service}/${method}`,
      requestStream: kind === 'bidi',
      responseStream: kind !== 'unary',
      requestSerialize: request.serialize,
      requestDeserialize: request.deserialize,
      responseSerialize: response.serialize,
      responseDeserialize: response.deserialize,
      originalName: method,
    };
  }
  return def as grpc.ServiceDefinition;
}

function log(io: ServeIo, level: 'INFO' | 'DEBUG' | 'ERROR', message: string): void {
  io.stderr(`[${level}] intune provider: ${message}\n`);
}

export class HandshakeError extends Error {}

/** Check the environment Terraform gives a plugin; a message for a human who ran it by hand. */
export function checkLaunch(env: ServeIo['env']): void {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    throw new HandshakeError(
      'This is the intune Terraform provider. It is started by Terraform, not by hand.\n' +
        'Install it with "intune-scep provider install", then run terraform init / plan / apply (see README "Terraform provider").',
    );
  }
  const offered = env.PLUGIN_PROTOCOL_VERSIONS;
  if (
    offered &&
    !offered
      .split(',')
      .map((v) => v.trim())
      .includes(String(PROTOCOL_VERSION))
  ) {
    throw new HandshakeError(
      `Terraform offers plugin protocol ${offered}; the intune provider speaks protocol ${PROTOCOL_VERSION} (Terraform 1.0 or newer).`,
    );
  }
}

/** A port in PLUGIN_MIN_PORT..PLUGIN_MAX_PORT when both are set, else any free one. */
async function bind(server: grpc.Server, creds: grpc.ServerCredentials, env: ServeIo['env']): Promise<number> {
  const min = Number(env.PLUGIN_MIN_PORT);
  const max = Number(env.PLUGIN_MAX_PORT);
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => server.bindAsync(`127.0.0.1:${port}`, creds, (e, p) => (e ? reject(e) : resolve(p))));
  if (Number.isInteger(min) && Number.isInteger(max) && min > 0 && max >= min) {
    for (let i = 0; i < 20; i++) {
      try {
        return await tryPort(min + Math.floor(Math.random() * (max - min + 1)));
      } catch {
        // taken: another
      }
    }
  }
  return tryPort(0);
}

export async function serve(io: ServeIo): Promise<RunningProvider> {
  checkLaunch(io.env);
  const server = new grpc.Server({ 'grpc.max_receive_message_length': MAX_MESSAGE, 'grpc.max_send_message_length': MAX_MESSAGE });

  // The implementation, loaded on first use.
  let handlers: Record<string, Handler> | undefined;
  const impl = (): Record<string, Handler> => {
    if (!handlers) handlers = (require('./rpc') as typeof import('./rpc')).createHandlers(io.env, io.now, io.loopback);
    return handlers;
  };
  const streams = new Set<grpc.ServerWritableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>>();
  let stopping = false;

  const provider: grpc.UntypedServiceImplementation = {};
  for (const method of Object.keys(METHODS['tfplugin6.Provider'] ?? {})) {
    provider[method] = (call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      // Terraform starts the provider once per command only to read its schema: that start loads
      // the schema alone, not the implementation (which takes about 0.1 s of CPU to load).
      const fn =
        method === 'GetProviderSchema'
          ? async () => (require('./schema-response') as typeof import('./schema-response')).providerSchemaResponse()
          : impl()[method];
      if (!fn) return callback({ code: grpc.status.UNIMPLEMENTED, details: `${method} is not implemented by the intune provider` });
      fn(call.request).then(
        (r) => callback(null, r),
        (e: unknown) => {
          log(io, 'ERROR', `${method}: ${(e as Error).message}`);
          callback({ code: grpc.status.INTERNAL, details: `${method}: ${(e as Error).message}` });
        },
      );
    };
  }
  server.addService(serviceDefinition('tfplugin6.Provider'), provider);
  server.addService(serviceDefinition('grpc.health.v1.Health'), {
    Check: (_call: unknown, cb: grpc.sendUnaryData<unknown>) => cb(null, { status: stopping ? 2 : 1 }),
  });

  let warmUp: NodeJS.Immediate | undefined;
  const stop = async () => {
    stopping = true;
    if (warmUp) clearImmediate(warmUp);
    for (const s of streams) s.end();
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  };
  server.addService(serviceDefinition('plugin.GRPCController'), {
    Shutdown: (_call: unknown, cb: grpc.sendUnaryData<unknown>) => {
      cb(null, {});
      log(io, 'DEBUG', 'shutdown requested by Terraform');
      setImmediate(() => {
        void stop().then(() => io.exit(0));
      });
    },
  });
  server.addService(serviceDefinition('plugin.GRPCStdio'), {
    // Logs go to stderr directly; the stream stays open and empty until shutdown.
    StreamStdio: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      streams.add(call);
      call.on('cancelled', () => streams.delete(call));
    },
  });
  server.addService(serviceDefinition('plugin.GRPCBroker'), {
    // The provider opens no extra connections; keep the stream until either side ends it.
    StartStream: (call: grpc.ServerDuplexStream<unknown, unknown>) => {
      streams.add(call);
      call.on('data', () => undefined);
      call.on('end', () => {
        streams.delete(call);
        call.end();
      });
      call.on('cancelled', () => streams.delete(call));
    },
  });

  const clientCert = io.env.PLUGIN_CLIENT_CERT;
  let creds: grpc.ServerCredentials;
  let certField = '';
  if (clientCert) {
    const cert = serverCertificate(io.now ? io.now() : new Date());
    creds = grpc.ServerCredentials.createSsl(
      Buffer.from(clientCert),
      [{ private_key: Buffer.from(cert.keyPem), cert_chain: Buffer.from(cert.certPem) }],
      true,
    );
    certField = cert.der.toString('base64').replace(/=+$/, '');
  } else {
    creds = grpc.ServerCredentials.createInsecure();
  }
  const port = await bind(server, creds, io.env);
  const address = `127.0.0.1:${port}`;
  const handshake = `1|${PROTOCOL_VERSION}|tcp|${address}|grpc${certField ? `|${certField}` : ''}`;
  io.stdout(`${handshake}\n`);
  // Read the .proto files, which every call needs, while Terraform connects. The implementation is
  // loaded by the first call that needs it (not GetProviderSchema).
  warmUp = setImmediate(() => {
    try {
      protocol();
    } catch (e) {
      log(io, 'ERROR', `loading the provider failed: ${(e as Error).message}`);
    }
  });
  return { address, handshake, stop };
}
