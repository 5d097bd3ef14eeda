/**
 * The CLI's `run()` in this jest worker, for a shim in a child process (a workflow step's `npx`): the
 * shim connects to a Unix socket, sends one line of JSON (argv, environment, working directory), and
 * gets back what the run writes, as it writes it, and its exit code. One run costs the shim's Node
 * start (about 0.05 CPU s) in place of a CLI process that loads every module again (about 0.6 CPU s).
 * The run sees the shim's whole environment and folder as `run()`'s io, as the bin would; libraries
 * that read `process.env` themselves (axios's proxy variables, @azure/identity's managed identity and
 * Azure CLI) see the jest worker's, and relative paths they resolve, the worker's folder. What only a
 * process of its own shows (signals, exit handlers, a stdin, Node's own warnings) is tested with the
 * bin (`spawnCli`).
 *
 * Frames back, one JSON object a line: `{"o": text}` stdout, `{"e": text}` stderr, `{"code": n}` last.
 */
import { createServer, type Server } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { run } from '../../lib/cli/main';
import { redactorForEnv } from '../../lib/graph';

/** One request line: the argv, the environment (a string map) and an absolute folder. */
const RequestSchema = z.strictObject({
  argv: z.array(z.string()),
  env: z.record(z.string(), z.string()),
  cwd: z.string().refine(isAbsolute, 'not an absolute path'),
});
type Request = z.infer<typeof RequestSchema>;

function parseRequest(line: string): Request {
  const r = RequestSchema.safeParse(JSON.parse(line));
  if (!r.success) throw new Error(r.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '));
  return r.data;
}

/** The client half, for a shim's source: `runOverSocket(socketPath, argv)` sets the exit code and writes the output. */
export const CLIENT_SOURCE = `
function runOverSocket(socketPath, argv) {
  const socket = require('node:net').connect(socketPath);
  socket.end(JSON.stringify({ argv, env: process.env, cwd: process.cwd() }) + '\\n');
  let rest = '';
  let code;
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    const lines = (rest + chunk).split('\\n');
    rest = lines.pop();
    for (const line of lines) {
      const f = JSON.parse(line);
      if (f.o !== undefined) process.stdout.write(f.o);
      else if (f.e !== undefined) process.stderr.write(f.e);
      else code = f.code;
    }
  });
  socket.on('close', () => {
    if (code === undefined) process.stderr.write('cli socket: the run ended without an exit code\\n');
    process.exitCode = code ?? 1;
  });
  socket.on('error', (e) => {
    process.stderr.write('cli socket: ' + e.message + '\\n');
    process.exitCode = 1;
  });
}
`;

export interface CliSocket {
  readonly path: string;
  close(): Promise<void>;
}

/** Serves `run()` on a socket in `dir`. The server does not keep the worker alive (unref). */
export async function serveCliSocket(dir: string): Promise<CliSocket> {
  const path = join(dir, 'cli.sock');
  // Half-open: the shim ends its side once the request is sent; the run still writes back.
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    socket.setEncoding('utf8');
    // A peer that goes away mid-run (the shim killed) must not fail the suite.
    socket.on('error', () => socket.destroy());
    const send = (frame: object) => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(frame)}\n`);
    };
    const finish = (code: number) => {
      if (!socket.destroyed) socket.end(`${JSON.stringify({ code })}\n`);
    };
    let text = '';
    let started = false;
    socket.on('data', (chunk: string) => {
      if (started) return;
      text += chunk;
      const end = text.indexOf('\n');
      if (end < 0) return;
      started = true;
      let req: Request;
      try {
        req = parseRequest(text.slice(0, end));
      } catch (e) {
        send({ e: `cli socket: not a request (${(e as Error).message})\n` });
        return finish(2);
      }
      // The socket's name stays with the shim: the run, and the app it starts, never see it.
      const env = Object.fromEntries(Object.entries(req.env).filter(([k]) => k !== 'FAKE_CLI_SOCKET'));
      // As main() does for what run() throws: one line, never a trace.
      run(req.argv, { stdout: (o) => send({ o }), stderr: (e) => send({ e }), env, cwd: req.cwd }).then(finish, (e: unknown) => {
        send({ e: `Internal error: ${redactorForEnv(env).redact((e as Error).message)}\n` });
        finish(1);
      });
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(path, resolve));
  server.unref();
  return { path, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
