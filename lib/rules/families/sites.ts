/**
 * Where variables appear in a SCEP profile: the subject (per RDN value when the subject parses,
 * else the whole string), a built-in subject format (as the template it stands for) and each SAN
 * value. An Entra-attribute SAN (`custom_aad_attribute`) names a user attribute rather than holding
 * a template: its site holds one variable, the one that reads that attribute (`department` is
 * `{{Department}}`), so every variable rule sees it as it sees the same value in another SAN.
 * Parsed once per resource and shared by the rules.
 */
import { builtinTemplate, entraAttributeVariable, variableNamedBy } from '../../schema';
import type { AttrPath } from '../diagnostic';
import type { ResourceView } from '../rule';
import { parseSubjectName, type SubjectParse } from '../subject-name';
import { scanTemplate, variablesOf, type Template, type TemplateVariable } from '../template';

export interface TemplateSite {
  readonly where: 'subject' | 'san';
  readonly path: AttrPath;
  /** The attribute value as written; offsets in `templates` point into it. */
  readonly text: string;
  /** One per RDN value for a parsed subject; one for a SAN value or an unparsed subject. */
  readonly templates: readonly Template[];
  /** For SANs: the `type` field when it is a known string. */
  readonly sanType?: string;
}

/** An Entra ID attribute name (`department`, `onPremisesSamAccountName`, `extension_<app>_costCenter`). */
const ENTRA_ATTRIBUTE = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * The template an Entra-attribute SAN value stands for: the attribute's variable, or why it names
 * none. A value that is a variable's name in any case (`fullyqualifieddomainname`, `userName`) names
 * no attribute of a user: refused here, so it is judged by what it is and never read as that variable.
 */
function entraTemplate(value: string): Template {
  const name = value.trim();
  const start = value.indexOf(name);
  if (!ENTRA_ATTRIBUTE.test(name)) {
    return {
      parts: [],
      problems: [
        {
          offset: Math.max(0, start),
          message: 'a custom_aad_attribute SAN names one Entra ID attribute of the user (e.g. "department"), not a template',
        },
      ],
    };
  }
  const variable = variableNamedBy(name);
  if (variable) {
    return {
      parts: [],
      problems: [
        {
          offset: start,
          message: `${JSON.stringify(name)} names a variable, not an Entra ID attribute: {{${variable.name}}}`,
          fix: `A custom_aad_attribute SAN names one attribute of the user in Entra ID (e.g. "department"), and no attribute has this name. To put {{${variable.name}}} in the certificate, use a SAN of type "dns", "email", "upn" or "uri" with the value "{{${variable.name}}}".`,
        },
      ],
    };
  }
  return { parts: [{ kind: 'variable', name, info: entraAttributeVariable(name), start, end: start + name.length }], problems: [] };
}

export function subjectParse(r: ResourceView): SubjectParse | undefined {
  return r.memo('subject', () => {
    const s = r.string('subject_name_format');
    return s === undefined || s.trim() === '' ? undefined : parseSubjectName(s);
  });
}

export function templateSites(r: ResourceView): readonly TemplateSite[] {
  return r.memo('sites', () => {
    const sites: TemplateSite[] = [];
    const subject = r.string('subject_name_format');
    const parsed = subjectParse(r);
    if (subject !== undefined && parsed) {
      sites.push({
        where: 'subject',
        path: ['subject_name_format'],
        text: subject,
        templates: parsed.ok ? parsed.rdns.map((rdn) => rdn.template) : [scanTemplate(subject)],
      });
    }
    // A built-in format is checked as the template it stands for (common_name: CN={{UserName}}).
    const builtin = r.string('builtin_subject_name');
    const equivalent = subject === undefined ? builtinTemplate(builtin) : undefined;
    if (equivalent !== undefined) {
      const p = parseSubjectName(equivalent);
      sites.push({
        where: 'subject',
        path: ['builtin_subject_name'],
        text: equivalent,
        templates: p.ok ? p.rdns.map((rdn) => rdn.template) : [scanTemplate(equivalent)],
      });
    }
    const types = new Map(r.fieldStrings('subject_alternative_names', 'type').map((t) => [t.index, t.value]));
    for (const { index, value } of r.fieldStrings('subject_alternative_names', 'value')) {
      const sanType = types.get(index);
      sites.push({
        where: 'san',
        path: ['subject_alternative_names', index, 'value'],
        text: value,
        templates: [sanType === 'custom_aad_attribute' ? entraTemplate(value) : scanTemplate(value)],
        ...(sanType !== undefined ? { sanType } : {}),
      });
    }
    return sites;
  });
}

/** Every variable occurrence with its site. */
export function variableUses(r: ResourceView): { site: TemplateSite; variable: TemplateVariable }[] {
  return templateSites(r).flatMap((site) => site.templates.flatMap((t) => variablesOf(t).map((variable) => ({ site, variable }))));
}
