/** The config reader: cdk.tf.json → resources, dependencies, lifecycle, and input diagnostics. */
import { Expression, readConfig, validateStack, type Diagnostic } from '../../lib';
import { NOW } from '../helpers/certificates';
import { ref, synth } from '../helpers/stacks';

const codes = (diags: readonly Diagnostic[]) => diags.map((d) => d.code);
const profile = {
  display_name: 'p',
  platform: 'ios',
  certificate_type: 'device',
  subject_name_format: 'CN={{AAD_Device_ID}}',
  scep_server_urls: ['https://a.example'],
  root_certificate_id: ref('intune_trusted_root_certificate.root'),
};
const root = { display_name: 'r', platform: 'ios', certificate: 'x' };

describe('readConfig', () => {
  it('reads resources, dependencies from references and depends_on, lifecycle and construct paths', () => {
    const { resources, diagnostics } = readConfig(
      synth({
        roots: { root: { ...root, '//': { metadata: { path: 'app/root', uniqueId: 'root' } } } },
        profiles: {
          p: {
            ...profile,
            depends_on: ['intune_trusted_root_certificate.root'],
            lifecycle: { prevent_destroy: true, ignore_changes: ['description'], create_before_destroy: false },
          },
        },
        assignments: { a: { profile_id: ref('intune_scep_certificate_profile.p'), all_devices: true } },
      }),
    );
    expect(diagnostics).toEqual([]);
    expect(resources.map((r) => [r.address, r.dependsOn])).toEqual([
      ['intune_trusted_root_certificate.root', []],
      ['intune_scep_certificate_profile.p', ['intune_trusted_root_certificate.root']],
      ['intune_profile_assignment.a', ['intune_scep_certificate_profile.p']],
    ]);
    expect(resources[0]?.constructPath).toBe('app/root');
    expect(resources[1]?.lifecycle).toEqual({ preventDestroy: true, ignoreChanges: ['description'], createBeforeDestroy: false });
    expect(resources[1]?.attrs).not.toHaveProperty('lifecycle');
    expect(resources[1]?.attrs).not.toHaveProperty('depends_on');
  });

  it('leaves other providers alone and keeps references to them as unknown values', () => {
    const doc = synth({
      roots: { root },
      profiles: { p: profile },
      assignments: { a: { profile_id: ref('intune_scep_certificate_profile.p'), include_group_ids: ['${azuread_group.g.id}'] } },
    });
    (doc.resource as Record<string, unknown>).azuread_group = { g: { display_name: 'G' } };
    const { resources, diagnostics } = readConfig(doc);
    expect(diagnostics).toEqual([]);
    expect(resources).toHaveLength(3);
  });

  it('reads strings as Terraform does: $${ and %%{ are text, ${ and %{ are expressions, references stay references', () => {
    const { resources, diagnostics } = readConfig(
      synth({
        roots: {
          root: { ...root, display_name: 'Root $${x} %%{y} $$${z} $ % 100%', description: '$${intune_scep_certificate_profile.p.id}' },
        },
        profiles: { p: { ...profile, display_name: 'P ${var.name}', description: '%{ if true }x%{ endif }' } },
      }),
    );
    expect(diagnostics).toEqual([]);
    const [r, p] = resources;
    expect(r?.attrs).toMatchObject({
      display_name: 'Root ${x} %{y} $${z} $ % 100%',
      description: '${intune_scep_certificate_profile.p.id}',
    });
    // Text that reads like a reference is no dependency.
    expect(r?.dependsOn).toEqual([]);
    expect(p?.attrs).toMatchObject({
      display_name: new Expression('P ${var.name}'),
      description: new Expression('%{ if true }x%{ endif }'),
      root_certificate_id: '${intune_trusted_root_certificate.root.id}',
    });
    expect(p?.dependsOn).toEqual(['intune_trusted_root_certificate.root']);
  });

  it('refuses text in a reference attribute that reads like a reference: those attributes hold ids', () => {
    const { diagnostics } = readConfig(
      synth({ roots: { root }, profiles: { p: { ...profile, root_certificate_id: '$${intune_trusted_root_certificate.root.id}' } } }),
    );
    expect(diagnostics.map((d) => `${d.code} ${d.path.join('.')}`)).toEqual(['config/invalid-reference root_certificate_id']);
  });

  it.each<[string, unknown, string, (string | number)[]]>([
    ['an array', [], 'config/not-an-object', []],
    ['resource not an object', { resource: 3 }, 'config/invalid-structure', ['resource']],
    ['unknown intune type', { resource: { intune_scep_profile: {} } }, 'config/unknown-resource-type', []],
    ['resource body not an object', { resource: { intune_trusted_root_certificate: { r: 'x' } } }, 'config/invalid-structure', []],
    ['count', synth({ roots: { root: { ...root, count: 2 } } }), 'config/unsupported-meta-argument', ['count']],
    [
      'bad lifecycle',
      synth({ roots: { root: { ...root, lifecycle: { prevent_destroy: 'yes' } } } }),
      'config/invalid-meta-argument',
      ['lifecycle', 'prevent_destroy'],
    ],
    [
      'ignore_changes of an unknown attribute',
      synth({ roots: { root: { ...root, lifecycle: { ignore_changes: ['nmae'] } } } }),
      'config/invalid-meta-argument',
      ['lifecycle', 'ignore_changes', 0],
    ],
    [
      'depends_on a missing resource',
      synth({ roots: { root: { ...root, depends_on: ['intune_trusted_root_certificate.gone'] } } }),
      'config/invalid-reference',
      ['depends_on', 0],
    ],
    ['reference to a missing root', synth({ profiles: { p: profile } }), 'config/invalid-reference', ['root_certificate_id']],
    [
      'root reference to a profile',
      synth({
        roots: { root },
        profiles: { p: profile, q: { ...profile, root_certificate_id: ref('intune_scep_certificate_profile.p') } },
      }),
      'config/invalid-reference',
      ['root_certificate_id'],
    ],
    ['unknown attribute', synth({ roots: { root: { ...root, displayName: 'x' } } }), 'schema/unknown-attribute', ['displayName']],
    ['computed attribute', synth({ roots: { root: { ...root, thumbprint: 'AB' } } }), 'schema/computed-attribute', ['thumbprint']],
    ['missing attribute', synth({ roots: { root: { display_name: 'r', platform: 'ios' } } }), 'schema/missing-attribute', ['certificate']],
    ['wrong type', synth({ roots: { root: { ...root, role_scope_tag_ids: '0' } } }), 'schema/wrong-type', ['role_scope_tag_ids']],
    [
      'wrong type in a list object',
      synth({ roots: { root }, profiles: { p: { ...profile, subject_alternative_names: [{ type: 'dns', value: 7 }] } } }),
      'schema/wrong-type',
      ['subject_alternative_names', 0, 'value'],
    ],
    [
      'unknown field in a list object',
      synth({ roots: { root }, profiles: { p: { ...profile, subject_alternative_names: [{ type: 'dns', value: 'a', kind: 'x' }] } } }),
      'schema/unknown-attribute',
      ['subject_alternative_names', 0, 'kind'],
    ],
    [
      'value not allowed',
      synth({ roots: { root: { ...root, deployment_channel: 'both' } } }),
      'schema/invalid-value',
      ['deployment_channel'],
    ],
    [
      'deeply nested value',
      synth({ roots: { root: { ...root, description: JSON.parse('['.repeat(100) + ']'.repeat(100)) } } }),
      'config/invalid-structure',
      [],
    ],
  ])('%s → %s', (_name, doc, code, path) => {
    const { diagnostics } = readConfig(doc);
    const d = diagnostics.find((x) => x.code === code);
    expect(d).toBeDefined();
    expect(d?.path).toEqual(path);
    expect(d?.detail.length).toBeGreaterThan(20);
  });

  it('suggests the attribute the user probably meant', () => {
    const { diagnostics } = readConfig(synth({ roots: { root: { ...root, dispaly_name: 'x' } } }));
    expect(diagnostics.find((d) => d.code === 'schema/unknown-attribute')?.detail).toContain('Did you mean "display_name"?');
  });
});

