import path from 'node:path';
import { spawnNode } from '@flowguard/testing';

jest.setTimeout(240_000);

const root = path.resolve(__dirname, '..');

interface LoadSummary {
  workflows: number;
  completed: number;
  completionRate: number;
  failureReasons: Record<string, number>;
  fake: { requests: number; replies: Record<string, number> };
  perWorkflow: { events: number; jobs: number };
}

/**
 * The bounded version of issue 8's fault run (the full one is in docs/benchmarks.md): every
 * workflow through the real openai client against the fake server, 20% of requests faulted.
 */
describe('bench/load with 20% LLM faults of every class', () => {
  it('brings every workflow to a terminal state; failures, if any, carry a reason', async () => {
    const run = spawnNode(path.join(root, 'bench/load.mjs'), [
      '--fault-rate',
      '0.2',
      '--seed',
      '7',
      '--workflows',
      '30',
      '--concurrency',
      '10',
      '--floor-samples',
      '0',
      '--alone',
      '0',
      '--json',
    ]);
    const code = await run.exited;
    const out = run.output();
    expect({ code, tail: code === 0 ? '' : out.slice(-3000) }).toEqual({ code: 0, tail: '' });
    const summary = JSON.parse(
      out
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .pop()!,
    ) as LoadSummary;

    // The faults really happened, of every class the fake server injects.
    const faults = Object.entries(summary.fake.replies).filter(([kind]) => kind !== 'ok');
    expect(faults.reduce((n, [, c]) => n + c, 0)).toBeGreaterThanOrEqual(summary.fake.requests * 0.1);
    expect(faults.map(([kind]) => kind).sort()).toEqual(
      ['hang', 'malformed', 'rate-limit', 'schema-violation', 'status-500', 'status-503', 'truncated'].sort(),
    );
    // Every workflow ended (the driver waits for each terminal event), and each failure is explained.
    expect(summary.workflows).toBe(30);
    const failed = Object.values(summary.failureReasons).reduce((n, c) => n + c, 0);
    expect(summary.completed + failed).toBe(30);
    expect(Object.keys(summary.failureReasons).every((reason) => reason.length > 10)).toBe(true);
    // Retries are BullMQ attempts of the same job, never a second event per phase: a completed
    // workflow publishes 5 events, a failed one fewer (it stops at workflow.failed).
    if (failed === 0) expect(summary.perWorkflow.events).toBe(5);
    else expect(summary.perWorkflow.events).toBeLessThan(5);
    expect(summary.completionRate).toBeGreaterThanOrEqual(0.9);
  });
});
