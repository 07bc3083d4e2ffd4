import { loadConfig, serviceConfigSchema } from '@flowguard/config';
import { z } from 'zod';
import { WebhookConfigSchema } from './webhooks/webhook.config';

export const GatewayConfigSchema = serviceConfigSchema(3000)
  .extend({
    /** Largest request body accepted (a PRD of MAX_GOAL_CHARS plus options fits). */
    GATEWAY_BODY_LIMIT: z
      .string()
      .regex(/^\d+(kb|mb)$/)
      .default('1mb'),
    /** Requests one tenant may make per minute on the authenticated API (token bucket refill); 0 turns the limit off. */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().nonnegative().default(600),
    /** Bucket size: requests a tenant may make at once after a quiet spell; unset = RATE_LIMIT_PER_MINUTE. */
    RATE_LIMIT_BURST: z.coerce.number().int().positive().optional(),
    /** Completed, failed and cancelled workflows untouched this long are deleted with their event log. */
    WORKFLOW_RETENTION_DAYS: z.coerce.number().positive().default(30),
    /** Overrides WORKFLOW_RETENTION_DAYS in milliseconds (tests, short-lived environments). */
    WORKFLOW_RETENTION_MS: z.coerce.number().int().positive().optional(),
    /** How often the retention job runs (one replica per run); 0 never schedules it. */
    WORKFLOW_CLEANUP_INTERVAL_MS: z.coerce.number().int().nonnegative().default(3_600_000),
    /** Workflows deleted per transaction by the retention job. */
    WORKFLOW_CLEANUP_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
  })
  .extend(WebhookConfigSchema.shape);
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;
export const GATEWAY_CONFIG = Symbol('gateway:config');

export const loadGatewayConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(GatewayConfigSchema, env);

/** The retention period in milliseconds: WORKFLOW_RETENTION_MS, else WORKFLOW_RETENTION_DAYS (fractions allowed). */
export const retentionMs = (config: Pick<GatewayConfig, 'WORKFLOW_RETENTION_DAYS' | 'WORKFLOW_RETENTION_MS'>) =>
  config.WORKFLOW_RETENTION_MS ?? Math.round(config.WORKFLOW_RETENTION_DAYS * 24 * 3_600_000);
