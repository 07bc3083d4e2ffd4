import path from 'node:path';
import { QUEUES, jobId } from '@flowguard/contracts';
import { createIsolation, spawnNode, waitFor, type Isolation } from '@flowguard/testing';
import type { Job } from 'bullmq';
import { QUEUE_POLICIES, QueueFactory } from '../src';

jest.setTimeout(60_000);

describe('QueueFactory on a real Redis', () => {
  let iso: Isolation;
  let factory: QueueFactory;
  const settings = (iso: Isolation) => ({
    redisUrl: iso.redisUrl,
    prefix: iso.redisPrefix,
    lockDurationMs: 2_000,
    stalledIntervalMs: 1_000,
    shutdownGraceMs: 2_000,
  });

  beforeEach(async () => {
    iso = await createIsolation('queue');
    factory = new QueueFactory(settings(iso));
  });
  afterEach(async () => {
    await factory.close();
    await iso.cleanup();
  });

  it('applies the queue policy and keeps one job per deterministic id', async () => {
    const queue = factory.queue(QUEUES.spec);
    const id = jobId('t1', 'w1', 'spec');
    const a = await queue.add('generate-spec', { n: 1 }, { jobId: id });
    const b = await queue.add('generate-spec', { n: 2 }, { jobId: id });
    expect(a.id).toBe('t1:w1:spec');
    expect(b.id).toBe(a.id);
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
    expect((await queue.getJob(id))?.data).toEqual({ n: 1 });
    expect((await queue.getJob(id))?.opts.attempts).toBe(QUEUE_POLICIES[QUEUES.spec].attempts);
  });

  it('retries a failing job with exponential backoff until it succeeds', async () => {
    const queue = factory.queue(QUEUES.spec);
    const attempts: number[] = [];
    factory.worker(QUEUES.spec, async (job: Job) => {
      attempts.push(Date.now());
      if (job.attemptsMade < 2) throw new Error(`transient ${job.attemptsMade}`);
      return 'ok';
    });
    await queue.add(
      'generate-spec',
      {},
      { jobId: jobId('t1', 'w2', 'spec'), backoff: { type: 'exponential', delay: 200 } },
    );
    await waitFor('completed', async () => (await queue.getJobCounts('completed')).completed === 1, {
      timeoutMs: 10_000,
    });
    // BullMQ writes the attempt counter in a step after the state: wait until it shows.
    const job = await waitFor('attempt count final', async () => {
      const found = await queue.getJob('t1:w2:spec');
      return found?.attemptsMade === 3 ? found : undefined;
    });
    expect(job.attemptsMade).toBe(3);
    expect(job.returnvalue).toBe('ok');
    expect(attempts[2] - attempts[1]).toBeGreaterThan(attempts[1] - attempts[0]);
  });

  it("brings a SIGKILLed worker's job back within seconds", async () => {
    const queue = factory.queue(QUEUES.tickets);
    const stuck = spawnNode(path.join(__dirname, 'fixtures/stuck-worker.cjs'), [], {
      ...iso.env,
      QUEUE: QUEUES.tickets,
      QUEUE_LOCK_MS: '2000',
      QUEUE_STALLED_INTERVAL_MS: '1000',
    });
    await stuck.waitForLine(/^ready$/);
    await queue.add('generate-tickets', {}, { jobId: jobId('t1', 'w3', 'tickets') });
    await stuck.waitForLine(/^took t1:w3:tickets$/);
    stuck.kill('SIGKILL');
    await stuck.exited;
    const killedAt = Date.now();

    let finishedAt = 0;
    factory.worker(QUEUES.tickets, async () => {
      finishedAt = Date.now();
      return 'done';
    });
    await waitFor('job finished by the new worker', () => finishedAt > 0, { timeoutMs: 15_000 });
    // Lock 2 s + stalled check 1 s: back well within 10 s.
    expect(finishedAt - killedAt).toBeLessThan(10_000);
    const job = await queue.getJob('t1:w3:tickets');
    expect(job?.returnvalue).toBe('done');
  });
});
