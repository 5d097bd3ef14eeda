/**
 * `intune-scep import` (and export's adoption of a whole tenant): objects of the tenant taken into
 * state at addresses of the stack, under the state's lock, all or nothing. What may be adopted where
 * is adopt.ts's one check, shared with import blocks.
 */
import {
  GraphRequestError,
  assignmentsFromGraph,
  fromGraph,
  isCaType,
  type CloudCa,
  type ProfileWithAssignments,
  type RootLink,
} from '../graph';
import { checkedAuthority } from './operations';
import type { Diagnostic } from '../rules';
import { platformOfODataType } from '../schema';
import { adoptionRefusal } from './adopt';
import type { ConfigResource, ReadConfigResult } from './config';
import { releasing } from '../state';
import { backendOf, readFor, type StackContext } from './run';
import { StateError, stateResource, type State } from '../state';

/** Adopt object `id` at `address`; the warnings say what of it the schema cannot express. */
export async function importResource(
  ctx: StackContext,
  config: ReadConfigResult,
  address: string,
  id: string,
): Promise<{ state: State; diagnostics: Diagnostic[] }> {
  return importResources(ctx, config, [{ address, id }]);
}

/** Above this many, the objects are read with the tenant's list (pages) rather than one GET each. */
const LIST_FROM = 20;

/**
 * Adopt several objects at once (export adopts a whole tenant): one lock, the objects read in pages
 * and root links in $batch, one state write. All or nothing: any object that cannot be adopted
 * refuses the lot, and state is unchanged.
 */
export async function importResources(
  ctx: StackContext,
  config: ReadConfigResult,
  wanted: readonly { address: string; id: string }[],
  /** What the caller read from the tenant a moment ago (export): not read again. */
  read?: { readonly entities: readonly ProfileWithAssignments[]; readonly links: ReadonlyMap<string, RootLink> },
): Promise<{ state: State; diagnostics: Diagnostic[] }> {
  const byAddress = new Map(config.resources.map((r) => [r.address, r]));
  for (const { address } of wanted)
    if (!byAddress.has(address)) throw new StateError(`${address} is not a resource of the stack; declare it first, then import it.`);
  const backend = backendOf(ctx);
  const lock = await backend.lock(wanted.length === 1 ? `import ${wanted[0]?.address}` : `import of ${wanted.length} objects`, ctx.now());
  return releasing(lock, async () => {
    const state = await readFor(ctx, backend);
    for (const { address } of wanted) {
      const held = stateResource(state, address);
      if (held)
        throw new StateError(`${address} is already in state (id ${held.id}); remove it with "intune-scep state rm ${address}" first.`);
    }
    const entities = new Map<string, ProfileWithAssignments>((read?.entities ?? []).map((e) => [e.id.toLowerCase(), e]));
    if (!read && wanted.length >= LIST_FROM) for (const e of await ctx.api.listProfiles()) entities.set(e.id.toLowerCase(), e);
    // Cloud PKI CAs are read from their own collection, and checked as refresh checks them.
    const authorities = new Map<string, Awaited<ReturnType<typeof checkedAuthority>> & { entity: CloudCa }>();
    for (const { address, id } of wanted) {
      if (!isCaType(byAddress.get(address)?.type ?? '')) continue;
      const ca = await ctx.api.cloudPki.get(id).catch((e: unknown) => {
        if (e instanceof GraphRequestError && e.status === 404) throw new StateError(`no Cloud PKI CA with id ${id} exists in the tenant.`);
        throw e;
      });
      const read = await checkedAuthority(ctx.api, ca, undefined, address);
      // All or nothing: a CA whose answer is refused is not adopted (nor anything with it).
      const refused = read.diagnostics.find((d) => d.severity === 'error');
      if (refused) throw new StateError(`cannot import ${id} into ${address}: ${refused.detail}`);
      authorities.set(address, { ...read, entity: ca });
    }
    for (const { address, id } of wanted) {
      if (authorities.has(address) || entities.has(id.toLowerCase())) continue;
      try {
        entities.set(id.toLowerCase(), await ctx.api.get(id));
      } catch (e) {
        if (e instanceof GraphRequestError && e.status === 404)
          throw new StateError(`no device configuration with id ${id} exists in the tenant.`);
        throw e;
      }
    }
    const sceps = wanted
      .filter((w) => byAddress.get(w.address)?.type === 'intune_scep_certificate_profile')
      .map((w) => entities.get(w.id.toLowerCase()) as ProfileWithAssignments)
      .filter((e) => platformOfODataType(e['@odata.type'])?.kind === 'scep');
    const unread = sceps.filter((e) => !read?.links.has(e.id));
    const links = new Map<string, RootLink>([...(read?.links ?? []), ...(unread.length ? await ctx.api.rootLinks(unread) : [])]);
    const diagnostics: Diagnostic[] = [];
    const resources = { ...state.resources };
    // The one adoption check (adopt.ts), as import blocks get it: an assignment set's profile may be
    // one this same import adopts.
    const wantedAt = new Map(wanted.map((w) => [w.address, w.id]));
    const idAt = (address: string) => stateResource(state, address)?.id ?? wantedAt.get(address);
    for (const { address, id } of wanted) {
      const resource = byAddress.get(address) as ConfigResource;
      const ca = authorities.get(address);
      const entity = (ca?.entity ?? entities.get(id.toLowerCase())) as ProfileWithAssignments;
      const held = [
        ...Object.entries(state.resources),
        ...wanted.filter((w) => w.address !== address).map((w) => [w.address, { type: byAddress.get(w.address)!.type, id: w.id }] as const),
      ];
      const refusal = adoptionRefusal(resource, entity, idAt, held);
      if (refusal)
        throw new StateError(
          `cannot import ${id} into ${address}: ${refusal}. Import an object that ${address} can hold, or change the stack.`,
        );
      const kind = platformOfODataType(entity['@odata.type']);
      let attrs: Record<string, unknown>;
      if (ca) {
        attrs = ca.attrs;
        diagnostics.push(...ca.diagnostics);
      } else if (resource.type === 'intune_profile_assignment') {
        attrs = { profile_id: entity.id, ...assignmentsFromGraph(entity.assignments ?? []) };
      } else {
        let rootId: string | undefined;
        if (kind?.kind === 'scep') {
          const link = links.get(entity.id);
          if (link && !link.ok) throw link.error;
          rootId = link?.ok ? link.rootId : undefined;
        }
        const read = fromGraph(entity, { rootId, address });
        attrs = read.attrs;
        diagnostics.push(...read.diagnostics);
      }
      resources[address] = {
        type: resource.type,
        id: entity.id,
        attrs,
        config: {},
        dependencies: [...resource.dependsOn],
        createBeforeDestroy: resource.lifecycle.createBeforeDestroy ?? true,
      };
    }
    return { state: await backend.write({ ...state, resources }), diagnostics };
  });
}
