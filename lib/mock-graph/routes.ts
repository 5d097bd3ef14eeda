/**
 * The Graph routes of the mock, declared as data: `route(method, pattern, handler, traits)`.
 * Paths are relative to the version (`/beta`, `/v1.0`); `:name` matches one segment, and
 * `deviceConfigurations('id')` is read as `deviceConfigurations/id`.
 */
import { randomUUID } from 'node:crypto';
import { GraphError, badRequest, modelValidation, notFound } from './errors';
import { ABSTRACT_TYPES, ALL_DEVICES_ID, ALL_PROPERTIES, ALL_USERS_ID, ENTITY_TYPES, ODATA_PREFIX, TARGET_TYPES, typeNameOf, type EntityType } from './model';
import { encodeSkipToken, parseFilter, parseQuery, project, type QueryOptions } from './odata';
import { ENTITY_TYPE_FACTS, ENUM_FACTS, UNREPORTED_SCEP_TYPES } from '../graph-facts';
import type { Entity, MockAssignment, MockFilter, MockGroup, TenantStore } from './store';
import { checkComplex, normaliseFlags, tagComplex, unsetValue, validateEntityBody } from './validate';

export interface MockRequest {
  readonly method: string;
  /** Path below the version, normalised (`/deviceManagement/deviceConfigurations/<id>`). */
  readonly path: string;
  readonly version: 'beta' | 'v1.0';
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly params: Readonly<Record<string, string>>;
}

export interface MockResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Behaviour {
  /** Page size of lists when the client sends no $top (and the cap on $top). */
  pageSize: number;
  /** A SCEP create without rootCertificate@odata.bind is refused (unverified in Graph; strict default). */
  requireRootOnCreate: boolean;
  /** Deleting a trusted root that a SCEP profile links to is refused (unverified; strict default). */
  protectReferencedRoots: boolean;
  /** PATCH answers 204 (as the service does in practice) or 200 with the entity (as documented). */
  patchStatus: 204 | 200;
}

export interface RouteContext {
  readonly store: TenantStore;
  readonly now: () => number;
  readonly behaviour: Behaviour;
  /** Absolute URL of this server, e.g. http://127.0.0.1:5000 (for @odata.nextLink and contexts). */
  readonly baseUrl: string;
}

export type Handler = (req: MockRequest, ctx: RouteContext) => MockResponse;

export interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly segments: readonly string[];
  readonly handler: Handler;
  /** Counted as a write by Intune's throttle, and eligible for "applied, then 500". */
  readonly write: boolean;
  /** Counted by Intune's device-configuration throttle (not groups). */
  readonly intune: boolean;
}

export function route(method: string, pattern: string, handler: Handler, traits: { write?: boolean; intune?: boolean } = {}): Route {
  return {
    method,
    pattern,
    segments: pattern.split('/').filter(Boolean),
    handler,
    write: traits.write ?? method !== 'GET',
    intune: traits.intune ?? pattern.startsWith('/deviceManagement'),
  };
}

/** `deviceConfigurations('x')` → `deviceConfigurations/x`; trailing slash dropped. */
export function normalisePath(path: string): string {
  return path.replace(/\/([A-Za-z]+)\('([^']*)'\)/g, '/$1/$2').replace(/\/+$/, '');
}

export function matchRoute(routes: readonly Route[], method: string, path: string): { route: Route; params: Record<string, string> } | 'method' | undefined {
  const segments = path.split('/').filter(Boolean).map(decodeSegment);
  let pathMatched = false;
  for (const r of routes) {
    if (r.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segments.length && ok; i++) {
      const want = r.segments[i] as string;
      const got = segments[i] as string;
      if (want.startsWith(':')) params[want.slice(1)] = got;
      else ok = want === got;
    }
    if (!ok) continue;
    pathMatched = true;
    if (r.method === method) return { route: r, params };
  }
  return pathMatched ? 'method' : undefined;
}

// ---------------------------------------------------------------------------------------------
// Helpers

