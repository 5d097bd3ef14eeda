/**
 * diff, table-tested without a server: every attribute kind (string, number, bool, list, set-like
 * list, object list, certificate, reference, computed, stack-only, default, cleared), replacement and
 * its ordering, lifecycle, objects gone or deposed, and each plan mode.
 */
import { diff, readConfig, type DiffInput, type PriorState, type TenantView, type StateResource } from '../../lib';
import { withDefaults } from '../../lib/graph';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { ref, synth, type Attrs } from '../helpers/stacks';

let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
});

const ROOT_ID = 'aaaaaaaa-0000-4000-8000-000000000001';
const PROFILE_ID = 'aaaaaaaa-0000-4000-8000-000000000002';
const GROUP = '1c7a8d2f-6b3e-4f9c-8d4a-2e3f4a5b6c71';
const OTHER_GROUP = '2d8b9e3a-7c4f-4a0d-9e5b-3f4a5b6c7d82';
const ROOT = 'intune_trusted_root_certificate.root';
const PROFILE = 'intune_scep_certificate_profile.wifi';
const ASSIGN = 'intune_profile_assignment.wifi_assign';

interface Parts {
  root: Attrs;
  profile: Attrs;
  /** null: not in the stack. */
  assign: Attrs | null;
}

const desiredParts = (): Parts => ({
  root: { display_name: 'Root', platform: 'windows', certificate: certs.root },
  profile: {
    display_name: 'Wi-Fi',
    description: 'Corporate Wi-Fi',
    platform: 'windows',
    root_certificate_id: ref(ROOT),
    certificate_type: 'user',
    subject_name_format: 'CN={{UserPrincipalName}}',
    subject_alternative_names: [{ type: 'upn', value: '{{UserPrincipalName}}' }],
    key_usage: ['digital_signature', 'key_encipherment'],
    scep_server_urls: ['https://a.contoso.com/certsrv/mscep/mscep.dll', 'https://b.contoso.com/certsrv/mscep/mscep.dll'],
  },
  assign: { profile_id: ref(PROFILE), include_group_ids: [GROUP], all_users: false },
});

/** What an apply of `d` would have recorded and what the tenant then holds: defaults filled, references resolved. */
function remoteOf(d: Parts): Record<string, Record<string, unknown>> {
  const der = certs.root.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
  return {
    [ROOT]: {
      ...withDefaults('intune_trusted_root_certificate', d.root),
      certificate: der,
      id: ROOT_ID,
      thumbprint: 'AB',
      subject: 'CN=Root',
      not_after: '2040-01-01T00:00:00.000Z',
    },
    [PROFILE]: { ...withDefaults('intune_scep_certificate_profile', d.profile), root_certificate_id: ROOT_ID, id: PROFILE_ID, version: 1 },
    [ASSIGN]: { profile_id: PROFILE_ID, include_group_ids: [GROUP], exclude_group_ids: [], all_users: false, all_devices: false },
  };
}

interface Case {
  /** Change the stack. */
  readonly desired?: (d: Parts) => void;
  /** Change what the tenant holds (and what state recorded of it). */
  readonly remote?: (r: Record<string, Record<string, unknown> | null>) => void;
  /** Change what state recorded as the last applied config. */
  readonly priorConfig?: (c: Record<string, Record<string, unknown>>) => void;
  readonly input?: Partial<Pick<DiffInput, 'mode' | 'targets' | 'groups'>>;
  readonly deposed?: boolean;
  /** `action address [paths] (reason)` per change other than no-op, or diagnostics codes. */
  readonly expect: string[];
}

