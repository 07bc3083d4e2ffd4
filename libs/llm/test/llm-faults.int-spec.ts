import { createIsolation, waitFor, type Isolation } from '@flowguard/testing';
import type { Job } from 'bullmq';
import { validClarification } from './fixtures';
import { llmWorkerHarness, type TestJob } from './worker-harness';

jest.setTimeout(180_000);

describe('LLM jobs under faults and bursts', () => {
  let iso: Isolation;
  let h: Awaited<ReturnType<typeof llmWorkerHarness>> | undefined;

  beforeEach(async () => {
    iso = await createIsolation('llmfaults');
  });
  afterEach(async () => {
    await h?.close();
    await iso.cleanup();
  });

  it('200 jobs with 20% injected faults of every class: each ends succeeded or failed with a reason, none lost or doubled, ledger = server tokens', async () => {
    h = await llmWorkerHarness(
      iso,
      { responses: { clarification: validClarification }, faultRate: 0.2, seed: 7, retryAfterSeconds: 1 },
      { concurrency: 16 },
    );
    const harness = h;
    const ids = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        harness.add(`goal ${i}`, undefined, { attempts: 6, backoffMs: 20 }).then((j) => j.id!),
      ),
    );
    await waitFor(
      'every job settled',
      async () => {
        const counts = await harness.queue.getJobCounts('completed', 'failed');
        return counts.completed + counts.failed === 200;
      },
      { timeoutMs: 150_000, intervalMs: 250 },
    );
    const jobs = await Promise.all(ids.map((id) => harness.queue.getJob(id)));
    const states = await Promise.all(ids.map((id) => harness.queue.getJobState(id)));
    // failedReason survives a later success, so the state decides which is which.
    const completed = jobs.filter((_, i) => states[i] === 'completed');
    const failed = jobs.filter((_, i) => states[i] === 'failed');
    expect(completed.length + failed.length).toBe(200);
    for (const job of failed) expect(harness.failures.get(job!.id!)?.reason).toBe(job!.failedReason);
    for (const job of completed) expect(harness.completions.get(job!.id!)).toBe(1);
    expect([...harness.completions.values()].every((n) => n === 1)).toBe(true);
    const kinds = new Set(harness.server.requests.map((r) => r.reply));
    for (const kind of [
      'rate-limit',
      'status-500',
      'status-503',
      'hang',
      'malformed',
      'schema-violation',
      'truncated',
    ]) {
      expect(kinds).toContain(kind);
    }
    expect(await harness.ledgerTotals()).toEqual(harness.server.totals());
    process.stdout.write(
      `faults run: ${completed.length} completed, ${failed.length} failed, ${harness.server.requests.length} requests, ` +
        `${harness.server.requests.filter((r) => r.reply !== 'ok').length} faults\n`,
    );
  });

  it("caps a tenant's concurrency: tenant B's 5 jobs start while tenant A's 500-job burst is still queued", async () => {
    const started: { tenant: string; at: number }[] = [];
    let activeA = 0;
    let maxActiveA = 0;
    const tenantA = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
    const tenantB = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
    h = await llmWorkerHarness(
      iso,
      { responses: { clarification: validClarification }, latencyMs: 100 },
      {
        concurrency: 8,
        tenantConcurrency: 2,
        onStart: (job: Job<TestJob>) => {
          started.push({ tenant: job.data.tenantId, at: Date.now() });
          if (job.data.tenantId === tenantA) {
            activeA += 1;
            maxActiveA = Math.max(maxActiveA, activeA);
            setTimeout(() => (activeA -= 1), 100);
          }
        },
      },
    );
    const harness = h;
    for (let i = 0; i < 500; i++) await harness.add(`a ${i}`, tenantA);
    const enqueuedB = Date.now();
    for (let i = 0; i < 5; i++) await harness.add(`b ${i}`, tenantB);
    await waitFor('B done', () => started.filter((s) => s.tenant === tenantB).length === 5, { timeoutMs: 60_000 });
    const bStarts = started.filter((s) => s.tenant === tenantB).map((s) => s.at - enqueuedB);
    const aStartedBeforeLastB = started.findIndex((s) => s === started.filter((x) => x.tenant === tenantB)[4]) - 4;
    process.stdout.write(
      `fairness: B waits ${bStarts.join(', ')} ms; A jobs started before B's last: ${aStartedBeforeLastB}\n`,
    );
    // Without the cap B would queue behind all 500; with it B overtakes nearly all of A.
    expect(aStartedBeforeLastB).toBeLessThan(50);
    expect(maxActiveA).toBeLessThanOrEqual(2);
  });
});
