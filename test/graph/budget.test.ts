/** The shared request budget, token caching and redaction, in virtual time. */
import { CachedTokenProvider, GraphRequestError, INTUNE_LIMITS, Redactor, RequestBudget, VirtualClock, parseErrorBody } from '../../lib';

describe('RequestBudget', () => {
  it('grants 100 writes per window, the 101st when the first slot has run out', async () => {
    const clock = new VirtualClock(0);
    const budget = new RequestBudget({ ...INTUNE_LIMITS, concurrency: 1000 }, clock);
    const granted: number[] = [];
    await Promise.all(
      Array.from({ length: 250 }, async () => {
        const lease = await budget.acquire('write');
        granted.push(clock.now());
        lease.done();
      }),
    );
    expect(granted.filter((t) => t === 0)).toHaveLength(100);
    expect(granted.filter((t) => t === 20_000)).toHaveLength(100);
    expect(granted.filter((t) => t === 40_000)).toHaveLength(50);
  });

  it('holds a slot while its request is in flight and for a window after the answer', async () => {
    const clock = new VirtualClock(0);
    const budget = new RequestBudget({ ...INTUNE_LIMITS, writes: 1 }, clock);
    const first = await budget.acquire('write');
    let second = false;
    const waiting = budget.acquire('write').then((l) => {
      second = true;
      return l;
    });
    await clock.sleep(5_000);
    expect(second).toBe(false); // in flight: never expires
    clock.ms = 7_000;
    first.done(); // answered at 7 s: free at 27 s
    (await waiting).done();
    expect(clock.now()).toBe(27_000);
  });

  it('lets reads through while writes wait for their window', async () => {
    const clock = new VirtualClock(0);
    const budget = new RequestBudget({ ...INTUNE_LIMITS, writes: 1 }, clock);
    (await budget.acquire('write')).done();
    const order: string[] = [];
    await Promise.all([
      budget.acquire('write').then((l) => (order.push(`write@${clock.now()}`), l.done())),
      budget.acquire('read').then((l) => (order.push(`read@${clock.now()}`), l.done())),
    ]);
    expect(order).toEqual(['read@0', 'write@20000']);
  });

  it('caps requests in flight', async () => {
    const budget = new RequestBudget({ ...INTUNE_LIMITS, concurrency: 2 }, new VirtualClock(0));
    const a = await budget.acquire('read');
    await budget.acquire('read');
    let third = false;
    const p = budget.acquire('read').then(() => (third = true));
    await new Promise((r) => setImmediate(r));
    expect(third).toBe(false);
    a.done();
    await p;
    expect(third).toBe(true);
  });

  it('one 429 pauses every caller for Retry-After', async () => {
    const clock = new VirtualClock(0);
    const budget = new RequestBudget(INTUNE_LIMITS, clock);
    budget.throttled(7_000);
    const times = await Promise.all([1, 2, 3].map(async () => ((await budget.acquire('read')).done(), clock.now())));
    expect(times).toEqual([7_000, 7_000, 7_000]);
  });

  it('lowers its write limit on 429s (another run shares the app) and regains it slowly', () => {
    const budget = new RequestBudget(INTUNE_LIMITS, new VirtualClock(0));
    budget.throttled(1000, true);
    expect(budget.currentWriteLimit).toBe(80);
    budget.throttled(1000, true);
    expect(budget.currentWriteLimit).toBe(64);
    budget.throttled(1000, false); // a read: the write limit stays
    expect(budget.currentWriteLimit).toBe(64);
    for (let i = 0; i < 19; i++) budget.succeeded(true);
    expect(budget.currentWriteLimit).toBe(64);
    budget.succeeded(true);
    expect(budget.currentWriteLimit).toBe(65);
    for (let i = 0; i < 20 * 100; i++) budget.succeeded(true);
    expect(budget.currentWriteLimit).toBe(100);
    for (let i = 0; i < 50; i++) budget.throttled(1000, true);
    expect(budget.currentWriteLimit).toBe(10);
  });

  it('without Retry-After, backs off exponentially with jitter, capped', () => {
    const clock = new VirtualClock(0);
    const budget = new RequestBudget(INTUNE_LIMITS, clock, () => 1);
    const pauses: number[] = [];
    for (let i = 0; i < 9; i++) {
      budget.throttled(undefined);
      pauses.push((budget as unknown as { pausedUntil: number }).pausedUntil);
    }
    expect(pauses.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
    expect(pauses[8]).toBe(60_000);
    budget.succeeded();
    budget.throttled(undefined);
    expect((budget as unknown as { pausedUntil: number }).pausedUntil).toBe(60_000);
  });
});

describe('CachedTokenProvider', () => {
  it('fetches once for concurrent callers and refreshes five minutes before expiry', async () => {
    const clock = new VirtualClock(0);
    let calls = 0;
    const credential = {
      getToken: async () => ({ token: `eyJtoken${++calls}.eyJpayload0000.sig`, expiresOnTimestamp: clock.now() + 3600_000 }),
    };
    const redactor = new Redactor();
    const p = new CachedTokenProvider(credential, clock, redactor);
    const tokens = await Promise.all([p.getToken(), p.getToken(), p.getToken()]);
    expect(new Set(tokens).size).toBe(1);
    expect(calls).toBe(1);
    clock.ms = 3600_000 - 5 * 60_000 - 1;
    await p.getToken();
    expect(calls).toBe(1);
    clock.ms += 2;
    await p.getToken();
    expect(calls).toBe(2);
    expect(redactor.redact(`sent ${tokens[0]}`)).toBe('sent [redacted]');
  });

  it('turns a credential failure into a redacted auth error', async () => {
    const redactor = new Redactor();
    redactor.add('s3cr3t-value');
    const p = new CachedTokenProvider(
      { getToken: async () => Promise.reject(new Error('AADSTS7000215: Invalid client secret s3cr3t-value provided.\nmore')) },
      new VirtualClock(0),
      redactor,
    );
    const err = await p.getToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphRequestError);
    expect((err as GraphRequestError).kind).toBe('auth');
    expect((err as GraphRequestError).message).toBe('AADSTS7000215: Invalid client secret [redacted] provided.');
  });
});

describe('errors and redaction', () => {
  it('unwraps Intune JSON-in-message and keeps the raw text', () => {
    const raw = JSON.stringify({
      _version: 3,
      Message: 'An error has occurred - Operation ID (for customer support): 123 - Activity ID: abc',
      CustomApiErrorPhrase: '',
    });
    expect(parseErrorBody({ error: { code: 'BadRequest', message: raw, innerError: { 'request-id': 'rid' } } })).toEqual({
      code: 'BadRequest',
      message: 'An error has occurred - Operation ID (for customer support): 123 - Activity ID: abc',
      rawMessage: raw,
      requestId: 'rid',
    });
    expect(parseErrorBody({ error: { code: 'X', message: '{not json' } }).message).toBe('{not json');
    expect(parseErrorBody('plain text').message).toBe('plain text');
  });

  it.each([
    ['Authorization: Bearer eyJabc.def.ghi', 'Authorization: Bearer [redacted]'],
    ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.sig sent', 'token [redacted] sent'],
    ['client_secret=abc123&scope=x', 'client_secret=[redacted]&scope=x'],
    ['{"password": "hunter22"}', '{"password": "[redacted]"}'],
  ])('redacts %j', (text, expected) => {
    expect(new Redactor().redact(text)).toBe(expected);
  });
});
