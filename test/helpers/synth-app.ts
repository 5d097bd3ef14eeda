/**
 * A CDKTF app folder for the synth cache's tests: `node app.js`, an app that writes stack.json of its
 * folder as the stack "s" and counts its runs in a file outside the folder; a home of its own (so a
 * key of its own); the CLI in-process.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli';

/** The line of an app (JavaScript) that writes CDKTF's manifest.json naming one stack, as app.synth() does last. */
export const WRITE_MANIFEST = (stack: string) =>
  `require('node:fs').writeFileSync(require('node:path').join(process.env.CDKTF_OUTDIR, 'manifest.json'), ${JSON.stringify(
    JSON.stringify({
      version: '0.21.0',
      stacks: { [stack]: { name: stack, synthesizedStackPath: `stacks/${stack}/cdk.tf.json`, annotations: [] } },
    }),
  )});`;

/** An app that writes stack.json of its folder as the stack "s", and counts its runs in RUNS_FILE. */
export const APP = `
const { appendFileSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
appendFileSync(process.env.RUNS_FILE, 'run\\n');
const out = join(process.env.CDKTF_OUTDIR, 'stacks', 's');
mkdirSync(out, { recursive: true });
const doc = JSON.parse(readFileSync(join(__dirname, 'stack.json'), 'utf8'));
if (process.env.EXTRA_NAME) doc.resource.intune_trusted_root_certificate = { [process.env.EXTRA_NAME]: {} };
// An editor saving while the app runs (once, when the marker is there): the stack written is the old one.
const marker = join(process.env.RUNS_FILE, '..', 'edit-while-running');
if (require('node:fs').existsSync(marker)) {
  require('node:fs').rmSync(marker);
  writeFileSync(join(__dirname, 'stack.json'), JSON.stringify({ resource: {}, edited: true }));
}
writeFileSync(join(out, 'cdk.tf.json'), JSON.stringify(doc));
${WRITE_MANIFEST('s')}
`;

export interface SynthApp {
  readonly base: string;
  readonly dir: string;
  readonly env: Record<string, string>;
  runs(): number;
  validate(env?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }>;
  stack(): string;
}

export function synthApp(options: { app?: string; cdktf?: Record<string, unknown> } = {}): SynthApp {
  const base = mkdtempSync(join(tmpdir(), 'intune-scep-synth-app-'));
  const dir = join(base, 'app');
  mkdirSync(dir);
  writeFileSync(join(dir, 'app.js'), options.app ?? APP);
  writeFileSync(join(dir, 'stack.json'), JSON.stringify({ resource: {} }));
  writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node app.js', ...options.cdktf }));
  const runsFile = join(base, 'runs.log');
  writeFileSync(runsFile, '');
  const env = { HOME: join(base, 'home'), RUNS_FILE: runsFile, PATH: process.env.PATH ?? '' };
  return {
    base,
    dir,
    env,
    runs: () => readFileSync(runsFile, 'utf8').split('\n').filter(Boolean).length,
    validate: (more = {}) => runCli(['validate'], { cwd: dir, env: { ...env, ...more } }),
    stack: () => readFileSync(join(dir, 'cdktf.out', 'stacks', 's', 'cdk.tf.json'), 'utf8'),
  };
}
