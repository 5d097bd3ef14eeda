/**
 * What a stack's `tsc` reads through our constructs' declarations (scripts/build-package.ts
 * checkConstructTypes, run by every build): the CDK and Node only. The package tier proves the same
 * with the real tsc in a consumer project (test/package/consumer.ts).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BuildError, checkConstructTypes } from '../../scripts/build-package';

function distWith(files: Record<string, string>): string {
  const dist = mkdtempSync(join(tmpdir(), 'intune-scep-dts-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dist, path)), { recursive: true });
    writeFileSync(join(dist, path), text);
  }
  return dist;
}

test('declarations that name only the CDK, constructs and Node pass, counted along relative imports', () => {
  const dist = distWith({
    'constructs/index.d.ts': "export * from './roots';\nimport type { Construct } from 'constructs';\n",
    'constructs/roots.d.ts': "import type { Platform } from '../schema/platforms';\nimport { TerraformStack } from 'cdktf';\n",
    'schema/platforms.d.ts': '/// <reference types="node:fs" />\nexport type Platform = \'windows\';\n',
  });
  expect(checkConstructTypes(dist)).toBe(3);
});

test.each([
  ['zod (through the schema index)', "export * from './zod';\n", 'schema/zod.d.ts', "import { z } from 'zod';\n", 'zod'],
  [
    'Microsoft Graph types',
    "export * from './platforms';\n",
    'schema/platforms.d.ts',
    "import type { DevicePlatformType } from '@microsoft/microsoft-graph-types-beta';\n",
    '@microsoft/microsoft-graph-types-beta',
  ],
])('a declaration that brings %s into every stack compile fails the build, naming the file', (_what, index, file, text, pkg) => {
  const dist = distWith({
    'constructs/index.d.ts': "export * from '../schema';\n",
    'schema/index.d.ts': index,
    [file]: text,
  });
  expect(() => checkConstructTypes(dist)).toThrow(BuildError);
  expect(() => checkConstructTypes(dist)).toThrow(`${file} names the package "${pkg}"`);
});
