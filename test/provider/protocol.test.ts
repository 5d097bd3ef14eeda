/** The provider's wire pieces: values, the TLS certificate, the handshake, and the method table. */
import { X509Certificate } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { Encoder } from '@msgpack/msgpack';
import { ExtData } from '@msgpack/msgpack';
import {
  HandshakeError,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  METHODS,
  checkLaunch,
  protocol,
  serve,
  serviceDefinition,
} from '../../lib/provider/server';
import { serverCertificate } from '../../lib/provider/certificate';
import { RESOURCES } from '../../lib/schema';
import { UNKNOWN, ValueError, decodeDynamic, encodeDynamic, isUnknown, resourceType, toAttrs } from '../../lib/provider/values';

const NOW = new Date('2026-06-01T00:00:00Z');

describe('values (DynamicValue)', () => {
  const type = resourceType('intune_profile_assignment');

  test('msgpack round trip fills every attribute, keeps unknowns as cty extension 0', () => {
    const enc = encodeDynamic({ profile_id: UNKNOWN, include_group_names: ['Wi-Fi Users'] }, type);
    const back = decodeDynamic(enc, type) as Record<string, unknown>;
    expect(isUnknown(back.profile_id)).toBe(true);
    expect(back.include_group_names).toEqual(['Wi-Fi Users']);
    expect(Object.keys(back).sort()).toEqual(Object.keys(RESOURCES.intune_profile_assignment.attributes).sort());
    expect(back.all_users).toBeNull();
    // cty's own encoding of an unknown: fixext1, type 0, one zero byte.
    expect(Buffer.from(enc.msgpack).includes(Buffer.from([0xd4, 0x00, 0x00]))).toBe(true);
  });

  test('refined unknowns (extension 12, Terraform 1.6+) read as unknown', () => {
    const bytes = new Encoder().encode({ profile_id: new ExtData(12, new Uint8Array([0x81, 0x01, 0xc3])) });
    expect(isUnknown((decodeDynamic({ msgpack: bytes }, type) as Record<string, unknown>).profile_id)).toBe(true);
  });

  test('JSON when there is no msgpack; null when there is neither', () => {
    const v = decodeDynamic({ json: Buffer.from(JSON.stringify({ profile_id: 'x', all_users: true })) }, type) as Record<string, unknown>;
    expect(v.profile_id).toBe('x');
    expect(v.all_users).toBe(true);
    expect(decodeDynamic({}, type)).toBeNull();
  });

  test('a value of the wrong type is a ValueError naming the attribute', () => {
    expect(() => decodeDynamic({ json: Buffer.from('{"include_group_ids": "not a list"}') }, type)).toThrow(
      new ValueError('include_group_ids: expected a list'),
    );
  });

  test('toAttrs leaves nulls out and stands unknowns in as an expression', () => {
    expect(toAttrs({ a: null, b: UNKNOWN, c: ['x'], d: [{ e: null, f: 1 }] }, '${unknown}')).toEqual({
      b: '${unknown}',
      c: ['x'],
      d: [{ f: 1 }],
    });
  });
});

