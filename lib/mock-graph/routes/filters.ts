/** Assignment filters (Intune, beta). */
import { randomUUID } from 'node:crypto';
import { badRequest, notFound } from '../errors';
import { parseFilter, parseQuery, project } from '../odata';
import { ENTITY_TYPE_FACTS, ENUM_FACTS } from '../../graph-facts';
import type { MockFilter } from '../store';
import { betaOnly } from './assignments';
import { checkSelect, iso, listPage, objectBody } from './helpers';
import { Handler } from './router';

const FILTER_FACT = ENTITY_TYPE_FACTS.deviceAndAppManagementAssignmentFilter;

const FILTER_PROPS = new Set(['id', ...Object.keys(FILTER_FACT?.properties ?? {})]);

const PLATFORM_TYPES: readonly string[] = ENUM_FACTS.devicePlatformType ?? [];

function filterView(f: MockFilter): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.deviceAndAppManagementAssignmentFilter',
    description: null,
    roleScopeTags: ['0'],
    assignmentFilterManagementType: 'devices',
    payloads: [],
    ...f,
  };
}

export const listFilters: Handler = (req, ctx) => {
  betaOnly(req, 'assignmentFilters');
  const q = parseQuery(req.query);
  checkSelect(q.select, FILTER_PROPS, 'microsoft.graph.deviceAndAppManagementAssignmentFilter');
  const pred = q.filter ? parseFilter(q.filter, new Set(['id', 'displayName', 'platform']), undefined) : () => true;
  const items = [...ctx.store.filters.values()].map((f) => filterView(f)).filter(pred);
  return listPage(ctx, req, items, q, (f) => project(f, q.select), 'deviceManagement/assignmentFilters');
};

export const getFilter: Handler = (req, ctx) => {
  betaOnly(req, 'assignmentFilters');
  const f = ctx.store.filters.get(req.params.id as string);
  if (!f) throw notFound(`Resource not found for the segment 'assignmentFilters' with id '${req.params.id}'.`);
  return {
    status: 200,
    body: { '@odata.context': `${ctx.baseUrl}/beta/$metadata#deviceManagement/assignmentFilters/$entity`, ...filterView(f) },
  };
};

export const createFilter: Handler = (req, ctx) => {
  betaOnly(req, 'assignmentFilters');
  const body = objectBody(req);
  for (const k of Object.keys(body))
    if (k !== '@odata.type' && !FILTER_PROPS.has(k))
      throw badRequest(`The property '${k}' does not exist on type 'microsoft.graph.deviceAndAppManagementAssignmentFilter'.`);
  if (typeof body.displayName !== 'string' || body.displayName === '')
    throw badRequest("A value is required for property 'displayName' of resource 'deviceAndAppManagementAssignmentFilter'.");
  if (typeof body.platform !== 'string' || !PLATFORM_TYPES.includes(body.platform))
    throw badRequest(`The value '${String(body.platform)}' is not a member of the enum 'microsoft.graph.devicePlatformType'.`);
  if (typeof body.rule !== 'string' || body.rule === '')
    throw badRequest("A value is required for property 'rule' of resource 'deviceAndAppManagementAssignmentFilter'.");
  const now = iso(ctx.now());
  const f: MockFilter = {
    ...body,
    id: randomUUID(),
    displayName: body.displayName,
    platform: body.platform,
    rule: body.rule,
    createdDateTime: now,
    lastModifiedDateTime: now,
  };
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
