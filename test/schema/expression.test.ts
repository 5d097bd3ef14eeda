/**
 * Text and Terraform templates (lib/schema/expression.ts): escaping is exact and reversible, an
 * escaped text never reads as an expression, and the engine reads strings as Terraform does
 * (hostile-text.e2e.test.ts checks the same texts against the real terraform).
 */
import fc from 'fast-check';
import { Expression, escapeTemplate, escapeTemplates, isExpression, isTemplate, templateText } from '../../lib/schema';

/** Text made of the characters that matter to templates, and a few that do not. */
const text = fc.string({ unit: fc.constantFrom('$', '%', '{', '}', '"', '\\', '#', 'a', ' ', '\n') });

describe('escapeTemplate / templateText', () => {
  it('round-trips any text, and escaped text holds no interpolation or directive', () => {
    fc.assert(
      fc.property(text, (t) => {
        const escaped = escapeTemplate(t);
        expect(templateText(escaped)).toBe(t);
        expect(isTemplate(escaped)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it.each<[string, string, string | undefined]>([
    ['an escaped interpolation', '$${x}', '${x}'],
    ['three dollars: two of them text', '$$${x}', '$${x}'],
    ['an escaped directive', '%%{ if }', '%{ if }'],
    ['dollars and percents without a brace', '$ $$ % %% 100%', '$ $$ % %% 100%'],
    ['a quoted string interpolated', 'a${"#"}{TfToken[TOKEN.1]}', 'a#{TfToken[TOKEN.1]}'],
    ['a quoted dollar before a brace', '${"$$"}{x}', '$${x}'],
    ['an interpolation', 'a ${var.x}', undefined],
    ['a function', '${file("/etc/passwd")}', undefined],
    ['a directive', '%{ if true }x%{ endif }', undefined],
    ['a quoted string with an interpolation inside', '${"${x}"}', undefined],
    ['a quoted string with an escape inside', '${"\\n"}', undefined],
    ['an unclosed interpolation', 'Root ${', undefined],
  ])('%s: %j reads as %j', (_n, config, expected) => {
    expect(templateText(config)).toBe(expected);
    expect(isTemplate(config)).toBe(config.replace(/\$\$+\{|%%+\{/g, '').search(/[$%]\{/) >= 0);
  });

  it('escapeTemplates escapes the strings of a value and writes Expressions as they are', () => {
    expect(escapeTemplates({ a: ['${x}', 1, true, null], b: { c: '%{y}' }, d: new Expression('${var.z}') })).toEqual({
      a: ['$${x}', 1, true, null],
      b: { c: '%%{y}' },
      d: '${var.z}',
    });
  });

  it('only an Expression is an expression: a string is text, whatever it holds', () => {
    expect(isExpression(new Expression('${x}'))).toBe(true);
    expect(isExpression('${x}')).toBe(false);
    expect(JSON.stringify({ v: new Expression('${var.x}') })).toBe('{"v":"${var.x}"}');
  });
});
