/**
 * validateStack: every check that needs no tenant, over one synthesized stack.
 * Input problems (JSON, structure, schema) and the rule catalog's findings, in one sorted list.
 */
import { diagnostic, runRules, sortDiagnostics, type Diagnostic } from '../rules';
import { readConfig } from './config';
import { jsonSyntaxReason, type StackResource } from '../schema';

export interface ValidateOptions {
  /** The clock for date rules; inject it so results do not depend on when they run. */
  readonly now: Date;
  /** Days before a deployed certificate expires that root/expires-soon warns (the rules' default otherwise). */
  readonly expiryWarningDays?: number;
}

/** Parse cdk.tf.json text; a syntax error becomes a diagnostic. */
export function parseConfigText(text: string): { ok: true; doc: unknown } | { ok: false; diagnostic: Diagnostic } {
  try {
    return { ok: true, doc: JSON.parse(text) };
  } catch (e) {
    return {
      ok: false,
      diagnostic: diagnostic(
        'config/invalid-json',
        '',
        [],
        `${jsonSyntaxReason(text, e)}. The file must be the cdk.tf.json that "cdktf synth" writes (or "intune-scep synth").`,
      ),
    };
  }
}

/**
 * Diagnostics for a synthesized stack: a parsed cdk.tf.json object, or its text.
 * Never throws for bad input.
 */
export function validateStack(config: unknown, options: ValidateOptions): Diagnostic[] {
  return checkStack(config, options).diagnostics;
}

/** validateStack, with the resources it read (a view names them in the constructs' words). */
export function checkStack(config: unknown, options: ValidateOptions): { diagnostics: Diagnostic[]; resources: readonly StackResource[] } {
  let doc = config;
  if (typeof config === 'string') {
    const parsed = parseConfigText(config);
    if (!parsed.ok) return { diagnostics: [parsed.diagnostic], resources: [] };
    doc = parsed.doc;
  }
  const { resources, diagnostics } = readConfig(doc);
  const out = [...diagnostics, ...runRules(resources, options)];
  if (resources.length === 0 && diagnostics.length === 0) {
    out.push(
      diagnostic(
        'config/no-resources',
        '',
        ['resource'],
        'nothing to check: the configuration declares no intune_trusted_root_certificate, intune_scep_certificate_profile or intune_profile_assignment.',
      ),
    );
  }
  return { diagnostics: sortDiagnostics(out), resources };
}
