/**
 * The OData query options the mock understands, parsed strictly: anything else is a 400, as Graph
 * answers an option or clause it does not support.
 *
 * $filter grammar (a subset of OData's):
 *   expr    := and ("or" and)*
 *   and     := unary ("and" unary)*
 *   unary   := "not" unary | "(" expr ")" | "isof(" string ")" | prop op literal | prop "in" "(" literal, ... ")"
 *   op      := eq | ne | gt | ge | lt | le
 *   literal := 'text' ('' escapes a quote) | number | true | false | null | 2026-01-01T00:00:00Z
 * String comparisons ignore case, as directory and Intune lookups by name do.
 */
import { badRequest } from './errors';

export type Predicate = (item: Record<string, unknown>) => boolean;

type Token = { t: 'str' | 'num' | 'id' | 'dt' | '(' | ')' | ','; v: string; at: number };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === ' ') {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      out.push({ t: ch, v: ch, at: i });
      i++;
    } else if (ch === "'") {
      let v = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw badRequest(`Invalid filter clause: unterminated string literal at position ${i}.`);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            v += "'";
            j += 2;
            continue;
          }
          break;
        }
        v += text[j];
        j++;
      }
      out.push({ t: 'str', v, at: i });
      i = j + 1;
    } else {
      const m = /^(\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2}))|^(-?\d+(\.\d+)?)|^([A-Za-z_@][\w.@]*)/.exec(text.slice(i));
      if (!m) throw badRequest(`Invalid filter clause: syntax error at position ${i} in '${text}'.`);
      out.push({ t: m[1] ? 'dt' : m[3] ? 'num' : 'id', v: m[0], at: i });
      i += m[0].length;
    }
  }
  return out;
}

type Value = string | number | boolean | null;

/** Strings compare without case, and only their first `maxChars` characters when given. */
function compare(a: unknown, b: Value, maxChars = Infinity): number | undefined {
  if (a === undefined) a = null;
  if (a === null || b === null) return a === b ? 0 : undefined;
  if (typeof b === 'string' && typeof a === 'string') {
    const da = Date.parse(a);
    const db = Date.parse(b);
    if (/^\d{4}-\d{2}-\d{2}T/.test(b) && !Number.isNaN(da) && !Number.isNaN(db)) return da - db;
    return a.slice(0, maxChars).toLowerCase().localeCompare(b.slice(0, maxChars).toLowerCase());
  }
  if (typeof a === typeof b) return a === b ? 0 : (a as number) < (b as number) ? -1 : 1;
  return undefined;
}

const OPS: Record<string, (c: number | undefined) => boolean> = {
  eq: (c) => c === 0,
  ne: (c) => c !== 0,
  gt: (c) => c !== undefined && c > 0,
  ge: (c) => c !== undefined && c >= 0,
  lt: (c) => c !== undefined && c < 0,
  le: (c) => c !== undefined && c <= 0,
};

/** Parentheses and `not`s one filter may nest. */
export const MAX_FILTER_DEPTH = 100;

/**
 * Parse `$filter`. `properties` are the names a clause may compare; `isOf` says whether an item is
 * of a type given as `microsoft.graph.X` (absent where the collection is not polymorphic).
 */
