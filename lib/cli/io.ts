/** What a command may touch of the outside world; tests pass their own. */
import { DiagnosticError, expiryWarningDaysOf } from '../rules';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** A terminal: progress as an updating line. */
  readonly isTTY?: boolean;
  /**
   * On a terminal, clear the line the cursor is on, then write `text` to stderr: the live progress
   * line. The only way to that control sequence: in any other text, it is shown escaped.
   */
  readonly rewriteLine?: (text: string) => void;
  /** Ask a question on the terminal; absent when there is none (CI), so apply needs --auto-approve. */
  readonly confirm?: (question: string) => Promise<string>;
  /**
   * Be told of the first Ctrl-C / SIGTERM while a handler is subscribed (a second one exits at once);
   * returns the unsubscribe. Absent: interrupts end the process (tests, library use).
   */
  readonly onInterrupt?: (handler: () => void) => () => void;
}

/** A failure the user can fix: printed as one message, never as a stack trace. */
export class CliError extends DiagnosticError {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super('cli/usage', 'The command cannot run', message);
  }
}

/**
 * The clock for date rules. INTUNE_SCEP_NOW (ISO 8601) pins it, so a pipeline can check a stack
 * "as of" a date and tests stay independent of the wall clock.
 */
export function clock(io: CliIo): Date {
  const pinned = io.env.INTUNE_SCEP_NOW;
  if (pinned === undefined || pinned === '') return new Date();
  const t = Date.parse(pinned);
  if (Number.isNaN(t))
    throw new CliError(`INTUNE_SCEP_NOW = ${JSON.stringify(pinned)} is not an ISO 8601 date, e.g. 2026-01-31T00:00:00Z.`);
  return new Date(t);
}

/**
 * Days before a deployed certificate expires that root/expires-soon warns: --expiry-warning-days,
 * else INTUNE_SCEP_EXPIRY_WARNING_DAYS, else undefined (the rules' default, 90).
 */
export function expiryWarningDays(io: CliIo, flag: string | undefined): number | undefined {
  const v = flag ?? io.env.INTUNE_SCEP_EXPIRY_WARNING_DAYS;
  // An unset (or empty) variable is the default; a flag given is checked, even empty.
  if (v === undefined || (flag === undefined && v === '')) return undefined;
  const days = expiryWarningDaysOf(v);
  if (days === undefined)
    throw new CliError(
      `${flag !== undefined ? '--expiry-warning-days' : 'INTUNE_SCEP_EXPIRY_WARNING_DAYS'} = ${JSON.stringify(v)} is not a number of days; give a whole number, e.g. 30.`,
    );
  return days;
}

/**
 * Text for the terminal: control characters (escape sequences from a hostile Graph or file among them)
 * and the bidirectional controls and marks (which reorder the text around them) shown as \\uXXXX
 * instead of acting; newlines and tabs kept.
 */
export function printable(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The one control sequence the CLI writes itself (CliIo.rewriteLine): carriage return, erase the line. */
export const REWRITE_LINE = '\r\x1b[K';

/**
 * Everything the CLI writes, as it leaves (main.ts's output boundary): control characters from any
 * text (a tenant's names, a file) shown escaped, never acting on the terminal (the progress line's own
 * rewrite included: it goes out through CliIo.rewriteLine, never through text), and no line that a CI
 * runner would take for a command of its own (GitHub Actions reads `::command::` at a line's start,
 * after any whitespace, `##[command]` anywhere; Azure Pipelines `##vso[`, TeamCity `##teamcity[`).
 */
export function terminalSafe(text: string): string {
  // GitHub's runner trims a line's leading whitespace before it looks for `::`, and reads the older
  // `##[command]` anywhere in a line, as Azure Pipelines reads `##vso[` and TeamCity `##teamcity[`: a
  // zero-width space (not whitespace to them) between the two #'s and before the `::` breaks them all.
  // Only those: a Markdown heading (`### intune-scep plan`) stays a heading.
  return printable(text)
    .replace(/^(\s*)::/gm, '$1\u200b::')
    .replace(/#(?=#(?:\[|vso\[|teamcity\[))/gi, '#\u200b');
}
