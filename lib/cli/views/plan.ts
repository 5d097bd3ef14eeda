/** Renderings of a plan: human (Terraform's look), JSON (close to `terraform show -json`), Markdown (pull requests). */
import { planDiagram } from './diagram';
import {
  summarize,
  KNOWN_AFTER_APPLY,
  type Action,
  type CertificateImpact,
  type Plan,
  type PlanNames,
  type ResourceChange,
} from '../../engine';
import type { DiagnosticSource } from './diagnostics';
import { diagnosticJson, renderDiagnosticHuman } from './diagnostics';
import { printable } from '../io';

const SYMBOL: Record<Action, string> = {
  create: '+',
  update: '~',
  delete: '-',
  'create-then-delete': '+/-',
  'delete-then-create': '-/+',
  'no-op': ' ',
  read: '<=',
};

const HEADLINE: Record<Action, string> = {
  create: 'will be created',
  update: 'will be updated in-place',
  delete: 'will be destroyed',
  'create-then-delete': 'must be replaced (create replacement and then destroy)',
  'delete-then-create': 'must be replaced (destroy and then create replacement)',
  'no-op': 'has no changes',
  read: 'will be read into state',
};

/** A certificate as text: base64, bare or in PEM armour, line breaks allowed; never prose with spaces. */
function isCertificateText(v: string): boolean {
  const body = v.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '').replace(/[\r\n]/g, '');
  return /^[A-Za-z0-9+/]+={0,2}$/.test(body);
}

/** A value as HCL-ish text; long certificate blobs shortened (other long text is shown whole). */
function value(v: unknown): string {
  if (v === KNOWN_AFTER_APPLY) return KNOWN_AFTER_APPLY;
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string')
    return JSON.stringify(v.length > 80 && isCertificateText(v) ? `${v.slice(0, 24)}…(${v.length} characters)` : v);
  return JSON.stringify(v);
}

/** The object a change is about: its address, and for a deposed object which one (Terraform's wording). */
const subject = (c: ResourceChange) => (c.action === 'delete' && c.deposed ? `${c.address} (deposed object ${c.id})` : c.address);

const GROUP_LISTS = new Set(['include_group_ids', 'exclude_group_ids']);

/**
 * The names behind an assignment attribute's ids, as the stack named them or Graph told (plan.names):
 * `["Wi-Fi Users"]` for a list of group ids, `[group "Wi-Fi Users" filter "Corporate"]` for filters.
 * Undefined when the value has no id with a known name.
 */
function named(key: string, v: unknown, names: PlanNames | undefined): string | undefined {
  if (!names || !Array.isArray(v)) return undefined;
  const of = (m: Readonly<Record<string, string>>, id: unknown) =>
    typeof id === 'string' && Object.hasOwn(m, id.toLowerCase()) ? (m[id.toLowerCase()] as string) : undefined;
  let any = false;
  const show = (m: Readonly<Record<string, string>>, id: unknown) => {
    const name = of(m, id);
    if (name !== undefined) any = true;
    return name !== undefined ? JSON.stringify(name) : typeof id === 'string' ? 'an unnamed id' : 'null';
  };
  if (GROUP_LISTS.has(key)) {
    const text = `[${v.map((id) => show(names.groups, id)).join(', ')}]`;
    return any ? text : undefined;
  }
  if (key === 'filters') {
    const entries = v.map((f) => {
      const e = (f && typeof f === 'object' ? f : {}) as Record<string, unknown>;
      // A filter's target: a group id, or all_users / all_devices (engine/assignment-targets.ts).
      const who =
        e.target === 'all_users' ? 'all users' : e.target === 'all_devices' ? 'all devices' : `group ${show(names.groups, e.target)}`;
      return `${who} filter ${show(names.filters, e.filter_id)}`;
    });
    return any ? `[${entries.join(', ')}]` : undefined;
  }
  return undefined;
}

