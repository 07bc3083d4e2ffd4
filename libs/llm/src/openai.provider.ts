import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  BadRequestError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletion, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { FatalLlmError, InvalidOutputError, LlmError, RateLimitedError, RetryableLlmError } from './llm.errors';
import type { GenerateRequest, ProviderResult, LlmProvider, TokenUsage } from './llm.types';

export interface OpenAiProviderOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
}

/** Retry-After (seconds or an HTTP date) or retry-after-ms; 1 s when the server says nothing. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const value = headers?.get('retry-after');
  if (value) {
    const seconds = Number(value);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return 1_000;
}

/**
 * Structured output through the official client against any OpenAI-compatible server. The
 * client's own retries are off: the queue is the one retry loop. An answer that does not
 * parse or violates the schema gets one repair request with the validation error fed back.
 */
export class OpenAiProvider implements LlmProvider {
  readonly name = 'openai';
  readonly model: string;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;

  constructor(options: OpenAiProviderOptions) {
    this.timeoutMs = options.timeoutMs;
    this.model = options.model;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      maxRetries: 0,
    });
  }

  async generate<TOutput>(request: GenerateRequest<TOutput>): Promise<ProviderResult<TOutput>> {
    const messages: ChatCompletionMessageParam[] = request.messages.map((m) => ({ role: m.role, content: m.content }));
    const usage: TokenUsage = { promptTokens: 0, completionTokens: 0 };
    let requests = 0;
    const ask = async (msgs: ChatCompletionMessageParam[]) => {
      requests += 1;
      const started = Date.now();
      const completion = await this.call(request, msgs).catch((err: unknown) => {
        // Some runtimes surface the client's abort as a plain connection error; one that
        // arrives at the deadline is the timeout.
        const atDeadline = err instanceof APIConnectionError && Date.now() - started >= this.timeoutMs * 0.95;
        const classified = atDeadline
          ? new RetryableLlmError(`request timed out after ${this.timeoutMs} ms`, 'timeout')
          : classify(err);
        classified.usage = { ...usage };
        classified.requests = requests;
        throw classified;
      });
      usage.promptTokens += completion.usage?.prompt_tokens ?? 0;
      usage.completionTokens += completion.usage?.completion_tokens ?? 0;
      return completion;
    };

    const first = await ask(messages);
    const firstResult = this.read(first, request.schema);
    if (firstResult.ok) return this.result(firstResult.data, usage, requests);

    const repair: ChatCompletionMessageParam[] = [
      ...messages,
      { role: 'assistant', content: firstResult.raw },
      {
        role: 'user',
        content: `Your previous answer was not valid: ${firstResult.error}\nReply again with only the corrected JSON object that satisfies the schema.`,
      },
    ];
    const second = this.read(await ask(repair), request.schema);
    if (second.ok) return this.result(second.data, usage, requests);
    const error = new InvalidOutputError(`invalid ${request.purpose} output after repair: ${second.error}`, usage);
    error.requests = requests;
    throw error;
  }

  private call<TOutput>(
    request: GenerateRequest<TOutput>,
    messages: ChatCompletionMessageParam[],
  ): Promise<ChatCompletion> {
    return this.client.chat.completions.create({
      model: this.model,
      messages,
      response_format: zodResponseFormat(request.schema as z.ZodType, request.purpose),
      temperature: request.options?.temperature ?? 0.2,
      max_completion_tokens: request.options?.maxTokens,
    });
  }

  /** Refusals and content filters are fatal; truncation, bad JSON and schema violations are repairable. */
  private read<TOutput>(
    completion: ChatCompletion,
    schema: z.ZodType<TOutput>,
  ): { ok: true; data: TOutput } | { ok: false; raw: string; error: string } {
    const choice = completion.choices[0];
    if (!choice) return { ok: false, raw: '', error: 'the response had no choices' };
    if (choice.message.refusal) throw new FatalLlmError(`model refused: ${choice.message.refusal}`, 'refusal');
    if (choice.finish_reason === 'content_filter')
      throw new FatalLlmError('output blocked by the content filter', 'content_filter');
    const raw = choice.message.content ?? '';
    if (choice.finish_reason === 'length')
      return { ok: false, raw, error: 'the output was truncated (finish_reason=length); answer more concisely' };
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      return { ok: false, raw, error: `not valid JSON (${(err as Error).message})` };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) return { ok: false, raw, error: z.prettifyError(parsed.error) };
    return { ok: true, data: parsed.data };
  }

  private result<TOutput>(data: TOutput, usage: TokenUsage, requests: number): ProviderResult<TOutput> {
    return { data, usage: { ...usage }, provider: this.name, model: this.model, attempts: requests };
  }
}

/** Maps the client's errors onto the taxonomy the queue acts on. */
export function classify(err: unknown): LlmError {
  if (err instanceof LlmError) return err;
  const classified = classifyClientError(err);
  classified.cause = err;
  return classified;
}

function classifyClientError(err: unknown): LlmError {
  if (err instanceof RateLimitError) return new RateLimitedError(err.message, retryAfterMs(err.headers));
  if (err instanceof APIConnectionTimeoutError) return new RetryableLlmError(err.message, 'timeout');
  if (err instanceof APIConnectionError) return new RetryableLlmError(err.message, 'connection');
  if (err instanceof AuthenticationError || err instanceof PermissionDeniedError) {
    return new FatalLlmError(err.message, 'unauthorized');
  }
  if (err instanceof BadRequestError) return new FatalLlmError(err.message, 'bad_request');
  if (err instanceof APIError && typeof err.status === 'number') {
    if (err.status >= 500 || err.status === 408 || err.status === 409)
      return new RetryableLlmError(err.message, 'server_error');
    return new FatalLlmError(err.message, 'bad_request');
  }
  return new RetryableLlmError((err as Error)?.message ?? String(err), 'unknown');
}
