// What the chaos run does to the system: submit workflows through the gateway (retrying with
// the same Idempotency-Key while it is down), SIGKILL and restart service processes, restart
// the run's own Redis and NATS once, and wait for every workflow to finish.
import { performance } from 'node:perf_hooks';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

const goal = (i) => `# Saved searches (${i})

Users of the reporting dashboard want to save a search and get back to it later.

## Requirements
- Users must be able to save the current filters of a report as a named search.
- Users must be able to list, rename and delete their saved searches.
- The system should email a weekly digest of the results of a saved search when the user asks for it.
- Saved searches must be private to the user who created them.
`;

/**
 * POST one workflow until the gateway answers 2xx. Every try sends the same Idempotency-Key,
 * so a POST that committed before its gateway died comes back as the same workflow (200).
 */
async function submitOne(gateway, flow, deadline) {
  const body = JSON.stringify({ goal: goal(flow.i), options: flow.options });
  for (;;) {
    flow.tries += 1;
    const res = await fetch(`${gateway.url}/v1/workflows`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${flow.tenant.apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': flow.key,
      },
      body,
      signal: AbortSignal.timeout(15_000),
    }).catch((err) => ({ status: 0, error: err }));
    if (res.status === 202 || res.status === 200) {
      const wf = await res.json();
      Object.assign(flow, { id: wf.id, replayed: res.status === 200, acceptedAt: performance.now() });
      return;
    }
    // 404: the gateway's new port was taken by another process that restarted at the same
    // moment (the gateway then exits and starts again elsewhere): retry like a refused connection.
    if (res.status >= 400 && res.status < 500 && res.status !== 404)
      throw new Error(`POST answered ${res.status}: ${await res.text()}`);
    if (performance.now() > deadline) throw new Error(`workflow ${flow.i}: gateway unreachable for too long`);
    await sleep(300);
  }
}

/** Submits `flows` spread over `windowMs` (jittered), all in the background; resolves when all are accepted. */
export async function submitAll(gateway, flows, windowMs, rng) {
  const t0 = performance.now();
  const deadline = t0 + windowMs + 240_000;
  return Promise.all(
    flows.map(async (flow, n) => {
      const at = (windowMs * n) / flows.length + rng.between(0, Math.round(windowMs / flows.length));
      await sleep(Math.max(0, t0 + at - performance.now()));
      await submitOne(gateway, flow, deadline);
    }),
  );
}

/** Spawns, lets `onStart` see the child (the reaper must know it before it is healthy), waits. */
export async function startTracked(proc, onStart) {
  await proc.start({ waitHealthy: false });
  onStart(proc);
  await proc.healthy();
}

/** Starts a process again; a start that fails (NATS or Redis restarting under it) is retried. */
async function restart(proc, onStart, log) {
  for (let attempt = 1; ; attempt++) {
    try {
      await startTracked(proc, onStart);
      return;
    } catch (err) {
      // The harness appends the process's output: keep its last error line as the reason.
      const lines = err.message.split('\n');
      const reason = lines.findLast((l) => /error|refused|timed out|exited/i.test(l)) ?? lines[0];
      log.bootFailures.push(`${proc.name}: ${lines[0]} (${reason.slice(0, 300)})`);
      proc.kill('SIGKILL');
      if (attempt >= 4) throw err;
      await sleep(1000);
    }
  }
}

/**
 * `kills` times, every `gapMs` (random in range): SIGKILL a random running service process,
 * start it again after `downMs`. Restarts overlap with later kills. Redis and NATS restart
 * once each, after a third and two thirds of the kills.
 */
export async function runKills({ procs, kills, gapMs, downMs, rng, infra, onStart, beforeKill, log }) {
  const restarting = new Set();
  const pending = [];
  const infraAt = infra.length ? infra.map((_, n) => Math.floor(((n + 1) * kills) / (infra.length + 1))) : [];
  for (let k = 0; k < kills; k++) {
    await sleep(rng.between(gapMs[0], gapMs[1]));
    for (const [n, at] of infraAt.entries()) {
      if (at === k) {
        const server = infra[n];
        const t = performance.now();
        await server.restart('SIGKILL', rng.between(300, 1500));
        log.infra.push({ server: server.name, atKill: k, downMs: Math.round(performance.now() - t) });
      }
    }
    let up = procs.filter((p) => !restarting.has(p) && p.running);
    while (up.length === 0) {
      await sleep(200);
      up = procs.filter((p) => !restarting.has(p) && p.running);
    }
    const victim = rng.pick(up);
    const down = rng.between(downMs[0], downMs[1]);
    restarting.add(victim);
    const inFlight = await beforeKill?.(victim).catch(() => undefined);
    victim.kill('SIGKILL');
    log.kills.push({ service: victim.name, at: new Date().toISOString(), downMs: down, inFlight });
    const back = (async () => {
      await victim.proc.exited;
      await sleep(down);
      await restart(victim, onStart, log);
      restarting.delete(victim);
    })();
    back.catch(() => undefined); // awaited below; this keeps an early failure from being "unhandled"
    pending.push(back);
  }
  await Promise.all(pending);
}

/** Polls GET /v1/workflows/:id until every flow is terminal or `timeoutMs` passes. */
export async function waitTerminal(gateway, flows, timeoutMs) {
  const until = performance.now() + timeoutMs;
  const open = new Set(flows);
  while (open.size > 0 && performance.now() < until) {
    for (const flow of [...open]) {
      const res = await fetch(`${gateway.url}/v1/workflows/${flow.id}`, {
        headers: { authorization: `Bearer ${flow.tenant.apiKey}` },
        signal: AbortSignal.timeout(10_000),
      }).catch(() => undefined);
      if (res?.status !== 200) continue;
      const wf = await res.json();
      flow.status = wf.status;
      flow.errors = wf.errors;
      if (TERMINAL.has(wf.status)) {
        flow.doneAt = performance.now();
        open.delete(flow);
      }
    }
    if (open.size > 0) await sleep(1000);
  }
  return open.size;
}