const iso = (ms: number) => new Date(ms).toISOString();

function objectBody(req: MockRequest): Record<string, unknown> {
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    throw badRequest('Empty or invalid payload: a JSON object is expected.', 'BadRequest');
  }
  return req.body as Record<string, unknown>;
}

function entityOf(ctx: RouteContext, id: string): Entity {
  const e = ctx.store.configurations.get(id);
  if (!e) throw notFound(`Resource not found for the segment 'deviceConfigurations' with id '${id}'.`);
  return e;
}

function typeOf(e: Entity): EntityType {
  const t = ENTITY_TYPES.get(e['@odata.type']);
  if (!t) throw new Error(`bug: stored entity of unknown type ${e['@odata.type']}`);
  return t;
}

function concreteType(odataType: unknown): EntityType {
  if (typeof odataType !== 'string' || odataType === '') {
    throw modelValidation("The '@odata.type' annotation is missing: a concrete derived type of microsoft.graph.deviceConfiguration is required.");
  }
  const name = typeNameOf(odataType);
  const full = `${ODATA_PREFIX}${name ?? ''}`;
  if (name && ABSTRACT_TYPES.has(full)) throw modelValidation(`Cannot create an instance of the abstract type 'microsoft.graph.${name}'.`);
  const t = name ? ENTITY_TYPES.get(full) : undefined;
  if (!t) throw modelValidation(`A type named '${odataType.replace(/^#/, '')}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`);
  return t;
}

/** The id inside a bind URL: `…/deviceConfigurations('id')` or `…/deviceConfigurations/id`. */
function idFromUrl(url: unknown): string {
  if (typeof url !== 'string') throw badRequest("The '@odata.id' / '@odata.bind' value must be a URL string.");
  const m = /\/deviceManagement\/deviceConfigurations(?:\('([^']+)'\)|\/([^/?#]+))\/?$/.exec(url);
  const id = m?.[1] ?? m?.[2];
  if (!id) throw badRequest(`The URL '${url}' does not identify a device configuration.`);
  return decodeSegment(id);
}

