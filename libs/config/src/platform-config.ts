import { z } from 'zod';

const intFromEnv = (def: number) => z.coerce.number().int().nonnegative().default(def);

/**
 * Settings every FlowGuard service reads. Defaults point at the local services so a fresh
 * clone runs with no configuration at all; see the README's configuration table.
 */
export const PlatformConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/flowguard'),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
  /** Prefix for NATS subjects, stream and consumer names; separates environments on one server. */
  FG_NATS_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'lowercase letters, digits and _')
    .default('fg'),
  /** Prefix for BullMQ keys in Redis. */
  FG_REDIS_PREFIX: z.string().min(1).default('fg'),
  /** Deliveries before a failing event is dead-lettered. */
  EVENT_MAX_DELIVER: intFromEnv(5),
  /** First redelivery delay; doubles per delivery with ±20% jitter. */
  EVENT_RETRY_BASE_MS: intFromEnv(1_000),
  EVENT_RETRY_MAX_MS: intFromEnv(60_000),
  /** How long a delivered event may stay un-acked before JetStream hands it out again. */
  EVENT_ACK_WAIT_MS: intFromEnv(30_000),
  /** Events a replica handles at once per subscription. */
  EVENT_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(16),
  /** Slow sweep for outbox rows no in-process kick published (crashed writer, lost kick). */
  OUTBOX_SWEEP_MS: intFromEnv(5_000),
  /** BullMQ lock; a killed worker's job is taken back after this. */
  QUEUE_LOCK_MS: intFromEnv(10_000),
  QUEUE_STALLED_INTERVAL_MS: intFromEnv(5_000),
  /** Time allowed on SIGTERM for in-flight work before the process exits anyway. */
  SHUTDOWN_GRACE_MS: intFromEnv(20_000),
});
export type PlatformConfig = z.infer<typeof PlatformConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: { field: string; message: string }[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.field}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses `env` with `schema`; throws one ConfigError naming every bad variable. */
export function loadConfig<TSchema extends z.ZodType>(
  schema: TSchema,
  env: Record<string, string | undefined> = process.env,
): z.infer<TSchema> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(root)', message: issue.message })),
    );
  }
  return result.data;
}

/** The service config: platform settings plus the HTTP port the service listens on. */
export function serviceConfigSchema(defaultPort: number) {
  return PlatformConfigSchema.extend({
    PORT: z.coerce.number().int().min(1).max(65_535).default(defaultPort),
    /** Listen address; containers set 0.0.0.0. */
    HOST: z.string().min(1).default('127.0.0.1'),
  });
}
export type ServiceConfig = PlatformConfig & { PORT: number; HOST: string };
