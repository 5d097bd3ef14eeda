import type { TestCertificates } from '../../helpers/certificates';
import { cleanStack, platformStack, type Attrs } from '../../helpers/stacks';

export interface RuleCase {
  readonly config: (c: TestCertificates) => unknown;
  /** Expected on the triggering diagnostic (triggers only). */
  readonly address?: string;
  readonly path?: readonly (string | number)[];
  /** Text the detail must contain (the offending value or the fix). */
  readonly detail?: string;
}

export interface RuleCases {
  readonly triggers: Readonly<Record<string, RuleCase>>;
  readonly nearMisses: Readonly<Record<string, RuleCase>>;
}

export type CaseTable = Readonly<Record<string, RuleCases>>;

export const WIFI = 'intune_scep_certificate_profile.wifi';
export const P = 'intune_scep_certificate_profile.p';
export const ROOT = 'intune_trusted_root_certificate.root';

/** The clean Windows stack with the profile changed. */
export const wifi =
  (over: Attrs): RuleCase['config'] =>
  (c) =>
    cleanStack(c, { profile: over });
/** The clean Windows stack with the root changed. */
export const root =
  (over: Attrs): RuleCase['config'] =>
  (c) =>
    cleanStack(c, { root: over });
/** A root and a device-certificate profile on `platform`. */
export const on =
  (platform: string, profile: Attrs = {}, rootOver: Attrs = {}): RuleCase['config'] =>
  (c) =>
    platformStack(c, platform, profile, rootOver);
