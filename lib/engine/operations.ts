/**
 * The Graph operations on one object, shared by the engine's apply and the Terraform provider:
 * build a create body, update only what changed, and set or remove an assignment set. Callers
 * resolve references (root and profile ids) and group names before calling.
 */
import {
  assignmentsFromGraph,
  assignmentsToGraph,
  GraphRequestError,
  caFromGraph,
  caToGraph,
  authorityRefusal,
  rootCaCertificate,
  type CaResourceType,
  type CloudCa,
  type KnownAuthority,
  caUpdateBody,
  fromGraph,
  normaliseFilters,
  rootToGraph,
  scepToGraph,
  type AssignmentTargets,
  type IntuneApi,
} from '../graph';
import { DiagnosticError } from '../rules';
import { targetKeys } from './assignment-targets';
import { RESOURCES, type Attrs, type ResourceType } from '../schema';

/** The types that live in deviceConfigurations (family `profile`). */
export type ProfileType = 'intune_trusted_root_certificate' | 'intune_scep_certificate_profile';

/**
 * The Graph body of a profile or root with every property (a create); a SCEP profile binds its root
 * on `graphBase`, the Graph in use (national clouds have other hosts).
 */
export function profileBody(
  type: ProfileType,
  config: Attrs,
  rootId: string | undefined,
  graphBase: string,
): Record<string, unknown> & { '@odata.type': string; displayName: string } {
  const body =
    type === 'intune_scep_certificate_profile'
      ? scepToGraph(config, rootId !== undefined ? { rootId, bindBase: graphBase } : {})
      : rootToGraph(config);
  return body as Record<string, unknown> & { '@odata.type': string; displayName: string };
}

/** Value that clears an attribute the configuration no longer sets. */
function cleared(type: ResourceType, name: string): unknown {
  const kind = RESOURCES[type].attributes[name]?.type.kind;
  return kind === 'string' ? '' : kind === 'bool' ? false : kind === 'number' ? undefined : [];
}

/**
 * Bring profile `id` from `current` (its attributes as last read) to `config`: PATCH the Graph
 * properties that differ, re-point the root when `changed` names root_certificate_id, and read the
 * object back. Returns its attributes as Graph now has them.
 */
export async function updateProfile(
  api: IntuneApi,
  type: ProfileType,
  id: string,
  desired: Attrs,
  current: Attrs,
  changed: readonly string[],
  rootId?: string,
): Promise<Record<string, unknown>> {
  const config: Record<string, unknown> = { ...desired };
  for (const name of changed) if (config[name] === undefined || config[name] === null) config[name] = cleared(type, name);
  const toGraph = (a: Attrs) => (type === 'intune_scep_certificate_profile' ? scepToGraph(a) : rootToGraph(a));
  const want: Record<string, unknown> = { ...toGraph(config) };
  const have: Record<string, unknown> = { ...toGraph({ ...current }) };
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(want)) if (k !== '@odata.type' && JSON.stringify(v) !== JSON.stringify(have[k])) patch[k] = v;
  if (changed.includes('description') && !('description' in want)) patch.description = null;
  if (Object.keys(patch).length > 0) await api.update(id, String(want['@odata.type']), patch);
  if (type === 'intune_scep_certificate_profile' && rootId !== undefined && changed.includes('root_certificate_id'))
    await api.setRoot(id, String(want['@odata.type']), rootId);
  return fromGraph(await api.get(id), rootId !== undefined ? { rootId } : {}).attrs;
}

const lower = (ids: readonly string[]) => ids.map((x) => x.toLowerCase());

/**
 * Set a profile's assignments to `targets`. Exclusive: exactly these. Not exclusive: these added to
 * what the profile has. Returns the set Graph reports afterwards.
 */
export async function setAssignments(
  api: IntuneApi,
  profileId: string,
  targets: AssignmentTargets,
  exclusive: boolean,
): Promise<AssignmentTargets> {
  let t = targets;
  if (!exclusive) {
    const current = assignmentsFromGraph(await api.assignments(profileId));
    // Our targets take our filters (none when we set none); other targets keep theirs.
    const own = targetKeys(t);
    const filters = normaliseFilters([...(current.filters ?? []).filter((f) => !own.has(f.target)), ...(t.filters ?? [])]);
    t = {
      include_group_ids: [...new Set([...current.include_group_ids, ...lower(t.include_group_ids)])],
      exclude_group_ids: [...new Set([...current.exclude_group_ids, ...lower(t.exclude_group_ids)])],
      all_users: current.all_users || t.all_users,
      all_devices: current.all_devices || t.all_devices,
      ...(filters ? { filters } : {}),
    };
  }
  return assignmentsFromGraph(await api.assign(profileId, assignmentsToGraph(t)));
}

