/**
 * A CDKTF app through the Terraform path: `intune-scep synth` writes cdk.tf.json (as `cdktf synth`
 * does), then the real terraform runs on it in the stack's output folder, as `cdktf deploy` does.
 */
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, serveMockProcess, spawnCli } from '../helpers/cli';
import { describeWithTerraform, installProvider, terraform, type Installed } from '../helpers/terraform';

jest.setTimeout(180_000);

describeWithTerraform('cdktf synth output through terraform', () => {
  let mock: { url: string; stop: () => Promise<void> };
  let installed: Installed;
  beforeAll(async () => {
    [mock, installed] = await Promise.all([serveMockProcess(['--memory']), installProvider()]);
  });
  afterAll(() => mock?.stop());

  test('the multi-platform example: init, plan, apply, no changes; the engine agrees with the same file', async () => {
    const app = mkdtempSync(join(tmpdir(), 'intune-scep-cdktf-'));
    writeFileSync(
      join(app, 'cdktf.json'),
      JSON.stringify({
        language: 'typescript',
        app: `node ${JSON.stringify(join(REPO, 'dist', 'examples', 'multi-platform', 'main.js'))}`,
      }),
    );
    const synth = await spawnCli(['synth'], { cwd: app, env: { CI: 'true' } });
    expect(synth.code).toBe(0);
    const [stack] = readdirSync(join(app, 'cdktf.out', 'stacks'));
    const stackDir = join(app, 'cdktf.out', 'stacks', stack as string);
    const doc = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, { lifecycle?: { create_before_destroy?: boolean } }>>;
      terraform: { required_providers: Record<string, { source: string }> };
    };
    expect(doc.terraform.required_providers.intune?.source).toBe('registry.terraform.io/intune-scep/intune');
    const resources = Object.values(doc.resource).flatMap((byName) => Object.values(byName));
    expect(resources.length).toBeGreaterThan(5);
    // Replacements create before they destroy in Terraform too: the constructs say so.
    expect(resources.every((r) => r.lifecycle?.create_before_destroy === true)).toBe(true);

    const env = { INTUNE_SCEP_GRAPH_URL: mock.url };
    const tf = (args: string[]) => terraform([...args, '-no-color'], stackDir, installed.cliConfig, env);
    expect((await tf(['init', '-input=false'])).code).toBe(0);
    const plan = await tf(['plan', '-input=false', '-detailed-exitcode']);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain(`Plan: ${resources.length} to add, 0 to change, 0 to destroy.`);
    const apply = await tf(['apply', '-input=false', '-auto-approve']);
    expect(apply.stderr).toBe('');
    expect(apply.stdout).toContain(`Apply complete! Resources: ${resources.length} added, 0 changed, 0 destroyed.`);
    const again = await tf(['plan', '-input=false', '-detailed-exitcode']);
    expect(again.stdout).toContain('No changes.');
    expect(again.code).toBe(0);

    // The engine reads the same file: its stack rules find nothing either.
    const v = await spawnCli(['validate', '--config', join(stackDir, 'cdk.tf.json'), '--json'], { cwd: app });
    expect(v.code).toBe(0);
    expect((await tf(['destroy', '-input=false', '-auto-approve'])).stdout).toContain(
      `Destroy complete! Resources: ${resources.length} destroyed.`,
    );
  });
});
