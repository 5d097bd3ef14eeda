/**
 * Regenerates the L1 CDKTF bindings (lib/constructs/generated/) from the provider schema JSON that
 * lib/schema derives, with @cdktf/provider-generator. Run: npm run generate:bindings.
 * Never edit the generated files by hand; a test fails when they are stale.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot, packageVersion } from '../lib/package-info';
import { PROVIDER_ADDRESS, terraformProviderSchema } from '../lib/schema';

/** Found from the package root, whether this runs from scripts/ (tests) or dist/scripts/. */
export const GENERATED_DIR = join(packageRoot(), 'lib', 'constructs', 'generated');

/** Generate into a fresh directory and return it. */
export async function generateBindings(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'intune-scep-l1-'));
  // The CDKTF toolchain may run terraform: give it a CLI config of its own, never the user's.
  const tfrc = join(out, '..', `intune-scep-${process.pid}.tfrc`);
  writeFileSync(tfrc, '');
  process.env.TF_CLI_CONFIG_FILE = tfrc;
  process.env.CHECKPOINT_DISABLE = '1';
  // The generator module itself: the package index also loads the JSII toolchain (for other languages).
  const { TerraformProviderGenerator } = await import('@cdktf/provider-generator/lib/get/generator/provider-generator');
  const { CodeMaker } = await import('codemaker');
  const code = new CodeMaker();
  // provider_versions makes the provider construct declare `version` beside `source` in required_providers
  // (cdktf diff/deploy refuse a stack without it). The constructs and the provider ship in one package, so
  // the version is this package's own: `provider install` puts exactly that version in the mirror.
  const schema = { ...terraformProviderSchema(), provider_versions: { [PROVIDER_ADDRESS]: packageVersion() } };
  new TerraformProviderGenerator(code, schema as never).generateAll();
  await code.save(out);
  return out;
}

export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) =>
    statSync(join(dir, name)).isDirectory() ? listFiles(join(dir, name), `${prefix}${name}/`) : [`${prefix}${name}`],
  );
}

async function main(): Promise<void> {
  const out = await generateBindings();
  rmSync(GENERATED_DIR, { recursive: true, force: true });
  cpSync(out, GENERATED_DIR, { recursive: true });
  process.stdout.write(`generated ${listFiles(GENERATED_DIR).length} files for ${PROVIDER_ADDRESS} into lib/constructs/generated\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  });
}