function attrLines(c: ResourceChange, names?: PlanNames): string[] {
  const lines: string[] = [];
  // ` # names`: what the ids are, before and after, where the stack or Graph named them.
  const comment = (k: string, ...vs: unknown[]) => {
    const shown = vs.map((v) => named(k, v, names));
    return shown.some((s) => s !== undefined) ? ` # ${shown.map((s) => s ?? '[]').join(' -> ')}` : '';
  };
  const forces = new Set(c.replacePaths.map((p) => String(p[0])));
  const changed = new Set(c.changedPaths.map((p) => String(p[0])));
  const keys = [...new Set([...Object.keys(c.before ?? {}), ...Object.keys(c.after ?? {})])].sort();
  const width = Math.max(0, ...keys.map((k) => k.length));
  for (const k of keys) {
    const pad = k.padEnd(width);
    const b = c.before?.[k];
    const a = c.after?.[k];
    if (c.action === 'create') lines.push(`      + ${pad} = ${value(a)}${comment(k, a)}`);
    else if (c.action === 'delete') lines.push(`      - ${pad} = ${value(b)}${comment(k, b)}`);
    else if (changed.has(k))
      lines.push(`      ~ ${pad} = ${value(b)} -> ${value(a)}${forces.has(k) ? ' # forces replacement' : comment(k, b, a)}`);
  }
  return lines;
}

/** The counts Graph reported for an impact entry, in words. */
function counts(i: CertificateImpact): string {
  if (i.unreported !== undefined) return `Intune does not report how many devices hold ${i.profile} (${i.unreported}).`;
  const n = (k: 'devices' | 'users') => (i[k] === undefined ? undefined : `${i[k]} ${i[k] === 1 ? k.slice(0, -1) : k}`);
  const known = [n('devices'), n('users')].filter((x): x is string => x !== undefined);
  const when = i.reportedAt ? ` (as of ${i.reportedAt})` : '';
  if (known.length === 2) return `${known.join(' and ')} hold ${i.profile} now${when}.`;
  if (known.length === 1)
    return `${known[0]} hold ${i.profile} now${when}; Graph did not report the ${i.devices === undefined ? 'devices' : 'users'} (${i.unavailable ?? 'no count'}).`;
  return `Graph did not report how many devices and users hold ${i.profile} (${i.unavailable ?? 'no count'}).`;
}

const impactLine = (i: CertificateImpact) => `${i.address} ${i.detail}. ${counts(i)}`;

/** An impact line's marker: the action of the change it comes from, as the diff above shows it. */
function marker(plan: Plan, i: CertificateImpact): string {
  const at = plan.changes.filter((c) => c.address === i.address);
  const c = at.find((x) => subject(x) === i.profile) ?? at.find((x) => !(x.action === 'delete' && x.deposed)) ?? at[0];
  return c && c.action !== 'no-op' ? SYMBOL[c.action] : i.effect === 'remove' ? '-' : '~';
}

/** Changes a reader needs to see: everything but no-ops, and no-ops that import an object. */
const shownChanges = (plan: Plan) => plan.changes.filter((c) => c.action !== 'no-op' || c.importing);

/** `Plan: [N to import, ]A to add, C to change, D to destroy.` */
function planLine(plan: Plan): string {
  const s = summarize(plan);
  return `Plan: ${s.import ? `${s.import} to import, ` : ''}${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.`;
}

const headline = (c: ResourceChange) =>
  c.importing
    ? c.action === 'no-op'
      ? 'will be imported'
      : `will be imported and ${HEADLINE[c.action].replace(/^will be /, '')}`
    : HEADLINE[c.action];

