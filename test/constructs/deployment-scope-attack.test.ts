/**
 * Attack on the l2-deployment mark (constructs/validation.ts isDeploymentPart): a construct the
 * user makes with a CertificateDeployment as its scope is taken for one the deployment made.
 */
import { TerraformStack } from 'cdktf';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Certificate, CertificateDeployment, Group, WindowsScepProfile, WindowsTrustedRootCertificate, l1 } from '../../lib/constructs';
import { annotationsOf, testApp } from '../helpers/cdk';
import { testCertificates } from '../helpers/certificates';

const NDES = ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'];
const user = { certificateType: 'user' as const, subjectName: 'CN={{UserPrincipalName}}', scepServerUrls: NDES };

async function deployment(): Promise<{ s: TerraformStack; d: CertificateDeployment }> {
  const certs = await testCertificates();
  const s = new TerraformStack(testApp(), 'certificates');
  new l1.provider.IntuneProvider(s, 'intune', {});
  const d = new CertificateDeployment(s, 'wifi', {
    rootCertificate: Certificate.fromPem(certs.root),
    rootDisplayName: 'Contoso Root',
    profiles: { windows: { ...user, displayName: 'Windows' } },
    assignTo: [Group.byName('Wi-Fi Users')],
  });
  return { s, d };
}

test("GIVEN the user's own trusted root, with a missing file, made in a CertificateDeployment's scope WHEN the app synthesizes THEN its problem is reported", async () => {
  const { s, d } = await deployment();
  const missing = join(mkdtempSync(join(tmpdir(), 'intune-scep-scope-')), 'other.cer');
  new WindowsTrustedRootCertificate(d, 'ExtraRoot', { displayName: 'Other root', certificate: Certificate.fromFile(missing) });
  const errors = annotationsOf(s).filter((a) => a.level === 'error');
  // Today: none. The root thinks the deployment reports it; the deployment's own rootCertificate is fine,
  // and validateWithRules drops the rules' findings on `certificate`: certificate "" synthesizes silently.
  expect(errors.map((a) => a.message.split('\n')[0])).toContain(
    'A certificate file the trusted root cannot use [construct/certificate-file]',
  );
});

test("GIVEN the user's own SCEP profile made in a CertificateDeployment's scope WHEN it has a finding THEN it is not named as the deployment's profiles.windows", async () => {
  const { s, d } = await deployment();
  const root = d.roots[0] as WindowsTrustedRootCertificate;
  new WindowsScepProfile(d, 'Extra', { ...user, displayName: 'Extra', subjectName: 'CN={{UserPrincipleName}}', rootCertificate: root });
  const extra = annotationsOf(s).filter((a) => a.path === 'certificates/wifi/Extra');
  expect(extra.length).toBeGreaterThan(0);
  // Today: "  on CertificateDeployment wifi, profiles.windows.subjectName", where the deployment's own
  // Windows profile is fine: the reader edits the wrong construct.
  for (const a of extra) expect(a.message.split('\n')[1]).not.toContain('CertificateDeployment wifi, profiles.windows');
});
