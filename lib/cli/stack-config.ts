/** Finding and reading the synthesized stack a command works on. */
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { STACK_NAME } from '../state';
import { CliError, type CliIo } from './io';

/** Larger files are refused before reading: no synthesized stack of certificate profiles is this big. */
export const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

export interface StackConfigFile {
  /** As shown to the user (relative to the working directory when inside it). */
  readonly display: string;
  readonly path: string;
  readonly text: string;
}

function display(io: CliIo, path: string): string {
  const rel = relative(io.cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** The stack's name: --stack, else the folder of cdktf.out/stacks/<name>/cdk.tf.json, else "default". */
export function stackName(flags: { stack?: string }, configPath: string): string {
  if (flags.stack !== undefined) return flags.stack;
  return basename(dirname(dirname(configPath))) === 'stacks' ? basename(dirname(configPath)) : 'default';
}

/** cdktf.json's "output" is empty: synth and the commands after it would disagree on where stacks are. */
export const EMPTY_OUTPUT =
  'cdktf.json\'s "output" is empty: name the folder the app writes its stacks to, e.g. "output": "cdktf.out" (or leave "output" out).';

/**
 * cdktf.json's "output", refused when empty or holding a control character: the folder's name is
 * printed in messages, and a line break in it would print a line of its choosing (a "Synthesized"
 * beside a failure; found by attack review).
 */
export function checkOutputName(output: string): string {
  if (output === '') throw new CliError(EMPTY_OUTPUT);
  const at = output.search(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  if (at >= 0)
    throw new CliError(
      `cdktf.json's "output" holds a control character (${JSON.stringify(output[at])} at character ${at + 1}): name a folder without one, e.g. "output": "cdktf.out".`,
    );
  return output;
}

/** The app's output folder: cdktf.json's "output" (synth writes there too), else cdktf.out. */
export function outputDir(io: CliIo): string {
  try {
    const doc = JSON.parse(readFileSync(join(io.cwd, 'cdktf.json'), 'utf8')) as { output?: unknown };
    if (typeof doc?.output === 'string') return resolve(io.cwd, checkOutputName(doc.output));
  } catch (e) {
    if (e instanceof CliError) throw e;
    // no cdktf.json, or one synth will complain about
  }
  return resolve(io.cwd, 'cdktf.out');
}

/** What intune-scep reads of the manifest.json a CDKTF app's app.synth() writes beside stacks/. */
export interface CdktfManifest {
  /** By stack name (each a plain folder name): the stack's entry, annotations among its fields. */
  readonly stacks: Readonly<Record<string, unknown>>;
}

/**
 * <output>/manifest.json, or undefined when there is none. The app (a pull request's code, in a plan
 * job) writes it: a stack name is data, taken only when it is a plain folder name of stacks/; the
 * manifest's paths (synthesizedStackPath and the like) are never read.
 */
export function readCdktfManifest(io: CliIo, outdir: string): CdktfManifest | undefined {
  const file = join(outdir, 'manifest.json');
  const shown = display(io, file);
  const st = lstatSync(file, { throwIfNoEntry: false });
  if (!st) return undefined;
  // A FIFO would block the read, a link may point anywhere: CDKTF writes a file.
  if (!st.isFile() || st.size > MAX_CONFIG_BYTES)
    throw new CliError(
      `${shown} is not a file CDKTF wrote (${st.isSymbolicLink() ? 'a link' : st.isFile() ? 'too large' : 'not a regular file'}); remove it and run "intune-scep synth" again.`,
    );
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`${shown} is not a CDKTF manifest intune-scep can read (${(e as Error).message}); run "intune-scep synth" again.`);
  }
  const stacks = typeof doc === 'object' && doc !== null ? (doc as { stacks?: unknown }).stacks : undefined;
  if (typeof stacks !== 'object' || stacks === null || Array.isArray(stacks))
    throw new CliError(`${shown} has no "stacks": not a CDKTF manifest; run "intune-scep synth" again.`);
  for (const [name, entry] of Object.entries(stacks)) {
    // A stack's name names its folder and its state: the state's rule, so no name passes here that a later command refuses.
    if (!STACK_NAME.test(name))
      throw new CliError(
        `${shown} names the stack ${JSON.stringify(name.slice(0, 200))}, which is not a stack name intune-scep keeps state for (letters, digits, ".", "_" and "-", starting with a letter or digit, at most 128 characters): rename the stack in the app.`,
      );
    // Where the app says it wrote the stack: compared as text, never opened.
    const path =
      typeof entry === 'object' && entry !== null ? (entry as { synthesizedStackPath?: unknown }).synthesizedStackPath : undefined;
    if (typeof path === 'string' && path.replaceAll('\\', '/') !== `stacks/${name}/cdk.tf.json`)
      throw new CliError(
        `${shown}: the app wrote stack ${JSON.stringify(name)} as ${JSON.stringify(path.slice(0, 200))}${path.endsWith('.tf') ? ' (HCL output: hclOutput, or SYNTH_HCL_OUTPUT)' : ''}; intune-scep reads the JSON a CDKTF app writes by default, stacks/<stack>/cdk.tf.json. Turn HCL output off.`,
      );
  }
  return { stacks: stacks as Record<string, unknown> };
}

/**
 * The stacks of the app's last synth, each with its stacks/<name>/cdk.tf.json: those its manifest.json
 * names (a folder an earlier synth left, a renamed stack's, is not one of them); without a manifest (a
 * cdktf.out made some other way), every folder of stacks/ holding a cdk.tf.json.
 */
export function stacksIn(io: CliIo, outdir: string, manifest = readCdktfManifest(io, outdir)): string[] {
  const stacksDir = join(outdir, 'stacks');
  let names: string[];
  try {
    names = manifest ? Object.keys(manifest.stacks) : readdirSync(stacksDir);
  } catch {
    names = [];
  }
  // A stack is a file of its own folder: never through a link (it may point anywhere).
  return names
    .filter((s) => {
      const folder = lstatSync(join(stacksDir, s), { throwIfNoEntry: false });
      return folder?.isDirectory() && lstatSync(join(stacksDir, s, 'cdk.tf.json'), { throwIfNoEntry: false })?.isFile();
    })
    .sort();
}

/** The synthesized stacks of the app's output folder (stacksIn). */
export function synthesizedStacks(io: CliIo): { stacksDir: string; stacks: string[] } {
  const outdir = outputDir(io);
  return { stacksDir: join(outdir, 'stacks'), stacks: stacksIn(io, outdir) };
}

/** `--config FILE`, else `<output>/stacks/<stack>/cdk.tf.json` of an earlier synth. */
export function locateConfig(io: CliIo, options: { config?: string; stack?: string }): string {
  if (options.config) return resolve(io.cwd, options.config);
  const { stacksDir, stacks } = synthesizedStacks(io);
  if (options.stack !== undefined) {
    if (!stacks.includes(options.stack)) {
      throw new CliError(
        `no synthesized stack "${options.stack}" in ${display(io, stacksDir)}${stacks.length ? ` (found: ${stacks.join(', ')})` : ''}. --stack names a stack of the app (and its state); to plan a stack's config under another state name, pass --config FILE with it, e.g. --config ${display(io, join(stacksDir, stacks[0] ?? '<stack>', 'cdk.tf.json'))}.`,
      );
    }
    return join(stacksDir, options.stack, 'cdk.tf.json');
  }
  if (stacks.length === 1) return join(stacksDir, stacks[0] as string, 'cdk.tf.json');
  if (stacks.length > 1) throw new CliError(`the app has several stacks (${stacks.join(', ')}); choose one with --stack NAME.`);
  throw new CliError(
    `no configuration: pass --config cdk.tf.json, or run "intune-scep synth" first so ${display(io, stacksDir)}/<stack>/cdk.tf.json exists.`,
  );
}

/** A configuration file read whole, refused with one line when it is missing, not a file or absurdly large. */
export function readConfigFile(io: CliIo, path: string, what = 'the cdk.tf.json that "cdktf synth" wrote'): StackConfigFile {
  const shown = display(io, path);
  const st = statSync(path, { throwIfNoEntry: false });
  const example = what.startsWith('the cdk.tf.json') ? ', e.g. --config cdktf.out/stacks/<stack>/cdk.tf.json' : '';
  if (!st) throw new CliError(`${shown}: no such file. Pass ${what}${example}.`);
  if (!st.isFile()) throw new CliError(`${shown} is not a file. Pass ${what}.`);
  if (st.size > MAX_CONFIG_BYTES) {
    throw new CliError(
      `${shown} is ${(st.size / 1024 / 1024).toFixed(1)} MiB; a configuration larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB is refused. Split the stack into several.`,
    );
  }
  try {
    return { display: shown, path, text: readFileSync(path, 'utf8') };
  } catch (e) {
    throw new CliError(`${shown}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
}
