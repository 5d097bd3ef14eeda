/** `plan`, `apply` and `destroy`: the engine driven from the command line. */
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { existsSync, readFileSync, statSync } from 'node:fs';
import {
  PlanFileError,
  applyStack,
  verifySavedPlan,
  type SavedPlan,
  configDifference,
  loadPlan,
  parseConfigText,
  planKey,
  planStack,
  readConfig,
  savePlan,
  summarize,
  type EngineHooks,
  type ImpactLimits,
  type Plan,
  type ReadConfigResult,
} from '../../engine';
import { hasErrors, type Diagnostic } from '../../rules';
import { clock, CliError, expiryWarningDays, printable, type CliIo } from '../io';
import { locateConfig, readConfigFile, stackName, synthesizedStacks } from '../stack-config';
import { resolveGraphEndpoint, type GraphEndpointFlags } from '../graph-endpoint';
import { backendFor, declaredAzurerm, type BackendFlags, type DeclaredAzurerm } from '../state-backend';
import { renderPlanHuman, renderPlanJson, renderPlanMarkdown } from '../views/plan';
import { renderDiagnosticHuman } from '../views/diagnostics';
import { PROGRESS_MODES, SUMMARY_EVERY_MS, progress, type ProgressMode } from '../views/progress';
import { synthIfApp } from './synth';

export interface PlanFlags extends GraphEndpointFlags, BackendFlags {
  config?: string;
  stack?: string;
  out?: string;
  json?: boolean;
  markdown?: boolean;
  target?: string[];
  refreshOnly?: boolean;
  strict?: boolean;
  expiryWarningDays?: string;
  detailedExitcode?: boolean;
  destroy?: boolean;
  autoApprove?: boolean;
  progress?: string;
  maxImpactDevices?: string;
  maxImpactUsers?: string;
  acceptUnreportedImpact?: boolean;
  planKeyFile?: string;
}

/**
 * The plan key that signs saved plans (plan) and is required of them (apply): --plan-key-file, else
 * INTUNE_SCEP_PLAN_KEY; undefined when neither is set. The key is never printed.
 */
function planKeyOf(io: CliIo, flags: { planKeyFile?: string }): Buffer | undefined {
  if (flags.planKeyFile !== undefined) {
    const file = resolve(io.cwd, flags.planKeyFile);
    const st = statSync(file, { throwIfNoEntry: false });
    if (!st?.isFile() || st.size > 4096)
      throw new CliError(
        `--plan-key-file ${flags.planKeyFile}: ${!st ? 'no such file' : !st.isFile() ? 'not a regular file' : 'larger than any key (4 KiB)'}. Name a file holding the plan key (for example the output of "openssl rand -hex 32").`,
      );
    return planKey(readFileSync(file, 'utf8'), `--plan-key-file ${flags.planKeyFile}`);
  }
  const env = io.env.INTUNE_SCEP_PLAN_KEY;
  return env === undefined || env === '' ? undefined : planKey(env, 'INTUNE_SCEP_PLAN_KEY');
}

/** The plan options the flags give (mode, targets, impact limits): one reading for plan and apply. */
function planOptions(io: CliIo, flags: PlanFlags): PlanOptionsFromFlags {
  const days = expiryWarningDays(io, flags.expiryWarningDays);
  return {
    ...(days !== undefined ? { expiryWarningDays: days } : {}),
    mode: flags.destroy ? 'destroy' : flags.refreshOnly ? 'refresh-only' : 'normal',
    ...(flags.target?.length ? { targets: flags.target } : {}),
    ...(impactLimits(flags) ? { maxImpact: impactLimits(flags) } : {}),
  };
}
type PlanOptionsFromFlags = Parameters<typeof planStack>[2];

/**
 * --max-impact-devices / --max-impact-users as numbers, and --accept-unreported-impact; undefined when
 * no limit is given (the acceptance alone would accept nothing, so it is refused).
 */
