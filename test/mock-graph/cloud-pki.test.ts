/**
 * Cloud PKI in the embedded tenant: certification authorities with real certificates, created,
 * read, changed, paused, revoked and deleted as Intune documents (lib/graph-facts/cloud-pki.ts), and
 * every property the mock serves is one Microsoft's published type has.
 */
import { X509Certificate, createPublicKey } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLOUD_PKI_FQDN_PLACEHOLDER, ENTITY_TYPE_FACTS } from '../../lib/graph-facts';
import { startMockGraph } from '../../lib/mock-graph';
import { ManualClock, TestClient, useMock } from '../helpers/mock';

const clock = new ManualClock();
const { mock, client } = useMock({ clock });
const CA = '/beta/deviceManagement/cloudCertificationAuthority';
const CLIENT_AUTH = { name: 'Client Authentication', objectIdentifier: '1.3.6.1.5.5.7.3.2' };
const SERVER_AUTH = { name: 'Server Authentication', objectIdentifier: '1.3.6.1.5.5.7.3.1' };

const rootBody = (over: Record<string, unknown> = {}) => ({
  '@odata.type': '#microsoft.graph.cloudCertificationAuthority',
  displayName: 'Contoso Root',
  cloudCertificationAuthorityType: 'rootCertificationAuthority',
  commonName: `Contoso Root ${Math.random().toString(36).slice(2, 8)}`,
  organizationName: 'Contoso',
  countryName: 'US',
  validityPeriodInYears: 10,
  certificateKeySize: 'rsa2048',
  cloudCertificationAuthorityHashingAlgorithm: 'sha256',
  extendedKeyUsages: [CLIENT_AUTH, SERVER_AUTH],
  ...over,
});
const issuingBody = (rootId: string, over: Record<string, unknown> = {}) => ({
  displayName: 'Contoso Issuing',
  cloudCertificationAuthorityType: 'issuingCertificationAuthority',
  certificationAuthorityIssuerId: rootId,
  commonName: `Contoso Issuing ${Math.random().toString(36).slice(2, 8)}`,
  organizationName: 'Contoso',
  validityPeriodInYears: 4,
  extendedKeyUsages: [CLIENT_AUTH],
  ...over,
});

/** Creates a CA and reads it until it is active; returns it as served. */
async function activeCa(c: TestClient, body: Record<string, unknown>): Promise<Record<string, any>> {
  const made = await c.post(CA, body);
  expect({ status: made.status, body: made.body }).toMatchObject({ status: 201 });
  for (let i = 0; i < 5; i++) {
    const r = await c.get(`${CA}/${made.body.id}`);
    if (r.body.certificationAuthorityStatus === 'active') return r.body;
  }
  throw new Error('the CA never became active');
}

