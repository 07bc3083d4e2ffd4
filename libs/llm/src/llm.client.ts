import { FatalLlmError } from './llm.errors';
import type { LlmConfig } from './llm.config';
import type { GenerateRequest, GenerateResult, LlmProvider } from './llm.types';
import { OfflineProvider } from './offline.provider';
import { OpenAiProvider } from './openai.provider';
import type { OfflinePlanner, PromptDefinition } from './prompt';

/**
 * The provider port: `generateStructured` routes a purpose to OpenAI (an API key is set) or
 * to the offline planner (none is), and returns schema-valid data with usage and provenance.
 */
export class LlmClient {
  readonly offline = new OfflineProvider();
  private readonly remote?: LlmProvider;

  constructor(config: Pick<LlmConfig, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_MODEL' | 'LLM_TIMEOUT_MS'>) {
    if (config.OPENAI_API_KEY) {
      this.remote = new OpenAiProvider({
        apiKey: config.OPENAI_API_KEY,
        baseURL: config.OPENAI_BASE_URL,
        model: config.OPENAI_MODEL,
        timeoutMs: config.LLM_TIMEOUT_MS,
      });
    }
  }

  get provider(): LlmProvider {
    return this.remote ?? this.offline;
  }

  /** Registers the owning service's prompt and its offline planner for one purpose. */
  use<TInput, TOutput>(prompt: PromptDefinition<TInput, TOutput>, planner: OfflinePlanner<TInput, TOutput>): this {
    this.offline.register(prompt.purpose, planner);
    return this;
  }

  async generateStructured<TOutput>(request: GenerateRequest<TOutput>): Promise<GenerateResult<TOutput>> {
    if (!request.messages.length) throw new FatalLlmError('no messages to send', 'bad_request');
    const started = performance.now();
    const result = await this.provider.generate(request);
    return { ...result, latencyMs: Math.round(performance.now() - started) };
  }

  /** Builds the messages from a prompt and calls the provider. */
  run<TInput, TOutput>(
    prompt: PromptDefinition<TInput, TOutput>,
    ctx: { tenantId: string; workflowId: string },
    input: TInput,
  ): Promise<GenerateResult<TOutput> & { promptId: string; promptVersion: number }> {
    return this.generateStructured({
      ...ctx,
      purpose: prompt.purpose,
      schema: prompt.outputSchema,
      messages: prompt.build(input),
      input,
    }).then((result) => ({ ...result, promptId: prompt.id, promptVersion: prompt.version }));
  }
}