function impactLimits(flags: Pick<PlanFlags, 'maxImpactDevices' | 'maxImpactUsers' | 'acceptUnreportedImpact'>): ImpactLimits | undefined {
  const read = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    if (!/^\d{1,9}$/.test(v))
      throw new CliError(
        `${flag} ${JSON.stringify(v)}: give a whole number of ${flag.endsWith('devices') ? 'devices' : 'users'} (0 or more), e.g. ${flag} 500.`,
      );
    return Number(v);
  };
  const devices = read('--max-impact-devices', flags.maxImpactDevices);
  const users = read('--max-impact-users', flags.maxImpactUsers);
  if (devices === undefined && users === undefined) {
    if (flags.acceptUnreportedImpact)
      throw new CliError(
        '--accept-unreported-impact accepts profiles whose certificates Intune does not report under a limit, and no limit is set: give --max-impact-devices or --max-impact-users with it, or leave it out.',
      );
    return undefined;
  }
  return {
    ...(devices !== undefined ? { devices } : {}),
    ...(users !== undefined ? { users } : {}),
    ...(flags.acceptUnreportedImpact ? { acceptUnreported: true } : {}),
  };
}

/**
 * The stack as this checkout has it, for apply of a saved plan: the source apply trusts. Synthesized
 * first when the folder is an app; undefined when the folder holds neither an app, a synthesized
 * stack of that name nor a --config.
 */
async function checkoutStack(
  io: CliIo,
  flags: PlanFlags,
  stack: string,
): Promise<{ display: string; config: ReadConfigResult; azurerm: DeclaredAzurerm | undefined } | undefined> {
  const app = existsSync(join(io.cwd, 'cdktf.json'));
  if (flags.config === undefined && !app && !synthesizedStacks(io).stacks.includes(stack)) return undefined;
  await synthIfApp(io, flags);
  const file = readConfigFile(io, locateConfig(io, { ...flags, stack }));
  const parsed = parseConfigText(file.text);
  if (!parsed.ok) throw new CliError(`${file.display}: ${parsed.diagnostic.detail}`);
  return { display: file.display, config: readConfig(parsed.doc), azurerm: declaredAzurerm(parsed.doc, file.display) };
}

function loadStack(
  io: CliIo,
  flags: PlanFlags,
): { stack: string; config: ReadConfigResult; display: string; azurerm: DeclaredAzurerm | undefined } {
  const file = readConfigFile(io, locateConfig(io, flags));
  const parsed = parseConfigText(file.text);
  const config: ReadConfigResult = parsed.ok ? readConfig(parsed.doc) : { resources: [], diagnostics: [parsed.diagnostic] };
  return {
    stack: stackName(flags, file.path),
    config,
    display: file.display,
    azurerm: parsed.ok ? declaredAzurerm(parsed.doc, file.display) : undefined,
  };
}

/** Refresh progress for plan (apply's progress is views/progress.ts). */
function planHooks(io: CliIo): EngineHooks {
  return { onRefresh: (e) => io.stderr(`Refreshed ${e.objects} object(s) with ${e.requests} Graph request(s).\n`) };
}

function render(io: CliIo, flags: PlanFlags, plan: Plan, source: { display: string; config: ReadConfigResult }): void {
  const diagnostics = { file: source.display, resources: source.config.resources };
  if (flags.json) io.stdout(renderPlanJson(plan, diagnostics));
  else if (flags.markdown) io.stdout(renderPlanMarkdown(plan));
  else io.stdout(renderPlanHuman(plan, diagnostics));
}

