/**
 * Attacks on CloudPkiApi (session 5 review): a Graph answer that is hostile, or only not what the
 * client expects (a property left out, an enum member it does not know, a GUID in other case), must
 * not make the client revoke or delete what the caller did not ask for, nor hand back a certificate
 * that is not the CA's. Each test is the attack, against the mock on loopback with one route
 * overridden; it states what should happen and fails while it does not.
 */
import { X509Certificate } from 'node:crypto';
import { DiagnosticError, caCertificatePem, type CloudCa, type CloudPkiApi } from '../../lib';
import { DEFAULT_ROUTES, route, type MockRequest, type RouteContext } from '../../lib/mock-graph';
import { testCertificates } from '../helpers/certificates';
import { issuingCa as issuing, rootCa as root, withPki } from '../helpers/cloud-pki';

const COLLECTION = '/deviceManagement/cloudCertificationAuthority';

/** The mock's own route, answered and then changed by `edit` (the body of one entity, or of a list's items). */
function rewrite(method: string, suffix: string, edit: (e: Record<string, unknown>, req: MockRequest) => void) {
  const real = DEFAULT_ROUTES.find((r) => r.method === method && r.pattern === `${COLLECTION}${suffix}`);
  if (!real) throw new Error(`no route ${method} ${suffix}`);
  return route(method, real.pattern, (req: MockRequest, ctx: RouteContext) => {
    const answer = real.handler(req, ctx);
    // A copy: the mock's list hands out the store's own objects.
    const body = JSON.parse(JSON.stringify(answer.body ?? null)) as
      (Record<string, unknown> & { value?: Record<string, unknown>[] }) | null;
    if (Array.isArray(body?.value)) for (const e of body.value) edit(e, req);
    else if (body) edit(body, req);
    return { ...answer, body };
  });
}

async function rootWithIssuing(pki: CloudPkiApi): Promise<{ r: CloudCa; i: CloudCa }> {
  const r = await pki.waitUntilActive((await pki.create(root())).id);
  const i = await pki.waitUntilActive((await pki.create(issuing(r.id))).id);
  return { r, i };
}

// decommission treats every CA whose type is not exactly 'rootCertificationAuthority' as an issuing CA:
// it pauses and REVOKES it, skipping the anchored check. A root read without its type (left out, a
// future enum member, other case) is revoked with its issuing CAs still under it: every device's
// chain breaks. The mock then refuses the DELETE, too late.
test.each([
  ['left out', undefined],
  ['unknownFutureValue', 'unknownFutureValue'],
  ['RootCertificationAuthority', 'RootCertificationAuthority'],
])('a root whose type is read as %s is not paused or revoked while issuing CAs are anchored to it', async (_what, type) => {
  await withPki({}, async (pki, mock, _clock, writes) => {
    const { r } = await rootWithIssuing(pki);
    mock.use(
      rewrite('GET', '/:id', (e) => {
        if (e.id !== r.id) return;
        if (type === undefined) delete e.cloudCertificationAuthorityType;
        else e.cloudCertificationAuthorityType = type;
      }),
    );
    writes.length = 0;
    const e = await pki.decommission(r.id, { revokeLeaves: true }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DiagnosticError);
    expect(mock.store.authorities.get(r.id)?.entity.certificationAuthorityStatus).toBe('active');
    expect(writes).toEqual([]);
  });
});

// anchoredTo matches issuing CAs by exact, case-sensitive certificationAuthorityIssuerId. An issuing
// CA whose answer names its root otherwise (a GUID in upper case; no issuer id, only the root's
// common name, which the mock itself marks "not documented") is missed, and the root is deleted.
test.each([
  [
    'its root id in upper case',
    (e: Record<string, unknown>) => (e.certificationAuthorityIssuerId = String(e.certificationAuthorityIssuerId).toUpperCase()),
  ],
  ['no issuer id, only its root common name', (e: Record<string, unknown>) => (e.certificationAuthorityIssuerId = null)],
])('a root whose issuing CA names it with %s is not deleted', async (_what, edit) => {
  await withPki({}, async (pki, mock, _clock, writes) => {
    const { r } = await rootWithIssuing(pki);
    mock.use(rewrite('GET', '', (e) => e.cloudCertificationAuthorityType === 'issuingCertificationAuthority' && edit(e)));
    writes.length = 0;
    const e = await pki.decommission(r.id, { revokeLeaves: false }).catch((x: unknown) => x);
    expect((e as DiagnosticError).diagnostic?.code).toBe('cloud-pki/anchored');
    expect(writes).toEqual([]);
  });
});

