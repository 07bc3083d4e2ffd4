/** Longest pause a receiver's Retry-After may impose (a bogus header must not park a delivery for weeks). */
export const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

/**
 * When the next attempt of a run is due after `attemptsInRun` failed attempts, or null when
 * the schedule is spent. Retry-After (429/503) replaces the scheduled delay but still counts
 * as an attempt, so an endpoint that always asks to wait cannot keep a delivery alive forever.
 */
export function nextAttemptDelay(
  attemptsInRun: number,
  schedule: readonly number[],
  jitter: number,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number | null {
  if (attemptsInRun > schedule.length) return null;
  if (retryAfterMs !== null) return Math.min(Math.max(0, retryAfterMs), MAX_RETRY_AFTER_MS);
  const base = schedule[attemptsInRun - 1];
  return Math.max(0, Math.round(base * (1 - jitter + 2 * jitter * random())));
}

/** Retry-After as delay-seconds or an HTTP-date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
