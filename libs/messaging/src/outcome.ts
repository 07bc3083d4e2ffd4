/**
 * What a handler says happened. The platform maps it to JetStream:
 * done → ack, retry → nak(delay) (dead-lettered once deliveries run out), deadLetter → DLQ + term.
 * A thrown error counts as `retry` with the error as its reason.
 */
export type HandlerOutcome =
  | { kind: 'done' }
  | { kind: 'skipped'; reason: string }
  | { kind: 'retry'; reason: string; delayMs?: number }
  | { kind: 'dead-letter'; reason: string };

export const Outcome = {
  done: (): HandlerOutcome => ({ kind: 'done' }),
  /** Already applied (inbox hit) or nothing to do: acked like done, logged differently. */
  skipped: (reason: string): HandlerOutcome => ({ kind: 'skipped', reason }),
  retry: (reason: string, delayMs?: number): HandlerOutcome => ({ kind: 'retry', reason, delayMs }),
  deadLetter: (reason: string): HandlerOutcome => ({ kind: 'dead-letter', reason }),
};

/** Redelivery delay for the n-th delivery (1-based): base·2^(n-1), capped, with ±20% jitter. */
export function backoffDelay(delivery: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, delivery - 1));
  return Math.round(exp * (0.8 + 0.4 * random()));
}
