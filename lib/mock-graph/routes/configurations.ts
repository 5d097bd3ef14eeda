/** Device configurations (the trusted root and SCEP profiles): list, get, create, update, delete, and the root link. */
import { randomUUID } from 'node:crypto';
import { badRequest, modelValidation, notFound } from '../errors';
import { ALL_PROPERTIES, ODATA_PREFIX, typeNameOf, type EntityType } from '../model';
import { parseFilter, parseQuery, project } from '../odata';
import type { Entity } from '../store';
import { normaliseFlags, tagComplex, unsetValue, validateEntityBody } from '../validate';
import { betaOnly } from './assignments';
import {
  CONFIG_FILTERABLE,
  checkRootFor,
  checkSelect,
  concreteType,
  entityOf,
  idFromUrl,
  isOfType,
  iso,
  listPage,
  objectBody,
  typeOf,
  withAssignments,
} from './helpers';
import { Handler, MockRequest, RouteContext } from './router';

export const listConfigurations: Handler = (req, ctx) => {
  const q = parseQuery(req.query);
  if (q.expand?.some((x) => x !== 'assignments')) {
    throw badRequest(
      `Could not find a navigation property named '${q.expand.find((x) => x !== 'assignments')}' on type 'microsoft.graph.deviceConfiguration' (cast to a derived type to expand it).`,
    );
  }
  checkSelect(q.select, ALL_PROPERTIES, 'microsoft.graph.deviceConfiguration');
  const pred = q.filter ? parseFilter(q.filter, CONFIG_FILTERABLE, isOfType) : () => true;
  // v1.0 has none of the SCEP or trusted-root types: a v1.0 list silently leaves them out.
  const items = req.version === 'v1.0' ? [] : [...ctx.store.configurations.values()].filter(pred);
  const expandAssignments = q.expand?.includes('assignments') ?? false;
  return listPage(
    ctx,
    req,
    items,
    q,
    (e) =>
      project(
        expandAssignments ? withAssignments(ctx, e) : e,
        q.select && expandAssignments ? [...q.select, 'assignments', 'assignments@odata.context'] : q.select,
      ),
    'deviceManagement/deviceConfigurations',
  );
};

export const getConfiguration: Handler = (req, ctx) => {
  betaOnly(req);
  const q = parseQuery(req.query);
  const e = entityOf(ctx, req.params.id as string);
  const type = typeOf(e);
  checkSelect(q.select, new Set(Object.keys(type.properties)), `microsoft.graph.${type.name}`);
  let out: Record<string, unknown> = {
    '@odata.context': `${ctx.baseUrl}/beta/$metadata#deviceManagement/deviceConfigurations/$entity`,
    ...e,
  };
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

export const createConfiguration: Handler = (req, ctx) => {
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
  return {
    status: 201,
    body: { '@odata.context': `${ctx.baseUrl}/beta/$metadata#deviceManagement/deviceConfigurations/$entity`, ...entity },
  };
};

export const updateConfiguration: Handler = (req, ctx) => {
  betaOnly(req);
  const body = objectBody(req);
  const e = entityOf(ctx, req.params.id as string);
  const type = typeOf(e);
  if (body['@odata.type'] === undefined) {
    throw modelValidation(`The '@odata.type' annotation is missing: send the object's own type '${e['@odata.type']}' with a PATCH.`);
  }
  if (typeNameOf(body['@odata.type']) !== type.name) {
    throw modelValidation(
      `The type of a device configuration cannot change: '${e['@odata.type']}' cannot become '${String(body['@odata.type'])}'.`,
    );
  }
  const changes = validateEntityBody(type, body, 'update');
  for (const [key, def] of Object.entries(type.properties)) {
    if (def.immutable && key in changes && changes[key] !== e[key]) {
      throw badRequest(
        `The property '${key}' cannot be changed after the profile is created (from '${String(e[key])}' to '${String(changes[key])}').`,
      );
    }
  }
  const updated: Entity = {
    ...e,
    ...tagComplex(type, normaliseFlags(type, changes)),
    lastModifiedDateTime: iso(ctx.now()),
    version: (e.version as number) + 1,
  };
  ctx.store.putConfiguration(updated);
  return ctx.behaviour.patchStatus === 204 ? { status: 204 } : { status: 200, body: updated };
};

export const deleteConfiguration: Handler = (req, ctx) => {
  betaOnly(req);
  const e = entityOf(ctx, req.params.id as string);
  if (typeOf(e).kind === 'trustedRoot' && ctx.behaviour.protectReferencedRoots) {
    const users = ctx.store.referencingProfiles(e.id).filter((id) => ctx.store.configurations.has(id));
    if (users.length > 0) {
      throw badRequest(
        `The trusted root certificate '${e.id}' is referenced by ${users.length} SCEP profile(s) (${users.slice(0, 5).join(', ')}); point them at another root before deleting it.`,
      );
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

export const getRootCertificate: Handler = (req, ctx) => {
  const { e } = scepWithCast(req, ctx);
  const q = parseQuery(req.query);
  const rootId = ctx.store.rootLinks.get(e.id);
  const root = rootId ? ctx.store.configurations.get(rootId) : undefined;
  // OData: a single-valued navigation with nothing related answers 204 No Content.
  if (!root) return { status: 204 };
  checkSelect(q.select, new Set(Object.keys(typeOf(root).properties)), `microsoft.graph.${typeOf(root).name}`);
  return {
    status: 200,
    body: project(
      { '@odata.context': `${ctx.baseUrl}/beta/$metadata#deviceManagement/deviceConfigurations/$entity`, ...root },
      q.select ? [...q.select, '@odata.context'] : undefined,
    ),
  };
};

export const getRootRef: Handler = (req, ctx) => {
  const { e } = scepWithCast(req, ctx);
  const rootId = ctx.store.rootLinks.get(e.id);
  if (!rootId) throw notFound(`The SCEP profile '${e.id}' has no root certificate.`);
  return {
    status: 200,
    body: {
      '@odata.context': `${ctx.baseUrl}/beta/$metadata#$ref`,
      '@odata.id': `${ctx.baseUrl}/beta/deviceManagement/deviceConfigurations('${rootId}')`,
    },
  };
};

export const putRootRef: Handler = (req, ctx) => {
  const { e, type } = scepWithCast(req, ctx);
  const body = objectBody(req);
  const rootId = idFromUrl(body['@odata.id']);
  checkRootFor(ctx, type, rootId);
  ctx.store.setRootLink(e.id, rootId);
  return { status: 204 };
};

// ---------------------------------------------------------------------------------------------
// Assignments
