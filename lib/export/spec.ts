/**
 * The exported app as data: one construct per tenant object, its props and the calls made on it, in
 * a small expression language. render.ts writes it as TypeScript; evaluate.ts builds the same
 * constructs in-process to learn the addresses CDKTF gives them. One description, two readers, so
 * the code a user gets and the stack export checks cannot drift apart.
 */

export type Expr =
  | { readonly kind: 'value'; readonly value: string | number | boolean | null }
  /** A variable holding another construct (a trusted root, a CA), or a property of it (`ca.certificate`). */
  | { readonly kind: 'ref'; readonly name: string; readonly property?: 'certificate' }
  /** A static factory of the constructs library: `Group.byName('x')`, `Validity.months(12)`. */
  | { readonly kind: 'call'; readonly callee: string; readonly args: readonly Expr[] }
  /** A method on a value: `Group.byName('x').filteredBy(...)`. */
  | { readonly kind: 'method'; readonly target: Expr; readonly method: string; readonly args: readonly Expr[] }
  /** A named export of the constructs library: `AllUsers`, `AllDevices`. */
  | { readonly kind: 'symbol'; readonly name: string }
  | { readonly kind: 'array'; readonly items: readonly Expr[] }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, Expr])[] }
  /** A path in the app folder: the app reads it relative to where it runs (the folder). */
  | { readonly kind: 'file'; readonly path: string };

export const value = (v: string | number | boolean | null): Expr => ({ kind: 'value', value: v });
export const call = (callee: string, ...args: Expr[]): Expr => ({ kind: 'call', callee, args });
export const method = (target: Expr, name: string, ...args: Expr[]): Expr => ({ kind: 'method', target, method: name, args });
export const array = (items: readonly Expr[]): Expr => ({ kind: 'array', items });
export const object = (entries: readonly (readonly [string, Expr])[]): Expr => ({ kind: 'object', entries });
export const symbol = (name: string): Expr => ({ kind: 'symbol', name });
export const ref = (name: string, property?: 'certificate'): Expr => ({ kind: 'ref', name, ...(property ? { property } : {}) });

/** A JSON value as an expression (for overrides). */
export function json(v: unknown): Expr {
  if (Array.isArray(v)) return array(v.map(json));
  if (v && typeof v === 'object') return object(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, json(x)] as const));
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return value(v);
  return value(null);
}

/** A statement on a construct after it is made: `x.assignTo([...])`, `x.resource.addOverride(...)`. */
export interface CallSpec {
  /** `resource` for a call on the L1 resource inside the construct. */
  readonly on?: 'resource';
  readonly method: string;
  readonly args: readonly Expr[];
}

export interface ConstructSpec {
  /** The variable in main.ts. */
  readonly variable: string;
  /** The construct id (the last part of its path). */
  readonly id: string;
  /** The L2 class, e.g. IosScepProfile. */
  readonly className: string;
  readonly props: Expr;
  readonly calls: CallSpec[];
  /** The Graph object it stands for. */
  readonly graphId: string;
  readonly kind: 'root' | 'scep' | 'ca';
  /** A comment above it (what export could not express, say). */
  readonly comment?: string;
}

export interface AppSpec {
  readonly stack: string;
  readonly constructs: ConstructSpec[];
  /** Files to write beside main.ts (trusted root certificates as DER). */
  readonly files: ReadonlyMap<string, Buffer>;
}
