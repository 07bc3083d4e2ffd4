import type { LlmPurpose } from '@flowguard/contracts';
import type { z } from 'zod';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * A versioned prompt, owned by the service that owns its purpose
 * (`apps/<svc>/src/<use-case>/<name>.v1.prompt.ts`): a typed function from input to
 * messages, paired with the zod schema the answer must satisfy.
 */
export interface PromptDefinition<TInput, TOutput> {
  id: string;
  version: number;
  purpose: LlmPurpose;
  outputSchema: z.ZodType<TOutput>;
  build(input: TInput): ChatMessage[];
}

/**
 * The offline (no network, deterministic) answer for a purpose: a pure function of the same
 * structured input the prompt is built from. It lives beside the prompt, in the owning service.
 */
export type OfflinePlanner<TInput, TOutput> = (input: TInput) => TOutput;
