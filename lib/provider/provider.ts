/**
 * The intune provider's behaviour, independent of gRPC: each method takes and returns Terraform
 * values (values.ts) and diagnostics. The resource semantics are the engine's: the same schema,
 * rules, mapping, comparison (sameAttribute, the diff's) and Graph operations.
 *
 * | RPC                    | what it does here                                                    |
 * |------------------------|----------------------------------------------------------------------|
 * | ValidateResourceConfig | schema checks and resource rules (stack rules need the whole stack:   |
 * |                        | `intune-scep validate --config cdk.tf.json` runs them)                |
 * | PlanResourceChange     | defaults filled in, computed values known where they can be, the      |
 * |                        | schema's replacement attributes as requires_replace; group names      |
 * |                        | resolved (not found / ambiguous are errors, as in the engine)         |
 * | ApplyResourceChange    | create / update (PATCH what changed, re-point the root) / delete      |
 * | ReadResource           | Graph's values; where they mean the same as the state's, the state's  |
 * |                        | form is kept (order of set-like lists, PEM vs DER), so no false drift  |
 * | ImportResourceState    | the id, checked as `intune-scep import` checks it (adopt.ts): the     |
 * |                        | object's kind now, and, at the plan that follows (the object's Graph  |
 * |                        | type kept in private state), the platform and profile the config says |
 * |                        | (an import block into another platform's address would be replaced)  |
 */
import {
  CredentialConfigError,
  GraphRequestError,
  IntuneApi,
  connectGraph,
  type LoopbackGraph,
  type ProfileWithAssignments,
  caFromGraph,
  fromGraph,
  isCaType,
  type KnownAuthority,
  isLoopbackUrl,
  lookupTenantGroups,
  resolveFilterNames,
  resolveTargets,
  assignmentsFromGraph,
  describeTargets,
  groupReferencesOf,
  type AssignmentTargets,
  type TargetFilter,
  type CredentialKind,
} from '../graph';
import {
  adoptionRefusal,
  checkedAuthority,
  duplicateCreateForTerraform,
  profileODataType,
  sameNamedProfiles,
  createAuthority,
  profileBody,
  updateAuthority,
  type ProfileType,
  sameAttribute,
  targetsOfConfig,
  removeAssignments,
  setAssignments,
  updateProfile,
  validateStack,
} from '../engine';
import { toDiagnostic } from '../graph';
import { parseCertificate, runTenantRules, type Diagnostic } from '../rules';
import {
  Expression,
  PROVIDER_CONFIG,
  RESOURCES,
  effectiveValue,
  escapeTemplates,
  familyOf,
  isExpression,
  replacementAttributes,
  type ResourceType,
} from '../schema';
import { UNKNOWN, blockType, hasUnknown, isUnknown, toAttrs, type TfObject, type TfValue } from './values';

export interface ProviderDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail: string;
  readonly path?: readonly (string | number)[];
}

export interface PlanResult {
  readonly planned: TfValue;
  readonly requiresReplace: string[][];
  readonly diagnostics: ProviderDiagnostic[];
}

export interface ProviderOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The clock for date rules. */
  readonly now: () => Date;
  /** What a Graph on loopback is offered (connect.ts); the process entry passes the embedded tenant's. */
  readonly loopback?: LoopbackGraph;
}

/**
 * Stand-in for unknown values when the rules look at a configuration: they skip expressions. The
 * values Terraform sends are text already (it has read its escapes); strings are never expressions.
 */
const UNKNOWN_VALUE = new Expression('${unknown}');
/** Attributes Graph does not hold: Read keeps the state's value. */
const NOT_IN_GRAPH = new Set([
  'suppress_warnings',
  'include_group_ids',
  'exclude_group_ids',
  'include_group_names',
  'exclude_group_names',
  'filters',
  'exclusive',
]);

export const PROVIDER_TYPE = blockType(PROVIDER_CONFIG);

function fromDiagnostic(d: Diagnostic): ProviderDiagnostic {
  return {
    severity: d.severity,
    summary: `[${d.code}] ${d.summary}`,
    detail: d.detail,
    ...(d.path.length > 0 ? { path: [...d.path] } : {}),
  };
}

