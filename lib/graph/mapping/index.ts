/**
 * Mapping between our resource attributes (snake_case, resources.md) and the 14 Graph types.
 * Every body written is typed with Microsoft's published interfaces
 * (@microsoft/microsoft-graph-types-beta), so the compiler refuses a property a type lacks or an
 * enum value it does not define; every body read is checked at run time, because real tenants
 * answer with explicit nulls, built-in formats and values written by other tools.
 *
 * | attribute                  | Graph                                                            |
 * |----------------------------|------------------------------------------------------------------|
 * | platform                   | @odata.type (platform table)                                     |
 * | certificate_type           | certificateStore user / machine (none on Android device admin:   |
 * |                            | its certificates are user certificates)                           |
 * | subject_name_format        | subjectNameFormat "custom" + subjectNameFormatString             |
 * | builtin_subject_name       | subjectNameFormat (commonName, commonNameAsAadDeviceId, ...)     |
 * | subject_alternative_names  | customSubjectAlternativeNames [{sanType, name}], type "none";   |
 * |                            | Android device admin: subjectAlternativeNameType flags, and      |
 * |                            | subjectAlternativeNameFormatString for the Entra attribute        |
 * | key_usage                  | keyUsage flags, declared order                                   |
 * | validity_period_*          | certificateValidityPeriodValue / Scale                           |
 * | certificate_access + apps  | certificateAccessType + silentCertificateAccessDetails           |
 * | applicability_rules        | deviceManagementApplicabilityRuleOsEdition / OsVersion            |
 * | root_certificate_id        | rootCertificate@odata.bind (create); $ref PUT (change)           |
 * | certificate (root)         | trustedRootCertificate, base64 of the DER bytes                  |
 * Cloud PKI CAs: authorities.ts (both ways).
 * One file per direction: write.ts (attributes to bodies), read.ts (bodies to attributes),
 * assignments.ts (both ways), bodies.ts (the typed bodies and conversions they share).
 */
export * from './assignments';
export * from './authorities';
export * from './bodies';
export * from './read';
export * from './write';
