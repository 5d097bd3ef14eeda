/** Groups (Entra ID; not throttled by Intune). */
import { randomUUID } from 'node:crypto';
import { GraphError, badRequest } from '../errors';
import { parseFilter, parseQuery, project } from '../odata';
import type { MockGroup } from '../store';
import { GROUP_FILTERABLE, checkSelect, listPage, objectBody } from './helpers';
import { Handler } from './router';

/** `eq` on a directory object's string compares at most this many characters (names can be 256). */
const DIRECTORY_COMPARE_CHARS = 120;

const GROUP_PROPS = new Set(['id', 'displayName', 'description', 'groupTypes', 'membershipRule', 'securityEnabled', 'mailEnabled']);

function groupView(g: MockGroup): Record<string, unknown> {
  return {
    id: g.id,
    displayName: g.displayName,
    description: g.description ?? null,
    groupTypes: g.groupTypes ?? [],
    membershipRule: g.membershipRule ?? null,
    securityEnabled: g.securityEnabled ?? true,
    mailEnabled: g.mailEnabled ?? false,
  };
}

export const listGroups: Handler = (req, ctx) => {
  const q = parseQuery(req.query);
  if (q.expand) throw badRequest('$expand is not supported here.');
  checkSelect(q.select, GROUP_PROPS, 'microsoft.graph.group');
  const pred = q.filter ? parseFilter(q.filter, GROUP_FILTERABLE, undefined, DIRECTORY_COMPARE_CHARS) : () => true;
  const items = [...ctx.store.groups.values()].map(groupView).filter(pred);
  return listPage(ctx, req, items, q, (g) => project(g, q.select), 'groups');
};

export const getGroup: Handler = (req, ctx) => {
  const q = parseQuery(req.query);
  checkSelect(q.select, GROUP_PROPS, 'microsoft.graph.group');
  const g = ctx.store.groups.get(req.params.id as string);
  if (!g)
    throw new GraphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${req.params.id}' does not exist or one of its queried reference-property objects are not present.`,
    );
  return {
    status: 200,
    body: project(
      { '@odata.context': `${ctx.baseUrl}/${req.version}/$metadata#groups/$entity`, ...groupView(g) },
      q.select ? [...q.select, '@odata.context'] : undefined,
    ),
  };
};

export const createGroup: Handler = (req, ctx) => {
  const body = objectBody(req);
  if (typeof body.displayName !== 'string' || body.displayName === '')
    throw new GraphError(400, 'Request_BadRequest', "A value is required for property 'displayName' of resource 'Group'.");
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
