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
  /** Wall time of the call (repairs included): the model's share of a phase, for the ledger. */
  latencyMs: number;
}

/** What a provider returns; the client adds the measured latency. */
export type ProviderResult<TOutput> = Omit<GenerateResult<TOutput>, 'latencyMs'>;

/** One way to get structured output: the OpenAI-compatible adapter or the offline planner. */
export interface LlmProvider {
  readonly name: string;
  readonly model: string;
  generate<TOutput>(request: GenerateRequest<TOutput>): Promise<ProviderResult<TOutput>>;
}
