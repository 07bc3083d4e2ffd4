import { loadConfig, serviceConfigSchema } from '@flowguard/config';
import { LlmConfigSchema } from '@flowguard/llm';
import { z } from 'zod';

export const SpecGenConfigSchema = serviceConfigSchema(3102)
  .extend(LlmConfigSchema.shape)
  .extend({
    /**
     * Attempts for one spec job. Unset: the queue policy's (`libs/queue/src/queue-policy.ts`,
     * 5 attempts). An operator (or a test) that wants a bad model answer reported sooner sets it lower.
     */
    SPEC_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).optional(),
    /** First retry delay of a spec job, doubling per attempt with jitter. Unset: the queue policy's (2 s). */
    SPEC_JOB_BACKOFF_MS: z.coerce.number().int().min(1).optional(),
  });
export type SpecGenConfig = z.infer<typeof SpecGenConfigSchema>;
export const SPEC_GEN_CONFIG = Symbol('spec-gen:config');

export const loadSpecGenConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(SpecGenConfigSchema, env);