/** A percent-decoded path segment; a malformed escape is the client's 400, as Graph answers it. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`The request URI is malformed: invalid percent-encoding in '${segment.slice(0, 200)}'.`);
  }
}

function checkRootFor(ctx: RouteContext, scep: EntityType, rootId: string): void {
  const root = ctx.store.configurations.get(rootId);
  if (!root) throw badRequest(`The trusted root certificate '${rootId}' referenced by rootCertificate does not exist.`);
  const rootType = typeOf(root);
  if (rootType.kind !== 'trustedRoot') throw badRequest(`'${rootId}' is a '${rootType.name}', not a trusted root certificate.`);
  if (rootType.family !== scep.family) {
    throw badRequest(`A '${scep.name}' can only reference a trusted root certificate of the same platform; '${rootId}' is a '${rootType.name}'.`);
  }
}

function withAssignments(ctx: RouteContext, e: Entity): Entity {
  return { ...e, 'assignments@odata.context': `${ctx.baseUrl}/beta/$metadata#deviceManagement/deviceConfigurations('${e.id}')/assignments`, assignments: ctx.store.assignments.get(e.id) ?? [] };
}

function listPage<T extends Record<string, unknown>>(ctx: RouteContext, req: MockRequest, items: readonly T[], q: QueryOptions, shape: (x: T) => Record<string, unknown>, context: string): MockResponse {
  const size = Math.min(q.top ?? ctx.behaviour.pageSize, Math.max(ctx.behaviour.pageSize, 1000));
  const start = q.skip ?? 0;
  const page = items.slice(start, start + size);
  const body: Record<string, unknown> = { '@odata.context': `${ctx.baseUrl}/${req.version}/$metadata#${context}`, value: page.map(shape) };
  if (start + size < items.length) {
    const params = new URLSearchParams(req.query);
    params.set('$skiptoken', encodeSkipToken(start + size));
    body['@odata.nextLink'] = `${ctx.baseUrl}/${req.version}${req.path}?${params.toString().replace(/%24/g, '$')}`;
  }
  return { status: 200, body };
}

const CONFIG_FILTERABLE = new Set(['id', 'displayName', 'description', 'createdDateTime', 'lastModifiedDateTime', 'version']);
const GROUP_FILTERABLE = new Set(['id', 'displayName', 'securityEnabled', 'mailEnabled', 'description']);

function isOfType(item: Record<string, unknown>, type: string): boolean {
  const full = `#${type.replace(/^#/, '')}`;
  return item['@odata.type'] === full || full === `${ODATA_PREFIX}deviceConfiguration`;
}

function checkSelect(select: readonly string[] | undefined, allowed: ReadonlySet<string>, typeName: string): void {
  for (const s of select ?? []) {
    if (!allowed.has(s)) throw badRequest(`Could not find a property named '${s}' on type '${typeName}'.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Device configurations

const listConfigurations: Handler = (req, ctx) => {
  const q = parseQuery(req.query);
  if (q.expand?.some((x) => x !== 'assignments')) {
    throw badRequest(`Could not find a navigation property named '${q.expand.find((x) => x !== 'assignments')}' on type 'microsoft.graph.deviceConfiguration' (cast to a derived type to expand it).`);
  }
  checkSelect(q.select, ALL_PROPERTIES, 'microsoft.graph.deviceConfiguration');
  const pred = q.filter ? parseFilter(q.filter, CONFIG_FILTERABLE, isOfType) : () => true;
  // v1.0 has none of the SCEP or trusted-root types: a v1.0 list silently leaves them out.
  const items = req.version === 'v1.0' ? [] : [...ctx.store.configurations.values()].filter(pred);
  const expandAssignments = q.expand?.includes('assignments') ?? false;
  return listPage(ctx, req, items, q, (e) => project(expandAssignments ? withAssignments(ctx, e) : e, q.select && expandAssignments ? [...q.select, 'assignments', 'assignments@odata.context'] : q.select), 'deviceManagement/deviceConfigurations');
};

const getConfiguration: Handler = (req, ctx) => {
  betaOnly(req);
  const q = parseQuery(req.query);
  const e = entityOf(ctx, req.params.id as string);
  const type = typeOf(e);
  checkSelect(q.select, new Set(Object.keys(type.properties)), `microsoft.graph.${type.name}`);
  let out: Record<string, unknown> = { '@odata.context': `${ctx.baseUrl}/beta/$metadata#deviceManagement/deviceConfigurations/$entity`, ...e };
  for (const x of q.expand ?? []) {
    if (x === 'assignments') out = withAssignments(ctx, out as Entity);
    else if (x === 'rootCertificate' && type.kind === 'scep') {
      const rootId = ctx.store.rootLinks.get(e.id);
      out.rootCertificate = rootId ? (ctx.store.configurations.get(rootId) ?? null) : null;
    } else throw badRequest(`Could not find a navigation property named '${x}' on type 'microsoft.graph.${type.name}'.`);
  }
  const keep = q.select ? [...q.select, '@odata.context', ...(q.expand ?? []), 'assignments@odata.context'] : undefined;
  return { status: 200, body: project(out, keep) };
};

const createConfiguration: Handler = (req, ctx) => {
  betaOnly(req);
  const body = objectBody(req);
  const type = concreteType(body['@odata.type']);
  const props = validateEntityBody(type, body, 'create');
  const bind = body['rootCertificate@odata.bind'];
  let rootId: string | undefined;
  if (type.kind === 'scep') {
    if (bind !== undefined) {
      rootId = idFromUrl(bind);
      checkRootFor(ctx, type, rootId);
    } else if (ctx.behaviour.requireRootOnCreate) {
      throw badRequest(`A '${type.name}' must reference its trusted root certificate: set 'rootCertificate@odata.bind'.`);
    }
  }
  const now = iso(ctx.now());
  // Every structural property, as a real GET answers: what was sent, else null or the OData default.
  let entity: Entity = { '@odata.type': `${ODATA_PREFIX}${type.name}`, id: randomUUID() };
  for (const [key, def] of Object.entries(type.properties)) {
    if (def.type.kind === 'navigation' || def.serverOwned) continue;
    entity[key] = key in props ? props[key] : unsetValue(def);
  }
  entity = { ...entity, ...tagComplex(type, normaliseFlags(type, entity)) };
  entity.roleScopeTagIds = (props.roleScopeTagIds as string[] | null | undefined) ?? ['0'];
  entity.createdDateTime = now;
  entity.lastModifiedDateTime = now;
  entity.version = 1;
  entity.supportsScopeTags = true;
  ctx.store.putConfiguration(entity);
  if (rootId) ctx.store.setRootLink(entity.id, rootId);
  return { status: 201, body: { '@odata.context': `${ctx.baseUrl}/beta/$metadata#deviceManagement/deviceConfigurations/$entity`, ...entity } };
};

const updateConfiguration: Handler = (req, ctx) => {
  betaOnly(req);
  const body = objectBody(req);
  const e = entityOf(ctx, req.params.id as string);
  const type = typeOf(e);
  if (body['@odata.type'] === undefined) {
    throw modelValidation(`The '@odata.type' annotation is missing: send the object's own type '${e['@odata.type']}' with a PATCH.`);
  }
  if (typeNameOf(body['@odata.type']) !== type.name) {
    throw modelValidation(`The type of a device configuration cannot change: '${e['@odata.type']}' cannot become '${String(body['@odata.type'])}'.`);
  }
  const changes = validateEntityBody(type, body, 'update');
  for (const [key, def] of Object.entries(type.properties)) {
    if (def.immutable && key in changes && changes[key] !== e[key]) {
      throw badRequest(`The property '${key}' cannot be changed after the profile is created (from '${String(e[key])}' to '${String(changes[key])}').`);
    }
  }
  const updated: Entity = { ...e, ...tagComplex(type, normaliseFlags(type, changes)), lastModifiedDateTime: iso(ctx.now()), version: (e.version as number) + 1 };
  ctx.store.putConfiguration(updated);
  return ctx.behaviour.patchStatus === 204 ? { status: 204 } : { status: 200, body: updated };
};

const deleteConfiguration: Handler = (req, ctx) => {
  betaOnly(req);
  const e = entityOf(ctx, req.params.id as string);
  if (typeOf(e).kind === 'trustedRoot' && ctx.behaviour.protectReferencedRoots) {
    const users = ctx.store.referencingProfiles(e.id).filter((id) => ctx.store.configurations.has(id));
    if (users.length > 0) {
      throw badRequest(`The trusted root certificate '${e.id}' is referenced by ${users.length} SCEP profile(s) (${users.slice(0, 5).join(', ')}); point them at another root before deleting it.`);
    }
  }
  ctx.store.deleteConfiguration(e.id);
  return { status: 204 };
};

/** The cast segment must name the object's own (SCEP) type. */
function scepWithCast(req: MockRequest, ctx: RouteContext): { e: Entity; type: EntityType } {
  betaOnly(req);
  const e = entityOf(ctx, req.params.id as string);
  const type = typeOf(e);
  if (req.params.cast !== `microsoft.graph.${type.name}` || type.kind !== 'scep') {
    throw badRequest(`The type cast '${req.params.cast}' is not valid for '${e['@odata.type'].slice(1)}'.`);
  }
  return { e, type };
}

