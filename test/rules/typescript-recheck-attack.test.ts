/**
 * Second attack on the constructs' words, after the fixes of 0e1c4aa..021de78: values the
 * translation still rewrites (a root certificate's subject, shown unquoted), construct names the
 * duplicate-path check does not see (two paths, one construct name), and forged l2-deployment
 * marks that name a CertificateDeployment which cannot exist.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { readConfig } from '../../lib/engine/config';
import { renderDiagnosticHuman } from '../../lib/cli/views/diagnostics';
import { runRules } from '../../lib/rules';
import { testCertificates, NOW, type TestCertificates } from '../helpers/certificates';
import { ref, synth, type Attrs } from '../helpers/stacks';

let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
});

type KeyPair = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];
const mark = (path: string, m = 'l2') => ({ metadata: { path }, 'intune-scep': m });

/** A self-signed CA named `subject`, ending 30 days after NOW (root/expires-soon warns). */
async function caNamed(subject: string): Promise<string> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as unknown as KeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0a',
    name: subject,
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date(NOW.getTime() + 30 * 86_400_000),
    keys,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return cert.toString('pem');
}

function stack(over: { roots?: Record<string, Attrs>; profiles?: Record<string, Attrs>; assignments?: Record<string, Attrs> }): unknown {
  return synth({
    roots: over.roots ?? {
      root: { display_name: 'Root', platform: 'windows', certificate: certs.root, '//': mark('s/windowsRoot/Resource') },
    },
    profiles: over.profiles ?? {},
    assignments: over.assignments ?? {},
  });
}

function human(doc: unknown): { code: string; address: string; text: string }[] {
  const config = readConfig(doc);
  return [...config.diagnostics, ...runRules(config.resources, { now: NOW })].map((d) => ({
    code: d.code,
    address: d.address,
    text: renderDiagnosticHuman(d, { file: 'cdk.tf.json', resources: config.resources }),
  }));
}

const profile = (path: string, m = 'l2', over: Attrs = {}): Attrs => ({
  display_name: 'Wi-Fi',
  platform: 'windows',
  root_certificate_id: ref('intune_trusted_root_certificate.root'),
  certificate_type: 'user',
  subject_name_format: 'CN={{UserPrincipleName}}',
  subject_alternative_names: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }],
  scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
  '//': mark(path, m),
  ...over,
});

test("GIVEN a root certificate whose subject holds attribute names and an address WHEN root/expires-soon is rendered in the constructs' words THEN the subject is shown as written", async () => {
  const subject = 'CN=display_name intune_scep_certificate_profile.wifi, O=Contoso';
  const doc = stack({
    roots: {
      root: { display_name: 'Root', platform: 'windows', certificate: await caNamed(subject), '//': mark('s/windowsRoot/Resource') },
    },
    profiles: { wifi: profile('s/wifi/Resource', 'l2', { subject_name_format: 'CN={{UserPrincipalName}}' }) },
  });
  const found = human(doc).find((d) => d.code === 'root/expires-soon');
  expect(found?.text).toContain('  on WindowsTrustedRootCertificate windowsRoot, certificate');
  // Was: "CN=displayName wifi, O=Contoso expires on ...": the certificate's subject is rewritten.
  expect(found?.text).toContain(`${JSON.stringify(subject)} expires on`);
});

test('GIVEN two marked profiles whose paths differ only in the last segment WHEN both have findings THEN they are not both shown as one construct', () => {
  const doc = stack({
    profiles: { wifi: profile('s/wifi/Resource'), forged: profile('s/wifi/Forged') },
  });
  const where = human(doc)
    .filter((d) => d.code === 'variable/unknown')
    .map((d) => d.text.split('\n')[1]);
  expect(where).toHaveLength(2);
  // Today both read "  on WindowsScepProfile wifi, subjectName": the exact-path check misses one name claimed twice.
  expect(new Set(where).size).toBe(2);
});

test('GIVEN a plain L2 profile and a forged l2-deployment profile that both name "wifi" WHEN rendered THEN wifi is not both a WindowsScepProfile and a CertificateDeployment', () => {
  const doc = stack({
    profiles: { wifi: profile('s/wifi/Resource'), forged: profile('s/wifi/Windows/Resource', 'l2-deployment') },
  });
  const where = human(doc)
    .filter((d) => d.code === 'variable/unknown')
    .map((d) => d.text.split('\n')[1]);
  expect(where).toHaveLength(2);
  // Was: "on WindowsScepProfile wifi, subjectName" and "on CertificateDeployment wifi, profiles.windows.subjectName".
  // A name claimed twice is a forgery: both are shown by their Terraform addresses.
  expect(where.filter((w) => /(WindowsScepProfile|CertificateDeployment) wifi\b/.test(w ?? ''))).toHaveLength(0);
});

test('GIVEN an assignment marked l2-deployment whose profile is a plain L2 profile WHEN its finding is rendered THEN it names no CertificateDeployment', () => {
  const doc = stack({
    profiles: { wifi: profile('s/wifi/Resource', 'l2', { subject_name_format: 'CN={{UserPrincipalName}}' }) },
    assignments: {
      wifi_assign: {
        profile_id: ref('intune_scep_certificate_profile.wifi'),
        include_group_names: ['Wi-Fi Users'],
        exclude_group_names: ['Wi-Fi Users'],
        '//': mark('s/ghost/Windows/Assignment', 'l2-deployment'),
      },
    },
  });
  const found = human(doc).find((d) => d.code === 'assignment/include-exclude-conflict');
  expect(found).toBeDefined();
  // Today: "  on CertificateDeployment ghost, ...": a deployment nothing made, for WindowsScepProfile wifi's assignment.
  expect(found?.text).not.toContain('CertificateDeployment');
});
