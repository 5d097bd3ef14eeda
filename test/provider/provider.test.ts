/** The provider's plan and read semantics, in process (the gRPC and terraform layers are tested elsewhere). */
import { IntuneProvider } from '../../lib/provider/provider';
import { UNKNOWN, shapeAs, isUnknown, resourceType, type TfObject } from '../../lib/provider/values';
import { NOW, testCertificates } from '../helpers/certificates';

const provider = new IntuneProvider({
  env: {},
  now: () => NOW,
  loopback: { credential: { tenantId: 't', clientId: 'c', clientSecret: 's' } },
});
/** A provider configured against `mock` with the mock's own client. */
async function onMock(mock: { url: string }): Promise<IntuneProvider> {
  const { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } = await import('../../lib/mock-graph');
  const p = new IntuneProvider({
    env: {},
    now: () => NOW,
    loopback: { credential: { tenantId: DEFAULT_TENANT_ID, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET } },
  });
  expect(p.configure({ graph_url: mock.url })).toEqual([]);
  return p;
}
const scep = (attrs: Record<string, unknown>) => shapeAs(resourceType('intune_scep_certificate_profile'), attrs) as TfObject;
const MAC = {
  display_name: 'Mac Wi-Fi',
  platform: 'macos',
  root_certificate_id: '6a0b3c1e-0000-4000-8000-000000000001',
  certificate_type: 'user',
  subject_name_format: 'CN={{UserPrincipalName}}',
  scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
};

test('create: defaults filled in (platform ones too), computed values unknown, nothing to replace', async () => {
  const config = scep(MAC);
  const r = await provider.plan('intune_scep_certificate_profile', null, config, config);
  const planned = r.planned as TfObject;
  expect(r.diagnostics).toEqual([]);
  expect(planned.deployment_channel).toBe('device');
  expect(planned.key_size).toBe(2048);
  expect(planned.hash_algorithm).toBeNull(); // not a macOS setting
  expect(isUnknown(planned.id)).toBe(true);
  expect(isUnknown(planned.version)).toBe(true);
  expect(r.requiresReplace).toEqual([]);
});

test('a default that depends on an unknown platform is unknown', async () => {
  const config = scep({ ...MAC, platform: UNKNOWN });
  const planned = (await provider.plan('intune_scep_certificate_profile', null, config, config)).planned as TfObject;
  expect(isUnknown(planned.deployment_channel)).toBe(true);
  expect(planned.key_size).toBe(2048);
});

test('a deployment channel change requires replacement; the id becomes unknown', async () => {
  const prior = scep({ ...MAC, deployment_channel: 'device', key_size: 2048, id: 'p1', version: 3 });
  const config = scep({ ...MAC, deployment_channel: 'user' });
  const r = await provider.plan('intune_scep_certificate_profile', prior, config, config);
  expect(r.requiresReplace).toEqual([['deployment_channel']]);
  expect(isUnknown((r.planned as TfObject).id)).toBe(true);
});

test('an in-place change keeps the id and makes only the version unknown', async () => {
  const prior = (await provider.plan('intune_scep_certificate_profile', null, scep(MAC), scep(MAC))).planned as TfObject;
  const before = { ...prior, id: 'p1', version: 3 };
  const config = scep({ ...MAC, renewal_threshold_percentage: 30 });
  const r = await provider.plan('intune_scep_certificate_profile', before, config, config);
  expect(r.requiresReplace).toEqual([]);
  expect((r.planned as TfObject).id).toBe('p1');
  expect(isUnknown((r.planned as TfObject).version)).toBe(true);
  const same = await provider.plan('intune_scep_certificate_profile', before, scep(MAC), scep(MAC));
  expect((same.planned as TfObject).version).toBe(3);
});

test("a root's thumbprint, subject and expiry are known at plan", async () => {
  const root = (await testCertificates()).root;
  const config = shapeAs(resourceType('intune_trusted_root_certificate'), { display_name: 'Root', platform: 'windows', certificate: root });
  const planned = (await provider.plan('intune_trusted_root_certificate', null, config, config)).planned as TfObject;
  expect(planned.thumbprint).toBe((await testCertificates()).rootThumbprint);
  expect(planned.not_after).toBe('2040-01-01T00:00:00.000Z');
  expect(planned.file_name).toBe('Root.cer');
  expect(planned.destination_store).toBe('computer_root');
});

test('validation: rule ids with attribute paths; unknown values are not reported as missing', () => {
  const d = provider.validateResource('intune_scep_certificate_profile', scep({ ...MAC, root_certificate_id: UNKNOWN, key_size: 1000 }));
  expect(d.map((x) => x.summary.split(']')[0])).toContain('[key/invalid-size');
  expect(d.find((x) => x.summary.startsWith('[key/invalid-size'))?.path).toEqual(['key_size']);
  expect(d.some((x) => x.summary.startsWith('[reference/root-missing'))).toBe(false);
});

