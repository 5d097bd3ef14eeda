/**
 * A self-signed certificate for serving the mock over HTTPS on loopback. MSAL (inside
 * @azure/identity) refuses plain-http authorities, so credential code runs against the mock over
 * TLS, trusting this certificate (tlsOptions.ca, or NODE_EXTRA_CA_CERTS).
 */
import type * as X509 from '@peculiar/x509';
import { createPrivateKey, webcrypto } from 'node:crypto';

let loaded: Promise<typeof X509> | undefined;

/** @peculiar/x509 (about 0.25 s to load), loaded by the first server that serves HTTPS. */
function x509Module(): Promise<typeof X509> {
  loaded ??= (async () => {
    await import('reflect-metadata');
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
    return x509;
  })();
  return loaded;
}

export interface TlsMaterial {
  /** PEM certificate: serve it, and give it to clients as the CA to trust. */
  cert: string;
  /** PEM PKCS#8 private key. */
  key: string;
}

/** ECDSA P-256, valid for localhost and 127.0.0.1 (and ::1) for `days` from `now`. */
export async function selfSignedTls(now = new Date(), days = 30): Promise<TlsMaterial> {
  const x509 = await x509Module();
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as unknown as Parameters<
    typeof X509.X509CertificateGenerator.createSelfSigned
  >[0]['keys'];
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Date.now().toString(16),
    name: 'CN=intune-scep mock Graph',
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + days * 86_400_000),
    keys,
    signingAlgorithm: alg,
    extensions: [
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
      ]),
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    ],
  });
  const pkcs8 = Buffer.from(
    await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as unknown as Parameters<typeof webcrypto.subtle.exportKey>[1]),
  );
  const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }) as string;
  return { cert: cert.toString('pem'), key };
}
