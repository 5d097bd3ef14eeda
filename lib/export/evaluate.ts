/**
 * Build the exported app in-process with the real constructs and CDK, as `node main.js` would: the
 * synthesized stack tells export each object's address (the CDK names them) and lets it compare
 * what the app says with what the tenant holds. The evaluator imports no CDK itself: it is handed
 * one flavour (cdktf or cdktn: its App, TerraformStack, and our constructs built for it), loaded by
 * `loadFlavour` only when export runs, so `export --cdktn` needs cdktn and never cdktf.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ExportError } from './errors';
import type { AppSpec, Expr } from './spec';

type Lib = Record<string, unknown>;

/** One CDK flavour as the evaluator uses it. */
export interface CdkFlavour {
  readonly App: new (props: { outdir: string; skipValidation: boolean }) => unknown;
  readonly TerraformStack: new (scope: unknown, id: string) => unknown;
  /** Our constructs, built against this flavour (`intune-scep/constructs` or `intune-scep/cdktn`). */
  readonly library: Lib;
  /** What in a tenant's value the app could read only as one of the CDK's tokens (constructs/text.ts). */
  readonly tokenIn: (value: unknown) => string | undefined;
}

/**
 * The flavour export builds with, loaded at run time from this package: `cdktn` takes the cdktn
 * build of our constructs (dist/lib/constructs-cdktn, made by the build; run from the sources,
 * where there is none, the cdktf constructs stand in, as for the type check in compile.ts).
 * Loaded by path, not imported: the CDK is the user's peer dependency, needed only here.
 */
export function loadFlavour(flavour: 'cdktf' | 'cdktn'): CdkFlavour {
  const built = flavour === 'cdktn' && existsSync(join(__dirname, '..', 'constructs-cdktn'));
  const cdkName = flavour === 'cdktn' && built ? 'cdktn' : 'cdktf';
  const dir = join(__dirname, '..', built ? 'constructs-cdktn' : 'constructs');
  try {
    const cdk = require(cdkName) as Pick<CdkFlavour, 'App' | 'TerraformStack'>;
    const library = require(dir) as Lib;
    const text = require(join(dir, 'text')) as { cdktfTokenIn: CdkFlavour['tokenIn'] };
    return { App: cdk.App, TerraformStack: cdk.TerraformStack, library, tokenIn: text.cdktfTokenIn };
  } catch (e) {
    const missing = /Cannot find module '([^']+)'/.exec((e as Error).message)?.[1];
    if (missing && !missing.startsWith('.') && !missing.startsWith('/')) {
      throw new ExportError(
        `export builds the app it writes with ${cdkName}, and "${missing}" is not installed. Install it where intune-scep runs: npm install ${cdkName} constructs`,
      );
    }
    throw e;
  }
}

/** The synthesized stack (cdk.tf.json as an object). */
export function synthesize(app: AppSpec, dir: string, cdk: CdkFlavour): unknown {
  const library = cdk.library;
  const root = new cdk.App({ outdir: join(dir, 'cdktf.out'), skipValidation: true });
  const stack = new cdk.TerraformStack(root, app.stack) as { toTerraform(): unknown };
  new (library.IntuneProvider as new (scope: unknown, id: string, props: unknown) => unknown)(stack, 'intune', {});
  const vars = new Map<string, unknown>();
  const lib = library;
  let building = '';
  // Values are the tenant's data. The constructs keep all text as text but what a CDKTF app (main.ts
  // too) can only read as one of its own tokens: refused, naming the object.
  const data = <T>(v: T): T => {
    const token = cdk.tokenIn(v);
    if (token !== undefined)
      throw new Error(
        `${building} holds ${JSON.stringify(v)}: ${token} is how a CDKTF app writes one of its tokens, so the app cannot hold it as data; rename it`,
      );
    return v;
  };
  const evaluate = (e: Expr): unknown => {
    switch (e.kind) {
      case 'value':
        return data(e.value);
      case 'ref':
        return e.property ? (vars.get(e.name) as Record<string, unknown>)[e.property] : vars.get(e.name);
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
