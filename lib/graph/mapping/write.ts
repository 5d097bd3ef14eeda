/**
 * Our attributes as Graph bodies: `rootToGraph` and `scepToGraph` (the table in index.ts). Every body
 * is typed with Microsoft's published interfaces, so the compiler refuses a property a type lacks or
 * an enum value it does not define.
 */
import type * as G from '@microsoft/microsoft-graph-types-beta';
import { ENUM_FACTS } from '../../graph-facts';
import { DEVICE_ADMIN_SAN_FLAGS, GRAPH_FLAG_ORDER, PLATFORM_TABLE, type Attrs } from '../../schema';
import { certificateBytes } from '../../rules';
import {
  MappingError,
  RootBody,
  San,
  ScepBody,
  ScepShared,
  Tagged,
  configurationUrl,
  platformOf,
  toEnum,
  toFlags,
  withDefaults,
  common,
} from './bodies';

/** The Graph body of a trusted root certificate profile (all properties: a create, or a full update). */
export function rootToGraph(input: Attrs): RootBody {
  const a = withDefaults('intune_trusted_root_certificate', input);
  const platform = platformOf(a);
  const bytes = certificateBytes(String(a.certificate ?? ''));
  if (!bytes.ok) throw new MappingError(`certificate: ${bytes.reason}`, ['certificate']);
  const base = {
    '@odata.type': PLATFORM_TABLE[platform].rootODataType,
    ...common(a),
    trustedRootCertificate: bytes.der.toString('base64'),
    certFileName: String(a.file_name ?? ''),
  };
  switch (platform) {
    case 'windows':
      return {
        ...base,
        destinationStore: toEnum('destination_store', a.destination_store, 'destination_store'),
      } satisfies Tagged<G.Windows81TrustedRootCertificate>;
    case 'macos':
      return {
        ...base,
        deploymentChannel: toEnum('deployment_channel', a.deployment_channel, 'deployment_channel'),
      } satisfies Tagged<G.MacOSTrustedRootCertificate>;
    default:
      return base satisfies Tagged<G.IosTrustedRootCertificate>;
  }
}

interface ApplicabilityRule {
  rule_type?: unknown;
  os_editions?: unknown;
  min_os_version?: unknown;
  max_os_version?: unknown;
}

function applicabilityToGraph(
  rules: unknown,
): Pick<G.Windows81SCEPCertificateProfile, 'deviceManagementApplicabilityRuleOsEdition' | 'deviceManagementApplicabilityRuleOsVersion'> {
  const out: Pick<
    G.Windows81SCEPCertificateProfile,
    'deviceManagementApplicabilityRuleOsEdition' | 'deviceManagementApplicabilityRuleOsVersion'
  > = {};
  if (!Array.isArray(rules)) return out;
  const editions = ENUM_FACTS.windows10EditionType ?? [];
  (rules as ApplicabilityRule[]).forEach((r, i) => {
    const ruleType = toEnum('applicability_rule_type', r.rule_type, `applicability_rules[${i}].rule_type`);
    if (Array.isArray(r.os_editions) && r.os_editions.length > 0) {
      if (out.deviceManagementApplicabilityRuleOsEdition)
        throw new MappingError('Graph holds one OS edition rule per profile; merge the os_editions of applicability_rules into one entry', [
          'applicability_rules',
          i,
          'os_editions',
        ]);
      const bad = (r.os_editions as unknown[]).find((e) => typeof e !== 'string' || !editions.includes(e));
      if (bad !== undefined)
        throw new MappingError(
          `applicability_rules[${i}].os_editions: ${JSON.stringify(bad)} is not a Windows edition Graph knows (${editions.join(', ')})`,
          ['applicability_rules', i, 'os_editions'],
        );
      out.deviceManagementApplicabilityRuleOsEdition = { osEditionTypes: r.os_editions as G.Windows10EditionType[], name: null, ruleType };
    }
    if (typeof r.min_os_version === 'string' || typeof r.max_os_version === 'string') {
      if (out.deviceManagementApplicabilityRuleOsVersion)
        throw new MappingError('Graph holds one OS version rule per profile; keep one entry with min_os_version/max_os_version', [
          'applicability_rules',
          i,
        ]);
      out.deviceManagementApplicabilityRuleOsVersion = {
        minOSVersion: typeof r.min_os_version === 'string' ? r.min_os_version : null,
        maxOSVersion: typeof r.max_os_version === 'string' ? r.max_os_version : null,
        name: null,
        ruleType,
      };
    }
  });
  return out;
}

