/**
 * cli/: argument parsing, commands and views. Uses engine/ (and through it rules/ and schema/).
 * `run` is the whole CLI as a function of argv and io; `main` wires it to the process.
 */
import { Command, CommanderError } from 'commander';
import { registerExport } from './commands/export';
import { registerMockGraph } from './commands/mock-graph';
import { registerProvider } from './commands/provider';
import { registerPlanCommands } from './commands/plan';
import { registerStateCommands } from './commands/state';
import { registerSynth } from './commands/synth';
import { registerValidate } from './commands/validate';
import { redactorForEnv, toDiagnostic } from '../graph';
import { CliError, REWRITE_LINE, printable, terminalSafe, type CliIo } from './io';

import { packageVersion } from '../package-info';

const VERSION = packageVersion();

export async function run(argv: readonly string[], given: CliIo): Promise<number> {
  // The output boundary: everything a command writes goes through one redaction, which knows the
  // secrets of this environment (storage keys and SAS, client secrets) and the shapes secrets take.
  const redactor = redactorForEnv(given.env);
  const io: CliIo = {
    ...given,
    stdout: (t) => given.stdout(terminalSafe(redactor.redact(t))),
    stderr: (t) => given.stderr(terminalSafe(redactor.redact(t))),
    rewriteLine: (t) => given.stderr(REWRITE_LINE + terminalSafe(redactor.redact(t))),
  };
  let exitCode = 0;
  const program = new Command('intune-scep')
    .description('Microsoft Intune SCEP and trusted-root certificate profiles as code.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run "intune-scep --help" for usage)');
  const setExit = (code: number) => {
    exitCode = code;
  };
  registerSynth(program, io, setExit);
  registerValidate(program, io, setExit);
  registerPlanCommands(program, io, setExit);
  registerStateCommands(program, io, setExit);
  registerExport(program, io, setExit);
  registerMockGraph(program, io, setExit);
  registerProvider(program, io);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    // One way to say any failure: its diagnostic (expected ones carry theirs; a bug is named as one).
    const d = toDiagnostic(e);
    if (d.code === 'internal/bug') {
      const err = e as Error;
      io.stderr(
        `Internal error: ${printable(err.message)}\nThis is a bug in intune-scep; please report it with the command you ran.${io.env.INTUNE_SCEP_DEBUG ? `\n${err.stack ?? ''}` : ' Set INTUNE_SCEP_DEBUG=1 for details.'}\n`,
      );
      return 1;
    }
    // The code is what a pipeline or a reader looks up (docs/rules.md#run-codes); a usage error has none worth naming.
    io.stderr(`Error: ${printable(d.detail)}${d.code === 'cli/usage' ? '' : ` [${d.code}]`}\n`);
    return e instanceof CliError ? e.exitCode : 1;
  }
}

export function main(): void {
  // Interrupts: the first goes to the command that subscribed (apply finishes its steps in flight and
  // saves state); without one, or the second time, the process exits at once (130), and exit handlers
  // still release a held state lock.
  let handlers: (() => void)[] = [];
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    const handler = handlers[handlers.length - 1];
    if (interrupts === 1 && handler) handler();
    else process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const io: CliIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stderr.isTTY === true && !process.env.CI,
    onInterrupt: (handler) => {
      handlers.push(handler);
      return () => {
        handlers = handlers.filter((h) => h !== handler);
      };
    },
    ...(process.stdin.isTTY
      ? {
          // Ctrl-C or end of input at the question is a "no", not an error.
          confirm: async (question: string) => {
            const { createInterface } = await import('node:readline');
            const rl = createInterface({ input: process.stdin, output: process.stderr });
            return new Promise<string>((resolve) => {
              const no = () => {
                process.stderr.write('\n');
                rl.close();
                resolve('');
              };
              rl.once('SIGINT', no);
              rl.once('close', () => resolve(''));
              rl.question(question, (answer) => {
                rl.removeListener('SIGINT', no);
                // Before close: closing fires 'close', whose "no" would otherwise win (found by review).
                resolve(answer);
                rl.close();
              });
            });
          },
        }
      : {}),
  };
  run(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
      // Nothing may keep a finished command alive (a signal listener does not, a stray timer would).
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
    (e: unknown) => {
      process.stderr.write(`Internal error: ${redactorForEnv(process.env).redact((e as Error).message)}\n`);
      process.exitCode = 1;
    },
  );
}
