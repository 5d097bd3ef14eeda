/**
 * The picture in a Markdown plan: a Mermaid flowchart (GitHub renders Mermaid in comments) of what
 * changes and what hangs off it. Trusted roots point to the SCEP profiles chained to them, profiles
 * to the groups (and all users or devices) their assignment sets reach; each object is marked by its
 * action (create, update, replace, delete, drift, unchanged) and a SCEP profile by how many devices
 * hold it when the plan changes their certificates.
 *
 * Every node id is made here (`n0`, `n1`, ...); every label is text from the stack or the tenant and
 * is written as Mermaid entity codes outside a small set of plain characters, so no display name
 * (quotes, brackets, `-->`, backticks, `%%`, HTML) can end a label, add an edge or inject markup.
 * At most MAX_NODES objects and MAX_GROUP_NODES groups are drawn; the rest are counted in one node each
 * (the tables and details list them all). A name is cut at MAX_NAME characters.
 */
import type { CertificateImpact, Plan, ResourceChange } from '../../engine';
import type { ResourceType } from '../../schema';
import { printable } from '../io';

/** How the diagram names an object of each type. */
const KIND: Readonly<Record<ResourceType, string>> = {
  intune_trusted_root_certificate: 'Trusted root',
  intune_scep_certificate_profile: 'SCEP profile',
  intune_profile_assignment: 'Assignments',
  intune_cloud_pki_root_ca: 'Cloud PKI root CA',
  intune_cloud_pki_issuing_ca: 'Cloud PKI issuing CA',
};

export const MAX_NODES = 40;
/** Group nodes drawn at most; the rest are counted in one node. */
export const MAX_GROUP_NODES = 40;
/** A name in a label is cut to this many characters: a tenant's 256-character name stays one line. */
export const MAX_NAME = 60;

/** A display name for a label: cut at MAX_NAME characters (whole code points), the cut shown. */
const named = (name: string) => {
  const chars = [...name];
  return chars.length > MAX_NAME ? `${chars.slice(0, MAX_NAME - 1).join('')}…` : name;
};

type Mark = 'create' | 'update' | 'replace' | 'delete' | 'drift' | 'unchanged';

const CLASSES: Readonly<Record<Mark, string>> = {
  create: 'fill:#dafbe1,stroke:#1a7f37',
  update: 'fill:#fff8c5,stroke:#9a6700',
  replace: 'fill:#ffe2cc,stroke:#bc4c00',
  delete: 'fill:#ffebe9,stroke:#cf222e',
  drift: 'fill:#fbefff,stroke:#8250df',
  unchanged: 'fill:#f6f8fa,stroke:#8c959f',
};

/**
 * Text as a Mermaid label: letters, digits and a few plain characters as they are, the rest as `#code;`;
 * control and bidirectional characters first written out as `\\uXXXX` (a code would make them act).
 */
export function mermaidText(text: string): string {
  return [...printable(text)].map((c) => (/^[A-Za-z0-9 .,:_/()-]$/.test(c) ? c : `#${c.codePointAt(0) as number};`)).join('');
}

function markOf(c: ResourceChange, drifted: ReadonlySet<string>): Mark {
  if (c.action === 'create') return 'create';
  if (c.action === 'update') return 'update';
  if (c.action === 'delete') return 'delete';
  if (c.action === 'create-then-delete' || c.action === 'delete-then-create') return 'replace';
  return drifted.has(c.address) ? 'drift' : 'unchanged';
}

const view = (c: ResourceChange) => c.after ?? c.before ?? {};
/** A node per object: the old object a crashed run set aside shares its address with what replaces it. */
const keyOf = (c: ResourceChange) => (c.action === 'delete' && c.deposed ? `${c.address} deposed ${c.id}` : c.address);
const dependencies = (c: ResourceChange) => c.desired?.dependsOn ?? c.priorDependencies;
const changed = (c: ResourceChange) => c.action !== 'no-op' && c.action !== 'read';

/**
 * A group by its name in quotes, or by its id said to be one: a group whose name is another group's
 * id never draws as that group (found by review).
 */
const groupLabel = (id: string, name: string | undefined) => (name === undefined ? `Group: unnamed id ${id}` : `Group: "${named(name)}"`);

