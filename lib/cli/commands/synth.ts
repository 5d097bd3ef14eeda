/**
 * `intune-scep synth`: run the app named in cdktf.json and write cdktf.out, as `cdktf synth`
 * does, without the 400 MB cdktf-cli. plan, apply, validate and destroy synth first when there is
 * a cdktf.json and no --config.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { WITHHELD_FROM_APPS } from '../../graph';
import { CLI_VALIDATES_ENV } from '../../schema';
import { checkStack, isObject } from '../../engine';
import { CliError, clock, expiryWarningDays, type CliIo } from '../io';
import { renderDiagnosticHuman } from '../views/diagnostics';
import { checkOutputName, readCdktfManifest, stacksIn, type CdktfManifest } from '../stack-config';
import { cachedSynth, inputsDigest, recordSynth } from '../synth-cache';

const CdktfJsonSchema = z.looseObject({ app: z.string().min(1), output: z.string().optional() });

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: readonly string[];
}

/**
 * Run the app of ./cdktf.json; its output goes to stderr so a command's own output stays clean.
 * Skipped when its inputs are as at the last synth (synth-cache.ts), unless `always` (the synth
 * command) or INTUNE_SCEP_SYNTH=always.
 */
export async function synth(io: CliIo, options: { always?: boolean } = {}): Promise<SynthResult> {
  const file = join(io.cwd, 'cdktf.json');
  if (!existsSync(file))
    throw new CliError("no cdktf.json here: run synth in the CDKTF app's folder, or pass --config cdk.tf.json to use a synthesized stack.");
  let parsed;
  try {
    parsed = CdktfJsonSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new CliError(`cdktf.json is not valid JSON (${(e as Error).message}).`);
  }
  if (!parsed.success)
    throw new CliError('cdktf.json has no "app": it names the command that runs the CDKTF app, e.g. "npx ts-node main.ts".');
  const outdir = resolve(io.cwd, parsed.data.output === undefined ? 'cdktf.out' : checkOutputName(parsed.data.output));
  // The app is the repository's code (a pull request's, in a plan job): its environment holds no
  // credentials and no plan key, so it never reads them by accident. No boundary against hostile code:
  // it runs as this user and can read our environment from /proc (docs/pipelines.md).
  const env = {
    ...Object.fromEntries(Object.entries(io.env).filter(([k]) => !WITHHELD_FROM_APPS.includes(k.toUpperCase()))),
    CDKTF_OUTDIR: outdir,
    CHECKPOINT_DISABLE: '1',
    // The app reports its constructs' problems as annotations in the manifest and exits 0, as under
    // the cdktf CLI; intune-scep prints them (synthAnnotations) and runs the rules itself.
    CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true',
    [CLI_VALIDATES_ENV]: '1',
  };
  const digest = inputsDigest({ cwd: io.cwd, app: parsed.data.app, outdir, env });
  if (!options.always && io.env.INTUNE_SCEP_SYNTH !== 'always' && digest !== undefined) {
    const stacks = cachedSynth(io.env, outdir, digest);
    if (stacks) {
      io.stderr(
        `Synthesis skipped: app unchanged since the last synth into ${relative(io.cwd, outdir) || '.'} ("intune-scep synth" or INTUNE_SCEP_SYNTH=always runs it).\n`,
      );
      return { outdir, stacks };
    }
  }
  io.stderr(`Synthesizing: ${parsed.data.app}\n`);
  rmSync(join(outdir, '.intune-scep-synth.json'), { force: true });
  removeOldOutputs(io, outdir);
  const code = await new Promise<number>((done) => {
    const child = spawn(parsed.data.app, {
      cwd: io.cwd,
      shell: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: env as NodeJS.ProcessEnv,
    });
    // Whole lines: the CLI makes each write safe for a CI log (terminalSafe), and a runner command split
    // across two writes of the app's would be seen whole by the runner only (found by review).
    const out = wholeLines((t) => io.stderr(t));
    const err = wholeLines((t) => io.stderr(t));
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => out.push(d));
    child.stderr.on('data', (d: string) => err.push(d));
    child.on('error', () => done(127));
    child.on('close', (c) => {
      out.end();
      err.end();
      done(c ?? 1);
    });
  });
  if (code !== 0) throw new CliError(`the app "${parsed.data.app}" failed (exit ${code}); its output is above.`);
  // The manifest and stacks went before the app ran (removeOldOutputs): none now means the app did not
  // synthesize.
  const manifest = readCdktfManifest(io, outdir);
  const stacksDir = relative(io.cwd, join(outdir, 'stacks')) || '.';
  if (!manifest)
    throw new CliError(`the app ran but wrote no stack (no ${relative(io.cwd, join(outdir, 'manifest.json'))}); does it call app.synth()?`);
  const errors = reportAnnotations(io, manifest);
  if (errors > 0)
    throw new CliError(
      `the app's constructs reported ${errors === 1 ? 'an error' : `${errors} errors`} (above); fix ${errors === 1 ? 'it' : 'them'} and run again.`,
    );
  const stacks = stacksIn(io, outdir, manifest);
  if (stacks.length === 0)
    throw new CliError(
      `the app ran but wrote no stack into ${stacksDir} (a cdk.tf.json for a stack of its manifest); does it call app.synth()?`,
    );
  // Recorded as the folder was before the app ran: an edit made while it ran (an editor saving) is
  // then a change the next command sees. An app that compiles into its folder (`tsc && node main.js`)
  // changes it, so the next command runs the app once more, and the one after finds it unchanged.
  if (digest !== undefined) recordSynth(io.env, outdir, digest, stacks);
  return { outdir, stacks };
}