export function renderPlanHuman(plan: Plan, source: DiagnosticSource = {}): string {
  const out: string[] = [];
  const changes = shownChanges(plan);
  for (const d of plan.drift) out.push(`Note: ${d.detail}`);
  if (plan.drift.length) out.push('');
  // A plan with errors says nothing matches: it may not have read the tenant at all (tenantUnread).
  const errors = plan.diagnostics.some((d) => d.severity === 'error');
  if (plan.mode === 'refresh-only') {
    if (changes.length > 0)
      out.push(`Refresh only: ${changes.length} object(s) will be read into state; nothing in the tenant changes.`, '');
    else if (!errors) out.push('No changes. State already matches the tenant.', '');
  } else if (changes.length === 0) {
    if (!errors) out.push('No changes. The tenant matches the stack.', '');
  } else {
    out.push('intune-scep will perform the following actions:', '');
    for (const c of changes) {
      out.push(`  # ${subject(c)} ${headline(c)}`);
      if (c.reason) out.push(`  # (${c.reason})`);
      if (c.importing) out.push(`  # (imported from ${JSON.stringify(c.id)})`);
      out.push(`${SYMBOL[c.action].padStart(3)} resource "${c.type}" "${c.name}" {`);
      out.push(...attrLines(c, plan.names));
      if (c.id && c.action !== 'delete') out.push(`        id = ${JSON.stringify(c.id)}`);
      out.push('    }', '');
    }
    out.push(planLine(plan), '');
  }
  if (plan.impact.length > 0) {
    out.push('Certificate impact:');
    for (const i of plan.impact) out.push(`${marker(plan, i).padStart(3)} ${impactLine(i)}`);
    out.push('');
  }
  for (const d of plan.diagnostics) out.push(renderDiagnosticHuman(d, source), '');
  if (plan.tenantUnread) out.push(`${TENANT_UNREAD} Fix the stack and plan again.`);
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/** What a plan refused for the stack's own errors says of the tenant: it was not read. */
export const TENANT_UNREAD =
  'The tenant was not read: the stack breaks these rules on its own, so this plan shows no drift, certificate impact or names from it.';

const ACTIONS_JSON: Record<Action, string[]> = {
  create: ['create'],
  update: ['update'],
  delete: ['delete'],
  'create-then-delete': ['create', 'delete'],
  'delete-then-create': ['delete', 'create'],
  'no-op': ['no-op'],
  read: ['read'],
};

/** Close to `terraform show -json`. */
export function planJson(plan: Plan, source: DiagnosticSource = {}): Record<string, unknown> {
  return {
    format_version: '1.0',
    stack: plan.stack,
    mode: plan.mode,
    resource_changes: plan.changes.map((c) => ({
      address: c.address,
      type: c.type,
      name: c.name,
      ...(c.action === 'delete' && c.deposed ? { deposed: c.id } : {}),
      ...(c.importing ? { importing: { id: c.id } } : {}),
      change: {
        actions: ACTIONS_JSON[c.action],
        before: c.before,
        after: c.after,
        replace_paths: c.replacePaths,
        changed_paths: c.changedPaths,
      },
      ...(c.reason ? { action_reason: c.reason } : {}),
    })),
    resource_drift: plan.drift,
    diagnostics: plan.diagnostics.map((d) => diagnosticJson(d, source)),
    // The stack broke a rule on its own: no drift, impact or names from the tenant, which was not read.
    ...(plan.tenantUnread ? { tenant_read: false } : {}),
    certificate_impact: plan.impact,
    // The names of the group and filter ids the plan's assignment sets hold (lower-case id → name), for people.
    names: plan.names ?? { groups: {}, filters: {} },
    summary: summarize(plan),
  };
}

export function renderPlanJson(plan: Plan, source: DiagnosticSource = {}): string {
  return `${JSON.stringify(planJson(plan, source), null, 2)}\n`;
}

/**
 * What a pull-request comment shows of a name or a message: the text as written, and nothing else.
 * GitHub reads a comment as Markdown and HTML, then acts on the text it renders: `@name` notifies
 * people, `:name:` is an emoji, `#1` or `GH-1` a reference, a commit's SHA, a URL or an email a link.
 * A name in a tenant or a pull request may say any of that, so every character that could start one is
 * written so it cannot:
 *
 * - a line break as a space (it would end the table row); control and bidirectional characters (which
 *   would reorder the words after them: "will be destroyed") written out as `\uXXXX`;
 * - HTML's and Markdown's punctuation as character references (`&lt;`, `&#42;`): a reference is always
 *   text, in a table cell and in an HTML block (`<summary>`) alike, where a backslash would show; `_`
 *   only where it could emphasise (not between letters or digits, as in an address);
 * - a zero-width space after `@`, `#`, a `:` that something follows and in `www.`, and (outside
 *   `<code>`, where GitHub finds references) after the `-` of `GH-1` or `KEY-123` and every six
 *   characters of a run of seven or more hex digits: GitHub's filters find these in the rendered text,
 *   where a reference or a backslash is already gone, and do not see them across it; readers see nothing.
 */
export function mdText(text: string): string {
  return asText(text).replace(REFERENCE, (m) => (m === '-' ? `-${BREAK}` : m.replace(/.{6}(?=.)/g, `$&${BREAK}`)));
}

/** Code in a comment (`<code>`: a backtick in the text cannot end it, and GitHub links no reference there). */
const mdCode = (text: string) => `<code>${asText(text)}</code>`;

/** One line of printable text, with nothing in it that GitHub reads as markup (mdText). */
function asText(text: string): string {
  return printable(text.replace(/\r\n|\r|\n|\u2028|\u2029/g, ' ')).replace(MARKUP, neutral);
}

/** Characters that could start markup; the empty match is the place between `www` and its dot. */
const MARKUP = /[&<>`|\\*[\]~!$#@]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|:(?=\S)|(?<=www)(?=\.)/gi;

/** GitHub's references by pattern, in text already written by asText: `KEY-1`'s dash, a commit's SHA. */
const REFERENCE = /(?<=[A-Za-z])-(?=\d)|(?<!\w)[0-9a-f]{7,}(?!\w)/gi;

/** A zero-width space: GitHub's filters do not see `@x`, `#1`, `:x:` or `http://` across it; readers see nothing. */
const BREAK = '&#8203;';

function neutral(c: string): string {
  if (c === '' || c === '@' || c === ':') return `${c}${BREAK}`;
  const reference = c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `&#${c.codePointAt(0)};`;
  return c === '#' ? `${reference}${BREAK}` : reference;
}

/** A fenced block that no line inside can close: longer than any run of backticks in it. */
function fenced(info: string, lines: readonly string[]): string[] {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((r) => r.length))));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${info}`, ...lines, fence];
}

/**
 * A change's reason for the summary table: the engine's, else for an update the attributes it
 * changes, with the names behind group and filter ids (so a reviewer sees them without unfolding).
 */
function reasonOf(c: ResourceChange, names: PlanNames | undefined): string {
  if (c.reason) return c.reason;
  if (c.action !== 'update' || c.changedPaths.length === 0) return '';
  const keys = [...new Set(c.changedPaths.map((p) => String(p[0])))];
  const said = keys.map((k) => {
    const [b, a] = [named(k, c.before?.[k], names), named(k, c.after?.[k], names)];
    return b !== undefined || a !== undefined ? `${k} ${b ?? '[]'} -> ${a ?? '[]'}` : k;
  });
  return `changes ${said.join(', ')}`;
}

/**
 * The most a Markdown plan holds, in characters: GitHub refuses a comment over 65,536, and the
 * workflow adds its own lines (the tenant, a refusal) around the plan.
 */
export const MARKDOWN_LIMIT = 60_000;

/**
 * A pull-request comment, in the order a reviewer needs it: the refusal or the plan line, drift,
 * certificate impact, the rules' errors, the picture (at most 40 objects), their warnings, the
 * summary table, then one collapsible section per changed object. It stays within `limit`
 * characters: a table that would pass it keeps the rows that fit, the sections stop at the first that
 * does not, and a last line (never inside a section) says what is left out and where the whole plan is.
 */
export function renderPlanMarkdown(plan: Plan, limit = MARKDOWN_LIMIT): string {
  const changes = shownChanges(plan);
  const out = new Budget(limit - LEFT_OUT_ROOM);
  out.always(`### intune-scep plan: ${mdCode(plan.stack)}`, '');
  // Errors stop a plan, with its changes or before any: never "No changes" then (the human view says none either).
  const errors = plan.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0)
    out.always(
      `**Refused**: ${errors} error${errors === 1 ? '' : 's'}, below; this plan cannot be applied.${plan.tenantUnread ? ` ${TENANT_UNREAD}` : ''}`,
      '',
    );
  if (changes.length > 0) out.always(`**${planLine(plan).replace(/^Plan:/, 'Plan:**')}`, '');
  else if (errors === 0) out.always('**No changes.** The tenant matches the stack.', '');
  // What happened outside the stack since the last apply: a reviewer should know before approving.
  out.table(
    ['**Drift** since the last apply (made outside this stack):', '', '| drift | resource | attributes |', '|---|---|---|'],
    plan.drift.map((d) => `| ${d.kind} | ${mdCode(d.address)} | ${mdText(d.paths.map((p) => p.join('.')).join(', '))} |`),
  );
  // The table a reviewer reads before approving: which change takes or reissues whose certificates.
  const count = (i: CertificateImpact, v: number | undefined) =>
    i.unreported !== undefined ? 'not reported by Intune' : v === undefined ? 'not reported' : String(v);
  out.table(
    [
      '> :warning: **Certificate impact**',
      '',
      '| change | effect | profile | devices | users | what happens |',
      '|---|---|---|---|---|---|',
    ],
    plan.impact.map(
      (i) =>
        `| ${mdCode(i.address)} | ${i.effect} | ${mdCode(i.profile)} | ${count(i, i.devices)} | ${count(i, i.users)} | ${mdText(i.detail)}${i.unreported !== undefined ? ` (${mdText(i.unreported)})` : ''} |`,
    ),
  );
  // The rules' findings: errors (what stops the plan) before the picture, warnings after it, so a
  // thousand warnings leave both in.
  const findings = (ofErrors: boolean) =>
    out.table(
      ['| severity | rule | resource | what and how to fix it |', '|---|---|---|---|'],
      plan.diagnostics
        .filter((d) => (d.severity === 'error') === ofErrors)
        .map((d) => `| ${d.severity} | ${mdCode(d.code)} | ${mdCode(d.address)} | **${mdText(d.summary)}**: ${mdText(d.detail)} |`),
    );
  findings(true);
  // The picture (at most 40 objects): which roots, which profiles chained to them, which groups, how many devices.
  const diagram = planDiagram(plan);
  if (diagram) out.picture([...fenced('mermaid', diagram.split('\n')), '']);
  findings(false);
  out.table(
    ['| action | resource | reason |', '|---|---|---|'],
    changes.map(
      (c) =>
        `| \`${SYMBOL[c.action].trim() || '<='}\` ${c.importing ? (c.action === 'no-op' ? 'import' : `import, ${c.action}`) : c.action} | ${mdCode(subject(c))} | ${mdText(reasonOf(c, plan.names))} |`,
    ),
  );
  for (const c of changes)
    out.details([
      `<details><summary>${mdCode(subject(c))} ${headline(c)}</summary>`,
      '',
      ...fenced(
        'diff',
        attrLines(c, plan.names).map((l) => printable(l.trim().replace(/^~/, '!'))),
      ),
      '',
      '</details>',
      '',
    ]);
  return `${[...out.lines, ...out.leftOut()].join('\n').replace(/\n+$/, '')}\n`;
}

