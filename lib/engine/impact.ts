/**
 * Certificate impact: what a plan does to the certificates on devices, and how many devices and users
 * hold the profile now (Graph's deviceStatusOverview / userStatusOverview), for reviewers and for a
 * pipeline's threshold.
 *
 * | change                                              | effect    | Intune                                    |
 * |-----------------------------------------------------|-----------|-------------------------------------------|
 * | SCEP profile updated (beyond name, description,     | reissue   | revokes and reissues the certificate on   |
 * | scope tags)                                         |           | every device that has it                  |
 * | SCEP profile replaced                               | reissue   | devices enroll with the new profile; the  |
 * |                                                     |           | old profile's certificates are removed    |
 * | SCEP profile deleted                                | remove    | removes (and may revoke) its certificates |
 * | assignment of a SCEP profile: targets removed,      | remove    | devices that fall out lose the            |
 * | groups excluded, filters added or changed           |           | certificate                               |
 * | assignment of a trusted root: the same              | remove    | devices that fall out lose the root; the  |
 * |                                                     |           | SCEP certificates chained to it fail      |
 * | assignment set moved to another profile             | remove    | the old profile's devices lose it         |
 * | trusted root: certificate changed in place, or the  | remove    | every SCEP profile chained to it (in the  |
 * | root replaced                                       |           | stack or not): its certificates stop      |
 * |                                                     |           | chaining to a root devices trust          |
 * A profile whose own change already says what happens to its certificates is not named again for
 * its root. Pure: the caller reads the overviews and the root links (plan.ts) and passes them in.
 *
 * On platforms whose certificates Intune neither reports nor revokes (PlatformInfo.certificatesReported:
 * the "Device Owner" profiles, AOSP and Android Enterprise fully managed, dedicated and corporate-owned
 * work profile), the words say so ("removed, not revoked") and the entry carries `unreported` (why)
 * instead of counts: Graph's overview of such a profile counts nothing, which is not "0 devices".
 */
import { diagnostic, type Diagnostic } from '../rules';
import { PLATFORM_TABLE, isPlatform, platformOfODataType, unreportedReason, type Platform } from '../schema';
import { destroys, isReplace, type CertificateImpact, type PriorState, type ResourceChange, type AttributeView } from './model';

/** What Graph reports for one profile; undefined counts: not reported (the reason says why). */
export interface StatusOverview {
  readonly devices?: number;
  readonly users?: number;
  readonly reportedAt?: string;
  readonly unavailable?: string;
}

/** Changes to these alone never touch certificates. */
const METADATA = new Set(['display_name', 'description', 'role_scope_tag_ids']);

/** A change's effect on certificates, before the counts are read (the counts are `profileId`'s). */
export interface ImpactFinding {
  readonly change: ResourceChange;
  readonly profileId: string;
  readonly profileAddress: string;
  readonly effect: CertificateImpact['effect'];
  readonly what: string;
  /** Why Intune does not report who holds the profile's certificates (a platform fact); the counts are not read then. */
  readonly unreported?: string;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))) : []);

/** What an assignment change takes away from devices, in words; undefined when it only adds. */
function narrowing(before: AttributeView | null, after: AttributeView | null, group: (id: string) => string): string | undefined {
  if (!before) return undefined;
  if (!after) return 'the assignment set is removed';
  if (String(after.profile_id).toLowerCase() !== String(before.profile_id).toLowerCase()) return 'the assignment set moves to another profile';
  const parts: string[] = [];
  const removed = list(before.include_group_ids).filter((g) => !list(after.include_group_ids).includes(g));
  if (removed.length) parts.push(`group${removed.length > 1 ? 's' : ''} ${removed.map(group).join(', ')} removed`);
  const excluded = list(after.exclude_group_ids).filter((g) => !list(before.exclude_group_ids).includes(g));
  if (excluded.length) parts.push(`group${excluded.length > 1 ? 's' : ''} ${excluded.map(group).join(', ')} excluded`);
  if (before.all_users === true && after.all_users !== true) parts.push('all users removed');
  if (before.all_devices === true && after.all_devices !== true) parts.push('all devices removed');
  const had = new Set(list(before.filters));
  const filters = (Array.isArray(after.filters) ? (after.filters as { target: string; mode: string }[]) : []).filter((f) => !had.has(JSON.stringify(f)));
  if (filters.length) parts.push(`filter${filters.length > 1 ? 's' : ''} added or changed (${filters.map((f) => `${f.mode} on ${f.target.startsWith('all_') ? f.target : group(f.target)}`).join(', ')})`);
  return parts.length ? parts.join('; ') : undefined;
}

/** Group names the plan resolved (name → id), for saying which group rather than its id. */
type GroupNames = Readonly<Record<string, string>>;

/** A SCEP profile whose root is a given trusted root: its id and how to name it. */
export interface ChainedProfile {
  readonly id: string;
  /** Its address in the stack, or `"Name" (id, not in this stack)`. */
  readonly name: string;
  /** Its Graph `@odata.type` (the platform, for what Intune reports and revokes there). */
  readonly odataType?: string;
}

