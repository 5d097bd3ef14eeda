/**
 * Refresh: read what state holds from the tenant, and produce the prior state (Terraform's
 * PriorState) apart from the state as last written:
 *
 * | state holds                        | refresh makes it                                        |
 * |------------------------------------|---------------------------------------------------------|
 * | a pending create, object found     | adopted at its address; an object held there before is |
 * |                                    | deposed (a replacement that crashed after its create)   |
 * | a pending create, nothing found    | dropped: the create never happened                      |
 * | a deposed object still in tenant   | kept, for the plan to delete                            |
 * | a deposed object gone              | dropped                                                 |
 * | an object gone from the tenant     | remote null: drift `deleted`                            |
 * | an object edited since last apply  | drift `changed`, naming the attributes                  |
 * | nothing at an address the stack    | the object adopted (Terraform's import block; CDKTF's   |
 * | imports, the object in the tenant  | importFrom): state takes it when the plan is applied    |
 */
import {
  CONFIGURATIONS,
  assignmentsFromGraph,
  caFromGraph,
  fromGraph,
  isScepType,
  authorityRefusal,
  rootCaCertificate,
  type CaResourceType,
  type CloudCa,
  type IntuneApi,
  type ProfileWithAssignments,
} from '../graph';
import { CLOUD_PKI_COLLECTION } from '../graph-facts';
import { diagnostic, type Diagnostic } from '../rules';
import { RESOURCES, familyOf } from '../schema';
import { adoptionRefusal } from './adopt';
import type { TenantView } from './diff';
import type { Drift, PriorState } from './model';
import { differingAttributes, stateResource, type DeposedObject, type State, type StateResource } from '../state';

export interface RefreshResult {
  readonly prior: PriorState;
  /** What the tenant holds, by address of prior.resources (null: gone). */
  readonly remote: Map<string, TenantView | null>;
  /** Every SCEP and trusted root profile in the tenant (for the rules that look beyond the stack). */
  readonly tenant: ProfileWithAssignments[];
  readonly drift: Drift[];
  /** Values in the tenant our schema cannot express (admin-center settings we do not model). */
  readonly diagnostics: Diagnostic[];
  /** Addresses adopted from import blocks. */
  readonly imported: string[];
  /** The tenant's Cloud PKI CAs, when refresh read them (a state that holds some); else undefined. */
  readonly authorities?: readonly CloudCa[];
}

/** An import block the stack declares: the object to adopt at an address, and the address's facts. */
export interface ImportRequest {
  readonly address: string;
  readonly id: string;
  readonly type: StateResource['type'];
  /** The attributes the stack declares at the address (its platform, the profile an assignment set names). */
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly dependencies: readonly string[];
  readonly createBeforeDestroy: boolean;
}

