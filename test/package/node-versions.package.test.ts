/**
 * The suite on Node 22 and 24, besides the Node running it: a smoke set of suites that between them
 * touch what differs across Node versions (x509 and crypto, the HTTP server and fetch, @azure/identity,
 * gRPC with mutual TLS, the built CLI and mock server in child processes), run by jest itself on each Node binary
 * pinned in test/tools. The consumer test runs the packed package on Node 22 as well (cdktn's CLI).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO, execResult } from '../helpers/cli';
import { OTHER_NODES } from '../tools';

jest.setTimeout(300_000);

const SMOKE = [
  'test/constructs/l2.test.ts',
  'test/mock-graph/azure-identity.test.ts',
  'test/provider/protocol.test.ts',
  'test/graph/client.mock.test.ts',
  'test/engine/engine.test.ts',
  // The built CLI and the mock server as child processes: serving (HTTP, HTTPS with its own
  // certificate, SIGTERM) and the CLI's commands and errors. engine-cli.e2e walks the same CLI
  // through more plans, on this Node only: two minutes per Node for what these show in twenty seconds.
  'test/cli/mock-graph-serve.e2e.test.ts',
  'test/cli/errors.e2e.test.ts',
];

test.each(Object.entries(OTHER_NODES))('Node %s runs the smoke set of the suite', async (major, node) => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && !k.startsWith('JEST_'))) as Record<
    string,
    string
  >;
  // Its child processes (the built CLI, the mock server) run on the same Node: it comes first on the PATH.
  env.PATH = `${dirname(node)}:${process.env.PATH ?? ''}`;
  // Its reliability counters (if any) stay out of this run's table.
  env.INTUNE_SCEP_RELIABILITY_DIR = mkdtempSync(join(tmpdir(), 'intune-scep-smoke-'));
  const run = await execResult(node, [join(REPO, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--runInBand', ...SMOKE], {
    cwd: REPO,
    env,
  });
  const r = { code: run.code, out: `${run.stdout}${run.stderr}` };
  const summary = /Tests:\s+(.*)/.exec(r.out)?.[1] ?? '(no summary)';
  if (r.code !== 0) throw new Error(`jest on Node ${major} exited ${r.code} (${summary}):\n${r.out.slice(-6000)}`);
  expect(r.out).toContain(`Test Suites: ${SMOKE.length} passed, ${SMOKE.length} total`);
  expect(summary).not.toMatch(/failed|skipped/);
});
