/**
 * Parser of the subject-name format Intune passes to Windows' CertStrToName:
 *
 *   dn       := ws rdn (ws "," ws rdn)* ws
 *   rdn      := attr ws "=" ws value
 *   attr     := one of SUBJECT_ATTRIBUTES (case-insensitive)
 *   value    := quoted | unquoted
 *   quoted   := '"' ( any but '"' | '""' )* '"'         (may hold commas)
 *   unquoted := ( "\" any | any but ',' and '"' )+       (trailing blanks trimmed)
 *
 * Variables (`{{Name}}`) are static text to this grammar; `template.ts` reads them out of each value
 * with offsets into the whole string. A backslash escape is kept as written in `escapes`, because
 * Intune mishandles `\,` `\+` `\;` `\=` (rule subject/escaped-special-character).
 */
import { scanTemplate, type Template } from './template';

/** CertStrToName's attribute keywords. */
export const SUBJECT_ATTRIBUTES = [
  'CN',
  'E',
  'OU',
  'O',
  'L',
  'ST',
  'S',
  'C',
  'DC',
  'STREET',
  'T',
  'G',
  'I',
  'SN',
  'SERIALNUMBER',
  'POSTALCODE',
  'DESCRIPTION',
  'POBOX',
  'PHONE',
  'UID',
  'DNQUALIFIER',
] as const;

export interface Rdn {
  /** Upper-cased attribute keyword. */
  readonly attribute: string;
  readonly attributeStart: number;
  /** The value with quotes and escapes resolved. */
  readonly value: string;
  /** Offsets of the value as written (quotes included). */
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly quoted: boolean;
  /** Backslash escapes in an unquoted value: the escaped character and the backslash's offset. */
  readonly escapes: readonly { readonly char: string; readonly offset: number }[];
  /** Variables and text of the value as written, offsets into the whole subject string. */
  readonly template: Template;
}

export type SubjectParse =
  | { readonly ok: true; readonly rdns: readonly Rdn[] }
  | { readonly ok: false; readonly offset: number; readonly message: string; readonly rdns: readonly Rdn[] };

const ATTRIBUTE_SET = new Set<string>(SUBJECT_ATTRIBUTES);

export function parseSubjectName(text: string): SubjectParse {
  const rdns: Rdn[] = [];
  let i = 0;
  const fail = (offset: number, message: string): SubjectParse => ({ ok: false, offset, message, rdns });
  const skipBlanks = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  };

  skipBlanks();
  if (i >= text.length) return fail(i, 'the subject is empty');
  for (;;) {
    // attribute
    skipBlanks();
    const attributeStart = i;
    while (i < text.length && /[A-Za-z0-9.]/.test(text[i] as string)) i++;
    const attribute = text.slice(attributeStart, i);
    if (attribute.length === 0) {
      return fail(
        attributeStart,
        text[i] === undefined
          ? 'expected an attribute such as CN after ","'
          : `expected an attribute such as CN, found ${JSON.stringify(text[i])}`,
      );
    }
    if (!ATTRIBUTE_SET.has(attribute.toUpperCase())) {
      return fail(attributeStart, `unknown attribute ${JSON.stringify(attribute)}; use one of ${SUBJECT_ATTRIBUTES.join(', ')}`);
    }
    skipBlanks();
    if (text[i] !== '=') {
      return fail(i, `expected "=" after ${attribute}${text[i] === undefined ? '' : `, found ${JSON.stringify(text[i])}`}`);
    }
    i++;
    skipBlanks();

    // value
    const valueStart = i;
    let value = '';
    let quoted = false;
    const escapes: { char: string; offset: number }[] = [];
    let templateBase = i;
    let templateText: string;
    if (text[i] === '"') {
      quoted = true;
      i++;
      templateBase = i;
      let closed = false;
      while (i < text.length) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          closed = true;
          break;
        }
        value += text[i];
        i++;
      }
      if (!closed) return fail(valueStart, `the quote opened here is never closed`);
      templateText = text.slice(templateBase, i);
      i++; // closing quote
      skipBlanks();
      if (i < text.length && text[i] !== ',') {
        return fail(i, `expected "," after the closing quote, found ${JSON.stringify(text[i])}`);
      }
    } else {
      while (i < text.length && text[i] !== ',') {
        const ch = text[i] as string;
        if (ch === '"') return fail(i, 'a quote may only open a value: put the whole value in double quotes');
        if (ch === '\\') {
          const next = text[i + 1];
          if (next === undefined) return fail(i, 'a backslash at the end escapes nothing');
          escapes.push({ char: next, offset: i });
          value += next;
          i += 2;
          continue;
        }
        value += ch;
        i++;
      }
      // A backslash-escaped comma does not end the value above; trailing blanks do not belong to it.
      let end = i;
      while (end > valueStart && (text[end - 1] === ' ' || text[end - 1] === '\t') && text[end - 2] !== '\\') end--;
      value = value.slice(0, value.length - (i - end));
      templateText = text.slice(valueStart, end);
      if (templateText.length === 0) return fail(valueStart, `the value of ${attribute} is empty`);
    }
    const valueEnd = quoted ? i : valueStart + templateText.length;
    rdns.push({
      attribute: attribute.toUpperCase(),
      attributeStart,
      value,
      valueStart,
      valueEnd,
      quoted,
      escapes,
      template: scanTemplate(templateText, templateBase),
    });

    skipBlanks();
    if (i >= text.length) return { ok: true, rdns };
    // text[i] === ','
    i++;
    skipBlanks();
    if (i >= text.length) return fail(i - 1, 'a trailing "," ends the subject with no attribute after it');
  }
}

/** The value in double quotes, as CertStrToName reads it (inner quotes doubled). */
export function quoteValue(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}
