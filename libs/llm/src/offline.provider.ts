import type { LlmPurpose } from '@flowguard/contracts';
import { FatalLlmError } from './llm.errors';
import type { GenerateRequest, ProviderResult, LlmProvider } from './llm.types';
import type { OfflinePlanner } from './prompt';

export const OFFLINE_PROVIDER = 'offline';
export const OFFLINE_MODEL = 'flowguard-rules-v1';

/**
 * The embedded default: no network, deterministic. It only routes a purpose to the planner
 * the owning service registered; the planning rules live in that service.
 */
export class OfflineProvider implements LlmProvider {
  readonly name = OFFLINE_PROVIDER;
  readonly model = OFFLINE_MODEL;
  private readonly planners = new Map<LlmPurpose, OfflinePlanner<unknown, unknown>>();

  register<TInput, TOutput>(purpose: LlmPurpose, planner: OfflinePlanner<TInput, TOutput>): this {
    this.planners.set(purpose, planner as OfflinePlanner<unknown, unknown>);
    return this;
  }

  async generate<TOutput>(request: GenerateRequest<TOutput>): Promise<ProviderResult<TOutput>> {
    const planner = this.planners.get(request.purpose);
    if (!planner) throw new FatalLlmError(`no offline planner registered for "${request.purpose}"`, 'no_planner');
    // Untrusted like any model output: validated against the same schema.
    const parsed = request.schema.safeParse(planner(request.input));
    if (!parsed.success) {
      throw new FatalLlmError(
        `offline planner produced invalid ${request.purpose}: ${parsed.error.message}`,
        'bad_request',
      );
    }
    return {
      data: parsed.data,
      usage: { promptTokens: 0, completionTokens: 0 },
      provider: this.name,
      model: this.model,
      attempts: 1,
    };
  }
}
