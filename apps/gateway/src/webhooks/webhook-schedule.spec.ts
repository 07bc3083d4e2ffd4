import { MAX_RETRY_AFTER_MS, nextAttemptDelay, parseRetryAfter } from './webhook-schedule';

describe('webhook retry schedule', () => {
  const schedule = [50, 100, 200];

  it('follows the schedule, one delay per failed attempt, then gives up', () => {
    const mid = () => 0.5;
    expect(nextAttemptDelay(1, schedule, 0.2, null, mid)).toBe(50);
    expect(nextAttemptDelay(2, schedule, 0.2, null, mid)).toBe(100);
    expect(nextAttemptDelay(3, schedule, 0.2, null, mid)).toBe(200);
    expect(nextAttemptDelay(4, schedule, 0.2, null, mid)).toBeNull();
    expect(nextAttemptDelay(1, [], 0.2, null, mid)).toBeNull();
  });

  it('spreads each delay by ± the jitter fraction', () => {
    expect(nextAttemptDelay(3, schedule, 0.2, null, () => 0)).toBe(160);
    expect(nextAttemptDelay(3, schedule, 0.2, null, () => 0.999999)).toBe(240);
    expect(nextAttemptDelay(3, schedule, 0, null, Math.random)).toBe(200);
  });

  it('takes Retry-After instead of the scheduled delay, capped, but still spends the attempt', () => {
    expect(nextAttemptDelay(1, schedule, 0.2, 30_000)).toBe(30_000);
    expect(nextAttemptDelay(1, schedule, 0.2, 10 * MAX_RETRY_AFTER_MS)).toBe(MAX_RETRY_AFTER_MS);
    expect(nextAttemptDelay(4, schedule, 0.2, 1_000)).toBeNull();
  });

  it('reads Retry-After as seconds or an HTTP-date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
