/**
 * export/: an existing tenant → a ready CDKTF app (main.ts with the L2 constructs, roots as .cer
 * files) plus what makes it managed at once: intune-scep's state for every object and importFrom
 * for Terraform. The first plan is all no-ops; export checks that itself before it says done.
 *
 * | step      | what                                                                     |
 * |-----------|--------------------------------------------------------------------------|
 * | read      | every SCEP and trusted-root profile (platform / name filters), root       |
 * |           | links, assignments; groups and filters named where the name is unique     |
 * | build     | build.ts: one construct per object, in spec.ts's expression language;     |
 * |           | names.ts: the objects' names, never a word main.ts binds otherwise         |
 * | synth     | evaluate.ts: the same constructs in-process (in a private temp |
 * |           | folder) → addresses; what the props could not say becomes                |
 * |           | `resource.addOverride(...)`                                               |
 * | compile   | compile.ts: main.ts type-checks as `tsc` will; a failure is a bug report  |
 * | write     | files.ts: main.ts, roots/*.cer, package.json, tsconfig.json, cdktf.json,  |
 * |           | .gitignore, cdk.tf.json, each a new file inside --out                     |
 * | adopt     | the engine's import for each address → state                              |
 * | check     | rule findings on what the tenant holds; a plan that must be all no-ops    |
 *
 * Nothing is written before the compile passed, and nothing outside `--out`: the folder must be
 * empty (or hold only .git) when export starts (files.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import {
  GraphRequestError,
  assignmentsFromGraph,
  describeAllTargets,
  fromGraph,
  listAssignmentFilters,
  withDefaults,
  type CloudCa,
  type ConfigTargets,
  type IntuneApi,
} from '../graph';
import { certificateBytes, diagnostic, type Diagnostic, type TenantFilter } from '../rules';
import { escapeTemplates, parseReference, platformOfODataType, type Platform, type ResourceType } from '../schema';
import {
  checkedAuthority,
  hasReferences,
  importResources,
  planStack,
  profileView,
  readConfig,
  sameAttribute,
  type ConfigResource,
  type Plan,
  type StackContext,
} from '../engine';
import { LocalStateBackend, type StateBackend } from '../state';
import { buildApp, type TenantAuthority, type TenantObject } from './build';
import { compileMain } from './compile';
import { ExportError } from './errors';
import { loadFlavour, synthesize } from './evaluate';
import { NewFiles, checkFolder } from './files';
import { renderMain, renderProject } from './render';
import { json, value, type AppSpec } from './spec';

export interface ExportOptions {
  readonly api: IntuneApi;
  /** The folder to write the app into (absolute). */
  readonly dir: string;
  readonly stack: string;
  readonly platforms?: readonly Platform[];
  /** Only profiles whose display name matches (their roots come along). */
  readonly name?: RegExp;
  readonly flavour: 'cdktf' | 'cdktn';
  /** Where the objects came from, for the header of main.ts. */
  readonly source: string;
  readonly packageVersion: string;
  readonly now: () => Date;
  /** The tenant the state records. */
  readonly tenant?: string | undefined;
  /** Where the stack's state goes (local: .intune-scep/state in the app's folder). */
  readonly backend: StateBackend;
}

export interface ExportResult {
  readonly files: string[];
  readonly objects: number;
  /** What export noticed (roots brought along, objects left out, values it cannot express) and the rule findings on the tenant. */
  readonly diagnostics: Diagnostic[];
  /** The first plan against the written state: all no-ops when export succeeded. */
  readonly plan: Plan;
  /** Where the state was written. */
  readonly stateLocation: string;
}

export { ExportError, FolderError } from './errors';
export { NewFiles } from './files';

