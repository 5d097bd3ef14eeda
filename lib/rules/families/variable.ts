/**
 * Variables in the subject and SAN values: syntax, catalog, and where a device can fill them in.
 * The last is one table, the schema's VARIABLE_LIMITS: each rule here that reports a row of it
 * (tableRule) reads the table, for every place a variable appears (sites.ts).
 */
import { CLIENT_AUTH_OID, VARIABLES, isSpoofable, variableLimits, type VariableLimit, type VariablePlace } from '../../schema';
import type { Severity } from '../diagnostic';
import { closest, pointAt } from '../diagnostic';
import type { Finding, ResourceRule, ResourceView, Rule } from '../rule';
import type { TemplateVariable } from '../template';
import { templateSites, variableUses, type TemplateSite } from './sites';

const FORBIDDEN_AFTER_VARIABLE = /[{}|;]/;

function where(site: TemplateSite): string {
  if (site.where === 'subject') return site.path[0] === 'builtin_subject_name' ? 'the built-in subject format' : 'the subject';
  return `SAN ${String(site.path[1])}`;
}

/** How a use is named in a detail: `{{Name}}`, or the Entra attribute an Entra-attribute SAN names. */
export function shown(variable: TemplateVariable, site: TemplateSite): string {
  return site.sanType === 'custom_aad_attribute'
    ? `the Entra ID attribute "${variable.name}"${variable.info?.entraAttribute && variable.info.name !== variable.name ? ` ({{${variable.info.name}}})` : ''}`
    : `{{${variable.name}}}`;
}

/** The place of a site, as the variable table names places (undefined for a SAN of an unknown type). */
function placeOf(site: TemplateSite): VariablePlace | undefined {
  if (site.where === 'subject') return 'subject';
  return (['email', 'upn', 'dns', 'uri', 'custom_aad_attribute'] as const).find((p) => p === site.sanType);
}

/**
 * A rule that reports the rows of the variable table with its id: one finding per use of a known
 * variable that a row holds for, whatever the place (subject, built-in format, any SAN type); one per
 * profile, naming every use, for a row about the profile's devices (`perProfile`). The fix is in the
 * terms of the place: an Entra-attribute SAN names an attribute, never a template.
 */
export function tableRule(id: string, severity: Severity, summary: string): ResourceRule {
  return {
    id,
    severity,
    summary,
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const platform = r.platform;
      if (!platform) return [];
      const type = r.string('certificate_type');
      const certificateType = type === 'user' || type === 'device' ? type : undefined;
      const hits = variableUses(r).flatMap(({ variable, site }) => {
        const place = placeOf(site);
        if (!variable.info || !place) return [];
        const row = variableLimits(variable.info, { platform, certificateType, place }).find((l) => l.rule === id);
        return row ? [{ row, variable, site }] : [];
      });
      const profile = `this "${platform}" ${certificateType ? `${certificateType} ` : ''}certificate profile`;
      const fixFor = (row: VariableLimit, site: TemplateSite) =>
        site.sanType === 'custom_aad_attribute' ? (row.attributeFix ?? row.fix) : row.fix;
      const findings: Finding[] = hits
        .filter(({ row }) => !row.perProfile)
        .map(({ row, variable, site }) => ({
          path: site.path,
          detail: `${shown(variable, site)} in ${where(site)} of ${profile}: ${row.why}. ${fixFor(row, site)}\n${pointAt(site.text, variable.start, shown(variable, site))}`,
        }));
      // A row about the devices the profile reaches, not about one value: said once, naming every use.
      const grouped = hits.filter(({ row }) => row.perProfile);
      const first = grouped[0];
      if (first) {
        const uses = grouped.map(({ variable, site }) => `${shown(variable, site)} in ${where(site)}`);
        const attribute = grouped.find(({ site }) => site.sanType === 'custom_aad_attribute');
        findings.push({
          path: first.site.path,
          detail: `${profile} uses ${uses.join(', ')}: ${first.row.why}. ${attribute ? fixFor(first.row, attribute.site) : first.row.fix}`,
        });
      }
      return findings;
    },
  };
}

