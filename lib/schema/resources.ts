/**
 * The resource types of provider `intune`, every attribute declared once.
 *
 * This is the single source of truth: the zod validation (zod.ts), the Terraform provider schema
 * JSON (terraform-schema.ts), the generated CDKTF bindings, the planner's replacement rules and the
 * rule catalog's notion of "allowed values" all read it. Nothing lists the attributes twice.
 *
 * Imports nothing of ours but the other schema tables and the facts Microsoft published (graph-facts).
 */
import type { AttributeDef, Attrs } from './attributes';
import { Expression, isExpression } from './expression';
import { ENUM_FACTS } from '../graph-facts';
import { GRAPH_ENUMS, enumValues } from './graph-mapping';
import { PLATFORMS, PLATFORM_TABLE, isPlatform, platformOfODataType, type Platform } from './platforms';
import { CLIENT_AUTH_OID } from './variables';

export const PROVIDER_NAME = 'intune';
export const PROVIDER_SOURCE = 'intune-scep/intune';

export const RESOURCE_TYPES = [
  'intune_trusted_root_certificate',
  'intune_scep_certificate_profile',
  'intune_profile_assignment',
  'intune_cloud_pki_root_ca',
  'intune_cloud_pki_issuing_ca',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/**
 * Where in Graph an object of a type lives, and so which code reads, writes and deletes it.
 * | family      | Graph                                                         | types                      |
 * |-------------|---------------------------------------------------------------|----------------------------|
 * | profile     | /deviceManagement/deviceConfigurations                        | trusted root, SCEP profile |
 * | assignment  | a profile's assignments (`assign`)                            | profile assignment         |
 * | authority   | /deviceManagement/cloudCertificationAuthority (Cloud PKI)     | root CA, issuing CA        |
 */
export type ResourceFamily = 'profile' | 'assignment' | 'authority';

export interface ResourceDef {
  readonly type: ResourceType;
  readonly family: ResourceFamily;
  readonly description: string;
  /** State/schema version; bumped with an upgrade step when attributes change incompatibly. */
  readonly version: number;
  readonly attributes: Readonly<Record<string, AttributeDef>>;
}

const onPlatform =
  (platforms: readonly Platform[], value: unknown) =>
  (attrs: Attrs): unknown =>
    isPlatform(attrs.platform) && platforms.includes(attrs.platform) ? value : undefined;

const ANDROID_FAMILY = PLATFORMS.filter((p) => PLATFORM_TABLE[p].android);

/** Built-in subject name formats Apple's SCEP types take: the members of Graph's appleSubjectNameFormat. */
export const APPLE_BUILTINS: readonly string[] = Object.entries(GRAPH_ENUMS.builtin_subject_name)
  .filter(([, graph]) => (ENUM_FACTS.appleSubjectNameFormat ?? []).includes(graph))
  .map(([ours]) => ours);

const REPLACE_PLATFORM = 'the platform is the Graph @odata.type, which cannot change after creation';
const REPLACE_CHANNEL = 'the deployment channel cannot be changed after the profile is deployed';

const common = {
  display_name: {
    type: { kind: 'string' },
    presence: 'required',
    description: 'Name shown in the Intune admin center. Not unique in Graph.',
  },
  description: {
    type: { kind: 'string' },
    presence: 'optional',
    description: 'Free text shown in the Intune admin center.',
  },
  platform: {
    type: { kind: 'string' },
    presence: 'required',
    description: `Target platform: one of ${PLATFORMS.join(', ')}.`,
    enum: PLATFORMS,
    enumRule: 'platform/unsupported',
    forcesReplacement: REPLACE_PLATFORM,
  },
  role_scope_tag_ids: {
    type: { kind: 'string-list' },
    presence: 'optional',
    description: 'Scope tags of the profile.',
    default: { value: ['0'] },
    setLike: true,
  },
  suppress_warnings: {
    type: { kind: 'string-list' },
    presence: 'optional',
    description: 'Rule ids of warnings to silence for this resource. Errors cannot be suppressed.',
    stackOnly: true,
  },
  id: {
    type: { kind: 'string' },
    presence: 'computed',
    description: 'Graph object id.',
  },
} as const satisfies Record<string, AttributeDef>;

const deploymentChannel = {
  type: { kind: 'string' },
  presence: 'optional',
  description: 'macOS only: `device` (device keychain) or `user` (user keychain). Cannot change after deployment.',
  enum: enumValues('deployment_channel'),
  default: { compute: onPlatform(['macos'], 'device'), text: '"device" on macos' },
  platforms: ['macos'],
  platformRule: 'channel/macos-only',
  forcesReplacement: REPLACE_CHANNEL,
} as const satisfies AttributeDef;

export const TRUSTED_ROOT: ResourceDef = {
  type: 'intune_trusted_root_certificate',
  family: 'profile',
  description: 'A trusted root certificate profile: delivers the CA root that SCEP certificates chain to.',
  version: 0,
  attributes: {
    display_name: common.display_name,
    description: common.description,
    platform: common.platform,
    certificate: {
      type: { kind: 'string' },
      presence: 'required',
      description: 'The root CA certificate: PEM, or base64 of the DER `.cer` file.',
    },
    file_name: {
      type: { kind: 'string' },
      presence: 'optional',
      description: 'File name shown in the Intune UI.',
      default: {
        // Unknown while the name is: the same template with ".cer" after it.
        compute: (a) =>
          typeof a.display_name === 'string'
            ? `${a.display_name}.cer`
            : isExpression(a.display_name)
              ? new Expression(`${a.display_name.text}.cer`)
              : undefined,
        text: '"<display_name>.cer"',
      },
    },
    destination_store: {
      type: { kind: 'string' },
      presence: 'optional',
      description: 'Windows only: `computer_root`, `computer_intermediate` or `user_intermediate`.',
      enum: enumValues('destination_store'),
      default: { compute: onPlatform(['windows'], 'computer_root'), text: '"computer_root" on windows' },
      platforms: ['windows'],
      platformRule: 'root/destination-store-windows-only',
    },
    deployment_channel: deploymentChannel,
    role_scope_tag_ids: common.role_scope_tag_ids,
    suppress_warnings: common.suppress_warnings,
    id: common.id,
    thumbprint: {
      type: { kind: 'string' },
      presence: 'computed',
      description: 'SHA-1 thumbprint of the certificate, hex upper case, as Windows shows it.',
    },
    subject: {
      type: { kind: 'string' },
      presence: 'computed',
      description: 'Subject distinguished name of the certificate.',
    },
    not_after: {
      type: { kind: 'string' },
      presence: 'computed',
      description: 'End of the certificate validity (ISO 8601).',
    },
  },
};

export const SCEP_PROFILE: ResourceDef = {
  type: 'intune_scep_certificate_profile',
  family: 'profile',
  description: 'A SCEP certificate profile: devices request a certificate from the NDES/SCEP server.',
  version: 0,
  attributes: {
    display_name: common.display_name,
    description: common.description,
    platform: common.platform,
    root_certificate_id: {
      type: { kind: 'string' },
      presence: 'required',
      description: 'The `id` of the `intune_trusted_root_certificate` the issued certificates chain to.',
      requiredRule: 'reference/root-missing',
      references: ['intune_trusted_root_certificate'],
    },
    certificate_type: {
      type: { kind: 'string' },
      presence: 'required',
      description: '`user` or `device`.',
      enum: enumValues('certificate_type'),
      enumRule: 'certificate-type/invalid',
    },
    deployment_channel: deploymentChannel,
    subject_name_format: {
      type: { kind: 'string' },
      presence: 'optional',
      description:
        'Subject distinguished name with variables, e.g. `CN={{UserPrincipalName}},E={{EmailAddress}},O=Contoso`. Set this or `builtin_subject_name`.',
    },
    builtin_subject_name: {
      type: { kind: 'string' },
      presence: 'optional',
      description: `One of Intune's built-in subject name formats instead of \`subject_name_format\` (profiles made in the admin center may use them): ${enumValues('builtin_subject_name').join(', ')}. Apple platforms take ${APPLE_BUILTINS.join(', ')}.`,
      enum: enumValues('builtin_subject_name'),
      enumRule: 'subject/builtin-unsupported',
    },
    subject_alternative_names: {
      type: {
        kind: 'object-list',
        fields: {
          type: {
            type: 'string',
            required: true,
            description: '`email`, `upn`, `dns`, `uri` or `custom_aad_attribute` (the value names an Entra attribute).',
            enum: enumValues('san_type'),
            enumRule: 'san/invalid-type',
          },
          value: { type: 'string', required: true, description: 'Value with variables, e.g. `{{UserPrincipalName}}`.' },
        },
      },
      presence: 'optional',
      description: 'Subject alternative names.',
    },
    validity_period_value: {
      type: { kind: 'number' },
      presence: 'optional',
      description: 'Certificate validity, in `validity_period_unit`s.',
      default: { value: 1 },
    },
    validity_period_unit: {
      type: { kind: 'string' },
      presence: 'optional',
      description: '`days`, `months` or `years`.',
      enum: enumValues('validity_period_unit'),
      enumRule: 'validity/invalid',
      default: { value: 'years' },
    },
    renewal_threshold_percentage: {
      type: { kind: 'number' },
      presence: 'optional',
      description: 'Percentage of the validity left when devices renew (1-99).',
      default: { value: 20 },
    },
    key_storage_provider: {
      type: { kind: 'string' },
      presence: 'optional',
      description: 'Windows only: `tpm_otherwise_software`, `tpm_otherwise_fail`, `windows_hello_otherwise_fail` or `software`.',
      enum: enumValues('key_storage_provider'),
      default: { compute: onPlatform(['windows'], 'tpm_otherwise_software'), text: '"tpm_otherwise_software" on windows' },
      platforms: ['windows'],
      platformRule: 'ksp/windows-only',
    },
    key_usage: {
      type: { kind: 'string-list' },
      presence: 'optional',
      description: '`digital_signature` and/or `key_encipherment`.',
      enum: enumValues('key_usage'),
      setLike: true,
      default: { value: ['key_encipherment', 'digital_signature'] },
    },
    key_size: {
      type: { kind: 'number' },
      presence: 'optional',
      description: 'RSA key size: 1024, 2048 or 4096.',
      enum: [1024, 2048, 4096],
      enumRule: 'key/invalid-size',
      default: { value: 2048 },
    },
    hash_algorithm: {
      type: { kind: 'string' },
      presence: 'optional',
      description: '`sha1` or `sha2`. Windows and Android only.',
      enum: enumValues('hash_algorithm'),
      default: { compute: onPlatform(['windows', ...ANDROID_FAMILY], 'sha2'), text: '"sha2" on windows and Android' },
      platforms: ['windows', ...ANDROID_FAMILY],
      platformRule: 'hash/not-applicable',
    },
    extended_key_usages: {
      type: {
        kind: 'object-list',
        fields: {
          name: { type: 'string', required: true, description: 'Display name, e.g. `Client Authentication`.' },
          object_identifier: { type: 'string', required: true, description: 'Dotted-decimal OID.' },
        },
      },
      presence: 'optional',
      description: 'Extended key usages.',
      default: {
        value: [{ name: 'Client Authentication', object_identifier: CLIENT_AUTH_OID }],
      },
    },
    scep_server_urls: {
      type: { kind: 'string-list' },
      presence: 'required',
      description: 'NDES/SCEP server URLs.',
      requiredRule: 'scep-url/missing',
    },
    certificate_access: {
      type: { kind: 'string' },
      presence: 'optional',
      description: 'android_device_owner only: `user_approval` or `specific_apps` (silent access for listed apps).',
      enum: enumValues('certificate_access'),
      default: {
        compute: onPlatform(['android_device_owner'], 'user_approval'),
        text: '"user_approval" on android_device_owner',
      },
      platforms: ['android_device_owner'],
      platformRule: 'access/device-owner-only',
    },
    silent_access_app_ids: {
      type: { kind: 'string-list' },
      presence: 'optional',
      description: 'Android package names granted silent access when `certificate_access = specific_apps`.',
      setLike: true,
      platforms: ['android_device_owner'],
      platformRule: 'access/device-owner-only',
    },
    allow_all_apps_access: {
      type: { kind: 'bool' },
      presence: 'optional',
      description: 'macOS only: let every app use the private key.',
      platforms: ['macos'],
    },
    applicability_rules: {
      type: {
        kind: 'object-list',
        fields: {
          rule_type: {
            type: 'string',
            required: true,
            description: '`include` or `exclude`.',
            enum: enumValues('applicability_rule_type'),
          },
          os_editions: { type: 'string-list', required: false, description: 'Windows edition names.' },
          min_os_version: { type: 'string', required: false, description: 'Minimum OS version.' },
          max_os_version: { type: 'string', required: false, description: 'Maximum OS version.' },
        },
      },
      presence: 'optional',
      description: 'Windows only: applicability rules by OS edition and version.',
      platforms: ['windows'],
      platformRule: 'applicability/windows-only',
    },
    role_scope_tag_ids: common.role_scope_tag_ids,
    suppress_warnings: common.suppress_warnings,
    id: common.id,
    version: {
      type: { kind: 'number' },
      presence: 'computed',
      description: 'Graph `version`, bumped by every update.',
    },
  },
};

export const PROFILE_ASSIGNMENT: ResourceDef = {
  type: 'intune_profile_assignment',
  family: 'assignment',
  description:
    'The assignment set of one profile (SCEP or trusted root). Graph `assign` replaces the whole set; with `exclusive = false` the engine merges instead.',
  version: 0,
  attributes: {
    profile_id: {
      type: { kind: 'string' },
      presence: 'required',
      description: 'The `id` of the profile whose assignments this is.',
      forcesReplacement: 'an assignment set belongs to one profile',
      references: ['intune_trusted_root_certificate', 'intune_scep_certificate_profile'],
    },
    include_group_ids: {
      type: { kind: 'string-list' },
      presence: 'optional',
      description: 'Entra group object ids to include.',
      setLike: true,
    },
    exclude_group_ids: {
      type: { kind: 'string-list' },
      presence: 'optional',
      description: 'Entra group object ids to exclude.',
      setLike: true,
    },
    include_group_names: {
      type: { kind: 'string-list' },
      presence: 'optional',
      description: 'Group display names to include, resolved at plan time; none or several matches is an error.',
    },
    exclude_group_names: {
      type: { kind: 'string-list' },
      presence: 'optional',
      description: 'Group display names to exclude, resolved at plan time.',
    },
    all_users: {
      type: { kind: 'bool' },
      presence: 'optional',
      description: 'Assign to all licensed users.',
      default: { value: false },
    },
    all_devices: {
      type: { kind: 'bool' },
      presence: 'optional',
      description: 'Assign to all devices.',
      default: { value: false },
    },
    filters: {
      type: {
        kind: 'object-list',
        fields: {
          group_id: { type: 'string', required: false, description: 'The target: a group id of include_group_ids.' },
          group_name: { type: 'string', required: false, description: 'The target: a group name of include_group_names.' },
          all_users: { type: 'bool', required: false, description: 'The target: all users (all_users must be true).' },
          all_devices: { type: 'bool', required: false, description: 'The target: all devices (all_devices must be true).' },
          filter_id: { type: 'string', required: false, description: 'The assignment filter, by id.' },
          filter_name: {
            type: 'string',
            required: false,
            description: 'The assignment filter, by display name (resolved at plan time; none or several matches is an error).',
          },
          mode: {
            type: 'string',
            required: true,
            description: '`include`: only devices the filter matches get the profile; `exclude`: devices it matches do not.',
            enum: ['include', 'exclude'],
          },
        },
      },
      presence: 'optional',
      description:
        'Assignment filters: one per target at most. Each names its target (exactly one of group_id, group_name, all_users, all_devices) and its filter (filter_id or filter_name). A target without an entry has no filter.',
    },
    exclusive: {
      type: { kind: 'bool' },
      presence: 'optional',
      description:
        'true: this set is authoritative and assignments made elsewhere show as drift. false: only ensure these targets exist and leave others alone.',
      default: { value: true },
      stackOnly: true,
    },
    suppress_warnings: common.suppress_warnings,
    id: { type: { kind: 'string' }, presence: 'computed', description: 'The profile id.' },
    resolved_include_group_ids: {
      type: { kind: 'string-list' },
      presence: 'computed',
      description: 'Included group ids after names were resolved.',
    },
    resolved_exclude_group_ids: {
      type: { kind: 'string-list' },
      presence: 'computed',
      description: 'Excluded group ids after names were resolved.',
    },
    resolved_filters: {
      type: { kind: 'string-list' },
      presence: 'computed',
      description:
        'Assignment filters after names were resolved, one per filtered target: `<target> <mode> <filter id>` (target `all_users`, `all_devices` or a group id).',
    },
  },
};

/** Why a change of `attribute` replaces a CA, naming it (a plan shows several reasons joined). */
const replaceCa = (attribute: string) =>
  `a Cloud PKI CA cannot change its ${attribute} after creation; a new CA replaces it, and the old one's certificates are revoked`;

/** What both kinds of Cloud PKI CA declare (graph-facts/cloud-pki.ts holds what Intune allows). */
const ca = {
  display_name: {
    type: { kind: 'string' },
    presence: 'required',
    description: 'Name shown in the Intune admin center (Tenant administration > Cloud PKI). Can change.',
  },
  description: { type: { kind: 'string' }, presence: 'optional', description: 'Free text shown in the admin center. Can change.' },
  common_name: {
    type: { kind: 'string' },
    presence: 'required',
    description: "The CN of the CA's certificate subject; unique among the tenant's CAs.",
    forcesReplacement: replaceCa('common_name'),
  },
  organization: {
    type: { kind: 'string' },
    presence: 'optional',
    description: 'O of the subject.',
    forcesReplacement: replaceCa('organization'),
  },
  organization_unit: {
    type: { kind: 'string' },
    presence: 'optional',
    description: 'OU of the subject.',
    forcesReplacement: replaceCa('organization_unit'),
  },
  locality: { type: { kind: 'string' }, presence: 'optional', description: 'L of the subject.', forcesReplacement: replaceCa('locality') },
  state_or_province: {
    type: { kind: 'string' },
    presence: 'optional',
    description: 'ST of the subject.',
    forcesReplacement: replaceCa('state_or_province'),
  },
  country: {
    type: { kind: 'string' },
    presence: 'optional',
    description: 'C of the subject: a two-letter country or region code.',
    forcesReplacement: replaceCa('country'),
  },
  extended_key_usages: {
    type: {
      kind: 'object-list',
      fields: {
        name: { type: 'string', required: true, description: 'Display name, e.g. `Client Authentication`.' },
        object_identifier: { type: 'string', required: true, description: 'Dotted-decimal OID; never Any Purpose (2.5.29.37.0).' },
      },
    },
    presence: 'optional',
    description: 'What certificates the CA issues may be used for. An issuing CA takes only EKUs its root has.',
    default: { value: [{ name: 'Client Authentication', object_identifier: CLIENT_AUTH_OID }] },
    forcesReplacement: replaceCa('extended_key_usages'),
  },
  role_scope_tag_ids: { ...common.role_scope_tag_ids, description: 'Scope tags of the CA. Can change.' },
  revoke_on_destroy: {
    type: { kind: 'bool' },
    presence: 'optional',
    description:
      'Allow a plan to destroy or replace this CA. Taking a CA down revokes every certificate it issued (devices lose Wi-Fi, VPN, ...), so a plan that would is refused unless this is true. Kept in state: set it and apply before removing the CA from the stack.',
    default: { value: false },
    stackOnly: true,
    keptInState: true,
  },
  suppress_warnings: common.suppress_warnings,
  id: common.id,
  status: {
    type: { kind: 'string' },
    presence: 'computed',
    description: 'Graph `certificationAuthorityStatus`: `active`, `paused`, `revoked` (`unknown` while it is created).',
  },
  certificate: {
    type: { kind: 'string' },
    presence: 'computed',
    description: "The CA's certificate (PEM): what a trusted certificate profile's `certificate` takes by reference.",
  },
  thumbprint: {
    type: { kind: 'string' },
    presence: 'computed',
    description: "SHA-1 thumbprint of the CA's certificate, hex upper case.",
  },
  not_after: { type: { kind: 'string' }, presence: 'computed', description: "End of the CA certificate's validity (ISO 8601)." },
} as const satisfies Record<string, AttributeDef>;

export const CLOUD_PKI_ROOT_CA: ResourceDef = {
  type: 'intune_cloud_pki_root_ca',
  family: 'authority',
  description: 'A Microsoft Cloud PKI root CA (Intune Suite): signs issuing CAs. Devices trust it through a trusted certificate profile.',
  version: 0,
  attributes: {
    ...ca,
    key_size: {
      type: { kind: 'number' },
      presence: 'optional',
      description: 'RSA key size of the CA: 2048, 3072 or 4096. Its issuing CAs take the same.',
      enum: [2048, 3072, 4096],
      enumRule: 'cloud-pki/key-size',
      default: { value: 2048 },
      forcesReplacement: replaceCa('key_size'),
    },
    hash_algorithm: {
      type: { kind: 'string' },
      presence: 'optional',
      description: '`sha256`, `sha384` or `sha512` (SHA-1 is not offered). Its issuing CAs take the same.',
      enum: enumValues('ca_hash_algorithm'),
      enumRule: 'cloud-pki/hash',
      default: { value: 'sha256' },
      forcesReplacement: replaceCa('hash_algorithm'),
    },
    validity_years: {
      type: { kind: 'number' },
      presence: 'required',
      description: 'Validity of the root in years: the admin center offers 5, 10, 15, 20 or 25.',
      requiredRule: 'cloud-pki/validity',
      forcesReplacement: replaceCa('validity_years'),
    },
  },
};

export const CLOUD_PKI_ISSUING_CA: ResourceDef = {
  type: 'intune_cloud_pki_issuing_ca',
  family: 'authority',
  description:
    'A Microsoft Cloud PKI issuing CA, anchored to a Cloud PKI root CA: answers SCEP at its `scep_server_url` (no NDES, no connector). Bring-your-own CA (an issuing CA under a private root) is not supported: create it in the admin center and paste its SCEP URI.',
  version: 0,
  attributes: {
    ...ca,
    root_ca_id: {
      type: { kind: 'string' },
      presence: 'required',
      description: 'The `id` of the `intune_cloud_pki_root_ca` that signs this CA.',
      requiredRule: 'cloud-pki/root-missing',
      references: ['intune_cloud_pki_root_ca'],
      forcesReplacement:
        "an issuing CA cannot move to another root CA (root_ca_id), and a new root CA needs new issuing CAs; a new CA replaces it, and the old one's certificates are revoked",
    },
    validity_years: {
      type: { kind: 'number' },
      presence: 'required',
      description: "Validity in years, within its root's: the admin center offers 2, 4, 6, 8 or 10.",
      requiredRule: 'cloud-pki/validity',
      forcesReplacement: replaceCa('validity_years'),
    },
    scep_server_url: {
      type: { kind: 'string' },
      presence: 'computed',
      description:
        "The SCEP URI SCEP profiles use, with the `{{CloudPKIFQDN}}` placeholder Intune fills in: a SCEP profile's `scep_server_urls` takes it by reference.",
    },
  },
};

export const RESOURCES: Readonly<Record<ResourceType, ResourceDef>> = {
  intune_trusted_root_certificate: TRUSTED_ROOT,
  intune_scep_certificate_profile: SCEP_PROFILE,
  intune_profile_assignment: PROFILE_ASSIGNMENT,
  intune_cloud_pki_root_ca: CLOUD_PKI_ROOT_CA,
  intune_cloud_pki_issuing_ca: CLOUD_PKI_ISSUING_CA,
};

/** Which Graph family an object of `type` is (ResourceFamily). */
export const familyOf = (type: ResourceType): ResourceFamily => RESOURCES[type].family;

export function isResourceType(value: string): value is ResourceType {
  return (RESOURCE_TYPES as readonly string[]).includes(value);
}

/**
 * Whether an object of this Graph `@odata.type` can sit at an address of `type`: a trusted root at a
 * root, a SCEP profile at a SCEP profile, and either one's assignment set at an assignment.
 */
export function canHold(type: ResourceType, odataType: string): boolean {
  if (familyOf(type) === 'authority') return false;
  const kind = platformOfODataType(odataType)?.kind;
  if (kind === undefined) return false;
  return type === 'intune_profile_assignment' || (type === 'intune_scep_certificate_profile') === (kind === 'scep');
}

/** Each reference attribute (`root_certificate_id`, `profile_id`) and the types it may point at. */
export const REFERENCE_TARGETS: Readonly<Record<string, readonly ResourceType[]>> = Object.fromEntries(
  Object.values(RESOURCES).flatMap((r) =>
    Object.entries(r.attributes).flatMap(([name, def]) => (def.references ? [[name, def.references.filter(isResourceType)]] : [])),
  ),
);

/** Attributes of `type` that hold a fact, by name: `attributesWith(type, 'setLike')`. */
export function attributesWith(
  type: ResourceType,
  fact: 'setLike' | 'references' | 'stackOnly' | 'sensitive' | 'keptInState',
): Set<string> {
  return new Set(
    Object.entries(RESOURCES[type].attributes)
      .filter(([, def]) => def[fact] !== undefined && def[fact] !== false)
      .map(([name]) => name),
  );
}

export function replacementAttributes(type: ResourceType): { name: string; reason: string }[] {
  return Object.entries(RESOURCES[type].attributes)
    .filter(([, def]) => def.forcesReplacement !== undefined)
    .map(([name, def]) => ({ name, reason: def.forcesReplacement as string }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The provider's own configuration block (graph target and credentials). */
export const PROVIDER_CONFIG: Readonly<Record<string, AttributeDef>> = {
  graph_url: {
    type: { kind: 'string' },
    presence: 'optional',
    description:
      'Graph base URL. Default `https://graph.microsoft.com/beta` when a tenant is set; any loopback URL reaches a mock server. Env: INTUNE_SCEP_GRAPH_URL.',
  },
  tenant_id: {
    type: { kind: 'string' },
    presence: 'optional',
    description: 'Entra tenant id. Env: AZURE_TENANT_ID.',
  },
  cloud: {
    type: { kind: 'string' },
    presence: 'optional',
    description:
      'Microsoft cloud: `public` (default), `usgov`, `usgovdod` or `china`; picks the Graph and Entra ID hosts. Env: INTUNE_SCEP_CLOUD; otherwise inferred from AZURE_AUTHORITY_HOST.',
    enum: ['public', 'usgov', 'usgovdod', 'china'],
  },
  client_id: {
    type: { kind: 'string' },
    presence: 'optional',
    description: 'App registration (client) id. Env: AZURE_CLIENT_ID.',
  },
  client_secret: {
    type: { kind: 'string' },
    presence: 'optional',
    description: 'Client secret. Env: AZURE_CLIENT_SECRET.',
    sensitive: true,
  },
  client_certificate_path: {
    type: { kind: 'string' },
    presence: 'optional',
    description: 'PEM file with the client certificate and its private key. Env: AZURE_CLIENT_CERTIFICATE_PATH.',
  },
  client_certificate_password: {
    type: { kind: 'string' },
    presence: 'optional',
    description: 'Password of the client certificate key. Env: AZURE_CLIENT_CERTIFICATE_PASSWORD.',
    sensitive: true,
  },
  federated_token_file: {
    type: { kind: 'string' },
    presence: 'optional',
    description: 'Workload identity federation token file (GitHub Actions, Azure DevOps). Env: AZURE_FEDERATED_TOKEN_FILE.',
  },
  credential: {
    type: { kind: 'string' },
    presence: 'optional',
    description:
      'Credential kind: `environment` (default), `client_secret`, `client_certificate`, `workload_identity`, `managed_identity` or `azure_cli`.',
    enum: ['environment', 'client_secret', 'client_certificate', 'workload_identity', 'managed_identity', 'azure_cli'],
  },
};