const getRootCertificate: Handler = (req, ctx) => {
  const { e } = scepWithCast(req, ctx);
  const q = parseQuery(req.query);
  const rootId = ctx.store.rootLinks.get(e.id);
  const root = rootId ? ctx.store.configurations.get(rootId) : undefined;
  // OData: a single-valued navigation with nothing related answers 204 No Content.
  if (!root) return { status: 204 };
  checkSelect(q.select, new Set(Object.keys(typeOf(root).properties)), `microsoft.graph.${typeOf(root).name}`);
  return { status: 200, body: project({ '@odata.context': `${ctx.baseUrl}/beta/$metadata#deviceManagement/deviceConfigurations/$entity`, ...root }, q.select ? [...q.select, '@odata.context'] : undefined) };
};

const getRootRef: Handler = (req, ctx) => {
  const { e } = scepWithCast(req, ctx);
  const rootId = ctx.store.rootLinks.get(e.id);
  if (!rootId) throw notFound(`The SCEP profile '${e.id}' has no root certificate.`);
  return { status: 200, body: { '@odata.context': `${ctx.baseUrl}/beta/$metadata#$ref`, '@odata.id': `${ctx.baseUrl}/beta/deviceManagement/deviceConfigurations('${rootId}')` } };
};

const putRootRef: Handler = (req, ctx) => {
  const { e, type } = scepWithCast(req, ctx);
  const body = objectBody(req);
  const rootId = idFromUrl(body['@odata.id']);
  checkRootFor(ctx, type, rootId);
  ctx.store.setRootLink(e.id, rootId);
  return { status: 204 };
};

