import { execFile } from 'node:child_process';
import path from 'node:path';

jest.setTimeout(240_000);

const root = path.resolve(__dirname, '..');
/** Fixed, so a failure here replays with `node bench/fuzz.mjs --requests 1000 --seed 8004`. */
const SEED = 8004;
const REQUESTS = 1000;

interface FuzzSummary {
  ok: boolean;
  error?: string;
  requests: number;
  routesDocumented: number;
  routesHit: number;
  fiveXx: number;
  connectionErrors: number;
  crashes: string[];
  problemViolations: number;
  crossTenant: number;
  health: Record<string, number>;
  exits: Record<string, number | string>;
  failures?: unknown[];
}

/** Runs the fuzz as its own process (it starts the five built services) and reads its JSON line. */
function runFuzz(): Promise<{ summary: FuzzSummary; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['bench/fuzz.mjs', '--requests', String(REQUESTS), '--json', '--seed', String(SEED)],
      { cwd: root, timeout: 230_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const last = stdout.trim().split('\n').pop() ?? '';
        try {
          resolve({ summary: JSON.parse(last) as FuzzSummary, stderr });
        } catch {
          reject(
            new Error(`no JSON summary (${err?.message ?? 'exit 0'})\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`),
          );
        }
      },
    );
  });
}

describe('API fuzz: fast-check requests over every documented route, the built services as processes', () => {
  it(`${REQUESTS} requests: no 5xx, no dropped connection or crash, every 4xx a problem naming its fields`, async () => {
    const { summary, stderr } = await runFuzz();
    expect({ error: summary.error, stderr: summary.error ? stderr.slice(-3000) : '' }).toEqual({
      error: undefined,
      stderr: '',
    });
    expect({
      fiveXx: summary.fiveXx,
      connectionErrors: summary.connectionErrors,
      crashes: summary.crashes,
      problemViolations: summary.problemViolations,
      crossTenant: summary.crossTenant,
      failures: summary.failures ?? [],
    }).toEqual({ fiveXx: 0, connectionErrors: 0, crashes: [], problemViolations: 0, crossTenant: 0, failures: [] });
    expect(summary.requests).toBe(REQUESTS);
    // Every route the OpenAPI document lists was called (the list is read from the running gateway).
    expect(summary.routesDocumented).toBeGreaterThan(20);
    expect(summary.routesHit).toBe(summary.routesDocumented);
    // Still healthy afterwards, and a clean exit on SIGTERM.
    expect(Object.values(summary.health)).toEqual([200, 200, 200, 200, 200]);
    expect(Object.values(summary.exits)).toEqual([0, 0, 0, 0, 0]);
    expect(summary.ok).toBe(true);
  });
});