export function hasClientAuthEku(r: ResourceView): boolean {
  return r.fieldStrings('extended_key_usages', 'object_identifier').some((e) => e.value.trim() === CLIENT_AUTH_OID);
}

export const variableRules: Rule[] = [
  {
    id: 'variable/malformed',
    severity: 'error',
    summary: 'Malformed variable',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      return templateSites(r).flatMap((site) =>
        site.templates.flatMap((t) =>
          t.problems.map((p) => ({
            path: site.path,
            detail: `${p.message} in ${where(site)}:\n${pointAt(site.text, p.offset, p.fix ? 'here' : p.message)}${p.fix ? `\n${p.fix}` : site.sanType === 'custom_aad_attribute' ? '' : '\nWrite variables as {{Name}}, e.g. {{UserPrincipalName}}.'}`,
          })),
        ),
      );
    },
  },
  {
    id: 'variable/unknown',
    severity: 'error',
    summary: 'Unknown variable',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      return variableUses(r)
        .filter(({ variable }) => variable.info === undefined)
        .map(({ variable, site }) => {
          const guess = closest(
            variable.name.trim(),
            VARIABLES.map((v) => v.name),
          );
          return {
            path: site.path,
            detail: `{{${variable.name}}} in ${where(site)} is not an Intune variable.${guess ? ` Did you mean {{${guess}}}?` : ''}\n${pointAt(site.text, variable.start, 'unknown')}`,
          };
        });
    },
  },
  tableRule('variable/user-variable-in-device-certificate', 'error', 'User variable in a device certificate'),
  {
    id: 'variable/forbidden-character-after-variable',
    severity: 'error',
    summary: 'Forbidden character after a variable',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const findings: Finding[] = [];
      for (const site of templateSites(r)) {
        for (const t of site.templates) {
          const reported = new Set(t.problems.map((p) => p.offset));
          t.parts.forEach((part, i) => {
            const prev = t.parts[i - 1];
            if (part.kind !== 'text' || prev?.kind !== 'variable') return;
            for (let k = 0; k < part.text.length; k++) {
              const ch = part.text[k] as string;
              if (!FORBIDDEN_AFTER_VARIABLE.test(ch) || reported.has(part.start + k)) continue;
              findings.push({
                path: site.path,
                detail: `"${ch}" in the text after {{${prev.name}}} in ${where(site)}: Intune does not allow {, }, | or ; after a variable.\n${pointAt(site.text, part.start + k, 'not allowed')}\nRemove the character or move it before the variable.`,
              });
              break;
            }
          });
        }
      }
      return findings;
    },
  },
  tableRule('variable/fqdn-windows-only', 'error', '{{FullyQualifiedDomainName}} is for domain-joined Windows devices only'),
  tableRule('variable/not-on-platform', 'error', 'Variable no device of this platform has'),
  tableRule('variable/not-on-every-device', 'warning', 'Variable some devices of this platform do not have'),
  tableRule('variable/unavailable-on-aosp', 'error', 'Variable unavailable on AOSP'),
  tableRule('variable/hardware-id-on-personal-work-profile', 'warning', 'Hardware identifier on a personally-owned work profile'),
  tableRule('variable/user-variable-on-device-owner', 'warning', 'User variable on a device that may have no user'),
  {
    id: 'variable/spoofable-device-property',
    severity: 'warning',
    summary: 'Spoofable device property in a client-authentication certificate',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const platform = r.platform;
      if (!platform || !hasClientAuthEku(r)) return [];
      return variableUses(r).flatMap(({ variable, site }) => {
        const info = variable.info;
        if (!info?.spoofable || !isSpoofable(info, platform)) return [];
        return [
          {
            path: site.path,
            detail: `{{${variable.name}}} on "${platform}": a person holding the device can change it, since ${info.spoofable.why}; a certificate used for client authentication should identify the device by {{AAD_Device_ID}}, which nobody holding it can change.\n${pointAt(site.text, variable.start, `{{${variable.name}}}`)}`,
          },
        ];
      });
    },
  },
];
