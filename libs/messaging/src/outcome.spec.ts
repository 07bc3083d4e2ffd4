import { backoffDelay } from './outcome';

describe('backoffDelay', () => {
  it('doubles per delivery from the base, within ±20% jitter', () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0.5)).toBe(1000);
    expect(backoffDelay(2, 1000, 60_000, () => 0.5)).toBe(2000);
    expect(backoffDelay(4, 1000, 60_000, () => 0.5)).toBe(8000);
    expect(backoffDelay(3, 1000, 60_000, () => 0)).toBe(3200);
    expect(backoffDelay(3, 1000, 60_000, () => 0.999999)).toBe(4800);
  });

  it('is capped at the maximum', () => {
    expect(backoffDelay(30, 1000, 60_000, () => 0.5)).toBe(60_000);
  });
});
