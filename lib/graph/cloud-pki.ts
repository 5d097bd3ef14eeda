/**
 * Microsoft Cloud PKI certification authorities over GraphClient (beta): create one without ever
 * making two, wait (bounded, with progress) until a new CA is active, read its certificate, and take
 * one down in the order Intune requires: an issuing CA is paused, its active leaf certificates
 * revoked (only when the caller says so: that breaks every device holding one), the CA revoked, then
 * deleted; a root CA only once no issuing CA is anchored to it. The rules and their sources are in
 * graph-facts/cloud-pki.ts.
 *
 * Each status step reads the CA first and does only what is left, so a run stopped half way (or a
 * retried request that had applied) carries on where it stopped.
 */
import type * as G from '@microsoft/microsoft-graph-types-beta';
import { CLOUD_PKI_COLLECTION } from '../graph-facts';
import { DiagnosticError } from '../rules';
import type { GraphClient, GraphEntity } from './client';
import { GraphRequestError } from './errors';
import { CLOUD_CA_ODATA_TYPE, type CloudCa } from './mapping/authorities';

/** Graph ids are GUIDs: the same id in any case. */
const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export interface WaitOptions {
  /** Give up after this long (default 10 minutes). */
  timeoutMs?: number;
  /** Called before each wait, with the time waited so far. */
  onProgress?: (ca: CloudCa, waitedMs: number) => void;
}

/** First wait, and the most between two reads of a CA being created. */
const FIRST_WAIT_MS = 1_000;
const MAX_WAIT_MS = 30_000;

const caPath = (id: string) => `${CLOUD_PKI_COLLECTION}/${encodeURIComponent(id)}`;

export class CloudPkiApi {
  constructor(readonly client: GraphClient) {}

  /** One CA; an answer that is not one is a GraphRequestError. */
  async get(id: string): Promise<CloudCa> {
    const ca = await this.client.get<unknown>(caPath(id));
    const e = ca as Partial<CloudCa> | null;
    const why =
      !e || typeof e !== 'object' || typeof e.id !== 'string' || e['@odata.type'] !== CLOUD_CA_ODATA_TYPE
        ? `the answer is not a ${CLOUD_CA_ODATA_TYPE.slice(1)}`
        : !sameId(e.id, id)
          ? `the answer is another CA (${e.id})`
          : undefined;
    if (why) throw new GraphRequestError({ kind: 'response', method: 'GET', path: caPath(id), graphMessage: why });
    return e as CloudCa;
  }

  list(): Promise<CloudCa[]> {
    return this.client.list<CloudCa>(CLOUD_PKI_COLLECTION);
  }

  /**
   * CAs that may be anchored to a root: every other CA naming it as issuer (ids compared without case),
   * or naming no issuer but the root's common name as theirs (when in doubt, the root is not alone).
   */
  async anchoredTo(root: CloudCa): Promise<CloudCa[]> {
    const all = await this.list();
    return all.filter((ca) => {
      if (sameId(ca.id, root.id)) return false;
      const issuer = ca.certificationAuthorityIssuerId;
      if (typeof issuer === 'string' && issuer !== '') return sameId(issuer, root.id);
      return ca.cloudCertificationAuthorityType !== 'rootCertificationAuthority' && ca.rootCertificateCommonName === root.commonName;
    });
  }

  /** Creates a CA (never two, as GraphClient.create does for profiles); it is not active yet: waitUntilActive. */
  async create(body: (G.CloudCertificationAuthority | Record<string, unknown>) & { displayName: string }): Promise<CloudCa> {
    return (await this.client.create(CLOUD_PKI_COLLECTION, { ...body, '@odata.type': CLOUD_CA_ODATA_TYPE })) as unknown as CloudCa;
  }

