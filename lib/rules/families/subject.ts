/** Subject name format: syntax, escaping, quoting and the limits Intune documents. */
import { APPLE_BUILTINS, VAR, builtinTemplate, enumValues } from '../../schema';
import { pointAt, show } from '../diagnostic';
import type { Finding, Rule } from '../rule';
import { quoteValue } from '../subject-name';
import { scanTemplate, templateLength, variablesOf } from '../template';
import { subjectParse } from './sites';

const SPECIAL = new Set(['+', ',', ';', '=']);
/** Attributes Intune fills variables in: CN and E ("Two variable options are supported"), and G and SN (the article's S/MIME subject: "G={{GivenName}}", "SN={{SurName}}"). */
const CN_OR_E = new Set(['CN', 'E', 'G', 'SN']);
const MAX_LENGTH = 64;

export const subjectRules: Rule[] = [
  {
    id: 'subject/empty',
    severity: 'error',
    summary: 'Subject name format is empty',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const raw = r.raw('subject_name_format');
      if (raw !== undefined && (typeof raw !== 'string' || raw.trim() !== '')) return [];
      if (raw === undefined && r.raw('builtin_subject_name') !== undefined) return [];
      return [
        {
          path: ['subject_name_format'],
          detail: `subject_name_format is ${raw === undefined ? 'not set' : show(raw)}. Set a distinguished name, e.g. "CN={{UserPrincipalName}},E={{EmailAddress}}" (or one of Intune's built-in formats in builtin_subject_name).`,
        },
      ];
    },
  },
  {
    id: 'subject/builtin-and-custom',
    severity: 'error',
    summary: 'Both a custom subject and a built-in subject format',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const custom = r.raw('subject_name_format');
      const builtin = r.raw('builtin_subject_name');
      if (custom === undefined || builtin === undefined || (typeof custom === 'string' && custom.trim() === '')) return [];
      return [
        {
          path: ['builtin_subject_name'],
          detail: `builtin_subject_name = ${show(builtin)} and subject_name_format = ${show(custom)}: a profile has one subject name format. Keep subject_name_format (${builtinTemplate(builtin) ? `the custom template "${builtinTemplate(builtin)}" says the same` : 'a custom template can say the same'}) or the built-in one.`,
        },
      ];
    },
  },
  {
    id: 'subject/builtin-unsupported',
    severity: 'error',
    summary: 'Built-in subject format not available here',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const builtin = r.raw('builtin_subject_name');
      if (builtin === undefined) return [];
      const all = enumValues('builtin_subject_name');
      if (typeof builtin !== 'string' || !all.includes(builtin)) {
        return [
          {
            path: ['builtin_subject_name'],
            detail: `builtin_subject_name = ${show(builtin)} is not one of Intune's built-in formats: ${all.join(', ')}.`,
          },
        ];
      }
      if ((r.platform === 'ios' || r.platform === 'macos') && !APPLE_BUILTINS.includes(builtin)) {
        return [
          {
            path: ['builtin_subject_name'],
            detail: `builtin_subject_name = "${builtin}" does not exist on ${r.platform}: Apple profiles take ${APPLE_BUILTINS.join(', ')}. Use subject_name_format${builtinTemplate(builtin) ? ` = "${builtinTemplate(builtin)}"` : ''} instead.`,
          },
        ];
      }
      return [];
    },
  },
  {
    id: 'subject/syntax',
    severity: 'error',
    summary: 'Subject name format is not a distinguished name',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const parsed = subjectParse(r);
      if (!parsed || parsed.ok) return [];
      const subject = r.string('subject_name_format') as string;
      return [
        {
          path: ['subject_name_format'],
          detail: `${parsed.message}:\n${pointAt(subject, parsed.offset, parsed.message)}\nWrite ATTR=value pairs separated by commas, e.g. "CN={{UserName}},O=Contoso"; put a value that holds commas in double quotes.`,
        },
      ];
    },
  },
  {
    id: 'subject/escaped-special-character',
    severity: 'error',
    summary: 'Backslash-escaped special character in the subject',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const parsed = subjectParse(r);
      if (!parsed) return [];
      const subject = r.string('subject_name_format') as string;
      const findings: Finding[] = [];
      for (const rdn of parsed.rdns) {
        const bad = rdn.escapes.filter((e) => SPECIAL.has(e.char));
        if (bad.length === 0) continue;
        const written = subject.slice(rdn.attributeStart, rdn.valueEnd);
        const fixed = `${rdn.attribute}=${quoteValue(rdn.value)}`;
        findings.push({
          path: ['subject_name_format'],
          detail: `${written} escapes ${bad.map((e) => `"${e.char}"`).join(', ')} with a backslash:\n${pointAt(subject, (bad[0] as { offset: number }).offset, 'escaped here')}\nIntune then builds a request whose subject differs from the SCEP challenge and no certificate is issued. Quote the whole value instead: ${fixed}`,
        });
      }
      return findings;
    },
  },
  {
    id: 'subject/unquoted-distinguished-name',
    severity: 'error',
    summary: '{{OnPrem_Distinguished_Name}} must be in double quotes',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const parsed = subjectParse(r);
      if (!parsed) return [];
      const subject = r.string('subject_name_format') as string;
      return parsed.rdns
        .filter((rdn) => !rdn.quoted && variablesOf(rdn.template).some((v) => v.info?.name === VAR.onPremDn))
        .map((rdn) => ({
          path: ['subject_name_format'],
          detail: `${subject.slice(rdn.attributeStart, rdn.valueEnd)}: the on-premises distinguished name contains commas, so the value must be quoted: ${rdn.attribute}=${quoteValue(subject.slice(rdn.valueStart, rdn.valueEnd))}`,
        }));
    },
  },
  {
    id: 'subject/variable-outside-cn-or-e',
    severity: 'warning',
    summary: 'Variable outside CN, E, G or SN',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const parsed = subjectParse(r);
      if (!parsed) return [];
      const subject = r.string('subject_name_format') as string;
      return parsed.rdns
        .filter((rdn) => !CN_OR_E.has(rdn.attribute) && variablesOf(rdn.template).length > 0)
        .map((rdn) => ({
          path: ['subject_name_format'],
          detail: `${subject.slice(rdn.attributeStart, rdn.valueEnd)} uses a variable in ${rdn.attribute}; Intune supports variables in CN and E ("Two variable options are supported: Common Name (CN) and Email (E)"), and the article's S/MIME subject uses G and SN. Move the variable to CN or E, or use static text in ${rdn.attribute}.`,
        }));
    },
  },
  {
    id: 'subject/longer-than-64',
    severity: 'warning',
    summary: 'Subject longer than 64 characters',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const subject = r.string('subject_name_format');
      if (subject === undefined) return [];
      const length = templateLength(scanTemplate(subject));
      if (length <= MAX_LENGTH) return [];
      return [
        {
          path: ['subject_name_format'],
          detail: `the subject is ${length} characters counting one per variable (limit ${MAX_LENGTH}); with variables filled in it is longer still. The CA may enforce DN length limits and refuse the request. Shorten static text or drop attributes.`,
        },
      ];
    },
  },
  {
    id: 'subject/windows-device-id',
    severity: 'warning',
    summary: '{{DeviceId}} in a Windows subject',
    kind: 'resource',
    types: ['intune_scep_certificate_profile'],
    check(r) {
      const parsed = subjectParse(r);
      if (r.platform !== 'windows' || !parsed) return [];
      const subject = r.string('subject_name_format') as string;
      return parsed.rdns
        .flatMap((rdn) => variablesOf(rdn.template))
        .filter((v) => v.info?.name === VAR.deviceId)
        .map((v) => ({
          path: ['subject_name_format'],
          detail: `{{DeviceId}} in the subject of a Windows profile can make Intune sync fail:\n${pointAt(subject, v.start, 'here')}\nUse {{AAD_Device_ID}} instead.`,
        }));
    },
  },
];
