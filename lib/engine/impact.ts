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
 * | SCEP profile deleted (a deposed one too)            | remove    | removes (and may revoke) its certificates |
 * | assignment set changed, removed, or moved to        | remove    | devices that fall out lose the            |
 * | another profile: targets removed, groups excluded,  |           | certificate                               |
 * | filters added or changed                            |           |                                           |
 * | assignment set created: an exclusive one replaces   | remove    | the same, for the profile's current       |
 * | the profile's current assignments                   |           | assignments                               |
 * | assignment of a trusted root: the same              | remove    | devices that fall out lose the root; the  |
 * |                                                     |           | SCEP certificates chained to it fail      |
 * | trusted root: certificate changed in place, or the  | remove    | every SCEP profile chained to it (in the  |
 * | root replaced                                       |           | stack or not): its certificates stop      |
 * |                                                     |           | chaining to a root devices trust          |
 *
 * What an assignment change takes away is worked out as apply writes it (operations.ts): from the
 * assignments the profile has now in the tenant to what the set leaves (exclusive: exactly its
 * targets; not exclusive: its targets added, or on removal its own targets taken out). A profile whose
 * own change already says what happens to its certificates is not named again for its root or its
 * assignments. Profiles are judged by what the tenant says they are (their `@odata.type`), so a
 * profile adopted by an import block, outside the stack or deposed is counted like any other.
 *
 * Unknown is never "none": a SCEP profile whose root link cannot be read may chain to the root that
 * changes, and is named as such, without a count (`unavailable`), which a limit refuses.
 *
 * On platforms whose certificates Intune neither reports nor revokes (PlatformInfo.certificatesReported:
 * the "Device Owner" profiles, AOSP and Android Enterprise fully managed, dedicated and corporate-owned
 * work profile), the words say so and the entry carries `unreported` (why) instead of counts: Microsoft
 * says certificate reporting isn't available there, so we treat the holders as unknown, never as the
 * "0" an overview may show. A trusted root of such a platform stands for the SCEP profiles chained to
 * it. Pure: the caller reads the tenant, the overviews and the root links (plan.ts) and passes them in.
 */
import { normaliseFilters, type TargetFilter } from '../graph';
import { diagnostic, type Diagnostic } from '../rules';
import { PLATFORM_TABLE, familyOf, isPlatform, platformOfODataType, unreportedReason, type Platform } from '../schema';
import {
  KNOWN_AFTER_APPLY,
  destroys,
  isReplace,
  type CertificateImpact,
  type PriorState,
  type ResourceChange,
  type AttributeView,
} from './model';
import { targetKeys, targetsOfConfig } from './assignment-targets';

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
  /** Why no count can be said (a root link that could not be read); the counts are not read then. */
  readonly unavailable?: string;
}

/**
 * A profile or trusted root as the tenant holds it (refresh's list): the source of its platform and
 * its name when the stack does not hold it, whatever state or the stack say.
 */
export interface TenantProfile {
  readonly id: string;
  readonly odataType: string;
  readonly displayName: string;
  /** Its assignments now, as an assignment set's view (diff.ts assignmentView, `profile_id` included). */
  readonly assignments: AttributeView;
}

/** A SCEP profile of the tenant chained to a trusted root; `unreadable` (why): its root link could not be read, so it may be. */
export interface ChainedProfile {
  readonly id: string;
  readonly unreadable?: string;
}

/** What findImpact reads besides the changes and the prior state (plan.ts reads them from the tenant). */
export interface ImpactContext {
  /** The tenant's SCEP profiles and trusted roots, by id in lower case. */
  readonly tenant?: ReadonlyMap<string, TenantProfile>;
  /** Group names the plan resolved (name → id): the stack's and those of sets it removes. */
  readonly groups?: Readonly<Record<string, string>>;
  /** More group names (id in lower case → name), for the groups a change takes away; display only. */
  readonly groupNames?: ReadonlyMap<string, string>;
  /** The SCEP profiles chained to a trusted root, for the roots `rootsToChain` names. */
  readonly chainedTo?: (rootId: string) => readonly ChainedProfile[];
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))) : []);
const filtersOf = (v: AttributeView): TargetFilter[] => (Array.isArray(v.filters) ? (v.filters as TargetFilter[]) : []);
const lower = (ids: readonly string[]) => ids.map((x) => x.toLowerCase());