describe('validateStack', () => {
  it('turns JSON syntax errors into a diagnostic with line and column', () => {
    const d = validateStack('{\n  "resource": {\n    "x": 1,\n  }\n}', { now: NOW });
    expect(codes(d)).toEqual(['config/invalid-json']);
    expect(d[0]?.detail).toMatch(/line 4, column 3/);
  });

  it('warns when there is nothing to check', () => {
    expect(codes(validateStack({}, { now: NOW }))).toEqual(['config/no-resources']);
  });

  it('reports unknown and error ids in suppress_warnings', () => {
    const d = validateStack(synth({ roots: { root: { ...root, suppress_warnings: ['no/such-rule', 'root/unparseable'] } } }), { now: NOW });
    expect(codes(d)).toEqual(expect.arrayContaining(['root/unparseable', 'suppress/unknown-rule', 'suppress/not-a-warning']));
  });

  it('lists errors before warnings, deterministically', () => {
    const d = validateStack(synth({ roots: { root: { ...root, platform: 'android_device_admin' } } }), { now: NOW });
    const sev = d.map((x) => x.severity);
    expect(sev).toEqual([...sev].sort());
    expect(validateStack(synth({ roots: { root: { ...root, platform: 'android_device_admin' } } }), { now: NOW })).toEqual(d);
  });
});