/** Room kept for the line that says what was left out. */
const LEFT_OUT_ROOM = 400;

/** The characters lines take in the comment, a line break each. */
const size = (lines: readonly string[]) => lines.reduce((n, l) => n + l.length + 1, 0);

/** The comment's lines, within a number of characters (renderPlanMarkdown). */
class Budget {
  readonly lines: string[] = [];
  private used = 0;
  private rowsLeft = 0;
  private readonly sectionsLeft = { picture: 0, details: 0 };
  private detailsStopped = false;

  constructor(private readonly limit: number) {}

  private fits(lines: readonly string[]): boolean {
    return this.used + size(lines) <= this.limit;
  }

  private push(lines: readonly string[]): void {
    this.lines.push(...lines);
    this.used += size(lines);
  }

  /** What every comment says, whatever its size. */
  always(...lines: string[]): void {
    this.push(lines);
  }

  /** A table (its lines before the rows, then the rows): the rows that fit; none, no table. */
  table(head: readonly string[], rows: readonly string[]): void {
    if (rows.length === 0) return;
    let shown = 0;
    if (this.fits([...head, rows[0] as string, ''])) {
      this.push(head);
      while (shown < rows.length && this.fits([rows[shown] as string, ''])) this.push([rows[shown++] as string]);
      this.push(['']);
    }
    this.rowsLeft += rows.length - shown;
  }

