/** `intune-scep validate` as a user runs it: the built bin in a child process, on the README's examples. */
import { spawnCli } from '../helpers/cli';

const NOW_ENV = { INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z' };

describe('the built bin, as a user runs it', () => {
  test('validates the example stacks of the README', async () => {
    const broken = await spawnCli(['validate', '--config', 'examples/validate/broken/cdk.tf.json'], { env: NOW_ENV });
    expect(broken.code).toBe(1);
    for (const id of [
      'subject/escaped-special-character',
      'key/4096-needs-software-ksp',
      'variable/user-variable-in-device-certificate',
      'san/strong-mapping-missing',
      'assignment/root-not-covering',
    ]) {
      expect(broken.stdout).toContain(`[${id}]`);
    }
    expect(broken.stdout).toContain('(construct windows-8021x/dot1x)');
    const fixed = await spawnCli(['validate', '--config', 'examples/validate/fixed/cdk.tf.json'], { env: NOW_ENV });
    expect(fixed).toMatchObject({ code: 0, stderr: '' });
  });

  test('--help lists validate and --version prints the package version', async () => {
    expect((await spawnCli(['--help'])).stdout).toContain('validate');
    expect((await spawnCli(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
