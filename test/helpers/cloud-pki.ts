/** Cloud PKI over the Graph client against the mock on loopback, sharing a virtual clock (test/graph/cloud-pki*.test.ts). */
import { CloudPkiApi, GraphClient, VirtualClock } from '../../lib';
import { startMockGraph, type MockGraph, type MockGraphOptions } from '../../lib/mock-graph';

export const CLIENT_AUTH = { name: 'Client Authentication', objectIdentifier: '1.3.6.1.5.5.7.3.2' };

/** A mock (auth and throttling off) and a CloudPkiApi on it; `writes` lists each write the mock applied, as `METHOD path`. */
export async function withPki<T>(
  options: MockGraphOptions,
  fn: (pki: CloudPkiApi, mock: MockGraph, clock: VirtualClock, writes: string[]) => Promise<T>,
): Promise<T> {
  const clock = new VirtualClock();
  const writes: string[] = [];
  const mock = await startMockGraph({
    auth: 'off',
    clock,
    throttle: { mode: 'off' },
    onWrite: (_n, method, path) => writes.push(`${method} ${path}`),
    ...options,
  });
  try {
    return await fn(new CloudPkiApi(new GraphClient({ baseUrl: `${mock.url}/beta`, clock })), mock, clock, writes);
  } finally {
    await mock.close();
  }
}

/** A create body for a root CA named `name` (its common name too). */
export const rootCa = (name = 'Contoso Root') => ({
  displayName: name,
  cloudCertificationAuthorityType: 'rootCertificationAuthority',
  commonName: name,
  validityPeriodInYears: 10,
  certificateKeySize: 'rsa2048',
  cloudCertificationAuthorityHashingAlgorithm: 'sha256',
  extendedKeyUsages: [CLIENT_AUTH],
});

/** A create body for an issuing CA anchored to `rootId`. */
export const issuingCa = (rootId: string, name = 'Contoso Issuing') => ({
  displayName: name,
  cloudCertificationAuthorityType: 'issuingCertificationAuthority',
  certificationAuthorityIssuerId: rootId,
  commonName: name,
  validityPeriodInYears: 4,
  extendedKeyUsages: [CLIENT_AUTH],
});