describe('server certificate', () => {
  test('self-signed ECDSA CA for localhost, server and client auth, valid now', () => {
    const c = serverCertificate(NOW);
    const x = new X509Certificate(c.der);
    expect(x.ca).toBe(true);
    expect(x.checkHost('localhost')).toBe('localhost');
    expect(x.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(new Date(x.validFrom).getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(new Date(x.validTo).getTime()).toBeGreaterThan(NOW.getTime());
    expect(new X509Certificate(c.certPem).fingerprint256).toBe(x.fingerprint256);
  });

  test('a new key and serial every time', () => {
    expect(serverCertificate(NOW).der.equals(serverCertificate(NOW).der)).toBe(false);
  });
});

describe('handshake', () => {
  test('refuses to run without Terraform, and says what it is', () => {
    expect(() => checkLaunch({})).toThrow(HandshakeError);
    expect(() => checkLaunch({})).toThrow(/started by Terraform/);
    expect(() => checkLaunch({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '4,5' })).toThrow(/protocol 6/);
  });

  test('prints 1|6|tcp|127.0.0.1:port|grpc|<certificate as unpadded base64 DER> with mutual TLS', async () => {
    let out = '';
    const p = await serve({
      env: { [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5,6', PLUGIN_CLIENT_CERT: serverCertificate(NOW).certPem },
      stdout: (t) => (out += t),
      stderr: () => undefined,
      exit: () => undefined,
      now: () => NOW,
    });
    try {
      const parts = out.trimEnd().split('|');
      expect(parts.slice(0, 3)).toEqual(['1', '6', 'tcp']);
      expect(parts[3]).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(parts[4]).toBe('grpc');
      expect(parts[5]).not.toMatch(/=$/);
      expect(new X509Certificate(Buffer.from(parts[5] as string, 'base64')).checkHost('localhost')).toBe('localhost');
      expect(out.endsWith('\n')).toBe(true);
    } finally {
      await p.stop();
    }
  });
});

test('the method table matches the services and messages of our .proto files', () => {
  const root = protocol();
  for (const [service, methods] of Object.entries(METHODS)) {
    const s = root.lookupService(service);
    expect(Object.keys(s.methods).sort()).toEqual(Object.keys(methods).sort());
    for (const [name, [req, res, kind]] of Object.entries(methods)) {
      const m = s.methods[name];
      expect(m?.resolvedRequestType?.fullName).toBe(`.${req}`);
      expect(m?.resolvedResponseType?.fullName).toBe(`.${res}`);
      expect(kind === 'bidi' ? Boolean(m?.requestStream) : !m?.requestStream).toBe(true);
      expect(kind === 'unary' ? !m?.responseStream : Boolean(m?.responseStream)).toBe(true);
    }
  }
});

// Terraform starts the provider once per command only to read the schema; that start must not load
// the implementation (the Graph client, rules, zod: about 0.1 s of CPU on every command).
let mockImplementationLoaded = false;
jest.mock('../../lib/provider/rpc', () => {
  mockImplementationLoaded = true;
  return jest.requireActual('../../lib/provider/rpc');
});

jest.mock('axios', () => {
  (globalThis as { httpClientLoaded?: boolean }).httpClientLoaded = true;
  return jest.requireActual('axios');
});

test('a start that reads only the schema does not load the implementation; the next call does, and validating loads no HTTP client', async () => {
  const p = await serve({
    env: { [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6' },
    stdout: () => undefined,
    stderr: () => undefined,
    exit: () => undefined,
    now: () => NOW,
  });
  const Client = grpc.makeGenericClientConstructor(serviceDefinition('tfplugin6.Provider'), 'Provider');
  const client = new Client(p.address, grpc.credentials.createInsecure()) as unknown as Record<
    string,
    (req: object, cb: (e: grpc.ServiceError | null, r: Record<string, unknown>) => void) => void
  >;
  const call = (method: string, req: object) =>
    new Promise<Record<string, unknown>>((resolve, reject) =>
      client[method]!.call(client, req, (e: grpc.ServiceError | null, r: Record<string, unknown>) => (e ? reject(e) : resolve(r))),
    );
  try {
    const schema = await call('GetProviderSchema', {});
    expect(Object.keys(schema.resource_schemas as object).sort()).toEqual(Object.keys(RESOURCES).sort());
    expect(schema.server_capabilities).toMatchObject({ get_provider_schema_optional: true });
    expect(mockImplementationLoaded).toBe(false);
    const validated = await call('ValidateProviderConfig', {});
    expect(validated).toHaveProperty('diagnostics');
    expect(mockImplementationLoaded).toBe(true);
    // Terraform's second start validates, and only its third configures the provider (and a Graph client).
    expect((globalThis as { httpClientLoaded?: boolean }).httpClientLoaded).toBeUndefined();
  } finally {
    (client as unknown as grpc.Client).close();
    await p.stop();
  }
});
