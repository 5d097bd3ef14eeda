/**
 * The rule catalog: every rule id of docs/rules.md, and the input codes the config reader and the
 * schema check report. One registry, so "is this a known code?" has one answer.
 */
import { accessRules } from './families/access';
import { assignmentRules } from './families/assignment';
import { channelRules } from './families/channel';
import { cloudPkiRules } from './families/cloud-pki';
import { keyRules } from './families/keys';
import { platformRules } from './families/platform';
import { attributesWithoutPlatformRule, platformOnly } from './families/platform-only';
import { referenceRules } from './families/reference';
import { rootRules } from './families/root';
import { sanRules } from './families/san';
import { scepUrlRules } from './families/scep-url';
import { subjectRules } from './families/subject';
import { validityRules } from './families/validity';
import { variableRules } from './families/variable';
import type { AttrPath, Diagnostic } from './diagnostic';
import type { ResourceRule, Rule, RuleMeta } from './rule';

/** The Intune rules (docs/rules.md), in the order the documentation lists them. */
export const RULES: readonly Rule[] = [
  ...platformRules,
  ...channelRules,
  ...subjectRules,
  ...variableRules,
  ...sanRules,
  ...validityRules,
  ...keyRules,
  ...scepUrlRules,
  ...accessRules,
  ...rootRules,
  ...referenceRules,
  ...assignmentRules,
  ...cloudPkiRules,
];

/**
 * Input codes: problems with the file or the structure of a resource rather than with Intune's
 * rules. Reported by the config reader (config/*), the zod schema check (schema/*) and the runner
 * (suppress/*).
 */
export const INPUT_CODES: readonly RuleMeta[] = [
  { id: 'config/invalid-json', severity: 'error', summary: 'The configuration is not valid JSON' },
  { id: 'config/not-an-object', severity: 'error', summary: 'The configuration is not a JSON object' },
  { id: 'config/invalid-structure', severity: 'error', summary: 'The configuration does not have the cdk.tf.json shape' },
  { id: 'config/unknown-resource-type', severity: 'error', summary: 'Unknown intune resource type' },
  { id: 'config/invalid-name', severity: 'error', summary: 'A resource name that is not an identifier' },
  { id: 'config/unsupported-meta-argument', severity: 'error', summary: 'Meta-argument not supported' },
  { id: 'config/invalid-meta-argument', severity: 'error', summary: 'Invalid meta-argument' },
  { id: 'config/invalid-reference', severity: 'error', summary: 'Reference cannot be resolved' },
  { id: 'config/unsupported-expression', severity: 'error', summary: 'Expression the engine cannot evaluate' },
  { id: 'config/import-not-found', severity: 'error', summary: 'An import block names no object of its type in the tenant' },
  { id: 'config/import-mismatch', severity: 'error', summary: 'An import block names an object its address cannot hold' },
  { id: 'config/no-resources', severity: 'warning', summary: 'The configuration has no intune resources' },
  { id: 'schema/unknown-attribute', severity: 'error', summary: 'Unknown attribute' },
  { id: 'schema/computed-attribute', severity: 'error', summary: 'Computed attribute set in configuration' },
  { id: 'schema/missing-attribute', severity: 'error', summary: 'Required attribute missing' },
  { id: 'schema/wrong-type', severity: 'error', summary: 'Value of the wrong type' },
  { id: 'schema/invalid-value', severity: 'error', summary: 'Value not allowed' },
  { id: 'schema/not-applicable', severity: 'error', summary: 'Attribute does not apply to this platform' },
  { id: 'graph/unrepresentable-value', severity: 'warning', summary: 'A value in the tenant that intune-scep cannot express' },
  {
    id: 'config/reference-not-followed',
    severity: 'warning',
    summary: 'A reference validate --terraform-plan cannot follow: the rules that need its object did not run',
  },
  {
    id: 'config/not-a-terraform-plan',
    severity: 'error',
    summary: 'The file is not the JSON of a Terraform plan',
  },
  { id: 'construct/certificate-file', severity: 'error', summary: 'A certificate file the trusted root cannot use' },
  { id: 'construct/no-platform', severity: 'error', summary: 'A CertificateDeployment with no platform' },
  {
    id: 'construct/scep-source',
    severity: 'error',
    summary: 'A SCEP profile construct whose SCEP server or trusted root is missing or given twice',
  },
  { id: 'plan/prevent-destroy', severity: 'error', summary: 'The plan would destroy an object with prevent_destroy' },
  { id: 'plan/replace-order', severity: 'error', summary: 'A delete-first replacement of an object that stays in use' },
  {
    id: 'plan/ca-destroy-protected',
    severity: 'error',
    summary: 'The plan would take down a Cloud PKI CA without revoke_on_destroy',
  },
  { id: 'plan/deposed-in-use', severity: 'error', summary: 'A deposed object that state also holds as current' },
  { id: 'plan/ca-replace-common-name', severity: 'error', summary: 'A create-first replacement of a CA that keeps its common name' },
  {
    id: 'plan/impact-over-threshold',
    severity: 'error',
    summary: 'The plan changes certificates on more devices or users than the pipeline allows',
  },
  {
    id: 'plan/impact-unreported',
    severity: 'error',
    summary: 'The plan changes certificates Intune does not report, and the pipeline limits the impact',
  },
  { id: 'plan/unknown-target', severity: 'error', summary: '--target names no resource of the stack or state' },
  {
    id: 'plan/duplicate-display-name',
    severity: 'warning',
    summary: 'The plan creates a profile the tenant already has by type and name, outside this state',
  },
  {
    id: 'export/root-brought-along',
    severity: 'warning',
    summary: 'A trusted root outside the export filter is exported because a profile references it',
  },
  { id: 'export/profile-left-out', severity: 'warning', summary: 'A SCEP profile without a trusted root is not exported' },
  {
    id: 'export/value-assumed',
    severity: 'warning',
    summary: 'The tenant holds no value where the stack needs one; the app says what intune-scep reads it as',
  },
  { id: 'suppress/unknown-rule', severity: 'warning', summary: 'suppress_warnings names an unknown rule' },
  { id: 'suppress/not-a-warning', severity: 'warning', summary: 'suppress_warnings names an error, which cannot be suppressed' },
];

/** schema/not-applicable, from the schema's platform data, for attributes without a rule of their own. */
export const NOT_APPLICABLE: ResourceRule = {
  id: 'schema/not-applicable',
  severity: 'error',
  summary: 'Attribute does not apply to this platform',
  kind: 'resource',
  types: ['intune_trusted_root_certificate', 'intune_scep_certificate_profile'],
  check(r) {
    return platformOnly(r.type, attributesWithoutPlatformRule(r.type))(r);
  },
};

const ALL: readonly RuleMeta[] = [...RULES, ...INPUT_CODES];
const BY_ID = new Map(ALL.map((m) => [m.id, m]));

export function codeInfo(id: string): RuleMeta | undefined {
  return BY_ID.get(id);
}

/** A diagnostic of a known code: severity and summary come from the catalog, never retyped. */
export function diagnostic(code: string, address: string, path: AttrPath, detail: string): Diagnostic {
  const meta = BY_ID.get(code);
  if (!meta) throw new Error(`bug: unknown diagnostic code ${code}`);
  return { severity: meta.severity, code, address, path, summary: meta.summary, detail };
}

export function isKnownCode(id: string): boolean {
  return BY_ID.has(id);
}

/** Rule ids that need a tenant: the engine checks them at plan time. */
export const TENANT_RULE_IDS: readonly string[] = RULES.filter((r) => r.kind === 'tenant').map((r) => r.id);
