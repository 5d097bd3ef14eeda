/**
 * Attacks on the mock's Cloud PKI (session 5 review): what a request can make the embedded tenant
 * do. Each test is the attack; it states what the mock should do and fails while it does not.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockGraph } from '../../lib/mock-graph';
import { ManualClock, TestClient, useMock } from '../helpers/mock';

const clock = new ManualClock();
const { mock, client } = useMock({ clock });
const CA = '/beta/deviceManagement/cloudCertificationAuthority';
const CLIENT_AUTH = { name: 'Client Authentication', objectIdentifier: '1.3.6.1.5.5.7.3.2' };
let n = 0;

const rootBody = (over: Record<string, unknown> = {}) => ({
  '@odata.type': '#microsoft.graph.cloudCertificationAuthority',
  displayName: 'Contoso Root',
  cloudCertificationAuthorityType: 'rootCertificationAuthority',
  commonName: `Contoso Root ${++n}`,
  validityPeriodInYears: 10,
  certificateKeySize: 'rsa2048',
  cloudCertificationAuthorityHashingAlgorithm: 'sha256',
  extendedKeyUsages: [CLIENT_AUTH],
  ...over,
});

async function activeCa(c: TestClient, body: Record<string, unknown>): Promise<Record<string, any>> {
  const made = await c.post(CA, body);
  expect({ status: made.status, body: made.body }).toMatchObject({ status: 201 });
  await c.get(`${CA}/${made.body.id}`);
  return (await c.get(`${CA}/${made.body.id}`)).body;
}

const certOf = (ca: Record<string, any>) =>
  new X509Certificate(Buffer.from(String(ca.certificateDownloadUrl).replace(/^data:[^,]*,/, ''), 'base64'));

afterEach(() => {
  const store = mock().store;
  const all = [...store.authorities.values()].sort((a) =>
    a.entity.cloudCertificationAuthorityType === 'rootCertificationAuthority' ? 1 : -1,
  );
  for (const a of all) store.deleteAuthority(a.entity.id);
});

// `keySize in CLOUD_PKI_KEY_SIZES` is true for Object.prototype's names: the "size" is a function,
// generateKeyPairSync throws, and the mock answers 500 "Mock failure".
test.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])(
  'a root with certificateKeySize %p is a 400, not a mock failure',
  async (size) => {
    const r = await client().post(CA, rootBody({ certificateKeySize: size }));
    expect({ status: r.status, message: r.body.error?.message }).toEqual({
      status: 400,
      message: expect.stringMatching(/'certificateKeySize' must be one of rsa2048, rsa3072, rsa4096/),
    });
    expect(mock().store.authorities.size).toBe(0);
  },
);

// A lone surrogate is valid JSON; the DER encoder's encodeURIComponent throws "URI malformed" (500).
test.each([
  ['commonName', { commonName: 'Contoso \ud800 Root' }],
  ['organizationName', { organizationName: 'Contoso \udfff' }],
])('a %s with a lone surrogate is a 400, not a mock failure', async (_what, over) => {
  const r = await client().post(CA, rootBody(over));
  expect(r.status).toBe(400);
  expect(r.body.error.message).not.toMatch(/Mock failure/);
});

// countryName is encoded as a PrintableString: '@', '!' and control characters are not in its
// alphabet, so the certificate the mock serves is not DER a strict parser takes.
test.each([
  ['"@!"', '@!'],
  ['a NUL', '\u0000'],
  ['"é"', 'é'],
])('a countryName %s outside PrintableString is refused', async (_what, country) => {
  const r = await client().post(CA, rootBody({ countryName: country }));
  expect(r.status).toBe(400);
});

// X.660: under arcs 0 and 1 the second arc is below 40. '1.99.3' is encoded as 40*1+99 = 139, which
// reads back as 2.59.3: the entity says one EKU, its certificate another.
test('an EKU OID whose second arc is 40 or more under arc 1 is refused, or the certificate says what the entity says', async () => {
  const r = await client().post(CA, rootBody({ extendedKeyUsages: [{ name: 'x', objectIdentifier: '1.99.3' }] }));
  if (r.status === 400) return;
  await client().get(`${CA}/${r.body.id}`);
  const ca = (await client().get(`${CA}/${r.body.id}`)).body;
  expect(certOf(ca).keyUsage).toEqual(ca.extendedKeyUsages.map((u: { objectIdentifier: string }) => u.objectIdentifier));
});

// Each leaf POST journals the CA's whole leaf list again ({op:'leaves', leaves:[...all]}): n leaves
// write O(n²) bytes. 2000 leaves wrote a 2 GB journal in 21 s here; past V8's ~512 MiB string limit,
// load() (readFileSync utf8) cannot read it back and the tenant no longer opens. The journal should
// grow by about one leaf per leaf.
test('the journal grows linearly with the leaf certificates of a CA, not quadratically', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-cloudpki-attack-'));
  const dataFile = join(dir, 'tenant.json');
  const m = await startMockGraph({ dataFile, auth: 'off', throttle: { mode: 'off' }, clock });
  try {
    const c = new TestClient(m);
    const root = await activeCa(c, rootBody());
    const issuing = await activeCa(c, {
      displayName: 'Issuing',
      cloudCertificationAuthorityType: 'issuingCertificationAuthority',
      certificationAuthorityIssuerId: root.id,
      commonName: `Issuing ${++n}`,
      validityPeriodInYears: 4,
      extendedKeyUsages: [CLIENT_AUTH],
    });
    const journal = `${dataFile}.journal`;
    const leaf = () => c.post(`${CA}/${issuing.id}/cloudCertificationAuthorityLeafCertificate`, { deviceName: 'PC' });
    await leaf();
    const before = statSync(journal).size;
    await leaf();
    const one = statSync(journal).size - before;
    for (let i = 0; i < 200; i++) expect((await leaf()).status).toBe(201);
    const grew = statSync(journal).size - before - one;
    // Linear: about 200 leaves' worth (one is the 2nd leaf's entry, holding two leaves). Quadratic: ~100x that.
    expect(grew).toBeLessThan(one * 200 * 2);
  } finally {
    await m.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

// The tenant file now holds CA private keys (PKCS#8), written with the process umask (0644 here):
// every local user can read them. STYLE "Trust": secrets are kept from what others can read.
test('a persisted tenant holding CA private keys is readable by its owner only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-cloudpki-attack-'));
  const dataFile = join(dir, 'tenant.json');
  const m = await startMockGraph({ dataFile, auth: 'off', throttle: { mode: 'off' }, clock });
  try {
    await activeCa(new TestClient(m), rootBody());
  } finally {
    await m.close();
  }
  try {
    expect((statSync(dataFile).mode & 0o077).toString(8)).toBe('0');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// subjectName is the name parts joined with ',' unescaped: a commonName that holds ",O=..." reads as
// an extra RDN (RFC 4514 escapes ',' '+' '=' ...). The certificate itself has one CN.
test('a commonName holding ",O=Microsoft Corporation" does not read as an organization in subjectName', async () => {
  const ca = await activeCa(client(), rootBody({ commonName: 'Contoso,O=Microsoft Corporation' }));
  // The certificate has one CN, its comma escaped (node prints RFC 4514); subjectName should say the same.
  expect(certOf(ca).subject).toBe('CN=Contoso\\,O=Microsoft Corporation');
  expect(ca.subjectName).toBe('CN=Contoso\\,O=Microsoft Corporation');
});
