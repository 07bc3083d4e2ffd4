import { randomUUID } from 'node:crypto';
import { QUEUES, jobId, type GenerationJobData } from '@flowguard/contracts';
import { QueueFactory } from '@flowguard/queue';
import { FakeOpenAiServer, type FakeOpenAiOptions, type Isolation } from '@flowguard/testing';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { LlmClient, TokenLedger, TokenUsageEntity, createLlmWorker, type LlmJobFailure } from '../src';
import { testPrompt } from './fixtures';

export type TestJob = GenerationJobData & { goal: string };

/**
 * A clarification queue on real Redis and Postgres whose jobs call the fake OpenAI server
 * through the real client; completions and final failures are recorded for assertions.
 */
export async function llmWorkerHarness(
  iso: Isolation,
  fake: FakeOpenAiOptions,
  opts: {
    tenantConcurrency?: number;
    concurrency?: number;
    timeoutMs?: number;
    onStart?: (job: Job<TestJob>) => void;
    /** Runs before a final failure is recorded; a throw makes the report fail. */
    beforeReport?: (job: Job<TestJob>, failure: LlmJobFailure) => void | Promise<void>;
  } = {},
) {
  const server = new FakeOpenAiServer(fake);
  const baseURL = await server.start();
  const ds = new DataSource({
    type: 'postgres',
    url: iso.databaseUrl,
    schema: 'llm_test',
    entities: [TokenUsageEntity],
  });
  await ds.initialize();
  await ds.query('CREATE SCHEMA IF NOT EXISTS llm_test');
  await ds.synchronize();
  const llm = new LlmClient({
    OPENAI_API_KEY: 'k',
    OPENAI_BASE_URL: baseURL,
    OPENAI_MODEL: 'fake-model',
    LLM_TIMEOUT_MS: opts.timeoutMs ?? 500,
  });
  const factory = new QueueFactory({
    redisUrl: iso.redisUrl,
    prefix: iso.redisPrefix,
    lockDurationMs: 5_000,
    stalledIntervalMs: 2_000,
    shutdownGraceMs: 2_000,
  });
  const queue = factory.queue<TestJob>(QUEUES.clarification);
  const completions = new Map<string, number>();
  const failures = new Map<string, LlmJobFailure>();
  /** Every call of onFinalFailure, the failed ones included. */
  const reports: { jobId: string; failure: LlmJobFailure }[] = [];

  const { close, worker } = createLlmWorker<TestJob, string>({
    queue: QUEUES.clarification,
    purpose: 'clarification',
    factory,
    dataSource: ds,
    redisUrl: iso.redisUrl,
    redisPrefix: iso.redisPrefix,
    concurrency: opts.concurrency ?? 8,
    tenantConcurrency: opts.tenantConcurrency ?? 100,
    slotLeaseMs: 10_000,
    provider: { name: llm.provider.name, model: llm.provider.model },
    bounceMs: 50,
    async process(job, ctx) {
      opts.onStart?.(job);
      const result = await llm.run(testPrompt, job.data, { goal: job.data.goal, codebaseContext: null });
      await ds.transaction(async (manager) => {
        await TokenLedger.record(manager, {
          tenantId: job.data.tenantId,
          workflowId: job.data.workflowId,
          purpose: 'clarification',
          provider: result.provider,
          model: result.model,
          promptTokens: result.usage.promptTokens,
          completionTokens: result.usage.completionTokens,
          jobId: job.id as string,
          attempt: ctx.attempt,
          latencyMs: result.latencyMs,
          outcome: 'succeeded',
        });
      });
      completions.set(job.id as string, (completions.get(job.id as string) ?? 0) + 1);
      return result.data.restated.goal;
    },
    async onFinalFailure(job, failure) {
      reports.push({ jobId: job.id as string, failure });
      await opts.beforeReport?.(job, failure);
      failures.set(job.id as string, failure);
    },
  });

  return {
    server,
    queue,
    ds,
    completions,
    failures,
    reports,
    worker,
    async add(goal: string, tenantId = randomUUID(), options: { attempts?: number; backoffMs?: number } = {}) {
      const workflowId = randomUUID();
      const data: TestJob = { tenantId, workflowId, correlationId: workflowId, causationEventId: randomUUID(), goal };
      return queue.add('analyze-goal', data, {
        jobId: jobId(tenantId, workflowId, 'clarification'),
        attempts: options.attempts ?? 4,
        backoff: { type: 'exponential', delay: options.backoffMs ?? 50, jitter: 0.5 },
      });
    },
    async ledgerTotals() {
      const [row] = await ds.query(
        'SELECT coalesce(sum(prompt_tokens),0)::int AS "promptTokens", coalesce(sum(completion_tokens),0)::int AS "completionTokens" FROM llm_test.token_usage',
      );
      return row as { promptTokens: number; completionTokens: number };
    },
    async close() {
      await close();
      await factory.close();
      await server.stop();
      await ds.destroy();
    },
  };
}
