/** Variables in the subject and SAN values: syntax, catalog, and what each platform and type allow. */
import { CLIENT_AUTH_OID, VAR, VARIABLES, type VariableInfo } from '../../schema';
import { closest, pointAt } from '../diagnostic';
import type { Finding, ResourceView, Rule } from '../rule';
import type { TemplateVariable } from '../template';
import { templateSites, variableUses, type TemplateSite } from './sites';

const FORBIDDEN_AFTER_VARIABLE = /[{}|;]/;
const AOSP_UNAVAILABLE = new Set<string>([VAR.samAccountName, VAR.onPremDn, VAR.department]);

function where(site: TemplateSite): string {
  return site.where === 'subject' ? 'the subject' : `SAN ${String(site.path[1])}`;
}

/** One finding per use of a known variable for which `test` holds. */
function perUse(
  r: ResourceView,
  test: (info: VariableInfo, site: TemplateSite) => boolean,
  detail: (v: TemplateVariable, info: VariableInfo, site: TemplateSite) => string,
): Finding[] {
  return variableUses(r)
    .filter(({ variable, site }) => variable.info !== undefined && test(variable.info, site))
    .map(({ variable, site }) => ({
      path: site.path,
      detail: `${detail(variable, variable.info as VariableInfo, site)}\n${pointAt(site.text, variable.start, `{{${variable.name}}}`)}`,
    }));
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
            detail: `${p.message} in ${where(site)}:\n${pointAt(site.text, p.offset, p.message)}\nWrite variables as {{Name}}, e.g. {{UserPrincipalName}}.`,
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
          const guess = closest(variable.name.trim(), VARIABLES.map((v) => v.name));
          return {
            path: site.path,
            detail: `{{${variable.name}}} in ${where(site)} is not an Intune variable.${guess ? ` Did you mean {{${guess}}}?` : ''}\n${pointAt(site.text, variable.start, 'unknown')}`,
          };
        });
    },
  },
  {
    id: 'variable/user-variable-in-device-certificate',
    severity: 'error',
    summary: 'User variable in a device certificate',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      if (r.string('certificate_type') !== 'device') return [];
      return perUse(
        r,
        (info) => info.kind === 'user',
        (v) => `{{${v.name}}} is a user variable, but a certificate with certificate_type = "device" has no user. Use a device variable (e.g. {{AAD_Device_ID}}, {{DeviceName}}), or make it a user certificate.`,
      );
    },
  },
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
  {
    id: 'variable/fqdn-windows-only',
    severity: 'error',
    summary: '{{FullyQualifiedDomainName}} is for Windows only',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      if (!r.platform || r.platform === 'windows') return [];
      return perUse(
        r,
        (info) => info.name === VAR.fqdn,
        () => `{{FullyQualifiedDomainName}} is only filled in on Windows; this profile is for "${r.platform}". Use {{DeviceName}} instead.`,
      );
    },
  },
  {
    id: 'variable/unavailable-on-aosp',
    severity: 'error',
    summary: 'Variable unavailable on AOSP',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      if (r.platform !== 'aosp') return [];
      return perUse(
        r,
        (info) => AOSP_UNAVAILABLE.has(info.name),
        (v) => `{{${v.name}}} is not available on AOSP devices. Use {{UserPrincipalName}}, {{UserName}} or {{EmailAddress}}.`,
      );
    },
  },
  {
    id: 'variable/hardware-id-on-personal-work-profile',
    severity: 'error',
    summary: 'Hardware identifier on a personally-owned work profile',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      if (r.platform !== 'android_work_profile') return [];
      return perUse(
        r,
        (info) => info.hardwareId !== undefined,
        (v) => `{{${v.name}}} is a hardware identifier; Android 12 and later no longer report it on personally-owned work profiles, so the profile fails to install. Use {{AAD_Device_ID}} or {{DeviceId}}.`,
      );
    },
  },
  {
    id: 'variable/user-variable-on-device-owner',
    severity: 'warning',
    summary: 'User variable on a device that may have no user',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      if (r.platform !== 'android_device_owner' && r.platform !== 'aosp') return [];
      return perUse(
        r,
        (info) => info.kind === 'user',
        (v) => `{{${v.name}}} needs a user; dedicated and userless ${r.platform} devices have none and the profile fails on them. Assign this profile only to user-affinity devices, or use device variables.`,
      );
    },
  },
  {
    id: 'variable/spoofable-device-property',
    severity: 'warning',
    summary: 'Spoofable device property in a client-authentication certificate',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      if (!hasClientAuthEku(r)) return [];
      return perUse(
        r,
        (info) => info.spoofable,
        (v) => `{{${v.name}}} comes from the device and a person holding it can change it; a certificate used for client authentication should identify the device by {{AAD_Device_ID}}.`,
      );
    },
  },
];