  /**
   * The picture: whole, within a quarter of the limit, or not at all. It never keeps the details out:
   * a picture of long names (the tenant's, the stack's) is what would go, not the diffs.
   */
  picture(lines: readonly string[]): void {
    if (size(lines) <= this.limit / 4 && this.fits(lines)) this.push(lines);
    else this.sectionsLeft.picture++;
  }

  /** A change's details whole or not at all; after one that does not fit, none (they stay in order). */
  details(lines: readonly string[]): void {
    if (!this.detailsStopped && this.fits(lines)) this.push(lines);
    else {
      this.detailsStopped = true;
      this.sectionsLeft.details++;
    }
  }

  /** The line that says what is not shown, if anything is: outside every section and table. */
  leftOut(): string[] {
    const { picture, details } = this.sectionsLeft;
    const parts = [
      ...(picture > 0 ? ['the picture'] : []),
      ...(this.rowsLeft > 0 ? [`${this.rowsLeft} table row${this.rowsLeft === 1 ? '' : 's'}`] : []),
      ...(details > 0 ? [`the details of ${details} change${details === 1 ? '' : 's'}`] : []),
    ];
    if (parts.length === 0) return [];
    return [
      '',
      `**Not shown here**: ${parts.join(' and ')}, to keep this comment within GitHub's limit. \`intune-scep plan\` without \`--markdown\` (this run's log) shows the whole plan.`,
    ];
  }
}
