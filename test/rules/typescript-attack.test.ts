/**
 * Attacks on the constructs' words (rules/typescript.ts): a stack file anyone can write (a pull
 * request's cdk.tf.json, marked as an L2 construct's) and values its author typed. The translation
 * must never change a value the user wrote, never point at the wrong place, and never crash.
 */
import { readConfig } from '../../lib/engine/config';
import { renderDiagnosticHuman } from '../../lib/cli/views/diagnostics';
import { runRules } from '../../lib/rules';
import { testCertificates, NOW, type TestCertificates } from '../helpers/certificates';
import { ref, synth, type Attrs } from '../helpers/stacks';

let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
});

const l2 = (path: string) => ({ metadata: { path }, 'intune-scep': 'l2' });

/** Root, device profile and their assignment sets, every resource marked as an L2 construct's. */
function markedStack(over: { profile?: Attrs; profileAssign?: Attrs; roots?: Record<string, Attrs> } = {}): unknown {
  return synth({
    roots: {
      root: { display_name: 'Root', platform: 'windows', certificate: certs.root, '//': l2('s/windowsRoot/Resource') },
      ...over.roots,
    },
    profiles: {
      wifi: {
        display_name: 'Wi-Fi',
        platform: 'windows',
        root_certificate_id: ref('intune_trusted_root_certificate.root'),
        certificate_type: 'device',
        subject_name_format: 'CN={{AAD_Device_ID}}',
        subject_alternative_names: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }],
        scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
        '//': l2('s/wifi/Resource'),
        ...over.profile,
      },
    },
    assignments: {
      root_assign: {
        profile_id: ref('intune_trusted_root_certificate.root'),
        include_group_names: ['Wi-Fi Devices'],
        '//': l2('s/windowsRoot/Assignment'),
      },
      wifi_assign: {
        profile_id: ref('intune_scep_certificate_profile.wifi'),
        include_group_names: ['Wi-Fi Devices'],
        '//': l2('s/wifi/Assignment'),
        ...over.profileAssign,
      },
    },
  });
}

/** Every diagnostic of the stack as `validate` prints it for people. */
function human(doc: unknown): { code: string; text: string }[] {
  const config = readConfig(doc);
  return [...config.diagnostics, ...runRules(config.resources, { now: NOW })].map((d) => ({
    code: d.code,
    text: renderDiagnosticHuman(d, { file: 'cdk.tf.json', resources: config.resources }),
  }));
}

test('GIVEN a group name that holds attribute names and an address WHEN its finding is rendered THEN the detail quotes the name as written', () => {
  const name = 'all_users = 1 intune_trusted_root_certificate.root key_size';
  const found = human(markedStack({ profileAssign: { include_group_names: ['Wi-Fi Devices', name] } })).filter(
    (d) => d.code === 'assignment/root-not-covering',
  );
  expect(found).toHaveLength(1);
  // The `at` line quotes it right; the detail must say the same group, not Group.byName("assignTo: 1 windowsRoot keySize").
  const detail = (found[0] as { text: string }).text.split('\n').slice(2).join('\n');
  expect(detail).toContain(`Group.byName(${JSON.stringify(name)})`);
});

test('GIVEN a subject whose text holds an attribute name WHEN the variable finding is rendered THEN the quoted subject is as written and the caret under the variable', () => {
  const subject = 'OU=key_usage,CN={{UserPrincipalName}}';
  const found = human(markedStack({ profile: { subject_name_format: subject } })).find(
    (d) => d.code === 'variable/user-variable-in-device-certificate',
  );
  expect(found).toBeDefined();
  const lines = (found as { text: string }).text.split('\n');
  const quoted = lines.findIndex((l) => l.trimStart().startsWith('"OU='));
  expect(lines[quoted]?.trim()).toBe(JSON.stringify(subject));
  const caret = (lines[quoted + 1] as string).indexOf('^');
  expect((lines[quoted] as string).slice(caret, caret + '{{UserPrincipalName}}'.length)).toBe('{{UserPrincipalName}}');
});

test.each(['toString', 'constructor', 'hasOwnProperty'])(
  'GIVEN a marked resource with an attribute named %s WHEN rendered THEN the unknown attribute is named, nothing throws',
  (attribute) => {
    for (const doc of [markedStack({ profileAssign: { [attribute]: 1 } }), markedStack({ profile: { [attribute]: 1 } })]) {
      let found: { code: string; text: string }[] = [];
      expect(() => (found = human(doc))).not.toThrow();
      const unknown = found.find((d) => d.code === 'schema/unknown-attribute');
      expect(unknown?.text).toContain(`, ${attribute}\n`);
      expect(unknown?.text).not.toContain('native code');
    }
  },
);

test('GIVEN suppressAssignmentWarnings with an unknown id WHEN rendered THEN the place is that call, not a group', () => {
  const found = human(markedStack({ profileAssign: { suppress_warnings: ['assignment/no-such-rule'] } })).find(
    (d) => d.code === 'suppress/unknown-rule',
  );
  expect(found?.text).toContain('suppressAssignmentWarnings');
  expect(found?.text).not.toContain('Group.byId("assignment/no-such-rule")');
});

test("GIVEN a second resource whose mark claims another resource's construct WHEN both have findings THEN their findings are told apart", () => {
  // A pull request adds intune_trusted_root_certificate.evil, marked as the construct windowsRoot.
  const evil = { display_name: 'Evil', platform: 'windows', certificate: 'not a certificate', '//': l2('s/windowsRoot/Resource') };
  const doc = markedStack({ roots: { evil } });
  const lines = human(doc)
    .filter((d) => d.code === 'root/unparseable')
    .map((d) => d.text.split('\n')[1]);
  expect(lines).toHaveLength(1);
  // The finding is evil's: the human output must not place it at windowsRoot, the construct the file's real root is.
  expect(lines[0]).not.toBe('  on WindowsTrustedRootCertificate windowsRoot, certificate');
});
