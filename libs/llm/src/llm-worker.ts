import type { GenerationJobData, LlmPurpose } from '@flowguard/contracts';
import { currentLogger, runWithLogContext } from '@flowguard/logging';
import type { QueueFactory } from '@flowguard/queue';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { LlmError } from './llm.errors';
import { TenantSlots } from './tenant-slots';
import { TokenLedger } from './token-ledger';

export interface LlmJobContext {
  /** 1-based attempt number of this run. */
  attempt: number;
  maxAttempts: number;
}

/** How a job that will not be retried ended: what the workflow reports. */
export interface LlmJobFailure {
  purpose: LlmPurpose;
  reason: string;
  code: string;
  attempts: number;
}

export interface LlmWorkerOptions<TData extends GenerationJobData, TResult> {
  queue: string;
  purpose: LlmPurpose;
  factory: QueueFactory;
  dataSource: DataSource;
  redisUrl: string;
  redisPrefix: string;
  concurrency: number;
  tenantConcurrency: number;
  /** Longest a job may hold its tenant slot if its worker dies (covers timeout + repair). */
  slotLeaseMs: number;
  /** Which provider/model failed calls are charged to in the ledger. */
  provider: { name: string; model: string };
  /** Delay before a job bounced by the tenant cap is tried again. */
  bounceMs?: number;
  /** Calls the LLM and commits artifact + ledger row + outbox in one transaction. */
  process(job: Job<TData>, ctx: LlmJobContext): Promise<TResult>;
  /** Runs once the job will not be retried (attempts exhausted or fatal); must be idempotent. */
  onFinalFailure(job: Job<TData>, failure: LlmJobFailure): Promise<void>;
}

/**
 * A BullMQ worker for LLM jobs with the one retry loop: retryable errors spend an attempt
 * (the queue's exponential backoff with jitter), 429 pauses the whole queue for Retry-After
 * without spending one, fatal errors fail at once, and the last failure is reported.
 */
export function createLlmWorker<TData extends GenerationJobData, TResult>(
  options: LlmWorkerOptions<TData, TResult>,
): { worker: Worker<TData, TResult>; close(): Promise<void> } {
  const slots = new TenantSlots(options.redisUrl, options.redisPrefix, options.tenantConcurrency, options.slotLeaseMs);
  const bounceMs = options.bounceMs ?? 250;

  const processor = async (job: Job<TData>, token?: string): Promise<TResult> => {
    const { tenantId, workflowId, correlationId } = job.data;
    const id = job.id as string;
    if (!(await slots.acquire(options.queue, tenantId, id))) {
      // Tenant at its cap: back to delayed, no attempt spent; jitter spreads the retries.
      await job.moveToDelayed(Date.now() + bounceMs + Math.floor(Math.random() * bounceMs), token);
      throw new DelayedError();
    }
    const maxAttempts = job.opts.attempts ?? 1;
    const attempt = job.attemptsMade + 1;
    try {
      return await runWithLogContext({ tenantId, workflowId, correlationId, jobId: id, attempt }, () =>
        options.process(job, { attempt, maxAttempts }),
      );
    } catch (err) {
      return await handleFailure(job, err, attempt, maxAttempts);
    } finally {
      await slots.release(options.queue, tenantId, id).catch(() => undefined);
    }
  };

  const handleFailure = async (job: Job<TData>, err: unknown, attempt: number, maxAttempts: number): Promise<never> => {
    const log = currentLogger();
    if (err instanceof LlmError && (err.usage.promptTokens > 0 || err.usage.completionTokens > 0)) {
      await options.dataSource.transaction((manager) =>
        TokenLedger.record(manager, {
          tenantId: job.data.tenantId,
          workflowId: job.data.workflowId,
          purpose: options.purpose,
          provider: options.provider.name,
          model: options.provider.model,
          promptTokens: err.usage.promptTokens,
          completionTokens: err.usage.completionTokens,
          jobId: job.id as string,
          attempt,
          outcome: 'failed',
        }),
      );
    }
    if (err instanceof LlmError && err.code === 'rate_limited') {
      const waitMs = (err as LlmError & { retryAfterMs: number }).retryAfterMs;
      log.warn({ waitMs }, 'LLM rate limited: pausing the queue, attempt kept');
      await worker.rateLimit(waitMs);
      throw Worker.RateLimitError();
    }
    const fatal = err instanceof LlmError ? !err.retryable : false;
    const code = err instanceof LlmError ? err.code : 'error';
    const reason = `${code}: ${(err as Error)?.message ?? String(err)}`;
    if (fatal || attempt >= maxAttempts) {
      log.error({ reason, attempt }, 'LLM job failed for good');
      await options.onFinalFailure(job, { purpose: options.purpose, reason, code, attempts: attempt });
      throw new UnrecoverableError(reason);
    }
    log.warn({ reason, attempt, maxAttempts }, 'LLM job attempt failed; will retry');
    throw err;
  };

  const worker = options.factory.worker<TData, TResult>(options.queue, processor, {
    concurrency: options.concurrency,
    // A limiter must be configured for worker.rateLimit() (the 429 pause) to take effect;
    // this one is far above any real throughput.
    limiter: { max: 100_000, duration: 1_000 },
  });
  return {
    worker,
    async close() {
      await worker.close();
      await slots.close();
    },
  };
}