export async function runPlan(io: CliIo, flags: PlanFlags): Promise<number> {
  await synthIfApp(io, flags);
  const s = loadStack(io, flags);
  const key = flags.out ? planKeyOf(io, flags) : undefined;
  const target = await resolveGraphEndpoint(io, flags);
  io.stderr(`Planning stack "${s.stack}" against ${target.description}.\n`);
  try {
    const plan = await planStack(
      {
        stack: s.stack,
        backend: await backendFor(io, flags, s.stack, s.azurerm),
        api: target.api,
        tenant: target.tenant,
        now: () => clock(io),
        hooks: planHooks(io),
      },
      s.config,
      planOptions(io, flags),
    );
    render(io, flags, plan, s);
    if (flags.out && hasErrors(plan.diagnostics)) io.stderr(`The plan has errors: nothing was saved to ${flags.out}.\n`);
    else if (flags.out) {
      const inputs = { config: s.config.document ?? { resource: {} }, ...(flags.target?.length ? { targets: flags.target } : {}) };
      savePlan(resolve(io.cwd, flags.out), { plan, inputs, graph: target.identity }, key);
      io.stderr(
        `Saved the plan to ${flags.out}${key ? ', signed with the plan key' : ''}: apply it with "intune-scep apply ${flags.out}" (apply makes it again and refuses it if anything it rests on moved).\n`,
      );
    }
    if (plan.diagnostics.some((d) => d.severity === 'error' || (flags.strict && d.severity === 'warning'))) return 1;
    return flags.detailedExitcode && changesSomething(plan) ? 2 : 0;
  } finally {
    await target.close();
  }
}

/** Whether a plan changes anything (--detailed-exitcode's 2): a write, an import, a refresh-only read. */
function changesSomething(plan: Plan): boolean {
  const s = summarize(plan);
  const reads = plan.mode === 'refresh-only' ? plan.changes.filter((c) => c.action === 'read').length : 0;
  return s.add + s.change + s.destroy + (s.import ?? 0) + reads > 0;
}

export interface ShowFlags extends GraphEndpointFlags, BackendFlags {
  destroy?: boolean;
  refreshOnly?: boolean;
  target?: string[];
  json?: boolean;
  markdown?: boolean;
  detailedExitcode?: boolean;
  planKeyFile?: string;
  verify?: boolean;
  maxImpactDevices?: string;
  maxImpactUsers?: string;
  acceptUnreportedImpact?: boolean;
}

/**
 * A saved plan applies, and is verified, only against the Graph it was made against: resolveGraphEndpoint's
 * check, before the Graph is started or asked anything.
 */
const sameGraph = (planFile: string, saved: SavedPlan) => (identity: string) => {
  if (saved.graph !== identity)
    throw new CliError(
      `${planFile} was made against ${saved.graph}, not ${identity}. Apply a plan to the Graph it was made against (the same --graph-url / --tenant-id), or plan again.`,
    );
};

/**
 * `intune-scep show PLAN-FILE`: a saved plan as `plan` printed it, read and checked as apply reads it
 * (its format, and its signature when a plan key is given), not applied. Without --verify, neither the
 * state nor a tenant is read, and all but the changes is the word of the job that saved it. With
 * --verify, the plan is made again as apply makes it (from its config, against the state and the
 * tenant, unlocked, read only) and refused when its changes differ; what is printed is the plan made
 * now. For a job that runs no code of the pull request's: its comment is then the plan the merge
 * applies, with the tenant's impact, names, warnings and drift.
 */
