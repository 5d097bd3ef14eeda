/** `intune-scep mock-graph serve` as a user runs it: the built CLI in a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, spawnCli } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'intune-scep-serve-'));

function serve(args: string[]): { child: ChildProcess; url: Promise<string>; output: () => string } {
  const child = spawn(process.execPath, [BIN, 'mock-graph', 'serve', '--port', '0', ...args], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', () => {
      const m = /listening on (https?:\/\/\S+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  return { child, url, output: () => out };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

test('serves the tenant, persists it, and stops cleanly on SIGTERM', async () => {
  const groups = join(dir, 'groups.json');
  writeFileSync(groups, JSON.stringify([{ id: 'g-1', displayName: 'Pilot Devices' }]));
  const s = serve(['--data', 'tenant.json', '--auth', 'off', '--seed-groups', groups, '--page-size', '2']);
  const url = await s.url;
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(s.output()).toContain('token endpoint:');
  const created = await fetch(`${url}/beta/deviceManagement/deviceConfigurations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      '@odata.type': '#microsoft.graph.macOSTrustedRootCertificate',
      displayName: 'Root',
      trustedRootCertificate: 'AA==',
    }),
  });
  expect(created.status).toBe(201);
  const groupsPage = (await (await fetch(`${url}/v1.0/groups?$filter=${encodeURIComponent("displayName eq 'Pilot Devices'")}`)).json()) as {
    value: unknown[];
  };
  expect(groupsPage.value).toHaveLength(1);
  const exit = exitOf(s.child);
  s.child.kill('SIGTERM');
  expect(await exit).toBe(0);
  expect(s.output()).toContain('tenant saved');
  const saved = JSON.parse(readFileSync(join(dir, 'tenant.json'), 'utf8')) as { configurations: { displayName: string }[] };
  expect(saved.configurations.map((c) => c.displayName)).toEqual(['Root']);
});

test('requires tokens by default', async () => {
  const s = serve(['--memory']);
  const url = await s.url;
  try {
    expect((await fetch(`${url}/beta/deviceManagement/deviceConfigurations`)).status).toBe(401);
  } finally {
    const exit = exitOf(s.child);
    s.child.kill('SIGTERM');
    await exit;
  }
});

test.each([
  [['--throttle', 'sometimes'], '--throttle sometimes'],
  [['--fault-rate', '2'], '--fault-rate 2'],
  [['--seed-groups', 'missing.json'], 'no such file'],
])('refuses %j with one clear line', async (args, message) => {
  const r = await spawnCli(['mock-graph', 'serve', '--memory', '--port', '0', ...args], { cwd: dir });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test('a damaged data file is refused and left as it is', async () => {
  writeFileSync(join(dir, 'bad.json'), '{oops');
  const r = await spawnCli(['mock-graph', 'serve', '--port', '0', '--data', 'bad.json'], { cwd: dir });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('not valid JSON');
  expect(readFileSync(join(dir, 'bad.json'), 'utf8')).toBe('{oops');
});

test('--tls serves HTTPS with a self-signed certificate written for clients to trust', async () => {
  const s = serve(['--memory', '--tls', '--auth', 'off']);
  const url = await s.url;
  expect(url).toMatch(/^https:/);
  try {
    expect(s.output()).toContain('mock-graph-tls.pem');
    const ca = readFileSync(join(dir, '.intune-scep', 'mock-graph-tls.pem'), 'utf8');
    const { request } = await import('node:https');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${url}/beta/deviceManagement/deviceConfigurations`, { ca }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
  } finally {
    const exit = exitOf(s.child);
    s.child.kill('SIGTERM');
    await exit;
  }
});
