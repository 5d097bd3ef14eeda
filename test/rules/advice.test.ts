/**
 * The rules' advice and gaps, as a newcomer and an attacker found them (issue 29): what a rule tells
 * the user to do must not lead to the next diagnostic, must be in the terms of the attribute it is
 * about, and a value must be judged the same in every spelling. Stacks as a user's cdk.tf.json would
 * hold them, through validateStack (tenant rules: runTenantRules with the facts a plan looks up).
 */
import {
  PLATFORMS,
  VARIABLES,
  VARIABLE_LIMITS,
  entraAttributeVariable,
  runTenantRules,
  validateStack,
  variableLimits,
  type Diagnostic,
  type TenantFacts,
  type TenantGroup,
} from '../../lib';
import { NOW, testCertificates, type TestCertificates } from '../helpers/certificates';
import { platformStack, ref, synth, windowsRoot, type Attrs } from '../helpers/stacks';

let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
});

const P = 'intune_scep_certificate_profile.p';
const SAN0 = ['subject_alternative_names', 0, 'value'];
const TABLE_RULES = new Set(VARIABLE_LIMITS.map((l) => l.rule));

function diagnostics(doc: unknown, now = NOW): Diagnostic[] {
  return validateStack(JSON.parse(JSON.stringify(doc)), { now });
}
const at = (ds: Diagnostic[], path: readonly (string | number)[]) => ds.filter((d) => JSON.stringify(d.path) === JSON.stringify(path));
const entra = (value: string) => ({ type: 'custom_aad_attribute', value });

describe('F5: an Entra-attribute SAN is judged the same in every spelling', () => {
  // The attacker's cases: a value that is a variable's name, in the catalog's spelling or another.
  const cases: [string, string, 'user' | 'device'][] = [
    ['macos', 'FullyQualifiedDomainName', 'user'],
    ['macos', 'fullyqualifieddomainname', 'user'],
    ['android_device_owner', 'UserName', 'user'],
    ['android_device_owner', 'userName', 'user'],
    ['aosp', 'OnPrem_Distinguished_Name', 'user'],
    ['aosp', 'onprem_distinguished_name', 'user'],
    ['macos', 'IMEI', 'user'],
    ['windows', 'deviceName', 'device'],
  ];
  it.each(cases)('%s, %s: refused as a variable name, not an Entra ID attribute', (platform, value, certificateType) => {
    const ds = at(
      diagnostics(
        platformStack(certs, platform, {
          certificate_type: certificateType,
          subject_name_format: 'CN=Contoso',
          subject_alternative_names: [entra(value)],
        }),
      ),
      SAN0,
    );
    const refused = ds.filter((d) => d.code === 'variable/malformed');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.severity).toBe('error');
    expect(refused[0]?.detail).toContain('names a variable, not an Entra ID attribute');
    // In the SAN type's own terms: where the variable belongs instead.
    expect(refused[0]?.detail).toMatch(/type "(dns|upn|email|uri)"/);
    // Judged once, by what it is: no table rule reads it as the variable (the old accidental match on the exact spelling).
    expect(ds.filter((d) => TABLE_RULES.has(d.code))).toEqual([]);
  });

  it('the table never reads an attribute as a variable by its spelling', () => {
    // Below the refusal: an attribute no variable reads is a user attribute, whatever its name.
    const spelledLikeFqdn = entraAttributeVariable('FullyQualifiedDomainName');
    expect(variableLimits(spelledLikeFqdn, { platform: 'macos', certificateType: 'user', place: 'custom_aad_attribute' })).toEqual([]);
    expect(
      variableLimits(entraAttributeVariable('UserName'), {
        platform: 'android_device_owner',
        certificateType: 'user',
        place: 'custom_aad_attribute',
      }).map((l) => l.rule),
    ).toEqual(['variable/user-variable-on-device-owner']);
  });

  it.each([['department'], ['Department'], ['userPrincipalName'], ['userprincipalname'], ['onPremisesSamAccountName'], ['employeeId']])(
    '%s is an Entra ID attribute: not refused',
    (value) => {
      const ds = at(
        diagnostics(
          platformStack(certs, 'windows', {
            certificate_type: 'user',
            subject_name_format: 'CN=Contoso',
            subject_alternative_names: [entra(value), { type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }],
          }),
        ),
        SAN0,
      );
      expect(ds.filter((d) => d.code === 'variable/malformed')).toEqual([]);
    },
  );
});