export async function exportTenant(options: ExportOptions): Promise<ExportResult> {
  // Before anything is read: the folder holds nothing export could write over or through.
  checkFolder(options.dir);
  const held = await options.backend.read(options.stack);
  if (Object.keys(held.resources).length > 0 || held.deposed.length > 0)
    throw new ExportError(
      `the state of stack "${options.stack}" (${options.backend.location}) already holds objects: export adopts a tenant into a new stack. Use another --stack, or another folder.`,
    );
  const notes: Diagnostic[] = [];

  // Read: every profile of ours, the selection, the roots the selected profiles need.
  const all = await options.api.listProfiles();
  const kindOf = (e: { '@odata.type': string }) => platformOfODataType(e['@odata.type']);
  const selected = all.filter((e) => {
    const k = kindOf(e);
    return (
      k &&
      (!options.platforms || options.platforms.includes(k.platform)) &&
      (!options.name || options.name.test(String(e.displayName ?? '')))
    );
  });
  const sceps = selected.filter((e) => kindOf(e)?.kind === 'scep');
  const links = sceps.length ? await options.api.rootLinks(sceps) : new Map();
  const byId = new Map(all.map((e) => [e.id.toLowerCase(), e]));
  const chosen = new Map(selected.filter((e) => kindOf(e)?.kind === 'root').map((e) => [e.id.toLowerCase(), e]));
  const rootOf = new Map<string, string>();
  for (const s of sceps) {
    const link = links.get(s.id);
    if (!link?.ok) throw link?.error ?? new Error(`no root link read for ${s.id}`);
    const root = link.rootId ? byId.get(link.rootId.toLowerCase()) : undefined;
    if (!root || kindOf(root)?.kind !== 'root') {
      notes.push(
        diagnostic(
          'export/profile-left-out',
          String(s.displayName ?? s.id),
          [],
          `the SCEP profile ${JSON.stringify(s.displayName)} (${s.id}) ${link.rootId ? `links to ${link.rootId}, which is not a trusted root of this tenant` : 'has no trusted root'}; a stack's SCEP profile must reference one. It was left out: give it a root in the admin center and export again.`,
        ),
      );
      continue;
    }
    rootOf.set(s.id.toLowerCase(), root.id);
    if (!chosen.has(root.id.toLowerCase())) {
      chosen.set(root.id.toLowerCase(), root);
      notes.push(
        diagnostic(
          'export/root-brought-along',
          String(root.displayName ?? root.id),
          [],
          `the trusted root ${JSON.stringify(root.displayName)} (${root.id}) is outside the platform or name filter, but ${JSON.stringify(s.displayName)} references it: it is exported too.`,
        ),
      );
    }
  }
  const entities = [...chosen.values(), ...sceps.filter((s) => rootOf.has(s.id.toLowerCase()))];

  // Our attribute form of each object, and its assignments as a stack writes them.
  const sets = entities.map((e) => assignmentsFromGraph(e.assignments ?? []));
  const filters: TenantFilter[] = sets.some((t) => t.filters) ? await listAssignmentFilters(options.api.client) : [];
  const targets = await describeAllTargets(options.api.client, sets, filters);
  const objects: TenantObject[] = entities.map((e, i) => {
    const k = kindOf(e) as { platform: Platform; kind: 'scep' | 'root' };
    const rootId = rootOf.get(e.id.toLowerCase());
    const read = fromGraph(e, rootId ? { rootId } : {});
    notes.push(...read.diagnostics);
    for (const x of read.assumed) {
      notes.push(
        diagnostic(
          'export/value-assumed',
          String(e.displayName ?? e.id),
          [x.attribute],
          `the ${k.kind === 'root' ? 'trusted root' : 'SCEP profile'} ${JSON.stringify(e.displayName)} (${e.id}) holds no ${x.property} (null). ${x.why}, so main.ts says ${x.attribute} = ${JSON.stringify(x.value)}, and plans read the tenant the same way. If its devices get something else, change it in main.ts and apply.`,
        ),
      );
    }
    return { id: e.id, kind: k.kind, platform: k.platform, attrs: read.attrs, rootId, targets: targets[i] as ConfigTargets };
  });
  // Cloud PKI: the tenant's CAs (none readable: a tenant without Intune Suite has none to export).
  // A trusted root deploying a CA's certificate takes it by reference, a profile whose only URL is an
  // issuing CA's takes the CA, and each CA used comes along with its root CA.
  const authorities = await readAuthorities(options.api);
  const derOf = (pem: unknown) => (typeof pem === 'string' ? certificateBytes(pem) : undefined);
  // Only a value exactly one CA has links to it: two CAs answering one URL or certificate link to none.
  const unique = (pairs: (readonly [string, TenantAuthority])[]) => {
    const seen = new Map<string, TenantAuthority | null>();
    for (const [k, a] of pairs) seen.set(k, seen.has(k) ? null : a);
    return new Map([...seen].flatMap(([k, a]) => (a ? [[k, a] as const] : [])));
  };
  const byCertificate = unique(
    authorities.flatMap((a) => {
      const b = derOf(a.attrs.certificate);
      return b?.ok ? [[b.der.toString('base64'), a] as const] : [];
    }),
  );
  const byUrl = unique(
    authorities.flatMap((a) => (typeof a.attrs.scep_server_url === 'string' ? [[a.attrs.scep_server_url, a] as const] : [])),
  );
  const linked: TenantObject[] = objects.map((o) => {
    if (o.kind === 'root') {
      const b = derOf(o.attrs.certificate);
      const ca = b?.ok ? byCertificate.get(b.der.toString('base64')) : undefined;
      return ca ? { ...o, certificateCa: ca.id } : o;
    }
    const urls = Array.isArray(o.attrs.scep_server_urls) ? o.attrs.scep_server_urls : [];
    const ca = urls.length === 1 ? byUrl.get(String(urls[0])) : undefined;
    return ca ? { ...o, issuingCa: ca.id } : o;
  });
  const filtered = options.platforms !== undefined || options.name !== undefined;
  const used = new Set(linked.flatMap((o) => [o.certificateCa, o.issuingCa].filter((x): x is string => x !== undefined)));
  const exported = new Map(authorities.filter((a) => !filtered || used.has(a.id)).map((a) => [a.id.toLowerCase(), a]));
  for (const a of [...exported.values()]) {
    if (a.type !== 'intune_cloud_pki_issuing_ca') continue;
    const root = authorities.find(
      (x) => x.type === 'intune_cloud_pki_root_ca' && x.id.toLowerCase() === String(a.attrs.root_ca_id).toLowerCase(),
    );
    if (!root)
      throw new ExportError(
        `the Cloud PKI issuing CA ${JSON.stringify(a.attrs.display_name)} (${a.id}) names ${String(a.attrs.root_ca_id ?? 'no root')} as its root CA, which is no root CA of this tenant. Nothing was written or adopted; look at the CA in the Intune admin center.`,
      );
    exported.set(root.id.toLowerCase(), root);
  }
  const certificates = new Map(
    objects.flatMap((x) =>
      x.kind === 'root' && typeof x.attrs.certificate === 'string' ? [[x.id, Buffer.from(x.attrs.certificate, 'base64')] as const] : [],
    ),
  );

  // Build, synthesize, and override what the props did not say as the tenant has it. The app is
  // built in a private temp folder holding the certificate files (it reads them when it
  // synthesizes): --out gets nothing until everything is checked.
  const app = buildApp(options.stack, linked, certificates, [...exported.values()]);
  const flavour = loadFlavour(options.flavour);
  const staging = mkdtempSync(join(tmpdir(), 'intune-scep-export-'));
  let doc: unknown;
  let config: ReturnType<typeof readConfig>;
  try {
    for (const [name, content] of app.files) {
      mkdirSync(dirname(join(staging, name)), { recursive: true });
      writeFileSync(join(staging, name), content);
    }
    const build = (): unknown => {
      try {
        return synthesize(app, staging, flavour);
      } catch (e) {
        // A value from the tenant the constructs refuse (a root whose certificate is not one, say).
        throw new ExportError(
          `building the app from what the tenant holds failed: ${(e as Error).message.split('\n')[0]}. Nothing was adopted; fix the object in the admin center, or leave it out with --name/--platform.`,
        );
      }
    };
    doc = build();
    const overridden = addOverrides(
      app,
      readConfig(doc).resources,
      new Map([...objects.map((x) => [x.id, x.attrs] as const), ...[...exported.values()].map((a) => [a.id, a.attrs] as const)]),
    );
    if (overridden > 0) doc = build();
    config = readConfig(doc);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }

  // main.ts compiles, as tsc will in the folder: anything else is a bug of export, reported before a byte is written.
  const render = {
    flavour: options.flavour,
    source: options.source,
    packageVersion: options.packageVersion,
    folder: basename(options.dir),
  };
  const main = renderMain(app, render);
  const failure = await compileMain(main, options.dir, options.flavour);
  if (failure) {
    throw new ExportError(
      `main.ts:${failure.line}:${failure.column}: error TS${failure.code}: ${failure.message} The app export made does not compile: a bug in intune-scep export. Nothing was written or adopted; please report it with this line.`,
    );
  }

  // Write the app (new files only, inside --out), then adopt every object into state with the engine's own import.
  const files = new Map<string, string | Buffer>([
    ['main.ts', main],
    ...Object.entries(renderProject(app, render)),
    [`cdktf.out/stacks/${options.stack}/cdk.tf.json`, `${JSON.stringify(doc, null, 2)}\n`],
  ]);
  const out = NewFiles.open(options.dir);
  for (const [name, content] of [...app.files, ...files]) out.write(name, content);
  // Local state goes into the folder: its folders are made here, the same way (the backend writes the file).
  const stateDir = options.backend instanceof LocalStateBackend ? relative(options.dir, dirname(options.backend.file)) : undefined;
  if (stateDir && !stateDir.startsWith('..') && !isAbsolute(stateDir)) out.mkdirs(stateDir.split(/[\\/]/).join('/'));
  const ctx: StackContext = {
    stack: options.stack,
    backend: options.backend,
    api: options.api,
    now: options.now,
    ...(options.tenant ? { tenant: options.tenant } : {}),
  };
  const graphIdOf = graphIds(app, config.resources);
  // One import of everything (what it cannot express was noted when export read it).
  await importResources(
    ctx,
    config,
    config.resources.flatMap((r) => (graphIdOf.has(r.address) ? [{ address: r.address, id: graphIdOf.get(r.address) as string }] : [])),
    { entities, links },
  );
  // The plan runs the rules: its findings are what the tenant holds. The tenant's rules (groups,
  // filters) run only when the stack's own pass (a stack in error is not planned against the tenant).
  const plan = await planStack(ctx, config);
  notes.push(...plan.diagnostics);
  return {
    files: [...files.keys(), ...app.files.keys()].sort(),
    objects: entities.length + exported.size,
    diagnostics: notes,
    plan,
    stateLocation: options.backend.location,
  };
}

