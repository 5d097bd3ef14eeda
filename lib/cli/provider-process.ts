/**
 * The provider process as Terraform starts it (`node dist/lib/cli/provider-process.js`, and the
 * bundled provider through provider-bundled.ts): the provider, given the embedded tenant's test
 * credential for a Graph on loopback, as the CLI's own commands are. The provider itself knows no
 * mock; this entry, like the CLI, does.
 */
import { DEFAULT_CREDENTIAL } from '../mock-graph/auth';
import { main as serveProvider } from '../provider/main';

export function main(): void {
  serveProvider({ loopbackCredential: DEFAULT_CREDENTIAL });
}

if (require.main === module) main();
