/**
 * Rule checks at synth time: every rule that needs no tenant runs over the stack once, and each L2
 * construct reports the errors of its own resource, so `cdktf synth` fails with the rule id and
 * the construct path. Warnings are left to `validate` and `plan`.
 */
import { TerraformStack, type TerraformResource } from 'cdktf';
import type { IConstruct } from 'constructs';
import { readConfig } from '../engine/config';
import { runRules, type Diagnostic } from '../rules';

const CACHE = new WeakMap<TerraformStack, Diagnostic[]>();

function stackDiagnostics(stack: TerraformStack): Diagnostic[] {
  let d = CACHE.get(stack);
  if (!d) {
    const config = readConfig(JSON.parse(JSON.stringify(stack.toTerraform())));
    d = [...config.diagnostics, ...runRules(config.resources, { now: new Date() })];
    CACHE.set(stack, d);
  }
  return d;
}

/** Make `construct` report the rule errors of `resource` when the app synthesizes. */
export function validateWithRules(construct: IConstruct, resource: TerraformResource): void {
  construct.node.addValidation({
    validate: () => {
      const address = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
      return stackDiagnostics(TerraformStack.of(construct))
        .filter((d) => d.severity === 'error' && d.address === address)
        .map((d) => `[${d.code}] ${d.summary}${d.path.length ? ` (${d.path.join('.')})` : ''}: ${d.detail.split('\n').join('\n      ')}`);
    },
  });
}
