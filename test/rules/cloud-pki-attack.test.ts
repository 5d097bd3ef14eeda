/**
 * Attacks on the Cloud PKI rules (session 5 review): a stack whose SCEP URL is a Cloud PKI URI in a
 * form the rules do not see as one, or whose placeholder is not the literal text Intune replaces.
 * Each test is the attack; it states what the catalog should say and fails while it does not.
 */
import { validateStack, type Diagnostic } from '../../lib';
import { NOW, testCertificates, type TestCertificates } from '../helpers/certificates';
import { cleanStack, type Attrs } from '../helpers/stacks';

const NDES = 'https://ndes.contoso.com/certsrv/mscep/mscep.dll';
const PATH =
  '/TrafficGateway/PassThroughRoutingService/CloudPki/CloudPkiService/Scep/6c0a1f0e-5bd4-4b0c-9a3e-1f2a3b4c5d6e/0c3d0e6f-1a2b-4c5d-8e9f-a0b1c2d3e4f5';
const CLIENT = { name: 'Client Authentication', object_identifier: '1.3.6.1.5.5.7.3.2' };
const ANY = { name: 'Any Purpose', object_identifier: '2.5.29.37.0' };

let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
});
const codes = (profile: Attrs): string[] =>
  (validateStack(JSON.parse(JSON.stringify(cleanStack(certs, { profile }))), { now: NOW }) as Diagnostic[]).map((d) => d.code);

// The host check compares the WHATWG-parsed hostname, which percent-decodes, maps full-width
// characters and drops soft hyphens: text that is not the literal {{CloudPKIFQDN}} passes as "the
// placeholder kept". Intune replaces the literal placeholder; these reach devices unreplaced.
test.each([
  ['percent-encoded', `https://%7B%7BCloudPKIFQDN%7D%7D${PATH}`],
  ['in full-width braces', `https://｛｛CloudPKIFQDN｝｝${PATH}`],
  ['with a soft hyphen inside', `https://{{CloudPKI\u00adFQDN}}${PATH}`],
])('a Cloud PKI URI whose placeholder is %s is warned about: it is not the text Intune replaces', (_what, url) => {
  expect(codes({ scep_server_urls: [url] })).toContain('scep-url/cloud-pki-placeholder');
});

// The path form is matched on the still-encoded pathname: a percent-encoded unreserved character
// (RFC 3986 6.2.2.2: the same URI) hides a Cloud PKI URI with a host, and with it an NDES URL beside
// it and Any Purpose go unreported.
const ENCODED = `https://contoso.pki.azure.net${PATH.replace('CloudPki/', 'Cloud%50ki/')}`;
test('a Cloud PKI URI with a percent-encoded letter in its path is still one Cloud PKI URI beside NDES', () => {
  expect(codes({ scep_server_urls: [ENCODED, NDES] })).toContain('scep-url/cloud-pki-alone');
});
test('Any Purpose with a Cloud PKI URI whose path has a percent-encoded letter is an error', () => {
  expect(codes({ scep_server_urls: [ENCODED], extended_key_usages: [CLIENT, ANY] })).toContain('eku/cloud-pki-any-purpose');
});

// A trailing dot keeps the literal placeholder (Intune's replacement gives "fqdn.", an absolute name),
// yet the rules see a host put in its place and warn to keep the placeholder that is there.
test('a Cloud PKI URI with the placeholder and a trailing dot is not told to keep its placeholder', () => {
  expect(codes({ scep_server_urls: [`https://{{CloudPKIFQDN}}.${PATH}`] })).not.toContain('scep-url/cloud-pki-placeholder');
});
