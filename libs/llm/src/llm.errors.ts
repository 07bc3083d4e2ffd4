/**
 * The LLM error taxonomy. The queue decides what happens next from the class alone:
 * RateLimited → pause the queue, keep the attempt; Retryable/InvalidOutput → burn an
 * attempt and back off; Fatal → fail now, no retry.
 */
export abstract class LlmError extends Error {
  abstract readonly retryable: boolean;
  /** Short machine-readable class, recorded on failures (e.g. `rate_limited`, `server_error`). */
  abstract readonly code: string;
  /** Tokens already charged before the failure (a bad first answer, say): the ledger records them. */
  usage = { promptTokens: 0, completionTokens: 0 };
  /** Requests made before the failure. */
  requests = 1;
}

export class RateLimitedError extends LlmError {
  readonly retryable = true;
  readonly code = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

export class RetryableLlmError extends LlmError {
  readonly retryable = true;
  constructor(
    message: string,
    readonly code: 'server_error' | 'timeout' | 'connection' | 'unknown',
  ) {
    super(message);
    this.name = 'RetryableLlmError';
  }
}

/** The answer did not parse or violated the schema, even after the repair request. */
export class InvalidOutputError extends LlmError {
  readonly retryable = true;
  readonly code = 'invalid_output';
  constructor(message: string, usage: { promptTokens: number; completionTokens: number }) {
    super(message);
    this.name = 'InvalidOutputError';
    this.usage = usage;
  }
}

export class FatalLlmError extends LlmError {
  readonly retryable = false;
  constructor(
    message: string,
    readonly code: 'bad_request' | 'unauthorized' | 'refusal' | 'content_filter' | 'no_planner',
  ) {
    super(message);
    this.name = 'FatalLlmError';
  }
}
