/**
 * Attack: Certificate.fromFile no longer throws; a certificate it could not read is '' and says why
 * only to a trusted root given it. Used anywhere else (`.text` in an output, another provider's
 * resource, an L1 binding), the problem must still stop synth, never become an empty certificate.
 */
import { TerraformOutput, TerraformStack } from 'cdktf';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Certificate } from '../../lib/constructs';
import { annotationsOf, testApp } from '../helpers/cdk';

const dir = mkdtempSync(join(tmpdir(), 'intune-scep-cert-attack-'));

test.each([
  ['a missing file', () => join(dir, 'nope.cer')],
  [
    'a private key',
    () => (
      writeFileSync(join(dir, 'key.pem'), '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n'),
      join(dir, 'key.pem')
    ),
  ],
])(
  'GIVEN Certificate.fromFile of %s used through .text outside a trusted root WHEN the app synthesizes THEN synth reports the problem',
  (_n, path) => {
    const app = testApp();
    const stack = new TerraformStack(app, 'test');
    const certificate = Certificate.fromFile(path());
    let threw: unknown;
    try {
      new TerraformOutput(stack, 'rootPem', { value: certificate.text });
    } catch (e) {
      threw = e;
    }
    const errors = threw
      ? [String(threw)]
      : annotationsOf(stack)
          .filter((a) => a.level === 'error')
          .map((a) => a.message);
    // Before this change fromFile threw; now the output is "" and nothing anywhere says so.
    expect(errors.join('\n')).toContain('Certificate.fromFile(');
  },
);
