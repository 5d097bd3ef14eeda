/**
 * Facts about Microsoft Graph (beta) for the types intune-scep uses, published by Microsoft:
 * generated from `@microsoft/microsoft-graph-types-beta` (generated.ts) plus what those types
 * cannot express (supplement.ts). Data only: the Graph client's mapping and the mock Graph both
 * read it, and neither spells a Graph property that is not here.
 *
 * Imports nothing of ours.
 */
import { GENERATED_FACTS } from './generated';

export { FLAG_ENUMS, SERVER_OWNED, UNREPORTED_SCEP_TYPES, edmKind } from './supplement';
export * from './cloud-pki';

export interface PropertyFact {
  /** `string`, `number`, `boolean`, or the OData name of an enum, complex or entity type. */
  readonly type: string;
  readonly kind: 'primitive' | 'enum' | 'complex' | 'navigation';
  readonly collection: boolean;
  readonly nullable: boolean;
  /** OData name of the type that declares it. */
  readonly declaredOn: string;
  readonly readOnly?: boolean;
  readonly maxItems?: number;
}

export interface TypeFact {
  readonly baseTypes: readonly string[];
  readonly properties: Readonly<Record<string, PropertyFact>>;
}

export const GRAPH_TYPES_SOURCE: { readonly package: string; readonly version: string } = GENERATED_FACTS.source;

/** Entity types by OData name (`windows81SCEPCertificateProfile`, `deviceConfigurationAssignment`). */
export const ENTITY_TYPE_FACTS: Readonly<Record<string, TypeFact>> = GENERATED_FACTS.entityTypes;
/** Complex types by OData name (`extendedKeyUsage`, `groupAssignmentTarget`). */
export const COMPLEX_TYPE_FACTS: Readonly<Record<string, TypeFact>> = GENERATED_FACTS.complexTypes;
/** Enum members in declared order, by OData name (`keySize`, `subjectNameFormat`). */
export const ENUM_FACTS: Readonly<Record<string, readonly string[]>> = GENERATED_FACTS.enums;

/** Property names of an entity type (inherited ones included), or undefined for a type we do not know. */
export function propertiesOf(odataType: string): Readonly<Record<string, PropertyFact>> | undefined {
  const name = odataType.replace(/^#?microsoft\.graph\./, '');
  return ENTITY_TYPE_FACTS[name]?.properties ?? COMPLEX_TYPE_FACTS[name]?.properties;
}
