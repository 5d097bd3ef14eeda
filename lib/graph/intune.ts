/**
 * The Intune operations the engine needs, over GraphClient. Reads scale with pages, not objects:
 * one filtered, expanded list for all profiles and their assignments, and root links in $batch
 * requests of 20.
 */
import { PLATFORMS, PLATFORM_TABLE } from '../schema';
import type { BatchResult, GraphClient, GraphEntity } from './client';
import { odataString } from './client';
import { CloudPkiApi } from './cloud-pki';
import { GraphRequestError } from './errors';
import { configurationUrl } from './mapping';

export const CONFIGURATIONS = '/deviceManagement/deviceConfigurations';

/** Every SCEP and trusted-root `@odata.type`, without the `#`. */
export const ALL_TYPES: readonly string[] = PLATFORMS.flatMap((p) => [
  PLATFORM_TABLE[p].scepODataType,
  PLATFORM_TABLE[p].rootODataType,
]).map((t) => t.slice(1));

export const isScepType = (odataType: string) => PLATFORMS.some((p) => PLATFORM_TABLE[p].scepODataType === odataType);

export interface ProfileWithAssignments extends GraphEntity {
  assignments?: { id: string; target: Record<string, unknown> }[];
}

export type RootLink = { ok: true; rootId: string | undefined } | { ok: false; error: GraphRequestError };

export class IntuneApi {
  /** Cloud PKI certification authorities, on the same client (and so the same budget). */
  readonly cloudPki: CloudPkiApi;

  constructor(readonly client: GraphClient) {
    this.cloudPki = new CloudPkiApi(client);
  }

  /** All SCEP and trusted-root profiles of the tenant with their assignments, page by page. */
  listProfiles(types: readonly string[] = ALL_TYPES): Promise<ProfileWithAssignments[]> {
    const filter = types.map((t) => `isof(${odataString(t)})`).join(' or ');
    return this.client.list<ProfileWithAssignments>(`${CONFIGURATIONS}?$filter=${encodeURIComponent(filter)}&$expand=assignments`);
  }

  /** One device configuration; an answer that is not one (no object, no id, no `@odata.type`) is a GraphRequestError. */
  async get(id: string): Promise<ProfileWithAssignments> {
    const path = `${CONFIGURATIONS}/${encodeURIComponent(id)}?$expand=assignments`;
    const e = await this.client.get<unknown>(path);
    const entity = e as Partial<ProfileWithAssignments> | null;
    if (!entity || typeof entity !== 'object' || typeof entity.id !== 'string' || typeof entity['@odata.type'] !== 'string') {
      const what =
        entity === null || entity === undefined
          ? 'no object'
          : typeof entity !== 'object'
            ? `a ${typeof entity}`
            : typeof entity.id !== 'string'
              ? 'an object without a string "id"'
              : 'an object without a string "@odata.type"';
      throw new GraphRequestError({
        kind: 'response',
        method: 'GET',
        path,
        graphMessage: `the answer is ${what}, not a device configuration`,
        redactor: this.client.redactor,
      });
    }
    return entity as ProfileWithAssignments;
  }

  /**
   * The root each SCEP profile links to, read in $batch requests of 20. A profile without a root
   * reads as `rootId: undefined`; a failure is reported for that profile alone.
   */
  async rootLinks(profiles: readonly { id: string; '@odata.type': string }[]): Promise<Map<string, RootLink>> {
    const requests = profiles.map((p, i) => ({
      id: String(i),
      method: 'GET' as const,
      url: `${CONFIGURATIONS}/${encodeURIComponent(p.id)}/${p['@odata.type'].slice(1)}/rootCertificate?$select=id`,
    }));
    const results = await this.client.batch(requests);
    const out = new Map<string, RootLink>();
    profiles.forEach((p, i) => {
      const r = results.get(String(i)) as BatchResult;
      if (r.ok) out.set(p.id, { ok: true, rootId: (r.body as { id?: string } | undefined)?.id });
      // The profile came from the list a moment ago: a 404 on its root navigation means no root.
      else if (r.error.status === 404) out.set(p.id, { ok: true, rootId: undefined });
      else out.set(p.id, { ok: false, error: r.error });
    });
    return out;
  }