// ---------------------------------------------------------------------------------------------
// Assignments

const assign: Handler = (req, ctx) => {
  betaOnly(req);
  const e = entityOf(ctx, req.params.id as string);
  const body = objectBody(req);
  const list = body.assignments;
  if (!Array.isArray(list)) throw badRequest("The 'assignments' parameter is required and must be an array.");
  const byId = new Map<string, MockAssignment>();
  for (const [i, item] of list.entries()) {
    const target = (item as { target?: unknown })?.target;
    if (!target || typeof target !== 'object' || Array.isArray(target)) throw badRequest(`assignments[${i}] has no 'target'.`);
    const declared = checkComplex(`assignments[${i}].target`, 'deviceAndAppManagementAssignmentTarget', target);
    const t = `${ODATA_PREFIX}${declared}`;
    const tv = target as Record<string, unknown>;
    let suffix: string;
    if (t === TARGET_TYPES.group || t === TARGET_TYPES.exclusion) {
      const groupId = tv.groupId;
      if (typeof groupId !== 'string' || !ctx.store.groups.has(groupId)) {
        throw badRequest(`assignments[${i}]: the group '${String(groupId)}' does not exist in the tenant.`);
      }
      suffix = groupId;
    } else if (t === TARGET_TYPES.allUsers) suffix = ALL_USERS_ID;
    else if (t === TARGET_TYPES.allDevices) suffix = ALL_DEVICES_ID;
    else throw modelValidation(`assignments[${i}]: the target type '${String(tv['@odata.type'])}' is not supported for device configurations.`);
    const filterId = tv.deviceAndAppManagementAssignmentFilterId ?? null;
    const filterType = tv.deviceAndAppManagementAssignmentFilterType ?? 'none';
    if (filterId !== null && (typeof filterId !== 'string' || !ctx.store.filters.has(filterId))) {
      throw badRequest(`assignments[${i}]: the assignment filter '${String(filterId)}' does not exist in the tenant.`);
    }
    if ((filterId === null) !== (filterType === 'none')) {
      throw badRequest(`assignments[${i}]: deviceAndAppManagementAssignmentFilterType '${String(filterType)}' ${filterId === null ? 'needs a deviceAndAppManagementAssignmentFilterId' : "cannot be 'none' with a filter id"}.`);
    }
    const id = `${e.id}_${suffix}`;
    byId.set(id, {
      id,
      source: 'direct',
      sourceId: e.id,
      intent: 'apply',
      target: {
        '@odata.type': t,
        deviceAndAppManagementAssignmentFilterId: filterId,
        deviceAndAppManagementAssignmentFilterType: filterType,
        ...(suffix !== ALL_USERS_ID && suffix !== ALL_DEVICES_ID ? { groupId: suffix } : {}),
      },
    });
  }
  const assignments = [...byId.values()];
  ctx.store.setAssignments(e.id, assignments);
  return { status: 200, body: { '@odata.context': `${ctx.baseUrl}/beta/$metadata#Collection(microsoft.graph.deviceConfigurationAssignment)`, value: assignments } };
};

