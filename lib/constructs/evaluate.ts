/**
 * Build the exported app in-process with the real constructs and CDKTF, as `node main.js` would:
 * the synthesized stack tells export each object's address (CDKTF names them) and lets it compare
 * what the app says with what the tenant holds. Needs cdktf and constructs installed (the app needs
 * them anyway); the rest of the CLI never loads this file. It lives here because CDK imports stay in
 * constructs/ (the build makes a cdktn flavour of this folder).
 */
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import type { AppSpec, Expr } from '../export/spec';
import * as library from './index';
import { cdktfTokenIn } from './text';

type Lib = Record<string, unknown>;

/** The synthesized stack (cdk.tf.json as an object). */
export function synthesize(app: AppSpec, dir: string): unknown {
  const cdk = new App({ outdir: join(dir, 'cdktf.out'), skipValidation: true });
  const stack = new TerraformStack(cdk, app.stack);
  new library.IntuneProvider(stack, 'intune', {});
  const vars = new Map<string, unknown>();
  const lib = library as unknown as Lib;
  let building = '';
  // Values are the tenant's data. The constructs keep all text as text but what a CDKTF app (main.ts
  // too) can only read as one of its own tokens: refused, naming the object.
  const data = <T>(v: T): T => {
    const token = cdktfTokenIn(v);
    if (token !== undefined) throw new Error(`${building} holds ${JSON.stringify(v)}: ${token} is how a CDKTF app writes one of its tokens, so the app cannot hold it as data; rename it`);
    return v;
  };
  const evaluate = (e: Expr): unknown => {
    switch (e.kind) {
      case 'value':
        return data(e.value);
      case 'ref':
        return vars.get(e.name);
      case 'symbol':
        return lib[e.name];
      case 'file':
        return join(dir, e.path);
      case 'call': {
        const [owner, fn] = e.callee.split('.') as [string, string];
        const target = lib[owner] as Record<string, (...a: unknown[]) => unknown>;
        return (target[fn] as (...a: unknown[]) => unknown).apply(target, e.args.map(evaluate));
      }
      case 'method': {
        const target = evaluate(e.target) as Record<string, (...a: unknown[]) => unknown>;
        return (target[e.method] as (...a: unknown[]) => unknown).apply(target, e.args.map(evaluate));
      }
      case 'array':
        return data(e.items.map(evaluate));
      case 'object':
        return Object.fromEntries(e.entries.map(([k, v]) => [k, evaluate(v)]));
    }
  };
  for (const c of app.constructs) {
    building = `the object ${c.graphId} (${c.className} ${c.id})`;
    const Class = lib[c.className] as new (scope: unknown, id: string, props: unknown) => Record<string, unknown>;
    const made = new Class(stack, c.id, evaluate(c.props));
    vars.set(c.variable, made);
    for (const call of c.calls) {
      const target = (call.on ? made[call.on] : made) as Record<string, (...a: unknown[]) => unknown>;
      (target[call.method] as (...a: unknown[]) => unknown).apply(target, call.args.map(evaluate));
    }
  }
  return JSON.parse(JSON.stringify(stack.toTerraform())) as unknown;
}
