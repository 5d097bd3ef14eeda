/**
 * The generated Graph facts are Microsoft's published types as installed, and the mock's model is
 * exactly those facts for our 14 types: a property, kind, enum member or nullability that differs
 * from @microsoft/microsoft-graph-types-beta fails here.
 */
import { readFileSync } from 'node:fs';
import { ENTITY_TYPE_FACTS, ENUM_FACTS, FLAG_ENUMS, GRAPH_TYPES_SOURCE } from '../../lib/graph-facts';
import { ENTITY_TYPES, ENUMS } from '../../lib/mock-graph';
import { PLATFORMS, PLATFORM_TABLE } from '../../lib/schema';
import { FACTS_FILE, graphFactsSource } from '../../scripts/generate-graph-facts';

test('lib/graph-facts/generated.ts is what the installed published types generate (npm run generate:graph-facts refreshes it)', () => {
  expect(readFileSync(FACTS_FILE, 'utf8')).toBe(graphFactsSource());
  const installed = JSON.parse(readFileSync(require.resolve('@microsoft/microsoft-graph-types-beta/package.json'), 'utf8')) as {
    version: string;
  };
  expect(GRAPH_TYPES_SOURCE.version).toBe(installed.version);
});

const OUR_TYPES = PLATFORMS.flatMap((p) => [PLATFORM_TABLE[p].scepODataType, PLATFORM_TABLE[p].rootODataType]);

test('the platform table names 14 types the published model has', () => {
  for (const t of OUR_TYPES) expect(ENTITY_TYPE_FACTS[t.replace('#microsoft.graph.', '')]).toBeDefined();
});

describe.each(OUR_TYPES)('mock model of %s', (odataType) => {
  const name = odataType.replace('#microsoft.graph.', '');
  const fact = ENTITY_TYPE_FACTS[name];
  const mock = ENTITY_TYPES.get(odataType);

  it('has exactly the published properties, inherited ones included', () => {
    expect(Object.keys(mock?.properties ?? {}).sort()).toEqual(Object.keys(fact?.properties ?? {}).sort());
  });

  it('has their nullability, collections, enums (flags where Graph says so) and navigation', () => {
    for (const [prop, f] of Object.entries(fact?.properties ?? {})) {
      const m = mock?.properties[prop];
      expect({ prop, nullable: m?.nullable, collection: m?.collection }).toEqual({ prop, nullable: f.nullable, collection: f.collection });
      if (f.kind === 'enum') expect(m?.type).toEqual({ kind: 'enum', enum: f.type, flags: FLAG_ENUMS.has(f.type) });
      if (f.kind === 'navigation') expect(m?.type.kind).toBe('navigation');
      if (f.kind === 'complex') expect(m?.type).toEqual({ kind: 'complex', complex: f.type });
    }
  });
});

test('enum members are the published ones', () => {
  expect(ENUMS).toBe(ENUM_FACTS);
  // Spot checks against the .d.ts, so a generator bug that loses members cannot pass unnoticed.
  expect(ENUM_FACTS.subjectNameFormat).toEqual([
    'commonName',
    'commonNameIncludingEmail',
    'commonNameAsEmail',
    'custom',
    'commonNameAsIMEI',
    'commonNameAsSerialNumber',
    'commonNameAsAadDeviceId',
    'commonNameAsIntuneDeviceId',
    'commonNameAsDurableDeviceId',
  ]);
  expect(ENUM_FACTS.subjectAlternativeNameType).toContain('customAzureADAttribute');
  expect(ENUM_FACTS.appleSubjectNameFormat).toHaveLength(6);
});

test('Android device administrator has no certificate store and no custom SAN list (the published type lacks both)', () => {
  const props = ENTITY_TYPE_FACTS.androidScepCertificateProfile?.properties ?? {};
  expect(props).not.toHaveProperty('certificateStore');
  expect(props).not.toHaveProperty('customSubjectAlternativeNames');
  expect(props).toHaveProperty('subjectAlternativeNameFormatString');
  expect(ENTITY_TYPE_FACTS.iosScepCertificateProfile?.properties).not.toHaveProperty('hashAlgorithm');
});
