/**
 * The three classic construct mistakes, in-process: each L2 construct reports its one finding as a
 * CDKTF annotation in the constructs' words, once, with no stack trace. The same text from the real
 * CLIs: test/cli/classic-mistakes.e2e.test.ts (intune-scep plan), test/package/consumer.ts (cdktf, cdktn).
 */
import type { TerraformStack } from 'cdktf';
import { join } from 'node:path';
import { annotationsOf, testApp } from '../helpers/cdk';
import { CLASSIC_MISTAKES, CLASSIC_MISTAKES_APP } from '../helpers/classic-mistakes';

const ENV = { CDK: 'cdktf', INTUNE_SCEP: '../../../lib/constructs' };

test('GIVEN the three classic mistakes WHEN the app synthesizes THEN each construct reports its one diagnostic, word for word', () => {
  Object.assign(process.env, ENV);
  const { Certificates } = require(join(CLASSIC_MISTAKES_APP, 'main.js')) as {
    Certificates: new (scope: unknown, id: string) => TerraformStack;
  };
  for (const k of Object.keys(ENV)) delete process.env[k];
  const app = testApp();
  const stack = new Certificates(app, 'certificates');
  const found = annotationsOf(app);
  expect(found).toEqual(CLASSIC_MISTAKES.map((m) => ({ path: m.construct, level: m.severity, message: m.body })));
  // No stack trace rides along: the CLIs print an error annotation's trace.
  for (const c of stack.node.findAll()) for (const m of c.node.metadata) expect(m.trace).toBeUndefined();
});