export function parseFilter(
  text: string,
  properties: ReadonlySet<string>,
  isOf?: (item: Record<string, unknown>, type: string) => boolean,
  /** Directory objects compare at most 120 characters of a string (graph-api.md). */
  maxStringCompare = Infinity,
): Predicate {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const word = (w: string) => peek()?.t === 'id' && peek()?.v.toLowerCase() === w;
  const expect = (t: Token['t']): Token => {
    const tok = tokens[pos];
    if (!tok || tok.t !== t) throw badRequest(`Invalid filter clause: expected '${t}' at position ${tok?.at ?? text.length} in '${text}'.`);
    pos++;
    return tok;
  };
  const literal = (): Value => {
    const tok = tokens[pos++];
    if (!tok) throw badRequest(`Invalid filter clause: expected a value at the end of '${text}'.`);
    if (tok.t === 'str' || tok.t === 'dt') return tok.v;
    if (tok.t === 'num') return Number(tok.v);
    if (tok.t === 'id' && ['true', 'false', 'null'].includes(tok.v)) return tok.v === 'null' ? null : tok.v === 'true';
    throw badRequest(`Invalid filter clause: expected a value at position ${tok.at} in '${text}'.`);
  };

  // Graph refuses overly complex queries with a 400; so does the mock, before recursion runs deep.
  let depth = 0;
  const nested = <T>(f: () => T): T => {
    if (++depth > MAX_FILTER_DEPTH)
      throw badRequest(`The query specified in the URI is not valid. The filter nests deeper than ${MAX_FILTER_DEPTH} levels.`);
    try {
      return f();
    } finally {
      depth--;
    }
  };
  const primary = (): Predicate => {
    if (word('not')) {
      pos++;
      const inner = nested(primary);
      return (x) => !inner(x);
    }
    const tok = peek();
    if (tok?.t === '(') {
      pos++;
      const inner = nested(orExpr);
      expect(')');
      return inner;
    }
    if (word('isof')) {
      if (!isOf) throw badRequest(`Invalid filter clause: isof is not supported on this collection.`);
      pos++;
      expect('(');
      const type = expect('str').v;
      expect(')');
      return (x) => isOf(x, type);
    }
    const prop = expect('id').v;
    if (!properties.has(prop))
      throw badRequest(`Could not find a property named '${prop}' on type 'microsoft.graph.entity' in the filter clause.`);
    if (word('in')) {
      pos++;
      expect('(');
      const values: Value[] = [literal()];
      while (peek()?.t === ',') {
        pos++;
        values.push(literal());
      }
      expect(')');
      return (x) => values.some((v) => compare(x[prop], v, maxStringCompare) === 0);
    }
    const opTok = expect('id');
    const op = OPS[opTok.v.toLowerCase()];
    if (!op) throw badRequest(`Invalid filter clause: unsupported operator '${opTok.v}' at position ${opTok.at}.`);
    const value = literal();
    return (x) => op(compare(x[prop], value, maxStringCompare));
  };
  const andExpr = (): Predicate => {
    let left = primary();
    while (word('and')) {
      pos++;
      const l = left;
      const r = primary();
      left = (x) => l(x) && r(x);
    }
    return left;
  };
  const orExpr = (): Predicate => {
    let left = andExpr();
    while (word('or')) {
      pos++;
      const l = left;
      const r = andExpr();
      left = (x) => l(x) || r(x);
    }
    return left;
  };

  if (tokens.length === 0) throw badRequest('Invalid filter clause: the filter is empty.');
  const pred = orExpr();
  if (pos !== tokens.length)
    throw badRequest(`Invalid filter clause: unexpected '${tokens[pos]?.v}' at position ${tokens[pos]?.at} in '${text}'.`);
  return pred;
}

export interface QueryOptions {
  filter?: string;
  select?: string[];
  expand?: string[];
  top?: number;
  skip?: number;
}

const SUPPORTED = new Set(['$filter', '$select', '$expand', '$top', '$skiptoken']);

/** Parse the `$` options of a query string; unsupported ones are a 400. */
export function parseQuery(params: URLSearchParams): QueryOptions {
  const q: QueryOptions = {};
  for (const key of params.keys()) {
    if (key.startsWith('$') && !SUPPORTED.has(key)) throw badRequest(`Query option '${key}' is not supported on this resource.`);
  }
  const filter = params.get('$filter');
  if (filter !== null) q.filter = filter;
  const list = (name: string) =>
    params
      .get(name)
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  const select = list('$select');
  if (select) q.select = select;
  const expand = list('$expand');
  if (expand) q.expand = expand;
  const top = params.get('$top');
  if (top !== null) {
    if (!/^\d+$/.test(top) || Number(top) < 1) throw badRequest(`Invalid value '${top}' for $top; expected a positive integer.`);
    q.top = Number(top);
  }
  const token = params.get('$skiptoken');
  if (token !== null) q.skip = decodeSkipToken(token);
  return q;
}

/** An opaque token: clients must follow @odata.nextLink, never build it. */
export function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ v: 1, o: offset, n: offset * 7919 + 13 })).toString('base64url');
}

function decodeSkipToken(token: string): number {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: number; o?: number; n?: number };
    if (t.v === 1 && typeof t.o === 'number' && Number.isInteger(t.o) && t.o >= 0 && t.n === t.o * 7919 + 13) return t.o;
  } catch {
    /* fall through */
  }
  throw badRequest('The $skiptoken is invalid or expired. Follow @odata.nextLink as returned.');
}

/** The item with only the selected properties (id and @odata.type always kept). */
export function project(item: Record<string, unknown>, select: readonly string[] | undefined): Record<string, unknown> {
  if (!select) return item;
  const out: Record<string, unknown> = {};
  for (const key of ['@odata.type', 'id', ...select]) if (key in item) out[key] = item[key];
  return out;
}
