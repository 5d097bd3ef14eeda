/**
 * What the constructs report at synth, as CDKTF annotations on the L2 construct the user wrote: every
 * rule that needs no tenant runs over the stack once, and each L2 construct reports the findings
 * (errors and warnings) of its own resources, in its own words (rules/typescript.ts). The `cdktf` and
 * `cdktn` CLIs print each annotation once (`ERROR [path]: ...`) without a stack trace, and fail on
 * errors; intune-scep runs the same catalog on the synthesized stack and prints the same text, so an
 * app it synthesizes (schema CLI_VALIDATES_ENV set) leaves the rules to it and reports only its own problems (a
 * certificate file it cannot read).
 */
import { AnnotationMetadataEntryType, Aspects, TerraformProvider, TerraformStack, type TerraformResource } from 'cdktf';
import type { IConstruct } from 'constructs';
import { readConfig } from '../engine/config';
import { codeInfo, constructsOf, expiryWarningDaysOf, renderForConstructs, runRules, type Diagnostic } from '../rules';
import { CLI_VALIDATES_ENV, L2_DEPLOYMENT_MARKER, L2_MARKER, type StackResource } from '../schema';
import { IntuneProvider } from './generated/providers/intune/provider';

interface StackFindings {
  readonly diagnostics: readonly Diagnostic[];
  readonly render: (d: Diagnostic) => string | undefined;
}

const CACHE = new WeakMap<TerraformStack, StackFindings>();

/** INTUNE_SCEP_EXPIRY_WARNING_DAYS, as the CLI reads it (a value that is not a number of days: the default). */
function expiryWarning(): { expiryWarningDays?: number } {
  const v = process.env.INTUNE_SCEP_EXPIRY_WARNING_DAYS;
  const days = v === undefined ? undefined : expiryWarningDaysOf(v);
  return days === undefined ? {} : { expiryWarningDays: days };
}

function stackFindings(stack: TerraformStack): StackFindings {
  let f = CACHE.get(stack);
  if (!f) {
    const config = readConfig(JSON.parse(JSON.stringify(stack.toTerraform())));
    const resources = new Map<string, StackResource>(config.resources.map((r) => [r.address, r]));
    const constructs = constructsOf(config.resources);
    f = {
      diagnostics: [...config.diagnostics, ...runRules(config.resources, { now: new Date(), ...expiryWarning() })],
      render: (d) => renderForConstructs(d, resources, constructs),
    };
    CACHE.set(stack, f);
  }
  return f;
}

/** Annotate once: CDKTF runs every validation twice (the stack's, then the app's). */
const ANNOTATED = new WeakSet<object>();

function annotate(construct: IConstruct, severity: Diagnostic['severity'], message: string): void {
  // No stack trace: the CLIs print an error annotation's trace, and it would point into this file.
  construct.node.addMetadata(severity === 'error' ? AnnotationMetadataEntryType.ERROR : AnnotationMetadataEntryType.WARN, message);
}

/**
 * Make `construct` report the rule findings of `resource` when the app synthesizes, and mark the
 * resource as an L2 construct's (schema L2_MARKER) so that intune-scep speaks the same words.
 * `reported`: attributes whose problem the construct reports itself (reportProblem).
 */
export function validateWithRules(construct: IConstruct, resource: TerraformResource, reported: readonly string[] = []): void {
  resource.addOverride('//.intune-scep', isDeploymentPart(construct) ? L2_DEPLOYMENT_MARKER : L2_MARKER);
  declareProvider(TerraformStack.of(construct));
  const address = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
  construct.node.addValidation({
    validate: () => {
      const key = resource as object;
      if (ANNOTATED.has(key) || process.env[CLI_VALIDATES_ENV] === '1') return [];
      ANNOTATED.add(key);
      const { diagnostics, render } = stackFindings(TerraformStack.of(construct));
      // An attribute whose problem the construct reported itself (an unreadable certificate file) is not reported again.
      const mine = diagnostics.filter((x) => x.address === address && !reported.includes(String(x.path[0])));
      for (const d of mine) annotate(construct, d.severity, render(d) ?? `${d.summary} [${d.code}]\n  ${d.detail}`);
      return [];
    },
  });
}

const PROVIDED = new WeakSet<TerraformStack>();

/**
 * The provider block, when the stack declares none by synth: its config is empty (the engine and the
 * provider read the Graph and credentials from the environment), so a stack that forgot it (cdktf's
 * own check then fails with a stack trace) gets `new IntuneProvider(stack, ...)` with `{}`. An aspect:
 * cdktf runs aspects before its validations, once the user's constructs, a provider declared after
 * these included, are all in the tree.
 */
function declareProvider(stack: TerraformStack): void {
  if (PROVIDED.has(stack)) return;
  PROVIDED.add(stack);
  Aspects.of(stack).add({
    visit: (node) => {
      if (node !== stack) return;
      // A provider construct, or `stack.addOverride('provider.intune', ...)` (the stack's overrides,
      // kept by cdktf and cdktn as rawOverrides; found by review).
      const overridden = (stack as unknown as { rawOverrides?: { provider?: Record<string, unknown> } }).rawOverrides?.provider;
      const declared =
        (overridden !== undefined && Object.hasOwn(overridden, 'intune')) ||
        stack.node
          .findAll()
          .some((c) => TerraformProvider.isTerraformProvider(c) && c.terraformGeneratorMetadata?.providerName === 'intune');
      if (!declared && !stack.node.tryFindChild('intune-scep-provider')) new IntuneProvider(stack, 'intune-scep-provider', {});
    },
  });
}

/** The roots and profiles CertificateDeployments made: their findings name the deployment's props. */
const PARTS = new WeakSet<IConstruct>();
/** The deployment making a part right now (the part's constructor runs inside makeDeploymentPart). */
let making: IConstruct | undefined;

/** How a CertificateDeployment makes each root and profile, so that they know whose parts they are. */
export function makeDeploymentPart<T extends IConstruct>(deployment: IConstruct, make: () => T): T {
  const outer = making;
  making = deployment;
  try {
    const part = make();
    PARTS.add(part);
    return part;
  } finally {
    making = outer;
  }
}

/**
 * Whether a CertificateDeployment made this construct: not merely one in its scope (a user's own
 * root there reports its own problems, under its own name).
 */
export function isDeploymentPart(construct: IConstruct): boolean {
  return PARTS.has(construct) || (making !== undefined && construct.node.scope === making);
}

/**
 * A problem of the construct's own props (a certificate file it cannot read), reported as rule
 * findings are: at synth, once, in the diagnostics' shape, whatever validates the stack.
 */
export function reportProblem(construct: IConstruct, code: string, where: string, detail: string): void {
  const meta = codeInfo(code);
  const message = [`${meta?.summary ?? code} [${code}]`, `  on ${where}`, ...detail.split('\n').map((l) => `  ${l}`)].join('\n');
  annotate(construct, meta?.severity ?? 'error', message);
}
