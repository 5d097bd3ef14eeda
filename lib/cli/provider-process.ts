/**
 * The provider process as Terraform starts it (`node dist/lib/cli/provider-process.js`, and the
 * bundled provider through provider-bundled.ts): the provider, given what the embedded tenant
 * accepts and advertises for a Graph on loopback, as the CLI's own commands are. The provider itself knows no
 * mock; this entry, like the CLI, does.
 */
import { MOCK_ON_LOOPBACK } from './mock-on-loopback';
import { main as serveProvider } from '../provider/main';

export function main(): void {
  serveProvider({ loopback: MOCK_ON_LOOPBACK });
}

if (require.main === module) main();
