/** Device configurations on the mock: create, read, update, delete and the root link, as Graph does them. */
import { ENTITY_TYPES } from '../../lib/mock-graph';
import { bind, T, useMock } from '../helpers/mock';

const { mock, client } = useMock({ seedGroups: [{ id: 'g-1', displayName: 'Wi-Fi Users' }] });
const COLL = '/beta/deviceManagement/deviceConfigurations';

const FAMILIES: [string, string][] = [];
for (const [name, t] of ENTITY_TYPES) {
  if (t.kind !== 'scep') continue;
  const root = [...ENTITY_TYPES].find(([, r]) => r.kind === 'trustedRoot' && r.family === t.family)?.[0] as string;
  FAMILIES.push([name, root]);
}

describe('create', () => {
  it.each(FAMILIES)('creates %s linked to its root, with Graph-filled properties', async (scepType, rootType) => {
    const c = client();
    const rootId = await c.createRoot(rootType);
    const r = await c.post(COLL, {
      '@odata.type': scepType,
      displayName: 'Wi-Fi',
      subjectNameFormat: 'custom',
      subjectNameFormatString: 'CN={{UserPrincipalName}}',
      keyUsage: 'digitalSignature,keyEncipherment',
      scepServerUrls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
      // Android device administrator has no customSubjectAlternativeNames: its SANs are flags.
      ...(scepType === T.androidScep
        ? { subjectAlternativeNameType: 'userPrincipalName' }
        : { customSubjectAlternativeNames: [{ sanType: 'userPrincipalName', name: '{{UserPrincipalName}}' }] }),
      'rootCertificate@odata.bind': bind(rootId),
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      '@odata.type': scepType,
      displayName: 'Wi-Fi',
      version: 1,
      roleScopeTagIds: ['0'],
      supportsScopeTags: true,
      description: null,
      keyUsage: 'keyEncipherment,digitalSignature',
    });
    expect(r.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body.createdDateTime).toBe(r.body.lastModifiedDateTime);
    expect('rootCertificate@odata.bind' in r.body).toBe(false);
    const plain = await c.get(`${COLL}/${r.body.id}`);
    expect(plain.body.rootCertificate).toBeUndefined();
    const expanded = await c.get(`${COLL}/${r.body.id}?$expand=rootCertificate`);
    expect(expanded.body.rootCertificate.id).toBe(rootId);
    const cast = scepType.slice(1);
    expect((await c.get(`${COLL}/${r.body.id}/${cast}/rootCertificate`)).body.id).toBe(rootId);
    expect((await c.get(`${COLL}('${r.body.id}')/${cast}/rootCertificate/$ref`)).body['@odata.id']).toContain(rootId);
  });

  it.each<[string, Record<string, unknown>, number, string]>([
    ['no @odata.type', { displayName: 'x' }, 400, "'@odata.type' annotation is missing"],
    ['an abstract type', { '@odata.type': '#microsoft.graph.deviceConfiguration', displayName: 'x' }, 400, 'abstract type'],
    [
      'an unknown type',
      { '@odata.type': '#microsoft.graph.windows10ScepCertificateProfile', displayName: 'x' },
      400,
      'could not be resolved',
    ],
    [
      'an unknown property',
      { '@odata.type': T.winRoot, displayName: 'x', trustedRootCertificate: 'AA==', destinationStores: 'x' },
      400,
      "property 'destinationStores' does not exist",
    ],
    [
      'a property of another platform',
      { '@odata.type': T.iosRoot, displayName: 'x', trustedRootCertificate: 'AA==', destinationStore: 'computerCertStoreRoot' },
      400,
      "'destinationStore' does not exist",
    ],
    [
      'a wrong value type',
      { '@odata.type': T.winRoot, displayName: 'x', trustedRootCertificate: 'AA==', roleScopeTagIds: '0' },
      400,
      'Collection(Edm.String)',
    ],
    [
      'a misspelled enum value',
      { '@odata.type': T.winRoot, displayName: 'x', trustedRootCertificate: 'AA==', destinationStore: 'computerCertStoreRot' },
      400,
      "'computerCertStoreRot' is not valid",
    ],
    [
      'a navigation property written inline',
      { '@odata.type': T.winRoot, displayName: 'x', trustedRootCertificate: 'AA==', assignments: [] },
      400,
      'cannot be written inline',
    ],
    [
      'null for a non-nullable property',
      { '@odata.type': T.winRoot, displayName: 'x', trustedRootCertificate: 'AA==', destinationStore: null },
      400,
      'non-nullable',
    ],
    [
      'a SAN list on Android device administrator',
      { '@odata.type': T.androidScep, displayName: 'x', customSubjectAlternativeNames: [] },
      400,
      "'customSubjectAlternativeNames' does not exist",
    ],
    [
      'a nested @odata.type of another type',
      {
        '@odata.type': T.iosScep,
        displayName: 'x',
        extendedKeyUsages: [{ '@odata.type': 'microsoft.graph.extendedKey', name: 'a', objectIdentifier: '1.2' }],
      },
      400,
      'not compatible',
    ],
    ['no display name', { '@odata.type': T.winRoot, trustedRootCertificate: 'AA==' }, 400, "'displayName' is required"],
    ['bad base64', { '@odata.type': T.winRoot, displayName: 'x', trustedRootCertificate: 'not base64!' }, 400, 'Edm.Binary'],
    ['a SCEP profile without a root', { '@odata.type': T.iosScep, displayName: 'x' }, 400, 'rootCertificate@odata.bind'],
    [
      'a root bind to a missing object',
      { '@odata.type': T.iosScep, displayName: 'x', 'rootCertificate@odata.bind': bind('00000000-0000-0000-0000-000000000000') },
      400,
      'does not exist',
    ],
    [
      'a misspelled flag member',
      { '@odata.type': T.iosScep, displayName: 'x', keyUsage: 'digitalSignature,keyEnciphering' },
      400,
      "'digitalSignature,keyEnciphering' is not valid",
    ],
    [
      'too many EKUs',
      {
        '@odata.type': T.iosScep,
        displayName: 'x',
        extendedKeyUsages: Array.from({ length: 501 }, (_, i) => ({ name: 'x', objectIdentifier: `1.3.6.1.4.1.${i}` })),
      },
      400,
      'at most 500',
    ],
  ])('refuses %s with the Graph error envelope', async (_n, body, status, message) => {
    const r = await client().post(COLL, body);
    expect(r.status).toBe(status);
    expect(r.body.error.code).toMatch(/ModelValidationFailure|BadRequest/);
    expect(r.body.error.message).toContain(message);
    expect(r.body.error.innerError['request-id']).toBe(r.headers.get('request-id'));
  });

  it('refuses a root of another platform', async () => {
    const rootId = await client().createRoot(T.iosRoot);
    const r = await client().post(COLL, { '@odata.type': T.winScep, displayName: 'x', 'rootCertificate@odata.bind': bind(rootId) });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('same platform');
  });

  it('accepts the request body of graph-api.md and resources.md mapping for a Windows profile', async () => {
    const rootId = await client().createRoot(T.winRoot, {
      certFileName: 'root.cer',
      destinationStore: 'computerCertStoreIntermediate',
      roleScopeTagIds: ['0'],
    });
    const r = await client().post(COLL, {
      '@odata.type': T.winScep,
      displayName: '802.1X',
      description: 'Device certificates',
      certificateStore: 'machine',
      subjectNameFormat: 'custom',
      subjectNameFormatString: 'CN={{AAD_Device_ID}}',
      subjectAlternativeNameType: 'none',
      customSubjectAlternativeNames: [
        { sanType: 'universalResourceIdentifier', name: '{{OnPremisesSecurityIdentifier}}' },
        { sanType: 'domainNameService', name: '{{DeviceName}}' },
      ],
      certificateValidityPeriodValue: 1,
      certificateValidityPeriodScale: 'years',
      renewalThresholdPercentage: 20,
      keyStorageProvider: 'useTpmKspOtherwiseFail',
      keyUsage: 'keyEncipherment,digitalSignature',
      keySize: 'size2048',
      hashAlgorithm: 'sha2',
      extendedKeyUsages: [{ name: 'Client Authentication', objectIdentifier: '1.3.6.1.5.5.7.3.2' }],
      scepServerUrls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
      roleScopeTagIds: ['0'],
      deviceManagementApplicabilityRuleOsEdition: { osEditionTypes: ['windows10Enterprise'], name: 'Enterprise', ruleType: 'include' },
      'rootCertificate@odata.bind': bind(rootId),
    });
    expect(r.status).toBe(201);
    expect(r.body.keyStorageProvider).toBe('useTpmKspOtherwiseFail');
  });

  it('accepts macOS channel and Android device-owner silent access', async () => {
    const mac = await client().createScep(T.macScep, await client().createRoot(T.macRoot, { deploymentChannel: 'userChannel' }), {
      deploymentChannel: 'userChannel',
      allowAllAppsAccess: true,
    });
    expect((await client().get(`${COLL}/${mac}`)).body.deploymentChannel).toBe('userChannel');
    const owner = await client().createScep(
      '#microsoft.graph.androidDeviceOwnerScepCertificateProfile',
      await client().createRoot('#microsoft.graph.androidDeviceOwnerTrustedRootCertificate'),
      {
        certificateAccessType: 'specificApps',
        silentCertificateAccessDetails: [{ packageId: 'com.cisco.anyconnect.vpn.android.avf' }],
      },
    );
    expect((await client().get(`${COLL}/${owner}`)).body.silentCertificateAccessDetails).toEqual([
      { '@odata.type': 'microsoft.graph.androidDeviceOwnerSilentCertificateAccess', packageId: 'com.cisco.anyconnect.vpn.android.avf' },
    ]);
  });
});

