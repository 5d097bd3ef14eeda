/** What the resource routes share: bodies, entities and their types, ids from URLs, list pages, $select checks. */
import { decodeSegment } from './router';
import { badRequest, modelValidation, notFound } from '../errors';
import { ABSTRACT_TYPES, ENTITY_TYPES, ODATA_PREFIX, typeNameOf, type EntityType } from '../model';
import { encodeSkipToken, type QueryOptions } from '../odata';
import type { Entity } from '../store';
import { MockRequest, MockResponse, RouteContext } from './router';

export const iso = (ms: number) => new Date(ms).toISOString();

export function objectBody(req: MockRequest): Record<string, unknown> {
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    throw badRequest('Empty or invalid payload: a JSON object is expected.', 'BadRequest');
  }
  return req.body as Record<string, unknown>;
}

export function entityOf(ctx: RouteContext, id: string): Entity {
  const e = ctx.store.configurations.get(id);
  if (!e) throw notFound(`Resource not found for the segment 'deviceConfigurations' with id '${id}'.`);
  return e;
}

export function typeOf(e: Entity): EntityType {
  const t = ENTITY_TYPES.get(e['@odata.type']);
  if (!t) throw new Error(`bug: stored entity of unknown type ${e['@odata.type']}`);
  return t;
}

export function concreteType(odataType: unknown): EntityType {
  if (typeof odataType !== 'string' || odataType === '') {
    throw modelValidation(
      "The '@odata.type' annotation is missing: a concrete derived type of microsoft.graph.deviceConfiguration is required.",
    );
  }
  const name = typeNameOf(odataType);
  const full = `${ODATA_PREFIX}${name ?? ''}`;
  if (name && ABSTRACT_TYPES.has(full)) throw modelValidation(`Cannot create an instance of the abstract type 'microsoft.graph.${name}'.`);
  const t = name ? ENTITY_TYPES.get(full) : undefined;
  if (!t)
    throw modelValidation(
      `A type named '${odataType.replace(/^#/, '')}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`,
    );
  return t;
}

/** The id inside a bind URL: `…/deviceConfigurations('id')` or `…/deviceConfigurations/id`. */
export function idFromUrl(url: unknown): string {
  if (typeof url !== 'string') throw badRequest("The '@odata.id' / '@odata.bind' value must be a URL string.");
  const m = /\/deviceManagement\/deviceConfigurations(?:\('([^']+)'\)|\/([^/?#]+))\/?$/.exec(url);
  const id = m?.[1] ?? m?.[2];
  if (!id) throw badRequest(`The URL '${url}' does not identify a device configuration.`);
  return decodeSegment(id);
}

export function checkRootFor(ctx: RouteContext, scep: EntityType, rootId: string): void {
  const root = ctx.store.configurations.get(rootId);
  if (!root) throw badRequest(`The trusted root certificate '${rootId}' referenced by rootCertificate does not exist.`);
  const rootType = typeOf(root);
  if (rootType.kind !== 'trustedRoot') throw badRequest(`'${rootId}' is a '${rootType.name}', not a trusted root certificate.`);
  if (rootType.family !== scep.family) {
    throw badRequest(
      `A '${scep.name}' can only reference a trusted root certificate of the same platform; '${rootId}' is a '${rootType.name}'.`,
    );
  }
}

export function withAssignments(ctx: RouteContext, e: Entity): Entity {
  return {
    ...e,
    'assignments@odata.context': `${ctx.baseUrl}/beta/$metadata#deviceManagement/deviceConfigurations('${e.id}')/assignments`,
    assignments: ctx.store.assignments.get(e.id) ?? [],
  };
}

export function listPage<T extends Record<string, unknown>>(
  ctx: RouteContext,
  req: MockRequest,
  items: readonly T[],
  q: QueryOptions,
  shape: (x: T) => Record<string, unknown>,
  context: string,
): MockResponse {
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

export const CONFIG_FILTERABLE = new Set(['id', 'displayName', 'description', 'createdDateTime', 'lastModifiedDateTime', 'version']);

export const GROUP_FILTERABLE = new Set(['id', 'displayName', 'securityEnabled', 'mailEnabled', 'description']);

export function isOfType(item: Record<string, unknown>, type: string): boolean {
  const full = `#${type.replace(/^#/, '')}`;
  return item['@odata.type'] === full || full === `${ODATA_PREFIX}deviceConfiguration`;
}

export function checkSelect(select: readonly string[] | undefined, allowed: ReadonlySet<string>, typeName: string): void {
  for (const s of select ?? []) {
    if (!allowed.has(s)) throw badRequest(`Could not find a property named '${s}' on type '${typeName}'.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Device configurations