/** A profile left without assignments. */
const NONE: AttributeView = { include_group_ids: [], exclude_group_ids: [], all_users: false, all_devices: false };

/**
 * What a profile's assignments become when a set is written to it, as apply writes it
 * (operations.ts setAssignments): exclusive, exactly the set's targets; not exclusive, the set's
 * targets added to what the profile has, its own targets taking its filters.
 */
function written(current: AttributeView, set: AttributeView, exclusive: boolean): AttributeView {
  if (exclusive) return set;
  const own = targetKeys({
    include_group_ids: list(set.include_group_ids),
    exclude_group_ids: list(set.exclude_group_ids),
    all_users: set.all_users === true,
    all_devices: set.all_devices === true,
  });
  const filters = normaliseFilters([...filtersOf(current).filter((f) => !own.has(f.target)), ...filtersOf(set)]);
  return {
    include_group_ids: [...new Set([...lower(list(current.include_group_ids)), ...lower(list(set.include_group_ids))])],
    exclude_group_ids: [...new Set([...lower(list(current.exclude_group_ids)), ...lower(list(set.exclude_group_ids))])],
    all_users: current.all_users === true || set.all_users === true,
    all_devices: current.all_devices === true || set.all_devices === true,
    ...(filters ? { filters } : {}),
  };
}

/**
 * What a profile's assignments become when a set is removed from it, as apply removes it
 * (operations.ts removeAssignments): exclusive, nothing; not exclusive, the set's own targets
 * (`ours`, from the config recorded at the last apply) taken out.
 */
function removed(current: AttributeView, ours: AttributeView, exclusive: boolean): AttributeView {
  if (exclusive) return NONE;
  const inc = new Set(lower(list(ours.include_group_ids)));
  const exc = new Set(lower(list(ours.exclude_group_ids)));
  const own = targetKeys({
    include_group_ids: list(ours.include_group_ids),
    exclude_group_ids: list(ours.exclude_group_ids),
    all_users: ours.all_users === true,
    all_devices: ours.all_devices === true,
  });
  const filters = normaliseFilters(filtersOf(current).filter((f) => !own.has(f.target)));
  return {
    include_group_ids: list(current.include_group_ids).filter((g) => !inc.has(g.toLowerCase())),
    exclude_group_ids: list(current.exclude_group_ids).filter((g) => !exc.has(g.toLowerCase())),
    all_users: current.all_users === true && ours.all_users !== true,
    all_devices: current.all_devices === true && ours.all_devices !== true,
    ...(filters ? { filters } : {}),
  };
}

/** What going from assignments `before` to `after` takes away from devices, in words; undefined when nothing. */
function narrowing(before: AttributeView, after: AttributeView, group: (id: string) => string): string | undefined {
  const parts: string[] = [];
  const now = new Set(lower(list(after.include_group_ids)));
  const gone = list(before.include_group_ids).filter((g) => !now.has(g.toLowerCase()));
  if (gone.length) parts.push(`group${gone.length > 1 ? 's' : ''} ${gone.map(group).join(', ')} removed`);
  const was = new Set(lower(list(before.exclude_group_ids)));
  const excluded = list(after.exclude_group_ids).filter((g) => !was.has(g.toLowerCase()));
  if (excluded.length) parts.push(`group${excluded.length > 1 ? 's' : ''} ${excluded.map(group).join(', ')} excluded`);
  if (before.all_users === true && after.all_users !== true) parts.push('all users removed');
  if (before.all_devices === true && after.all_devices !== true) parts.push('all devices removed');
  const had = new Set(filtersOf(before).map((f) => JSON.stringify([f.target.toLowerCase(), f.filter_id.toLowerCase(), f.mode])));
  // A filter added to a target that stays, or changed: devices outside it fall out (a target that goes is said above).
  const filters = filtersOf(after).filter((f) => !had.has(JSON.stringify([f.target.toLowerCase(), f.filter_id.toLowerCase(), f.mode])));
  if (filters.length)
    parts.push(
      `filter${filters.length > 1 ? 's' : ''} added or changed (${filters.map((f) => `${f.mode} on ${f.target.startsWith('all_') ? f.target : group(f.target)}`).join(', ')})`,
    );
  return parts.length ? parts.join('; ') : undefined;
}

