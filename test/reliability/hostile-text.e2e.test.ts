/**
 * Text from a tenant is data (issue 24, #3), as a user meets it: a tenant admin names a trusted root
 * `Corp root ${file("<a file on the CI machine>")}`, a profile `%{ if true }...%{ endif }` and a group
 * with an interpolation. `intune-scep export` (the CLI, in a child process) writes the app; the app is
 * compiled and synthesized as a user's would be; the engine and the real terraform (through the intune
 * provider) both plan no changes, terraform applies its imports, and the secret file's content reaches
 * neither the tenant nor any output or state: the names come back exactly as the tenant had them.
 *
 * Also: what we write for text (escapeTemplate, and the constructs' strings through CDKTF, beside a
 * token too), read back by terraform, is the text; and the engine reads it as terraform does.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { testApp } from '../helpers/cdk';
import { terraformText } from '../../lib/constructs/text';
import { escapeTemplate, templateText } from '../../lib/schema';
import { adminCenterRoot, adminCenterScep } from '../helpers/admin-center';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { REPO, execResult, serveMockProcess, spawnCli } from '../helpers/cli';
import { CRASH_PATTERN, Tally } from '../helpers/reliability';
import {
  describeWithTerraform,
  graph,
  installProvider,
  terraform,
  terraformWithProviderInWorker,
  type Installed,
} from '../helpers/terraform';
import { HOSTILE_TEXT } from '../helpers/hostile-text';

jest.setTimeout(300_000);

const tally = new Tally('hostile tenant text: stays data');
const COLL = '/deviceManagement/deviceConfigurations';
const env = { INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z', CI: 'true' };

let certs: TestCertificates;
let mock: { url: string; stop: () => Promise<void> };
let installed: Installed;
beforeAll(async () => {
  [certs, mock, installed] = await Promise.all([testCertificates(), serveMockProcess(['--memory']), installProvider()]);
});
afterAll(() => mock?.stop());

async function post(path: string, body: unknown): Promise<{ id: string }> {
  const r = await graph(mock.url, 'POST', path, body);
  if (r.status !== 201 && r.status !== 200) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json as { id: string };
}

/** Everything the tenant holds, as one text: configurations with their assignments, and groups. */
async function tenantText(): Promise<{ text: string; names: string[] }> {
  const list = (await graph(mock.url, 'GET', `${COLL}?$expand=assignments`)).json.value as { displayName: string }[];
  const groups = (await graph(mock.url, 'GET', '/groups')).json.value as unknown[];
  return { text: JSON.stringify([list, groups]), names: list.map((c) => c.displayName) };
}

/** The packages the app needs, from this repository (a user runs npm install). */
function linkDependencies(dir: string): void {
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
  symlinkSync(REPO, join(dir, 'node_modules', 'intune-scep'), 'dir');
  for (const p of ['cdktf', 'constructs', 'typescript', '@types/node'])
    symlinkSync(join(REPO, 'node_modules', p), join(dir, 'node_modules', p), 'dir');
  symlinkSync(join('..', 'typescript', 'bin', 'tsc'), join(dir, 'node_modules', '.bin', 'tsc'));
}

