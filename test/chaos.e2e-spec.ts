import path from 'node:path';
import { spawnNode, type RunningProcess } from '@flowguard/testing';

jest.setTimeout(300_000);

const root = path.resolve(__dirname, '..');

interface ChaosSummary {
  ok: boolean;
  workflows: number;
  completed: number;
  kills: { total: number; perService: Record<string, number> };
  infraRestarts: { redis: number; nats: number };
  checks: { check: string; expected: unknown; actual: unknown; pass: boolean }[];
}

/**
 * bench/chaos.mjs, small and seeded: 20 workflows while 6 service processes are SIGKILLed and
 * restarted and the run's own redis-server and nats-server restart once each. The bench starts
 * and removes everything it uses (its own Redis and NATS, a database on the shared Postgres).
 */
describe('chaos: SIGKILLed services and restarted infrastructure lose and double nothing', () => {
  let chaos: RunningProcess | undefined;

  afterAll(async () => {
    // SIGTERM lets the bench tear down what it started (its reaper covers a harder death).
    if (chaos && chaos.child.exitCode === null && chaos.child.signalCode === null) {
      chaos.kill('SIGTERM');
      await chaos.exited;
    }
  });

  it('ends every workflow, once, with every check passing', async () => {
    const env: Record<string, string> = {};
    // The bench refuses anything but loopback servers; testcontainers' Postgres is mapped there.
    if (process.env.FG_TEST_POSTGRES_URL) env.FG_BENCH_POSTGRES_URL = process.env.FG_TEST_POSTGRES_URL;
    chaos = spawnNode(
      path.join(root, 'bench/chaos.mjs'),
      ['--workflows', '20', '--kills', '6', '--seed', '20260801', '--json', '--settle-ms', '120000'],
      env,
    );
    const code = await chaos.exited;
    const out = chaos.output();
    // The summary is the last stdout line; stderr (progress, cleanup) interleaves in `out`.
    const summaryLine = out.split('\n').findLast((l) => l.startsWith('{"ok"')) ?? '{}';
    expect({ code, tail: code === 0 ? '' : out.slice(-6000) }).toEqual({ code: 0, tail: '' });

    const summary = JSON.parse(summaryLine) as ChaosSummary;
    expect(summary.ok).toBe(true);
    expect(summary.checks.filter((c) => !c.pass)).toEqual([]);
    expect(summary.checks.length).toBeGreaterThan(40);
    expect(summary.workflows).toBe(20);
    expect(summary.kills.total).toBe(6);
    expect(Object.values(summary.kills.perService).reduce((a, b) => a + b, 0)).toBe(6);
    expect(summary.infraRestarts).toEqual({ redis: 1, nats: 1 });
    // A small run on an otherwise quiet machine: every workflow completes (none fails).
    expect(summary.completed).toBe(20);
  });
});
