/**
 * Text is data in the synthesized stack. Every string the L2 constructs hand to an L1 resource goes
 * through `toL1` once, where literal props become L1 props. Terraform reads the strings of its JSON
 * as templates, so text is written in Terraform's own spelling of that text (schema/expression.ts):
 * Terraform, the intune provider and the engine read back exactly the text the prop held. CDKTF
 * tokens stay tokens (a reference, a TerraformVariable, a Lazy value): only the text around them is
 * written so.
 *
 * | in the text                                  | written as                                      |
 * |----------------------------------------------|-------------------------------------------------|
 * | `${`, `%{`                                   | `$${`, `%%{` (Terraform's escapes); beside a     |
 * |                                              | token `${"$"}{`, which CDKTF's parser balances   |
 * | what CDKTF would take for one of its tokens: | one character of it as `${"#"}`: Terraform reads |
 * | `#{TfToken[`, `&{TfToken[`, an encoded number | the same text, CDKTF no longer sees a token     |
 * | token, "String Map Token Value"              |                                                 |
 * | `${TfToken[KEY]}`                            | a token: CDKTF's syntax for a token in a string  |
 *
 * `${TfToken[KEY]}` is how `root.id` or a variable's value reaches a string prop, so in a prop it is
 * a token, as everywhere in CDKTF; a key this app never made is refused here, naming the text.
 */
import { Token, Tokenization } from 'cdktf';

/** CDKTF's marker of a string token (cdktf's own pattern, tokens/private/encoding). */
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;
/** Markers of list and map tokens: CDKTF refuses or substitutes them wherever a string holds one. */
const OTHER_TOKEN = /[#&](?=\{TfToken\[)/g;
/** What CDKTF scans every resolved string for as encoded number tokens (cdktf's own pattern). */
const NUMBER_LIKE = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g;

/**
 * What in a value from outside the app (a tenant's) a CDKTF app can only read as one of its own
 * tokens, or undefined: a string token in a string, a list token as a list's one string, an encoded
 * number token as a number. The constructs write any other text as text (`terraformText`); these
 * are how a CDKTF app's own code hands a token to a prop.
 */
export function cdktfTokenIn(value: unknown): string | undefined {
  if (typeof value === 'string') return value.match(new RegExp(STRING_TOKEN.source))?.[0];
  if (typeof value === 'number') return Token.isUnresolved(value) ? String(value) : undefined;
  if (Array.isArray(value) && Token.isUnresolved(value)) return String(value[0]);
  return undefined;
}

/** Offsets of the characters to write as `${"c"}` so that CDKTF sees no token of its own in `text`. */
function misreadAt(text: string): Set<number> {
  const at = new Set<number>();
  for (const m of text.matchAll(OTHER_TOKEN)) at.add(m.index as number);
  for (const m of text.matchAll(NUMBER_LIKE)) if (Token.isUnresolved(parseFloat(m[0]))) at.add((m.index as number) + m[0].indexOf('e'));
  if (text === Token.STRING_MAP_TOKEN_VALUE || text === Token.ANY_MAP_TOKEN_VALUE) at.add(0);
  return at;
}

/**
 * Text as Terraform JSON that Terraform reads back as the text and CDKTF leaves alone. A run of `$`
 * goes with what follows it: before `{` it is escaped (one `$` more), or beside a token quoted
 * (`${"$$"}{`); before a character written as `${"c"}`, or at the end of text a token follows, it
 * goes inside quotes, or its last `$` and the `${` after it would read as an escape.
 */
function written(text: string, besideToken: boolean, beforeToken = false): string {
  const wrap = misreadAt(text);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '$' || c === '%') {
      let j = i;
      while (text[j] === c) j++;
      const run = text.slice(i, j);
      if (c === '$' && wrap.has(j)) {
        out += `\${"${run}${text[j] as string}"}`;
        i = j + 1;
        continue;
      }
      if (c === '$' && ((besideToken && text[j] === '{') || (beforeToken && j === text.length))) out += `\${"${run}"}`;
      else if (text[j] === '{') out += `${run}${c}`;
      else out += run;
      i = j;
    } else {
      out += wrap.has(i) ? `\${"${c}"}` : c;
      i++;
    }
  }
  return out;
}

/** One string prop as the L1 resource takes it. */
export function terraformText(s: string): string {
  const markers = [...s.matchAll(STRING_TOKEN)];
  if (markers.length === 0) return written(s, false);
  let out = '';
  let at = 0;
  for (const m of markers) {
    let known: boolean;
    try {
      known = Tokenization.reverseString(m[0]).firstToken !== undefined;
    } catch {
      known = false;
    }
    if (!known)
      throw new Error(
        `${JSON.stringify(s)} holds ${m[0]}, CDKTF's syntax for a token inside a string, but this app has no such token: a string prop cannot hold it as text.`,
      );
    out += written(s.slice(at, m.index), true, true) + m[0];
    at = (m.index as number) + m[0].length;
  }
  return out + written(s.slice(at), true);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/**
 * An L1 config (or a part of one) with every string as `terraformText`: lists and plain objects are
 * walked, tokens (a list token, a Lazy, any IResolvable), numbers, booleans and constructs are kept.
 */
export function toL1<T>(value: T): T {
  if (typeof value === 'string') return terraformText(value) as T;
  if (Array.isArray(value)) return (Token.isUnresolved(value) ? value : value.map(toL1)) as T;
  if (isPlainObject(value) && !Tokenization.isResolvable(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toL1(v)])) as T;
  return value;
}