describe('update', () => {
  it('PATCH answers 204, bumps version and lastModifiedDateTime, and keeps what it did not name', async () => {
    const c = client();
    const id = await c.createScep(T.iosScep, await c.createRoot(T.iosRoot), { description: 'a', keySize: 'size2048' });
    const before = (await c.get(`${COLL}/${id}`)).body;
    const r = await c.req('PATCH', `${COLL}/${id}`, { '@odata.type': T.iosScep, description: 'b', keyUsage: 'digitalSignature' });
    expect(r.status).toBe(204);
    expect(r.body).toBeUndefined();
    const after = (await c.get(`${COLL}/${id}`)).body;
    expect(after).toMatchObject({ description: 'b', keySize: 'size2048', version: before.version + 1, keyUsage: 'digitalSignature' });
  });

  it('answers 200 with the entity when configured as documented', async () => {
    const c = client();
    const id = await c.createRoot();
    mock().behaviour.patchStatus = 200;
    try {
      const r = await c.req('PATCH', `${COLL}/${id}`, { '@odata.type': T.winRoot, displayName: 'Renamed' });
      expect(r.status).toBe(200);
      expect(r.body.displayName).toBe('Renamed');
    } finally {
      mock().behaviour.patchStatus = 204;
    }
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['without @odata.type', { displayName: 'x' }, "send the object's own type"],
    ['with another @odata.type', { '@odata.type': T.macRoot, displayName: 'x' }, 'cannot change'],
    ['with an unknown property', { '@odata.type': T.macScep, colour: 'x' }, "'colour' does not exist"],
    [
      'changing the deployment channel',
      { '@odata.type': T.macScep, deploymentChannel: 'userChannel' },
      "'deploymentChannel' cannot be changed",
    ],
    ['with a root bind', { '@odata.type': T.macScep, 'rootCertificate@odata.bind': bind('x') }, '$ref'],
  ])('refuses a PATCH %s', async (_n, body, message) => {
    const c = client();
    const id = await c.createScep(T.macScep, await c.createRoot(T.macRoot), { deploymentChannel: 'deviceChannel' });
    const r = await c.req('PATCH', `${COLL}/${id}`, body);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain(message);
    expect((await c.get(`${COLL}/${id}`)).body.version).toBe(1);
  });

  it('re-points a SCEP profile with PUT $ref, checking the new root', async () => {
    const c = client();
    const id = await c.createScep(T.winScep, await c.createRoot());
    const other = await c.createRoot();
    const cast = T.winScep.slice(1);
    expect((await c.req('PUT', `${COLL}/${id}/${cast}/rootCertificate/$ref`, { '@odata.id': bind(other) })).status).toBe(204);
    expect((await c.get(`${COLL}/${id}?$expand=rootCertificate`)).body.rootCertificate.id).toBe(other);
    const ios = await c.createRoot(T.iosRoot);
    expect((await c.req('PUT', `${COLL}/${id}/${cast}/rootCertificate/$ref`, { '@odata.id': bind(ios) })).status).toBe(400);
    expect(
      (await c.req('PUT', `${COLL}/${id}/microsoft.graph.iosScepCertificateProfile/rootCertificate/$ref`, { '@odata.id': bind(other) }))
        .status,
    ).toBe(400);
  });
});

