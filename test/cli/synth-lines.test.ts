/** wholeLines: the app's output reaches the CLI's writes in whole lines, so each write can be made safe for a CI log. */
import { wholeLines } from '../../lib/cli/commands/synth';

test('chunks that split lines are written as whole lines; the last, unfinished one at end', () => {
  const writes: string[] = [];
  const lines = wholeLines((t) => writes.push(t));
  for (const chunk of ['subject: #', '#[error]x\n:', ':warning::y\nend']) lines.push(chunk);
  expect(writes).toEqual(['subject: ##[error]x\n', '::warning::y\n']);
  lines.end();
  expect(writes).toEqual(['subject: ##[error]x\n', '::warning::y\n', 'end']);
});

test('a line past 1 MiB is cut with a line break, so what follows starts a line of its own', () => {
  const writes: string[] = [];
  const lines = wholeLines((t) => writes.push(t));
  lines.push(`${'x'.repeat(1024 * 1024)}#`);
  lines.push('#[error]y\n');
  expect(writes.map((w) => w.slice(-2))).toEqual(['#\n', 'y\n']);
  expect(writes[1]).toBe('#[error]y\n');
});