  /**
   * How many devices and users hold each profile: successCount of its deviceStatusOverview and
   * userStatusOverview, read in $batch requests. A count Graph does not give is left out, with why.
   */
  async statusOverviews(
    ids: readonly string[],
  ): Promise<Map<string, { devices?: number; users?: number; reportedAt?: string; unavailable?: string }>> {
    const kinds = [
      ['devices', 'deviceStatusOverview'],
      ['users', 'userStatusOverview'],
    ] as const;
    const requests = ids.flatMap((id, i) =>
      kinds.map(([k, nav]) => ({ id: `${i}-${k}`, method: 'GET' as const, url: `${CONFIGURATIONS}/${encodeURIComponent(id)}/${nav}` })),
    );
    const results = await this.client.batch(requests);
    const out = new Map<string, { devices?: number; users?: number; reportedAt?: string; unavailable?: string }>();
    ids.forEach((id, i) => {
      const o: { devices?: number; users?: number; reportedAt?: string; unavailable?: string } = {};
      for (const [k] of kinds) {
        const r = results.get(`${i}-${k}`) as BatchResult;
        const body = r.ok ? (r.body as { successCount?: unknown; lastUpdateDateTime?: unknown } | undefined) : undefined;
        if (r.ok && typeof body?.successCount === 'number' && Number.isInteger(body.successCount) && body.successCount >= 0) {
          o[k] = body.successCount;
          if (typeof body.lastUpdateDateTime === 'string' && !body.lastUpdateDateTime.startsWith('0001-'))
            o.reportedAt = body.lastUpdateDateTime;
        } else
          o.unavailable ??= r.ok
            ? `the ${k === 'devices' ? 'deviceStatusOverview' : 'userStatusOverview'} answer has no successCount`
            : `reading it answered ${r.error.status ?? 'an error'}`;
      }
      out.set(id.toLowerCase(), o);
    });
    return out;
  }

  create(body: Record<string, unknown> & { '@odata.type': string; displayName: string }): Promise<GraphEntity> {
    return this.client.create(CONFIGURATIONS, body);
  }

  /** PATCH the changed properties; the body carries the object's own @odata.type, as Graph requires. */
  update(id: string, odataType: string, changes: Record<string, unknown>): Promise<void> {
    return this.client.patch(`${CONFIGURATIONS}/${encodeURIComponent(id)}`, { '@odata.type': odataType, ...changes });
  }

  delete(id: string): Promise<void> {
    return this.client.delete(`${CONFIGURATIONS}/${encodeURIComponent(id)}`);
  }

  /** Point a SCEP profile at another trusted root. */
  setRoot(id: string, scepOdataType: string, rootId: string): Promise<void> {
    return this.client.put(`${CONFIGURATIONS}/${encodeURIComponent(id)}/${scepOdataType.slice(1)}/rootCertificate/$ref`, {
      '@odata.id': configurationUrl(rootId, this.client.baseUrl),
    });
  }

  /** Replace the whole assignment set (Graph's `assign`). */
  async assign(
    id: string,
    body: { assignments: readonly { target: object }[] },
  ): Promise<{ id: string; target: Record<string, unknown> }[]> {
    const r = await this.client.postIdempotent<{ value?: { id: string; target: Record<string, unknown> }[] }>(
      `${CONFIGURATIONS}/${encodeURIComponent(id)}/assign`,
      body,
    );
    return r?.value ?? [];
  }

  async assignments(id: string): Promise<{ id: string; target: Record<string, unknown> }[]> {
    return this.client.list(`${CONFIGURATIONS}/${encodeURIComponent(id)}/assignments`);
  }
}
