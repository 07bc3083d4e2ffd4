import { loadConfig, serviceConfigSchema } from '@flowguard/config';
import { LlmConfigSchema } from '@flowguard/llm';
import { z } from 'zod';

export const TicketGenConfigSchema = serviceConfigSchema(3103)
  .extend(LlmConfigSchema.shape)
  .extend({
    /** Ticket keys are `<prefix>-<n>`, e.g. FG-12 (the contract's TicketKey shape). */
    TICKET_KEY_PREFIX: z
      .string()
      .regex(/^[A-Z][A-Z0-9]*$/, 'uppercase letters and digits, starting with a letter')
      .max(10)
      .default('FG'),
    /**
     * Overrides of the fg-tickets queue policy (5 attempts, 2 s doubling backoff) for the
     * ticket jobs this service enqueues. Meant for tests, which should not wait half a minute
     * of backoff to see a job fail for good; unset in production, so the one policy in
     * libs/queue/src/queue-policy.ts applies.
     */
    TICKETS_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).optional(),
    TICKETS_JOB_BACKOFF_MS: z.coerce.number().int().min(0).optional(),
  });
export type TicketGenConfig = z.infer<typeof TicketGenConfigSchema>;
export const TICKET_GEN_CONFIG = Symbol('ticket-gen:config');

export const loadTicketGenConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(TicketGenConfigSchema, env);
