/** A root CA certificate for a trusted root profile, read at synth time. */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/** No root certificate file is this big; anything larger is the wrong file. */
const MAX_BYTES = 256 * 1024;

export class Certificate {
  /**
   * A `.cer`/`.crt`/`.pem` file, PEM or DER, read when the app synthesizes.
   * A relative path is resolved against the working directory of the app.
   */
  static fromFile(path: string): Certificate {
    const full = resolve(path);
    let size: number;
    try {
      const st = statSync(full);
      if (!st.isFile()) throw new Error(`${full} is not a file`);
      size = st.size;
    } catch (e) {
      throw new Error(`Certificate.fromFile(${JSON.stringify(path)}): ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? `no such file (${full})` : (e as Error).message}. Export the root CA certificate as .cer (PEM or DER) and point to it.`);
    }
    if (size > MAX_BYTES) throw new Error(`Certificate.fromFile(${JSON.stringify(path)}): ${size} bytes is not a certificate (over ${MAX_BYTES}); check the path.`);
    const bytes = readFileSync(full);
    const text = bytes.toString('latin1');
    return new Certificate(text.includes('-----BEGIN') ? bytes.toString('utf8') : bytes.toString('base64'), full);
  }

  /** PEM text, or base64 of the DER bytes. */
  static fromPem(pem: string): Certificate {
    return new Certificate(pem, undefined);
  }

  private constructor(
    /** PEM or base64 DER, as the `certificate` attribute takes it. */
    readonly text: string,
    /** Where it was read from, for messages. */
    readonly source: string | undefined,
  ) {}
}