/** What Intune does with the certificates of a SCEP profile of `platform` (undefined: not known). */
function certificatesOf(platform: Platform | undefined): { unreported?: string; notRevoked?: string } {
  const reason = platform ? unreportedReason(platform) : undefined;
  if (!platform || reason === undefined) return {};
  return { unreported: reason, notRevoked: `Intune does not revoke certificates on ${PLATFORM_TABLE[platform].label} devices (revoke them at the CA)` };
}

const platformIn = (attrs: Readonly<Record<string, unknown>> | null | undefined): Platform | undefined => (isPlatform(attrs?.platform) ? attrs.platform : undefined);

/** What each change does to certificates (pure; plan.ts reads the counts of the profiles named). */
export function findImpact(changes: readonly ResourceChange[], prior: PriorState, groups: GroupNames = {}, chainedTo: (rootId: string) => readonly ChainedProfile[] = () => []): ImpactFinding[] {
  const nameOf = new Map(Object.entries(groups).map(([n, id]) => [id.toLowerCase(), n]));
  const group = (id: string) => (nameOf.has(id.toLowerCase()) ? `"${nameOf.get(id.toLowerCase())}"` : id);
  const addressOfId = new Map(Object.entries(prior.resources).filter(([, r]) => r.type !== 'intune_profile_assignment').map(([a, r]) => [r.id.toLowerCase(), { address: a, type: r.type }]));
  const destroyed = new Set(changes.filter(destroys).map((c) => c.id.toLowerCase()));
  const out: ImpactFinding[] = [];
  for (const c of changes) {
    if (c.action === 'no-op' || c.action === 'read' || c.action === 'create') continue;
    if (c.type === 'intune_scep_certificate_profile') {
      const { unreported, notRevoked } = certificatesOf(platformIn(c.before) ?? platformIn(prior.resources[c.address]?.attrs));
      const base = { change: c, profileId: c.id, profileAddress: c.address, ...(unreported ? { unreported } : {}) };
      if (c.action === 'delete') {
        if (c.deposed) continue;
        out.push({ ...base, effect: 'remove', what: notRevoked ? `deleted: Intune removes the certificates it issued from every device that has it, but they stay valid: ${notRevoked}; Wi-Fi, VPN or 802.1X connections that use them stop working` : 'deleted: Intune removes the certificates it issued from every device that has it (they may be revoked), and Wi-Fi, VPN or 802.1X connections that use them stop working' });
      } else if (c.action === 'update') {
        const paths = c.changedPaths.map((p) => String(p[0])).filter((p) => !METADATA.has(p));
        if (paths.length === 0) continue;
        out.push({ ...base, effect: 'reissue', what: notRevoked ? `changed in place (${paths.join(', ')}): every device that has it gets a new certificate, and the old ones stay valid: ${notRevoked}; connections that use it drop until the device has the new one` : `changed in place (${paths.join(', ')}): Intune revokes and reissues the certificate on every device that has it; connections that use it drop until the device has the new one` });
      } else {
        out.push({ ...base, effect: 'reissue', what: notRevoked ? `replaced: every device that has it requests a certificate from the new profile, and the old profile's certificates are removed but stay valid: ${notRevoked}` : 'replaced: every device that has it requests a certificate from the new profile, and the old profile\'s certificates are removed (and may be revoked)' });
      }
    } else if (c.type === 'intune_profile_assignment') {
      const before = c.before;
      const profileId = String(before?.profile_id ?? c.id).toLowerCase();
      if (destroyed.has(profileId)) continue; // the profile's own change says it
      const profile = addressOfId.get(profileId);
      const how = narrowing(before, c.action === 'delete' ? null : c.after, group);
      if (!how || !profile) continue;
      const root = profile.type === 'intune_trusted_root_certificate';
      const { unreported, notRevoked } = root ? {} : certificatesOf(platformIn(prior.resources[profile.address]?.attrs));
      out.push({
        change: c,
        profileId,
        profileAddress: profile.address,
        effect: 'remove',
        what: `${how}: devices that fall out of the assignment lose ${root ? `the trusted root ${profile.address}, and SCEP certificates that chain to it stop being trusted` : `the certificate of ${profile.address}${notRevoked ? ` (removed, not revoked: ${notRevoked})` : ''}`}`,
        ...(unreported ? { unreported } : {}),
      });
    }
  }
  // Roots whose certificate changes or that are replaced: every profile chained to them, unless its
  // own change already said what happens to its certificates.
  const said = new Set(out.map((f) => f.profileId.toLowerCase()));
  for (const c of changes) {
    if (c.type !== 'intune_trusted_root_certificate' || !(c.action === 'update' || isReplace(c.action)) || c.id === undefined) continue;
    const certificate = c.changedPaths.some((p) => p[0] === 'certificate');
    if (c.action === 'update' && !certificate) continue;
    for (const p of chainedTo(c.id)) {
      if (said.has(p.id.toLowerCase())) continue;
      said.add(p.id.toLowerCase());
      const how = certificate ? `its certificate changes${c.action === 'update' ? ' in place' : ''}` : `it is replaced${c.reason ? ` (${c.reason})` : ''}`;
      const { unreported } = certificatesOf(p.odataType ? platformOfODataType(p.odataType)?.platform : undefined);
      out.push({ change: c, profileId: p.id, profileAddress: p.name, effect: 'remove', ...(unreported ? { unreported } : {}), what: `the trusted root ${c.address}, which ${p.name} chains to, ${how}: devices that have ${p.name} hold certificates that no longer chain to a root they trust, until they get new ones` });
    }
  }
  return out;
}

