/**
 * The duplicate guard (plan/duplicate-display-name). Intune lets any number of profiles share a
 * display name, so the same stack applied through a second path, or with its state lost, creates a
 * second copy of every profile, and nothing says so. A plan warns for each object it would create
 * (a create or the new half of a replacement) when the tenant already has a profile of the same
 * Graph type with the same display name (compared trimmed and case-insensitively, as a person
 * reading the admin center's list would) that this stack's state does not hold and the plan does
 * not adopt: it names that profile's id and how to adopt it instead. Pure: the tenant's profiles are
 * the ones refresh read.
 */
import type { ProfileWithAssignments } from '../graph';
import { diagnostic, type Diagnostic } from '../rules';
import { GUID, PLATFORM_TABLE, PLATFORMS, type Platform } from '../schema';
import { creates, type PriorState, type ResourceChange } from './model';

/** How many of the matching ids a warning lists. */
const LISTED = 3;

const key = (name: string) => name.trim().toLowerCase();
/** An id as the warning names it: as it is when it is a Graph id (a GUID), else quoted (it is data from the tenant). */
const shown = (id: string) => (GUID.test(id) ? id : JSON.stringify(id.slice(0, 100)));

/** The Graph type a profile of this resource type and platform is made as, or undefined (not a profile, an unknown platform). */
export function profileODataType(type: string, platform: unknown): string | undefined {
  if (typeof platform !== 'string' || !(PLATFORMS as readonly string[]).includes(platform)) return undefined;
  const info = PLATFORM_TABLE[platform as Platform];
  if (type === 'intune_scep_certificate_profile') return info.scepODataType;
  if (type === 'intune_trusted_root_certificate') return info.rootODataType;
  return undefined;
}

const typeAndName = (odataType: string, name: string) => `${odataType.toLowerCase()}\0${key(name)}`;

/** The profiles of `tenant` a profile of this Graph type and display name would duplicate, sorted by id. */
export function sameNamedProfiles(tenant: readonly ProfileWithAssignments[], odataType: string, name: string): ProfileWithAssignments[] {
  const k = typeAndName(odataType, name);
  return tenant
    .filter(
      (p) =>
        typeof p.displayName === 'string' && typeof p['@odata.type'] === 'string' && typeAndName(p['@odata.type'], p.displayName) === k,
    )
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The first few of the profiles found, as a warning lists them: each id, and when it was made (to tell an object of theirs from a planted one). */
function listed(sorted: readonly ProfileWithAssignments[]): string {
  const made = (p: ProfileWithAssignments) =>
    typeof p.createdDateTime === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(p.createdDateTime) ? ` created ${p.createdDateTime}` : '';
  return (
    sorted
      .slice(0, LISTED)
      .map((p) => `${shown(p.id)}${made(p)}`)
      .join(', ') + (sorted.length > LISTED ? ` and ${sorted.length - LISTED} more` : '')
  );
}

const kindOf = (type: string) =>
  type === 'intune_scep_certificate_profile' ? 'SCEP certificate profile' : 'trusted root certificate profile';

/**
 * The warning the Terraform provider gives for one resource it plans to create (it plans each alone,
 * and knows neither the resource's address nor the state): `found` is sameNamedProfiles' answer.
 */
export function duplicateCreateForTerraform(type: string, name: string, found: readonly ProfileWithAssignments[]): Diagnostic {
  const first = (found[0] as ProfileWithAssignments).id;
  const adopt = !GUID.test(first)
    ? 'Its id is not a Graph id (a GUID): check the tenant before adopting anything.'
    : `Check it is the object you mean, then adopt it rather than make a second copy: an import block (\`import { to = <this resource's address>, id = "${first}" }\`, or \`importFrom('${first}')\` on the construct in a CDKTF app), with the profile's assignment set adopted with the same id.`;
  return diagnostic(
    'plan/duplicate-display-name',
    type,
    ['display_name'],
    `This would create a ${kindOf(type)} named ${JSON.stringify(name.slice(0, 200))}, and the tenant already has ${found.length === 1 ? 'one' : `${found.length}`} of that type and name (id ${listed(found)}): made in the admin center, by another stack or tool, or by an apply whose state was lost. ${adopt} If a second profile of that name is meant, rename it or add "plan/duplicate-display-name" to its suppress_warnings.`,
  );
}

export function duplicateCreates(
  changes: readonly ResourceChange[],
  prior: PriorState,
  tenant: readonly ProfileWithAssignments[],
  stack: string,
): Diagnostic[] {
  // What this stack holds is not a duplicate (a replacement's old object shares its name), nor what
  // it adopts: refresh puts the objects of import blocks in the prior state.
  const held = new Set(
    [...Object.values(prior.resources).map((r) => r.id), ...prior.deposed.map((d) => d.resource.id)].map((id) => id.toLowerCase()),
  );
  const byTypeAndName = new Map<string, ProfileWithAssignments[]>();
  for (const p of tenant) {
    if (typeof p.displayName !== 'string' || typeof p['@odata.type'] !== 'string' || held.has(p.id.toLowerCase())) continue;
    const k = typeAndName(p['@odata.type'], p.displayName);
    byTypeAndName.set(k, [...(byTypeAndName.get(k) ?? []), p]);
  }
  const out: Diagnostic[] = [];
  for (const c of changes) {
    if (!creates(c)) continue;
    const name = c.desired.config.display_name;
    const odataType = profileODataType(c.type, c.desired.config.platform);
    if (typeof name !== 'string' || odataType === undefined) continue;
    const found = byTypeAndName.get(typeAndName(odataType, name));
    if (!found) continue;
    const sorted = [...found].sort((a, b) => (a.id < b.id ? -1 : 1));
    const first = (sorted[0] as ProfileWithAssignments).id;
    // The profile's assignment sets the plan creates are adopted with the same id (a set's id is its profile's).
    const sets = changes
      .filter((s) => s.type === 'intune_profile_assignment' && s.action === 'create' && s.desired.dependsOn.includes(c.address))
      .map((s) => s.address)
      .sort();
    // Only a Graph id goes into a command the warning suggests.
    const adopt = !GUID.test(first)
      ? 'Its id is not a Graph id (a GUID): check the tenant before adopting anything.'
      : `Check it is the object you mean, then adopt it rather than make a second copy: \`intune-scep import ${c.address} ${first} --stack ${stack}\` (with the --config or --graph-url of this plan, if any), or an import block (\`importFrom('${first}')\` on the construct, or \`import { to = ${c.address}, id = "${first}" }\` in HCL).${
          sets.length
            ? ` Adopt its assignment set${sets.length > 1 ? 's' : ''} with the same id: ${sets.map((a) => `\`intune-scep import ${a} ${first} --stack ${stack}\``).join(', ')}.`
            : ''
        }`;
    out.push(
      diagnostic(
        'plan/duplicate-display-name',
        c.address,
        ['display_name'],
        `${c.address} would create a ${kindOf(c.type)} named ${JSON.stringify(name.slice(0, 200))}, and the tenant already has ${found.length === 1 ? 'one' : `${found.length}`} of that type and name that this stack's state does not hold (id ${listed(sorted)}): made in the admin center, by another stack, by an apply whose state was lost, or by this stack under another name (state is kept by stack name: a stack renamed in the app starts empty). ${adopt} If a second profile of that name is meant, rename it or suppress the warning on it (suppressWarnings: ['plan/duplicate-display-name'] in a construct, suppress_warnings in HCL).`,
      ),
    );
  }
  return out;
}
