/**
 * The provider process: serve until Terraform stops it. The bundled provider runs it (bundled.ts,
 * the entry of dist/provider/terraform-provider-intune.cjs); `node dist/lib/provider/main.js` does
 * too. Imports nothing heavy at the top: see server.ts.
 */
import { HandshakeError, serve } from './server';

export function main(): void {
  serve({
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    exit: (code) => process.exit(code),
  }).catch((e: unknown) => {
    process.stderr.write(`${e instanceof HandshakeError ? e.message : `intune provider failed to start: ${(e as Error).message}`}\n`);
    process.exit(1);
  });
  // Terraform stops a provider by closing its stdin or with SIGTERM/SIGINT after Shutdown.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0));
}

if (require.main === module) main();