describe('advice in the terms of the attribute it is about', () => {
  // Every Entra attribute the catalog reads, and one it does not: through a custom_aad_attribute SAN.
  const attributes = [...VARIABLES.flatMap((v) => (v.entraAttribute ? [v.entraAttribute] : [])), 'employeeId'];

  it('every table row that holds for an Entra-attribute SAN has advice without templates', () => {
    const rows = VARIABLE_LIMITS.filter((row) =>
      attributes.some((a) =>
        PLATFORMS.some((platform) =>
          (['user', 'device'] as const).some((certificateType) =>
            variableLimits(entraAttributeVariable(a), { platform, certificateType, place: 'custom_aad_attribute' }).includes(row),
          ),
        ),
      ),
    );
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      expect({ rule: row.rule, attributeFix: row.attributeFix }).toEqual({ rule: row.rule, attributeFix: expect.any(String) });
      // A template in an Entra-attribute SAN is malformed: advice may name one only for another SAN type.
      expect((row.attributeFix ?? '').replace(/\{ type = "[a-z]+", value = "[^"]*" \}/g, '')).not.toContain('{{');
    }
  });

  it('a user attribute in a device certificate: remove the SAN, not "use a device variable"', () => {
    const ds = at(
      diagnostics(
        platformStack(certs, 'windows', {
          subject_alternative_names: [entra('department'), { type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }],
        }),
      ),
      SAN0,
    );
    const d = ds.find((x) => x.code === 'variable/user-variable-in-device-certificate');
    expect(d?.detail).toContain('Remove this SAN');
    expect(d?.detail).not.toContain('Use a device variable');
  });

  it('an attribute AOSP lacks: name one AOSP has', () => {
    const ds = at(
      diagnostics(
        platformStack(certs, 'aosp', {
          certificate_type: 'user',
          subject_name_format: 'CN={{UserPrincipalName}}',
          subject_alternative_names: [entra('department')],
        }),
      ),
      SAN0,
    );
    const d = ds.find((x) => x.code === 'variable/unavailable-on-aosp');
    expect(d?.detail).toContain('"userPrincipalName"');
    expect(d?.detail).not.toContain('Use {{UserPrincipalName}}');
  });

  it('an AOSP device certificate with a user variable AOSP lacks gets one piece of advice, not two that cancel out', () => {
    for (const value of ['CN={{Department}}', 'CN={{OnPremisesSamAccountName}}']) {
      const ds = at(diagnostics(platformStack(certs, 'aosp', { subject_name_format: value })), ['subject_name_format']);
      expect(ds.filter((d) => TABLE_RULES.has(d.code)).map((d) => d.code)).toEqual(['variable/user-variable-in-device-certificate']);
    }
  });
});

describe('advice that does not lead to the next warning', () => {
  // Rows about the variables of the subject or a SAN whose fix names other variables for the same place.
  const SAME_PLACE = VARIABLE_LIMITS.filter((row) => !row.rule.startsWith('san/sid-'));
  const suggestions = SAME_PLACE.flatMap((row) =>
    (row.platforms ?? PLATFORMS).flatMap((platform) =>
      (row.certificateType ? [row.certificateType] : (['user', 'device'] as const)).flatMap((certificateType) =>
        [...row.fix.matchAll(/\{\{(\w+)\}\}/g)].map((m) => ({ row: row.rule, platform, certificateType, variable: m[1] as string })),
      ),
    ),
  );
  // A user certificate on a platform with userless devices always warns about its user variables: that
  // warning is about the profile's devices, not about the variable chosen.
  const ABOUT_THE_DEVICES = 'variable/user-variable-on-device-owner';

  it('walks the suggestions of every row', () => {
    expect(new Set(suggestions.map((s) => s.row)).size).toBeGreaterThanOrEqual(6);
  });

  it.each(PLATFORMS)('on %s, no suggested variable draws a variable warning or error', (platform) => {
    const problems: string[] = [];
    for (const s of suggestions.filter((x) => x.platform === platform)) {
      const ds = at(
        diagnostics(platformStack(certs, platform, { certificate_type: s.certificateType, subject_name_format: `CN={{${s.variable}}}` })),
        ['subject_name_format'],
      );
      const codes = ds
        .map((d) => d.code)
        .filter((c) => c !== ABOUT_THE_DEVICES && (TABLE_RULES.has(c) || c.startsWith('variable/') || c === 'subject/windows-device-id'));
      if (codes.length) problems.push(`${s.row} suggests {{${s.variable}}} (${s.certificateType}): ${codes.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('the macOS IMEI error suggests the Entra device id, not the spoofable serial number', () => {
    const d = diagnostics(platformStack(certs, 'macos', { subject_name_format: 'CN={{IMEI}}' })).find(
      (x) => x.code === 'variable/not-on-platform',
    );
    expect(d?.detail).toContain('{{AAD_Device_ID}}');
    expect(d?.detail).not.toContain('{{SerialNumber}}');
  });

  // Microsoft: Android "The Device name in Intune is a friendly name that users are free to change"
  // (Rename a device in Intune); iOS/iPadOS and macOS "By default, the OS might allow users to change
  // the name of devices" (device restrictions). Windows renames need an administrator.
  it.each(['ios', 'macos', 'android_work_profile', 'android_device_owner', 'aosp', 'android_device_admin'])(
    '{{DeviceName}} is spoofable on %s',
    (platform) => {
      const certificateType = platform === 'android_device_admin' ? 'user' : 'device';
      const ds = diagnostics(
        platformStack(certs, platform, { certificate_type: certificateType, subject_name_format: 'CN={{DeviceName}}' }),
      );
      const d = ds.find((x) => x.code === 'variable/spoofable-device-property');
      expect(d?.detail).toContain('{{DeviceName}}');
      expect(d?.detail).toContain('free to change');
    },
  );

  it('{{DeviceName}} is not spoofable on windows', () => {
    const ds = diagnostics(
      platformStack(certs, 'windows', {
        subject_name_format: 'CN={{DeviceName}}',
        subject_alternative_names: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }],
      }),
    );
    expect(ds.filter((x) => x.code === 'variable/spoofable-device-property')).toEqual([]);
  });

  it('a DNS SAN with {{DeviceName}} outside Windows: not a host name (the AOSP example had one)', () => {
    const ds = at(
      diagnostics(platformStack(certs, 'aosp', { subject_alternative_names: [{ type: 'dns', value: '{{DeviceName}}.contoso.com' }] })),
      SAN0,
    );
    const d = ds.find((x) => x.code === 'san/device-name-not-a-host-name');
    expect(d?.severity).toBe('warning');
    expect(d?.detail).toContain('AndroidAOSP_');
    expect(d?.detail).toContain('{{AAD_Device_ID}}');
    const windows = at(
      diagnostics(
        platformStack(certs, 'windows', {
          subject_alternative_names: [
            { type: 'dns', value: '{{DeviceName}}.contoso.com' },
            { type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' },
          ],
        }),
      ),
      SAN0,
    );
    expect(windows.filter((x) => x.code === 'san/device-name-not-a-host-name')).toEqual([]);
  });

  it.each([
    ['windows', 'PCs', ['iPad']],
    ['ios', 'iPads', ['PCs']],
    ['aosp', 'headsets', ['PCs', 'iPads']],
    ['android_device_owner', 'tablets', ['PCs', 'iPads']],
  ])('IMEI on %s: the devices without a modem are named for the platform', (platform, says, never) => {
    const d = diagnostics(
      platformStack(certs, platform, {
        subject_name_format: 'CN={{IMEI}}',
        subject_alternative_names: platform === 'windows' ? [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }] : undefined,
      }),
    ).find((x) => x.code === 'variable/not-on-every-device');
    expect(d?.detail).toContain(says);
    for (const n of never as string[]) expect(d?.detail).not.toContain(n);
  });
});

describe('root/not-self-signed: false positives', () => {
  /** A Windows stack whose profile references `refRoot`, with the intermediate deployed in its own trusted certificate profile. */
  const withIntermediate = (c: TestCertificates, refRoot: 'root' | 'issuing', profile: Attrs = {}) =>
    synth({
      roots: {
        root: windowsRoot(c),
        issuing: {
          display_name: 'Contoso Issuing CA',
          platform: 'windows',
          certificate: c.intermediate,
          destination_store: 'computer_intermediate',
        },
      },
      profiles: {
        p: {
          display_name: 'Device certificate',
          platform: 'windows',
          root_certificate_id: ref(`intune_trusted_root_certificate.${refRoot}`),
          certificate_type: 'device',
          subject_name_format: 'CN={{AAD_Device_ID}}',
          subject_alternative_names: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }],
          scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
          ...profile,
        },
      },
    });

  it('root/not-self-signed: an intermediate in its own trusted certificate profile is what the issuing-CA check needs', () => {
    expect(diagnostics(withIntermediate(certs, 'root')).filter((d) => d.code === 'root/not-self-signed')).toEqual([]);
  });

  it('root/not-self-signed: a SCEP profile whose root_certificate_id names an intermediate, on that attribute', () => {
    const found = diagnostics(withIntermediate(certs, 'issuing')).filter((d) => d.code === 'root/not-self-signed');
    expect(found.map((d) => [d.address, d.path])).toEqual([[P, ['root_certificate_id']]]);
    expect(found[0]?.detail).toContain('intune_trusted_root_certificate.issuing');
    expect(found[0]?.detail).toContain('top level');
  });
});

describe('one warning per profile', () => {
  it('variable/user-variable-on-device-owner: one warning per profile, naming every use, with when to suppress it', () => {
    const found = diagnostics(
      platformStack(certs, 'aosp', {
        certificate_type: 'user',
        subject_name_format: 'CN={{UserPrincipalName}}',
        subject_alternative_names: [{ type: 'upn', value: '{{UserPrincipalName}}' }],
      }),
    ).filter((d) => d.code === 'variable/user-variable-on-device-owner');
    expect(found).toHaveLength(1);
    expect(found[0]?.detail).toContain('the subject');
    expect(found[0]?.detail).toContain('SAN 0');
    expect(found[0]?.detail).toContain('suppress_warnings');
    expect(found[0]?.detail).toContain('user-affinity');
    const owner = diagnostics(
      platformStack(certs, 'android_device_owner', {
        certificate_type: 'user',
        subject_name_format: 'CN={{UserPrincipalName}},E={{EmailAddress}}',
      }),
    ).filter((d) => d.code === 'variable/user-variable-on-device-owner');
    expect(owner).toHaveLength(1);
    expect(owner[0]?.detail).toContain('fully managed');
  });
});

describe('validity/exceeds-root-lifetime', () => {
  const soon = (c: TestCertificates, profile: Attrs = {}) =>
    platformStack(
      c,
      'windows',
      { subject_alternative_names: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }], ...profile },
      { certificate: c.rootEndingSoon },
    );

  it('is a warning: a stack that passed yesterday does not block every plan today', () => {
    const found = diagnostics(soon(certs)).filter((d) => d.code === 'validity/exceeds-root-lifetime');
    expect(found.map((d) => d.severity)).toEqual(['warning']);
    // Since when: the root (2026-09-01) minus the validity (1 year).
    expect(found[0]?.detail).toContain('since 2025-09-01');
  });

  it('can be suppressed on the profile', () => {
    expect(
      diagnostics(soon(certs, { suppress_warnings: ['validity/exceeds-root-lifetime'] })).filter(
        (d) => d.code === 'validity/exceeds-root-lifetime',
      ),
    ).toEqual([]);
  });

  it('names the certificate the profile references: an intermediate is not "its root"', () => {
    const doc = synth({
      roots: { ica: { display_name: 'Issuing CA', platform: 'windows', certificate: certs.issuingEndingSoon } },
      profiles: {
        p: {
          display_name: 'p',
          platform: 'windows',
          root_certificate_id: ref('intune_trusted_root_certificate.ica'),
          certificate_type: 'device',
          subject_name_format: 'CN={{AAD_Device_ID}}',
          subject_alternative_names: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }],
          scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
        },
      },
    });
    const d = diagnostics(doc).find((x) => x.code === 'validity/exceeds-root-lifetime');
    expect(d?.detail).toContain('intune_trusted_root_certificate.ica');
    expect(d?.detail).toContain('an intermediate CA');
    expect(d?.detail).not.toContain('its root');
  });
});

describe('pointed values', () => {
  it('every rule indents the quoted value alike, and the caret is under the variable', () => {
    const cases: [string, Attrs][] = [
      ['variable/user-variable-in-device-certificate', { subject_name_format: 'CN={{UserPrincipalName}}' }],
      ['variable/spoofable-device-property', { subject_name_format: 'O=Contoso,CN={{SerialNumber}}' }],
      ['variable/unknown', { subject_name_format: 'CN={{UserPrincipleName}}' }],
    ];
    for (const [code, attrs] of cases) {
      const d = diagnostics(platformStack(certs, 'ios', attrs)).find((x) => x.code === code);
      const lines = (d?.detail ?? '').split('\n');
      const quoted = lines.findIndex((l) => l.trimStart().startsWith('"'));
      const value = lines[quoted] as string;
      const caret = lines[quoted + 1] as string;
      expect({ code, indent: value.length - value.trimStart().length }).toEqual({ code, indent: 2 });
      expect({ code, caret: caret.indexOf('^') }).toEqual({ code, caret: value.indexOf('{{') });
    }
  });
});

describe('assignments (tenant rules)', () => {
  const USERS: TenantGroup = { id: '5a1b2c3d-0000-4000-8000-000000000011', displayName: 'Wi-Fi Users (dynamic)', deviceGroup: false };
  const DEVICES: TenantGroup = { id: '5a1b2c3d-0000-4000-8000-000000000012', displayName: 'Corporate Devices', deviceGroup: true };
  const STATIC: TenantGroup = { id: '5a1b2c3d-0000-4000-8000-000000000013', displayName: 'Wi-Fi Users', deviceGroup: undefined };
  const GROUPS = [USERS, DEVICES, STATIC];
  const facts: TenantFacts = {
    filters: [],
    groupsByName: new Map(GROUPS.map((g) => [g.displayName, [g]])),
    groupsById: new Map(GROUPS.map((g) => [g.id, g])),
  };

  /** The tenant findings of one rule for a Windows root and profile with these assignment sets. */
  function tenant(id: string, profile: Attrs, scepSet: Attrs, rootSet: Attrs): Diagnostic[] {
    const resources = [
      {
        address: 'intune_trusted_root_certificate.root',
        type: 'intune_trusted_root_certificate' as const,
        name: 'root',
        attrs: { display_name: 'Root', platform: 'windows', certificate: 'MIIB' },
      },
      {
        address: P,
        type: 'intune_scep_certificate_profile' as const,
        name: 'p',
        attrs: { platform: 'windows', root_certificate_id: ref('intune_trusted_root_certificate.root'), ...profile },
      },
      {
        address: 'intune_profile_assignment.p',
        type: 'intune_profile_assignment' as const,
        name: 'p',
        attrs: { profile_id: ref(P), ...scepSet },
      },
      {
        address: 'intune_profile_assignment.root',
        type: 'intune_profile_assignment' as const,
        name: 'root',
        attrs: { profile_id: ref('intune_trusted_root_certificate.root'), ...rootSet },
      },
    ];
    return runTenantRules(resources, facts).filter((d) => d.code === id);
  }
  const DELAY = 'assignment/device-group-delay';
  const KIND = 'assignment/root-device-targeted';

  it('device-group-delay: not for a Windows device certificate in a device group (machine 802.1X), nor its root', () => {
    expect(
      tenant(
        DELAY,
        { certificate_type: 'device' },
        { include_group_names: ['Corporate Devices'] },
        { include_group_names: ['Corporate Devices'] },
      ),
    ).toEqual([]);
  });

  it('device-group-delay: a user certificate in device groups only still warns, and says when to suppress', () => {
    const found = tenant(
      DELAY,
      { certificate_type: 'user' },
      { include_group_names: ['Corporate Devices'] },
      { include_group_names: ['Wi-Fi Users'] },
    );
    expect(found.map((d) => d.address)).toEqual(['intune_profile_assignment.p']);
    expect(found[0]?.detail).toContain('suppressAssignmentWarnings');
  });

  it.each([
    [
      'a dynamic user group, root to all devices',
      { include_group_names: ['Wi-Fi Users (dynamic)'] },
      { all_devices: true },
      ['include_group_names.0'],
    ],
    [
      'a dynamic user group by id, root to a device group',
      { include_group_ids: [USERS.id] },
      { include_group_names: ['Corporate Devices'] },
      ['include_group_ids.0'],
    ],
    ['all users, root to a device group', { all_users: true }, { include_group_ids: [DEVICES.id] }, ['all_users']],
  ])('a user-targeted SCEP profile whose root reaches devices only: %s', (_name, scepSet, rootSet, paths) => {
    const found = tenant(KIND, { certificate_type: 'user' }, scepSet, rootSet);
    expect(found.map((d) => d.path.join('.'))).toEqual(paths);
    expect(found.every((d) => d.severity === 'error' && d.address === 'intune_profile_assignment.p')).toBe(true);
    expect(found[0]?.detail).toContain('intune_trusted_root_certificate.root');
  });

  it.each([
    [
      'root to the same user group too',
      { include_group_names: ['Wi-Fi Users (dynamic)'] },
      { all_devices: true, include_group_names: ['Wi-Fi Users (dynamic)'] },
    ],
    ['a static group: its members may be users or devices', { include_group_names: ['Wi-Fi Users'] }, { all_devices: true }],
    ['root to a static group', { include_group_names: ['Wi-Fi Users (dynamic)'] }, { include_group_names: ['Wi-Fi Users'] }],
    ['all users, root to all devices (assignment/root-target-kind speaks at validate)', { all_users: true }, { all_devices: true }],
    ['a device group, root to all devices', { include_group_names: ['Corporate Devices'] }, { all_devices: true }],
  ])('not flagged: %s', (_name, scepSet, rootSet) => {
    expect(tenant(KIND, { certificate_type: 'user' }, scepSet, rootSet)).toEqual([]);
  });
});
