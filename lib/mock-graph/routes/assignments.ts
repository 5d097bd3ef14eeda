/** Assignments of a device configuration: `assign` (replaces the set) and the list. */
import { badRequest, modelValidation } from '../errors';
import { ALL_DEVICES_ID, ALL_USERS_ID, ODATA_PREFIX, TARGET_TYPES } from '../model';
import type { MockAssignment } from '../store';
import { checkComplex } from '../validate';
import { entityOf, objectBody } from './helpers';
import { Handler, MockRequest } from './router';

export const assign: Handler = (req, ctx) => {
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
    else
      throw modelValidation(
        `assignments[${i}]: the target type '${String(tv['@odata.type'])}' is not supported for device configurations.`,
      );
    const filterId = tv.deviceAndAppManagementAssignmentFilterId ?? null;
    const filterType = tv.deviceAndAppManagementAssignmentFilterType ?? 'none';
    if (filterId !== null && (typeof filterId !== 'string' || !ctx.store.filters.has(filterId))) {
      throw badRequest(`assignments[${i}]: the assignment filter '${String(filterId)}' does not exist in the tenant.`);
    }
    if ((filterId === null) !== (filterType === 'none')) {
      throw badRequest(
        `assignments[${i}]: deviceAndAppManagementAssignmentFilterType '${String(filterType)}' ${filterId === null ? 'needs a deviceAndAppManagementAssignmentFilterId' : "cannot be 'none' with a filter id"}.`,
      );
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
  return {
    status: 200,
    body: {
      '@odata.context': `${ctx.baseUrl}/beta/$metadata#Collection(microsoft.graph.deviceConfigurationAssignment)`,
      value: assignments,
    },
  };
};

export const listAssignments: Handler = (req, ctx) => {
  betaOnly(req);
  const e = entityOf(ctx, req.params.id as string);
  return {
    status: 200,
    body: {
      '@odata.context': `${ctx.baseUrl}/beta/$metadata#deviceManagement/deviceConfigurations('${e.id}')/assignments`,
      value: ctx.store.assignments.get(e.id) ?? [],
    },
  };
};

export function betaOnly(req: MockRequest, segment = 'deviceConfigurations'): void {
  if (req.version !== 'beta')
    throw badRequest(
      `Resource not found for the segment '${segment}': ${segment === 'deviceConfigurations' ? 'SCEP and trusted root certificate profiles are' : 'it is'} only available in the beta version.`,
    );
}

// ---------------------------------------------------------------------------------------------
// Groups (Entra ID; not throttled by Intune)
