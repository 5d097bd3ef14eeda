/**
 * Attacks on the provider's Cloud PKI apply and read, in process, against the mock on loopback with
 * one route overridden (a hostile or compromised Graph answer). Each states what should happen and
 * fails while it does not: a certificate that is not the CA's must never reach state, where
 * Terraform hands it to a trusted certificate profile.
 */
import { X509Certificate } from 'node:crypto';
import { CloudPkiApi, GraphClient, VirtualClock } from '../../lib';
import { DEFAULT_ROUTES, route, startMockGraph, type MockGraph, type MockRequest, type RouteContext } from '../../lib/mock-graph';
import { issueCaCertificate } from '../../lib/mock-graph/certificates';
import { IntuneProvider } from '../../lib/provider/provider';
import { shapeAs, resourceType, type TfObject } from '../../lib/provider/values';
import { NOW } from '../helpers/certificates';
import { issuingCa, rootCa } from '../helpers/cloud-pki';

const COLLECTION = '/deviceManagement/cloudCertificationAuthority';
const GET_ONE = DEFAULT_ROUTES.find((r) => r.method === 'GET' && r.pattern === `${COLLECTION}/:id`)!;

async function withProvider(fn: (p: IntuneProvider, mock: MockGraph, pki: CloudPkiApi) => Promise<void>): Promise<void> {
  const { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } = await import('../../lib/mock-graph');
  const mock = await startMockGraph({ auth: 'off', throttle: { mode: 'off' }, behaviour: { caReadsUntilActive: 0 } });
  try {
    const p = new IntuneProvider({
      env: {},
      now: () => NOW,
      loopback: { credential: { tenantId: DEFAULT_TENANT_ID, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET } },
    });
    expect(p.configure({ graph_url: mock.url })).toEqual([]);
    await fn(p, mock, new CloudPkiApi(new GraphClient({ baseUrl: `${mock.url}/beta`, clock: new VirtualClock() })));
  } finally {
    await mock.close();
  }
}

async function applied(
  p: IntuneProvider,
  type: 'intune_cloud_pki_root_ca' | 'intune_cloud_pki_issuing_ca',
  attrs: Record<string, unknown>,
) {
  const config = shapeAs(resourceType(type), attrs) as TfObject;
  const plan = await p.plan(type, null, config, config);
  expect(plan.diagnostics).toEqual([]);
  return p.apply(type, null, plan.planned);
}

const ROOT = { display_name: 'Contoso Root CA', common_name: 'Contoso Root CA', validity_years: 10 };
const der = (pem: unknown) => new X509Certificate(String(pem)).raw;

// createAuthority (no rootCertificate from the provider) checks the new issuing CA against the root the
// ANSWER names (certificationAuthorityIssuerId), not the root_ca_id the provider sent. An answer naming
// another root of the tenant (an attacker's) with a certificate that root signed passes; fill keeps the
// planned root_ca_id, so Terraform sees nothing odd and the foreign certificate becomes the CA's.
test("an issuing CA whose answer names another root is refused: its certificate is checked against root_ca_id's root", async () => {
  await withProvider(async (p, mock, pki) => {
    const root = (await applied(p, 'intune_cloud_pki_root_ca', ROOT)).state as TfObject;
    // The attacker's own chain in the tenant.
    const evilRoot = await pki.waitUntilActive((await pki.create(rootCa('Fabrikam Root'))).id);
    const evilIssuing = await pki.waitUntilActive((await pki.create(issuingCa(evilRoot.id, 'Fabrikam Issuing'))).id);
    const known = new Set([String(root.id), evilRoot.id, evilIssuing.id]);
    mock.use(
      route('GET', GET_ONE.pattern, (req: MockRequest, ctx: RouteContext) => {
        if (known.has(req.params.id as string)) return GET_ONE.handler(req, ctx);
        const answer = GET_ONE.handler({ ...req, params: { ...req.params, id: evilIssuing.id } }, ctx);
        return { ...answer, body: { ...(answer.body as object), id: req.params.id } };
      }),
    );
    const r = await applied(p, 'intune_cloud_pki_issuing_ca', {
      display_name: 'Contoso Issuing CA',
      common_name: 'Contoso Issuing CA',
      validity_years: 4,
      root_ca_id: root.id,
    });
    const state = r.state as TfObject | null;
    const cert = state?.certificate;
    // Whatever happened, the state must not hold a certificate the configured root did not issue.
    if (typeof cert === 'string')
      expect(new X509Certificate(cert).verify(new X509Certificate(String(root.certificate)).publicKey)).toBe(true);
    expect(r.diagnostics.map((d) => `${d.summary}: ${d.detail}`).join('\n')).toContain('the root it was created under');
  });
});

// read() accepts any root certificate that is self-signed, issued to the answer's commonName and
// matching the answer's thumbprint: all of which the answer itself supplies. A Cloud PKI CA's
// certificate never changes under its id, yet a read that answers another self-signed certificate
// with the same CN replaces `certificate` in state (a computed attribute: no diff on the CA), and
// Terraform plans the trusted root profile that references it to deploy the forged root to devices.
test("a root CA read whose certificate is no longer the one in state is refused, the state's kept", async () => {
  await withProvider(async (p, mock) => {
    const made = await applied(p, 'intune_cloud_pki_root_ca', ROOT);
    expect(made.diagnostics).toEqual([]);
    const root = made.state as TfObject;
    const forged = issueCaCertificate({
      subject: { commonName: 'Contoso Root CA' },
      keyBits: 2048,
      hash: 'sha256',
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2036-01-01T00:00:00Z'),
      extendedKeyUsages: ['1.3.6.1.5.5.7.3.2'],
      keysInUse: new Set(),
    });
    mock.use(
      route('GET', GET_ONE.pattern, (req: MockRequest, ctx: RouteContext) => {
        const answer = GET_ONE.handler(req, ctx);
        if (req.params.id !== root.id) return answer;
        return {
          ...answer,
          body: {
            ...(answer.body as object),
            certificateDownloadUrl: `data:application/pkix-cert;base64,${forged.der.toString('base64')}`,
            thumbprint: forged.thumbprint,
          },
        };
      }),
    );
    const read = await p.read('intune_cloud_pki_root_ca', root);
    const now = (read.state as TfObject | null)?.certificate;
    expect(der(now).equals(der(root.certificate))).toBe(true);
  });
});
