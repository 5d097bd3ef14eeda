/**
 * Apply progress: each mode from the same run of hooks and Graph events on a virtual clock (the same
 * lines every time), then the real CLI with --progress json against the embedded tenant.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan } from '../../lib';
import { REWRITE_LINE, type CliIo } from '../../lib/cli/io';
import { duration, progress, stepsOf, SUMMARY_EVERY_MS, type ProgressMode } from '../../lib/cli/views/progress';
import { testCertificates } from '../helpers/certificates';
import { runCli } from '../helpers/cli';
import { cleanStack } from '../helpers/stacks';

/** A plan of 4 steps: 2 creates and a replace; the replace counts twice. */
const PLAN = {
  changes: [{ action: 'create' }, { action: 'create' }, { action: 'create-then-delete' }, { action: 'no-op' }],
} as unknown as Plan;

/**
 * 4 steps over 40 s of virtual time, one write each second... plus a 429; the third step fails.
 * Returns what the mode wrote to stderr.
 */
function run(mode: ProgressMode, isTTY = false): string {
  let now = 1_000_000;
  let waited = 0;
  let err = '';
  const io = {
    stdout: () => undefined,
    stderr: (t: string) => void (err += t),
    rewriteLine: (t: string) => void (err += REWRITE_LINE + t),
    env: {},
    cwd: '/',
    isTTY,
  } as CliIo;
  const p = progress(io, mode, { now: () => now, waitedMs: () => waited });
  p.hooks.onPlan?.(PLAN);
  const steps: [string, string, string | undefined][] = [
    ['intune_trusted_root_certificate.root', 'create', undefined],
    ['intune_scep_certificate_profile.wifi', 'create', undefined],
    ['intune_scep_certificate_profile.vpn', 'create', '400 BadRequest: refused'],
    ['intune_scep_certificate_profile.vpn', 'delete', undefined],
  ];
  for (const [address, step, error] of steps) {
    p.hooks.onApplyStart?.({ address, step });
    for (let i = 0; i < 10; i++) {
      now += 1000;
      p.onGraphEvent({ type: 'request', method: 'POST', path: '/x', status: 201, attempt: 0, ms: 5 });
    }
    p.onGraphEvent({ type: 'request', method: 'GET', path: '/x', status: 200, attempt: 0, ms: 5 });
    if (step === 'create' && address.endsWith('wifi')) {
      p.onGraphEvent({ type: 'throttled', method: 'POST', path: '/x', retryAfterMs: 5000 });
      waited += 5000;
    }
    p.hooks.onApplyDone?.({ address, step, ...(error ? { error } : {}) });
  }
  p.finish();
  return err;
}

test('steps of a plan: a replace is two, a no-op none', () => {
  expect(stepsOf(PLAN)).toBe(4);
});

test.each([
  [0, '0 s'],
  [59_400, '59 s'],
  [95_000, '1 min 35 s'],
  [3_725_000, '1 h 2 min'],
])('duration(%d) is %s', (ms, text) => {
  expect(duration(ms)).toBe(text);
});

test('summary (CI): a line every SUMMARY_EVERY_MS with count, rate, wait on the window and ETA; failures at once; the last line once', () => {
  expect(SUMMARY_EVERY_MS).toBe(10_000);
  expect(run('summary').split('\n')).toEqual([
    'Apply: 1/4 steps, 1 writes/s, ETA 30 s',
    "Apply: 2/4 steps, 1 writes/s, 5 s waiting on Intune's request window (throttling, not a hang), 1 × 429, ETA 20 s",
    'intune_scep_certificate_profile.vpn: create failed: 400 BadRequest: refused',
    "Apply: 3/4 steps, 1 writes/s, 5 s waiting on Intune's request window (throttling, not a hang), 1 × 429, 1 failed, ETA 10 s",
    // The last line once, though the run ended right after it was written.
    "Apply: 4/4 steps, 1 writes/s, 5 s waiting on Intune's request window (throttling, not a hang), 1 × 429, 1 failed",
    '',
  ]);
});