const error = (summary: string, detail: string, path?: (string | number)[]): ProviderDiagnostic => ({
  severity: 'error',
  summary,
  detail,
  ...(path ? { path } : {}),
});

/** A failure as Terraform shows it: the engine's one conversion (toDiagnostic), titled by what failed. */
function failure(e: unknown, what: string): ProviderDiagnostic {
  const d = toDiagnostic(e);
  return error(d.code === 'graph/credentials' ? d.summary : `${what} failed`, d.detail);
}

/**
 * Two values that mean the same to Graph: empty (an empty list, an empty string, false) is null,
 * certificates compared as DER, set-like lists compared sorted.
 */
function sameValue(name: string, a: TfValue, b: TfValue): boolean {
  return !isUnknown(a) && !isUnknown(b) && sameAttribute(name, a, b, { emptyIsUnset: true });
}

const str = (v: TfValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
/** The strings of a list value (unknown or other elements left out). */
const strings = (v: TfValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export class IntuneProvider {
  private api: IntuneApi | undefined;
  /** The tenant's profiles by Graph type, listed once a process (Terraform starts one per plan) for the duplicate check. */
  private readonly listed = new Map<string, Promise<ProfileWithAssignments[]>>();

  constructor(private readonly options: ProviderOptions) {}

  // ---- provider ------------------------------------------------------------------------------

  validateProviderConfig(config: TfValue): ProviderDiagnostic[] {
    const c = (config ?? {}) as TfObject;
    const out: ProviderDiagnostic[] = [];
    const url = str(c.graph_url);
    if (url !== undefined) {
      try {
        const u = new URL(url);
        if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackUrl(url)))
          out.push(
            error(
              'graph_url must use https',
              `graph_url = ${JSON.stringify(url)}: plain http is allowed only on loopback (a mock Graph). Use https.`,
              ['graph_url'],
            ),
          );
      } catch {
        out.push(
          error(
            'graph_url is not a URL',
            `graph_url = ${JSON.stringify(url)}. Example: https://graph.microsoft.com/beta, or http://127.0.0.1:5899 for "intune-scep mock-graph serve".`,
            ['graph_url'],
          ),
        );
      }
    }
    const cloud = str(c.cloud);
    const clouds = PROVIDER_CONFIG.cloud?.enum ?? [];
    if (cloud !== undefined && !clouds.includes(cloud))
      out.push(error('Unknown cloud', `cloud = ${JSON.stringify(cloud)}; use one of ${clouds.join(', ')}.`, ['cloud']));
    const kind = str(c.credential);
    const allowed = PROVIDER_CONFIG.credential?.enum ?? [];
    if (kind !== undefined && !allowed.includes(kind))
      out.push(error('Unknown credential kind', `credential = ${JSON.stringify(kind)}; use one of ${allowed.join(', ')}.`, ['credential']));
    return out;
  }

  configure(config: TfValue): ProviderDiagnostic[] {
    const c = (config ?? {}) as TfObject;
    const unknown = Object.entries(c)
      .filter(([, v]) => isUnknown(v))
      .map(([k]) => k);
    if (unknown.length > 0)
      return [
        error(
          'Provider configuration not known yet',
          `${unknown.join(', ')} depend on values known only after apply; the intune provider needs them to reach Graph. Use literal values or variables.`,
          [unknown[0] as string],
        ),
      ];
    const env = this.options.env;
    const pick = (attr: string, variable: string) => str(c[attr]) ?? (env[variable] || undefined);
    const graphUrl = pick('graph_url', 'INTUNE_SCEP_GRAPH_URL');
    const tenantId = pick('tenant_id', 'AZURE_TENANT_ID');
    if (!graphUrl && !tenantId) {
      return [
        error(
          'No Graph to talk to',
          'Set tenant_id (or AZURE_TENANT_ID) to manage a real tenant, or graph_url (or INTUNE_SCEP_GRAPH_URL) to use a mock Graph, e.g. graph_url = "http://127.0.0.1:5899" with "intune-scep mock-graph serve --port 5899".',
        ),
      ];
    }
    const credential = {
      ...(tenantId ? { tenantId } : {}),
      ...(str(c.client_id) ? { clientId: str(c.client_id) } : {}),
      ...(str(c.client_secret) ? { clientSecret: str(c.client_secret) } : {}),
      ...(str(c.client_certificate_path) ? { certificatePath: str(c.client_certificate_path) } : {}),
      ...(str(c.client_certificate_password) ? { certificatePassword: str(c.client_certificate_password) } : {}),
      ...(str(c.federated_token_file) ? { federatedTokenFile: str(c.federated_token_file) } : {}),
      ...(str(c.credential) ? { kind: str(c.credential) as CredentialKind } : {}),
    };
    try {
      const { client } = connectGraph({
        graphUrl,
        explicitTenant: str(c.tenant_id),
        credential,
        env,
        loopback: this.options.loopback,
        cloud: pick('cloud', 'INTUNE_SCEP_CLOUD'),
      });
      this.api = new IntuneApi(client);
      return [];
    } catch (e) {
      return [failure(e, 'Connecting to Graph')];
    }
  }

  private graph(): IntuneApi {
    if (!this.api) throw new CredentialConfigError('the provider is not configured (ConfigureProvider was not called).');
    return this.api;
  }

  // ---- validation ----------------------------------------------------------------------------

  validateResource(type: ResourceType, config: TfValue): ProviderDiagnostic[] {
    // validateStack reads Terraform JSON: the values go back into it escaped, so its text stays text.
    const attrs = escapeTemplates(toAttrs(config, UNKNOWN_VALUE));
    const diags = validateStack({ resource: { [type]: { this: attrs } } }, { now: this.options.now() });
    return diags.filter((d) => d.code !== 'config/no-resources').map(fromDiagnostic);
  }

  // ---- plan ----------------------------------------------------------------------------------

  /** `adopted`: the Graph type of an object this run imported (its private state), checked against the config. */
  async plan(type: ResourceType, prior: TfValue, proposed: TfValue, config: TfValue, adopted?: string): Promise<PlanResult> {
    try {
      const id = prior !== null && typeof prior === 'object' && !Array.isArray(prior) ? str((prior as TfObject).id) : undefined;
      if (adopted && id && proposed !== null) {
        // What the check reads must be known now: an import decided at apply is no import checked.
        const cfg = (config ?? {}) as TfObject;
        const needed = type === 'intune_profile_assignment' ? 'profile_id' : 'platform';
        if (isUnknown(cfg[needed] ?? null)) {
          return {
            planned: proposed,
            requiresReplace: [],
            diagnostics: [
              error(
                'Import refused',
                `this ${type} imports ${id}, but its ${needed} is known only after apply, so what it adopts cannot be checked now. Give ${needed} a value known at plan (or import the object it depends on in the same run).`,
                [needed],
              ),
            ],
          };
        }
        const attrs = Object.fromEntries(Object.entries(cfg).filter(([, v]) => v !== null && !isUnknown(v)));
        const refusal = adoptionRefusal({ address: type, type, attrs }, { id, '@odata.type': adopted }, () => undefined);
        if (refusal)
          return {
            planned: proposed,
            requiresReplace: [],
            diagnostics: [
              error(
                'Import refused',
                `this ${type} cannot adopt ${id}: ${refusal}. Fix the id of the import block (intune-scep import refuses the same object).`,
              ),
            ],
          };
      }
      return await this.planResource(type, prior, proposed, config);
    } catch (e) {
      return { planned: proposed, requiresReplace: [], diagnostics: [failure(e, `Planning ${type}`)] };
    }
  }

  private async planResource(type: ResourceType, prior: TfValue, proposed: TfValue, config: TfValue): Promise<PlanResult> {
    if (proposed === null) {
      // Terraform asks before a destroy (plan_destroy): a CA is taken down only when its state says so.
      const was = prior as TfObject | null;
      if (was && familyOf(type) === 'authority' && was.revoke_on_destroy !== true)
        return { planned: null, requiresReplace: [], diagnostics: [caDestroyRefused(type, 'destroy')] };
      return { planned: null, requiresReplace: [], diagnostics: [] };
    }
    const cfg = (config ?? {}) as TfObject;
    const before = prior as TfObject | null;
    const planned: TfObject = {};
    const defs = RESOURCES[type].attributes;
    const platformUnknown = isUnknown(cfg.platform ?? null);
    const known = toAttrs(cfg, UNKNOWN_VALUE);
    for (const [name, def] of Object.entries(defs)) {
      if (def.presence === 'computed') continue;
      const v = cfg[name] ?? null;
      if (v !== null) planned[name] = v;
      else if (def.default) {
        if ('compute' in def.default && platformUnknown) planned[name] = UNKNOWN;
        else {
          const d = effectiveValue(def, name, known);
          planned[name] = isExpression(d) ? UNKNOWN : ((d ?? null) as TfValue);
        }
      } else planned[name] = null;
    }

    const changed = before ? Object.keys(planned).filter((n) => !sameValue(n, planned[n] ?? null, before[n] ?? null)) : [];
    const diagnostics: ProviderDiagnostic[] = [];
    if (type === 'intune_profile_assignment') {
      const resolved = await this.plannedTargets(planned, diagnostics);
      planned.id = isUnknown(planned.profile_id ?? null) ? UNKNOWN : (planned.profile_id ?? null);
      planned.resolved_include_group_ids = resolved.include;
      planned.resolved_exclude_group_ids = resolved.exclude;
      planned.resolved_filters = resolved.filters;
      if (before)
        for (const n of ['resolved_include_group_ids', 'resolved_exclude_group_ids', 'resolved_filters'])
          if (!sameValue(n, planned[n] ?? null, before[n] ?? null)) changed.push(n);
    } else if (familyOf(type) === 'authority') {
      // What Intune computes stays as it is, unless the CA is made again (below).
      planned.id = before?.id ?? UNKNOWN;
      for (const [name, def] of Object.entries(defs))
        if (def.presence === 'computed' && name !== 'id') planned[name] = before ? (before[name] ?? null) : UNKNOWN;
    } else {
      const graphChanged = changed.filter((n) => n !== 'suppress_warnings');
      planned.id = before?.id ?? UNKNOWN;
      if (type === 'intune_scep_certificate_profile')
        planned.version = before && graphChanged.length === 0 ? (before.version ?? null) : UNKNOWN;
      else Object.assign(planned, certificateFacts(planned.certificate ?? null));
    }
    if (!before) diagnostics.push(...(await this.duplicates(type, planned)));
    const forcing = new Set(replacementAttributes(type).map((a) => a.name));
    const requiresReplace = before ? changed.filter((n) => forcing.has(n)).map((n) => [n]) : [];
    if (requiresReplace.length > 0) {
      planned.id = UNKNOWN;
      if (type === 'intune_scep_certificate_profile') planned.version = UNKNOWN;
      if (familyOf(type) === 'authority') {
        for (const [name, def] of Object.entries(defs)) if (def.presence === 'computed') planned[name] = UNKNOWN;
        // A replacement takes the old CA down: its state must say so (apply checks that again, for the
        // replacements Terraform decides without asking: -replace=, a tainted object).
        if (before?.revoke_on_destroy !== true)
          diagnostics.push(caDestroyRefused(type, 'replace', requiresReplace.map((p) => p[0]).join(', ')));
      }
    }
    return { planned, requiresReplace, diagnostics };
  }

  /**
   * plan/duplicate-display-name for a profile this plan creates, as the engine gives it: the tenant
   * already has a profile of its Graph type and display name. Needs the name and platform known, and
   * a configured provider (the unit tests plan without one).
   */
  private async duplicates(type: ResourceType, planned: TfObject): Promise<ProviderDiagnostic[]> {
    const name = str(planned.display_name);
    const odataType = profileODataType(type, planned.platform);
    if (name === undefined || odataType === undefined || !this.api) return [];
    if (strings(planned.suppress_warnings).includes('plan/duplicate-display-name')) return [];
    const api = this.api;
    let profiles = this.listed.get(odataType);
    if (!profiles) {
      profiles = api.listProfiles([odataType]);
      this.listed.set(odataType, profiles);
    }
    let tenant: ProfileWithAssignments[];
    try {
      tenant = await profiles;
    } catch (e) {
      // A warning's lookup fails no plan; the next create asks again (found by review).
      this.listed.delete(odataType);
      return [
        {
          severity: 'warning',
          summary: '[plan/duplicate-display-name] intune-scep could not check for a profile of the same name',
          detail: `${toDiagnostic(e).detail} The plan goes on without the check; intune-scep plan makes it too.`,
          path: ['display_name'],
        },
      ];
    }
    const found = sameNamedProfiles(tenant, odataType, name);
    return found.length ? [fromDiagnostic(duplicateCreateForTerraform(type, name, found))] : [];
  }

  /**
   * The assignment set Graph will hold after apply: include/exclude ids plus the groups the names
   * resolve to, lower case and sorted. Unknown while any input is; non-exclusive sets are unknown
   * too (they merge with what others assigned).
   */
  private async plannedTargets(
    planned: TfObject,
    diagnostics: ProviderDiagnostic[],
  ): Promise<{ include: TfValue; exclude: TfValue; filters: TfValue }> {
    const inputs = ['include_group_ids', 'exclude_group_ids', 'include_group_names', 'exclude_group_names', 'filters'] as const;
    if (inputs.some((k) => hasUnknown(planned[k] ?? null)) || planned.exclusive !== true)
      return { include: UNKNOWN, exclude: UNKNOWN, filters: UNKNOWN };
    const t = await this.ourTargets(planned, diagnostics);
    return { include: t.include_group_ids, exclude: t.exclude_group_ids, filters: filterStrings(t.filters) };
  }

  /** This resource's own targets: its ids and the groups (filters) its names resolve to (lower case, sorted). */
  private async ourTargets(config: TfObject, diagnostics: ProviderDiagnostic[]): Promise<AssignmentTargets> {
    const refs = groupReferencesOf(config);
    const usesFilters = Array.isArray(config.filters) && config.filters.length > 0;
    const facts = await lookupTenantGroups(this.graph().client, [refs], { filters: usesFilters });
    // The same tenant rules as the engine's plan; Terraform names the resource itself.
    diagnostics.push(
      ...runTenantRules([{ address: '', type: 'intune_profile_assignment', name: '', attrs: config }], facts).map(fromDiagnostic),
    );
    const resolved = resolveTargets(refs, facts);
    return targetsOfConfig(toAttrs(config), { groups: Object.fromEntries(resolved.byName), filters: resolveFilterNames(facts.filters) });
  }

  /** Resolved targets for apply; group problems found only now are errors. */
  private async targetsNow(resource: TfObject): Promise<AssignmentTargets> {
    // What plan resolved, when it could (an exclusive set with known inputs); else resolve now.
    if (
      Array.isArray(resource.resolved_include_group_ids) &&
      Array.isArray(resource.resolved_exclude_group_ids) &&
      Array.isArray(resource.resolved_filters) &&
      resource.exclusive !== false
    ) {
      const filters = parseFilterStrings(strings(resource.resolved_filters));
      return {
        include_group_ids: strings(resource.resolved_include_group_ids),
        exclude_group_ids: strings(resource.resolved_exclude_group_ids),
        all_users: resource.all_users === true,
        all_devices: resource.all_devices === true,
        ...(filters.length ? { filters } : {}),
      };
    }
    const diags: ProviderDiagnostic[] = [];
    const t = await this.ourTargets(resource, diags);
    const bad = diags.find((d) => d.severity === 'error');
    if (bad) throw new Error(`${bad.summary}: ${bad.detail}`);
    return t;
  }

  // ---- apply ---------------------------------------------------------------------------------

  async apply(type: ResourceType, prior: TfValue, planned: TfValue): Promise<{ state: TfValue; diagnostics: ProviderDiagnostic[] }> {
    const before = prior as TfObject | null;
    /** The id of an object this apply created: once it exists, Terraform must learn it whatever fails next. */
    let created: string | undefined;
    try {
      const api = this.graph();
      if (planned === null) {
        // Terraform deletes without planning the delete when it replaces on its own (-replace=, taint):
        // a CA is taken down only when its state says so, whatever the plan was.
        if (before && isCaType(type) && before.revoke_on_destroy !== true)
          return { state: prior, diagnostics: [caDestroyRefused(type, 'destroy', '', true)] };
        if (before) await this.remove(api, type, before);
        return { state: null, diagnostics: [] };
      }
      const want = planned as TfObject;
      if (type === 'intune_profile_assignment') {
        const profileId = String(want.profile_id);
        const result = await setAssignments(api, profileId, await this.targetsNow(want), want.exclusive !== false);
        return {
          state: fill(want, {
            id: profileId,
            resolved_include_group_ids: result.include_group_ids,
            resolved_exclude_group_ids: result.exclude_group_ids,
            resolved_filters: filterStrings(result.filters),
          }),
          diagnostics: [],
        };
      }
      const attrs = toAttrs(want);
      if (isCaType(type)) {
        let graphAttrs: Record<string, unknown>;
        if (!before || isUnknown(want.id ?? null)) {
          const rootId = type === 'intune_cloud_pki_issuing_ca' ? String(want.root_ca_id) : undefined;
          graphAttrs = await createAuthority(api, type, attrs, rootId, {
            onCreated: async (id) => {
              created = id;
            },
          });
        } else {
          const changed = Object.entries(RESOURCES[type].attributes)
            .filter(([n, def]) => def.presence !== 'computed' && !sameValue(n, want[n] ?? null, before[n] ?? null))
            .map(([n]) => n);
          graphAttrs = await updateAuthority(api, String(before.id), attrs, changed, known(before));
        }
        return { state: fill(want, graphAttrs), diagnostics: [] };
      }
      const rootId = type === 'intune_scep_certificate_profile' ? String(want.root_certificate_id) : undefined;
      let graphAttrs: Record<string, unknown>;
      if (!before || isUnknown(want.id ?? null)) {
        const entity = await api.create(profileBody(type as ProfileType, attrs, rootId, api.client.baseUrl));
        created = entity.id;
        graphAttrs = fromGraph(entity, rootId !== undefined ? { rootId } : {}).attrs;
      } else {
        const changed = Object.entries(RESOURCES[type].attributes)
          .filter(([n, def]) => def.presence !== 'computed' && !sameValue(n, want[n] ?? null, before[n] ?? null))
          .map(([n]) => n);
        graphAttrs = await updateProfile(api, type as ProfileType, String(before.id), attrs, toAttrs(before), changed, rootId);
      }
      return { state: fill(want, graphAttrs), diagnostics: [] };
    } catch (e) {
      // Created, then something failed (reading the answer back, say): returning the prior (null) state would
      // have Terraform forget an object that exists. With its id in the new state, Terraform keeps it (tainted).
      if (created !== undefined && planned !== null) {
        return {
          state: fill(planned as TfObject, { id: created }),
          diagnostics: [failure(e, `Creating ${type} (object ${created} was created and is kept in state; Terraform marks it tainted)`)],
        };
      }
      return { state: prior, diagnostics: [failure(e, `${planned === null ? 'Deleting' : before ? 'Updating' : 'Creating'} ${type}`)] };
    }
  }

  private async remove(api: IntuneApi, type: ResourceType, state: TfObject): Promise<void> {
    const id = String(state.id ?? state.profile_id);
    try {
      if (type === 'intune_profile_assignment') await removeAssignments(api, id, await this.targetsNow(state), state.exclusive !== false);
      // Plan let it through only with revoke_on_destroy: its certificates are revoked, in Intune's order.
      else if (isCaType(type)) await api.cloudPki.decommission(id, { revokeLeaves: true });
      else await api.delete(id);
    } catch (e) {
      if (e instanceof GraphRequestError && e.status === 404) return; // already gone
      throw e;
    }
  }

  // ---- read and import -----------------------------------------------------------------------

  async read(type: ResourceType, current: TfValue): Promise<{ state: TfValue; diagnostics: ProviderDiagnostic[] }> {
    if (current === null) return { state: current, diagnostics: [] };
    const prior = current as TfObject;
    const id = str(prior.id) ?? str(prior.profile_id);
    if (!id) return { state: null, diagnostics: [] };
    try {
      const api = this.graph();
      const gone = (e: unknown) => {
        if (e instanceof GraphRequestError && e.status === 404) return undefined;
        throw e;
      };
      if (isCaType(type)) {
        const ca = await api.cloudPki.get(id).catch(gone);
        if (!ca) return { state: null, diagnostics: [] };
        const read = await checkedAuthority(api, ca, known(prior));
        if (read.type !== type)
          return {
            state: current,
            diagnostics: [error('Wrong resource type', `${id} is a ${String(ca.cloudCertificationAuthorityType)}, not a ${type}.`)],
          };
        const refused = read.diagnostics.find((d) => d.severity === 'error');
        if (refused) return { state: current, diagnostics: [fromDiagnostic(refused)] };
        return { state: merged(type, prior, read.attrs), diagnostics: [] };
      }
      const entity = await api.get(id).catch(gone);
      if (!entity) return { state: null, diagnostics: [] };
      let graph: Record<string, unknown>;
      if (type === 'intune_profile_assignment') {
        const t = assignmentsFromGraph(entity.assignments ?? []);
        const exclusive = prior.exclusive !== false;
        graph = {
          id,
          profile_id: prior.profile_id ?? id,
          resolved_include_group_ids: t.include_group_ids,
          resolved_exclude_group_ids: t.exclude_group_ids,
          resolved_filters: filterStrings(t.filters),
          all_users: exclusive ? t.all_users : prior.all_users === true && t.all_users,
          all_devices: exclusive ? t.all_devices : prior.all_devices === true && t.all_devices,
          exclusive: prior.exclusive ?? true,
          // An import: the stack's form of the set, by the rule export writes it (names when unique).
          ...(prior.include_group_ids === null && prior.include_group_names === null && prior.profile_id === null
            ? await describeTargets(api.client, t)
            : {}),
        };
      } else {
        let rootId: string | undefined;
        if (type === 'intune_scep_certificate_profile') {
          const link = (await api.rootLinks([{ id: entity.id, '@odata.type': String(entity['@odata.type']) }])).get(entity.id);
          if (link && !link.ok) throw link.error;
          rootId = link?.ok ? link.rootId : undefined;
        }
        const read = fromGraph(entity, rootId !== undefined ? { rootId } : {});
        if (read.type !== type)
          return {
            state: null,
            diagnostics: [
              error('Wrong resource type', `${id} is a ${read.type}, not a ${type}. Import it with the matching resource type.`),
            ],
          };
        graph = read.attrs;
      }
      return { state: merged(type, prior, graph), diagnostics: [] };
    } catch (e) {
      return { state: current, diagnostics: [failure(e, `Reading ${type} ${id}`)] };
    }
  }

  /**
   * Import: the object must exist and be of a kind the type can hold (adopt.ts, the check `import`
   * makes); its Graph type goes to private state for the plan to check the config against.
   */
  async importState(type: ResourceType, id: string): Promise<{ state: TfValue; adopted?: string; diagnostics: ProviderDiagnostic[] }> {
    if (!/^[0-9a-f-]{36}$/i.test(id))
      return {
        state: null,
        diagnostics: [
          error(
            'Not a Graph object id',
            `${JSON.stringify(id)} is not a Graph object id (a GUID). For intune_profile_assignment, give the id of the profile whose assignments to import.`,
          ),
        ],
      };
    try {
      if (isCaType(type)) {
        const ca = await this.graph()
          .cloudPki.get(id)
          .catch((e: unknown) => {
            if (e instanceof GraphRequestError && e.status === 404) return undefined;
            throw e;
          });
        if (!ca)
          return {
            state: null,
            diagnostics: [error('Cannot import a missing object', `the tenant has no Cloud PKI CA with id ${id}. Fix the id.`)],
          };
        if (caFromGraph(ca).type !== type)
          return {
            state: null,
            diagnostics: [
              error('Import refused', `${id} is a ${String(ca.cloudCertificationAuthorityType)}; this ${type} cannot adopt it.`),
            ],
          };
        return { state: { id, revoke_on_destroy: false }, diagnostics: [] };
      }
      let entity;
      try {
        entity = await this.graph().get(id);
      } catch (e) {
        if (e instanceof GraphRequestError && e.status === 404)
          return {
            state: null,
            diagnostics: [error('Cannot import a missing object', `the tenant has no device configuration with id ${id}. Fix the id.`)],
          };
        throw e;
      }
      const refusal = adoptionRefusal({ address: type, type, attrs: {} }, entity, () => undefined);
      if (refusal) return { state: null, diagnostics: [error('Import refused', `this ${type} cannot adopt ${id}: ${refusal}.`)] };
      return {
        state: type === 'intune_profile_assignment' ? { id, exclusive: true } : { id },
        adopted: String(entity['@odata.type']),
        diagnostics: [],
      };
    } catch (e) {
      return { state: null, diagnostics: [failure(e, `Importing ${type} ${id}`)] };
    }
  }

  /** States written by schema version 0 (the only one so far) decode as they are. */
  upgrade(type: ResourceType, version: number, raw: unknown): { state: TfValue; diagnostics: ProviderDiagnostic[] } {
    if (version > RESOURCES[type].version)
      return {
        state: null,
        diagnostics: [
          error(
            'State from a newer provider',
            `the state of this ${type} was written by schema version ${version}; this provider knows up to ${RESOURCES[type].version}. Upgrade the intune provider.`,
          ),
        ],
      };
    return { state: raw as TfValue, diagnostics: [] };
  }
}

