/**
 * The duplicate guard (plan/duplicate-display-name): the same stack applied again with an empty
 * state (a second pipeline, a lost state file) warns about every profile it would create a second
 * copy of, by name, naming the existing id and how to adopt it; what the stack holds, adopts or is
 * told to allow does not warn.
 */
import { join } from 'node:path';
import { applyStack, constructsOf, importResource, planStack, renderForConstructs, type Diagnostic, type Plan } from '../../lib';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { configOf, engineFixture, type EngineFixture } from '../helpers/engine';
import { cleanStack, platformStack } from '../helpers/stacks';

let certs: TestCertificates;
beforeAll(async () => {
  certs = await testCertificates();
});
let f: EngineFixture;
beforeEach(async () => {
  f = await engineFixture();
});
afterEach(() => f.close());

const duplicates = (plan: Plan): Diagnostic[] => plan.diagnostics.filter((d) => d.code === 'plan/duplicate-display-name');
/** The same stack with its state in another file: a second pipeline, or the first with its state lost. */
const secondState = () => ({ ...f.ctx, stateFile: join(f.dir, 'state', 'second.json') });
const profileIds = () => [...f.mock.store.configurations.values()].map((p) => ({ id: String(p.id), name: String(p.displayName) }));

test('a second state applying the same stack warns about every profile it would copy, naming the id and the import', async () => {
  const doc = cleanStack(certs);
  await applyStack(f.ctx, { config: configOf(doc) });
  const existing = profileIds();
  expect(existing).toHaveLength(2);

  const plan = await planStack(secondState(), configOf(doc));
  const found = duplicates(plan);
  expect(found.map((d) => [d.address, d.severity, d.path])).toEqual([
    ['intune_scep_certificate_profile.wifi', 'warning', ['display_name']],
    ['intune_trusted_root_certificate.root', 'warning', ['display_name']],
  ]);
  const wifi = existing.find((p) => p.name === 'Wi-Fi user certificate')?.id as string;
  expect(found[0]?.detail).toBe(
    `intune_scep_certificate_profile.wifi would create a SCEP certificate profile named "Wi-Fi user certificate", and the tenant already has one of that type and name that this stack's state does not hold (id ${wifi} created 2026-06-01T00:00:00.000Z): made in the admin center, by another stack, by an apply whose state was lost, or by this stack under another name (state is kept by stack name: a stack renamed in the app starts empty). Check it is the object you mean, then adopt it rather than make a second copy: \`intune-scep import intune_scep_certificate_profile.wifi ${wifi} --stack test\` (with the --config or --graph-url of this plan, if any), or an import block (\`importFrom('${wifi}')\` on the construct, or \`import { to = intune_scep_certificate_profile.wifi, id = "${wifi}" }\` in HCL). Adopt its assignment set with the same id: \`intune-scep import intune_profile_assignment.wifi_assign ${wifi} --stack test\`. If a second profile of that name is meant, rename it or suppress the warning on it (suppressWarnings: ['plan/duplicate-display-name'] in a construct, suppress_warnings in HCL).`,
  );
});