export async function refresh(state: State, api: IntuneApi, imports: readonly ImportRequest[] = []): Promise<RefreshResult> {
  const tenant = await api.listProfiles();
  const byId = new Map(tenant.map((p) => [p.id.toLowerCase(), p]));
  // Cloud PKI CAs are read only for a state that holds some (a tenant without Intune Suite refuses the list).
  const authorities = [...Object.values(state.resources), ...state.deposed.map((d) => d.resource), ...state.pending, ...imports].some(
    (r) => familyOf(r.type) === 'authority',
  );
  const caById = new Map<string, CloudCa>(authorities ? (await api.cloudPki.list()).map((c) => [c.id.toLowerCase(), c]) : []);
  const resources: Record<string, StateResource> = { ...state.resources };
  const deposed: DeposedObject[] = [...state.deposed];
  for (const p of state.pending) {
    const ca = familyOf(p.type) === 'authority';
    const found = await api.client.findCreated(ca ? CLOUD_PKI_COLLECTION : CONFIGURATIONS, p.odataType, p.displayName, p.startedAt);
    // The object set aside for this create (same type and name, made moments before) is not its result.
    if (!found || deposed.some((d) => d.resource.id.toLowerCase() === found.id.toLowerCase())) continue;
    if (ca && !caById.has(found.id.toLowerCase())) caById.set(found.id.toLowerCase(), await api.cloudPki.get(found.id));
    const held = stateResource({ resources }, p.address);
    if (held?.id.toLowerCase() === found.id.toLowerCase()) continue;
    if (held) deposed.push({ address: p.address, resource: held });
    resources[p.address] = {
      type: p.type,
      id: found.id,
      attrs: {},
      config: p.config,
      dependencies: p.dependencies,
      createBeforeDestroy: p.createBeforeDestroy,
    };
    if (!ca && !byId.has(found.id.toLowerCase())) byId.set(found.id.toLowerCase(), (await api.get(found.id)) as ProfileWithAssignments);
  }
  // An assignment set is deposed with its profile's id: it is gone when the profile is.
  const live = deposed.filter((d) => (familyOf(d.resource.type) === 'authority' ? caById : byId).has(d.resource.id.toLowerCase()));

  // Import blocks for addresses state does not hold: the object is adopted as a pending create is.
  const diagnostics: Diagnostic[] = [];
  const imported: string[] = [];
  // Profiles and roots first: an assignment set's block is checked against the profile adopted for it.
  const ordered = [...imports].sort(
    (a, b) => Number(a.type === 'intune_profile_assignment') - Number(b.type === 'intune_profile_assignment'),
  );
  for (const i of ordered) {
    if (stateResource({ resources }, i.address)) continue; // already managed: Terraform ignores the block too
    const entity = familyOf(i.type) === 'authority' ? caById.get(i.id.toLowerCase()) : byId.get(i.id.toLowerCase());
    if (!entity) {
      diagnostics.push(
        diagnostic(
          'config/import-not-found',
          i.address,
          [],
          `the import block for ${i.address} names ${i.id}, and the tenant has no ${familyOf(i.type) === 'authority' ? 'Cloud PKI CA' : 'SCEP or trusted root profile'} with that id. Fix the id in importFrom, or remove it to create the object.`,
        ),
      );
      continue;
    }
    const refusal = adoptionRefusal(
      i,
      entity as ProfileWithAssignments & { cloudCertificationAuthorityType?: unknown },
      (address) => stateResource({ resources }, address)?.id,
      Object.entries(resources),
    );
    if (refusal) {
      diagnostics.push(
        diagnostic(
          'config/import-mismatch',
          i.address,
          [],
          `the import block for ${i.address} cannot adopt ${i.id}: ${refusal}. Fix the id in importFrom (intune-scep import refuses the same object).`,
        ),
      );
      continue;
    }
    resources[i.address] = {
      type: i.type,
      id: entity.id,
      attrs: {},
      config: {},
      dependencies: [...i.dependencies],
      createBeforeDestroy: i.createBeforeDestroy,
    };
    imported.push(i.address);
  }

  const sceps = Object.values(resources)
    .filter((r) => r.type === 'intune_scep_certificate_profile')
    .map((r) => byId.get(r.id.toLowerCase()))
    .filter((p): p is ProfileWithAssignments => p !== undefined && isScepType(p['@odata.type']));
  const links = await api.rootLinks(sceps);
  const remote = new Map<string, TenantView | null>();
  const drift: Drift[] = [];
  for (const [address, r] of Object.entries(resources)) {
    const ca = familyOf(r.type) === 'authority' ? caById.get(r.id.toLowerCase()) : undefined;
    const entity = familyOf(r.type) === 'authority' ? ca : byId.get(r.id.toLowerCase());
    if (!entity) {
      remote.set(address, null);
      drift.push({
        address,
        kind: 'deleted',
        paths: [],
        detail: `${address} (id ${r.id}) no longer exists in the tenant: deleted outside this stack.`,
      });
      continue;
    }
    let attrs: Record<string, unknown>;
    if (ca) {
      const read = caFromGraph(ca, address);
      if (read.type !== r.type)
        read.diagnostics.push(
          diagnostic(
            'config/import-mismatch',
            address,
            [],
            `state holds ${address} as the Cloud PKI CA ${r.id}, and the tenant's CA of that id is ${String(ca.cloudCertificationAuthorityType)}: the state was edited. Restore it, or remove the address with "intune-scep state rm".`,
          ),
        );
      diagnostics.push(...read.diagnostics);
      attrs = read.attrs;
    } else if (r.type === 'intune_profile_assignment')
      attrs = { profile_id: r.id, ...assignmentsFromGraph((entity as ProfileWithAssignments).assignments ?? []) };
    else {
      const link = links.get(entity.id);
      if (link && !link.ok) throw link.error;
      const read = fromGraph(entity as ProfileWithAssignments, { rootId: link?.ok ? link.rootId : undefined, address });
      diagnostics.push(...read.diagnostics);
      attrs = read.attrs;
    }
    remote.set(address, { id: r.id, attrs });
    // Drift that happened: what the tenant holds now against what state recorded at the last apply
    // (an object adopted from a crashed run has no record yet, so nothing to compare). Attributes
    // Graph computes (version, ...) follow every edit: they say nothing of their own.
    if (Object.keys(r.attrs).length > 0) {
      const computed = (k: string) => RESOURCES[r.type].attributes[k]?.presence === 'computed';
      const paths = differingAttributes(r.attrs, attrs).filter((k) => !computed(k));
      if (paths.length > 0)
        drift.push({
          address,
          kind: 'changed',
          paths: paths.map((p) => [p]),
          detail: `${address} (id ${r.id}) was changed outside this stack since the last apply: ${paths.join(', ')}.`,
        });
    }
  }
  // A CA's answer is data: it must name the root state records, keep the certificate state records,
  // and (an issuing CA) hold a certificate its root issued and signed.
  for (const [address, r] of Object.entries(resources)) {
    const read = remote.get(address);
    if (familyOf(r.type) !== 'authority' || !read) continue;
    const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    const rootId = text(r.attrs.root_ca_id) ?? text(read.attrs.root_ca_id);
    const rootPem = rootId ? rootCaCertificate(caById.get(rootId.toLowerCase()), rootId) : undefined;
    const refused = authorityRefusal(
      r.type as CaResourceType,
      read.attrs,
      { rootId: text(r.attrs.root_ca_id), rootCertificate: rootPem, thumbprint: text(r.attrs.thumbprint) },
      `${address} (the Cloud PKI CA ${r.id})`,
    );
    if (refused) {
      diagnostics.push({ ...refused, address });
      delete read.attrs.certificate;
      delete read.attrs.thumbprint;
    }
  }
  return {
    prior: { resources, deposed: live },
    remote,
    tenant,
    drift,
    diagnostics,
    imported,
    ...(authorities ? { authorities: [...caById.values()] } : {}),
  };
}