test('values from Terraform are text already: ${ and $${ in them are neither expressions nor escapes (nothing is unescaped twice)', async () => {
  const root = (await testCertificates()).root;
  const name = 'Root ${file("x")} $${y} %{ if }';
  const config = shapeAs(resourceType('intune_trusted_root_certificate'), {
    display_name: name,
    description: name,
    platform: 'windows',
    certificate: root,
  });
  expect(provider.validateResource('intune_trusted_root_certificate', config)).toEqual([]);
  // Text is judged as text: `user ${x}` is no certificate type (an expression would pass unjudged).
  const judged = provider.validateResource('intune_scep_certificate_profile', scep({ ...MAC, certificate_type: 'user ${x}' }));
  expect(judged.map((d) => d.path)).toContainEqual(['certificate_type']);
  const planned = (await provider.plan('intune_trusted_root_certificate', null, config, config)).planned as TfObject;
  expect(planned.display_name).toBe(name);
  expect(planned.file_name).toBe(`${name}.cer`);
  // A name unknown until apply: the file name that follows from it is unknown too.
  const unknownName = shapeAs(resourceType('intune_trusted_root_certificate'), {
    display_name: UNKNOWN,
    platform: 'windows',
    certificate: root,
  });
  expect(
    isUnknown(((await provider.plan('intune_trusted_root_certificate', null, unknownName, unknownName)).planned as TfObject).file_name),
  ).toBe(true);
});

test("a graph_url a pull request writes cannot collect the pipeline's token: only Microsoft Graph or loopback get one", () => {
  const env = { AZURE_TENANT_ID: 'aaaaaaaa-0000-4000-8000-00000000000a', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 'pipeline-secret' };
  const p = new IntuneProvider({ env, now: () => NOW, loopback: { credential: { tenantId: 't', clientId: 'c', clientSecret: 's' } } });
  const refused = p.configure({ graph_url: 'https://192.0.2.2:8443' });
  expect(refused.map((d) => d.detail).join('\n')).toMatch(/graph URL "https:\/\/192\.0\.2\.2:8443" is not Microsoft Graph/);
  expect(refused.map((d) => d.detail).join('\n')).not.toContain('pipeline-secret');
  expect(p.configure({ graph_url: 'https://graph.microsoft.us/beta' })).toEqual([]);
});

test('an unconfigured provider answers with a diagnostic, not a crash', async () => {
  const r = await provider.read('intune_scep_certificate_profile', scep({ ...MAC, id: 'p1' }));
  expect(r.diagnostics[0]?.detail).toMatch(/not configured/);
  expect(provider.configure({})[0]?.summary).toBe('No Graph to talk to');
});

test('a create whose answer cannot be read back keeps the new id in state (Terraform taints it), never forgets the object', async () => {
  const { startMockGraph, route } = await import('../../lib/mock-graph');
  const mock = await startMockGraph({ auth: 'off', throttle: { mode: 'off' } });
  try {
    // The POST succeeds in the tenant, but answers with a type intune-scep cannot read.
    mock.use(
      route(
        'POST',
        '/deviceManagement/deviceConfigurations',
        (_req, ctx) => {
          const id = '0f0e0d0c-0000-4000-8000-00000000abcd';
          ctx.store.putConfiguration({
            id,
            '@odata.type': '#microsoft.graph.windows81TrustedRootCertificate',
            displayName: 'Root',
          } as never);
          return { status: 201, body: { id, '@odata.type': '#microsoft.graph.windows10CustomConfiguration', displayName: 'Root' } };
        },
        { write: true, intune: true },
      ),
    );
    const p = await onMock(mock);
    const config = shapeAs(resourceType('intune_trusted_root_certificate'), {
      display_name: 'Root',
      platform: 'windows',
      certificate: (await testCertificates()).root,
    });
    const planned = (await p.plan('intune_trusted_root_certificate', null, config, config)).planned;
    const r = await p.apply('intune_trusted_root_certificate', null, planned);
    expect(r.diagnostics[0]?.severity).toBe('error');
    expect(r.diagnostics[0]?.summary).toContain('object 0f0e0d0c-0000-4000-8000-00000000abcd was created and is kept in state');
    expect((r.state as TfObject).id).toBe('0f0e0d0c-0000-4000-8000-00000000abcd');
    expect(Object.values(r.state as TfObject).some(isUnknown)).toBe(false);
  } finally {
    await mock.close();
  }
});

