/**
 * Skipping a synth whose inputs have not changed: `plan` on an unchanged app costs what `plan
 * --config` costs. After each synth a manifest in the output folder records a digest of the inputs
 * and of each stack's cdk.tf.json; the next command synthesizes again unless both still match.
 *
 * | input                                   | in the digest                                          |
 * |-----------------------------------------|--------------------------------------------------------|
 * | the app command (cdktf.json's `app`)    | as written                                             |
 * | every file in the app's folder          | path and content; not node_modules, the output folder, |
 * |                                         | .git, .intune-scep or .terraform                       |
 * | the environment the app gets            | every variable but the shell's own (`_`, `OLDPWD`,     |
 * |                                         | `SHLVL`)                                               |
 * | this intune-scep                        | its version and build                                  |
 *
 * The digest recorded is the folder's before the app ran: a file edited while the app runs is a
 * change the next command sees. A folder holding a symbolic link (whose target may be anywhere) is
 * not cached. A file outside the folder the app reads (a certificate in `../certs`, a module of a monorepo) is
 * not seen: run `intune-scep synth`, or set INTUNE_SCEP_SYNTH=always. The manifest is signed
 * (HMAC-SHA-256) with a key of this user's own (XDG_CACHE_HOME or ~/.cache, intune-scep/synth-key,
 * created on first use, mode 0600, read only if it is a file of this user's own in a private folder): a manifest and cdk.tf.json committed to a repository or copied
 * from another machine never match, so a fresh runner always synthesizes. Without a home folder
 * (HOME and XDG_CACHE_HOME unset), or with more than MAX_FILES files or MAX_BYTES bytes in the
 * folder, nothing is cached.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, writeSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { z } from 'zod';
import { packageVersion } from '../package-info';

const MANIFEST = '.intune-scep-synth.json';
const MAX_FILES = 20_000;
const MAX_BYTES = 100 * 1024 * 1024;
/**
 * Folders no app reads its stack from: git's, intune-scep's own (state, the embedded tenant) and
 * Terraform's (providers). Every other folder counts, dot-folders too (`cdktf get` writes .gen/).
 */
const SKIPPED_FOLDERS = new Set(['.git', '.intune-scep', '.terraform']);
/** The shell's bookkeeping, which changes between commands without changing what an app does. */
const SHELL_VARIABLES = new Set(['_', 'OLDPWD', 'SHLVL']);

const ManifestSchema = z.object({
  version: z.literal(1),
  inputs: z.string(),
  stacks: z.record(z.string(), z.string()),
  mac: z.string(),
});

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** This user's key for synth manifests, made on first use; undefined when there is nowhere to keep it. */
function userKey(env: Readonly<Record<string, string | undefined>>): Buffer | undefined {
  const base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : undefined);
  if (!base) return undefined;
  const dir = join(base, 'intune-scep');
  const file = join(dir, 'synth-key');
  try {
    return readKey(file);
  } catch {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      try {
        writeSync(fd, randomBytes(32).toString('hex'));
      } finally {
        closeSync(fd);
      }
      return readKey(file);
    } catch {
      return undefined;
    }
  }
}

/**
 * The key, read only if it is this user's own: a regular file (never through a link), owned by this
 * user and readable by nobody else, in a folder of this user's that nobody else can write.
 */
function readKey(file: string): Buffer {
  const own = (st: { uid: number }) => typeof process.getuid !== 'function' || st.uid === process.getuid();
  const dir = lstatSync(dirname(file));
  if (!dir.isDirectory() || !own(dir) || (dir.mode & 0o022) !== 0) throw new Error('not a private folder');
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || !own(st) || (st.mode & 0o077) !== 0) throw new Error('not a private file');
    const text = readFileSync(fd, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(text)) throw new Error('not a key');
    return Buffer.from(text, 'hex');
  } finally {
    closeSync(fd);
  }
}