const listAssignments: Handler = (req, ctx) => {
  betaOnly(req);
  const e = entityOf(ctx, req.params.id as string);
  return { status: 200, body: { '@odata.context': `${ctx.baseUrl}/beta/$metadata#deviceManagement/deviceConfigurations('${e.id}')/assignments`, value: ctx.store.assignments.get(e.id) ?? [] } };
};

function betaOnly(req: MockRequest, segment = 'deviceConfigurations'): void {
  if (req.version !== 'beta') throw badRequest(`Resource not found for the segment '${segment}': ${segment === 'deviceConfigurations' ? 'SCEP and trusted root certificate profiles are' : 'it is'} only available in the beta version.`);
}

// ---------------------------------------------------------------------------------------------
// Groups (Entra ID; not throttled by Intune)

/** `eq` on a directory object's string compares at most this many characters (names can be 256). */
const DIRECTORY_COMPARE_CHARS = 120;

const GROUP_PROPS = new Set(['id', 'displayName', 'description', 'groupTypes', 'membershipRule', 'securityEnabled', 'mailEnabled']);

function groupView(g: MockGroup): Record<string, unknown> {
  return { id: g.id, displayName: g.displayName, description: g.description ?? null, groupTypes: g.groupTypes ?? [], membershipRule: g.membershipRule ?? null, securityEnabled: g.securityEnabled ?? true, mailEnabled: g.mailEnabled ?? false };
}

const listGroups: Handler = (req, ctx) => {
  const q = parseQuery(req.query);
  if (q.expand) throw badRequest('$expand is not supported here.');
  checkSelect(q.select, GROUP_PROPS, 'microsoft.graph.group');
  const pred = q.filter ? parseFilter(q.filter, GROUP_FILTERABLE, undefined, DIRECTORY_COMPARE_CHARS) : () => true;
  const items = [...ctx.store.groups.values()].map(groupView).filter(pred);
  return listPage(ctx, req, items, q, (g) => project(g, q.select), 'groups');
};

const getGroup: Handler = (req, ctx) => {
  const q = parseQuery(req.query);
  checkSelect(q.select, GROUP_PROPS, 'microsoft.graph.group');
  const g = ctx.store.groups.get(req.params.id as string);
  if (!g) throw new GraphError(404, 'Request_ResourceNotFound', `Resource '${req.params.id}' does not exist or one of its queried reference-property objects are not present.`);
  return { status: 200, body: project({ '@odata.context': `${ctx.baseUrl}/${req.version}/$metadata#groups/$entity`, ...groupView(g) }, q.select ? [...q.select, '@odata.context'] : undefined) };
};

const createGroup: Handler = (req, ctx) => {
  const body = objectBody(req);
  if (typeof body.displayName !== 'string' || body.displayName === '') throw new GraphError(400, 'Request_BadRequest', "A value is required for property 'displayName' of resource 'Group'.");
  const g: MockGroup = {
    id: randomUUID(),
    displayName: body.displayName,
    description: typeof body.description === 'string' ? body.description : null,
    groupTypes: Array.isArray(body.groupTypes) ? (body.groupTypes as string[]) : [],
    membershipRule: typeof body.membershipRule === 'string' ? body.membershipRule : null,
    securityEnabled: body.securityEnabled !== false,
    mailEnabled: body.mailEnabled === true,
  };
  ctx.store.putGroup(g);
  return { status: 201, body: groupView(g) };
};

// ---------------------------------------------------------------------------------------------
// Assignment filters (Intune, beta): deviceAndAppManagementAssignmentFilter, properties and the
// platform enum from the published types.

const FILTER_FACT = ENTITY_TYPE_FACTS.deviceAndAppManagementAssignmentFilter;
const FILTER_PROPS = new Set(['id', ...Object.keys(FILTER_FACT?.properties ?? {})]);
const PLATFORM_TYPES: readonly string[] = ENUM_FACTS.devicePlatformType ?? [];

