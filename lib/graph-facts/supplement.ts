/**
 * Facts about Graph that Microsoft's published TypeScript types cannot carry, each with its source.
 * The generated facts (generated.ts) come first; these only add what a `.d.ts` has no way to say.
 *
 * Imports nothing.
 */

/**
 * Enums whose values are sets of members joined by commas. Graph's CSDL marks them
 * `IsFlags="true"`; a TypeScript union of literals cannot. (Microsoft Learn: "keyUsages",
 * "hashAlgorithms" and "subjectAlternativeNameType" are flags enums.)
 */
export const FLAG_ENUMS: ReadonlySet<string> = new Set(['keyUsages', 'hashAlgorithms', 'subjectAlternativeNameType']);

/**
 * Edm kinds the types write as `string` or `number` (Microsoft Learn's property tables):
 * `trustedRootCertificate` is Edm.Binary (base64), `*DateTime` properties Edm.DateTimeOffset,
 * and every `number` on these types Edm.Int32.
 */
export function edmKind(
  property: string,
  tsType: 'string' | 'number' | 'boolean',
): 'string' | 'binary' | 'dateTimeOffset' | 'int32' | 'boolean' {
  if (tsType === 'number') return 'int32';
  if (tsType === 'boolean') return 'boolean';
  if (property === 'trustedRootCertificate') return 'binary';
  if (/DateTime$/.test(property)) return 'dateTimeOffset';
  return 'string';
}

/**
 * Server-owned properties: the service sets them; a value a client sends is ignored, as Graph
 * does with the zero `id` the Intune admin center POSTs and with the `version` and
 * `supportsScopeTags` of Microsoft Learn's create examples. The published types mark `id` and
 * `supportsScopeTags` read-only; `createdDateTime`, `lastModifiedDateTime` and `version` are
 * stamped by the service on every write (observed).
 */
export const SERVER_OWNED: ReadonlySet<string> = new Set(['id', 'createdDateTime', 'lastModifiedDateTime', 'version', 'supportsScopeTags']);

/**
 * SCEP profile types whose certificates Intune neither reports nor revokes: the "Device Owner" SCEP
 * profiles. Microsoft's "Create and assign SCEP certificate profiles in Intune" lists, for Android
 * Enterprise fully managed, dedicated and corporate-owned work profile and for Android (AOSP): "Under
 * Monitoring, certificate reporting isn't available for Device Owner SCEP certificate profiles" and
 * "You can't use Intune to revoke certificates that were provisioned by SCEP certificate profiles for
 * Device Owner".
 *
 * What Graph answers for such a profile's `deviceStatusOverview` / `userStatusOverview` is not
 * documented. Chosen here (and only here): the overview exists, as on every deviceConfiguration, but
 * Intune never fills it in: every count 0 and `lastUpdateDateTime` 0001-01-01 (never computed). A
 * client must not read those zeros as "no device holds it"; the schema's platform table says these
 * platforms are unreported, and the engine never asks.
 */
export const UNREPORTED_SCEP_TYPES: ReadonlySet<string> = new Set([
  'androidDeviceOwnerScepCertificateProfile',
  'aospDeviceOwnerScepCertificateProfile',
]);
