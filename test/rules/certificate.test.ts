/** Reading certificates with a real X.509 parser, from generated certificates. */
import { X509Certificate } from 'node:crypto';
import { certificateBytes, parseCertificate } from '../../lib';
import { testCertificates, type TestCertificates } from '../helpers/certificates';

let c: TestCertificates;
beforeAll(async () => {
  c = await testCertificates();
});

test('reads a self-signed root CA from PEM', () => {
  const p = parseCertificate(c.root);
  if (!p.ok) throw new Error(p.reason);
  expect(p.cert).toMatchObject({ ca: true, selfSigned: true, subject: 'CN=Contoso Root CA, O=Contoso', thumbprint: c.rootThumbprint });
  expect(p.cert.notBefore.toISOString()).toBe('2020-01-01T00:00:00.000Z');
  expect(p.cert.notAfter.toISOString()).toBe('2040-01-01T00:00:00.000Z');
  expect(p.cert.thumbprint).toMatch(/^[0-9A-F]{40}$/);
});

test('reads the same certificate from base64 DER, with line breaks too', () => {
  const pem = parseCertificate(c.root);
  const der = parseCertificate(c.rootBase64Der.replace(/(.{64})/g, '$1\r\n'));
  expect(der.ok && pem.ok && der.cert.thumbprint === pem.cert.thumbprint).toBe(true);
  expect(der.ok && der.cert.der.equals(new X509Certificate(c.root).raw)).toBe(true);
});

test('tells an intermediate (CA, not self-signed) and a leaf (not a CA) apart', () => {
  const inter = parseCertificate(c.intermediate);
  const leaf = parseCertificate(c.leaf);
  expect(inter.ok && [inter.cert.ca, inter.cert.selfSigned]).toEqual([true, false]);
  expect(leaf.ok && [leaf.cert.ca, leaf.cert.selfSigned]).toEqual([false, false]);
});

test.each([
  ['empty', '', 'empty'],
  ['text', 'not a certificate', 'not PEM'],
  ['PEM without end', '-----BEGIN CERTIFICATE-----\nMIIB', 'complete'],
  ['base64 of other bytes', Buffer.from('hello world, not DER').toString('base64'), 'not an X.509'],
])('refuses %s with a reason', (_n, text, reason) => {
  const p = parseCertificate(text);
  expect(p.ok).toBe(false);
  if (!p.ok) expect(p.reason).toContain(reason);
});

test('certificateBytes takes the first PEM block', () => {
  const b = certificateBytes(`${c.root}\n${c.intermediate}`);
  expect(b.ok && b.der.equals(new X509Certificate(c.root).raw)).toBe(true);
});
