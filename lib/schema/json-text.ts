/**
 * Why a text is not JSON, for a message: JSON.parse's reason without the snippet of the text it
 * quotes (a file's bytes, maybe binary, never belong in a message), with the line and column.
 */
export function jsonSyntaxReason(text: string, error: unknown): string {
  if (text.trim() === '') return 'the file is empty';
  const message = error instanceof Error ? error.message : String(error);
  const reason = message
    .replace(/,\s*"[\s\S]*" is not valid JSON$/, '')
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/^(Unexpected|Expected)/, (w) => w.toLowerCase())
    .slice(0, 200);
  return `${reason}${position(text, message)}`;
}

/** Line and column (1-based) of a JSON.parse error, when its message names a position. */
function position(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return text.length > 0 && /end of JSON input/.test(message) ? ' (the text ends too early)' : '';
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}
