/** Status overviews: how many devices and users hold a profile. */
import { badRequest } from '../errors';
import { typeNameOf } from '../model';
import { ENTITY_TYPE_FACTS, UNREPORTED_SCEP_TYPES } from '../../graph-facts';
import type { Entity } from '../store';
import { betaOnly } from './assignments';
import { entityOf, objectBody } from './helpers';
import { Handler, MockRequest, RouteContext } from './router';

export const OVERVIEWS = {
  deviceStatusOverview: { key: 'device', type: 'deviceConfigurationDeviceOverview' },
  userStatusOverview: { key: 'user', type: 'deviceConfigurationUserOverview' },
} as const;

function overviewOf(
  req: MockRequest,
  ctx: RouteContext,
): { e: Entity; which: (typeof OVERVIEWS)[keyof typeof OVERVIEWS]; unreported: boolean; value: Record<string, unknown> } {
  betaOnly(req);
  const e = entityOf(ctx, req.params.id as string);
  const name = req.path.slice(req.path.lastIndexOf('/') + 1) as keyof typeof OVERVIEWS;
  const which = OVERVIEWS[name];
  const counts = Object.fromEntries(
    Object.entries(ENTITY_TYPE_FACTS[which.type]?.properties ?? {})
      .filter(([, f]) => f.type === 'number')
      .map(([n]) => [n, n === 'configurationVersion' ? (e.version ?? 1) : 0]),
  );
  const unreported = UNREPORTED_SCEP_TYPES.has(typeNameOf(e['@odata.type']) ?? '');
  const stored = unreported ? {} : (ctx.store.overviews.get(e.id)?.[which.key] ?? {});
  return {
    e,
    which,
    unreported,
    value: {
      '@odata.type': `#microsoft.graph.${which.type}`,
      id: `${e.id}_${which.key === 'device' ? 'DeviceOverview' : 'UserOverview'}`,
      ...counts,
      lastUpdateDateTime: '0001-01-01T00:00:00Z',
      ...stored,
    },
  };
}

export const getOverview: Handler = (req, ctx) => {
  const { e, value } = overviewOf(req, ctx);
  return {
    status: 200,
    body: {
      '@odata.context': `${ctx.baseUrl}/beta/$metadata#deviceManagement/deviceConfigurations('${e.id}')/${req.path.slice(req.path.lastIndexOf('/') + 1)}/$entity`,
      ...value,
    },
  };
};

export const patchOverview: Handler = (req, ctx) => {
  const { e, which, unreported } = overviewOf(req, ctx);
  if (unreported)
    throw badRequest(
      `Intune computes no ${which.type} for a ${typeNameOf(e['@odata.type'])}: certificate reporting isn't available for Device Owner SCEP certificate profiles.`,
    );
  const body = objectBody(req);
  const props = ENTITY_TYPE_FACTS[which.type]?.properties ?? {};
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '@odata.type' || k === 'id') continue;
    const fact = props[k];
    if (!fact) throw badRequest(`The property '${k}' does not exist on type 'microsoft.graph.${which.type}'.`);
    if (fact.type === 'number' && (typeof v !== 'number' || !Number.isInteger(v) || v < 0))
      throw badRequest(`'${k}' must be a non-negative Int32.`);
    if (fact.type === 'string' && typeof v !== 'string') throw badRequest(`'${k}' must be a string.`);
    set[k] = v;
  }
  const now = ctx.store.overviews.get(e.id) ?? { device: {}, user: {} };
  ctx.store.setOverview(e.id, { ...now, [which.key]: { ...now[which.key], ...set } });
  return { status: 204 };
};