  /** Reads the CA until it is active: waits 1 s, 2 s, 4 s ... up to 30 s between reads, `timeoutMs` in all. */
  async waitUntilActive(id: string, o: WaitOptions = {}): Promise<CloudCa> {
    const timeout = o.timeoutMs ?? 10 * 60_000;
    const clock = this.client.clock;
    const started = clock.now();
    for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, MAX_WAIT_MS)) {
      const ca = await this.get(id);
      const status = ca.certificationAuthorityStatus;
      if (status === 'active') return ca;
      if (status !== 'unknown' && status !== undefined)
        throw new DiagnosticError(
          'cloud-pki/not-active',
          'A certification authority did not become active',
          `The Cloud PKI CA '${ca.displayName}' (${id}) is ${status}, not active: only an active CA issues certificates. Look at it in the Intune admin center (Tenant administration > Cloud PKI).`,
        );
      const waited = clock.now() - started;
      if (waited >= timeout)
        throw new DiagnosticError(
          'cloud-pki/not-active',
          'A certification authority is still being created',
          `The Cloud PKI CA '${ca.displayName}' (${id}) is still being created after ${Math.round(waited / 1000)} s. Nothing is lost: run again to wait for it.`,
        );
      o.onProgress?.(ca, waited);
      await clock.sleep(Math.min(wait, timeout - waited));
    }
  }

  /** Renames it, or changes its description or scope tags: all a CA lets change. */
  async update(id: string, body: { displayName?: string; description?: string | null; roleScopeTagIds?: string[] }): Promise<void> {
    await this.client.patch(caPath(id), body);
  }

  /** Leaf certificates of a CA that devices may still hold: all but those revoked or expired. */
  async activeLeaves(id: string): Promise<GraphEntity[]> {
    const leaves = await this.client.list<GraphEntity>(`${caPath(id)}/cloudCertificationAuthorityLeafCertificate`);
    return leaves.filter((l) => l.certificateStatus !== 'revoked' && l.certificateStatus !== 'expired');
  }

  /**
   * Takes a CA down in Intune's order and deletes it. An issuing CA with active leaf certificates is
   * refused unless `revokeLeaves` (each device holding one loses it); a root with issuing CAs is refused.
   */
  async decommission(id: string, o: { revokeLeaves: boolean; onProgress?: (line: string) => void }): Promise<{ revokedLeaves: number }> {
    let ca = await this.get(id);
    const name = `'${ca.displayName}' (${id})`;
    const type = ca.cloudCertificationAuthorityType;
    if (type !== 'rootCertificationAuthority' && type !== 'issuingCertificationAuthority')
      throw new DiagnosticError(
        'cloud-pki/unknown-type',
        'A certification authority of a kind intune-scep does not take down',
        `The Cloud PKI CA ${name} is of type ${String(type)}; intune-scep takes down root and issuing CAs only, and changed nothing. Use the Intune admin center.`,
      );
    if (type === 'rootCertificationAuthority') {
      const anchored = await this.anchoredTo(ca);
      if (anchored.length > 0)
        throw new DiagnosticError(
          'cloud-pki/anchored',
          'A root CA still has issuing CAs',
          `The Cloud PKI root CA ${name} has issuing CAs anchored to it (${anchored.map((a) => `'${a.displayName}'`).join(', ')}); Intune deletes a root only after them. Nothing was changed.`,
        );
      await this.client.delete(caPath(id));
      return { revokedLeaves: 0 };
    }
    let revokedLeaves = 0;
    if (ca.certificationAuthorityStatus === 'active') {
      o.onProgress?.(`pausing the CA ${name}`);
      ca = await this.step(id, 'changeCloudCertificationAuthorityStatus', { certificationAuthorityStatus: 'paused' }, 'paused');
    }
    if (ca.certificationAuthorityStatus === 'paused') {
      const leaves = await this.activeLeaves(id);
      if (leaves.length > 0 && !o.revokeLeaves)
        throw new DiagnosticError(
          'cloud-pki/active-leaves',
          'A CA still has active certificates',
          `The Cloud PKI CA ${name} has ${leaves.length} active leaf certificates; taking it down revokes them all. It was paused and is left so (resume it in the admin center, or allow revoking its certificates).`,
        );
      for (const leaf of leaves) {
        await this.client.postIdempotent(`${caPath(id)}/revokeLeafCertificate`, { leafCertificateId: leaf.id });
        revokedLeaves++;
      }
      if (leaves.length > 0) o.onProgress?.(`revoked ${leaves.length} leaf certificates of ${name}`);
      o.onProgress?.(`revoking the CA ${name}`);
      ca = await this.step(
        id,
        'revokeCloudCertificationAuthorityCertificate',
        { certificationAuthorityVersion: ca.versionNumber ?? 1 },
        'revoked',
      );
    }
    if (ca.certificationAuthorityStatus !== 'revoked')
      throw new DiagnosticError(
        'cloud-pki/not-active',
        'A certification authority cannot be taken down',
        `The Cloud PKI CA ${name} is ${String(ca.certificationAuthorityStatus)}; Intune deletes an issuing CA only once it is paused and revoked.`,
      );
    await this.client.delete(caPath(id));
    return { revokedLeaves };
  }

  /**
   * One status action, then the CA as it is. A refusal after an attempt that had applied (the CA is
   * already where the action takes it) is that action done.
   */
  private async step(id: string, action: string, body: Record<string, unknown>, reaches: string): Promise<CloudCa> {
    try {
      await this.client.postIdempotent(`${caPath(id)}/${action}`, body);
    } catch (e) {
      if (!(e instanceof GraphRequestError) || e.status !== 400) throw e;
      const now = await this.get(id);
      if (now.certificationAuthorityStatus !== reaches) throw e;
    }
    return this.get(id);
  }
}