/** What Intune does with the certificates of a SCEP profile of `platform` (undefined: not known). */
function certificatesOf(platform: Platform | undefined): { unreported?: string; label?: string } {
  const reason = platform ? unreportedReason(platform) : undefined;
  if (!platform || reason === undefined) return {};
  return { unreported: reason, label: PLATFORM_TABLE[platform].label };
}

const platformIn = (attrs: Readonly<Record<string, unknown>> | null | undefined): Platform | undefined =>
  isPlatform(attrs?.platform) ? attrs.platform : undefined;

/** A profile or root as the impact names and judges it. */
interface Subject {
  readonly id: string;
  /** Its address in the stack, `ADDRESS (deposed object ID)`, or `"Name" (ID, not in this stack)`. */
  readonly name: string;
  readonly kind: 'scep' | 'root' | undefined;
  readonly platform: Platform | undefined;
}

/**
 * Profiles and roots by id: named by the stack (state) where it holds them, else by the tenant; their
 * kind and platform from the tenant's `@odata.type` (what the object is), else from state.
 */
function subjects(prior: PriorState, tenant: ReadonlyMap<string, TenantProfile>): (id: string) => Subject | undefined {
  const held = new Map<string, { name: string; type: string; attrs: Record<string, unknown>; config: Record<string, unknown> }>();
  for (const d of prior.deposed)
    if (familyOf(d.resource.type) === 'profile')
      held.set(d.resource.id.toLowerCase(), { name: `${d.address} (deposed object ${d.resource.id})`, ...d.resource });
  for (const [address, r] of Object.entries(prior.resources))
    if (familyOf(r.type) === 'profile') held.set(r.id.toLowerCase(), { name: address, ...r });
  return (id) => {
    const key = id.toLowerCase();
    const h = held.get(key);
    const t = tenant.get(key);
    if (!h && !t) return undefined;
    const fact = t ? platformOfODataType(t.odataType) : undefined;
    const kind = fact?.kind ?? (h ? (h.type === 'intune_trusted_root_certificate' ? 'root' : 'scep') : undefined);
    return {
      id,
      name: h?.name ?? `${JSON.stringify(String(t?.displayName))} (${t?.id ?? id}, not in this stack)`,
      kind,
      platform: fact?.platform ?? platformIn(h?.attrs) ?? platformIn(h?.config),
    };
  };
}

/**
 * The trusted roots whose chained SCEP profiles findImpact asks for: roots whose certificate changes
 * or that are replaced, and roots of platforms Intune does not report whose assignments change (their
 * devices' SCEP certificates are the impact there).
 */