/** The plan's impact entries: the findings with the counts Graph reported for each profile. */
export function withCounts(findings: readonly ImpactFinding[], overviews: ReadonlyMap<string, StatusOverview>): CertificateImpact[] {
  return findings.map((c) => {
    if (c.unreported !== undefined) return { address: c.change.address, profile: c.profileAddress, effect: c.effect, detail: c.what, unreported: c.unreported };
    const o = overviews.get(c.profileId.toLowerCase());
    return {
      address: c.change.address,
      profile: c.profileAddress,
      effect: c.effect,
      detail: c.what,
      ...(o?.devices !== undefined ? { devices: o.devices } : {}),
      ...(o?.users !== undefined ? { users: o.users } : {}),
      ...(o?.reportedAt !== undefined ? { reportedAt: o.reportedAt } : {}),
      ...(o?.unavailable !== undefined ? { unavailable: o.unavailable } : {}),
    };
  });
}

/** findImpact and withCounts in one (for callers that have the counts already). */
export function certificateImpact(changes: readonly ResourceChange[], prior: PriorState, overviews: ReadonlyMap<string, StatusOverview>, groups: GroupNames = {}, chainedTo?: (rootId: string) => readonly ChainedProfile[]): CertificateImpact[] {
  return withCounts(findImpact(changes, prior, groups, chainedTo), overviews);
}

/** A pipeline's limits: a plan that affects more devices (users) than these is refused. */
export interface ImpactLimits {
  readonly devices?: number;
  readonly users?: number;
  /**
   * Accept changes to profiles whose certificates Intune does not report (a platform fact), knowingly:
   * they are left out of the counts instead of refusing the plan (--accept-unreported-impact).
   */
  readonly acceptUnreported?: boolean;
}

/**
 * plan/impact-over-threshold: the devices (users) holding the profiles a plan touches, each profile
 * counted once, above the limit; or a count Graph did not report while a limit is set (unknown is
 * not under the limit). plan/impact-unreported: with a limit set, a profile on a platform whose
 * certificates Intune does not report, unless the limits accept that.
 */
export function checkImpact(impact: readonly CertificateImpact[], limits: ImpactLimits): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byProfile = new Map<string, CertificateImpact>();
  for (const i of impact) if (!byProfile.has(i.profile)) byProfile.set(i.profile, i);
  const set = (['devices', 'users'] as const).filter((k) => limits[k] !== undefined);
  const unreported = [...byProfile.values()].filter((i) => i.unreported !== undefined);
  if (set.length > 0 && unreported.length > 0 && !limits.acceptUnreported) {
    const flags = set.map((k) => `--max-impact-${k} ${limits[k]}`).join(' and ');
    const one = unreported.length === 1;
    out.push(diagnostic('plan/impact-unreported', unreported[0]?.address ?? '', [], `the plan changes certificates of ${unreported.map((i) => i.profile).join(', ')}, and nobody can say how many devices or users hold ${one ? 'it' : 'them'}: ${[...new Set(unreported.map((i) => i.unreported))].join('; ')}. With ${flags} set, an unreported count is refused. Review the plan, then run again with --accept-unreported-impact to accept ${one ? 'this profile' : 'these profiles'} knowingly (the limits still apply to every profile Intune reports).`));
  }
  for (const i of unreported) byProfile.delete(i.profile);
  for (const kind of ['devices', 'users'] as const) {
    const limit = limits[kind];
    if (limit === undefined) continue;
    const unknown = [...byProfile.values()].filter((i) => i[kind] === undefined);
    if (unknown.length > 0) {
      out.push(diagnostic('plan/impact-over-threshold', unknown[0]?.address ?? '', [], `the plan changes certificates of ${unknown.map((i) => i.profile).join(', ')}, but Graph did not report how many ${kind} hold ${unknown.length === 1 ? 'it' : 'them'} (${unknown[0]?.unavailable ?? 'no count'}); with --max-impact-${kind} ${limit} set, an unknown count is refused. Check the app's DeviceManagementConfiguration.Read.All permission, or review the plan and apply without the limit.`));
      continue;
    }
    const total = [...byProfile.values()].reduce((n, i) => n + (i[kind] ?? 0), 0);
    if (total > limit) {
      const parts = [...byProfile.values()].map((i) => `${i.profile}: ${i[kind]}`).join(', ');
      out.push(diagnostic('plan/impact-over-threshold', [...byProfile.values()][0]?.address ?? '', [], `the plan changes certificates held by ${total} ${kind} (${parts}), more than --max-impact-${kind} ${limit}. Split the change (a pilot group first), or raise the limit for this run after review.`));
    }
  }
  return out;
}
