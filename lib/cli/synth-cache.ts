/**
 * Skipping a synth whose inputs have not changed: `plan` on an unchanged app costs what `plan
 * --config` costs. After each synth a record in the output folder (.intune-scep-synth.json) keeps a
 * digest of the inputs and of the outputs (CDKTF's manifest.json, and the cdk.tf.json of each stack it
 * names); the next command synthesizes again unless both still match.
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
 * not seen: run `intune-scep synth`, or set INTUNE_SCEP_SYNTH=always. The record is signed
 * (HMAC-SHA-256) with a key of this user's own (XDG_CACHE_HOME or ~/.cache, intune-scep/synth-key,
 * created on first use, mode 0600, read only if it is a file of this user's own in a private folder): a record and cdk.tf.json committed to a repository or copied
 * from another machine never match, so a fresh runner always synthesizes. Without a home folder
 * (HOME and XDG_CACHE_HOME unset), or with more than MAX_FILES files or MAX_BYTES bytes in the
 * folder, nothing is cached.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, writeSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { z } from 'zod';
import { packageVersion } from '../package-info';

const RECORD = '.intune-scep-synth.json';
const MAX_FILES = 20_000;
const MAX_BYTES = 100 * 1024 * 1024;
/**
 * Folders no app reads its stack from: git's, intune-scep's own (state, the embedded tenant) and
 * Terraform's (providers). Every other folder counts, dot-folders too (`cdktf get` writes .gen/).
 */
const SKIPPED_FOLDERS = new Set(['.git', '.intune-scep', '.terraform']);
/** The shell's bookkeeping, which changes between commands without changing what an app does. */
const SHELL_VARIABLES = new Set(['_', 'OLDPWD', 'SHLVL']);

const RecordSchema = z.object({
  version: z.literal(2),
  inputs: z.string(),
  outputs: z.object({ manifest: z.string(), stacks: z.record(z.string(), z.string()) }),
  mac: z.string(),
});
/** The synth's outputs as digests: CDKTF's manifest.json, and each stack it names by its cdk.tf.json. */
type Outputs = z.infer<typeof RecordSchema>['outputs'];

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** This user's key for synth records, made on first use; undefined when there is nowhere to keep it. */
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

const macOf = (key: Buffer, inputs: string, outputs: Outputs) =>
  createHmac('sha256', key)
    .update(JSON.stringify({ inputs, manifest: outputs.manifest, stacks: Object.entries(outputs.stacks).sort() }))
    .digest('hex');

const fileDigest = (file: string) => sha256(readFileSync(file));

function outputDigests(outdir: string, stacks: readonly string[]): Outputs {
  return {
    manifest: fileDigest(join(outdir, 'manifest.json')),
    stacks: Object.fromEntries(stacks.map((s) => [s, fileDigest(join(outdir, 'stacks', s, 'cdk.tf.json'))])),
  };
}

/**
 * The stacks of the last synth, when its record is ours and its inputs and outputs are unchanged: the
 * manifest.json it read the stacks from, and each stack's cdk.tf.json.
 */
export function cachedSynth(env: SynthInputs['env'], outdir: string, digest: string): string[] | undefined {
  const key = userKey(env);
  if (!key) return undefined;
  try {
    const m = RecordSchema.parse(JSON.parse(readFileSync(join(outdir, RECORD), 'utf8')));
    const names = Object.keys(m.outputs.stacks).sort();
    if (m.inputs !== digest || names.length === 0) return undefined;
    // The outputs as they are now, signed as recorded: equal only when nothing of them changed.
    const expected = Buffer.from(macOf(key, digest, outputDigests(outdir, names)), 'hex');
    const given = Buffer.from(m.mac, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected) ? names : undefined;
  } catch {
    return undefined;
  }
}

/** Records a synth's inputs and outputs for the next command (best effort: a failure only means no cache). */
export function recordSynth(env: SynthInputs['env'], outdir: string, digest: string, stacks: readonly string[]): void {
  const key = userKey(env);
  if (!key) return;
  try {
    const outputs = outputDigests(outdir, stacks);
    const file = join(outdir, RECORD);
    const text = `${JSON.stringify({ version: 2, inputs: digest, outputs, mac: macOf(key, digest, outputs) }, null, 2)}\n`;
    const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
  } catch {
    // No record: the next command synthesizes again.
  }
}
