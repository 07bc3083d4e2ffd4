import { createIsolation, sleep, waitFor, type FakeReply, type Isolation } from '@flowguard/testing';
import { TokenLedger } from '../src';
import { validClarification } from './fixtures';
import { llmWorkerHarness } from './worker-harness';

jest.setTimeout(90_000);

describe('LLM jobs on BullMQ: one retry loop, visible in the job', () => {
  let iso: Isolation;
  let h: Awaited<ReturnType<typeof llmWorkerHarness>>;
  const perGoal = new Map<string, FakeReply[]>();
  const seen = new Map<string, number>();

  beforeEach(async () => {
    iso = await createIsolation('llmjobs');
    perGoal.clear();
    seen.clear();
    h = await llmWorkerHarness(iso, {
      // Each job's goal names its script: reply n to the n-th request of that job.
      script: (_purpose, _n, body) => {
        const goal = body.messages[1].content;
        const n = seen.get(goal) ?? 0;
        seen.set(goal, n + 1);
        return perGoal.get(goal)?.[n] ?? { kind: 'ok', content: validClarification };
      },
    });
  });
  afterEach(async () => {
    await h.close();
    await iso.cleanup();
  });

  const settle = async (id: string) =>
    waitFor(
      `job ${id} settled`,
      async () => {
        const state = await h.queue.getJobState(id);
        if (state !== 'completed' && state !== 'failed') return undefined;
        // Read the job only once its state is final (reading it first raced the finish), and
        // give BullMQ's attempt counter, written in a separate step, a moment.
        await sleep(100);
        return h.queue.getJob(id);
      },
      { timeoutMs: 30_000 },
    );

  it.each<[string, FakeReply[], { state: string; attemptsMade: number; requests: number }]>([
    ['a clean answer', [], { state: 'completed', attemptsMade: 1, requests: 1 }],
    [
      '429 then ok: the queue waits, the attempt is kept',
      [{ kind: 'rate-limit', retryAfterSeconds: 1 }],
      { state: 'completed', attemptsMade: 1, requests: 2 },
    ],
    [
      '500 then ok: one attempt spent',
      [{ kind: 'status', status: 500 }],
      { state: 'completed', attemptsMade: 2, requests: 2 },
    ],
    [
      '503 then ok: one attempt spent',
      [{ kind: 'status', status: 503 }],
      { state: 'completed', attemptsMade: 2, requests: 2 },
    ],
    [
      'a hang then ok: the timeout spends one attempt',
      [{ kind: 'hang' }],
      { state: 'completed', attemptsMade: 2, requests: 2 },
    ],
    [
      'malformed then ok: repaired inside the attempt',
      [{ kind: 'malformed' }],
      { state: 'completed', attemptsMade: 1, requests: 2 },
    ],
    [
      'invalid twice: a failed attempt, then ok',
      [{ kind: 'malformed' }, { kind: 'schema-violation' }],
      { state: 'completed', attemptsMade: 2, requests: 3 },
    ],
    ['401: fatal, no retry', [{ kind: 'status', status: 401 }], { state: 'failed', attemptsMade: 1, requests: 1 }],
    [
      '500 every time: attempts run out',
      Array(4).fill({ kind: 'status', status: 500 }),
      { state: 'failed', attemptsMade: 4, requests: 4 },
    ],
  ])('%s', async (goal, replies, expected) => {
    perGoal.set(goal, replies);
    const added = await h.add(goal);
    const job = (await settle(added.id!))!;
    expect({ state: await job.getState(), attemptsMade: job.attemptsMade, requests: seen.get(goal) }).toEqual(expected);
    if (expected.state === 'failed') {
      const failure = h.failures.get(added.id!)!;
      expect(failure).toMatchObject({ purpose: 'clarification', attempts: expected.attemptsMade });
      expect(failure.reason).toMatch(expected.attemptsMade === 1 ? /^unauthorized: / : /^server_error: /);
      expect(job.failedReason).toBe(failure.reason);
    } else {
      expect(job.returnvalue).toBe(validClarification.restated.goal);
      expect(h.failures.size).toBe(0);
    }
    // Every token the server charged is in the ledger, failed attempts included.
    expect(await h.ledgerTotals()).toEqual(h.server.totals());
  });

  it('sums the ledger per purpose for a tenant', async () => {
    const tenantId = '33333333-3333-4333-8333-333333333333';
    const a = await h.add('one', tenantId);
    const b = await h.add('two', tenantId);
    await settle(a.id!);
    await settle(b.id!);
    const [row] = await TokenLedger.summary(h.ds, tenantId);
    expect(row).toMatchObject({ purpose: 'clarification', provider: 'openai', model: 'fake-model', calls: 2 });
    expect(row.promptTokens + row.completionTokens).toBe(
      h.server.totals().promptTokens + h.server.totals().completionTokens,
    );
    expect(await TokenLedger.summary(h.ds, '44444444-4444-4444-8444-444444444444')).toEqual([]);
  });
});