export async function runShow(io: CliIo, planFile: string, flags: ShowFlags): Promise<number> {
  const saved = loadPlan(resolve(io.cwd, planFile), planKeyOf(io, flags));
  const signed = saved.signed ? 'Signed with the plan key. ' : '';
  const print = (note: string, plan: Plan) => {
    if (flags.json) io.stdout(renderPlanJson(plan, { file: planFile }));
    else if (flags.markdown) io.stdout(`> ${note}\n\n${renderPlanMarkdown(plan)}`);
    else {
      io.stderr(`${note}\n`);
      io.stdout(renderPlanHuman(plan, { file: planFile }));
    }
  };
  if (!flags.verify) {
    const verifyOnly = (
      ['target', 'destroy', 'refreshOnly', 'maxImpactDevices', 'maxImpactUsers', 'acceptUnreportedImpact'] as const
    ).filter((k) => flags[k] !== undefined);
    if (verifyOnly.length)
      throw new CliError(
        `${verifyOnly.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} ${verifyOnly.length === 1 ? 'is' : 'are'} for show --verify, which makes the plan again; plain show prints the file as it is. Add --verify, or leave ${verifyOnly.length === 1 ? 'it' : 'them'} out.`,
      );
    // What apply checks of a saved plan is its changes (and its config, Graph and mode); the rest the
    // file says as whoever wrote it said it (found by review): --verify shows it as the tenant has it.
    print(
      `${signed}Shown from a saved plan: apply makes exactly these changes or none. The certificate impact, the names, the warnings and the drift are as the job that saved it reported them (show --verify makes the plan again to show them as the tenant has them); apply counts the impact again against its limits only.`,
      saved.plan,
    );
    return flags.detailedExitcode && changesSomething(saved.plan) ? 2 : 0;
  }
  asAsked(planFile, saved, flags, 'show --verify');
  const target = await resolveGraphEndpoint(io, flags, undefined, sameGraph(planFile, saved));
  const stack = saved.plan.stack;
  io.stderr(`Verifying the saved plan of stack "${stack}" against ${target.description}.\n`);
  try {
    const limits = impactLimits(flags);
    const made = await verifySavedPlan(
      {
        stack,
        // State where the flags and the environment say, never where the plan's config declares: that
        // is the pull request's choice.
        backend: await backendFor(io, flags, stack, undefined),
        api: target.api,
        tenant: target.tenant,
        now: () => clock(io),
        hooks: planHooks(io),
      },
      saved,
      limits ? { maxImpact: limits } : undefined,
    );
    print(
      made.plan.tenantUnread
        ? `${signed}Made again from the saved plan's config: the stack breaks a rule on its own now, so the tenant was not read and apply would apply nothing.`
        : `${signed}Made again from the saved plan's config against the state and the tenant as they are now: apply makes exactly these changes or none. The certificate impact, the names, the warnings and the drift are the tenant's now.${'blocked' in made ? ' It has errors now: apply would apply nothing.' : ''}`,
      made.plan,
    );
    if ('blocked' in made) {
      // Also on stderr, as apply says it: a pipeline that keeps stdout only on success still has why.
      for (const d of made.plan.diagnostics) if (d.severity === 'error') io.stderr(`${renderDiagnosticHuman(d, {})}\n`);
      return 1;
    }
    return flags.detailedExitcode && changesSomething(made.plan) ? 2 : 0;
  } finally {
    await target.close();
  }
}

/**
 * The file says what kind of plan it is, and whoever made it chose that (in a pipeline, perhaps a
 * pull request's code): apply applies it, and show --verify shows it, only as the command asks. A
 * destroy plan needs --destroy, a refresh-only one --refresh-only, a targeted one the same --target.
 */
function asAsked(
  planFile: string,
  saved: SavedPlan,
  flags: Pick<PlanFlags, 'destroy' | 'refreshOnly' | 'target'>,
  command: 'apply' | 'show --verify',
): void {
  const asked = {
    mode: flags.destroy ? 'destroy' : flags.refreshOnly ? 'refresh-only' : 'normal',
    targets: [...(flags.target ?? [])].sort(),
  };
  const made = { mode: saved.plan.mode ?? 'normal', targets: [...(saved.inputs.targets ?? [])].sort() };
  const words = (k: typeof asked) =>
    `${k.mode === 'normal' ? 'a' : k.mode === 'destroy' ? 'a --destroy' : 'a --refresh-only'} plan${k.targets.length ? ` with --target ${k.targets.join(' ')}` : ''}`;
  if (asked.mode !== made.mode || JSON.stringify(asked.targets) !== JSON.stringify(made.targets))
    throw new PlanFileError(
      `${planFile} is ${words(made)}, and this ${command} asks for ${words(asked)}: a saved plan ${command === 'apply' ? 'applies only as the apply command says' : 'is verified only as the show command says'}. Nothing was applied; plan again as intended, review it, and ${command === 'apply' ? 'apply' : 'show'} it with the same flags.`,
      'plan/other-mode',
    );
}

