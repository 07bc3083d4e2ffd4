import { loadConfig } from '@flowguard/config';
import { z } from 'zod';

const ms = (def: number) => z.coerce.number().int().nonnegative().default(def);

/** Webhook delivery settings, read from the environment with production defaults. */
export const WebhookConfigSchema = z.object({
  /** Allow private, loopback and link-local targets: local development and tests only. */
  WEBHOOK_ALLOW_PRIVATE: z.stringbool().default(false),
  /** Per-request timeout (connect, send, response). */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(1).default(10_000),
  /**
   * Delays before each retry, comma-separated milliseconds: N entries allow N + 1 attempts.
   * The default retries for about seven and a half hours.
   */
  WEBHOOK_SCHEDULE_MS: z
    .string()
    .trim()
    .regex(/^(\d+(,\d+)*)?$/, 'comma-separated milliseconds, e.g. "5000,30000,120000"')
    .default('5000,30000,120000,600000,1800000,3600000,7200000,14400000')
    .transform((value) => (value === '' ? [] : value.split(',').map(Number))),
  /** Each scheduled delay is spread by ± this fraction. */
  WEBHOOK_JITTER: z.coerce.number().min(0).max(1).default(0.2),
  /** How often pending deliveries that lost their job (crash after commit) are re-enqueued. */
  WEBHOOK_SWEEP_MS: ms(60_000).pipe(z.number().min(10)),
  /** Deliveries one replica sends at once. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(16),
});
export type WebhookConfig = z.infer<typeof WebhookConfigSchema>;
export const WEBHOOK_CONFIG = Symbol('webhooks:config');

export const loadWebhookConfig = (env: Record<string, string | undefined> = process.env): WebhookConfig =>
  loadConfig(WebhookConfigSchema, env);