test('an assignment with a filter by name: plan resolves it, apply posts it, read and an import see it', async () => {
  const { startMockGraph, DEFAULT_SEED_FILTERS } = await import('../../lib/mock-graph');
  const mock = await startMockGraph({
    auth: 'off',
    throttle: { mode: 'off' },
    seedGroups: [{ id: '1c7a8d2f-6b3e-4f9c-8d4a-2e3f4a5b6c71', displayName: 'Wi-Fi Users' }],
    seedFilters: [...DEFAULT_SEED_FILTERS],
  });
  try {
    const p = await onMock(mock);
    const rootConfig = shapeAs(resourceType('intune_trusted_root_certificate'), {
      display_name: 'Root',
      platform: 'windows',
      certificate: (await testCertificates()).root,
    });
    const made = await p.apply(
      'intune_trusted_root_certificate',
      null,
      (await p.plan('intune_trusted_root_certificate', null, rootConfig, rootConfig)).planned,
    );
    expect(made.diagnostics).toEqual([]);
    const root = made.state as TfObject;
    const windows = DEFAULT_SEED_FILTERS.find((f) => f.platform === 'windows10AndLater')!;
    const config = shapeAs(resourceType('intune_profile_assignment'), {
      profile_id: root.id,
      include_group_names: ['Wi-Fi Users'],
      filters: [{ group_name: 'Wi-Fi Users', filter_name: windows.displayName, mode: 'include' }],
    });
    const planned = (await p.plan('intune_profile_assignment', null, config, config)).planned as TfObject;
    const expected = [`1c7a8d2f-6b3e-4f9c-8d4a-2e3f4a5b6c71 include ${windows.id}`];
    expect(planned.resolved_filters).toEqual(expected);
    const applied = await p.apply('intune_profile_assignment', null, planned);
    expect(applied.diagnostics).toEqual([]);
    expect(
      mock.store.assignments
        .get(String(root.id))
        ?.map((a) => [
          a.target.groupId,
          a.target.deviceAndAppManagementAssignmentFilterId,
          a.target.deviceAndAppManagementAssignmentFilterType,
        ]),
    ).toEqual([['1c7a8d2f-6b3e-4f9c-8d4a-2e3f4a5b6c71', windows.id, 'include']]);
    const read = (await p.read('intune_profile_assignment', applied.state)).state as TfObject;
    expect(read.resolved_filters).toEqual(expected);
    // As Terraform sends it back: the imported state with every attribute, unset ones null.
    const stub = shapeAs(
      resourceType('intune_profile_assignment'),
      (await p.importState('intune_profile_assignment', String(root.id))).state as TfObject,
    );
    const imported = (await p.read('intune_profile_assignment', stub)).state as TfObject;
    expect(imported.filters).toEqual([
      expect.objectContaining({ group_name: 'Wi-Fi Users', filter_name: windows.displayName, mode: 'include' }),
    ]);
  } finally {
    await mock.close();
  }
});

describe('Cloud PKI CAs', () => {
  const ca = (attrs: Record<string, unknown>) => shapeAs(resourceType('intune_cloud_pki_issuing_ca'), attrs) as TfObject;
  const CA = { display_name: 'Issuing', common_name: 'Issuing', validity_years: 4, root_ca_id: '6a0b3c1e-0000-4000-8000-000000000001' };
  const HELD = {
    ...CA,
    id: 'c1',
    status: 'active',
    certificate: '-----BEGIN CERTIFICATE-----',
    thumbprint: 'AB',
    not_after: '2030-01-01T00:00:00Z',
    scep_server_url: 'https://{{CloudPKIFQDN}}/x',
  };

  test('create: what Intune computes is unknown; a rename keeps it; other changes replace and need revoke_on_destroy', async () => {
    const created = await provider.plan('intune_cloud_pki_issuing_ca', null, ca(CA), ca(CA));
    expect(created.diagnostics).toEqual([]);
    for (const k of ['id', 'status', 'certificate', 'thumbprint', 'not_after', 'scep_server_url'])
      expect(isUnknown((created.planned as TfObject)[k])).toBe(true);
    expect((created.planned as TfObject).revoke_on_destroy).toBe(false);

    const prior = { ...(created.planned as TfObject), ...HELD, revoke_on_destroy: false } as TfObject;
    const renamed = await provider.plan(
      'intune_cloud_pki_issuing_ca',
      prior,
      ca({ ...CA, display_name: 'Wi-Fi CA' }),
      ca({ ...CA, display_name: 'Wi-Fi CA' }),
    );
    expect(renamed.requiresReplace).toEqual([]);
    expect((renamed.planned as TfObject).scep_server_url).toBe(HELD.scep_server_url);

    const longer = ca({ ...CA, validity_years: 6 });
    const refused = await provider.plan('intune_cloud_pki_issuing_ca', prior, longer, longer);
    expect(refused.requiresReplace).toEqual([['validity_years']]);
    expect(isUnknown((refused.planned as TfObject).scep_server_url)).toBe(true);
    expect(refused.diagnostics.map((d) => d.summary)).toEqual([expect.stringContaining('[plan/ca-destroy-protected]')]);
    // Terraform's state decides: the setting in the configuration alone is not enough...
    const allowed = ca({ ...CA, validity_years: 6, revoke_on_destroy: true });
    expect((await provider.plan('intune_cloud_pki_issuing_ca', prior, allowed, allowed)).diagnostics).toHaveLength(1);
    // ...once applied (recorded), the replacement is planned.
    const recorded = { ...prior, revoke_on_destroy: true } as TfObject;
    expect((await provider.plan('intune_cloud_pki_issuing_ca', recorded, allowed, allowed)).diagnostics).toEqual([]);
  });

  test('destroy: refused unless the state holds revoke_on_destroy = true', async () => {
    const refused = await provider.plan('intune_cloud_pki_issuing_ca', ca({ ...HELD, revoke_on_destroy: false }), null, null);
    expect(refused.diagnostics.map((d) => d.summary)).toEqual([expect.stringContaining('[plan/ca-destroy-protected]')]);
    expect(refused.diagnostics[0]?.detail).toContain('apply it first');
    expect((await provider.plan('intune_cloud_pki_issuing_ca', ca({ ...HELD, revoke_on_destroy: true }), null, null)).diagnostics).toEqual(
      [],
    );
    // Other types are planned for destroy as before.
    expect((await provider.plan('intune_scep_certificate_profile', scep({ ...MAC, id: 'p1' }), null, null)).diagnostics).toEqual([]);
  });
});