export async function runApply(io: CliIo, flags: PlanFlags, planFile: string | undefined): Promise<number> {
  const saved = planFile ? loadPlan(resolve(io.cwd, planFile), planKeyOf(io, flags)) : undefined;
  if (saved && planFile) asAsked(planFile, saved, flags, 'apply');
  if (!saved) await synthIfApp(io, flags);
  const s = saved ? undefined : loadStack(io, flags);
  if (saved && flags.stack !== undefined && flags.stack !== saved.plan.stack) {
    throw new CliError(
      `${planFile} is a plan for stack "${saved.plan.stack}", not "${flags.stack}" (--stack). Apply it without --stack, or plan stack "${flags.stack}".`,
    );
  }
  const stack = saved ? saved.plan.stack : (s as NonNullable<typeof s>).stack;
  // A saved plan applies only to the config it was made from: the checkout's (the source apply
  // trusts), or, where there is none, one its signature vouches for.
  const checkout = saved ? await checkoutStack(io, flags, stack) : undefined;
  if (saved && checkout) {
    const differs = configDifference(saved.inputs.config, checkout.config.document ?? { resource: {} });
    if (differs)
      throw new PlanFileError(
        `${planFile} was made from another config than this checkout's stack ${checkout.display}: ${differs}. Nothing was applied; plan again from this checkout and review that plan.`,
        'plan/other-config',
      );
  } else if (saved && !saved.signed) {
    throw new PlanFileError(
      `nothing to check ${planFile} against: apply it in the app's folder (the checkout it was reviewed for) or with --config FILE, so apply can check it was made from that stack; or sign plans with a plan key (INTUNE_SCEP_PLAN_KEY) in the job that plans and the job that applies.`,
      'plan/unverified',
    );
  }
  // A saved plan's impact is counted again at apply, with the counts Graph reports now (run.ts).
  const limits = impactLimits(flags);
  const azurerm = saved ? checkout?.azurerm : s?.azurerm;
  if (flags.progress !== undefined && !PROGRESS_MODES.includes(flags.progress as ProgressMode)) {
    throw new CliError(`--progress ${JSON.stringify(flags.progress)} is not a progress mode; use ${PROGRESS_MODES.join(', ')}.`);
  }
  let waited = () => 0;
  const shown = progress(io, (flags.progress ?? 'auto') as ProgressMode, { now: () => clock(io).getTime(), waitedMs: () => waited() });
  const target = await resolveGraphEndpoint(io, flags, shown.onGraphEvent, saved && planFile ? sameGraph(planFile, saved) : undefined);
  waited = () => target.api.client.budget.stats.waitedMs;
  io.stderr(`${flags.destroy ? 'Destroying' : 'Applying'} stack "${stack}" against ${target.description}.\n`);
  try {
    const interrupt = new AbortController();
    const unsubscribe = io.onInterrupt?.(() => {
      interrupt.abort();
      io.stderr(
        '\nInterrupted: no new step starts; the steps in flight finish, then state is saved and the lock released. Interrupt again to stop at once (the state journal keeps every finished step).\n',
      );
    });
    const approve = async (plan: Plan): Promise<boolean> => {
      if (!saved) render(io, { ...flags, json: false, markdown: false }, plan, s as NonNullable<typeof s>);
      else
        io.stderr(
          `The saved plan holds: made again from its config against the state and the tenant as they are now, it gives the same ${plan.changes.filter((c) => c.action !== 'no-op').length} change(s)${saved.signed ? ", and its signature is the plan key's" : ''}.\n`,
        );
      const c = summarize(plan);
      if (c.add + c.change + c.destroy === 0 && plan.mode !== 'refresh-only') return true;
      if (flags.autoApprove || saved) return true;
      if (!io.confirm)
        throw new CliError(
          'refusing to apply without confirmation: not on a terminal. Review the plan, then run again with --auto-approve (or apply a saved plan).',
        );
      // An interrupt (SIGTERM; Ctrl-C reaches the prompt itself) while asking is a "no".
      const interrupted = new Promise<string>((r) =>
        interrupt.signal.aborted ? r('') : interrupt.signal.addEventListener('abort', () => r(''), { once: true }),
      );
      const answer = await Promise.race([
        io.confirm(
          `Do you want to perform these actions${flags.destroy ? ' (destroy everything in the stack)' : ''}? Only 'yes' will be accepted: `,
        ),
        interrupted,
      ]);
      return answer.trim() === 'yes';
    };
    const result = await applyStack(
      {
        stack,
        backend: await backendFor(io, flags, stack, azurerm),
        api: target.api,
        tenant: target.tenant,
        now: () => clock(io),
        hooks: shown.hooks,
        signal: interrupt.signal,
      },
      saved
        ? { saved, options: limits ? { maxImpact: limits } : {} }
        : { config: (s as NonNullable<typeof s>).config, options: planOptions(io, flags) },
      approve,
    ).finally(() => unsubscribe?.());
    shown.finish();
    if ('blocked' in result) {
      if (s) render(io, { ...flags, json: false, markdown: false }, result.plan, s);
      else for (const d of result.plan.diagnostics) if (d.severity === 'error') io.stderr(`${renderDiagnosticHuman(d, {})}\n`);
      io.stderr('Nothing was applied: the plan has errors.\n');
      return 1;
    }
    if ('declined' in result) {
      io.stdout('Apply cancelled.\n');
      return 1;
    }
    const c = summarize(result.plan);
    // A diagnostic of the run (a state or lock error) has no address; a step's names its object.
    const say = (e: Diagnostic) => io.stderr(`Error: ${e.address ? `${e.address} (${e.summary}): ` : ''}${printable(e.detail)}\n`);
    if (result.stateFailed) {
      // The state error comes first and counts the steps not started; those are not listed one by one.
      for (const e of result.errors) if (e.code !== 'apply/not-started') say(e);
      io.stdout(
        `Apply stopped: the state refused a write (the state error on stderr). ${result.applied} step(s) were applied and recorded.\n`,
      );
      return 1;
    }
    if (result.interrupted) {
      const notStarted = result.errors.filter((e) => e.code === 'apply/not-started');
      for (const e of result.errors) if (!notStarted.includes(e)) say(e);
      io.stdout(
        `Apply interrupted: ${result.applied} step(s) applied, ${notStarted.length} not started (${notStarted.map((e) => `${e.summary.split(' ')[0]} ${e.address}`).join(', ')}). State holds what was applied; run plan to see what is left.\n`,
      );
      return 130;
    }
    for (const e of result.errors) say(e);
    if (result.errors.length > 0) {
      io.stdout(
        `Apply finished with ${result.errors.length} error(s); state holds everything that succeeded. Run plan to see what is left.\n`,
      );
      return 1;
    }
    io.stdout(
      flags.destroy
        ? `Destroy complete! Resources: ${c.destroy} destroyed.\n`
        : `Apply complete! Resources: ${c.add} added, ${c.change} changed, ${c.destroy} destroyed.\n`,
    );
    return 0;
  } finally {
    await target.close();
  }
}