function run(c: Case): string[] {
  const base = desiredParts();
  const wanted = desiredParts();
  c.desired?.(wanted);
  const remote: Record<string, Record<string, unknown> | null> = remoteOf(base);
  c.remote?.(remote);
  const config: Record<string, Record<string, unknown>> = { [ROOT]: base.root, [PROFILE]: base.profile, [ASSIGN]: base.assign ?? {} };
  c.priorConfig?.(config);
  const ids: Record<string, string> = { [ROOT]: ROOT_ID, [PROFILE]: PROFILE_ID, [ASSIGN]: PROFILE_ID };
  const deps: Record<string, string[]> = { [ROOT]: [], [PROFILE]: [ROOT], [ASSIGN]: [PROFILE] };
  const resources: Record<string, StateResource> = {};
  for (const address of [ROOT, PROFILE, ASSIGN]) {
    resources[address] = {
      type: address.split('.')[0] as StateResource['type'],
      id: ids[address] as string,
      attrs: remote[address] ?? remoteOf(base)[address] ?? {},
      config: config[address] ?? {},
      dependencies: deps[address] ?? [],
      createBeforeDestroy: true,
    };
  }
  const prior: PriorState = {
    resources,
    deposed: c.deposed ? [{ address: ROOT, resource: { ...(resources[ROOT] as StateResource), id: 'deposed-root-id' } }] : [],
  };
  const remoteMap = new Map<string, TenantView | null>(
    Object.entries(remote).map(([a, attrs]) => [a, attrs ? { id: ids[a] as string, attrs } : null]),
  );
  const desired = readConfig(
    synth({
      roots: { root: wanted.root },
      profiles: { wifi: wanted.profile },
      assignments: wanted.assign ? { wifi_assign: wanted.assign } : {},
    }),
  ).resources;
  const result = diff({ desired, prior, remote: remoteMap, groups: {}, mode: 'normal', ...c.input });
  return [
    ...result.changes
      .filter((x) => x.action !== 'no-op')
      .map(
        (x) =>
          `${x.action} ${x.address}${x.action === 'delete' && x.deposed ? ` (deposed ${x.id})` : ''} [${x.changedPaths.map((p) => p.join('.')).join(',')}]${x.reason ? ` (${x.reason})` : ''}`,
      ),
    ...result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.address}`),
  ];
}

const set = (part: keyof Parts, key: string, value: unknown) => (d: Parts) => {
  (d[part] as Attrs)[key] = value;
};
const remoteSet = (address: string, key: string, value: unknown) => (r: Record<string, Record<string, unknown> | null>) => {
  (r[address] as Record<string, unknown>)[key] = value;
};

const CASES: Record<string, Case> = {
  'nothing differs: no changes': { expect: [] },
  'a string differs: update naming it': {
    desired: set('profile', 'description', 'Guest Wi-Fi'),
    expect: [`update ${PROFILE} [description]`],
  },
  'a number differs': { desired: set('profile', 'key_size', 4096), expect: [`update ${PROFILE} [key_size]`] },
  'a number left unset equals its default': { remote: remoteSet(PROFILE, 'key_size', 2048), expect: [] },
  'a bool differs': { desired: set('assign', 'all_users', true), expect: [`update ${ASSIGN} [all_users]`] },
  'an ordered list in another order differs': {
    remote: remoteSet(PROFILE, 'scep_server_urls', [
      'https://b.contoso.com/certsrv/mscep/mscep.dll',
      'https://a.contoso.com/certsrv/mscep/mscep.dll',
    ]),
    expect: [`update ${PROFILE} [scep_server_urls]`],
  },
  'a set-like list in another order, with a repeat, is the same': {
    remote: remoteSet(PROFILE, 'key_usage', ['key_encipherment', 'digital_signature', 'key_encipherment']),
    expect: [],
  },
  'group ids differing in case only are the same': { remote: remoteSet(ASSIGN, 'include_group_ids', [GROUP.toUpperCase()]), expect: [] },
  'an object list differs': {
    desired: set('profile', 'subject_alternative_names', [{ type: 'email', value: '{{EmailAddress}}' }]),
    expect: [`update ${PROFILE} [subject_alternative_names]`],
  },
  'a certificate in PEM and the same in DER base64 are the same': {
    remote: (r) =>
      void ((r[ROOT] as Record<string, unknown>).certificate = certs.root.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '')),
    expect: [],
  },
  'a computed attribute (version) never makes a change': { remote: remoteSet(PROFILE, 'version', 7), expect: [] },
  'a stack-only attribute (suppress_warnings) never makes a change': {
    desired: set('profile', 'suppress_warnings', ['subject/no-strong-mapping']),
    expect: [],
  },
  'an attribute set at the last apply and unset now is cleared': {
    desired: (d) => void delete d.profile.description,
    expect: [`update ${PROFILE} [description]`],
  },
  'an attribute never set by the stack and set in the tenant is left alone': {
    desired: (d) => void delete d.profile.description,
    priorConfig: (c) => void delete (c[PROFILE] as Record<string, unknown>).description,
    expect: [],
  },
  'ignore_changes leaves an attribute to the tenant': {
    desired: (d) => Object.assign(d.profile, { description: 'Other', lifecycle: { ignore_changes: ['description'] } }),
    expect: [],
  },
  'a reference to a replaced object is unknown, so its dependant updates': {
    remote: remoteSet(ROOT, 'platform', 'ios'),
    expect: [
      `update ${PROFILE} [root_certificate_id]`,
      `create-then-delete ${ROOT} [platform] (the platform is the Graph @odata.type, which cannot change after creation)`,
    ],
  },
  'create_before_destroy = false under a create-first dependant is forced, and says why': {
    desired: (d) => Object.assign(d.root, { lifecycle: { create_before_destroy: false } }),
    remote: remoteSet(ROOT, 'platform', 'ios'),
    expect: [
      `update ${PROFILE} [root_certificate_id]`,
      `create-then-delete ${ROOT} [platform] (the platform is the Graph @odata.type, which cannot change after creation; create_before_destroy = false is overridden because ${PROFILE} depends on it and creates before it destroys)`,
    ],
  },
  'a delete-first replacement under a dependant that stays is refused': {
    desired: (d) => {
      Object.assign(d.root, { lifecycle: { create_before_destroy: false } });
      Object.assign(d.profile, { lifecycle: { create_before_destroy: false } });
      Object.assign(d.assign as Attrs, { lifecycle: { create_before_destroy: false } });
    },
    remote: remoteSet(ROOT, 'platform', 'ios'),
    expect: [
      `update ${PROFILE} [root_certificate_id]`,
      `delete-then-create ${ROOT} [platform] (the platform is the Graph @odata.type, which cannot change after creation)`,
      `error plan/replace-order ${ROOT}`,
    ],
  },
  'an object deleted outside the stack is created again, and what is on it replaced': {
    remote: (r) => void (r[PROFILE] = null),
    expect: [
      `create-then-delete ${ASSIGN} [profile_id] (an assignment set belongs to one profile)`,
      `create ${PROFILE} [] (it was deleted outside this stack)`,
    ],
  },
  'an object no longer in the stack is deleted': {
    desired: (d) => void (d.assign = null),
    expect: [`delete ${ASSIGN} [] (it is no longer in the stack)`],
  },
  'an assignment set moved to another profile is replaced': {
    desired: (d) => void Object.assign(d.assign as Attrs, { profile_id: ref(ROOT) }),
    expect: [`create-then-delete ${ASSIGN} [profile_id] (an assignment set belongs to one profile)`],
  },
  'a deposed object is deleted, after its address': {
    deposed: true,
    expect: [
      `delete ${ROOT} (deposed deposed-root-id) [] (deposed object deposed-root-id: the old object of a replacement a previous run did not finish)`,
    ],
  },
  'destroy: everything, deposed objects included, is deleted': {
    input: { mode: 'destroy' },
    deposed: true,
    expect: [
      `delete ${ASSIGN} [] (destroy)`,
      `delete ${PROFILE} [] (destroy)`,
      `delete ${ROOT} [] (destroy)`,
      `delete ${ROOT} (deposed deposed-root-id) [] (deposed object deposed-root-id: the old object of a replacement a previous run did not finish)`,
    ],
  },
  'refresh-only reads only what differs from state, and never deletes a deposed object': {
    input: { mode: 'refresh-only' },
    deposed: true,
    remote: (r) => void (r[PROFILE] = null),
    expect: [`read ${PROFILE} [] (it was deleted outside this stack)`],
  },
  '--target keeps the target and what it depends on': {
    desired: (d) => Object.assign(d.profile, { description: 'x' }, { key_size: 4096 }),
    input: { targets: [ROOT] },
    expect: [],
  },
  'a non-exclusive set ignores targets assigned elsewhere': {
    desired: set('assign', 'exclusive', false),
    remote: remoteSet(ASSIGN, 'include_group_ids', [GROUP, OTHER_GROUP]),
    expect: [],
  },
  'a non-exclusive set adds what it misses': {
    desired: (d) => Object.assign(d.assign as Attrs, { exclusive: false, include_group_ids: [GROUP, OTHER_GROUP] }),
    expect: [`update ${ASSIGN} [include_group_ids]`],
  },
  'group names compare as the ids they resolve to': {
    desired: (d) => Object.assign(d.assign as Attrs, { include_group_ids: [], include_group_names: ['Wi-Fi Users'] }),
    input: { groups: { 'Wi-Fi Users': GROUP } },
    expect: [],
  },
};

test.each(Object.entries(CASES))('%s', (_name, c) => {
  expect(run(c)).toEqual(c.expect);
});
