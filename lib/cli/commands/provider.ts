/** `intune-scep provider install`: the Terraform provider in a filesystem mirror, with a CLI config. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { packageVersion } from '../../package-info';
import { CliError, type CliIo } from '../io';

export function registerProvider(program: Command, io: CliIo): void {
  const provider = program.command('provider').description('The Terraform provider "intune" (for terraform and cdktf deploy).');
  provider
    .command('install')
    .description('Install the Terraform provider into a local filesystem mirror and write a Terraform CLI config that uses it.')
    .option('--dir <dir>', 'mirror directory', '.intune-scep/terraform')
    .option('--source <address>', 'provider source address (host/namespace/type)', 'registry.terraform.io/intune-scep/intune')
    .action(async (flags: { dir: string; source: string }) => {
      // Loaded when the command runs: every other command starts without gRPC.
      const { InstallError, installProvider } = await import('../../provider');
      let r;
      try {
        r = installProvider({ dir: resolve(io.cwd, flags.dir), source: flags.source, version: packageVersion() });
      } catch (e) {
        if (e instanceof InstallError) throw new CliError(e.message);
        throw e;
      }
      const short = r.source.replace(/^registry\.terraform\.io\//, '');
      io.stdout(
        [
          `Installed provider ${r.source} ${r.version} (${r.platform}, ${(r.bytes / 1024 / 1024).toFixed(1)} MB, one file):`,
          `  ${r.executable}`,
          `Terraform CLI config: ${r.cliConfig}`,
          '',
          'Use it with terraform:',
          `  export TF_CLI_CONFIG_FILE=${r.cliConfig}`,
          '  terraform init && terraform plan',
          '',
          '  terraform {',
          `    required_providers { intune = { source = "${short}", version = "${r.version}" } }`,
          '  }',
          '  provider "intune" {',
          '    graph_url = "http://127.0.0.1:5899"   # a mock: intune-scep mock-graph serve --port 5899',
          '    # tenant_id = "..."                   # a real tenant; credentials from AZURE_* variables',
          '  }',
          '',
          'Use it with cdktf or cdktn (cdk.tf.json already names the provider and its version):',
          `  export TF_CLI_CONFIG_FILE=${r.cliConfig}`,
          '  cdktf diff --skip-provider-lock',
          '  cdktf deploy --skip-provider-lock',
          '  cdktf destroy --skip-provider-lock',
          '  (without --skip-provider-lock, cdktf runs "terraform providers lock", which asks the public registry and ignores the mirror.)',
          '',
          'The provider is one file holding all its code: it runs on the `node` of the PATH and loads no package from any folder,',
          'so .terraform.lock.hcl pins every byte that runs. Commit the lock file; commit or cache the mirror (only terraform.rc names this directory).',
          '',
        ].join('\n'),
      );
    });
}
