/**
 * Property tests: random and mutated configurations through validateStack. It never throws, and
 * every diagnostic has a known code, a well-formed path and a detail.
 */
import fc from 'fast-check';
import { RESOURCES, RESOURCE_TYPES, isKnownCode, validateStack, type Diagnostic } from '../../lib';
import { NOW, testCertificates, type TestCertificates } from '../helpers/certificates';
import { cleanStack, platformStack } from '../helpers/stacks';

let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
});

/**
 * Every diagnostic well formed. Plain checks, not expect(): a property runs thousands of times, and
 * each expect() call captures a stack trace, which made most of this file's time.
 */
function wellFormed(diags: readonly Diagnostic[]): void {
  const fail = (what: string, d: Diagnostic) => {
    throw new Error(`${what}: ${JSON.stringify(d)}`);
  };
  for (const d of diags) {
    if (!isKnownCode(d.code)) throw new Error(`unknown code ${d.code}`);
    if (d.severity !== 'error' && d.severity !== 'warning') fail('severity is neither error nor warning', d);
    if (!Array.isArray(d.path)) fail('path is not an array', d);
    for (const p of d.path) if (typeof p !== 'string' && typeof p !== 'number') fail('a path element is neither a string nor a number', d);
    if (typeof d.address !== 'string') fail('address is not a string', d);
    if (!(d.summary.length > 0)) fail('empty summary', d);
    if (!(d.detail.length > 0)) fail('empty detail', d);
  }
}

const interesting = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '${intune_trusted_root_certificate.root.id}',
    '${var.x}',
    '{{',
    '}}',
    '{{UserName}}',
    'CN=a,OU=b\\,c',
    '"',
    '\\',
    'windows',
    'macos',
    'user',
    'device',
    'uri',
    '{{OnPremisesSecurityIdentifier}}',
    'http://x',
    'https://ndes.contoso.com/x',
    '\u0000',
    '🔐',
    'ab'.repeat(5000),
  ),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const anyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    interesting,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('type', 'value', 'name', 'object_identifier', 'rule_type', 'x'), tie('value'), { maxKeys: 3 }),
  ),
})).value;

const attributeNames = [...new Set(RESOURCE_TYPES.flatMap((t) => Object.keys(RESOURCES[t].attributes)))];

test('random documents never throw and give well-formed diagnostics', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (doc) => {
      wellFormed(validateStack(doc, { now: NOW }));
    }),
    { numRuns: 1000 },
  );
});

test('random resources of our types never throw', () => {
  const resource = fc.dictionary(fc.constantFrom(...attributeNames, 'lifecycle', 'depends_on', 'count', '//'), anyValue, { maxKeys: 12 });
  const doc = fc.record({
    resource: fc.dictionary(
      fc.constantFrom(...RESOURCE_TYPES, 'intune_other'),
      fc.dictionary(fc.constantFrom('root', 'wifi', 'p', 'a'), resource, { maxKeys: 3 }),
      { maxKeys: 3 },
    ),
  });
  fc.assert(
    fc.property(doc, (d) => {
      wellFormed(validateStack(d, { now: NOW }));
    }),
    { numRuns: 600 },
  );
});

test('mutations of valid stacks never throw', () => {
  const bases = [
    () => cleanStack(certs),
    ...['windows', 'ios', 'macos', 'android_work_profile', 'android_device_owner', 'aosp', 'android_device_admin'].map(
      (p) => () => platformStack(certs, p),
    ),
  ];
  const mutation = fc.record({
    base: fc.integer({ min: 0, max: bases.length - 1 }),
    target: fc.constantFrom('intune_scep_certificate_profile', 'intune_trusted_root_certificate', 'intune_profile_assignment'),
    edits: fc.array(fc.tuple(fc.constantFrom(...attributeNames), anyValue, fc.boolean()), { minLength: 1, maxLength: 4 }),
  });
  fc.assert(
    fc.property(mutation, ({ base, target, edits }) => {
      const doc = (bases[base] as () => Record<string, unknown>)() as { resource: Record<string, Record<string, Record<string, unknown>>> };
      for (const r of Object.values(doc.resource[target] ?? {})) {
        for (const [name, value, remove] of edits) {
          if (remove) delete r[name];
          else r[name] = value;
        }
      }
      wellFormed(validateStack(doc, { now: NOW }));
      wellFormed(validateStack(JSON.stringify(doc), { now: NOW }));
    }),
    { numRuns: 2000 },
  );
});

test('random subject and SAN text never throws', () => {
  const template = fc
    .array(
      fc.constantFrom(
        'CN=',
        'OU=',
        'E=',
        ',',
        '"',
        '""',
        '\\,',
        '\\',
        '{{',
        '}}',
        '{',
        '}',
        'UserName',
        'OnPrem_Distinguished_Name',
        'OnPremisesSecurityIdentifier',
        ' ',
        ';',
        '|',
        '=',
        'x',
      ),
      { maxLength: 30 },
    )
    .map((a) => a.join(''));
  fc.assert(
    fc.property(template, template, (subject, san) => {
      const doc = cleanStack(certs, {
        profile: { subject_name_format: subject, subject_alternative_names: [{ type: 'uri', value: san }] },
      });
      wellFormed(validateStack(doc, { now: NOW }));
    }),
    { numRuns: 3000 },
  );
});