function filterView(f: MockFilter): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.deviceAndAppManagementAssignmentFilter', description: null, roleScopeTags: ['0'], assignmentFilterManagementType: 'devices', payloads: [], ...f };
}

const listFilters: Handler = (req, ctx) => {
  betaOnly(req, 'assignmentFilters');
  const q = parseQuery(req.query);
  checkSelect(q.select, FILTER_PROPS, 'microsoft.graph.deviceAndAppManagementAssignmentFilter');
  const pred = q.filter ? parseFilter(q.filter, new Set(['id', 'displayName', 'platform']), undefined) : () => true;
  const items = [...ctx.store.filters.values()].map((f) => filterView(f)).filter(pred);
  return listPage(ctx, req, items, q, (f) => project(f, q.select), 'deviceManagement/assignmentFilters');
};

const getFilter: Handler = (req, ctx) => {
  betaOnly(req, 'assignmentFilters');
  const f = ctx.store.filters.get(req.params.id as string);
  if (!f) throw notFound(`Resource not found for the segment 'assignmentFilters' with id '${req.params.id}'.`);
  return { status: 200, body: { '@odata.context': `${ctx.baseUrl}/beta/$metadata#deviceManagement/assignmentFilters/$entity`, ...filterView(f) } };
};

const createFilter: Handler = (req, ctx) => {
  betaOnly(req, 'assignmentFilters');
  const body = objectBody(req);
  for (const k of Object.keys(body)) if (k !== '@odata.type' && !FILTER_PROPS.has(k)) throw badRequest(`The property '${k}' does not exist on type 'microsoft.graph.deviceAndAppManagementAssignmentFilter'.`);
  if (typeof body.displayName !== 'string' || body.displayName === '') throw badRequest("A value is required for property 'displayName' of resource 'deviceAndAppManagementAssignmentFilter'.");
  if (typeof body.platform !== 'string' || !PLATFORM_TYPES.includes(body.platform)) throw badRequest(`The value '${String(body.platform)}' is not a member of the enum 'microsoft.graph.devicePlatformType'.`);
  if (typeof body.rule !== 'string' || body.rule === '') throw badRequest("A value is required for property 'rule' of resource 'deviceAndAppManagementAssignmentFilter'.");
  const now = iso(ctx.now());
  const f: MockFilter = { ...body, id: randomUUID(), displayName: body.displayName, platform: body.platform, rule: body.rule, createdDateTime: now, lastModifiedDateTime: now };
  delete (f as Record<string, unknown>)['@odata.type'];
  ctx.store.putFilter(f);
  return { status: 201, body: filterView(f) };
};

// ---------------------------------------------------------------------------------------------
// Status overviews: how many devices and users hold a profile (deviceConfigurationDeviceOverview,
// deviceConfigurationUserOverview). Intune computes them from devices; the mock keeps what a PATCH
// (documented by Microsoft) set, and zero counts otherwise. Intune reports nothing for the SCEP types
// of graph-facts' UNREPORTED_SCEP_TYPES (the "Device Owner" profiles): their overviews count nothing,
// never computed, and a PATCH of them is refused (the choice and its source are in supplement.ts).

const OVERVIEWS = {
  deviceStatusOverview: { key: 'device', type: 'deviceConfigurationDeviceOverview' },
  userStatusOverview: { key: 'user', type: 'deviceConfigurationUserOverview' },
} as const;