test('the imports the warnings suggest adopt every object: the next plan creates nothing and warns of nothing', async () => {
  const doc = cleanStack(certs);
  await applyStack(f.ctx, { config: configOf(doc) });
  const second = secondState();
  const suggested = duplicates(await planStack(second, configOf(doc))).flatMap((d) =>
    [...d.detail.matchAll(/`intune-scep import (\S+) (\S+) --stack test`/g)].map((m) => [m[1] as string, m[2] as string]),
  );
  expect(suggested.map(([address]) => address).sort()).toEqual([
    'intune_profile_assignment.root_assign',
    'intune_profile_assignment.wifi_assign',
    'intune_scep_certificate_profile.wifi',
    'intune_trusted_root_certificate.root',
  ]);
  for (const [address, id] of suggested) expect((await importResource(second, configOf(doc), address, id)).diagnostics).toEqual([]);
  const after = await planStack(second, configOf(doc));
  expect(after.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
  expect(duplicates(after)).toEqual([]);
  expect(f.mock.store.configurations.size).toBe(2);
});

test('the stack that holds the objects plans no warning, and neither does a replacement of them', async () => {
  const mac = (channel: 'user' | 'device') =>
    platformStack(
      certs,
      'macos',
      channel === 'user'
        ? {
            deployment_channel: 'user',
            certificate_type: 'user',
            subject_name_format: 'CN={{UserPrincipalName}}',
            subject_alternative_names: [{ type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }],
          }
        : { deployment_channel: 'device' },
      { deployment_channel: channel },
    );
  await applyStack(f.ctx, { config: configOf(mac('user')) });
  expect(duplicates(await planStack(f.ctx, configOf(mac('user'))))).toEqual([]);
  // A channel change replaces both with objects of the same type and name, which state holds.
  const replacing = await planStack(f.ctx, configOf(mac('device')));
  expect(replacing.changes.filter((c) => c.action === 'create-then-delete').map((c) => c.address)).toEqual([
    'intune_scep_certificate_profile.p',
    'intune_trusted_root_certificate.root',
  ]);
  expect(replacing.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(duplicates(replacing)).toEqual([]);
});

test('near misses: another platform, another name, an assignment set; names compare trimmed and in any case', async () => {
  await applyStack(f.ctx, { config: configOf(cleanStack(certs)) });
  const other = cleanStack(certs, {
    root: { platform: 'windows', display_name: '  CONTOSO ROOT (windows) ' },
    profile: { display_name: 'Wi-Fi user certificate 2' },
  });
  const plan = await planStack(secondState(), configOf(other));
  expect(duplicates(plan).map((d) => d.address)).toEqual(['intune_trusted_root_certificate.root']);
  // The same names on iOS: other Graph types, no duplicate.
  const ios = platformStack(certs, 'ios', { display_name: 'Wi-Fi user certificate' }, { display_name: 'Contoso Root (Windows)' });
  expect(duplicates(await planStack(secondState(), configOf(ios)))).toEqual([]);
});

test('an import block adopts the object instead: no warning; suppress_warnings silences it on purpose', async () => {
  const doc = cleanStack(certs);
  await applyStack(f.ctx, { config: configOf(doc) });
  const rootId = profileIds().find((p) => p.name === 'Contoso Root (Windows)')?.id as string;
  const adopting = { ...doc, import: [{ to: 'intune_trusted_root_certificate.root', id: rootId }] };
  const plan = await planStack(secondState(), configOf(adopting));
  expect(plan.changes.find((c) => c.address === 'intune_trusted_root_certificate.root')?.importing).toBe(true);
  expect(duplicates(plan).map((d) => d.address)).toEqual(['intune_scep_certificate_profile.wifi']);
  // A second root of the same name in the stack is the stack's own doing: the object it matches is adopted.
  const twin = JSON.parse(JSON.stringify(adopting)) as { resource: Record<string, Record<string, unknown>> };
  twin.resource.intune_trusted_root_certificate!.twin = twin.resource.intune_trusted_root_certificate!.root;
  const twinPlan = await planStack(secondState(), configOf(twin));
  expect(twinPlan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(twinPlan.changes.find((c) => c.address === 'intune_trusted_root_certificate.twin')?.action).toBe('create');
  expect(duplicates(twinPlan).map((d) => d.address)).toEqual(['intune_scep_certificate_profile.wifi']);

  const meant = cleanStack(certs, { profile: { suppress_warnings: ['plan/duplicate-display-name'] } });
  expect(duplicates(await planStack(secondState(), configOf(meant))).map((d) => d.address)).toEqual([
    'intune_trusted_root_certificate.root',
  ]);
});

test('many copies already there: the warning counts them and lists the first three ids', async () => {
  const doc = cleanStack(certs);
  for (const n of [1, 2, 3, 4])
    await applyStack({ ...f.ctx, stateFile: join(f.dir, 'state', `copy-${n}.json`) }, { config: configOf(doc) });
  const [found] = duplicates(await planStack(secondState(), configOf(doc)));
  expect(found?.detail).toMatch(
    /the tenant already has 4 of that type and name .*\(id ([0-9a-f-]{36} created [\d:.TZ-]+, ){2}[0-9a-f-]{36} created [\d:.TZ-]+ and 1 more\)/,
  );
});

test('an id Graph answers that is not a Graph id (a GUID) is named as data, never put into a command to run', async () => {
  const doc = cleanStack(certs);
  await applyStack(f.ctx, { config: configOf(doc) });
  // Found by review: the warning's suggested commands were built from the tenant's ids as they came.
  const hostile = "x' $(touch /tmp/pwned) '";
  const store = f.mock.store.configurations;
  const [id, wifi] = [...store.entries()].find(([, p]) => p.displayName === 'Wi-Fi user certificate')!;
  store.delete(id);
  store.set(hostile, { ...wifi, id: hostile });
  const found = duplicates(await planStack(secondState(), configOf(doc))).find((d) => d.address === 'intune_scep_certificate_profile.wifi');
  expect(found?.detail).toContain(`(id ${JSON.stringify(hostile)} created`);
  expect(found?.detail).not.toContain('$(touch /tmp/pwned) --stack');
  expect(found?.detail).not.toContain("importFrom('x'");
  expect(found?.detail).toContain('is not a Graph id');
});

test("in the constructs' words, the commands the warning suggests stay as they run (found by review)", async () => {
  const doc = cleanStack(certs) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  doc.resource.intune_scep_certificate_profile!.wifi!['//'] = { metadata: { path: 's/WinWifi/Resource' }, 'intune-scep': 'l2' };
  await applyStack(f.ctx, { config: configOf(doc) });
  const config = configOf(doc);
  const found = duplicates(await planStack(secondState(), config)).find((d) => d.address === 'intune_scep_certificate_profile.wifi')!;
  const text = renderForConstructs(found, new Map(config.resources.map((r) => [r.address, r])), constructsOf(config.resources)) as string;
  const wifi = profileIds().find((p) => p.name === 'Wi-Fi user certificate')?.id as string;
  expect(text).toContain(`on WindowsScepProfile WinWifi, displayName`);
  expect(text).toContain(`\`intune-scep import intune_scep_certificate_profile.wifi ${wifi} --stack test\``);
  expect(text).toContain(`\`import { to = intune_scep_certificate_profile.wifi, id = "${wifi}" }\``);
});
