/**
 * Regenerates lib/graph-facts/generated.ts from Microsoft's published Graph beta types
 * (@microsoft/microsoft-graph-types-beta), with the TypeScript compiler API. Run:
 * npm run generate:graph-facts. Never edit the generated file by hand; a test fails when it is stale.
 *
 * What is read from the `.d.ts`, per type we use (the 14 profile types, assignments and their
 * targets, Cloud PKI's certification authorities and their leaf certificates, and every complex
 * type they reach):
 * | fact                 | from                                                          |
 * |----------------------|---------------------------------------------------------------|
 * | properties           | the interface and every interface it extends                  |
 * | kind                 | `string`/`number`/`boolean`, an enum alias, a complex type    |
 * |                      | (an interface not extending Entity) or a navigation (one that |
 * |                      | does)                                                         |
 * | collection, nullable | `X[]`, `NullableOption<X>`                                    |
 * | read-only, max items | the comment above the property ("read-only", "maximum of N")  |
 * | enum members         | the string-literal union of the alias                         |
 * Facts the types cannot carry (flags, Edm kinds, server-owned properties) live beside the
 * output, in lib/graph-facts/supplement.ts, each with its source.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import type { PropertyFact, TypeFact } from '../lib/graph-facts';
import { packageRoot } from '../lib/package-info';

export const FACTS_FILE = join(packageRoot(), 'lib', 'graph-facts', 'generated.ts');
const PACKAGE = '@microsoft/microsoft-graph-types-beta';

/** The concrete types whose facts we need (PascalCase, as the .d.ts names them). */
const ROOTS = [
  'Windows81SCEPCertificateProfile',
  'IosScepCertificateProfile',
  'MacOSScepCertificateProfile',
  'AndroidWorkProfileScepCertificateProfile',
  'AndroidDeviceOwnerScepCertificateProfile',
  'AospDeviceOwnerScepCertificateProfile',
  'AndroidScepCertificateProfile',
  'Windows81TrustedRootCertificate',
  'IosTrustedRootCertificate',
  'MacOSTrustedRootCertificate',
  'AndroidWorkProfileTrustedRootCertificate',
  'AndroidDeviceOwnerTrustedRootCertificate',
  'AospDeviceOwnerTrustedRootCertificate',
  'AndroidTrustedRootCertificate',
  'DeviceConfigurationAssignment',
  'GroupAssignmentTarget',
  'ExclusionGroupAssignmentTarget',
  'AllLicensedUsersAssignmentTarget',
  'AllDevicesAssignmentTarget',
  'DeviceAndAppManagementAssignmentFilter',
  'DeviceConfigurationDeviceOverview',
  'DeviceConfigurationUserOverview',
  'CloudCertificationAuthority',
  'CloudCertificationAuthorityLeafCertificate',
];

/** OData names are the .d.ts names with a lower-case first letter (`IosScep…` → `iosScep…`). */
const odataName = (tsName: string) => tsName.charAt(0).toLowerCase() + tsName.slice(1);

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(require.resolve(`${PACKAGE}/package.json`), 'utf8')) as { version: string };
  return pkg.version;
}

