/**
 * The variable syntax of subject names and SAN values: static text with `{{Name}}` variables.
 *
 * A scan never fails: it returns the parts it understood and a problem for each malformed brace,
 * with the offset of the character, so rules can point at it.
 */
import { lookupVariable, type VariableInfo } from '../schema';

export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string; readonly start: number }
  | {
      readonly kind: 'variable';
      /** As written, between the braces. */
      readonly name: string;
      /** Catalog entry; undefined for an unknown name. */
      readonly info: VariableInfo | undefined;
      /** Offset of the first `{`. */
      readonly start: number;
      /** Offset just past the last `}`. */
      readonly end: number;
    };

export interface TemplateProblem {
  readonly offset: number;
  readonly message: string;
  /** What to write instead, when the message alone does not say. */
  readonly fix?: string;
}

export interface Template {
  readonly parts: readonly TemplatePart[];
  readonly problems: readonly TemplateProblem[];
}

export type TemplateVariable = Extract<TemplatePart, { kind: 'variable' }>;

/** Scan `text`; `base` is added to every offset (the position of `text` in a larger string). */
export function scanTemplate(text: string, base = 0): Template {
  const parts: TemplatePart[] = [];
  const problems: TemplateProblem[] = [];
  let textStart = 0;
  let i = 0;
  const flushText = (end: number) => {
    if (end > textStart) parts.push({ kind: 'text', text: text.slice(textStart, end), start: base + textStart });
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '{' && text[i + 1] === '{') {
      const close = text.indexOf('}}', i + 2);
      if (close < 0) {
        problems.push({ offset: base + i, message: '"{{" is never closed by "}}"' });
        i += 2;
        continue;
      }
      const name = text.slice(i + 2, close);
      if (name.length === 0) {
        problems.push({ offset: base + i, message: 'empty variable "{{}}"' });
      } else if (/[{}]/.test(name)) {
        problems.push({ offset: base + i + 2 + name.search(/[{}]/), message: 'brace inside a variable name' });
      } else {
        flushText(i);
        parts.push({ kind: 'variable', name, info: lookupVariable(name.trim()), start: base + i, end: base + close + 2 });
        textStart = close + 2;
      }
      i = close + 2;
      continue;
    }
    if (ch === '{') problems.push({ offset: base + i, message: 'single "{": variables are written {{Name}}' });
    if (ch === '}') problems.push({ offset: base + i, message: 'unbalanced "}": variables are written {{Name}}' });
    i += 1;
  }
  flushText(text.length);
  return { parts, problems };
}

export function variablesOf(template: Template): TemplateVariable[] {
  return template.parts.filter((p): p is TemplateVariable => p.kind === 'variable');
}

/** Static text plus one character per variable: the length Intune's guidance counts. */
export function templateLength(template: Template): number {
  return template.parts.reduce((n, p) => n + (p.kind === 'text' ? p.text.length : 1), 0);
}
