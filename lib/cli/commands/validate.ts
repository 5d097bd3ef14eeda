/** `intune-scep validate`: every rule that needs no tenant, over one synthesized stack. */
import type { Command } from 'commander';
import { parseConfigText, readConfig, validateStack } from '../../engine';
import { clock, type CliIo } from '../io';
import { locateConfig, readConfigFile } from '../stack-config';
import { synthIfApp } from './synth';
import { renderDiagnosticsHuman, renderDiagnosticsJson } from '../views/diagnostics';

export interface ValidateFlags {
  config?: string;
  stack?: string;
  json?: boolean;
  strict?: boolean;
}

/** Exit code: 1 when any error, or any warning with --strict; else 0. */
export async function runValidate(io: CliIo, flags: ValidateFlags): Promise<number> {
  await synthIfApp(io, flags);
  const file = readConfigFile(io, locateConfig(io, flags));
  const diagnostics = validateStack(file.text, { now: clock(io) });
  if (flags.json) io.stdout(renderDiagnosticsJson(diagnostics));
  else {
    const parsed = parseConfigText(file.text);
    const constructPaths = new Map<string, string>();
    if (parsed.ok) for (const r of readConfig(parsed.doc).resources) if (r.constructPath) constructPaths.set(r.address, r.constructPath);
    io.stdout(renderDiagnosticsHuman(diagnostics, { file: file.display, constructPaths }));
  }
  const failing = diagnostics.some((d) => d.severity === 'error' || (flags.strict && d.severity === 'warning'));
  return failing ? 1 : 0;
}

export function registerValidate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description('Check a synthesized stack against every rule that needs no tenant.')
    .option('--config <file>', 'the synthesized cdk.tf.json (default: cdktf.out/stacks/<stack>/cdk.tf.json)')
    .option('--stack <name>', 'the stack, when the app has several')
    .option('--json', 'print {"diagnostics": [...]} instead of text')
    .option('--strict', 'exit 1 on warnings too')
    .action(async (flags: ValidateFlags) => setExit(await runValidate(io, flags)));
}
