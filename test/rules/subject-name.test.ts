/** The distinguished-name parser and the variable scanner: positions, quoting, escapes, errors. */
import { parseSubjectName, quoteValue, scanTemplate, templateLength, variablesOf } from '../../lib';

describe('parseSubjectName', () => {
  it('reads attributes, values and their offsets', () => {
    const text = 'CN={{UserPrincipalName}},E={{EmailAddress}},O=Contoso';
    const p = parseSubjectName(text);
    expect(p.ok).toBe(true);
    expect(p.rdns.map((r) => [r.attribute, r.value])).toEqual([
      ['CN', '{{UserPrincipalName}}'],
      ['E', '{{EmailAddress}}'],
      ['O', 'Contoso'],
    ]);
    const e = p.rdns[1];
    expect(text.slice(e?.attributeStart, e?.valueEnd)).toBe('E={{EmailAddress}}');
  });

  it('keeps commas inside double quotes and reads doubled quotes as one', () => {
    const p = parseSubjectName('CN=a,OU="Sales, EMEA",O="The ""Best"" Co"');
    expect(p.ok).toBe(true);
    expect(p.rdns.map((r) => [r.value, r.quoted])).toEqual([
      ['a', false],
      ['Sales, EMEA', true],
      ['The "Best" Co', true],
    ]);
  });

  it('gives variables offsets into the whole subject, inside quotes too', () => {
    const text = 'CN="{{OnPrem_Distinguished_Name}}",E={{EmailAddress}}';
    const p = parseSubjectName(text);
    const vars = p.rdns.flatMap((r) => variablesOf(r.template));
    expect(vars.map((v) => [v.name, text.slice(v.start, v.end)])).toEqual([
      ['OnPrem_Distinguished_Name', '{{OnPrem_Distinguished_Name}}'],
      ['EmailAddress', '{{EmailAddress}}'],
    ]);
  });

  it('records backslash escapes with the offset of the backslash', () => {
    const text = 'CN=x,OU=Sales\\, EMEA';
    const p = parseSubjectName(text);
    expect(p.ok).toBe(true);
    expect(p.rdns[1]?.value).toBe('Sales, EMEA');
    expect(p.rdns[1]?.escapes).toEqual([{ char: ',', offset: text.indexOf('\\') }]);
  });

  it('is case-insensitive in attributes and trims blanks around values', () => {
    const p = parseSubjectName('  cn = a b  ,  o=c ');
    expect(p.rdns.map((r) => [r.attribute, r.value])).toEqual([
      ['CN', 'a b'],
      ['O', 'c'],
    ]);
  });

  it.each([
    ['CN', 2, 'expected "="'],
    ['CN=a,,O=b', 5, 'expected an attribute'],
    ['FOO=a', 0, 'unknown attribute "FOO"'],
    ['CN=a"b', 4, 'a quote may only open a value'],
    ['CN="a', 3, 'never closed'],
    ['CN="a" x', 7, 'expected ","'],
    ['CN=', 3, 'is empty'],
    ['CN=a\\', 4, 'backslash at the end'],
    ['', 0, 'the subject is empty'],
  ])('%j fails at character %i: %s', (text, offset, message) => {
    const p = parseSubjectName(text);
    expect(p.ok).toBe(false);
    if (!p.ok) {
      expect(p.offset).toBe(offset);
      expect(p.message).toContain(message);
    }
  });

  it('quotes a value as CertStrToName reads it', () => {
    expect(quoteValue('a "b", c')).toBe('"a ""b"", c"');
  });
});

describe('scanTemplate', () => {
  it('splits text and variables with offsets and catalog entries', () => {
    const t = scanTemplate('{{DeviceName}}.contoso.com', 10);
    expect(t.problems).toEqual([]);
    expect(t.parts).toEqual([
      { kind: 'variable', name: 'DeviceName', info: expect.objectContaining({ name: 'DeviceName' }), start: 10, end: 24 },
      { kind: 'text', text: '.contoso.com', start: 24 },
    ]);
  });

  it.each([
    ['{UserName}', [0, 9]],
    ['{{}}', [0]],
    ['{{UserName', [0]],
    ['a}b', [1]],
    ['{{a{b}}', [3]],
  ])('reports malformed braces in %j at %j', (text, offsets) => {
    expect(scanTemplate(text).problems.map((p) => p.offset)).toEqual(offsets);
  });

  it('counts one character per variable', () => {
    expect(templateLength(scanTemplate('CN={{UserPrincipalName}},O=ab'))).toBe(3 + 1 + 5);
  });
});
