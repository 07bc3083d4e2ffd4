import { randomUUID } from 'node:crypto';
import type { GenerationJobData, LlmPurpose } from '@flowguard/contracts';
import { currentLogger, runWithLogContext } from '@flowguard/logging';
import type { QueueFactory } from '@flowguard/queue';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { LlmClient } from './llm.client';
import type { LlmConfig } from './llm.config';
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
  /**
   * How long a tenant slot outlives a worker that died holding it: the lease is renewed every
   * third of this while the job runs, so it need not cover the LLM call.
   */
  slotLeaseMs: number;
  /** Which provider/model failed calls are charged to in the ledger. */
  provider: { name: string; model: string };
  /** Delay before a job bounced by the tenant cap is tried again. */
  bounceMs?: number;
  /** Calls the LLM and commits artifact + ledger row + outbox in one transaction. */
  process(job: Job<TData>, ctx: LlmJobContext): Promise<TResult>;
  /**
   * Runs once the job will not be retried (attempts exhausted, fatal, or stalled too often);
   * must be idempotent: it may run a second time when the first report threw.
   */
  onFinalFailure(job: Job<TData>, failure: LlmJobFailure): Promise<void>;
}

/** Why BullMQ failed a job that never reached our failure handling (stalled, lock lost, …). */
const STALLED_REASON = 'job stalled more than allowable limit';

/**
 * Times an LLM job may lose its worker (killed, lock lapsed) and run again; one more and it
 * fails as a job that may be what kills workers. Checked by the processor, not by BullMQ:
 * BullMQ fails the job first and only then tells the `failed` listener, so a worker dying in
 * between lost the workflow's failure report for good (found by bench/chaos.mjs).
 */
export const MAX_STALLS = 2;

class StalledTooOften extends Error {
  constructor(stalls: number) {
    super(`${STALLED_REASON} (${stalls} times)`);
  }
}

/**
 * A BullMQ worker for LLM jobs with the one retry loop: retryable errors spend an attempt
 * (the queue's exponential backoff with jitter), 429 pauses the whole queue for Retry-After
 * without spending one, fatal errors fail at once, and the last failure is reported.
 *
 * The report (`onFinalFailure`) is made before the job is failed, a job that stalled too often
 * included (MAX_STALLS); should it throw, or should BullMQ fail a job without passing through
 * the processor, the worker's `failed` listener makes it after BullMQ has failed the job. The
 * hook is idempotent, so a report made twice is harmless; one made never is what this prevents.
 */
