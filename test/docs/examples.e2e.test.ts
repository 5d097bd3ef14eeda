/**
 * The examples of the documentation that other programs read work with those programs:
 * - docs/provider.md's plain HCL (`<!-- example:main.tf -->`): the real terraform, offline, with the
 *   provider from the mirror `provider install` writes, against `mock-graph serve`: init, validate,
 *   plan, apply, a plan with no changes, destroy;
 * - the README's `.gitignore` (`<!-- example:.gitignore -->`): the real git keeps state, the embedded
 *   tenant and cdktf's output out, and the provider's lock file in.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { serveMockProcess } from '../helpers/cli';
import { testCertificates } from '../helpers/certificates';
import { markedBlocks } from '../helpers/markdown';
import { describeWithTerraform, graph, installProvider, terraform, type Installed } from '../helpers/terraform';

jest.setTimeout(180_000);

const examples = markedBlocks('example');

describeWithTerraform("docs/provider.md's HCL example", () => {
  let mock: { url: string; stop: () => Promise<void> };
  let installed: Installed;
  let dir: string;
  const tf = (args: string[]) => terraform([...args, '-no-color'], dir, installed.cliConfig);

  beforeAll(async () => {
    [mock, installed] = await Promise.all([serveMockProcess(['--memory']), installProvider()]);
    dir = mkdtempSync(join(tmpdir(), 'intune-scep-docs-hcl-'));
    const hcl = (examples['main.tf'] as { text: string }).text;
    // The page's mock address, made the test's own; nothing else changes.
    expect(hcl).toContain('graph_url = "http://127.0.0.1:5899"');
    writeFileSync(join(dir, 'main.tf'), hcl.replace('http://127.0.0.1:5899', mock.url));
    // root.cer as the page says: the root CA's certificate in DER.
    writeFileSync(join(dir, 'root.cer'), Buffer.from((await testCertificates()).rootBase64Der, 'base64'));
  });
  afterAll(() => mock?.stop());

  test('init, validate, plan, apply, no changes, destroy', async () => {
    const init = await tf(['init', '-input=false']);
    expect(init.stderr).toBe('');
    expect(init.stdout).toContain('Terraform has been successfully initialized');
    const validate = await tf(['validate']);
    expect(validate.stderr).toBe('');
    expect(validate.stdout).toContain('Success! The configuration is valid.');

    const plan = await tf(['plan', '-input=false', '-detailed-exitcode']);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('Plan: 4 to add, 0 to change, 0 to destroy.');
    const apply = await tf(['apply', '-input=false', '-auto-approve']);
    expect(apply.stderr).toBe('');
    expect(apply.stdout).toContain('Apply complete! Resources: 4 added, 0 changed, 0 destroyed.');
    const profiles = (await graph(mock.url, 'GET', '/deviceManagement/deviceConfigurations')).json.value as { displayName: string }[];
    expect(profiles.map((p) => p.displayName).sort()).toEqual(['Contoso Root CA', 'Wi-Fi user certificate']);

    const again = await tf(['plan', '-input=false', '-detailed-exitcode']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes.');
    const destroy = await tf(['destroy', '-input=false', '-auto-approve']);
    expect(destroy.stdout).toContain('Destroy complete! Resources: 4 destroyed.');
  });
});

test("the README's .gitignore: state, the embedded tenant and cdktf.out stay out, the provider's lock file goes in", () => {
  const repo = mkdtempSync(join(tmpdir(), 'intune-scep-docs-gitignore-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: repo, GIT_CONFIG_NOSYSTEM: '1' } });
  git('init', '-q');
  writeFileSync(join(repo, '.gitignore'), (examples['.gitignore'] as { text: string }).text);
  const files = [
    'main.ts',
    'cdktf.json',
    'node_modules/cdktf/package.json',
    '.intune-scep/state/certificates.json',
    '.intune-scep/mock-tenant.json',
    '.intune-scep/terraform/terraform.rc',
    'cdktf.out/manifest.json',
    'cdktf.out/stacks/certificates/cdk.tf.json',
    'cdktf.out/stacks/certificates/terraform.tfstate',
    'cdktf.out/stacks/certificates/.terraform/providers/x',
    'cdktf.out/stacks/certificates/.terraform.lock.hcl',
    'cdktf.out/stacks/other/.terraform.lock.hcl',
    // Found by review: what tsc compiles beside main.ts, and the state cdktf's local backend writes.
    'main.js',
    'terraform.certificates.tfstate',
    'terraform.certificates.tfstate.backup',
  ];
  for (const f of files) {
    mkdirSync(join(repo, dirname(f)), { recursive: true });
    writeFileSync(join(repo, f), '');
  }
  git('add', '-A');
  expect(git('ls-files').split('\n').filter(Boolean).sort()).toEqual(
    [
      '.gitignore',
      'main.ts',
      'cdktf.json',
      'cdktf.out/stacks/certificates/.terraform.lock.hcl',
      'cdktf.out/stacks/other/.terraform.lock.hcl',
    ].sort(),
  );
});
