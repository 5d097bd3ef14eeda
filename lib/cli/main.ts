/**
 * cli/: argument parsing, commands and views. Uses engine/ (and through it rules/ and schema/).
 * `run` is the whole CLI as a function of argv and io; `main` wires it to the process.
 */
import { Command, CommanderError } from 'commander';
import { registerMockGraph } from './commands/mock-graph';
import { registerProvider } from './commands/provider';
import { registerPlanCommands } from './commands/plan';
import { registerStateCommands } from './commands/state';
import { registerSynth } from './commands/synth';
import { registerValidate } from './commands/validate';
import { CredentialConfigError } from '../graph';
import { CliError, type CliIo } from './io';

import { packageVersion } from '../package-info';

const VERSION = packageVersion();

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
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
  registerMockGraph(program, io, setExit);
  registerProvider(program, io);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    if (e instanceof CliError) {
      io.stderr(`Error: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof CredentialConfigError) {
      io.stderr(`Error: ${e.message}\n`);
      return 1;
    }
    const err = e as Error;
    io.stderr(`Internal error: ${err.message}\nThis is a bug in intune-scep; please report it with the command you ran.${io.env.INTUNE_SCEP_DEBUG ? `\n${err.stack ?? ''}` : ' Set INTUNE_SCEP_DEBUG=1 for details.'}\n`);
    return 1;
  }
}

export function main(): void {
  const io: CliIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stderr.isTTY === true && !process.env.CI,
    ...(process.stdin.isTTY
      ? {
          confirm: async (question: string) => {
            const { createInterface } = await import('node:readline/promises');
            const rl = createInterface({ input: process.stdin, output: process.stderr });
            try {
              return await rl.question(question);
            } finally {
              rl.close();
            }
          },
        }
      : {}),
  };
  run(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`Internal error: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
