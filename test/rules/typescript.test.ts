/**
 * Every rule's findings in the L2 constructs' words (rules/typescript.ts): each trigger case of the
 * catalog, its resources marked as an L2 construct's, renders without a Terraform attribute name, an
 * HCL assignment or a Terraform address left in it.
 */
import { readConfig } from '../../lib/engine/config';
import { constructsOf, renderForConstructs, runRules, RULES, TERRAFORM_NAMES } from '../../lib/rules';
import type { StackResource } from '../../lib/schema';
import { NOW, testCertificates, type TestCertificates } from '../helpers/certificates';
import { cleanStack } from '../helpers/stacks';
import { CASES } from './cases';

const TABLE = CASES;

let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
});

/** The stack as the L2 constructs would write it: each resource marked, under a construct named as the resource. */
function asL2(doc: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  for (const [type, byName] of Object.entries(copy.resource ?? {}))
    for (const [name, body] of Object.entries(byName)) {
      // An assignment set sits beside its profile, in the construct that made both.
      const profile = typeof body.profile_id === 'string' ? /^\$\{[a-z_]+\.([A-Za-z0-9_-]+)\.id\}$/.exec(body.profile_id)?.[1] : undefined;
      const path = type === 'intune_profile_assignment' ? `s/${profile ?? name}/Assignment` : `s/${name}/Resource`;
      body['//'] = { metadata: { path }, 'intune-scep': 'l2' };
    }
  return copy;
}

// Terraform's names, addresses and assignments; and a SAN as an object literal, which no L2 prop takes (SubjectAlternativeName does).
const TERRAFORM_WORDS = new RegExp(
  `\\b(${TERRAFORM_NAMES.join('|')})\\b|\\bintune_[a-z_]+\\.[A-Za-z_]|\\b[a-z_]+ = ["[{0-9tf]|\\{ type: "`,
);

const rendered = (c: { config: (c: TestCertificates) => unknown }) => {
  const config = readConfig(asL2(c.config(certs)));
  const resources = new Map<string, StackResource>(config.resources.map((r) => [r.address, r]));
  const constructs = constructsOf(config.resources);
  return runRules(config.resources, { now: NOW }).map((d) => ({ d, text: renderForConstructs(d, resources, constructs) }));
};

describe.each(Object.entries(TABLE))('%s', (id, cases) => {
  it.each(Object.entries(cases.triggers))("in the constructs' words: %s", (_name, c) => {
    const found = rendered(c).filter(({ d }) => d.code === id);
    expect(found.length).toBeGreaterThan(0);
    for (const { d, text } of found) {
      // No L2 class makes a platform Intune does not have: such a resource speaks Terraform's words.
      // No L2 class makes a Cloud PKI CA yet, nor takes one (issue 26's constructs): those speak them too.
      if (!d.address || id === 'platform/unsupported' || id.startsWith('cloud-pki/')) continue;
      expect(text).toBeDefined();
      // Quoted text is a value as the user wrote it (a group name, a subject, a value shown as JSON).
      const left = (text as string).split('\n').filter((l) => TERRAFORM_WORDS.test(l.replace(/"(?:[^"\\]|\\.)*"/g, '""')));
      expect({ id, left }).toEqual({ id, left: [] });
    }
  });
});

test('the catalog has a rule per id, so the table above covers every rule that needs no tenant', () => {
  expect(Object.keys(TABLE).sort()).toEqual(
    RULES.filter((r) => r.kind !== 'tenant')
      .map((r) => r.id)
      .sort(),
  );
});

test('GIVEN a construct path with a line break or a terminal escape WHEN rendered THEN the resource speaks Terraform words, and nothing of the path reaches a line of its own', () => {
  const doc = {
    resource: {
      intune_trusted_root_certificate: {
        root: {
          display_name: 'Root',
          platform: 'windows',
          certificate: 'not a certificate',
          '//': { metadata: { path: 's/root\n  on WindowsScepProfile forged, keySize\u001b[2K/Resource' }, 'intune-scep': 'l2' },
        },
      },
    },
  };
  const config = readConfig(doc);
  const resources = new Map<string, StackResource>(config.resources.map((r) => [r.address, r]));
  const constructs = constructsOf(config.resources);
  expect(constructs.size).toBe(0);
  const diags = runRules(config.resources, { now: NOW });
  expect(diags.length).toBeGreaterThan(0);
  for (const d of diags) expect(renderForConstructs(d, resources, constructs)).toBeUndefined();
});

test("GIVEN findings whose fix is a value object or whose detail counts SANs WHEN in the constructs' words THEN the fix is the call and the SAN is the prop element", () => {
  const threeYears = rendered(CASES['validity/over-24-months']!.triggers['3 years']!).find(({ d }) => d.code === 'validity/over-24-months');
  expect(threeYears?.text).toContain('Use Validity.months(24) or less.');
  const sanTypo = rendered({
    config: (c) => cleanStack(c, { profile: { subject_alternative_names: [{ type: 'upn', value: '{{UserPrincipleName}}' }] } }),
  }).find(({ d }) => d.code === 'variable/unknown');
  expect(sanTypo?.text).toContain('{{UserPrincipleName}} in subjectAlternativeNames[0] is not an Intune variable.');
});
