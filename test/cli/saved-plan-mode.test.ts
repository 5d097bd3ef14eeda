/**
 * A saved plan applies only as the apply command says (plan/other-mode): a destroy plan needs
 * `apply FILE --destroy`. In a pipeline the file may come from a pull request's code; a plain
 * `apply FILE` never deletes what the stack holds.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates } from '../helpers/certificates';
import { runCli } from '../helpers/cli';
import { cleanStack } from '../helpers/stacks';

test('GIVEN a destroy plan WHEN applied without --destroy THEN refused and nothing changes; WHEN applied with it THEN the stack is deleted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-saved-mode-'));
  writeFileSync(join(dir, 'stack.json'), JSON.stringify(cleanStack(await testCertificates())));
  const cli = (args: string[]) => runCli([...args, '--config', 'stack.json', '--stack', 's'], { cwd: dir });
  expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
  expect((await cli(['plan', '--destroy', '--out', 'destroy.json'])).code).toBe(0);
  const plain = await cli(['apply', 'destroy.json', '--auto-approve']);
  expect(plain.code).toBe(1);
  expect(plain.stderr).toContain('destroy.json is a --destroy plan, and this apply asks for a plan');
  expect(plain.stderr).toContain('[plan/other-mode]');
  expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  const destroyed = await cli(['apply', 'destroy.json', '--destroy', '--auto-approve']);
  expect(destroyed.code).toBe(0);
  expect(destroyed.stdout).toContain('4 destroyed');
});