test('live (terminal): one line rewritten in place, failures on lines of their own', () => {
  const out = run('live', true);
  expect(out.split(REWRITE_LINE).filter(Boolean)).toEqual([
    'Apply: 1/4 steps, 1 writes/s, ETA 30 s',
    "Apply: 2/4 steps, 1 writes/s, 5 s waiting on Intune's request window (throttling, not a hang), 1 × 429, ETA 20 s",
    'intune_scep_certificate_profile.vpn: create failed: 400 BadRequest: refused\n',
    "Apply: 3/4 steps, 1 writes/s, 5 s waiting on Intune's request window (throttling, not a hang), 1 × 429, 1 failed, ETA 10 s",
    "Apply: 4/4 steps, 1 writes/s, 5 s waiting on Intune's request window (throttling, not a hang), 1 × 429, 1 failed",
    "Apply: 4/4 steps, 1 writes/s, 5 s waiting on Intune's request window (throttling, not a hang), 1 × 429, 1 failed\n",
  ]);
});

test('auto is live on a terminal and summary elsewhere', () => {
  expect(run('auto', true)).toBe(run('live', true));
  expect(run('auto', false)).toBe(run('summary', false));
});

test('plain: a line per step started and done', () => {
  expect(run('plain').split('\n').slice(0, 6)).toEqual([
    'intune_trusted_root_certificate.root: Creating...',
    'intune_trusted_root_certificate.root: created',
    'intune_scep_certificate_profile.wifi: Creating...',
    'intune_scep_certificate_profile.wifi: created',
    'intune_scep_certificate_profile.vpn: Creating...',
    'intune_scep_certificate_profile.vpn: failed: 400 BadRequest: refused',
  ]);
});

test('json: start, one event per step with the figures, end', () => {
  const events = run('json')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(events.map((e) => e.event)).toEqual(['start', 'step', 'step', 'step', 'step', 'end']);
  expect(events[0]).toEqual({ event: 'start', steps: 4 });
  expect(events[3]).toMatchObject({
    event: 'step',
    address: 'intune_scep_certificate_profile.vpn',
    step: 'create',
    ok: false,
    error: '400 BadRequest: refused',
    done: 3,
    failed: 1,
    writes: 30,
    writesPerSecond: 1,
    throttled: 1,
    waitedMs: 5000,
    etaMs: 10_000,
  });
  expect(events[5]).toMatchObject({ event: 'end', done: 4, total: 4, writes: 40, elapsedMs: 40_000 });
});

test('the CLI: --progress json on a real apply to the embedded tenant; a mode that does not exist is refused', async () => {
  const certs = await testCertificates();
  const dir = mkdtempSync(join(tmpdir(), 'intune-scep-progress-'));
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(cleanStack(certs)));
  const r = await runCli(['apply', '--config', 'cdk.tf.json', '--auto-approve', '--progress', 'json'], {
    cwd: dir,
    env: { INTUNE_SCEP_NOW: '2026-06-01T00:00:00Z' },
  });
  expect(r.code).toBe(0);
  const events = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(events.map((e) => e.event)).toEqual(['refresh', 'start', 'step', 'step', 'step', 'step', 'end']);
  expect(events.at(-1)).toMatchObject({ done: 4, total: 4, failed: 0 });
  const bad = await runCli(['apply', '--config', 'cdk.tf.json', '--auto-approve', '--progress', 'fancy'], { cwd: dir });
  expect(bad.code).toBe(1);
  expect(bad.stderr).toBe('Error: --progress "fancy" is not a progress mode; use auto, live, summary, plain, json.\n');
});

test.each(['plain', 'summary', 'live', 'json'] as const)(
  'a step that waits (a Cloud PKI CA being created) says so on a line of its own, text kept printable: %s',
  (mode) => {
    let err = '';
    const io = { stdout: () => undefined, stderr: (t: string) => void (err += t), env: {}, cwd: '/', isTTY: mode === 'live' } as CliIo;
    const p = progress(io, mode, { now: () => 0, waitedMs: () => 0 });
    p.hooks.onPlan?.(PLAN);
    p.hooks.onApplyStart?.({ address: 'intune_cloud_pki_root_ca.root', step: 'create' });
    p.hooks.onApplyProgress?.({
      address: 'intune_cloud_pki_root_ca.root',
      message: 'waiting for the CA to become active (1 s so far)\u001b[2J',
    });
    if (mode === 'json')
      expect(err).toContain(
        '{"event":"progress","address":"intune_cloud_pki_root_ca.root","message":"waiting for the CA to become active (1 s so far)\\u001b[2J"}',
      );
    else {
      expect(err).toMatch(/(^|\n|\x1b\[K)intune_cloud_pki_root_ca\.root: waiting for the CA to become active \(1 s so far\)/);
      expect(err).not.toContain('\u001b[2J');
    }
  },
);
