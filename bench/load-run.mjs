// One load run: services up in an isolation (offline planner, or the fake OpenAI server backed
// by the planners with simulated latency and faults), the floor, a few workflows alone, then N
// auto-mode workflows closed loop; what it measured comes back as plain data (load.mjs prints).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { plannerResponses } from './fake-model.mjs';
import { SCHEMAS, createIsolation, createTenant, startServices, stopServices } from './harness.mjs';
import { measureFloor } from './load-floor.mjs';
import { SseStream, cpuSnapshot } from './load-helpers.mjs';

const require = createRequire(import.meta.url);
const IORedis = require('ioredis');
const pg = require('pg');

const TERMINAL = new Set(['tickets.generated', 'workflow.failed', 'workflow.cancelled']);

const prd = (i) => `# Saved searches (${i})

Users of the reporting dashboard want to save a search and get back to it later.

## Requirements
- Users must be able to save the current filters of a report as a named search.
- Users must be able to list, rename and delete their saved searches.
- The system should email a weekly digest of the results of a saved search when the user asks for it.
- Saved searches must be private to the user who created them.

## User stories
- As an analyst, I want to save a search so that I can rerun it every Monday.
`;

/** The fake OpenAI server answering with the services' own planners; null for offline runs. */
async function startFakeModel(o) {
  if (o.llm !== 'fake') return null;
  const { FakeOpenAiServer } = require('@flowguard/testing');
  const server = new FakeOpenAiServer({
    responses: plannerResponses,
    faultRate: o.faultRate,
    seed: o.seed,
    latencyMs: o.latencyMs,
    retryAfterSeconds: 1,
  });
  const url = await server.start(0);
  return { server, url };
}

const maxLatency = (l) => (typeof l === 'number' ? l : Math.max(0, ...Object.values(l ?? {})));

/** Closed loop: `concurrency` clients, each POSTs a workflow and waits for its terminal event. */
async function drive(count, concurrency, runOne, timeoutMs) {
  let next = 0;
  const t0 = performance.now();
  const results = [];
  const worker = async () => {
    while (next < count) results.push(await runOne(next++));
  };
  let timer;
  const timeout = new Promise((_, rej) => {
    timer = setTimeout(
      () => rej(new Error(`timed out after ${timeoutMs} ms with ${results.length}/${count} done`)),
      timeoutMs,
    );
  });
  await Promise.race([Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker)), timeout]);
  clearTimeout(timer);
  return { results, seconds: (performance.now() - t0) / 1000 };
}

/** What the run left in the database: hops per workflow, model time and failure reasons. */
async function readBack(iso) {
  const c = new pg.Client({ connectionString: iso.databaseUrl });
  await c.connect();
  try {
    const count = async (sql) => Number((await c.query(sql)).rows[0].n);
    const outbox = {};
    const inbox = {};
    for (const s of SCHEMAS) {
      outbox[s] = await count(`SELECT count(*) AS n FROM "${s}".outbox`);
      inbox[s] = await count(`SELECT count(*) AS n FROM "${s}".inbox`);
    }
    const llmMs = new Map(); // workflowId → { purpose: ms } (every timed call, repairs included)
    for (const s of ['clarifier', 'spec_gen', 'ticket_gen']) {
      const { rows } = await c.query(
        `SELECT workflow_id, purpose, coalesce(sum(latency_ms), 0)::int AS ms FROM "${s}".token_usage GROUP BY 1, 2`,
      );
      for (const r of rows) llmMs.set(r.workflow_id, { ...llmMs.get(r.workflow_id), [r.purpose]: r.ms });
    }
    return { outbox, inbox, llmMs };
  } finally {
    await c.end();
  }
}

/** Keys under the run's Redis prefix matching `pattern`, in batches. */
async function* scanKeys(redis, pattern) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    yield* keys;
  } while (cursor !== '0');
}

/** Every BullMQ job hash of one workflow, for diagnostics. */
async function jobStates(iso, workflowId) {
  const redis = new IORedis(iso.env.REDIS_URL);
  const out = [];
  for await (const k of scanKeys(redis, `${iso.redisPrefix}:*${workflowId}*`)) {
    if ((await redis.type(k)) !== 'hash') continue;
    const h = await redis.hgetall(k);
    out.push(
      `${k}: attemptsMade=${h.attemptsMade} failedReason=${h.failedReason ?? ''} finishedOn=${h.finishedOn ?? ''}`,
    );
  }
  redis.disconnect();
  return out.join('\n') || '(no jobs)';
}

async function completedJobs(iso) {
  const redis = new IORedis(iso.env.REDIS_URL);
  let jobs = 0;
  for await (const k of scanKeys(redis, `${iso.redisPrefix}:*:completed`)) jobs += await redis.zcard(k);
  redis.disconnect();
  return jobs;
}

/**
 * o: { workflows, concurrency, tenants, llmTenantConcurrency, llm: 'offline'|'fake', latencyMs
 * (number or per purpose), faultRate, seed, replicas: { 'ticket-gen': 2 }, floorSamples, timeoutMs,
 * alone (workflows run one at a time first), inspect(iso, flows) (reads the isolation before cleanup) }.
 */
