/** `intune-scep export`: an existing tenant's certificate profiles → a CDKTF app, with state, ready to plan. */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { summarize } from '../../engine';
import { ExportError, exportTenant } from '../../export';
import { NewFiles } from '../../export';
import { packageVersion } from '../../package-info';
import { PLATFORMS, isPlatform, type Platform } from '../../schema';
import { CliError, clock, type CliIo } from '../io';
import { backendFor, type BackendFlags } from '../state-backend';
import { resolveGraphEndpoint, type GraphEndpoint, type GraphEndpointFlags } from '../graph-endpoint';
import { renderDiagnosticHuman } from '../views/diagnostics';
import { renderPlanHuman } from '../views/plan';
import { targetOptions } from './plan';

export interface ExportFlags extends GraphEndpointFlags, BackendFlags {
  out?: string;
  stack?: string;
  platform?: string[];
  name?: string;
  cdktn?: boolean;
}

function selection(flags: ExportFlags): { platforms?: Platform[]; name?: RegExp; stack: string } {
  const platforms = flags.platform
    ?.flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
  for (const p of platforms ?? [])
    if (!isPlatform(p)) throw new CliError(`--platform ${JSON.stringify(p)} is not a platform; use ${PLATFORMS.join(', ')}.`);
  let name: RegExp | undefined;
  if (flags.name !== undefined) {
    if (flags.name.length > 200) throw new CliError('--name: a pattern of at most 200 characters, please.');
    try {
      name = new RegExp(flags.name, 'i');
    } catch (e) {
      throw new CliError(`--name ${JSON.stringify(flags.name)} is not a regular expression (${(e as Error).message}).`);
    }
  }
  // The state backend checks the name, as for every command.
  const stack = flags.stack ?? 'intune';
  return { ...(platforms?.length ? { platforms: platforms as Platform[] } : {}), ...(name ? { name } : {}), stack };
}

export async function runExport(io: CliIo, flags: ExportFlags): Promise<number> {
  const chosen = selection(flags);
  const dir = resolve(io.cwd, flags.out ?? 'intune-export');
  const target = await resolveGraphEndpoint(io, flags);
  const graphUrl = flags.graphUrl ?? io.env.INTUNE_SCEP_GRAPH_URL;
  const source = target.tenant ? `tenant ${target.tenant}` : graphUrl ? `Graph at ${graphUrl}` : 'the embedded mock tenant';
  io.stderr(`Exporting the SCEP and trusted root profiles of ${target.description}.\n`);
  let code: number;
  try {
    code = await exportAndReport(io, flags, target, dir, chosen, source);
  } catch (e) {
    await target.close();
    if (e instanceof ExportError) throw new CliError(e.message);
    throw e;
  }
  await target.close();
  // The embedded tenant lives in the folder a command runs in: the app's folder gets a copy (written
  // by close), or its plans would meet an empty tenant and refuse every import.
  // A new file inside the folder, as every file export writes.
  const tenantFile = resolve(io.cwd, '.intune-scep', 'mock-tenant.json');
  try {
    if (target.embedded && tenantFile !== join(dir, '.intune-scep', 'mock-tenant.json') && existsSync(tenantFile))
      NewFiles.open(dir).write('.intune-scep/mock-tenant.json', readFileSync(tenantFile));
  } catch (e) {
    if (e instanceof ExportError) throw new CliError(e.message);
    throw e;
  }
  return code;
}

/** Export, then say what was written and what the first plan found: the exit code. */
async function exportAndReport(
  io: CliIo,
  flags: ExportFlags,
  target: GraphEndpoint,
  dir: string,
  chosen: ReturnType<typeof selection>,
  source: string,
): Promise<number> {
  // Local state goes into the app's folder, where its plans will run.
  const backend = await backendFor({ ...io, cwd: dir }, flags, chosen.stack);
  const r = await exportTenant({
    api: target.api,
    dir,
    backend,
    ...chosen,
    flavour: flags.cdktn ? 'cdktn' : 'cdktf',
    source,
    packageVersion: packageVersion(),
    now: () => clock(io),
    tenant: target.tenant,
  });
  const shown = relative(io.cwd, dir) || '.';
  const where = isAbsolute(shown) || shown.startsWith('..') ? dir : shown;
  io.stdout(`Exported ${r.objects} object(s) into ${where}: ${r.files.filter((f) => !f.startsWith('cdktf.out/')).join(', ')}.\n`);
  io.stdout(
    `State: ${r.stateLocation.startsWith(dir) ? relative(dir, r.stateLocation) : r.stateLocation} holds every object and its assignments (imported), so the first plan changes nothing.\n`,
  );
  if (r.diagnostics.length > 0) {
    io.stdout(`\nFindings on what the tenant holds (${r.diagnostics.length}):\n\n`);
    for (const d of r.diagnostics) io.stdout(`${renderDiagnosticHuman(d, {})}\n\n`);
  }
  const errors = r.plan.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) {
    io.stdout(
      `\nThe tenant holds ${errors} setting(s) the rules refuse (the errors above): the app and its state are written, but synth and plan refuse them until you fix main.ts (and the tenant, with apply).${r.plan.tenantUnread ? ' The rules on groups and filters run once those pass.' : ''}\n`,
    );
    return 1;
  }
  const s = summarize(r.plan);
  if (s.add + s.change + s.destroy > 0) {
    io.stdout(
      `\nThe first plan is not empty: export could not say everything the tenant holds. Please report this with the plan below.\n\n${renderPlanHuman(r.plan)}`,
    );
    return 1;
  }
  if (target.embedded)
    io.stdout(
      `\nThe embedded tenant is copied into ${where}/.intune-scep/mock-tenant.json, so plans in the app's folder see the same objects.\n`,
    );
  io.stdout(
    `\nFirst plan: no changes (${r.plan.changes.length} resource(s)).\nNext: cd ${where} && npm install && npx intune-scep plan${flags.graphUrl ? ` --graph-url ${flags.graphUrl}` : flags.tenantId ? ` --tenant-id ${flags.tenantId}` : ''}\n`,
  );
  return 0;
}

export function registerExport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  targetOptions(
    program
      .command('export')
      .description(
        "Write a CDKTF app (main.ts with intune-scep's constructs) for a tenant's SCEP and trusted root profiles, with the state that adopts them: the first plan changes nothing.",
      )
      .option('--out <dir>', 'the folder to write the app into (default: intune-export): new, empty, or holding nothing but .git')
      .option('--stack <name>', 'the stack name (default: intune)')
      .option('--platform <platform...>', `only these platforms (${PLATFORMS.join(', ')}); roots their profiles need come along`)
      .option('--name <regex>', 'only profiles whose display name matches (case-insensitive)')
      .option('--cdktn', 'write the app for cdktn (the maintained fork of CDKTF) instead of cdktf'),
  ).action(async (flags: ExportFlags) => setExit(await runExport(io, flags)));
}
