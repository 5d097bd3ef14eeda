/**
 * The Markdown plan's picture, rendered as GitHub renders it: the `mermaid` package in headless
 * Chromium (Debian's; .ci/run installs it when missing). For the README's stack, a 1,000-profile
 * stack and display names that try to break out (quotes, brackets, `-->`, backticks, HTML), the
 * diagram renders, and its SVG holds the nodes and edges the source names, the hostile names as
 * their exact text. Each picture is kept as a screenshot in test-artifacts/.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { planStack } from '../../lib';
import { MAX_NODES } from '../../lib/cli/views/diagram';
import { renderPlanMarkdown } from '../../lib/cli/views/plan';
import { testCertificates, type TestCertificates } from '../helpers/certificates';
import { REPO } from '../helpers/cli';
import { configOf, engineFixture, type EngineFixture } from '../helpers/engine';
import { cleanStack, ref, synth } from '../helpers/stacks';

jest.setTimeout(120_000);

const CHROMIUM = '/usr/bin/chromium';
const MERMAID = join(REPO, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
const ARTIFACTS = join(REPO, 'test-artifacts');

let certs: TestCertificates;
let f: EngineFixture;
beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does).`);
  certs = await testCertificates();
  mkdirSync(ARTIFACTS, { recursive: true });
});
beforeEach(async () => {
  f = await engineFixture();
});
afterEach(() => f.close());

/** The mermaid block of a Markdown plan. */
function pictureOf(md: string): string {
  const m = /^(`{3,})mermaid\n([\s\S]*?)\n\1$/m.exec(md);
  if (!m) throw new Error(`no picture in:\n${md.slice(0, 2000)}`);
  return m[2] as string;
}

interface Rendered {
  readonly ok: boolean;
  readonly error?: string;
  readonly labels: string[];
  readonly edges: number;
}

const chromium = (args: string[]) =>
  new Promise<string>((resolve, reject) =>
    execFile(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--allow-file-access-from-files',
        `--user-data-dir=${mkdtempSync(join(tmpdir(), 'intune-scep-chromium-'))}`,
        '--virtual-time-budget=30000',
        ...args,
      ],
      { maxBuffer: 256 << 20, timeout: 90_000 },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    ),
  );

/** Render with mermaid in Chromium: the SVG's node labels and edge count, and a screenshot. */
async function render(name: string, source: string): Promise<Rendered> {
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-diagram-'));
  const page = join(dir, 'page.html');
  writeFileSync(
    page,
    `<!doctype html><html><head><meta charset="utf-8"><script src="${pathToFileURL(MERMAID).href}"></script></head>
<body style="margin:0;background:#fff;overflow:hidden"><div id="out"></div><pre id="result" style="display:none"></pre>
<script>
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', flowchart: { htmlLabels: false } });
mermaid.render('picture', ${JSON.stringify(source)}).then(({ svg }) => {
  document.getElementById('out').innerHTML = svg;
  const labels = [...document.querySelectorAll('#out g.node')].map((n) => n.textContent.trim());
  const edges = document.querySelectorAll('#out path.flowchart-link').length;
  document.getElementById('result').textContent = JSON.stringify({ ok: true, labels, edges });
}).catch((e) => { document.getElementById('result').textContent = JSON.stringify({ ok: false, error: String(e && e.message || e), labels: [], edges: 0 }); });
</script></body></html>`,
  );
  const dom = await chromium(['--dump-dom', pathToFileURL(page).href]);
  const json = /<pre id="result"[^>]*>([\s\S]*?)<\/pre>/.exec(dom)?.[1] ?? '';
  await chromium([`--screenshot=${join(ARTIFACTS, `${name}.png`)}`, '--window-size=1000,320', pathToFileURL(page).href]);
  const decoded = json
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  if (!decoded) throw new Error(`mermaid did not finish in Chromium:\n${dom.slice(0, 2000)}`);
  return JSON.parse(decoded) as Rendered;
}

const edgesIn = (source: string) => source.split('\n').filter((l) => / -->|-- "/.test(l)).length;

test("GIVEN the README's stack to create WHEN the Markdown plan's picture renders in Chromium THEN it shows the root, the profile, the group and their edges", async () => {
  const source = pictureOf(renderPlanMarkdown(await planStack(f.ctx, configOf(cleanStack(certs)))));
  const r = await render('plan-create', source);
  expect(r).toMatchObject({ ok: true });
  expect(r.labels.sort()).toEqual(
    ['Group: "Wi-Fi Users"', 'SCEP profile: Wi-Fi user certificate (create)', 'Trusted root: Contoso Root (Windows) (create)'].sort(),
  );
  expect(r.edges).toBe(edgesIn(source));
  expect(r.edges).toBe(3);
});

test('GIVEN display names that try to break out WHEN rendered THEN each is one label with its exact text, and no node or edge more', async () => {
  const hostile = ['Root "quoted" [bracketed] --> {braced}', 'Wi-Fi `backticks` %% comment <b>bold</b> & #35; end'];
  const doc = cleanStack(certs, { root: { display_name: hostile[0] }, profile: { display_name: hostile[1] } });
  const source = pictureOf(renderPlanMarkdown(await planStack(f.ctx, configOf(doc))));
  expect(source).not.toMatch(/`/);
  const r = await render('plan-hostile-names', source);
  expect(r).toMatchObject({ ok: true });
  expect(r.labels.sort()).toEqual(
    ['Group: "Wi-Fi Users"', `SCEP profile: ${hostile[1]} (create)`, `Trusted root: ${hostile[0]} (create)`].sort(),
  );
  expect(r.edges).toBe(3);
});

test(`GIVEN 1,000 profiles WHEN rendered THEN the picture stays readable: ${MAX_NODES} objects and one node counting the rest`, async () => {
  const roots = { root: { display_name: 'Contoso Root', platform: 'windows', certificate: certs.root } };
  const profiles: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < 1000; i++)
    profiles[`p${i}`] = {
      display_name: `Profile ${i}`,
      platform: 'windows',
      root_certificate_id: ref('intune_trusted_root_certificate.root'),
      certificate_type: 'device',
      subject_name_format: 'CN={{AAD_Device_ID}}',
      scep_server_urls: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'],
    };
  const source = pictureOf(renderPlanMarkdown(await planStack(f.ctx, configOf(synth({ roots, profiles })))));
  const r = await render('plan-1000-profiles', source);
  expect(r).toMatchObject({ ok: true });
  expect(r.labels).toHaveLength(MAX_NODES + 1);
  expect(r.labels).toContain(`... and ${1001 - MAX_NODES} more objects: see the table`);
  expect(r.edges).toBe(MAX_NODES - 1);
});
