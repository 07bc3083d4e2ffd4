import { gatewayHarness } from './gateway-harness';

jest.setTimeout(60_000);

describe('per-tenant rate limit (token bucket in Redis)', () => {
  let h: Awaited<ReturnType<typeof gatewayHarness>>;

  beforeAll(async () => {
    h = await gatewayHarness('ratelimit', { RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('5/min: five requests pass with RateLimit-* headers, the 6th is 429 problem+json with Retry-After; tenant B is unaffected', async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await h.call('GET', '/v1/workflows', { key: h.a.apiKey });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('5');
      remaining.push(res.headers.get('ratelimit-remaining') ?? '');
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);

    const limited = await h.call('GET', '/v1/workflows', { key: h.a.apiKey });
    expect(limited.status).toBe(429);
    expect(limited.type).toContain('application/problem+json');
    expect(limited.body).toMatchObject({ title: 'Too Many Requests', status: 429, instance: '/v1/workflows' });
    // One token comes back every 12 s.
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(12);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    // A write is refused the same way, and nothing is stored.
    const write = await h.call('POST', '/v1/workflows', { key: h.a.apiKey, body: { goal: 'x' } });
    expect(write.status).toBe(429);

    const other = await h.call('GET', '/v1/workflows', { key: h.b.apiKey });
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit-remaining')).toBe('4');
  });

  it('counts only authenticated requests: /health, /docs and a bad key are not limited', async () => {
    const docs = await h.call('GET', '/docs/openapi.json');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('ratelimit-limit')).toBeNull();
    expect((await h.call('GET', '/v1/workflows', { key: 'nope' })).status).toBe(401);
  });
});