function certificateOf(ca: Record<string, any>): X509Certificate {
  const url = ca.certificateDownloadUrl as string;
  expect(url).toMatch(/^data:application\/x-x509-ca-cert;base64,/);
  return new X509Certificate(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
}

afterEach(async () => {
  // Each test starts with no CA: issuing CAs go first, as Intune requires.
  const store = mock().store;
  const ids = [...store.authorities.values()].sort((a) =>
    a.entity.cloudCertificationAuthorityType === 'rootCertificationAuthority' ? 1 : -1,
  );
  for (const a of ids) store.deleteAuthority(a.entity.id);
});

test('a root, then an issuing CA under it: real certificates, and the issuing CA verifies against the root', async () => {
  const c = client();
  const made = await c.post(CA, rootBody());
  expect(made.status).toBe(201);
  // Created, not yet ready: no certificate until a later read finds it active.
  expect(made.body).toMatchObject({ certificationAuthorityStatus: 'unknown', certificateDownloadUrl: null, thumbprint: null });
  expect((await c.get(`${CA}/${made.body.id}`)).body.certificationAuthorityStatus).toBe('unknown');
  const root = (await c.get(`${CA}/${made.body.id}`)).body;
  expect(root).toMatchObject({
    certificationAuthorityStatus: 'active',
    scepServerUrl: null,
    keyPlatform: 'hardwareSecurityModule',
    versionNumber: 1,
  });
  const issuing = await activeCa(c, issuingBody(root.id));

  const rootCert = certificateOf(root);
  const issuingCert = certificateOf(issuing);
  expect(rootCert.ca).toBe(true);
  expect(rootCert.verify(rootCert.publicKey)).toBe(true);
  expect(issuingCert.verify(rootCert.publicKey)).toBe(true);
  expect(issuingCert.checkIssued(rootCert)).toBe(true);
  expect(issuingCert.verify(issuingCert.publicKey)).toBe(false);
  expect(rootCert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  expect(issuingCert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
  expect(rootCert.subject).toBe(`C=US\nO=Contoso\nCN=${root.commonName}`);
  expect(issuing.subjectName).toBe(`O=Contoso,CN=${issuing.commonName}`);
  expect(issuing.thumbprint).toBe(issuingCert.fingerprint.replace(/:/g, ''));
  expect(BigInt(`0x${issuing.serialNumber}`)).toBe(BigInt(`0x${issuingCert.serialNumber}`));
  expect(Date.parse(issuing.validityEndDateTime)).toBe(Date.parse(issuingCert.validTo));
  expect(issuing).toMatchObject({
    certificationAuthorityIssuerId: root.id,
    issuerCommonName: root.commonName,
    rootCertificateCommonName: root.commonName,
    certificateKeySize: 'rsa2048',
    cloudCertificationAuthorityHashingAlgorithm: 'sha256',
  });
  expect(issuing.scepServerUrl).toMatch(
    new RegExp(`^https://${CLOUD_PKI_FQDN_PLACEHOLDER.replace(/[{}]/g, '\\$&')}/TrafficGateway/.*/Scep/[0-9a-f-]+/${issuing.id}$`),
  );
  // The private key never leaves the mock.
  expect(JSON.stringify((await c.get(CA)).body)).not.toMatch(/PRIVATE|privateKey/);
});

test('the CAs draw the keys the unit setup preloaded (test/fixtures/mock-ca-keys.pem), never one key for two live CAs', async () => {
  const fixture = readFileSync(join(__dirname, '..', 'fixtures', 'mock-ca-keys.pem'), 'utf8');
  const preloaded = [...fixture.matchAll(/-----BEGIN PRIVATE KEY-----[^-]+-----END PRIVATE KEY-----/g)].map(([pem]) =>
    createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64'),
  );
  const c = client();
  const root = await activeCa(c, rootBody());
  const issuing = await activeCa(c, issuingBody(root.id));
  const used = [root, issuing].map((ca) => certificateOf(ca).publicKey.export({ type: 'spki', format: 'der' }).toString('base64'));
  expect(used.every((k) => preloaded.includes(k))).toBe(true);
  expect(new Set(used).size).toBe(2);
});

test('every property served is one the published cloudCertificationAuthority type has', async () => {
  const c = client();
  const root = await activeCa(c, rootBody());
  const issuing = await activeCa(c, issuingBody(root.id));
  const known = new Set([
    '@odata.type',
    '@odata.context',
    'id',
    ...Object.keys(ENTITY_TYPE_FACTS.cloudCertificationAuthority?.properties ?? {}),
  ]);
  for (const ca of [root, issuing, ...(await c.get(CA)).body.value]) expect(Object.keys(ca).filter((k) => !known.has(k))).toEqual([]);
  const leaf = (await c.post(`${CA}/${issuing.id}/cloudCertificationAuthorityLeafCertificate`, { deviceName: 'PC-1' })).body;
  const leafKnown = new Set([
    '@odata.type',
    'id',
    ...Object.keys(ENTITY_TYPE_FACTS.cloudCertificationAuthorityLeafCertificate?.properties ?? {}),
  ]);
  expect(Object.keys(leaf).filter((k) => !leafKnown.has(k))).toEqual([]);
});

test.each([
  ['an ECC key size', { certificateKeySize: 'eCP256' }, /certificateKeySize' must be one of rsa2048, rsa3072, rsa4096/],
  ['SHA-1', { cloudCertificationAuthorityHashingAlgorithm: 'sha1' }, /must be one of sha256, sha384, sha512/],
  ['26 years', { validityPeriodInYears: 26 }, /from 1 to 25/],
  ['half a year', { validityPeriodInYears: 0.5 }, /whole number of years/],
  [
    'Any Purpose',
    { extendedKeyUsages: [{ name: 'Any', objectIdentifier: '2.5.29.37.0' }] },
    /Any Purpose \(2\.5\.29\.37\.0\) is not allowed/,
  ],
  ['an OID that is not one', { extendedKeyUsages: [{ name: 'x', objectIdentifier: 'client auth' }] }, /dotted form/],
  ['a three-letter country', { countryName: 'USA' }, /two-letter/],
  ['no common name', { commonName: '' }, /'commonName'/],
  ['a read-only property', { scepServerUrl: 'https://evil.example/scep' }, /'scepServerUrl' is read-only/],
  ['a property the type lacks', { ntAuth: true }, /'ntAuth' does not exist/],
  ['an issuer on a root', { certificationAuthorityIssuerId: 'x' }, /A root CA has no issuer/],
  ['bring your own CA', { cloudCertificationAuthorityType: 'issuingCertificationAuthorityWithExternalRoot' }, /external root/],
])('a root with %s is refused, and nothing is created', async (_what, over, message) => {
  const r = await client().post(CA, rootBody(over));
  expect(r.status).toBe(400);
  expect(r.body.error.message).toMatch(message);
  expect(mock().store.authorities.size).toBe(0);
});

test('an issuing CA: anchored only to an active root, within its lifetime and its extended key usages, with its key and hash', async () => {
  const c = client();
  const made = await c.post(CA, rootBody({ validityPeriodInYears: 5 }));
  const refuse = async (body: Record<string, unknown>, message: RegExp) => {
    const r = await c.post(CA, body);
    expect({ status: r.status, message: r.body.error?.message }).toEqual({ status: 400, message: expect.stringMatching(message) });
  };
  await refuse(issuingBody(made.body.id), /is still being created; an issuing CA can be anchored only to an active root/);
  const root = await activeCa(c, rootBody({ validityPeriodInYears: 5 }));
  await refuse(issuingBody(root.id, { validityPeriodInYears: 6 }), /cannot outlive its root/);
  await refuse(issuingBody(root.id, { validityPeriodInYears: 11 }), /from 1 to 10/);
  await refuse(
    issuingBody(root.id, { extendedKeyUsages: [{ name: 'Code signing', objectIdentifier: '1.3.6.1.5.5.7.3.3' }] }),
    /has no 1\.3\.6\.1\.5\.5\.7\.3\.3/,
  );
  await refuse(issuingBody(root.id, { certificateKeySize: 'rsa4096' }), /takes its root's certificateKeySize \(rsa2048\)/);
  await refuse(issuingBody('00000000-0000-0000-0000-000000000000'), /is not a root certification authority/);
  await refuse(issuingBody(root.id, { commonName: root.commonName }), /common name must be unique/);
  const issuing = await activeCa(c, issuingBody(root.id));
  await refuse(issuingBody(issuing.id), /is not a root certification authority/);
});

test('a tenant holds at most six CAs', async () => {
  const c = client();
  const root = await activeCa(c, rootBody());
  for (let i = 0; i < 5; i++) expect((await c.post(CA, issuingBody(root.id))).status).toBe(201);
  const seventh = await c.post(CA, rootBody());
  expect(seventh.status).toBe(400);
  expect(seventh.body.error.message).toMatch(/has 6 certification authorities, the most Cloud PKI allows/);
});

test('PATCH changes the name, description and scope tags only, and answers 200 with the CA', async () => {
  const c = client();
  const root = await activeCa(c, rootBody());
  const r = await c.req('PATCH', `${CA}/${root.id}`, { displayName: 'Renamed', description: 'for Wi-Fi', roleScopeTagIds: ['0', '1'] });
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({
    displayName: 'Renamed',
    description: 'for Wi-Fi',
    roleScopeTagIds: ['0', '1'],
    thumbprint: root.thumbprint,
  });
  for (const body of [{ commonName: 'Other' }, { validityPeriodInYears: 20 }, { extendedKeyUsages: [] }]) {
    const refused = await c.req('PATCH', `${CA}/${root.id}`, body);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/cannot change after it is created .*create a new CA/);
  }
  expect((await c.get(`${CA}/${root.id}`)).body).toMatchObject({ displayName: 'Renamed', commonName: root.commonName });
});

test('deleting follows Intune: pause, revoke the leaves, revoke the issuing CA, delete it, then the root', async () => {
  const c = client();
  const root = await activeCa(c, rootBody());
  const issuing = await activeCa(c, issuingBody(root.id));
  const leaves = await Promise.all(
    ['PC-1', 'PC-2', 'PC-3'].map(
      async (d) => (await c.post(`${CA}/${issuing.id}/cloudCertificationAuthorityLeafCertificate`, { deviceName: d })).body,
    ),
  );
  expect((await c.post(`${CA}/${issuing.id}/getAllCloudCertificationAuthorityLeafCertificates`, {})).body.value).toHaveLength(3);
  const status = (id: string, to: string) =>
    c.post(`${CA}/${id}/changeCloudCertificationAuthorityStatus`, { certificationAuthorityStatus: to, certificationAuthorityVersion: 1 });
  const revoke = (id: string) => c.post(`${CA}/${id}/revokeCloudCertificationAuthorityCertificate`, { certificationAuthorityVersion: 1 });
  const del = (id: string) => c.req('DELETE', `${CA}/${id}`);
  const refused = async (p: Promise<{ status: number; body: any }>, message: RegExp) => {
    const r = await p;
    expect({ status: r.status, message: r.body?.error?.message }).toEqual({ status: 400, message: expect.stringMatching(message) });
  };

  await refused(del(root.id), /has issuing CAs anchored to it \('Contoso Issuing'\); delete them first/);
  expect((await status(root.id, 'paused')).status).toBe(200);
  await refused(revoke(root.id), /has issuing CAs anchored to it; revoking it would break their chains/);
  expect((await status(root.id, 'active')).status).toBe(200);
  await refused(del(issuing.id), /is active: pause it, revoke its active leaf certificates, then revoke it/);
  await refused(revoke(issuing.id), /Pause the certification authority/);
  await refused(status(issuing.id, 'revoked'), /revoke it with revokeCloudCertificationAuthorityCertificate once paused/);
  expect((await status(issuing.id, 'paused')).body.certificationAuthorityStatus).toBe('paused');
  await refused(
    c.post(`${CA}/${issuing.id}/cloudCertificationAuthorityLeafCertificate`, { deviceName: 'PC-4' }),
    /is paused and issues no certificates/,
  );
  await refused(revoke(issuing.id), /has 3 active leaf certificates; revoke them/);
  for (const l of leaves)
    expect((await c.post(`${CA}/${issuing.id}/revokeLeafCertificate`, { leafCertificateId: l.id })).body.certificateStatus).toBe('revoked');
  expect((await revoke(issuing.id)).body.certificationAuthorityStatus).toBe('revoked');
  await refused(status(issuing.id, 'active'), /A revoked certification authority cannot become 'active'/);
  expect((await del(issuing.id)).status).toBe(204);
  expect((await del(root.id)).status).toBe(204);
  expect((await c.get(CA)).body.value).toEqual([]);
  expect((await c.get(`${CA}/${root.id}`)).status).toBe(404);
});

test('a paused CA resumes; a CA being created cannot be changed yet', async () => {
  const c = client();
  const made = await c.post(CA, rootBody());
  const early = await c.req('PATCH', `${CA}/${made.body.id}`, { displayName: 'x' });
  expect(early.status).toBe(400);
  expect(early.body.error.message).toMatch(/still being created; change it once its status is active/);
  expect((await c.get(`${CA}/${made.body.id}`)).body.certificationAuthorityStatus).toBe('unknown');
  const root = (await c.get(`${CA}/${made.body.id}`)).body;
  expect(root.certificationAuthorityStatus).toBe('active');
  const to = (s: string) => c.post(`${CA}/${root.id}/changeCloudCertificationAuthorityStatus`, { certificationAuthorityStatus: s });
  expect((await to('paused')).body.certificationAuthorityStatus).toBe('paused');
  expect((await to('active')).body.certificationAuthorityStatus).toBe('active');
  expect(
    (
      await c.post(`${CA}/${root.id}/changeCloudCertificationAuthorityStatus`, {
        certificationAuthorityStatus: 'paused',
        certificationAuthorityVersion: 2,
      })
    ).status,
  ).toBe(400);
});

test('a list honours $filter (a client finds the CA a failed create made), and refuses what it cannot filter by', async () => {
  const c = client();
  const root = await activeCa(c, rootBody());
  await activeCa(c, issuingBody(root.id));
  const byName = await c.get(
    `${CA}?$filter=${encodeURIComponent(`isof('microsoft.graph.cloudCertificationAuthority') and commonName eq '${root.commonName}'`)}`,
  );
  expect(byName.body.value.map((ca: { id: string }) => ca.id)).toEqual([root.id]);
  const issuing = await c.get(`${CA}?$filter=${encodeURIComponent("cloudCertificationAuthorityType eq 'issuingCertificationAuthority'")}`);
  expect(issuing.body.value).toHaveLength(1);
  expect((await c.get(`${CA}?$filter=${encodeURIComponent("thumbprint eq 'x'")}`)).status).toBe(400);
});

test('CAs are on beta only, like the rest of Intune the mock serves', async () => {
  const r = await client().get('/v1.0/deviceManagement/cloudCertificationAuthority');
  expect(r.status).toBe(400);
});

test('a persisted tenant keeps its CAs and their keys: an issuing CA made after a restart still chains to the root', async () => {
  const dataFile = join(mkdtempSync(join(tmpdir(), 'intune-scep-cloudpki-')), 'tenant.json');
  const first = await startMockGraph({ dataFile, throttle: { mode: 'off' }, clock });
  const root = await activeCa(new TestClient(first), rootBody());
  // The CA's private key is in the journal: the file is this user's only.
  expect(statSync(`${dataFile}.journal`).mode & 0o777).toBe(0o600);
  await first.close();
  expect(statSync(dataFile).mode & 0o777).toBe(0o600);
  chmodSync(dataFile, 0o644);
  const second = await startMockGraph({ dataFile, throttle: { mode: 'off' }, clock });
  expect(statSync(dataFile).mode & 0o777).toBe(0o600);
  try {
    const c = new TestClient(second);
    expect((await c.get(`${CA}/${root.id}`)).body).toMatchObject({ certificationAuthorityStatus: 'active', thumbprint: root.thumbprint });
    const issuing = await activeCa(c, issuingBody(root.id));
    expect(certificateOf(issuing).verify(certificateOf(root).publicKey)).toBe(true);
  } finally {
    await second.close();
  }
});

test('what a newcomer sends wrong gets a message that names the property and the values', async () => {
  const c = client();
  const refused = async (p: Promise<{ status: number; body: any }>, message: string) => {
    const r = await p;
    expect({ status: r.status, message: r.body?.error?.message }).toEqual({ status: 400, message });
  };
  await refused(
    c.post(CA, { displayName: 'x', commonName: 'x' }),
    "A value is required for property 'cloudCertificationAuthorityType': rootCertificationAuthority or issuingCertificationAuthority.",
  );
  await refused(
    c.post(CA, rootBody({ certificateKeySize: undefined })),
    "A value is required for property 'certificateKeySize' of a root CA: rsa2048, rsa3072, rsa4096.",
  );
  const root = await activeCa(c, rootBody());
  const issuing = await activeCa(c, issuingBody(root.id));
  await refused(
    c.post(`${CA}/${issuing.id}/changeCloudCertificationAuthorityStatus`, {}),
    "A value is required for parameter 'certificationAuthorityStatus': paused for this CA.",
  );
  await refused(
    c.post(`${CA}/${issuing.id}/changeCloudCertificationAuthorityStatus`, { certificationAuthorityStatus: 'pause' }),
    "An active certification authority cannot become 'pause' (only paused).",
  );
  await refused(
    c.post(`${CA}/${issuing.id}/revokeLeafCertificate`, {}),
    "A value is required for parameter 'leafCertificateId': the id of a leaf certificate of this CA.",
  );
  await c.post(`${CA}/${issuing.id}/cloudCertificationAuthorityLeafCertificate`, { deviceName: 'PC-1' });
  await c.post(`${CA}/${issuing.id}/changeCloudCertificationAuthorityStatus`, { certificationAuthorityStatus: 'paused' });
  await refused(
    c.req('DELETE', `${CA}/${issuing.id}`),
    `The issuing CA '${issuing.id}' is paused: revoke its active leaf certificates, then revoke it before deleting it.`,
  );
  await refused(
    c.post(`${CA}/${issuing.id}/revokeCloudCertificationAuthorityCertificate`, {}),
    `The certification authority '${issuing.id}' has 1 active leaf certificate; revoke it before revoking the CA.`,
  );
});

test('a GET body sent back whole in a PATCH changes only what differs; a 10-year root ends ten calendar years on', async () => {
  const c = client();
  const root = await activeCa(c, rootBody());
  const { '@odata.context': _context, ...whole } = root;
  const r = await c.req('PATCH', `${CA}/${root.id}`, { ...whole, displayName: 'Renamed' });
  expect(r.status).toBe(200);
  expect(r.body.displayName).toBe('Renamed');
  expect(root.validityEndDateTime.slice(0, 10)).toBe(
    `${Number(root.validityStartDateTime.slice(0, 4)) + 10}${root.validityStartDateTime.slice(4, 10)}`,
  );
  const leaf = (await c.post(`${CA}/${(await activeCa(c, issuingBody(root.id))).id}/cloudCertificationAuthorityLeafCertificate`, {})).body;
  expect(leaf.certificationAuthorityIssuerUri).toContain(`/${leaf.issuerId}_v1/cert.cer`);
});
