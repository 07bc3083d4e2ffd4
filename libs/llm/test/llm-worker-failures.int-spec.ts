import { randomUUID } from 'node:crypto';
import { QUEUES, jobId } from '@flowguard/contracts';
import { createIsolation, waitFor, type Isolation } from '@flowguard/testing';
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
});