// activeLeaves keeps only certificateStatus === 'active'. A leaf whose status is left out of the
// answer, or is 'unknown' (a published enum member), counts as no certificate, so revokeLeaves:false
// does not stop the take-down: the client goes on to revoke the CA (the mock refuses; Intune may not).
test.each([
  ['left out', undefined],
  ['unknown', 'unknown'],
  ['Active', 'Active'],
])('a leaf whose certificateStatus is %s still stops a take-down without revokeLeaves', async (_what, status) => {
  await withPki({}, async (pki, mock, _clock, writes) => {
    const { i } = await rootWithIssuing(pki);
    await pki.client.postIdempotent(`${COLLECTION}/${i.id}/cloudCertificationAuthorityLeafCertificate`, { deviceName: 'PC-1' });
    mock.use(
      rewrite('GET', '/:id/cloudCertificationAuthorityLeafCertificate', (e) => {
        if (status === undefined) delete e.certificateStatus;
        else e.certificateStatus = status;
      }),
    );
    writes.length = 0;
    const e = await pki.decommission(i.id, { revokeLeaves: false }).catch((x: unknown) => x);
    expect((e as DiagnosticError).diagnostic?.code).toBe('cloud-pki/active-leaves');
    expect(writes.filter((w) => /revoke/i.test(w))).toEqual([]);
  });
});

// get() checks the answer is a cloudCertificationAuthority, not that it is the one asked for: an
// answer with another CA's id is taken, and waitUntilActive hands back that CA (its certificate,
// its SCEP URL) for the one being created.
test("a read of one CA that answers another CA's entity is refused", async () => {
  await withPki({}, async (pki, mock) => {
    const a = await pki.waitUntilActive((await pki.create(root('Root A'))).id);
    const b = await pki.waitUntilActive((await pki.create(root('Root B'))).id);
    const real = DEFAULT_ROUTES.find((x) => x.method === 'GET' && x.pattern === `${COLLECTION}/:id`)!;
    mock.use(route('GET', real.pattern, (req, ctx) => real.handler({ ...req, params: { ...req.params, id: b.id } }, ctx)));
    await expect(pki.waitUntilActive(a.id)).rejects.toThrow();
  });
});

// caCertificatePem checks only that the certificate's SHA-1 is the thumbprint of the same answer:
// both come from Graph, so any certificate passes. A leaf (no CA flag) or another CA's certificate
// (another subject than the CA's commonName) is handed back as the CA's, to become a trusted root.
test.each(['leaf', 'root'] as const)("a %s certificate that is not this CA's is refused, its thumbprint matching or not", async (which) => {
  await withPki({}, async (pki) => {
    const ca = await pki.waitUntilActive((await pki.create(root())).id);
    const other = new X509Certificate((await testCertificates())[which]);
    const forged = {
      ...ca,
      certificateDownloadUrl: `data:application/x-x509-ca-cert;base64,${other.raw.toString('base64')}`,
      thumbprint: other.fingerprint.replace(/:/g, ''),
    };
    expect(() => caCertificatePem(forged)).toThrow(DiagnosticError);
  });
});

// The data: URL is said to hold the DER. X509Certificate also takes PEM text (with anything around
// it, and only the first of several certificates) and DER with bytes after it.
test.each([
  ['DER with bytes after it', (der: Buffer, _pem: string) => Buffer.concat([der, Buffer.from('trailing')])],
  ['PEM text', (_der: Buffer, pem: string) => Buffer.from(pem)],
  ['text around two PEM certificates', (_der: Buffer, pem: string) => Buffer.from(`note\n${pem}${pem}more`)],
])("a data: URL holding %s is refused: it holds exactly the CA's DER", async (_what, make) => {
  await withPki({}, async (pki) => {
    const ca = await pki.waitUntilActive((await pki.create(root())).id);
    const der = Buffer.from(String(ca.certificateDownloadUrl).replace(/^data:[^,]*,/, ''), 'base64');
    const bytes = make(der, new X509Certificate(der).toString());
    expect(() =>
      caCertificatePem({ ...ca, certificateDownloadUrl: `data:application/x-x509-ca-cert;base64,${bytes.toString('base64')}` }),
    ).toThrow(DiagnosticError);
  });
});