/** The Mermaid source of the plan's picture (no fences), or undefined when nothing changes or drifted. */
export function planDiagram(plan: Plan): string | undefined {
  const drifted = new Set(plan.drift.map((d) => d.address));
  // By address, the live object (a set-aside one is drawn on its own, by keyOf).
  const byAddress = new Map(plan.changes.filter((c) => keyOf(c) === c.address).map((c) => [c.address, c]));
  const profiles = plan.changes.filter((c) => c.type !== 'intune_profile_assignment');
  const assignmentOf = new Map(
    plan.changes.filter((c) => c.type === 'intune_profile_assignment').flatMap((a) => dependencies(a).map((p) => [p, a] as const)),
  );
  const rootOf = (p: ResourceChange) => dependencies(p).find((d) => byAddress.get(d)?.type === 'intune_trusted_root_certificate');
  // What a reviewer needs: every changed or drifted object, the root of a changed profile, the
  // profiles chained to a changed root, and the profile of a changed assignment set.
  const shown = new Set<string>();
  for (const c of plan.changes) {
    if (!changed(c) && !drifted.has(c.address)) continue;
    if (c.type === 'intune_profile_assignment') {
      for (const p of dependencies(c)) if (byAddress.has(p)) shown.add(p);
      continue;
    }
    shown.add(keyOf(c));
    const root = rootOf(c);
    if (root) shown.add(root);
    if (c.type === 'intune_trusted_root_certificate') for (const p of profiles) if (rootOf(p) === c.address) shown.add(p.address);
  }
  if (shown.size === 0) return undefined;

  const devices = new Map<string, number>();
  for (const i of plan.impact as readonly CertificateImpact[])
    if (i.devices !== undefined) devices.set(i.profile, Math.max(devices.get(i.profile) ?? 0, i.devices));
  const ordered = profiles.filter((p) => shown.has(keyOf(p)));
  // Roots first, each followed by its profiles: the picture reads root by root.
  ordered.sort((a, b) => {
    const key = (c: ResourceChange) =>
      `${c.type === 'intune_trusted_root_certificate' ? c.address : (rootOf(c) ?? '~')}\u0000${c.type === 'intune_trusted_root_certificate' ? '0' : '1'}${c.address}`;
    return key(a).localeCompare(key(b));
  });
  const drawn = ordered.slice(0, MAX_NODES);
  const ids = new Map(drawn.map((c, i) => [keyOf(c), `n${i}`]));
  const lines = ['flowchart LR'];
  const marks = new Map<Mark, string[]>();
  const mark = (id: string, m: Mark) => marks.set(m, [...(marks.get(m) ?? []), id]);
  for (const c of drawn) {
    const id = ids.get(keyOf(c)) as string;
    const m = markOf(c, drifted);
    const name = named(String(view(c).display_name ?? c.name));
    const kind = KIND[c.type];
    const held = devices.get(c.address);
    const count = held !== undefined ? `, ${held.toLocaleString('en-US')} ${held === 1 ? 'device' : 'devices'}` : '';
    const aside = keyOf(c) !== c.address ? ', set aside by an earlier run' : '';
    lines.push(`  ${id}["${mermaidText(`${kind}: ${name} (${m}${aside}${count})`)}"]`);
    mark(id, m);
  }
  const groups = new Map<string, string>();
  const moreGroups = new Set<string>();
  const groupNode = (key: string, label: string) => {
    let id = groups.get(key);
    if (!id) {
      if (groups.size >= MAX_GROUP_NODES) {
        moreGroups.add(key);
        return 'moregroups';
      }
      id = `g${groups.size}`;
      groups.set(key, id);
      lines.push(`  ${id}(["${mermaidText(label)}"])`);
    }
    return id;
  };
  for (const c of drawn) {
    if (keyOf(c) !== c.address) continue; // a set-aside object: no edges, it is being deleted
    const id = ids.get(c.address) as string;
    const root = rootOf(c);
    if (root && ids.has(root)) lines.push(`  ${ids.get(root) as string} --> ${id}`);
    const a = assignmentOf.get(c.address);
    if (!a) continue;
    const v = view(a);
    const how = markOf(a, drifted);
    const edge = how === 'unchanged' ? '-->' : `-- "${mermaidText(`assignments: ${how}`)}" -->`;
    const targets: [string, string][] = [];
    for (const g of Array.isArray(v.include_group_ids) ? (v.include_group_ids as unknown[]) : [])
      if (typeof g === 'string') targets.push([`group:${g.toLowerCase()}`, groupLabel(g, plan.names?.groups[g.toLowerCase()])]);
    if (v.all_users === true) targets.push(['all-users', 'All users']);
    if (v.all_devices === true) targets.push(['all-devices', 'All devices']);
    // One edge from a set to the node that counts the groups past the limit, however many it reaches there.
    const to = [...new Set(targets.map(([key, label]) => groupNode(key, label)))];
    for (const node of to) lines.push(`  ${id} ${edge} ${node}`);
  }
  if (moreGroups.size > 0) lines.push(`  moregroups(["${mermaidText(`... and ${moreGroups.size} more groups: see the details`)}"])`);
  if (ordered.length > drawn.length)
    lines.push(`  more["${mermaidText(`... and ${ordered.length - drawn.length} more objects: see the table`)}"]`);
  for (const [m, style] of Object.entries(CLASSES)) {
    const members = marks.get(m as Mark);
    if (!members) continue;
    lines.push(`  classDef ${m} ${style}`, `  class ${members.join(',')} ${m}`);
  }
  return lines.join('\n');
}