/**
 * Found by newcomer review: the engine warns when a create would make a second profile of a name the
 * tenant already has (plan/duplicate-display-name); Terraform plans each resource alone, and the
 * provider said nothing, so the README's two ways to run, followed in order against the same mock,
 * made two of every profile. The provider now warns per resource, from one listing per plan.
 */
test('a create of a profile whose type and name the tenant already has: a warning with the id to import, unless suppressed', async () => {
  const { startMockGraph } = await import('../../lib/mock-graph');
  const mock = await startMockGraph({ auth: 'off', throttle: { mode: 'off' } });
  try {
    const id = '0f0e0d0c-0000-4000-8000-00000000abcd';
    mock.store.putConfiguration({
      id,
      '@odata.type': '#microsoft.graph.windows81TrustedRootCertificate',
      displayName: 'Contoso Root',
    } as never);
    const p = await onMock(mock);
    const root = (await testCertificates()).root;
    const config = (attrs: Record<string, unknown>) =>
      shapeAs(resourceType('intune_trusted_root_certificate'), { platform: 'windows', certificate: root, ...attrs });
    const plan = async (attrs: Record<string, unknown>) => {
      const c = config(attrs);
      return (await p.plan('intune_trusted_root_certificate', null, c, c)).diagnostics;
    };
    const [warning, ...rest] = await plan({ display_name: ' contoso ROOT ' });
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({
      severity: 'warning',
      summary: expect.stringMatching(/^\[plan\/duplicate-display-name\] /),
      path: ['display_name'],
    });
    expect(warning?.detail).toContain(`(id ${id})`);
    expect(warning?.detail).toContain(`import { to = <this resource's address>, id = "${id}" }`);
    // Another platform's root of that name, another name, a suppressed warning, an update: nothing.
    expect(await plan({ display_name: 'Contoso Root', platform: 'ios' })).toEqual([]);
    expect(await plan({ display_name: 'Contoso Root 2' })).toEqual([]);
    expect(await plan({ display_name: 'Contoso Root', suppress_warnings: ['plan/duplicate-display-name'] })).toEqual([]);
    const held = { ...(config({ display_name: 'Contoso Root' }) as TfObject), id };
    const c = config({ display_name: 'Contoso Root' });
    expect((await p.plan('intune_trusted_root_certificate', held, c, c)).diagnostics).toEqual([]);
  } finally {
    await mock.close();
  }
});

test("the duplicate check's listing failing (a 403, a timeout) warns that it could not check; it fails no plan, and is asked again", async () => {
  const { startMockGraph } = await import('../../lib/mock-graph');
  const mock = await startMockGraph({ auth: 'off', throttle: { mode: 'off' } });
  try {
    const p = await onMock(mock);
    const c = shapeAs(resourceType('intune_trusted_root_certificate'), {
      display_name: 'Root',
      platform: 'windows',
      certificate: (await testCertificates()).root,
    });
    mock.faults.configure({ errorRate: 1, errorStatuses: [403] });
    const failing = await p.plan('intune_trusted_root_certificate', null, c, c);
    expect(failing.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', summary: expect.stringContaining('could not check for a profile of the same name') }),
    ]);
    expect(failing.planned).not.toBeNull();
    mock.faults.configure({ errorRate: 0 });
    expect((await p.plan('intune_trusted_root_certificate', null, c, c)).diagnostics).toEqual([]);
  } finally {
    await mock.close();
  }
});