/** Android device administrator SANs as Graph holds them: flags, plus the Entra attribute's name. */
function deviceAdminSans(sans: readonly San[]): {
  subjectAlternativeNameType: G.SubjectAlternativeNameType;
  subjectAlternativeNameFormatString: string | null;
} {
  const flags: string[] = [];
  let attribute: string | null = null;
  sans.forEach((s, i) => {
    const implied = DEVICE_ADMIN_SAN_FLAGS[s.type as keyof typeof DEVICE_ADMIN_SAN_FLAGS];
    if (implied && s.value.toLowerCase() === implied.value.toLowerCase()) flags.push(implied.flag);
    else if (s.type === 'custom_aad_attribute' && attribute === null) {
      flags.push('customAzureADAttribute');
      attribute = s.value;
    } else
      throw new MappingError(
        `subject_alternative_names[${i}]: Android device administrator profiles carry only ${DEVICE_ADMIN_SAN_FLAGS.email.value} (email), ${DEVICE_ADMIN_SAN_FLAGS.upn.value} (upn) and one custom_aad_attribute`,
        ['subject_alternative_names', i],
      );
  });
  return {
    subjectAlternativeNameType:
      flags.length > 0 ? toFlags<G.SubjectAlternativeNameType>(ENUM_FACTS.subjectAlternativeNameType ?? [], flags) : 'none',
    subjectAlternativeNameFormatString: attribute,
  };
}

/**
 * The Graph body of a SCEP profile. `rootId`, when given, becomes the create-time root bind on
 * `bindBase` (the Graph base in use); an update changes the link with PUT …/rootCertificate/$ref.
 */