/** Remove a resource's assignments: all of them (exclusive), or only `ours` (not exclusive). */
export async function removeAssignments(api: IntuneApi, profileId: string, ours: AssignmentTargets, exclusive: boolean): Promise<void> {
  if (exclusive) {
    await api.assign(profileId, { assignments: [] });
    return;
  }
  const current = assignmentsFromGraph(await api.assignments(profileId));
  const inc = new Set(lower(ours.include_group_ids));
  const exc = new Set(lower(ours.exclude_group_ids));
  const own = targetKeys(ours);
  const filters = normaliseFilters((current.filters ?? []).filter((f) => !own.has(f.target)));
  await api.assign(
    profileId,
    assignmentsToGraph({
      include_group_ids: current.include_group_ids.filter((g) => !inc.has(g)),
      exclude_group_ids: current.exclude_group_ids.filter((g) => !exc.has(g)),
      all_users: current.all_users && !ours.all_users,
      all_devices: current.all_devices && !ours.all_devices,
      ...(filters ? { filters } : {}),
    }),
  );
}

/**
 * Bring a Cloud PKI CA to `config`: PATCH what a CA lets change (name, description, scope tags) when
 * `changed` names one of them (a setting only state keeps, revoke_on_destroy, sends nothing), and
 * read it back. Everything else forces a new CA (the schema's forcesReplacement), never an update.
 */
export async function updateAuthority(
  api: IntuneApi,
  id: string,
  config: Attrs,
  changed: readonly string[],
  /** What state records of it (its root, its certificate's thumbprint): the answer must agree. */
  known: KnownAuthority = {},
): Promise<Record<string, unknown>> {
  if (changed.some((name) => name === 'display_name' || name === 'description' || name === 'role_scope_tag_ids'))
    await api.cloudPki.update(id, caUpdateBody(config));
  const read = await checkedAuthority(api, await api.cloudPki.get(id), known);
  const refused = read.diagnostics.find((d) => d.severity === 'error');
  if (refused) throw new DiagnosticError(refused.code, refused.summary, refused.detail);
  return read.attrs;
}

/** What createAuthority reports while it works. */
export interface CreateAuthorityHooks {
  /** The CA exists (not active yet): record it now, so a run stopped while waiting never orphans it. */
  onCreated(id: string, attrs: Record<string, unknown>): Promise<void>;
  onProgress?(message: string): void;
  /** How long it may take to become active (CloudPkiApi.waitUntilActive's default otherwise). */
  readonly timeoutMs?: number;
  /** An issuing CA's root's certificate (PEM), for the chain check; read from Graph when not given. */
  readonly rootCertificate?: string;
}

/**
 * Create a Cloud PKI CA (`rootId`: an issuing CA's root, resolved by the caller), wait until it is
 * active, and return its attributes; an issuing CA's certificate must be issued and signed by its
 * root (notIssuedBy), else this throws and nothing deploys it. The engine's apply and the provider
 * share it.
 */
export async function createAuthority(
  api: IntuneApi,
  type: CaResourceType,
  config: Attrs,
  rootId: string | undefined,
  hooks: CreateAuthorityHooks,
): Promise<Record<string, unknown>> {
  const made = await api.cloudPki.create(caToGraph(type, config, rootId));
  await hooks.onCreated(made.id, caFromGraph(made).attrs);
  const active = await api.cloudPki.waitUntilActive(made.id, {
    ...(hooks.timeoutMs !== undefined ? { timeoutMs: hooks.timeoutMs } : {}),
    onProgress: (_, waitedMs) => hooks.onProgress?.(`waiting for the CA to become active (${Math.round(waitedMs / 1000)} s so far)`),
  });
  const read = await checkedAuthority(api, active, { rootId, rootCertificate: hooks.rootCertificate });
  const refused = read.diagnostics.find((d) => d.severity === 'error');
  if (refused) throw new DiagnosticError(refused.code, refused.summary, refused.detail);
  return read.attrs;
}

/**
 * A CA as our attributes (caFromGraph), checked against what the caller knows of it
 * (authorityRefusal: its root, the certificate state records) and, for an issuing CA, against its
 * root's certificate (given, else read from Graph by the known root id, else the answer's): a CA
 * that fails is an error diagnostic, and its certificate is left out.
 */
export async function checkedAuthority(
  api: IntuneApi,
  ca: CloudCa,
  known: KnownAuthority = {},
  address = '',
): Promise<ReturnType<typeof caFromGraph>> {
  const read = caFromGraph(ca, address);
  let rootCertificate = known.rootCertificate;
  const rootId = known.rootId ?? (typeof read.attrs.root_ca_id === 'string' ? read.attrs.root_ca_id : undefined);
  if (read.type === 'intune_cloud_pki_issuing_ca' && rootCertificate === undefined && rootId !== undefined) {
    const root = await api.cloudPki.get(rootId).catch((e: unknown) => {
      if (e instanceof GraphRequestError && e.status === 404) return undefined;
      throw e;
    });
    rootCertificate = rootCaCertificate(root, rootId);
  }
  const refused = authorityRefusal(read.type, read.attrs, { ...known, rootCertificate }, `${address || 'the CA'} (${ca.id})`);
  if (refused) {
    read.diagnostics.push({ ...refused, address });
    delete read.attrs.certificate;
    delete read.attrs.thumbprint;
  }
  return read;
}
