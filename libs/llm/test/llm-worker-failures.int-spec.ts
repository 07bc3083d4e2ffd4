import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { QUEUES, jobId } from '@flowguard/contracts';
import { QueueFactory } from '@flowguard/queue';
import { createIsolation, spawnNode, waitFor, type Isolation } from '@flowguard/testing';
import IORedis from 'ioredis';
import { validClarification } from './fixtures';
import { llmWorkerHarness, type TestJob } from './worker-harness';

jest.setTimeout(60_000);

describe('LLM jobs: a final failure is always reported; tenant slots belong to one run', () => {
  let iso: Isolation;
  let h: Awaited<ReturnType<typeof llmWorkerHarness>> | undefined;

  beforeEach(async () => {
    iso = await createIsolation('llmfail');
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
    await iso.cleanup();
  });

  const settled = (id: string) =>
    waitFor(
      `job ${id} failed`,
      async () => {
        const job = await h!.queue.getJob(id);
        return (await job?.getState()) === 'failed' ? job : undefined;
      },
      { timeoutMs: 20_000 },
    );

  it('when the report throws on the last attempt, the failed listener reports it after the job failed', async () => {
    const calls = new Map<string, number>();
    h = await llmWorkerHarness(
      iso,
      { script: () => ({ kind: 'status', status: 401 }) },
      {
        beforeReport: (job) => {
          const n = (calls.get(job.id as string) ?? 0) + 1;
          calls.set(job.id as string, n);
          if (n === 1) throw new Error('database unavailable');
        },
      },
    );
    const added = await h.add('refused');
    const job = (await settled(added.id!))!;
    await waitFor('reported', () => h!.failures.get(added.id!));
    expect(h.failures.get(added.id!)).toMatchObject({ purpose: 'clarification', code: 'unauthorized', attempts: 1 });
    expect(job.failedReason).toMatch(/^unauthorized: /);
    // First report threw, the listener's succeeded: two calls, the same failure, no third.
    expect(h.reports.map((r) => r.failure)).toEqual([h.failures.get(added.id!), h.failures.get(added.id!)]);
  });

  it('a report that succeeded in the job is not made again by the listener', async () => {
    h = await llmWorkerHarness(iso, { script: () => ({ kind: 'status', status: 401 }) });
    const added = await h.add('refused once');
    await settled(added.id!);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.reports).toHaveLength(1);
  });

  it('a job failed by BullMQ without reaching the processor (stalled too often) is reported too', async () => {
    h = await llmWorkerHarness(iso, { script: () => ({ kind: 'ok', content: validClarification }) });
    const tenantId = randomUUID();
    const workflowId = randomUUID();
    const id = jobId(tenantId, workflowId, 'clarification');
    const data: TestJob = {
      tenantId,
      workflowId,
      correlationId: workflowId,
      causationEventId: randomUUID(),
      goal: 'x',
    };
    await h.queue.add('analyze-goal', data, { jobId: id, attempts: 3, delay: 1_000 });
    // What BullMQ's stalled check writes when a job stalled more than maxStalledCount times.
    const redis = new IORedis(iso.redisUrl);
    await redis.hset(h.queue.toKey(id), 'defa', 'job stalled more than allowable limit');
    redis.disconnect();
    await settled(id);
    await waitFor('reported', () => h!.failures.get(id));
    expect(h.failures.get(id)).toMatchObject({ purpose: 'clarification', code: 'stalled' });
    expect(h.failures.get(id)!.reason).toMatch(/stalled more than allowable limit/);
    expect(h.server.requests).toHaveLength(0);
  });

  it("holds the tenant slot under the run's own member (job id + lock token), so another run cannot free it", async () => {
    const tokens: string[] = [];
    h = await llmWorkerHarness(
      iso,
      { latencyMs: 600, script: () => ({ kind: 'ok', content: validClarification }) },
      { onStart: (job) => tokens.push(job.token!), timeoutMs: 5_000 },
    );
    const tenantId = randomUUID();
    const added = await h.add('slow', tenantId);
    const redis = new IORedis(iso.redisUrl);
    try {
      const key = `${iso.redisPrefix}:tenant-slots:${QUEUES.clarification}:${tenantId}`;
      const members = await waitFor('slot taken', async () => {
        const found = await redis.zrange(key, 0, -1);
        return found.length ? found : undefined;
      });
      // The slot is taken just before the processor (and onStart) runs: wait for both.
      await waitFor('run started', () => tokens.length > 0);
      expect(tokens).toHaveLength(1);
      expect(members).toEqual([`${added.id}:${tokens[0]}`]);
      // A stalled duplicate's `finally` releases its own member: this run's slot stays.
      await redis.zrem(key, added.id!, `${added.id}:another-token`);
      expect(await redis.zrange(key, 0, -1)).toEqual(members);
      await waitFor('job done', async () => (await (await h!.queue.getJob(added.id!))?.getState()) === 'completed');
      expect(await redis.zrange(key, 0, -1)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });

  it("frees a SIGKILLed worker's tenant slot within the job lock, so the tenant's next job runs within seconds", async () => {
    // Found by bench/chaos.mjs: the lease was 3 × LLM_TIMEOUT_MS (3 min) and never renewed, so
    // each kill left its tenant's slots taken and the tenant's jobs bouncing for minutes.
    const holder = spawnNode(path.join(__dirname, 'fixtures/dying-llm-worker.cjs'), [], {
      ...iso.env,
      QUEUE_LOCK_MS: '2000',
    });
    const factory = new QueueFactory({
      redisUrl: iso.redisUrl,
      prefix: iso.redisPrefix,
      lockDurationMs: 2_000,
      stalledIntervalMs: 1_000,
      shutdownGraceMs: 1_000,
    });
    const tenantId = randomUUID();
    const workflowId = randomUUID();
    try {
      await holder.waitForLine(/^ready$/);
      const data: TestJob = {
        tenantId,
        workflowId,
        correlationId: workflowId,
        causationEventId: randomUUID(),
        goal: 'held',
      };
      const id = jobId(tenantId, workflowId, 'clarification');
      await factory.queue<TestJob>(QUEUES.clarification).add('analyze-goal', data, { jobId: id });
      await holder.waitForLine(new RegExp(`^took ${id}$`));
    } finally {
      holder.kill('SIGKILL');
      await holder.exited;
      await factory.close();
    }
    const killedAt = Date.now();
    h = await llmWorkerHarness(
      iso,
      { script: () => ({ kind: 'ok', content: validClarification }) },
      { tenantConcurrency: 1 },
    );
    const next = await h.add('next', tenantId);
    await waitFor("the tenant's next job done", () => h!.completions.get(next.id!), { timeoutMs: 20_000 });
    // The killed run's lease is the job lock (2 s): well within 10 s, where it was 3 minutes.
    expect(Date.now() - killedAt).toBeLessThan(10_000);
  });

  it('reports a job that stalled too often even when the worker dies while reporting it', async () => {
    // Found by bench/chaos.mjs: BullMQ failed such a job first and told the `failed` listener
    // after, so a worker killed in between left the workflow without its failure, for good.
    const factory = new QueueFactory({
      redisUrl: iso.redisUrl,
      prefix: iso.redisPrefix,
      lockDurationMs: 1_000,
      stalledIntervalMs: 500,
      shutdownGraceMs: 1_000,
    });
    const tenantId = randomUUID();
    const workflowId = randomUUID();
    const id = jobId(tenantId, workflowId, 'clarification');
    const data: TestJob = {
      tenantId,
      workflowId,
      correlationId: workflowId,
      causationEventId: randomUUID(),
      goal: 'x',
    };
    const env = { ...iso.env, QUEUE_LOCK_MS: '1000', QUEUE_STALLED_INTERVAL_MS: '500' };
    try {
      await factory.queue<TestJob>(QUEUES.clarification).add('analyze-goal', data, { jobId: id, attempts: 5 });
      // Three workers die holding the job (a stall each); the fourth dies while it reports.
      for (let n = 1; n <= 4; n++) {
        const worker = spawnNode(path.join(__dirname, 'fixtures/dying-llm-worker.cjs'), [], {
          ...env,
          HANG_REPORT: '1',
        });
        try {
          await worker.waitForLine(n <= 3 ? new RegExp(`^took ${id}$`) : new RegExp(`^reporting ${id}$`), 15_000);
          // Held past one stalled check, so the next worker's check finds it stalled.
          await new Promise((r) => setTimeout(r, 700));
        } finally {
          worker.kill('SIGKILL');
          await worker.exited;
        }
        await new Promise((r) => setTimeout(r, 1_200)); // its lock lapses
      }
    } finally {
      await factory.close();
    }
    h = await llmWorkerHarness(iso, { script: () => ({ kind: 'ok', content: validClarification }) });
    await waitFor('the failure reported', () => h!.failures.get(id), { timeoutMs: 20_000 });
    expect(h.failures.get(id)).toMatchObject({ purpose: 'clarification', code: 'stalled' });
    expect(h.failures.get(id)!.reason).toMatch(/stalled more than allowable limit/);
    await waitFor('job failed', async () => (await (await h!.queue.getJob(id))?.getState()) === 'failed');
    expect(h.completions.get(id)).toBeUndefined();
    expect(h.server.requests).toHaveLength(0);
  });
});
