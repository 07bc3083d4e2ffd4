import { loadConfig } from '@flowguard/config';
import { z } from 'zod';

export interface SseOptions {
  /** A comment line is sent this often so proxies and clients keep an idle stream open. */
  heartbeatMs: number;
  /** Safety-net poll: every stream re-reads this often even when no notification arrived. */
  pollMs: number;
  /** A tenant stream waits at most this long for older transactions before trusting the seq order. */
  horizonMaxWaitMs: number;
}

export const SSE_OPTIONS = Symbol('gateway:sse-options');

const SseEnvSchema = z.object({
  SSE_HEARTBEAT_MS: z.coerce.number().int().min(10).default(15_000),
  SSE_POLL_MS: z.coerce.number().int().min(10).default(2_000),
});

export function sseOptionsFromEnv(env: Record<string, string | undefined> = process.env): SseOptions {
  const parsed = loadConfig(SseEnvSchema, env);
  return { heartbeatMs: parsed.SSE_HEARTBEAT_MS, pollMs: parsed.SSE_POLL_MS, horizonMaxWaitMs: 5_000 };
}
