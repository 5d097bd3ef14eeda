/**
 * The variable table (lib/schema/variables.ts VARIABLE_LIMITS) against the rules: every variable of
 * the catalog, in every place a variable can appear (the subject, a built-in subject format, a SAN of
 * each type, an Entra-attribute SAN naming the attribute the variable reads), on every platform, in
 * user and device certificates. The rules must report exactly the rows the table holds for that use,
 * at that place: no place is a side door, and no rule reports what the table does not say.
 */
import {
  BUILTIN_SUBJECT_TEMPLATES,
  PLATFORMS,
  VARIABLES,
  VARIABLE_LIMITS,
  entraAttributeVariable,
  runRules,
  variableLimits,
  type StackResource,
  type VariableInfo,
  type VariablePlace,
} from '../../lib';
import { NOW } from '../helpers/certificates';

const TABLE_RULES = new Set(VARIABLE_LIMITS.map((l) => l.rule));
/** Every variable, and an Entra attribute no variable reads (a user attribute all the same). */
const CATALOG: readonly VariableInfo[] = [...VARIABLES, entraAttributeVariable('employeeId')];
const SAN_TYPES = ['email', 'upn', 'dns', 'uri'] as const;

/** The attributes that put `v` at `place` (one way per place; built-in formats apart), or undefined where it cannot be put. */
function placed(v: VariableInfo, place: VariablePlace): { attrs: Record<string, unknown>; path: (string | number)[] } | undefined {
  if (place === 'subject')
    return VARIABLES.includes(v) ? { attrs: { subject_name_format: `CN={{${v.name}}}` }, path: ['subject_name_format'] } : undefined;
  if (place === 'custom_aad_attribute')
    return v.entraAttribute
      ? {
          attrs: { subject_name_format: 'CN=Contoso', subject_alternative_names: [{ type: place, value: v.entraAttribute }] },
          path: ['subject_alternative_names', 0, 'value'],
        }
      : undefined;
  return VARIABLES.includes(v)
    ? {
        attrs: { subject_name_format: 'CN=Contoso', subject_alternative_names: [{ type: place, value: `{{${v.name}}}` }] },
        path: ['subject_alternative_names', 0, 'value'],
      }
    : undefined;
}

interface Use {
  readonly name: string;
  readonly info: VariableInfo;
  readonly place: VariablePlace;
  readonly attrs: Record<string, unknown>;
  readonly path: (string | number)[];
}

/** Every use of every variable: by place, and through each built-in format whose template holds it. */
const USES: readonly Use[] = CATALOG.flatMap((info) => [
  ...(['subject', ...SAN_TYPES, 'custom_aad_attribute'] as const).flatMap((place) => {
    const p = placed(info, place);
    return p ? [{ name: `${info.name} in ${place}`, info, place, ...p }] : [];
  }),
  ...Object.entries(BUILTIN_SUBJECT_TEMPLATES)
    .filter(([, template]) => template?.includes(`{{${info.name}}}`))
    .map(([format]) => ({
      name: `${info.name} in built-in ${format}`,
      info,
      place: 'subject' as const,
      attrs: { builtin_subject_name: format },
      path: ['builtin_subject_name'],
    })),
]);

test('the walk covers every variable, every place and every built-in format that names one', () => {
  expect(new Set(USES.map((u) => u.info.name))).toEqual(new Set(CATALOG.map((v) => v.name)));
  expect(new Set(USES.map((u) => u.place))).toEqual(new Set(['subject', ...SAN_TYPES, 'custom_aad_attribute']));
  expect(USES.filter((u) => u.path[0] === 'builtin_subject_name').length).toBeGreaterThanOrEqual(7);
  expect(USES.filter((u) => u.place === 'custom_aad_attribute').length).toBeGreaterThanOrEqual(8);
});

describe.each(
  PLATFORMS.flatMap((platform) => (['user', 'device'] as const).map((certificateType) => [platform, certificateType] as const)),
)('%s, %s certificates', (platform, certificateType) => {
  // One stack per platform and certificate type: a profile per use, each naming the same root.
  const resources: StackResource[] = [
    {
      address: 'intune_trusted_root_certificate.root',
      type: 'intune_trusted_root_certificate',
      name: 'root',
      attrs: { display_name: 'Root', platform, certificate: 'MIIB' },
    },
    ...USES.map((u, i): StackResource => ({
      address: `intune_scep_certificate_profile.u${i}`,
      type: 'intune_scep_certificate_profile',
      name: `u${i}`,
      attrs: {
        display_name: u.name,
        platform,
        root_certificate_id: '${intune_trusted_root_certificate.root.id}',
        certificate_type: certificateType,
        scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
        ...u.attrs,
      },
    })),
  ];
  const found = new Map<string, Set<string>>();
  for (const d of runRules(resources, { now: NOW })) {
    if (!TABLE_RULES.has(d.code)) continue;
    const key = `${d.address} ${JSON.stringify(d.path)}`;
    found.set(key, new Set([...(found.get(key) ?? []), d.code]));
  }

  it('the rules report exactly the rows of the table, at the place of the use', () => {
    const mismatches: string[] = [];
    USES.forEach((u, i) => {
      const expected = [...new Set(variableLimits(u.info, { platform, certificateType, place: u.place }).map((l) => l.rule))].sort();
      const got = [...(found.get(`intune_scep_certificate_profile.u${i} ${JSON.stringify(u.path)}`) ?? [])].sort();
      if (JSON.stringify(expected) !== JSON.stringify(got))
        mismatches.push(`${u.name}: table ${JSON.stringify(expected)}, rules ${JSON.stringify(got)}`);
    });
    expect(mismatches).toEqual([]);
  });
});