export async function runLoad(o) {
  const iso = await createIsolation('load');
  const fake = await startFakeModel(o);
  let procs = [];
  const streams = [];
  let ok = false;
  const onSignal = () => procs.forEach((p) => p.kill('SIGTERM'));
  process.once('SIGINT', onSignal);
  try {
    const llmEnv =
      o.llm === 'fake'
        ? {
            OPENAI_API_KEY: 'fake-key',
            OPENAI_BASE_URL: fake.url,
            OPENAI_MODEL: 'fake-model',
            // A hung request costs one timeout; keep it short but above the simulated latency.
            LLM_TIMEOUT_MS: String(Math.max(3_000, 2 * maxLatency(o.latencyMs)) + 1_000),
          }
        : { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined };
    const started = await startServices(
      iso,
      {
        RATE_LIMIT_PER_MINUTE: '0',
        LLM_TENANT_CONCURRENCY: String(o.llmTenantConcurrency),
        LLM_WORKER_CONCURRENCY: String(o.llmWorkerConcurrency ?? 8),
        ...llmEnv,
      },
      o.replicas,
    );
    procs = started.procs;
    const tenants = [];
    for (let t = 0; t < o.tenants; t++) tenants.push(await createTenant(iso, `load-${t}`));
    const floor = o.floorSamples > 0 ? await measureFloor(iso, o.floorSamples) : undefined;

    // Every workflow's events from the tenant SSE streams: occurredAt, receipt time, failure reason.
    const flows = new Map();
    let lastStreamId;
    const flow = (id) => flows.get(id) ?? flows.set(id, { events: {} }).get(id);
    const onEvent = (ev) => {
      if (!ev.event || !ev.data) return;
      const env = JSON.parse(ev.data);
      const f = flow(env.workflowId);
      (f.ids ??= []).push(`${ev.id}:${env.type}`);
      lastStreamId = ev.id;
      f.events[env.type] ??= Date.parse(env.occurredAt);
      if (TERMINAL.has(env.type) && !f.final) {
        f.doneAt = performance.now();
        f.final = env.type;
        if (env.type === 'workflow.failed') f.reason = env.data?.reason ?? JSON.stringify(env.data);
        f.resolve?.();
      }
    };
    for (const t of tenants)
      streams.push(await SseStream.open(`${started.base}/v1/events`, { authorization: `Bearer ${t.apiKey}` }, onEvent));

    const runOne = async (i) => {
      const tenant = tenants[i % tenants.length];
      const postAt = performance.now();
      const res = await fetch(`${started.base}/v1/workflows`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ goal: prd(i), options: { autoAnswer: true } }),
      });
      const body = await res.json();
      if (res.status !== 202) throw new Error(`POST /v1/workflows answered ${res.status}: ${JSON.stringify(body)}`);
      const f = flow(body.id);
      Object.assign(f, { id: body.id, postAt, acceptedAt: performance.now() });
      if (!f.final) await new Promise((r) => (f.resolve = r));
      return f;
    };

    const alone = o.alone > 0 ? await drive(o.alone, 1, runOne, o.timeoutMs) : { results: [] };
    const named = { driver: process.pid, ...Object.fromEntries(procs.map((p) => [p.name, p.proc.child.pid])) };
    const servers = {
      database: iso.dbName,
      natsPort: new URL(iso.env.NATS_URL).port || '4222',
      redisPort: new URL(iso.env.REDIS_URL).port || '6379',
    };
    const cpuBefore = cpuSnapshot(named, servers);
    const load = await drive(o.workflows, o.concurrency, runOne, o.timeoutMs).catch(async (err) => {
      // Say where the unfinished ones are before the isolation goes away.
      const pending = [...flows.values()].filter((f) => f.id && !f.final);
      for (const f of pending.slice(0, 10)) {
        const res = await fetch(`${started.base}/v1/workflows/${f.id}`, {
          headers: { authorization: `Bearer ${tenants[0].apiKey}` },
        });
        console.error(
          `unfinished ${f.id}: events ${JSON.stringify(Object.keys(f.events))}, GET → ${res.status} ${await res.text()}`,
        );
        console.error(await jobStates(iso, f.id));
        const c = new pg.Client({ connectionString: iso.databaseUrl });
        await c.connect();
        const { rows } = await c.query(
          'SELECT seq, type, event_id, recorded_at FROM gateway.workflow_event WHERE workflow_id = $1 ORDER BY seq',
          [f.id],
        );
        await c.end();
        console.error(
          `  recorded: ${JSON.stringify(rows)}\n  received: ${f.ids} (last id on the stream ${lastStreamId})`,
        );
      }
      throw err;
    });
    const cpuAfter = cpuSnapshot(named, servers);

    const back = await readBack(iso);
    for (const f of [...alone.results, ...load.results]) f.llmMs = back.llmMs.get(f.id) ?? {};
    const cpuMs = Object.fromEntries(
      Object.entries(cpuAfter).map(([k, v]) => [k, ((v - (cpuBefore[k] ?? 0)) * 1000) / load.results.length]),
    );
    const inspected = o.inspect ? await o.inspect(iso, [...alone.results, ...load.results]) : undefined;
    ok = true;
    return {
      inspected,
      options: o,
      floor,
      alone: alone.results,
      load: load.results,
      seconds: load.seconds,
      cpuMs,
      outbox: back.outbox,
      inbox: back.inbox,
      jobs: await completedJobs(iso),
      totalFlows: alone.results.length + load.results.length,
      fake: fake && {
        requests: fake.server.requests.length,
        replies: fake.server.requests.reduce((m, r) => ({ ...m, [r.reply]: (m[r.reply] ?? 0) + 1 }), {}),
      },
    };
  } finally {
    process.removeListener('SIGINT', onSignal);
    for (const s of streams) s.close();
    const codes = await stopServices(procs);
    const bad = codes.filter(([, code]) => code !== 0);
    if (bad.length) console.error(`services that did not exit 0: ${JSON.stringify(bad)}`);
    if (!ok || bad.length) for (const p of procs) console.error(`--- ${p.name} ---\n${p.output().slice(-2000)}`);
    await fake?.server.stop();
    await iso.cleanup();
  }
}