describeWithTerraform('hostile tenant text through export, the engine and terraform', () => {
  test('a root named Corp root ${file("<secret>")}: export, engine plan and terraform plan/apply keep it as text; the secret goes nowhere', async () => {
    const work = mkdtempSync(join(tmpdir(), 'intune-scep-hostile-text-'));
    const secretFile = join(work, 'ci-secret.txt');
    const secret = `S3CR3T-${randomUUID()}`;
    writeFileSync(secretFile, `${secret}\n`);
    const rootName = `Corp root \${file("${secretFile}")}`;
    const profileName = 'Wi-Fi %{ if true }on%{ endif } $${kept} ${TfToken';
    const groupName = `Team \${file("${secretFile}")}`;
    const group = await post('/groups', { displayName: groupName });
    const root = await post(COLL, adminCenterRoot('windows', certs.rootBase64Der, rootName));
    const scep = await post(COLL, {
      ...adminCenterScep('windows', root.id),
      displayName: profileName,
      description: `\${file("${secretFile}")}`,
    });
    const target = { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: group.id } };
    for (const id of [root.id, scep.id])
      expect((await graph(mock.url, 'POST', `${COLL}/${id}/assign`, { assignments: [target] })).status).toBeLessThan(300);
    const before = await tenantText();
    const outputs: string[] = [];
    const seen = <R extends { stdout: string; stderr: string }>(r: R): R => {
      outputs.push(r.stdout, r.stderr);
      return r;
    };

    // export, as a user runs it.
    const exported = seen(await spawnCli(['export', '--graph-url', mock.url, '--out', 'app'], { cwd: work, env }));
    expect({ code: exported.code, stderr: exported.stderr, first: exported.stdout.includes('First plan: no changes') }).toEqual({
      code: 0,
      stderr: expect.any(String),
      first: true,
    });
    const out = join(work, 'app');

    // The user's synth: tsc, then the app (intune-scep synthesizes it from cdktf.json), and the engine's plan.
    linkDependencies(out);
    const plan = seen(await spawnCli(['plan', '--graph-url', mock.url, '--detailed-exitcode'], { cwd: out, env }));
    expect({ code: plan.code, stdout: plan.stdout }).toEqual({
      code: 0,
      stdout: expect.stringContaining('No changes. The tenant matches the stack.'),
    });
    expect(plan.stdout + plan.stderr).not.toContain('unsupported-expression');

    // terraform, through the intune provider: imports everything, changes nothing, reads no file.
    const stackDir = join(out, 'cdktf.out', 'stacks', 'intune');
    const tf = async (args: string[]) =>
      seen(await terraformWithProviderInWorker([...args, '-no-color'], stackDir, installed.cliConfig, { INTUNE_SCEP_GRAPH_URL: mock.url }));
    expect((await tf(['init', '-input=false'])).code).toBe(0);
    const tfPlan = await tf(['plan', '-input=false']);
    expect({ code: tfPlan.code, stderr: tfPlan.stderr }).toEqual({ code: 0, stderr: '' });
    expect(tfPlan.stdout).toContain('Plan: 4 to import, 0 to add, 0 to change, 0 to destroy.');
    const applied = await tf(['apply', '-input=false', '-auto-approve']);
    expect({ code: applied.code, stderr: applied.stderr }).toEqual({ code: 0, stderr: '' });
    expect((await tf(['plan', '-input=false', '-detailed-exitcode'])).code).toBe(0);

    const after = await tenantText();
    const texts = [
      ...outputs,
      after.text,
      readFileSync(join(out, 'terraform.intune.tfstate'), 'utf8'),
      readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'),
      readFileSync(join(out, 'main.ts'), 'utf8'),
    ];
    const leaks = texts.filter((t) => t.includes(secret)).length;
    const crashes = outputs.filter((t) => CRASH_PATTERN.test(t)).length;
    const lost = before.names.filter((n) => !after.names.includes(n)).length;
    tally.add({
      runs: 1,
      faultsInjected: 4,
      objectsLost: lost + leaks,
      duplicates: Math.max(0, after.names.length - before.names.length),
      crashes,
    });
    expect(leaks).toBe(0);
    expect(crashes).toBe(0);
    expect(after.names.sort()).toEqual([profileName, rootName].sort());
    expect(after.text).toBe(before.text);
  });

  test("Terraform reads what we write as the text: escapeTemplate (overrides, the provider) and the constructs' strings, alone and beside a variable", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intune-scep-escape-'));
    const texts = [
      ...HOSTILE_TEXT.map((h) => h.text),
      '$',
      '$$',
      '%',
      '%%',
      '$%{',
      '%${',
      '$$$${',
      '%%%{',
      '}{',
      '${',
      '%{',
      '$#{TfToken[TOKEN.1]}',
      '${"#"}',
      'a}b${c',
    ];
    // The constructs' strings, as CDKTF synthesizes them: the text alone, and around a variable's value.
    const stack = new TerraformStack(testApp(), 'conformance');
    const v = new TerraformVariable(stack, 'v', { type: 'string' });
    texts.forEach((t, i) => {
      new TerraformOutput(stack, `l2_${i}`, { value: terraformText(t) });
      new TerraformOutput(stack, `mixed_${i}`, { value: terraformText(`${t}|${v.stringValue}|${t}`) });
      new TerraformOutput(stack, `tight_${i}`, { value: terraformText(`${t}${v.stringValue}${t}`) });
    });
    const doc = JSON.parse(Testing.synth(stack)) as { output: Record<string, { value: string }> };
    // What export writes into overrides and the provider hands the config reader: escapeTemplate.
    texts.forEach((t, i) => (doc.output[`raw_${i}`] = { value: escapeTemplate(t) }));
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(doc));
    const cli = join(dir, 'none.rc');
    writeFileSync(cli, '');
    // Outputs only: no provider takes part.
    expect((await terraform(['init', '-input=false', '-no-color'], dir, cli)).code).toBe(0);
    const applied = await terraform(['apply', '-input=false', '-auto-approve', '-no-color', '-var', 'v=VALUE'], dir, cli);
    expect({ code: applied.code, stderr: applied.stderr }).toEqual({ code: 0, stderr: '' });
    const read = await execResult('terraform', ['output', '-json'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, TF_CLI_CONFIG_FILE: cli, CHECKPOINT_DISABLE: '1' },
    });
    const values = JSON.parse(read.stdout) as Record<string, { value: string }>;
    const got = (prefix: string) => texts.map((_, i) => values[`${prefix}_${i}`]?.value);
    expect(got('raw')).toEqual(texts);
    expect(got('l2')).toEqual(texts);
    expect(got('mixed')).toEqual(texts.map((t) => `${t}|VALUE|${t}`));
    expect(got('tight')).toEqual(texts.map((t) => `${t}VALUE${t}`));
    // The engine reads the same text Terraform does.
    expect(texts.map((_, i) => templateText(doc.output[`l2_${i}`]?.value as string))).toEqual(texts);
    expect(texts.map((_, i) => templateText(doc.output[`raw_${i}`]?.value as string))).toEqual(texts);
  });
});
