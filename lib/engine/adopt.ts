/**
 * Adoption: whether an object of the tenant may be taken into state at an address of the stack. One
 * check for `intune-scep import` and for import blocks (CDKTF's importFrom, Terraform's `import`), so
 * a block in a pull request cannot adopt what the command would refuse.
 *
 * | the address is                | the object must be                                               |
 * |-------------------------------|------------------------------------------------------------------|
 * | a Cloud PKI root / issuing CA | a Cloud PKI CA of that kind (cloudCertificationAuthorityType)     |
 * | a SCEP profile / trusted root | a SCEP profile / trusted root (by @odata.type), of the platform   |
 * |                               | the stack declares there (another platform's would be replaced,  |
 * |                               | that is deleted, by the next apply)                              |
 * | any                           | not held at another address of the state already                 |
 * | an assignment set             | the assignments of the very profile its `profile_id` names: the  |
 * |                               | id held (or adopted) at the referenced address, or the literal   |
 * |                               | id; another profile's set would be rewritten to this one's       |
 */
import { CA_TYPES, CLOUD_CA_ODATA_TYPE, isCaType, type ProfileWithAssignments } from '../graph';
import { canHold, parseReference, platformOfODataType, type ResourceType } from '../schema';

/**
 * The address's side of an adoption: its type and the attributes the stack declares there (what is
 * not declared is not checked: Terraform's import call carries no config; its plan does).
 */
export interface AdoptionSite {
  readonly address: string;
  readonly type: ResourceType;
  readonly attrs: Readonly<Record<string, unknown>>;
}

/**
 * Why `entity` cannot be adopted at `site`, in words that end a sentence's subject ("... is a ..."),
 * or undefined when it can. `idAt(address)` is the id state holds (or this run adopts) at an address.
 */
export function adoptionRefusal(
  site: AdoptionSite,
  entity: Pick<ProfileWithAssignments, 'id' | '@odata.type'> & { readonly cloudCertificationAuthorityType?: unknown },
  idAt: (address: string) => string | undefined,
  /** Addresses of state (and of this run's adoptions) that hold an object, with its type. */
  held: Iterable<readonly [address: string, held: { readonly type: ResourceType; readonly id: string }]> = [],
): string | undefined {
  // One object, one address: a second address would let a later, harmless-looking removal delete
  // what the first still manages. (A profile and its assignment set share the id: kinds apart.)
  const set = site.type === 'intune_profile_assignment';
  for (const [address, h] of held) {
    if (address !== site.address && (h.type === 'intune_profile_assignment') === set && h.id.toLowerCase() === entity.id.toLowerCase()) {
      return `${entity.id} is already held at ${address}; one object is managed at one address (remove it there first with "intune-scep state rm ${address}", or import it at that address)`;
    }
  }
  const odataType = String(entity['@odata.type']);
  if (isCaType(site.type)) {
    // A Cloud PKI CA of the address's kind: a root CA at a root CA, an issuing CA at an issuing CA.
    const caType = String(entity.cloudCertificationAuthorityType);
    if (odataType !== CLOUD_CA_ODATA_TYPE) return `${entity.id} is a ${odataType}, not a Cloud PKI CA`;
    if (caType !== CA_TYPES[site.type]) return `${entity.id} is a Cloud PKI ${caType}; ${site.address} is a ${site.type}`;
    return undefined;
  }
  const kind = platformOfODataType(odataType);
  if (!kind) return `${entity.id} is a ${odataType}, not a SCEP or trusted root profile`;
  if (site.type === 'intune_profile_assignment') {
    const declared = site.attrs.profile_id;
    if (declared === undefined) return undefined; // nothing declared yet (the provider's import, before config is seen)
    const ref = parseReference(declared);
    const expected = ref ? idAt(ref.address) : typeof declared === 'string' ? declared : undefined;
    if (expected === undefined) {
      return `${site.address} assigns ${ref ? ref.address : 'a profile'}, which holds no object yet; adopt the assignments of a profile together with the profile (or after it)`;
    }
    if (expected.toLowerCase() !== entity.id.toLowerCase()) {
      return `${entity.id} is not the profile ${site.address} assigns (${ref ? `${ref.address}, ` : ''}id ${expected}); adopting its assignments there would rewrite another profile's assignments`;
    }
    return undefined;
  }
  if (!canHold(site.type, odataType)) return `${entity.id} is a ${odataType}; ${site.address} is a ${site.type}`;
  const platform = site.attrs.platform;
  if (typeof platform === 'string' && platform !== kind.platform) {
    return `${entity.id} is a ${kind.platform} ${kind.kind === 'scep' ? 'SCEP profile' : 'trusted root'} (${odataType}); ${site.address} declares platform "${platform}", and the next apply would replace (delete) it`;
  }
  return undefined;
}