/** Resolved filters as the `resolved_filters` attribute holds them: `<target> <mode> <filter id>`, sorted. */
function filterStrings(filters: readonly TargetFilter[] | undefined): string[] {
  return (filters ?? []).map((f) => `${f.target} ${f.mode} ${f.filter_id}`).sort();
}

/** filterStrings read back. */
function parseFilterStrings(list: readonly string[]): TargetFilter[] {
  return list.flatMap((x) => {
    const [target, mode, filterId] = x.split(' ');
    return target && filterId && (mode === 'include' || mode === 'exclude') ? [{ target, filter_id: filterId, mode }] : [];
  });
}

/** The planned object with its unknown values taken from what Graph returned. */
function fill(planned: TfObject, graph: Record<string, unknown>): TfObject {
  const out: TfObject = {};
  for (const [k, v] of Object.entries(planned)) out[k] = isUnknown(v) ? ((graph[k] ?? null) as TfValue) : v;
  return out;
}

/** A root's computed certificate facts, known at plan when the certificate is. */
function certificateFacts(cert: TfValue): TfObject {
  if (typeof cert !== 'string') return { thumbprint: UNKNOWN, subject: UNKNOWN, not_after: UNKNOWN };
  const parsed = parseCertificate(cert);
  if (!parsed.ok) return { thumbprint: null, subject: null, not_after: null };
  return { thumbprint: parsed.cert.thumbprint, subject: parsed.cert.subject, not_after: parsed.cert.notAfter.toISOString() };
}