export function rootsToChain(
  changes: readonly ResourceChange[],
  prior: PriorState,
  tenant: ReadonlyMap<string, TenantProfile> = new Map(),
): Set<string> {
  const subject = subjects(prior, tenant);
  const out = new Set<string>();
  for (const c of changes) {
    if (
      c.type === 'intune_trusted_root_certificate' &&
      ((c.action === 'update' && c.changedPaths.some((p) => p[0] === 'certificate')) || isReplace(c.action))
    )
      out.add(String(c.id).toLowerCase());
    if (c.type !== 'intune_profile_assignment' || c.action === 'no-op' || c.action === 'read') continue;
    for (const id of [c.id, c.after?.profile_id]) {
      const s = typeof id === 'string' && id !== KNOWN_AFTER_APPLY ? subject(id) : undefined;
      if (s?.kind === 'root' && s.platform && !PLATFORM_TABLE[s.platform].certificatesReported) out.add(s.id.toLowerCase());
    }
  }
  return out;
}

/** What each change does to certificates (pure; plan.ts reads the counts of the profiles named). */
export function findImpact(changes: readonly ResourceChange[], prior: PriorState, context: ImpactContext = {}): ImpactFinding[] {
  const { tenant = new Map<string, TenantProfile>(), groups = {}, groupNames = new Map<string, string>(), chainedTo = () => [] } = context;
  const names = new Map([...Object.entries(groups).map(([n, id]): [string, string] => [id.toLowerCase(), n]), ...groupNames]);
  const group = (id: string) => (names.has(id.toLowerCase()) ? JSON.stringify(names.get(id.toLowerCase())) : id);
  const subject = subjects(prior, tenant);
  // Profiles and roots the plan deletes or replaces: their own change says what happens to their
  // certificates (an assignment set's id is its profile's, so only theirs count here).
  const destroyed = new Set(
    changes
      .filter(destroys)
      .filter((c) => familyOf(c.type) === 'profile')
      .map((c) => c.id.toLowerCase()),
  );
  const out: ImpactFinding[] = [];

  /** Devices that fall out of `s`'s assignments (`how`) lose its certificate, or its root and what chains to it. */
  const fallOut = (c: ResourceChange, s: Subject, how: string) => {
    if (s.kind !== 'root') {
      const { unreported, label } = certificatesOf(s.platform);
      out.push({
        change: c,
        profileId: s.id,
        profileAddress: s.name,
        effect: 'remove',
        ...(unreported ? { unreported } : {}),
        what: `${how}: devices that fall out of the assignment lose the certificate of ${s.name}${label ? ` (removed from the device, not revoked: Intune cannot revoke certificates on ${label} devices; revoke them at the CA)` : ''}`,
      });
      return;
    }
    const unreportedRoot = s.platform && !PLATFORM_TABLE[s.platform].certificatesReported;
    if (!unreportedRoot) {
      out.push({
        change: c,
        profileId: s.id,
        profileAddress: s.name,
        effect: 'remove',
        what: `${how}: devices that fall out of the assignment lose the trusted root ${s.name}, and SCEP certificates that chain to it stop being trusted`,
      });
      return;
    }
    // A root of a platform Intune does not report: what its devices lose is the trust in the SCEP
    // certificates chained to it, which nobody counts either.
    const chained = chainedTo(s.id);
    for (const p of chained) {
      const ps = subject(p.id);
      if (!ps) continue;
      const { unreported } = certificatesOf(ps.platform);
      const maybe = p.unreadable ? ` may chain to it (${p.unreadable})` : ' chains to it';
      out.push({
        change: c,
        profileId: ps.id,
        profileAddress: ps.name,
        effect: 'remove',
        ...(unreported ? { unreported } : {}),
        ...(p.unreadable && !unreported ? { unavailable: p.unreadable } : {}),
        what: `${how}: devices that fall out of the assignment lose the trusted root ${s.name}; ${ps.name}${maybe}, and its certificates on those devices stop being trusted`,
      });
    }
    if (chained.length === 0)
      out.push({
        change: c,
        profileId: s.id,
        profileAddress: s.name,
        effect: 'remove',
        unreported: unreportedReason(s.platform as Platform) as string,
        what: `${how}: devices that fall out of the assignment lose the trusted root ${s.name} (no SCEP profile chains to it now)`,
      });
  };

  for (const c of changes) {
    if (c.action === 'no-op' || c.action === 'read') continue;
    if (c.type === 'intune_scep_certificate_profile') {
      if (c.action === 'create') continue;
      const s = subject(c.id);
      const { unreported, label } = certificatesOf(s?.platform ?? platformIn(c.before));
      const base = { change: c, profileId: c.id, profileAddress: s?.name ?? c.address, ...(unreported ? { unreported } : {}) };
      const notRevoked = label
        ? `Intune cannot revoke certificates on ${label} devices, so the old ones stay valid until they expire or are revoked at the CA`
        : undefined;
      if (c.action === 'delete') {
        const what = c.deposed ? 'deleted (the old object of a replacement a previous run did not finish)' : 'deleted';
        out.push({
          ...base,
          effect: 'remove',
          what: notRevoked
            ? `${what}: Intune removes the certificates it issued from every device that has it, and Wi-Fi, VPN or 802.1X connections that use them stop working; ${notRevoked}`
            : `${what}: Intune removes the certificates it issued from every device that has it (they may be revoked), and Wi-Fi, VPN or 802.1X connections that use them stop working`,
        });
      } else if (c.action === 'update') {
        const paths = c.changedPaths.map((p) => String(p[0])).filter((p) => !METADATA.has(p));
        if (paths.length === 0) continue;
        out.push({
          ...base,
          effect: 'reissue',
          what: notRevoked
            ? `changed in place (${paths.join(', ')}): every device that has it gets a new certificate, which replaces the old one on the device when it arrives; ${notRevoked}`
            : `changed in place (${paths.join(', ')}): Intune revokes and reissues the certificate on every device that has it; connections that use it drop until the device has the new one`,
        });
      } else {
        out.push({
          ...base,
          effect: 'reissue',
          what: notRevoked
            ? `replaced: every device that has it requests a certificate from the new profile, and the old profile's certificates are removed from the device; ${notRevoked}`
            : "replaced: every device that has it requests a certificate from the new profile, and the old profile's certificates are removed (and may be revoked)",
        });
      }
    } else if (c.type === 'intune_profile_assignment') {
      const exclusive = c.desired?.config.exclusive !== false;
      const held =
        Object.hasOwn(prior.resources, c.address) && prior.resources[c.address]?.id === c.id
          ? prior.resources[c.address]
          : prior.deposed.find((d) => d.address === c.address && d.resource.id === c.id)?.resource;
      const heldExclusive = held?.config.exclusive !== false;
      const ours = (): AttributeView => {
        const t = targetsOfConfig(held?.config ?? {}, { groups, filters: {} });
        return {
          include_group_ids: t.include_group_ids,
          exclude_group_ids: t.exclude_group_ids,
          all_users: t.all_users,
          all_devices: t.all_devices,
        };
      };
      const landsOn =
        c.after && typeof c.after.profile_id === 'string' && c.after.profile_id !== KNOWN_AFTER_APPLY ? c.after.profile_id : undefined;
      // The profile the set leaves or changes (its id is the set's): an update, a delete, a move.
      if (c.action !== 'create' && !destroyed.has(c.id.toLowerCase())) {
        const s = subject(c.id);
        // What the profile has now: as refresh read it, or, for a deposed set (whose `before` is what
        // state recorded), as the tenant has it.
        const before = (c.action === 'delete' && c.deposed ? tenant.get(c.id.toLowerCase())?.assignments : c.before) ?? c.before;
        if (s && before) {
          const moved = c.action !== 'delete' && landsOn?.toLowerCase() !== c.id.toLowerCase();
          const after =
            c.action === 'delete' || moved ? removed(before, ours(), heldExclusive) : written(before, c.after as AttributeView, exclusive);
          const how = narrowing(before, after, group);
          const lead =
            c.action === 'delete' ? 'the assignment set is removed' : moved ? 'the assignment set moves to another profile' : undefined;
          if (how) fallOut(c, s, lead ? `${lead} (${how})` : how);
        }
      }
      // The profile a set is written to for the first time (a create, or the new profile of a move):
      // an exclusive set replaces the assignments it has now.
      const first = c.action === 'create' || (isReplace(c.action) && landsOn?.toLowerCase() !== c.id.toLowerCase());
      if (first && landsOn && !destroyed.has(landsOn.toLowerCase())) {
        const s = subject(landsOn);
        const current = tenant.get(landsOn.toLowerCase())?.assignments;
        if (s && current) {
          const how = narrowing(current, written(current, c.after as AttributeView, exclusive), group);
          if (how)
            fallOut(
              c,
              s,
              exclusive ? `the new assignment set replaces the profile's assignments (${how})` : `the new assignment set (${how})`,
            );
        }
      }
    }
  }
  // Roots whose certificate changes or that are replaced: every profile chained to them, unless its
  // own change already said what happens to its certificates.
  const said = new Set(out.map((f) => f.profileId.toLowerCase()));
  for (const c of changes) {
    if (c.type !== 'intune_trusted_root_certificate' || !(c.action === 'update' || isReplace(c.action))) continue;
    const certificate = c.changedPaths.some((p) => p[0] === 'certificate');
    if (c.action === 'update' && !certificate) continue;
    for (const p of chainedTo(String(c.id))) {
      if (said.has(p.id.toLowerCase())) continue;
      said.add(p.id.toLowerCase());
      const s = subject(p.id);
      const name = s?.name ?? p.id;
      const how = certificate
        ? `certificate changes${c.action === 'update' ? ' in place' : ''}`
        : `replaced${c.reason ? ` (${c.reason})` : ''}`;
      const { unreported } = certificatesOf(s?.platform);
      const chain = p.unreadable
        ? `${name} may chain to it (${p.unreadable}); if it does, devices that have it`
        : `devices that have ${name}`;
      out.push({
        change: c,
        profileId: p.id,
        profileAddress: name,
        effect: 'remove',
        ...(unreported ? { unreported } : {}),
        ...(p.unreadable && !unreported ? { unavailable: p.unreadable } : {}),
        what: `${how}: ${chain} hold certificates that no longer chain to a root they trust, until they get new ones`,
      });
    }
  }
  return out;
}

