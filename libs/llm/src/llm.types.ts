import type { LlmPurpose } from '@flowguard/contracts';
import type { z } from 'zod';
import type { ChatMessage } from './prompt';

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface GenerateRequest<TOutput> {
  tenantId: string;
  workflowId: string;
  purpose: LlmPurpose;
  schema: z.ZodType<TOutput>;
  messages: ChatMessage[];
  /** The structured input the messages were built from; the offline planner works on it. */
  input: unknown;
  options?: { temperature?: number; maxTokens?: number };
}

export interface GenerateResult<TOutput> {
  data: TOutput;
  usage: TokenUsage;
  provider: string;
  model: string;
  /** Requests made for this call: 1, or 2 when a repair was needed. */
  attempts: number;
}

/** One way to get structured output: the OpenAI-compatible adapter or the offline planner. */
export interface LlmProvider {
  readonly name: string;
  readonly model: string;
  generate<TOutput>(request: GenerateRequest<TOutput>): Promise<GenerateResult<TOutput>>;
}
