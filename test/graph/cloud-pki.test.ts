/**
 * Cloud PKI over the Graph client, against the mock on loopback with a shared virtual clock: a new
 * CA is waited for (bounded, with progress), its certificate read and checked, and a CA is taken
 * down only in Intune's order, its devices' certificates revoked only when the caller says so.
 */
import { X509Certificate } from 'node:crypto';
import { DiagnosticError, caCertificatePem, type CloudCa } from '../../lib';
import { DEFAULT_ROUTES, GraphError, route } from '../../lib/mock-graph';
import { issuingCa as issuing, rootCa as root, withPki } from '../helpers/cloud-pki';

test('a new CA is waited for until active, with progress, and its certificate chains to its root', async () => {
  await withPki({ behaviour: { caReadsUntilActive: 3 } }, async (pki, _mock, clock) => {
    const made = await pki.create(root());
    expect(made.certificationAuthorityStatus).toBe('unknown');
    const progress: number[] = [];
    const r = await pki.waitUntilActive(made.id, { onProgress: (_ca, waited) => progress.push(waited) });
    expect(r.certificationAuthorityStatus).toBe('active');
    // Three reads still saw it being created: waits of 1 s, 2 s and 4 s of virtual time.
    expect(progress).toEqual([0, 1_000, 3_000]);
    expect(clock.slept).toBe(7_000);
    const i = await pki.waitUntilActive((await pki.create(issuing(r.id))).id);
    const rootCert = new X509Certificate(caCertificatePem(r));
    const issuingCert = new X509Certificate(caCertificatePem(i));
    expect(issuingCert.verify(rootCert.publicKey)).toBe(true);
    expect(i.scepServerUrl).toContain('{{CloudPKIFQDN}}');
  });
});

test('waiting is bounded: a CA still being created after the timeout is a clear error that loses nothing', async () => {
  await withPki({ behaviour: { caReadsUntilActive: 1_000 } }, async (pki, mock) => {
    const made = await pki.create(root());
    const e = await pki.waitUntilActive(made.id, { timeoutMs: 60_000 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DiagnosticError);
    expect((e as DiagnosticError).diagnostic).toMatchObject({ code: 'cloud-pki/not-active' });
    expect((e as Error).message).toBe(
      `The Cloud PKI CA 'Contoso Root' (${made.id}) is still being created after 60 s. Nothing is lost: run again to wait for it.`,
    );
    expect(mock.store.authorities.size).toBe(1);
  });
});

test.each([
  ['no certificate yet', { certificateDownloadUrl: null }, /Graph gave no certificate \(is it active\?\)/],
  ['an https URL', { certificateDownloadUrl: 'https://evil.example/ca.cer' }, /not a data: URL holding the certificate/],
  [
    'text that is no certificate',
    { certificateDownloadUrl: `data:application/x-x509-ca-cert;base64,${Buffer.from('hello').toString('base64')}` },
    /holds no X\.509 certificate/,
  ],
  ['another thumbprint', { thumbprint: '00'.repeat(20) }, /not the thumbprint Graph gives/],
])("a CA's certificate is refused when Graph gives %s", async (_what, change, message) => {
  await withPki({}, async (pki) => {
    const ca = await pki.waitUntilActive((await pki.create(root())).id);
    expect(() => caCertificatePem({ ...ca, ...change } as CloudCa)).toThrow(message);
  });
});

test('taking an issuing CA down: refused while devices hold its certificates, unless asked; then in Intune order, and the root after it', async () => {
  await withPki({}, async (pki, mock) => {
    const r = await pki.waitUntilActive((await pki.create(root())).id);
    const i = await pki.waitUntilActive((await pki.create(issuing(r.id))).id);
    for (const d of ['PC-1', 'PC-2'])
      await pki.client.postIdempotent(`/deviceManagement/cloudCertificationAuthority/${i.id}/cloudCertificationAuthorityLeafCertificate`, {
        deviceName: d,
      });

    const anchored = await pki.decommission(r.id, { revokeLeaves: true }).catch((x: unknown) => x);
    expect((anchored as DiagnosticError).diagnostic.code).toBe('cloud-pki/anchored');
    expect((anchored as Error).message).toContain("has issuing CAs anchored to it ('Contoso Issuing')");

    const refused = await pki.decommission(i.id, { revokeLeaves: false }).catch((x: unknown) => x);
    expect((refused as DiagnosticError).diagnostic.code).toBe('cloud-pki/active-leaves');
    expect((refused as Error).message).toContain('has 2 active leaf certificates; taking it down revokes them all');
    // Paused on the way, never revoked: every device keeps its certificate.
    expect(mock.store.authorities.get(i.id)?.entity.certificationAuthorityStatus).toBe('paused');
    expect(mock.store.leaves.get(i.id)?.map((l) => l.certificateStatus)).toEqual(['active', 'active']);

    const lines: string[] = [];
    expect(await pki.decommission(i.id, { revokeLeaves: true, onProgress: (l) => lines.push(l) })).toEqual({ revokedLeaves: 2 });
    expect(lines).toEqual([`revoked 2 leaf certificates of 'Contoso Issuing' (${i.id})`, `revoking the CA 'Contoso Issuing' (${i.id})`]);
    expect(mock.store.authorities.has(i.id)).toBe(false);
    expect(await pki.decommission(r.id, { revokeLeaves: false })).toEqual({ revokedLeaves: 0 });
    expect(await pki.list()).toEqual([]);
  });
});

test('a take-down stopped half way carries on: a CA already revoked is only deleted', async () => {
  await withPki({}, async (pki, mock, _clock, writes) => {
    const r = await pki.waitUntilActive((await pki.create(root())).id);
    const i = await pki.waitUntilActive((await pki.create(issuing(r.id))).id);
    await pki.client.postIdempotent(`/deviceManagement/cloudCertificationAuthority/${i.id}/changeCloudCertificationAuthorityStatus`, {
      certificationAuthorityStatus: 'paused',
    });
    await pki.client.postIdempotent(`/deviceManagement/cloudCertificationAuthority/${i.id}/revokeCloudCertificationAuthorityCertificate`, {
      certificationAuthorityVersion: 1,
    });
    writes.length = 0;
    expect(await pki.decommission(i.id, { revokeLeaves: false })).toEqual({ revokedLeaves: 0 });
    expect(writes).toEqual([expect.stringMatching(new RegExp(`^DELETE .*/cloudCertificationAuthority/${i.id}$`))]);
    expect(mock.store.authorities.has(i.id)).toBe(false);
  });
});

test('a status change that applied but answered 500 is done when its resend is refused as already done', async () => {
  await withPki({}, async (pki, mock) => {
    const r = await pki.waitUntilActive((await pki.create(root())).id);
    const i = await pki.waitUntilActive((await pki.create(issuing(r.id))).id);
    const real = DEFAULT_ROUTES.find((x) => x.method === 'POST' && x.pattern.endsWith('/changeCloudCertificationAuthorityStatus'));
    let calls = 0;
    mock.use(
      route('POST', real!.pattern, (req, ctx) => {
        calls++;
        const answer = real!.handler(req, ctx);
        if (calls === 1) throw new GraphError(500, 'InternalServerError', 'applied, then failed');
        return answer;
      }),
    );
    // The resend finds the CA paused already (400); the client reads it, sees it paused, and goes on.
    expect(await pki.decommission(i.id, { revokeLeaves: false })).toEqual({ revokedLeaves: 0 });
    expect(calls).toBe(2);
    expect(mock.store.authorities.has(i.id)).toBe(false);
  });
});