/** The plan's impact entries: the findings with the counts Graph reported for each profile. */
export function withCounts(findings: readonly ImpactFinding[], overviews: ReadonlyMap<string, StatusOverview>): CertificateImpact[] {
  return findings.map((c) => {
    const base = { address: c.change.address, profile: c.profileAddress, effect: c.effect, detail: c.what };
    if (c.unreported !== undefined) return { ...base, unreported: c.unreported };
    if (c.unavailable !== undefined) return { ...base, unavailable: c.unavailable };
    const o = overviews.get(c.profileId.toLowerCase());
    return {
      ...base,
      ...(o?.devices !== undefined ? { devices: o.devices } : {}),
      ...(o?.users !== undefined ? { users: o.users } : {}),
      ...(o?.reportedAt !== undefined ? { reportedAt: o.reportedAt } : {}),
      ...(o?.unavailable !== undefined ? { unavailable: o.unavailable } : {}),
    };
  });
}

/** The profiles whose counts withCounts reads: those neither unreported nor unavailable. */
export const countedProfiles = (findings: readonly ImpactFinding[]): string[] => [
  ...new Set(findings.filter((f) => f.unreported === undefined && f.unavailable === undefined).map((f) => f.profileId.toLowerCase())),
];

/** findImpact and withCounts in one (for callers that have the counts already). */
export function certificateImpact(
  changes: readonly ResourceChange[],
  prior: PriorState,
  overviews: ReadonlyMap<string, StatusOverview>,
  context: ImpactContext = {},
): CertificateImpact[] {
  return withCounts(findImpact(changes, prior, context), overviews);
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
 *
 * A profile several changes touch is judged on all its entries, never on the first: unreported if
 * any entry says so, a count unknown if any entry lacks it.
 */
export function checkImpact(impact: readonly CertificateImpact[], limits: ImpactLimits): Diagnostic[] {
  const out: Diagnostic[] = [];
  const entries = new Map<string, CertificateImpact[]>();
  for (const i of impact) entries.set(i.profile, [...(entries.get(i.profile) ?? []), i]);
  const byProfile = new Map<string, CertificateImpact>();
  for (const [profile, all] of entries) {
    const first = all[0] as CertificateImpact;
    const unreported = all.find((i) => i.unreported !== undefined);
    const count = (k: 'devices' | 'users') =>
      all.every((i) => i[k] !== undefined) ? Math.max(...all.map((i) => i[k] as number)) : undefined;
    const unavailable = all.find((i) => i.unavailable !== undefined)?.unavailable;
    const devices = count('devices');
    const users = count('users');
    byProfile.set(profile, {
      address: (unreported ?? first).address,
      profile,
      effect: first.effect,
      detail: first.detail,
      ...(unreported ? { unreported: unreported.unreported } : {}),
      ...(devices !== undefined ? { devices } : {}),
      ...(users !== undefined ? { users } : {}),
      ...(unavailable !== undefined ? { unavailable } : {}),
    });
  }
  const set = (['devices', 'users'] as const).filter((k) => limits[k] !== undefined);
  const unreported = [...byProfile.values()].filter((i) => i.unreported !== undefined);
  if (set.length > 0 && unreported.length > 0 && !limits.acceptUnreported) {
    const flags = set.map((k) => `--max-impact-${k} ${limits[k]}`).join(' and ');
    const one = unreported.length === 1;
    out.push(
      diagnostic(
        'plan/impact-unreported',
        unreported[0]?.address ?? '',
        [],
        `the plan changes certificates of ${unreported.map((i) => i.profile).join(', ')}, and nobody can say how many devices or users hold ${one ? 'it' : 'them'}: ${[...new Set(unreported.map((i) => i.unreported))].join('; ')}. With ${flags} set, an unreported count is refused. Review the plan, then run again with --accept-unreported-impact to accept ${one ? 'this profile' : 'these profiles'} knowingly (the limits still apply to every profile Intune reports).`,
      ),
    );
  }
  for (const i of unreported) byProfile.delete(i.profile);
  for (const kind of ['devices', 'users'] as const) {
    const limit = limits[kind];
    if (limit === undefined) continue;
    const unknown = [...byProfile.values()].filter((i) => i[kind] === undefined);
    if (unknown.length > 0) {
      out.push(
        diagnostic(
          'plan/impact-over-threshold',
          unknown[0]?.address ?? '',
          [],
          `the plan changes certificates of ${unknown.map((i) => i.profile).join(', ')}, but Graph did not report how many ${kind} hold ${unknown.length === 1 ? 'it' : 'them'} (${unknown[0]?.unavailable ?? 'no count'}); with --max-impact-${kind} ${limit} set, an unknown count is refused. Check the app's DeviceManagementConfiguration.Read.All permission, or review the plan and apply without the limit.`,
        ),
      );
      continue;
    }
    const total = [...byProfile.values()].reduce((n, i) => n + (i[kind] ?? 0), 0);
    if (total > limit) {
      const parts = [...byProfile.values()].map((i) => `${i.profile}: ${i[kind]}`).join(', ');
      out.push(
        diagnostic(
          'plan/impact-over-threshold',
          [...byProfile.values()][0]?.address ?? '',
          [],
          `the plan changes certificates held by ${total} ${kind} (${parts}), more than --max-impact-${kind} ${limit}. Split the change (a pilot group first), or raise the limit for this run after review.`,
        ),
      );
    }
  }
  return out;
}
