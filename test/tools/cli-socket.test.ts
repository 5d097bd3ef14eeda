/**
 * The workflow harness's CLI socket (test/helpers/cli-socket.ts): a request line that is no request
 * is answered with exit 2 and one line, the server goes on serving, and a run's output and exit code
 * come back whole (found by attack review: one bad line failed the whole workflow suite).
 */
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveCliSocket, type CliSocket } from '../helpers/cli-socket';

let socket: CliSocket;
beforeAll(async () => {
  socket = await serveCliSocket(mkdtempSync(join(tmpdir(), 'intune-scep-cli-socket-')));
});
afterAll(() => socket.close());

/** Sends `line`, returns the frames the server wrote back. */
function ask(line: string): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const c = connect(socket.path);
    let text = '';
    c.setEncoding('utf8');
    c.on('data', (d: string) => (text += d));
    c.on('error', reject);
    c.on('close', () =>
      resolve(
        text
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      ),
    );
    c.end(line);
  });
}

test.each([
  ['not JSON', 'not json\n'],
  ['argv not strings', `${JSON.stringify({ argv: [1], env: {}, cwd: '/' })}\n`],
  ['a relative cwd', `${JSON.stringify({ argv: ['--version'], env: {}, cwd: 'x' })}\n`],
])('GIVEN a request line that is %s THEN exit 2 with one line, and the next request is served', async (_, line) => {
  const frames = await ask(line);
  expect(frames).toEqual([{ e: expect.stringMatching(/^cli socket: not a request \(.+\)\n$/) }, { code: 2 }]);
  const next = await ask(`${JSON.stringify({ argv: ['--version'], env: {}, cwd: tmpdir() })}\n`);
  expect(next.at(-1)).toEqual({ code: 0 });
  expect(next.filter((f) => 'o' in f).map((f) => f.o)).toEqual([expect.stringMatching(/^\d+\.\d+\.\d+\n$/)]);
});

test('GIVEN a command that fails THEN its stderr and exit code come back', async () => {
  const frames = await ask(`${JSON.stringify({ argv: ['no-such-command'], env: {}, cwd: tmpdir() })}\n`);
  expect(frames.at(-1)).toEqual({ code: 1 });
  expect(frames.filter((f) => 'e' in f).length).toBeGreaterThan(0);
});
