/**
 * `intune-scep validate`: every rule that needs no tenant, over one synthesized stack, or over the
 * stack a Terraform plan describes (`--terraform-plan`, for HCL stacks run by terraform).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { checkStack, validateTerraformPlan } from '../../engine';
import type { Diagnostic } from '../../rules';
import { CliError, clock, expiryWarningDays, type CliIo } from '../io';
import { locateConfig, readConfigFile } from '../stack-config';
import { synthIfApp } from './synth';
import { renderDiagnosticsHuman, renderDiagnosticsJson } from '../views/diagnostics';

export interface ValidateFlags {
  config?: string;
  stack?: string;
  json?: boolean;
  strict?: boolean;
  expiryWarningDays?: string;
  terraformPlan?: string;
}

/** Exit code: 1 when any error, or any warning with --strict; else 0. */
export async function runValidate(io: CliIo, flags: ValidateFlags): Promise<number> {
  if (flags.terraformPlan !== undefined) return validatePlanFile(io, flags, flags.terraformPlan);
  await synthIfApp(io, flags);
  const file = readConfigFile(io, locateConfig(io, flags));
  const { diagnostics, resources } = checkStack(file.text, {
    now: clock(io),
    expiryWarningDays: expiryWarningDays(io, flags.expiryWarningDays),
  });
  const source = { file: file.display, resources };
  io.stdout(flags.json ? renderDiagnosticsJson(diagnostics, source) : renderDiagnosticsHuman(diagnostics, source));
  return verdict(io, diagnostics, flags.strict);
}

/** 1 on an error, or on a warning with --strict (and then says why); else 0. */
function verdict(io: CliIo, diagnostics: readonly Diagnostic[], strict: boolean | undefined): number {
  if (diagnostics.some((d) => d.severity === 'error')) return 1;
  if (strict && diagnostics.some((d) => d.severity === 'warning')) {
    io.stderr('--strict: the warnings fail the check (exit 1).\n');
    return 1;
  }
  return 0;
}

/** `--terraform-plan FILE`: the JSON of `terraform show -json PLANFILE`, at the plan's addresses. */
function validatePlanFile(io: CliIo, flags: ValidateFlags, planFile: string): number {
  if (flags.config !== undefined || flags.stack !== undefined)
    throw new CliError('--terraform-plan reads the stack from the plan: give it without --config or --stack.');
  const file = readConfigFile(io, resolve(io.cwd, planFile), 'the JSON of "terraform show -json PLANFILE"');
  const diagnostics = validateTerraformPlan(file.text, {
    now: clock(io),
    expiryWarningDays: expiryWarningDays(io, flags.expiryWarningDays),
  });
  io.stdout(flags.json ? renderDiagnosticsJson(diagnostics) : renderDiagnosticsHuman(diagnostics, { file: file.display }));
  return verdict(io, diagnostics, flags.strict);
}

export function registerValidate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description('Check a synthesized stack (or a Terraform plan of an HCL stack) against every rule that needs no tenant.')
    .option('--config <file>', 'the synthesized cdk.tf.json (default: cdktf.out/stacks/<stack>/cdk.tf.json)')
    .option('--stack <name>', 'the stack, when the app has several')
    .option('--json', 'print {"diagnostics": [...]} instead of text')
    .option('--strict', 'exit 1 on warnings too')
    .option(
      '--expiry-warning-days <n>',
      'warn when a deployed certificate expires within n days (default 90; env INTUNE_SCEP_EXPIRY_WARNING_DAYS)',
    )
    .option('--terraform-plan <file>', 'the JSON of "terraform show -json PLANFILE": check the stack the plan describes, at its addresses')
    .action(async (flags: ValidateFlags) => setExit(await runValidate(io, flags)));
}
