/**
 * A root CA certificate for a trusted root profile, read at synth time.
 *
 * Whatever path it is given (`../`, absolute, a symlink), `fromFile` only ever lets a certificate
 * into the stack: a file must be PEM holding nothing but CERTIFICATE blocks, DER X.509, or base64 of
 * DER. Anything else (a private key, /etc/passwd, a device, a FIFO) is refused before a byte of it
 * reaches the synthesized JSON, and no message ever quotes the file's content.
 */
import { closeSync, fstatSync, openSync, readSync, constants as fsConstants } from 'node:fs';
import { resolve } from 'node:path';

/** No root certificate file is this big; anything larger is the wrong file. */
const MAX_BYTES = 256 * 1024;
const HINT = 'Export the root CA certificate as .cer (PEM or DER) and point to it.';

export class Certificate {
  /**
   * A `.cer`/`.crt`/`.pem` file, PEM or DER, read when the app synthesizes.
   * A relative path is resolved against the working directory of the app. A file that cannot be
   * used does not throw: the trusted root given this certificate reports why when the app
   * synthesizes (`construct/certificate-file`), as the rules report theirs.
   */
  static fromFile(path: string): Certificate {
    const fail = (why: string): Certificate =>
      new Certificate('', undefined, `Certificate.fromFile(${JSON.stringify(path)}): ${why}. ${HINT}`);
    if (typeof path !== 'string' || path.length === 0) return fail('no path given');
    if (path.includes('\0')) return fail('the path contains a NUL character');
    const full = resolve(path);
    let fd: number;
    try {
      // O_NONBLOCK: opening a FIFO must not hang synth waiting for a writer.
      fd = openSync(full, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return fail(
        code === 'ENOENT'
          ? `no such file (${full})`
          : code === 'EACCES'
            ? `${full} cannot be read (permission denied)`
            : `${full} cannot be read (${code ?? 'error'})`,
      );
    }
    let bytes: Buffer;
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) return fail(`${full} is not a regular file`);
      if (st.size > MAX_BYTES) return fail(`${full} has ${st.size} bytes, more than any certificate (${MAX_BYTES}); check the path`);
      // No more than the size fstat gives: files in /proc say 0 and would read on.
      bytes = Buffer.alloc(st.size);
      let at = 0;
      while (at < bytes.length) {
        const n = readSync(fd, bytes, at, bytes.length - at, at);
        if (n === 0) break;
        at += n;
      }
      bytes = bytes.subarray(0, at);
    } finally {
      closeSync(fd);
    }
    const r = certificateText(bytes);
    if ('refused' in r) return fail(`${full} ${r.refused}`);
    return new Certificate(r.text, full);
  }

  /** PEM text, or base64 of the DER bytes. */
  static fromPem(pem: string): Certificate {
    return new Certificate(pem, undefined);
  }

  private constructor(
    private readonly content: string,
    /** Where it was read from, for messages. */
    readonly source: string | undefined,
    /** Why the file cannot be used (fromFile), reported at synth by the root given it. */
    readonly problem?: string,
  ) {}

  /**
   * PEM or base64 DER, as the `certificate` attribute takes it. A certificate whose file cannot be
   * used has no text: read anywhere but by a trusted root (which reports the problem at synth), it
   * throws the problem, never an empty certificate.
   */
  get text(): string {
    if (this.problem !== undefined) throw new Error(this.problem);
    return this.content;
  }
}

/** The `certificate` attribute's text for a file's bytes, or why they are not a certificate. */
function certificateText(bytes: Buffer): { text: string } | { refused: string } {
  if (bytes.length === 0) return { refused: 'is empty' };
  if (isDerSequence(bytes)) return { text: bytes.toString('base64') };
  const latin = bytes.toString('latin1');
  const labels = [...latin.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1] as string);
  if (labels.length > 0) {
    if (labels.some((l) => l.includes('PRIVATE KEY')))
      return { refused: 'holds a PRIVATE KEY. Never give a key to intune-scep: export only the certificate' };
    const other = labels.find((l) => l !== 'CERTIFICATE');
    if (other) return { refused: `holds a PEM "${other}" block, not a CERTIFICATE` };
    if (/[^\t\n\r\x20-\x7e]/.test(latin)) return { refused: 'is PEM with bytes that are not text' };
    return { text: bytes.toString('utf8') };
  }
  // Base64 of DER without PEM armour, as some exports write it.
  const compact = latin.replace(/\s+/g, '');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact) && compact.length % 4 === 0) {
    const der = Buffer.from(compact, 'base64');
    if (isDerSequence(der)) return { text: compact };
  }
  return { refused: 'is not a certificate (neither PEM "BEGIN CERTIFICATE" nor DER X.509)' };
}

/** One DER SEQUENCE filling the buffer exactly: the outer shape of an X.509 certificate. */
function isDerSequence(b: Buffer): boolean {
  if (b.length < 4 || b[0] !== 0x30) return false;
  const first = b[1] as number;
  if (first < 0x80) return 2 + first === b.length;
  const n = first & 0x7f;
  if (n === 0 || n > 3 || b.length < 2 + n) return false;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (b[2 + i] as number);
  return 2 + n + len === b.length;
}