const MAX_PENDING = 1024 * 1024;

/** Text written on in whole lines (the last, unfinished one at end): what a write holds is never half a line. */
export function wholeLines(write: (text: string) => void): { push(text: string): void; end(): void } {
  let pending = '';
  return {
    push(text) {
      pending += text;
      const cut = pending.lastIndexOf('\n') + 1;
      if (cut > 0) {
        write(pending.slice(0, cut));
        pending = pending.slice(cut);
      } else if (pending.length > MAX_PENDING) {
        // A line longer than any log line: cut with a line break, so what follows starts a line of its
        // own and is made safe whole (found by review).
        write(`${pending}\n`);
        pending = '';
      }
    },
    end() {
      if (pending) write(pending);
      pending = '';
    },
  };
}

const LEVELS: Readonly<Record<string, string>> = { '@cdktf/error': 'Error', '@cdktf/warn': 'Warning', '@cdktf/info': 'Info' };
/** The shape of an intune-scep construct's message: `summary [code]` then `  on ...` (rules/typescript.ts). */
const OURS = /^[^\n]+ \[[a-z0-9-]+\/[a-z0-9-]+\]\n {2}on /;

/**
 * Print the annotations the app's constructs left in the manifest, as the cdktf CLI does (once, no
 * stack trace), in the shape of the CLI's diagnostics; returns how many are errors. Each annotation
 * is read on its own: one another library left in a shape of its own hides none of the others.
 */
function reportAnnotations(io: CliIo, manifest: CdktfManifest): number {
  let errors = 0;
  for (const stack of Object.values(manifest.stacks)) {
    const annotations = isObject(stack) && Array.isArray(stack.annotations) ? (stack.annotations as unknown[]) : [];
    for (const a of annotations) {
      if (!isObject(a)) continue;
      const label = typeof a.level === 'string' ? LEVELS[a.level] : undefined;
      if (!label) continue;
      if (label === 'Error') errors++;
      const message = typeof a.message === 'string' ? a.message : (JSON.stringify(a.message) ?? String(a.message));
      const body = OURS.test(message)
        ? message
        : `${message}\n  on ${typeof a.constructPath === 'string' ? a.constructPath : '(no construct path)'}`;
      io.stderr(`${label}: ${body}\n\n`);
    }
  }
  return errors;
}

/**
 * The last run's manifest and stacks go before the app runs: what is there after it is this run's (a
 * stack the app no longer writes, in JSON or at all, is not planned). Only a cdk.tf.json in a folder
 * of stacks/, never through a link (its target may be anywhere).
 */
function removeOldOutputs(io: CliIo, outdir: string): void {
  const stacksDir = join(outdir, 'stacks');
  let folders: string[] = [];
  try {
    folders = readdirSync(stacksDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    // no stacks/ yet
  }
  for (const file of [join(outdir, 'manifest.json'), ...folders.map((f) => join(stacksDir, f, 'cdk.tf.json'))]) {
    try {
      rmSync(file, { force: true });
    } catch (e) {
      throw new CliError(
        `${relative(io.cwd, file)} cannot be removed before the app runs (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); it is CDKTF's output: remove it and run again.`,
      );
    }
  }
}

/** Synth first when there is a cdktf.json and the command was not given --config. */
export async function synthIfApp(io: CliIo, flags: { config?: string }): Promise<void> {
  if (!flags.config && existsSync(join(io.cwd, 'cdktf.json'))) await synth(io);
}

export function registerSynth(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('synth')
    .description('Run the CDKTF app named in cdktf.json and write cdktf.out/stacks/<stack>/cdk.tf.json.')
    .action(async () => {
      const r = await synth(io, { always: true });
      // The app leaves the rules to intune-scep (CLI_VALIDATES_ENV): they run here, as under cdktf synth.
      const failing: { stack: string; errors: number }[] = [];
      for (const stack of r.stacks) {
        const file = join(r.outdir, 'stacks', stack, 'cdk.tf.json');
        const text = readFileSync(file, 'utf8');
        const { diagnostics, resources } = checkStack(text, { now: clock(io), expiryWarningDays: expiryWarningDays(io, undefined) });
        for (const d of diagnostics) io.stderr(`${renderDiagnosticHuman(d, { file: relative(io.cwd, file), resources })}\n\n`);
        const errors = diagnostics.filter((d) => d.severity === 'error').length;
        if (errors > 0) failing.push({ stack, errors });
      }
      // The success line only for stacks that pass (a newcomer read it beside the failure as success);
      // the error names the stacks that break rules, and says they were written all the same.
      const where = relative(io.cwd, r.outdir) || '.';
      if (failing.length > 0) {
        const one = failing.length === 1;
        const named = failing.map((f) => `${JSON.stringify(f.stack)} (${f.errors === 1 ? 'a rule' : `${f.errors} rules`})`).join(', ');
        const passing = r.stacks.filter((s) => !failing.some((f) => f.stack === s));
        throw new CliError(
          `${one ? 'stack' : 'stacks'} ${named}, synthesized into ${where}, ${one ? 'breaks' : 'break'} the rules above; fix the app and run again (plan and apply refuse ${one ? 'it' : 'them'}).${passing.length > 0 ? ` Passing: ${passing.join(', ')}.` : ''}`,
        );
      }
      io.stdout(
        r.stacks.length === 1
          ? `Synthesized stack ${JSON.stringify(r.stacks[0])} into ${where}\n`
          : `Synthesized ${r.stacks.length} stacks into ${where}: ${r.stacks.join(', ')}\n`,
      );
      setExit(0);
    });
}
