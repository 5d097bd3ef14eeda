/**
 * The provider process: serve until Terraform stops it. Its entries (cli/provider-process.ts, and
 * the bundled provider's cli/provider-bundled.ts) call `main` with what the provider cannot know
 * itself: what a Graph on loopback is offered (the embedded tenant's credential and throttle header). Imports nothing heavy at the top: see
 * server.ts.
 */
import type { LoopbackGraph } from '../graph';
import { HandshakeError, serve } from './server';

export interface ProviderProcessOptions {
  /** What a Graph URL on loopback is offered when the configuration names no credential (the embedded tenant's). */
  readonly loopback?: LoopbackGraph;
}

export function main(options: ProviderProcessOptions = {}): void {
  serve({
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    exit: (code) => process.exit(code),
    ...(options.loopback ? { loopback: options.loopback } : {}),
  }).catch((e: unknown) => {
    process.stderr.write(`${e instanceof HandshakeError ? e.message : `intune provider failed to start: ${(e as Error).message}`}\n`);
    process.exit(1);
  });
  // Terraform stops a provider by closing its stdin or with SIGTERM/SIGINT after Shutdown.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0));
}