export function scepToGraph(input: Attrs, options: { rootId?: string; bindBase?: string } = {}): ScepBody {
  const a = withDefaults('intune_scep_certificate_profile', input);
  const platform = platformOf(a);
  const sans = (a.subject_alternative_names as San[] | undefined) ?? [];
  const builtin =
    typeof a.builtin_subject_name === 'string' ? toEnum('builtin_subject_name', a.builtin_subject_name, 'builtin_subject_name') : undefined;
  const shared = {
    ...common(a),
    renewalThresholdPercentage: a.renewal_threshold_percentage as number,
    certificateValidityPeriodValue: a.validity_period_value as number,
    certificateValidityPeriodScale: toEnum('validity_period_unit', a.validity_period_unit, 'validity_period_unit'),
    subjectNameFormatString: builtin ? null : String(a.subject_name_format ?? ''),
    keyUsage: toFlags<G.KeyUsages>(
      GRAPH_FLAG_ORDER.keyUsage,
      ((a.key_usage as string[]) ?? []).map((k, i) => toEnum('key_usage', k, `key_usage[${i}]`)),
    ),
    keySize: toEnum('key_size', a.key_size, 'key_size'),
    extendedKeyUsages: ((a.extended_key_usages as { name: string; object_identifier: string }[] | undefined) ?? []).map((e) => ({
      name: e.name,
      objectIdentifier: e.object_identifier,
    })),
    scepServerUrls: (a.scep_server_urls as string[] | undefined) ?? [],
  } satisfies ScepShared;
  const subjectNameFormat: G.SubjectNameFormat = builtin ?? 'custom';
  const custom = {
    subjectAlternativeNameType: 'none' as const,
    customSubjectAlternativeNames: sans.map((s, i) => ({
      sanType: toEnum('san_type', s.type, `subject_alternative_names[${i}].type`),
      name: s.value,
    })),
    certificateStore: toEnum('certificate_type', a.certificate_type, 'certificate_type'),
  };
  const hash = () => ({ hashAlgorithm: toEnum('hash_algorithm', a.hash_algorithm, 'hash_algorithm') });
  const tag = PLATFORM_TABLE[platform].scepODataType;
  let body: ScepBody;
  switch (platform) {
    case 'windows':
      body = {
        '@odata.type': tag,
        ...shared,
        ...custom,
        subjectNameFormat,
        ...hash(),
        keyStorageProvider: toEnum('key_storage_provider', a.key_storage_provider, 'key_storage_provider'),
        ...applicabilityToGraph(a.applicability_rules),
      } satisfies Tagged<G.Windows81SCEPCertificateProfile>;
      break;
    case 'ios':
      body = {
        '@odata.type': tag,
        ...shared,
        ...custom,
        subjectNameFormat: appleFormat(subjectNameFormat),
      } satisfies Tagged<G.IosScepCertificateProfile>;
      break;
    case 'macos':
      body = {
        '@odata.type': tag,
        ...shared,
        ...custom,
        subjectNameFormat: appleFormat(subjectNameFormat),
        deploymentChannel: toEnum('deployment_channel', a.deployment_channel, 'deployment_channel'),
        ...(typeof a.allow_all_apps_access === 'boolean' ? { allowAllAppsAccess: a.allow_all_apps_access } : {}),
      } satisfies Tagged<G.MacOSScepCertificateProfile>;
      break;
    case 'android_work_profile':
      body = {
        '@odata.type': tag,
        ...shared,
        ...custom,
        subjectNameFormat,
        ...hash(),
      } satisfies Tagged<G.AndroidWorkProfileScepCertificateProfile>;
      break;
    case 'android_device_owner':
      body = {
        '@odata.type': tag,
        ...shared,
        ...custom,
        subjectNameFormat,
        ...hash(),
        certificateAccessType: toEnum('certificate_access', a.certificate_access, 'certificate_access'),
        silentCertificateAccessDetails: ((a.silent_access_app_ids as string[] | undefined) ?? []).map((packageId) => ({ packageId })),
      } satisfies Tagged<G.AndroidDeviceOwnerScepCertificateProfile>;
      break;
    case 'aosp':
      body = {
        '@odata.type': tag,
        ...shared,
        ...custom,
        subjectNameFormat,
        ...hash(),
      } satisfies Tagged<G.AospDeviceOwnerScepCertificateProfile>;
      break;
    case 'android_device_admin':
      // No certificateStore and no customSubjectAlternativeNames on this type: SANs are flags.
      body = {
        '@odata.type': tag,
        ...shared,
        subjectNameFormat,
        ...hash(),
        ...deviceAdminSans(sans),
      } satisfies Tagged<G.AndroidScepCertificateProfile>;
      break;
  }
  if (options.rootId) {
    if (!options.bindBase) throw new MappingError('bug: a root bind needs the Graph base in use', ['root_certificate_id']);
    body['rootCertificate@odata.bind'] = configurationUrl(options.rootId, options.bindBase);
  }
  return body;
}

function appleFormat(format: G.SubjectNameFormat): G.AppleSubjectNameFormat {
  const apple = ENUM_FACTS.appleSubjectNameFormat ?? [];
  if (!apple.includes(format))
    throw new MappingError(`builtin_subject_name: Apple profiles take ${apple.join(', ')}, not ${format}`, ['builtin_subject_name']);
  return format as G.AppleSubjectNameFormat;
}

// ---------------------------------------------------------------------------------------------
// Reading