/** Where state lives (state-backend.ts). */
export function backendOptions(cmd: Command): Command {
  return cmd
    .option(
      '--backend <kind>',
      'where state lives: local (.intune-scep/state, the default) or azurerm (Azure Blob Storage; env INTUNE_SCEP_BACKEND)',
    )
    .option('--storage-account <name>', 'azurerm: the storage account (env INTUNE_SCEP_STORAGE_ACCOUNT)')
    .option('--container <name>', 'azurerm: the blob container (env INTUNE_SCEP_STORAGE_CONTAINER)')
    .option('--key-prefix <prefix>', 'azurerm: prefix of the state blob names, e.g. intune/prod/ (env INTUNE_SCEP_STORAGE_KEY_PREFIX)');
}

export function targetOptions(cmd: Command): Command {
  return backendOptions(cmd)
    .option('--graph-url <url>', 'the Graph to use: a mock server (http://127.0.0.1:PORT) or another URL (env INTUNE_SCEP_GRAPH_URL)')
    .option('--tenant-id <id>', 'a real tenant; credentials from AZURE_* variables, managed identity or Azure CLI (env AZURE_TENANT_ID)')
    .option(
      '--cloud <name>',
      'public, usgov, usgovdod or china: the Graph and Entra ID hosts of a national cloud (env INTUNE_SCEP_CLOUD; default from AZURE_AUTHORITY_HOST, else public)',
    );
}

function stackOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', 'the synthesized cdk.tf.json (default: cdktf.out/stacks/<stack>/cdk.tf.json)')
    .option('--stack <name>', 'the stack, when the app has several')
    .option('--target <address...>', 'limit to these resources and what they depend on')
    .option('--refresh-only', 'only update state from the tenant')
    .option(
      '--max-impact-devices <n>',
      'refuse a plan that changes certificates on more than n devices (as Graph reports them; an unreported count is refused too)',
    )
    .option('--max-impact-users <n>', 'refuse a plan that changes certificates of more than n users')
    .option(
      '--expiry-warning-days <n>',
      'warn when a deployed certificate expires within n days (default 90; env INTUNE_SCEP_EXPIRY_WARNING_DAYS)',
    )
    .option(
      '--accept-unreported-impact',
      'with a --max-impact-* limit: accept changes to profiles whose certificates Intune does not report (AOSP, Android Enterprise fully managed/dedicated/COPE) instead of refusing the plan',
    )
    .option(
      '--plan-key-file <file>',
      'the key that signs saved plans (plan --out) and that apply requires of them (env INTUNE_SCEP_PLAN_KEY)',
    );
}

export function registerPlanCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  targetOptions(
    stackOptions(program.command('plan').description('Refresh from Graph and show what apply would change.'))
      .option('--out <file>', 'save the plan for "apply <file>"')
      .option('--json', 'print the plan as JSON (close to terraform show -json)')
      .option('--markdown', 'print the plan as Markdown, for a pull-request comment')
      .option('--strict', 'exit 1 on warnings too')
      .option('--detailed-exitcode', 'exit 2 when there are changes')
      .option('--destroy', 'plan the deletion of everything in the stack'),
  ).action(async (flags: PlanFlags) => setExit(await runPlan(io, flags)));

  const progressHelp = `apply progress on stderr: ${PROGRESS_MODES.join(', ')} (auto: a live line on a terminal, a summary line every ${SUMMARY_EVERY_MS / 1000} s otherwise)`;
  targetOptions(
    stackOptions(program.command('apply [plan-file]').description('Plan and apply (asks first on a terminal), or apply a saved plan.'))
      .option('--auto-approve', 'do not ask for confirmation')
      .option('--destroy', 'delete everything in the stack; with a saved plan: it is a --destroy plan (refused otherwise)')
      .option('--progress <mode>', progressHelp, 'auto'),
  ).action(async (planFile: string | undefined, flags: PlanFlags) => setExit(await runApply(io, flags, planFile)));

  targetOptions(
    program
      .command('show <plan-file>')
      .description('Print a saved plan (plan --out): checked, not applied; with --verify, made again against the state and the tenant.')
      .option('--json', 'print the plan as JSON (as plan --json)')
      .option('--markdown', 'print the plan as Markdown (as plan --markdown)')
      .option('--detailed-exitcode', 'exit 2 when the plan changes something')
      .option('--plan-key-file <file>', 'the plan key, to check a signed plan (env INTUNE_SCEP_PLAN_KEY)')
      .option(
        '--verify',
        "make the plan again from its config against the state and the tenant (read only, as apply does) and print that plan: refused when its changes differ; impact, names, warnings and drift then are the tenant's",
      )
      .option('--target <address...>', 'with --verify: the plan was made with these --target (as apply is told)')
      .option('--destroy', 'with --verify: the plan is a --destroy plan')
      .option('--refresh-only', 'with --verify: the plan is a --refresh-only plan')
      .option('--max-impact-devices <n>', 'with --verify: the device limit apply will use (as plan --max-impact-devices)')
      .option('--max-impact-users <n>', 'with --verify: the user limit apply will use')
      .option('--accept-unreported-impact', 'with --verify and a limit: as plan --accept-unreported-impact'),
  ).action(async (planFile: string, flags: ShowFlags) => setExit(await runShow(io, planFile, flags)));

  targetOptions(
    program
      .command('destroy')
      .description('Delete everything in the stack from the tenant, dependants first.')
      .option('--config <file>', 'the synthesized cdk.tf.json')
      .option('--stack <name>', 'the stack')
      .option('--auto-approve', 'do not ask for confirmation')
      .option('--progress <mode>', progressHelp, 'auto'),
  ).action(async (flags: PlanFlags) => setExit(await runApply(io, { ...flags, destroy: true }, undefined)));
}
