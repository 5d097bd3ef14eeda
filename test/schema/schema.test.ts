/** The single source of truth and what is derived from it. */
import {
  GRAPH_ENUMS,
  PLATFORMS,
  PLATFORM_TABLE,
  PROVIDER_ADDRESS,
  RESOURCES,
  RESOURCE_SCHEMAS,
  RESOURCE_TYPES,
  VARIABLES,
  effectiveValue,
  isKnownCode,
  isSpoofable,
  lookupVariable,
  platformOfODataType,
  replacementAttributes,
  terraformProviderSchema,
  type VariableInfo,
} from '../../lib';

describe('platform table', () => {
  it('maps every platform to a SCEP and a root type, each used once', () => {
    const types = PLATFORMS.flatMap((p) => [PLATFORM_TABLE[p].scepODataType, PLATFORM_TABLE[p].rootODataType]);
    expect(new Set(types).size).toBe(14);
    for (const t of types) expect(t).toMatch(/^#microsoft\.graph\.[a-zA-Z0-9]+$/);
  });

  it.each(PLATFORMS)('finds %s back from its @odata.types', (p) => {
    expect(platformOfODataType(PLATFORM_TABLE[p].scepODataType)).toEqual({ platform: p, kind: 'scep' });
    expect(platformOfODataType(PLATFORM_TABLE[p].rootODataType)).toEqual({ platform: p, kind: 'root' });
  });

  it('spells the Windows types as Graph does', () => {
    expect(PLATFORM_TABLE.windows.scepODataType).toBe('#microsoft.graph.windows81SCEPCertificateProfile');
    expect(PLATFORM_TABLE.macos.rootODataType).toBe('#microsoft.graph.macOSTrustedRootCertificate');
  });
});

describe('variable catalog', () => {
  it('matches names case-insensitively and returns the canonical spelling', () => {
    expect(lookupVariable('SERIALNUMBER')?.name).toBe('SerialNumber');
    expect(lookupVariable('onpremisessecurityidentifier')?.kind).toBe('strong-mapping');
    expect(lookupVariable('Nope')).toBeUndefined();
  });

  it('marks exactly the documented spoofable and hardware-id variables', () => {
    // The article's device properties on every platform; the device name where users rename devices (not Windows).
    expect(
      VARIABLES.filter((v) => v.spoofable)
        .map((v) => v.name)
        .sort(),
    ).toEqual(['DeviceName', 'Device_IMEI', 'Device_Serial', 'FullyQualifiedDomainName', 'IMEI', 'IMEINumber', 'SerialNumber'].sort());
    expect(PLATFORMS.filter((p) => isSpoofable(lookupVariable('DeviceName') as VariableInfo, p))).toEqual(
      PLATFORMS.filter((p) => p !== 'windows'),
    );
    expect(PLATFORMS.filter((p) => isSpoofable(lookupVariable('SerialNumber') as VariableInfo, p))).toEqual([...PLATFORMS]);
    expect(
      VARIABLES.filter((v) => v.hardwareId)
        .map((v) => v.name)
        .sort(),
    ).toEqual(['Device_IMEI', 'Device_Serial', 'IMEI', 'IMEINumber', 'MEID', 'SerialNumber'].sort());
  });
});

describe('resource declarations', () => {
  const all = RESOURCE_TYPES.flatMap((t) => Object.entries(RESOURCES[t].attributes).map(([name, def]) => ({ t, name, def })));

  it('describe every attribute', () => {
    for (const { name, def } of all) expect(`${name}: ${def.description}`).toMatch(/: .{8,}/);
  });

  it('name only known diagnostic codes in enumRule, requiredRule and platformRule', () => {
    for (const { def } of all) {
      for (const code of [def.enumRule, def.requiredRule, def.platformRule]) if (code) expect(isKnownCode(code)).toBe(true);
    }
  });

  it('take enum values from the Graph mapping tables', () => {
    expect(RESOURCES.intune_scep_certificate_profile.attributes.key_storage_provider?.enum).toEqual(
      Object.keys(GRAPH_ENUMS.key_storage_provider),
    );
    expect(RESOURCES.intune_trusted_root_certificate.attributes.destination_store?.enum).toEqual(
      Object.keys(GRAPH_ENUMS.destination_store),
    );
  });

  it('declare the replacement rules of the planner, sorted', () => {
    expect(replacementAttributes('intune_scep_certificate_profile').map((r) => r.name)).toEqual(['deployment_channel', 'platform']);
    expect(replacementAttributes('intune_trusted_root_certificate').map((r) => r.name)).toEqual(['deployment_channel', 'platform']);
    expect(replacementAttributes('intune_profile_assignment').map((r) => r.name)).toEqual(['profile_id']);
    expect(replacementAttributes('intune_scep_certificate_profile')[0]?.reason).toBe(
      'the deployment channel cannot be changed after the profile is deployed',
    );
  });

  it.each([
    [
      'key_storage_provider on windows',
      'intune_scep_certificate_profile',
      'key_storage_provider',
      { platform: 'windows' },
      'tpm_otherwise_software',
    ],
    ['key_storage_provider on ios', 'intune_scep_certificate_profile', 'key_storage_provider', { platform: 'ios' }, undefined],
    ['hash on aosp', 'intune_scep_certificate_profile', 'hash_algorithm', { platform: 'aosp' }, 'sha2'],
    ['hash on macos', 'intune_scep_certificate_profile', 'hash_algorithm', { platform: 'macos' }, undefined],
    ['channel on macos', 'intune_scep_certificate_profile', 'deployment_channel', { platform: 'macos' }, 'device'],
    ['file name', 'intune_trusted_root_certificate', 'file_name', { display_name: 'Root' }, 'Root.cer'],
    ['explicit value wins', 'intune_scep_certificate_profile', 'key_size', { key_size: 4096 }, 4096],
    ['role scope tags', 'intune_scep_certificate_profile', 'role_scope_tag_ids', {}, ['0']],
  ] as const)('default: %s', (_n, type, name, attrs, expected) => {
    expect(effectiveValue(RESOURCES[type].attributes[name], name, attrs)).toEqual(expected);
  });
});

describe('zod validation derived from the schema', () => {
  const scep = RESOURCE_SCHEMAS.intune_scep_certificate_profile;
  const base = {
    display_name: 'x',
    platform: 'windows',
    certificate_type: 'user',
    subject_name_format: 'CN=x',
    scep_server_urls: ['https://a'],
  };

  it('accepts a minimal profile and Terraform expressions in any attribute', () => {
    expect(scep.safeParse(base).success).toBe(true);
    expect(scep.safeParse({ ...base, key_size: '${var.size}', subject_alternative_names: '${local.sans}' }).success).toBe(true);
  });

  it('refuses unknown attributes, computed attributes and wrong types', () => {
    expect(scep.safeParse({ ...base, displayName: 'x' }).success).toBe(false);
    expect(scep.safeParse({ ...base, id: 'x' }).success).toBe(false);
    expect(scep.safeParse({ ...base, key_size: 'big' }).success).toBe(false);
    expect(scep.safeParse({ ...base, subject_alternative_names: [{ type: 'upn' }] }).success).toBe(false);
  });

  it('leaves values with a rule of their own to the rule (better detail)', () => {
    expect(scep.safeParse({ ...base, key_size: 3072, platform: 'win81', certificate_type: 'machine' }).success).toBe(true);
    expect(scep.safeParse({ ...base, hash_algorithm: 'md5' }).success).toBe(false);
  });
});

describe('Terraform provider schema JSON', () => {
  const json = terraformProviderSchema();
  const provider = json.provider_schemas[PROVIDER_ADDRESS];

  it('has the terraform providers schema -json shape for provider intune', () => {
    expect(json.format_version).toBe('1.0');
    expect(PROVIDER_ADDRESS).toBe('registry.terraform.io/intune-scep/intune');
    expect(Object.keys(provider?.resource_schemas ?? {}).sort()).toEqual([...RESOURCE_TYPES].sort());
    expect(provider?.data_source_schemas).toEqual({});
  });

  it('derives flags and types from presence and defaults', () => {
    const a = provider?.resource_schemas.intune_scep_certificate_profile?.block.attributes ?? {};
    expect(a.display_name).toMatchObject({ type: 'string', required: true });
    expect(a.key_size).toMatchObject({ type: 'number', optional: true, computed: true });
    expect(a.description).toMatchObject({ type: 'string', optional: true });
    expect(a.description?.computed).toBeUndefined();
    expect(a.id).toMatchObject({ type: 'string', computed: true });
    expect(a.scep_server_urls).toMatchObject({ type: ['list', 'string'], required: true });
    expect(a.subject_alternative_names?.nested_type?.nesting_mode).toBe('list');
    expect(a.subject_alternative_names?.nested_type?.attributes.type).toMatchObject({ type: 'string', required: true });
    expect(a.applicability_rules?.nested_type?.attributes.os_editions).toMatchObject({ type: ['list', 'string'], optional: true });
    expect(a.platform?.description).toContain('forces replacement');
  });

  it('marks secrets of the provider configuration sensitive', () => {
    const p = provider?.provider.block.attributes ?? {};
    expect(p.client_secret?.sensitive).toBe(true);
    expect(p.client_certificate_password?.sensitive).toBe(true);
    expect(p.tenant_id?.sensitive).toBeUndefined();
  });

  it('lists each attribute of the declarations exactly once', () => {
    for (const t of RESOURCE_TYPES) {
      expect(Object.keys(provider?.resource_schemas[t]?.block.attributes ?? {})).toEqual(Object.keys(RESOURCES[t].attributes));
    }
  });
});