describe('delete', () => {
  it('deletes with 204, then the object is 404', async () => {
    const c = client();
    const id = await c.createRoot();
    expect((await c.req('DELETE', `${COLL}/${id}`)).status).toBe(204);
    const r = await c.get(`${COLL}/${id}`);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('ResourceNotFound');
    expect((await c.req('DELETE', `${COLL}/${id}`)).status).toBe(404);
  });

  it('refuses to delete a root still referenced, until the profile goes', async () => {
    const c = client();
    const rootId = await c.createRoot();
    const scep = await c.createScep(T.winScep, rootId);
    const r = await c.req('DELETE', `${COLL}/${rootId}`);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain(scep);
    expect((await c.req('DELETE', `${COLL}/${scep}`)).status).toBe(204);
    expect((await c.req('DELETE', `${COLL}/${rootId}`)).status).toBe(204);
  });
});

describe('versions and errors', () => {
  it('a v1.0 list silently leaves the beta-only types out', async () => {
    await client().createRoot();
    const r = await client().get('/v1.0/deviceManagement/deviceConfigurations');
    expect(r.status).toBe(200);
    expect(r.body.value).toEqual([]);
  });

  it('echoes client-request-id and sets request-id on every answer', async () => {
    const r = await client().req('GET', `${COLL}/nope`, undefined, { 'client-request-id': 'abc-123' });
    expect(r.headers.get('client-request-id')).toBe('abc-123');
    expect(r.body.error.innerError['client-request-id']).toBe('abc-123');
    expect(r.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('wraps messages in Intune JSON when asked', async () => {
    const { startMockGraph } = await import('../../lib/mock-graph');
    const m = await startMockGraph({ auth: 'off', intuneErrorMessages: true });
    try {
      const r = await fetch(`${m.url}/beta/deviceManagement/deviceConfigurations/nope`);
      const body = (await r.json()) as { error: { message: string } };
      const inner = JSON.parse(body.error.message) as { _version: number; Message: string };
      expect(inner._version).toBe(3);
      expect(inner.Message).toContain('An error has occurred');
    } finally {
      await m.close();
    }
  });

  it('answers malformed JSON with 400 and unknown paths with an error', async () => {
    expect((await client().req('POST', COLL, '{"a":')).status).toBe(400);
    expect((await client().get('/beta/deviceManagement/nothing')).status).toBe(400);
    expect((await client().req('PUT', COLL, {})).status).toBe(405);
  });

  it('lets a test override a route until resetHandlers', async () => {
    const { route } = await import('../../lib/mock-graph');
    mock().use(
      route('GET', '/deviceManagement/deviceConfigurations/:id', () => ({
        status: 418,
        body: { error: { code: 'Teapot', message: 'x' } },
      })),
    );
    expect((await client().get(`${COLL}/x`)).status).toBe(418);
    mock().resetHandlers();
    expect((await client().get(`${COLL}/x`)).status).toBe(404);
  });
});
