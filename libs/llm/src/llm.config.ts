import { z } from 'zod';

/** LLM settings; with no OPENAI_API_KEY the offline planner is used (and says so). */
export const LlmConfigSchema = z.object({
  OPENAI_API_KEY: z.string().min(1).optional(),
  /** Any OpenAI-compatible server: OpenAI, vLLM, Ollama, LiteLLM, the fake server in tests. */
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  /** LLM jobs one tenant may run at once across all replicas of a service. */
  LLM_TENANT_CONCURRENCY: z.coerce.number().int().min(1).default(2),
  /** LLM jobs one replica runs at once. */
  LLM_WORKER_CONCURRENCY: z.coerce.number().int().min(1).default(8),
});
export type LlmConfig = z.infer<typeof LlmConfigSchema>;