export function createLlmWorker<TData extends GenerationJobData, TResult>(
  options: LlmWorkerOptions<TData, TResult>,
): { worker: Worker<TData, TResult>; close(): Promise<void> } {
  const slots = new TenantSlots(options.redisUrl, options.redisPrefix, options.tenantConcurrency, options.slotLeaseMs);
  const bounceMs = options.bounceMs ?? 250;
  /** Final failures of runs in this process: reported already, or still to report. */
  const finalFailures = new Map<string, { failure: LlmJobFailure; reported: boolean }>();
  const reporting = new Set<Promise<void>>();
  let closing = false;

  const processor = async (job: Job<TData>, token?: string): Promise<TResult> => {
    const { tenantId, workflowId, correlationId } = job.data;
    const id = job.id as string;
    // One slot member per run: a stalled duplicate of this job (another token) releasing its
    // own slot in its `finally` can never free this run's slot.
    const member = `${id}:${token ?? randomUUID()}`;
    if (job.stalledCounter > MAX_STALLS) {
      // Reported before the job fails, like any final failure: a crash mid-report stalls it
      // once more and the next run reports again (the hook is idempotent).
      return handleFailure(job, new StalledTooOften(job.stalledCounter), job.attemptsMade + 1, 1);
    }
    if (!(await slots.acquire(options.queue, tenantId, member))) {
      // Tenant at its cap: back to delayed, no attempt spent; jitter spreads the retries.
      await job.moveToDelayed(Date.now() + bounceMs + Math.floor(Math.random() * bounceMs), token);
      throw new DelayedError();
    }
    const maxAttempts = job.opts.attempts ?? 1;
    const attempt = job.attemptsMade + 1;
    const renewal = setInterval(
      () => void slots.renew(options.queue, tenantId, member).catch(() => undefined),
      Math.max(50, Math.floor(options.slotLeaseMs / 3)),
    );
    try {
      return await runWithLogContext({ tenantId, workflowId, correlationId, jobId: id, attempt }, () =>
        options.process(job, { attempt, maxAttempts }),
      );
    } catch (err) {
      return await handleFailure(job, err, attempt, maxAttempts);
    } finally {
      clearInterval(renewal);
      await slots.release(options.queue, tenantId, member).catch(() => undefined);
    }
  };

  const handleFailure = async (job: Job<TData>, err: unknown, attempt: number, maxAttempts: number): Promise<never> => {
    const log = currentLogger();
    if (err instanceof LlmError && (err.usage.promptTokens > 0 || err.usage.completionTokens > 0)) {
      try {
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
            latencyMs: null,
            outcome: 'failed',
          }),
        );
      } catch (ledgerErr) {
        // Never let the bookkeeping change what happens to the job (or skip the failure report).
        log.error({ err: ledgerErr, usage: err.usage }, 'could not record a failed LLM call in the token ledger');
      }
    }
    if (err instanceof LlmError && err.code === 'rate_limited') {
      const waitMs = (err as LlmError & { retryAfterMs: number }).retryAfterMs;
      log.warn({ waitMs }, 'LLM rate limited: pausing the queue, attempt kept');
      await worker.rateLimit(waitMs);
      throw Worker.RateLimitError();
    }
    const fatal = err instanceof LlmError ? !err.retryable : err instanceof StalledTooOften;
    const code = err instanceof LlmError ? err.code : err instanceof StalledTooOften ? 'stalled' : 'error';
    const reason = `${code}: ${(err as Error)?.message ?? String(err)}`;
    if (fatal || attempt >= maxAttempts) {
      log.error({ reason, attempt }, 'LLM job failed for good');
      const failure: LlmJobFailure = { purpose: options.purpose, reason, code, attempts: attempt };
      let reported = false;
      try {
        await options.onFinalFailure(job, failure);
        reported = true;
      } catch (hookErr) {
        log.error({ err: hookErr }, 'reporting the final failure failed; retrying once the job has failed');
      }
      finalFailures.set(job.id as string, { failure, reported });
      throw new UnrecoverableError(reason);
    }
    log.warn({ reason, attempt, maxAttempts }, 'LLM job attempt failed; will retry');
    throw err;
  };

  /** After BullMQ failed a job for good: report it unless the processor already did. */
  const onFailed = async (job: Job<TData> | undefined, err: Error): Promise<void> => {
    if (!job?.id) return;
    const pending = finalFailures.get(job.id);
    finalFailures.delete(job.id);
    const unrecoverable = err instanceof UnrecoverableError || err?.name === 'UnrecoverableError';
    const final = unrecoverable || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (!final || pending?.reported) return;
    const stalled = err?.message === STALLED_REASON;
    const failure: LlmJobFailure = pending?.failure ?? {
      purpose: options.purpose,
      reason: stalled ? `stalled: ${err.message}` : `error: ${err?.message ?? String(err)}`,
      code: stalled ? 'stalled' : 'error',
      attempts: Math.max(1, job.attemptsMade),
    };
    const { tenantId, workflowId, correlationId } = job.data;
    await runWithLogContext({ tenantId, workflowId, correlationId, jobId: job.id }, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          await options.onFinalFailure(job, failure);
          return;
        } catch (hookErr) {
          if (attempt >= REPORT_ATTEMPTS || closing) {
            currentLogger().error({ err: hookErr, failure }, 'could not report the final failure of an LLM job');
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, REPORT_RETRY_MS * 2 ** (attempt - 1)).unref());
        }
      }
    });
  };

  const worker = options.factory.worker<TData, TResult>(options.queue, processor, {
    concurrency: options.concurrency,
    // BullMQ never fails a job for stalling: the processor applies MAX_STALLS, report first.
    maxStalledCount: Number.MAX_SAFE_INTEGER,
    // A limiter must be configured for worker.rateLimit() (the 429 pause) to take effect;
    // this one is far above any real throughput.
    limiter: { max: 100_000, duration: 1_000 },
  });
  worker.on('failed', (job, err) => {
    const report = onFailed(job, err)
      .catch((e: unknown) => currentLogger().error({ err: e }, 'final failure listener failed'))
      .finally(() => reporting.delete(report));
    reporting.add(report);
  });
  return {
    worker,
    async close() {
      await worker.close();
      closing = true;
      await Promise.allSettled([...reporting]);
      await slots.close();
    },
  };
}

/** How often the `failed` listener tries to report a final failure, and its first pause. */
const REPORT_ATTEMPTS = 3;
const REPORT_RETRY_MS = 500;

/**
 * The worker options every generation service derives from its config the same way: Redis,
 * concurrency, the tenant cap, the slot lease and the provider failed calls are charged to.
 * The lease is the job lock's length: a killed worker's slot frees itself as soon as BullMQ
 * takes its job back (a lease sized for the call, 3 × LLM_TIMEOUT_MS, held the tenant's
 * queue for minutes after every crash).
 */
export function llmWorkerSettings(
  config: Pick<LlmConfig, 'LLM_WORKER_CONCURRENCY' | 'LLM_TENANT_CONCURRENCY'> & {
    REDIS_URL: string;
    FG_REDIS_PREFIX: string;
    QUEUE_LOCK_MS: number;
  },
  llm: Pick<LlmClient, 'provider'>,
): Pick<
  LlmWorkerOptions<GenerationJobData, unknown>,
  'redisUrl' | 'redisPrefix' | 'concurrency' | 'tenantConcurrency' | 'slotLeaseMs' | 'provider'
> {
  return {
    redisUrl: config.REDIS_URL,
    redisPrefix: config.FG_REDIS_PREFIX,
    concurrency: config.LLM_WORKER_CONCURRENCY,
    tenantConcurrency: config.LLM_TENANT_CONCURRENCY,
    slotLeaseMs: Math.max(1_000, config.QUEUE_LOCK_MS),
    provider: { name: llm.provider.name, model: llm.provider.model },
  };
}