/** The generated module's text: deterministic for a given package version. */
export function graphFactsSource(): string {
  const file = require.resolve(`${PACKAGE}/microsoft-graph.d.ts`);
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  const aliases = new Map<string, ts.TypeAliasDeclaration>();
  // Top-level declarations only: the namespaces further down (callRecords, ...) reuse names.
  for (const n of sf.statements) {
    if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, n);
    else if (ts.isTypeAliasDeclaration(n)) aliases.set(n.name.text, n);
  }

  const need = (name: string): ts.InterfaceDeclaration => {
    const i = interfaces.get(name);
    if (!i) throw new Error(`${PACKAGE} has no interface ${name}`);
    return i;
  };
  /** Heritage may be written `microsoftgraphbeta.Entity` (the global namespace name). */
  const local = (name: string) => name.replace(/^microsoftgraphbeta\./, '');
  const baseOf = (i: ts.InterfaceDeclaration): string | undefined => {
    const text = i.heritageClauses?.[0]?.types[0]?.expression.getText(sf);
    return text === undefined ? undefined : local(text);
  };
  const chain = (name: string): string[] => {
    const out: string[] = [];
    for (let n: string | undefined = name; n; n = baseOf(need(n))) out.push(n);
    return out;
  };
  const isEntity = (name: string) => interfaces.has(name) && chain(name).includes('Entity');

  const enums: Record<string, string[]> = {};
  const complexTypes: Record<string, TypeFact> = {};
  const entityTypes: Record<string, TypeFact> = {};
  const pending: string[] = [];

  const comment = (m: ts.Node): string =>
    (ts.getLeadingCommentRanges(sf.text, m.getFullStart()) ?? []).map((r) => sf.text.slice(r.pos, r.end)).join(' ');

  const propertyFact = (m: ts.PropertySignature, declaredOn: string): PropertyFact => {
    let t = m.type as ts.TypeNode;
    let nullable = false;
    if (ts.isTypeReferenceNode(t) && t.typeName.getText(sf) === 'NullableOption' && t.typeArguments?.[0]) {
      nullable = true;
      t = t.typeArguments[0];
    }
    let collection = false;
    if (ts.isArrayTypeNode(t)) {
      collection = true;
      t = t.elementType;
    }
    const text = local(t.getText(sf));
    let kind: PropertyFact['kind'];
    let type: string;
    if (text === 'string' || text === 'number' || text === 'boolean') {
      kind = 'primitive';
      type = text;
    } else if (aliases.has(text)) {
      const alias = aliases.get(text) as ts.TypeAliasDeclaration;
      const members = (ts.isUnionTypeNode(alias.type) ? alias.type.types : [alias.type]).map((x) =>
        ts.isLiteralTypeNode(x) && ts.isStringLiteral(x.literal) ? x.literal.text : undefined,
      );
      if (members.some((x) => x === undefined)) throw new Error(`${text} is not a union of string literals`);
      kind = 'enum';
      type = odataName(text);
      enums[type] = members as string[];
    } else if (interfaces.has(text)) {
      type = odataName(text);
      if (isEntity(text)) kind = 'navigation';
      else {
        kind = 'complex';
        pending.push(text);
      }
    } else throw new Error(`property ${m.name.getText(sf)} of ${declaredOn}: unknown type ${text}`);
    const note = comment(m);
    const max = /maximum of (\d+) elements/.exec(note);
    return {
      type,
      kind,
      collection,
      nullable,
      declaredOn: odataName(declaredOn),
      ...(/read-only/i.test(note) ? { readOnly: true as const } : {}),
      ...(max ? { maxItems: Number(max[1]) } : {}),
    };
  };

  const typeFact = (name: string): TypeFact => {
    const names = chain(name);
    const properties: Record<string, PropertyFact> = {};
    for (const n of [...names].reverse()) {
      for (const m of need(n).members) {
        if (!ts.isPropertySignature(m) || !m.type) continue;
        properties[m.name.getText(sf)] = propertyFact(m, n);
      }
    }
    return { baseTypes: names.slice(1).map(odataName), properties: sortKeys(properties) };
  };

  for (const name of ROOTS) {
    if (isEntity(name)) entityTypes[odataName(name)] = typeFact(name);
    else pending.push(name);
  }
  const seen = new Set<string>();
  while (pending.length > 0) {
    const name = pending.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    complexTypes[odataName(name)] = typeFact(name);
  }

  const facts = {
    source: { package: PACKAGE, version: packageVersion() },
    entityTypes: sortKeys(entityTypes),
    complexTypes: sortKeys(complexTypes),
    enums: sortKeys(enums),
  };
  return [
    "// Generated by scripts/generate-graph-facts.ts from Microsoft's published Graph beta types",
    `// (${PACKAGE} ${facts.source.version}). Do not edit: run npm run generate:graph-facts.`,
    '/* eslint-disable */',
    `export const GENERATED_FACTS = ${JSON.stringify(facts, null, 2)} as const;`,
    '',
  ].join('\n');
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

if (require.main === module) {
  writeFileSync(FACTS_FILE, graphFactsSource());
  process.stdout.write(`wrote ${FACTS_FILE}\n`);
}
