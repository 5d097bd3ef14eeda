/** `import`, `state list|show|rm` and `force-unlock`. */
import { renderDiagnosticsHuman } from '../views/diagnostics';
import type { Command } from 'commander';
import { importResource, parseConfigText, readConfig } from '../../engine';
import { releasing, stateResource } from '../../state';
import { clock, CliError, type CliIo } from '../io';
import { locateConfig, readConfigFile, stackName, synthesizedStacks } from '../stack-config';
import { resolveGraphEndpoint, type GraphEndpointFlags } from '../graph-endpoint';
import { backendFor, declaredAzurerm, type BackendFlags, type DeclaredAzurerm } from '../state-backend';
import { backendOptions } from './plan';

interface StackFlags extends GraphEndpointFlags, BackendFlags {
  config?: string;
  stack?: string;
}

/**
 * The stack a state command works on: --stack, else the one stack under cdktf.out/stacks/ (as plan
 * and apply choose it), else "default" (the stack of a plain --config file).
 */
function stackOf(io: CliIo, flags: StackFlags): string {
  if (flags.stack !== undefined) return flags.stack;
  const { stacks } = synthesizedStacks(io);
  if (stacks.length > 1) throw new CliError(`the app has several stacks (${stacks.join(', ')}); choose one with --stack NAME.`);
  return stacks[0] ?? 'default';
}

/** The azurerm backend the stack's synthesized config declares, when there is one to read. */
function declaredOf(io: CliIo, flags: StackFlags): DeclaredAzurerm | undefined {
  try {
    const file = readConfigFile(io, locateConfig(io, flags));
    const parsed = parseConfigText(file.text);
    return parsed.ok ? declaredAzurerm(parsed.doc, file.display) : undefined;
  } catch {
    return undefined; // no config here: flags and variables say where state is
  }
}

export function registerStateCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('import <address> <id>')
    .description('Adopt an existing Graph object into state at ADDRESS; the next plan shows only real differences.')
    .option('--config <file>', 'the synthesized cdk.tf.json')
    .option('--stack <name>', 'the stack')
    .option('--graph-url <url>', 'the Graph to use (a mock server, or another URL)')
    .option('--tenant-id <id>', 'a real tenant')
    .option('--cloud <name>', 'public, usgov, usgovdod or china (env INTUNE_SCEP_CLOUD)')
    .option('--backend <kind>', 'where state lives: local (the default) or azurerm (env INTUNE_SCEP_BACKEND)')
    .option('--storage-account <name>', 'azurerm: the storage account')
    .option('--container <name>', 'azurerm: the blob container')
    .option('--key-prefix <prefix>', 'azurerm: prefix of the state blob names')
    .action(async (address: string, id: string, flags: StackFlags) => {
      const file = readConfigFile(io, locateConfig(io, flags));
      const parsed = parseConfigText(file.text);
      if (!parsed.ok) throw new CliError(`${file.display}: ${parsed.diagnostic.detail}`);
      const stack = stackName(flags, file.path);
      const target = await resolveGraphEndpoint(io, flags);
      try {
        const { diagnostics } = await importResource(
          {
            stack,
            backend: await backendFor(io, flags, stack, declaredAzurerm(parsed.doc, file.display)),
            api: target.api,
            tenant: target.tenant,
            now: () => clock(io),
          },
          readConfig(parsed.doc),
          address,
          id,
        );
        io.stdout(`Imported ${id} as ${address}. Run plan to see any differences from the stack.\n`);
        if (diagnostics.length > 0) io.stderr(renderDiagnosticsHuman(diagnostics));
        setExit(0);
      } finally {
        await target.close();
      }
    });

  const state = program.command('state').description('Inspect and edit state.');
  /** A command on a stack's state: --stack, --config (for the stack's AzurermBackend) and the backend flags. */
  const onState = (parent: Command, spec: string, description: string) =>
    backendOptions(
      parent
        .command(spec)
        .description(description)
        .option('--stack <name>', 'the stack (default: the one under cdktf.out/stacks/, else "default")')
        .option(
          '--config <file>',
          "the synthesized cdk.tf.json, for the stack's AzurermBackend (default: cdktf.out/stacks/<stack>/cdk.tf.json)",
        ),
    );
  const where = async (flags: StackFlags) => {
    const stack = stackOf(io, flags);
    return { stack, backend: await backendFor(io, flags, stack, declaredOf(io, flags)) };
  };

  onState(state, 'list', 'List the addresses in state.').action(async (flags: StackFlags) => {
    const { stack, backend } = await where(flags);
    const s = await backend.read(stack);
    for (const address of Object.keys(s.resources).sort()) io.stdout(`${address}\n`);
    setExit(0);
  });
  onState(state, 'show <address>', 'Show one object as state holds it.').action(async (address: string, flags: StackFlags) => {
    const { stack, backend } = await where(flags);
    const r = stateResource(await backend.read(stack), address);
    if (!r) throw new CliError(`${address} is not in state (see "intune-scep state list").`);
    io.stdout(`# ${address}\n${JSON.stringify({ type: r.type, id: r.id, attributes: r.attrs, dependencies: r.dependencies }, null, 2)}\n`);
    setExit(0);
  });
  onState(state, 'rm <address>', 'Forget an object (it stays in the tenant).').action(async (address: string, flags: StackFlags) => {
    const { stack, backend } = await where(flags);
    const lock = await backend.lock(`state rm ${address}`, clock(io));
    const r = await releasing(lock, async () => {
      const s = await backend.read(stack);
      const held = stateResource(s, address);
      if (!held)
        throw new CliError(
          `${address.length > 200 ? `${address.slice(0, 200)}\u2026` : address} is not in state (see "intune-scep state list").`,
        );
      const { [address]: _gone, ...rest } = s.resources;
      await backend.write({ ...s, resources: rest });
      return held;
    });
    io.stdout(`Removed ${address} (id ${r.id}) from state; the object stays in the tenant.\n`);
    setExit(0);
  });
  onState(
    program,
    'force-unlock [id]',
    'Break a stale state lock (from a run that died): by the lock id its error printed, or --holderless for a lock that names no holder.',
  )
    .option('--holderless', 'break a lock that names no holder (a run that died while taking it); refused when the lock names one')
    .action(async (id: string | undefined, flags: StackFlags & { holderless?: boolean }) => {
      if ((id === undefined) === !flags.holderless)
        throw new CliError(
          'force-unlock takes the lock id a locked run printed, or --holderless for a lock that names no holder (one of them).',
        );
      const { backend } = await where(flags);
      if (id === undefined) {
        await backend.forceUnlockHolderless();
        io.stdout(`Unlocked: the lock without a holder on ${backend.location} is gone.\n`);
      } else {
        const holder = await backend.forceUnlock(id);
        io.stdout(`Unlocked: the lock of ${holder.operation} (pid ${holder.pid} on ${holder.host}, started ${holder.started}) is gone.\n`);
      }
      setExit(0);
    });
}