function overviewOf(req: MockRequest, ctx: RouteContext): { e: Entity; which: (typeof OVERVIEWS)[keyof typeof OVERVIEWS]; unreported: boolean; value: Record<string, unknown> } {
  betaOnly(req);
  const e = entityOf(ctx, req.params.id as string);
  const name = req.path.slice(req.path.lastIndexOf('/') + 1) as keyof typeof OVERVIEWS;
  const which = OVERVIEWS[name];
  const counts = Object.fromEntries(Object.entries(ENTITY_TYPE_FACTS[which.type]?.properties ?? {}).filter(([, f]) => f.type === 'number').map(([n]) => [n, n === 'configurationVersion' ? (e.version ?? 1) : 0]));
  const unreported = UNREPORTED_SCEP_TYPES.has(typeNameOf(e['@odata.type']) ?? '');
  const stored = unreported ? {} : (ctx.store.overviews.get(e.id)?.[which.key] ?? {});
  return { e, which, unreported, value: { '@odata.type': `#microsoft.graph.${which.type}`, id: `${e.id}_${which.key === 'device' ? 'DeviceOverview' : 'UserOverview'}`, ...counts, lastUpdateDateTime: '0001-01-01T00:00:00Z', ...stored } };
}

const getOverview: Handler = (req, ctx) => {
  const { e, value } = overviewOf(req, ctx);
  return { status: 200, body: { '@odata.context': `${ctx.baseUrl}/beta/$metadata#deviceManagement/deviceConfigurations('${e.id}')/${req.path.slice(req.path.lastIndexOf('/') + 1)}/$entity`, ...value } };
};

const patchOverview: Handler = (req, ctx) => {
  const { e, which, unreported } = overviewOf(req, ctx);
  if (unreported) throw badRequest(`Intune computes no ${which.type} for a ${typeNameOf(e['@odata.type'])}: certificate reporting isn't available for Device Owner SCEP certificate profiles.`);
  const body = objectBody(req);
  const props = ENTITY_TYPE_FACTS[which.type]?.properties ?? {};
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '@odata.type' || k === 'id') continue;
    const fact = props[k];
    if (!fact) throw badRequest(`The property '${k}' does not exist on type 'microsoft.graph.${which.type}'.`);
    if (fact.type === 'number' && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) throw badRequest(`'${k}' must be a non-negative Int32.`);
    if (fact.type === 'string' && typeof v !== 'string') throw badRequest(`'${k}' must be a string.`);
    set[k] = v;
  }
  const now = ctx.store.overviews.get(e.id) ?? { device: {}, user: {} };
  ctx.store.setOverview(e.id, { ...now, [which.key]: { ...now[which.key], ...set } });
  return { status: 204 };
};

export const DEFAULT_ROUTES: readonly Route[] = [
  route('GET', '/deviceManagement/deviceConfigurations', listConfigurations),
  route('POST', '/deviceManagement/deviceConfigurations', createConfiguration),
  route('GET', '/deviceManagement/deviceConfigurations/:id', getConfiguration),
  route('PATCH', '/deviceManagement/deviceConfigurations/:id', updateConfiguration),
  route('DELETE', '/deviceManagement/deviceConfigurations/:id', deleteConfiguration),
  route('GET', '/deviceManagement/deviceConfigurations/:id/:cast/rootCertificate', getRootCertificate),
  route('GET', '/deviceManagement/deviceConfigurations/:id/:cast/rootCertificate/$ref', getRootRef),
  route('PUT', '/deviceManagement/deviceConfigurations/:id/:cast/rootCertificate/$ref', putRootRef),
  route('POST', '/deviceManagement/deviceConfigurations/:id/assign', assign),
  route('GET', '/deviceManagement/deviceConfigurations/:id/assignments', listAssignments),
  ...Object.keys(OVERVIEWS).flatMap((o) => [route('GET', `/deviceManagement/deviceConfigurations/:id/${o}`, getOverview), route('PATCH', `/deviceManagement/deviceConfigurations/:id/${o}`, patchOverview)]),
  route('GET', '/deviceManagement/assignmentFilters', listFilters),
  route('POST', '/deviceManagement/assignmentFilters', createFilter),
  route('GET', '/deviceManagement/assignmentFilters/:id', getFilter),
  route('GET', '/groups', listGroups, { intune: false }),
  route('POST', '/groups', createGroup, { intune: false }),
  route('GET', '/groups/:id', getGroup, { intune: false }),
];