/** The files of the app's folder that count, sorted; undefined past the limits or when something in it is not a plain file or folder. */
function appFiles(cwd: string, outdir: string): string[] | undefined {
  const files: string[] = [];
  let bytes = 0;
  const walk = (dir: string): boolean => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, e.name);
      if (e.name === 'node_modules' || path === outdir) continue;
      if (e.isDirectory()) {
        if (SKIPPED_FOLDERS.has(e.name)) continue;
        if (!walk(path)) return false;
      } else if (e.isFile()) {
        bytes += statSync(path).size;
        files.push(path);
        if (files.length > MAX_FILES || bytes > MAX_BYTES) return false;
      } else {
        // A link (its target may change outside the folder), a FIFO, a socket: not something to cache on.
        return false;
      }
    }
    return true;
  };
  return walk(cwd) ? files : undefined;
}

export interface SynthInputs {
  readonly cwd: string;
  readonly app: string;
  readonly outdir: string;
  /** The environment the app runs with. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The digest of a synth's inputs, or undefined when the folder is too large to cache. */
export function inputsDigest(inputs: SynthInputs): string | undefined {
  const files = appFiles(inputs.cwd, inputs.outdir);
  if (!files) return undefined;
  const h = createHash('sha256');
  const part = (s: string) => h.update(`${s.length}:${s}`);
  part('intune-scep synth inputs 1');
  part(`${packageVersion()} ${statSync(__filename).mtimeMs}`);
  part(inputs.app);
  part(relative(inputs.cwd, inputs.outdir));
  for (const [k, v] of Object.entries(inputs.env).sort(([a], [b]) => (a < b ? -1 : 1)))
    if (v !== undefined && !SHELL_VARIABLES.has(k)) part(`${k}=${v}`);
  for (const f of files) {
    part(relative(inputs.cwd, f).split(sep).join('/'));
    part(sha256(readFileSync(f)));
  }
  return h.digest('hex');
}

const macOf = (key: Buffer, inputs: string, stacks: Record<string, string>) =>
  createHmac('sha256', key)
    .update(JSON.stringify({ inputs, stacks: Object.entries(stacks).sort() }))
    .digest('hex');

function stackDigests(outdir: string): Record<string, string> {
  const dir = join(outdir, 'stacks');
  const out: Record<string, string> = {};
  for (const s of readdirSync(dir).sort()) {
    const file = join(dir, s, 'cdk.tf.json');
    if (statSync(file, { throwIfNoEntry: false })?.isFile()) out[s] = sha256(readFileSync(file));
  }
  return out;
}

/** The stacks of the last synth, when its manifest is ours and its inputs and outputs are unchanged. */
export function cachedSynth(env: SynthInputs['env'], outdir: string, digest: string): string[] | undefined {
  const key = userKey(env);
  if (!key) return undefined;
  try {
    const m = ManifestSchema.parse(JSON.parse(readFileSync(join(outdir, MANIFEST), 'utf8')));
    const expected = Buffer.from(macOf(key, m.inputs, m.stacks), 'hex');
    const given = Buffer.from(m.mac, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected) || m.inputs !== digest) return undefined;
    const now = stackDigests(outdir);
    const names = Object.keys(m.stacks);
    if (names.length === 0 || JSON.stringify(Object.entries(now).sort()) !== JSON.stringify(Object.entries(m.stacks).sort()))
      return undefined;
    return names.sort();
  } catch {
    return undefined;
  }
}

/** Records a synth's inputs and outputs for the next command (best effort: a failure only means no cache). */
export function recordSynth(env: SynthInputs['env'], outdir: string, digest: string): void {
  const key = userKey(env);
  if (!key) return;
  try {
    const stacks = stackDigests(outdir);
    const file = join(outdir, MANIFEST);
    const text = `${JSON.stringify({ version: 1, inputs: digest, stacks, mac: macOf(key, digest, stacks) }, null, 2)}\n`;
    const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
  } catch {
    // No manifest: the next command synthesizes again.
  }
}
