/**
 * Text and expressions: Terraform JSON strings are templates, our values are text.
 *
 * In a `cdk.tf.json` (config form) every string is a Terraform template: `${...}` interpolates,
 * `%{...}` is a directive, and `$${` / `%%{` are the escapes for a literal `${` / `%{`. Everywhere
 * else (value form: the config reader's attributes, state, Graph, the provider's values, which
 * Terraform has already evaluated) a string is text, whatever it holds. A value that is not text yet
 * (an expression Terraform would evaluate, a value unknown until apply) is an `Expression`, never a
 * string, so no text can pass for one. The one exception is a reference attribute
 * (`root_certificate_id`, `profile_id`): it holds a Graph id or a `${type.name.id}` reference string.
 *
 * | config form (Terraform JSON) | value form                              |
 * |------------------------------|-----------------------------------------|
 * | `Root $${x} %%{y}`           | `Root ${x} %{y}` (text)                 |
 * | `Root ${var.x}`, `%{ if }`   | Expression (its config text)            |
 * | `${intune_x.y.id}` in a      | the same string (a reference the engine |
 * | reference attribute          | resolves)                               |
 *
 * Terraform reads a run of n `$` before `{` as n-1 literal `$` (n >= 2) or an interpolation (n = 1);
 * the same for `%` (hclsyntax's template scanner). `escapeTemplate` adds one to every such run, and
 * `templateText` takes it away: the two are inverse, and Terraform itself reads escapeTemplate(t) as t.
 * `templateText` also reads an interpolation of a plain quoted string, `${"#"}`, as its text: the
 * constructs write a character so where CDKTF would take the text around it for one of its tokens.
 */

/** A value that is not text yet: a Terraform expression (its config-form text) or a value unknown until apply. */
export class Expression {
  constructor(
    /** As written in the configuration, e.g. `${var.name}` or `%{ if x }a%{ endif }`. */
    readonly text: string,
  ) {}

  /** In JSON (a plan, a message) it shows as written. */
  toJSON(): string {
    return this.text;
  }
}

/** True for a value that is not text yet (an expression, or a value unknown until apply). */
export function isExpression(value: unknown): value is Expression {
  return value instanceof Expression;
}

/** An interpolation or a directive that no escape turns into text (the `$`/`%` before the brace is alone). */
const TEMPLATE_SEQUENCE = /(?:^|[^$])\$\{|(?:^|[^%])%\{/;

/** Whether a config-form string holds an interpolation `${` or a directive `%{` (so is not plain text). */
export function isTemplate(s: string): boolean {
  return TEMPLATE_SEQUENCE.test(s);
}

/**
 * Escapes (`$${`, `$$${`, `%%{`), a plain quoted string interpolated (`${"#"}`: no `\`, braces or
 * template sequence inside), and anything else that can only be an interpolation or a directive.
 */
const TEMPLATE_PART = /(\$\$+)\{|(%%+)\{|\$\{"((?:[^"\\{}$%]|[$%](?!\{))*)"\}|[$%]\{/g;

/**
 * The text a config-form string stands for when reading it evaluates nothing: its escapes read
 * (`$${` → `${`, `%%{` → `%{`) and plain quoted strings interpolated (`${"#"}` → `#`). Undefined
 * when Terraform would evaluate something (a reference, a function, a variable, a directive).
 */
export function templateText(s: string): string | undefined {
  let out = '';
  let at = 0;
  for (const m of s.matchAll(TEMPLATE_PART)) {
    const [all, dollars, percents, quoted] = m;
    let text: string;
    if (dollars !== undefined) text = `${dollars.slice(1)}{`;
    else if (percents !== undefined) text = `${percents.slice(1)}{`;
    else if (quoted !== undefined) text = quoted;
    else return undefined;
    out += s.slice(at, m.index) + text;
    at = (m.index as number) + all.length;
  }
  return out + s.slice(at);
}

/** Text as a Terraform JSON string that Terraform reads back as exactly that text (`${` → `$${`, `%{` → `%%{`). */
export function escapeTemplate(text: string): string {
  return text.replace(/\$(?=\{)/g, '$$$$').replace(/%(?=\{)/g, '%%');
}

/**
 * A value-form JSON value in config form: every string escaped, every Expression as written. For
 * what is written into Terraform JSON by something other than the constructs (an override, the
 * provider's values handed to the config reader).
 */
export function escapeTemplates(value: unknown): unknown {
  if (typeof value === 'string') return escapeTemplate(value);
  if (isExpression(value)) return value.text;
  if (Array.isArray(value)) return value.map(escapeTemplates);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeTemplates(v)]));
  return value;
}