/** The state after a read: Graph's values, the state's form where they mean the same, stack settings kept. */
function merged(type: ResourceType, prior: TfObject, graph: Record<string, unknown>): TfObject {
  const out: TfObject = {};
  for (const [name, def] of Object.entries(RESOURCES[type].attributes)) {
    const had = prior[name] ?? null;
    const now = ((name in graph ? graph[name] : null) ?? null) as TfValue;
    if ((NOT_IN_GRAPH.has(name) || def.stackOnly) && !(name in graph)) out[name] = had;
    // Computed values, and defaults not yet in state (an import), are Graph's.
    else if (def.presence === 'computed' || (had === null && def.default)) out[name] = now;
    // Otherwise the state's form wins when it means the same (list order, PEM or DER).
    else out[name] = sameValue(name, now, had) ? had : now;
  }
  return out;
}

/**
 * plan/ca-destroy-protected, as the provider says it. Terraform's state decides: the setting is applied
 * (recorded) before a plan may take the CA down, whether by destroy or by replacement.
 */
function caDestroyRefused(type: ResourceType, verb: 'destroy' | 'replace', because = '', atApply = false): ProviderDiagnostic {
  return error(
    '[plan/ca-destroy-protected] The plan would take down a Cloud PKI CA without revoke_on_destroy',
    `the ${atApply ? 'apply' : 'plan'} would ${verb} this ${type}${because ? ` (${because} cannot change in place)` : ''}, which revokes every certificate it issued: devices lose the Wi-Fi, VPN and 802.1X access they give. Nothing was taken down. If that is meant, set revoke_on_destroy = true and apply it first (the state must hold it), then plan again.${atApply ? ' A CA Terraform marked tainted after a create that stopped waiting is fine once active: `terraform untaint` it.' : ''}`,
    verb === 'replace' ? ['revoke_on_destroy'] : undefined,
  );
}

/** What state holds of a CA that Graph's answer must agree with (its root, its certificate). */
function known(state: TfObject): KnownAuthority {
  const text = (v: TfValue | undefined) => (typeof v === 'string' && v !== '' ? v : undefined);
  return { rootId: text(state.root_ca_id), thumbprint: text(state.thumbprint) };
}