/** Address → Graph id: the construct path (stack/Id/Resource, stack/Id/Assignment) names the construct. */
function graphIds(app: AppSpec, resources: readonly ConfigResource[]): Map<string, string> {
  const byId = new Map(app.constructs.map((c) => [c.id, c.graphId]));
  const out = new Map<string, string>();
  for (const r of resources) {
    const parts = (r.constructPath ?? '').split('/');
    const id = parts.length >= 3 ? byId.get(parts[parts.length - 2] as string) : undefined;
    if (id) out.set(r.address, id);
  }
  return out;
}

/**
 * Attributes where the synthesized resource and the tenant's object differ, compared as plans
 * compare them, become `resource.addOverride(name, value)` on the construct. Returns how many.
 */
function addOverrides(app: AppSpec, resources: readonly ConfigResource[], tenant: ReadonlyMap<string, Record<string, unknown>>): number {
  const ids = graphIds(app, resources);
  const byGraphId = new Map(app.constructs.map((c) => [c.graphId, c]));
  let n = 0;
  for (const r of resources) {
    if (r.type === 'intune_profile_assignment') continue;
    const id = ids.get(r.address);
    const have = id ? tenant.get(id) : undefined;
    const spec = id ? byGraphId.get(id) : undefined;
    if (!have || !spec) continue;
    const ours: Record<string, unknown> = { ...r.attrs };
    // A reference (to a root, or to a CA's certificate or SCEP URI) says the tenant's value already.
    for (const [k, v] of Object.entries(ours)) if (parseReference(v) || hasReferences({ [k]: v })) ours[k] = have[k];
    const want = profileView(r.type as ResourceType, withDefaults(r.type as ResourceType, have));
    const got = profileView(r.type as ResourceType, withDefaults(r.type as ResourceType, ours));
    for (const name of [...new Set([...Object.keys(want), ...Object.keys(got)])].sort()) {
      // As plans compare: normalised, and an empty list or string is no value.
      if (sameAttribute(name, want[name], got[name], { emptyIsUnset: true })) continue;
      // An override is raw Terraform JSON, past the constructs' escaping: the tenant's text goes in escaped.
      spec.calls.push({ on: 'resource', method: 'addOverride', args: [value(name), json(escapeTemplates(have[name] ?? null))] });
      n++;
    }
  }
  return n;
}

/**
 * The tenant's Cloud PKI CAs (root and issuing), each checked as refresh checks it; none when the
 * tenant answers that it has no Cloud PKI (not licensed: 400, 403 or 404 on the collection).
 */
async function readAuthorities(api: IntuneApi): Promise<TenantAuthority[]> {
  let cas: CloudCa[];
  try {
    cas = await api.cloudPki.list();
  } catch (e) {
    if (e instanceof GraphRequestError && (e.status === 400 || e.status === 403 || e.status === 404)) return [];
    throw e;
  }
  const out: TenantAuthority[] = [];
  for (const ca of cas) {
    const read = await checkedAuthority(api, ca);
    const refused = read.diagnostics.find((d) => d.severity === 'error');
    if (refused) throw new ExportError(`${refused.detail} Nothing was written or adopted.`);
    if (read.type) out.push({ id: ca.id, type: read.type, attrs: read.attrs });
  }
  return out;
}
