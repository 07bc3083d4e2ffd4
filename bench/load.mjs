// Workflows end to end under load (issue 8): the five services as separate processes on the
// real Postgres, Redis and NATS, N auto-mode workflows through the HTTP API, completion read
// from the tenant SSE streams, the machine's floor measured in the same run, model time (from
// the token ledger) subtracted to get the orchestration overhead.
// Needs the build: npx nx run-many -t build --output-style=static
//   node bench/load.mjs [--workflows 200] [--concurrency 20] [--tenants 1] [--llm-tenant-concurrency 2]
//                       [--llm offline|fake] [--llm-latency-ms 0] [--fault-rate 0] [--seed 42]
//                       [--ticket-gen-replicas 1] [--json]
//   node bench/load.mjs --scaling [--llm-latency-ms 2000]   1 vs 2 ticket-gen replicas, 2 s model
import os from 'node:os';
import { cliArgs } from './harness.mjs';
import { fmt, stats } from './load-floor.mjs';
import { runLoad } from './load-run.mjs';

const { num, str, flag } = cliArgs();
const SCALING = flag('scaling');
const base = {
  workflows: num('workflows', SCALING ? 48 : 200),
  concurrency: num('concurrency', SCALING ? 16 : 20),
  tenants: num('tenants', SCALING ? 8 : 1),
  llmTenantConcurrency: num('llm-tenant-concurrency', SCALING ? 4 : 2),
  // Scaling: few model slots per replica, so ticket-gen's model (not the 2 shared cores) is the bottleneck.
  llmWorkerConcurrency: num('llm-worker-concurrency', SCALING ? 2 : 8),
  llm: SCALING || num('llm-latency-ms', 0) > 0 || num('fault-rate', 0) > 0 ? 'fake' : str('llm', 'offline'),
  latencyMs: num('llm-latency-ms', SCALING ? 2_000 : 0),
  faultRate: num('fault-rate', 0),
  seed: num('seed', 42),
  replicas: { 'ticket-gen': num('ticket-gen-replicas', 1) },
  floorSamples: num('floor-samples', SCALING ? 0 : 300),
  alone: num('alone', SCALING ? 0 : 10),
  timeoutMs: num('timeout-ms', 600_000),
};
const JSON_OUT = flag('json');

const PHASES = [
  ['submitted→analyzed', 'goal.submitted', 'goal.analyzed', 'clarification'],
  ['analyzed→clarified', 'goal.analyzed', 'goal.clarified', null],
  ['clarified→spec', 'goal.clarified', 'spec.created', 'spec'],
  ['spec→tickets', 'spec.created', 'tickets.generated', 'tickets'],
];
// One auto-mode workflow's critical path, counted from the code: 4 JetStream hops (goal.submitted
// → clarifier, goal.clarified → spec-gen, spec.created → ticket-gen, tickets.generated → gateway),
// 12 commits (the POST, 4 relay marks, 3 consumers' input rows, 3 job results, the gateway's
// projection) and 3 BullMQ jobs at ≥ 3 Redis round trips each.
const CRIT = { js: 4, commits: 12, jobs: 3, redisPerJob: 3 };
const floorOf = (floor, p) =>
  floor && CRIT.js * floor.js[p] + CRIT.commits * floor.pg[p] + CRIT.jobs * CRIT.redisPerJob * floor.redis[p];
const modelMs = (f) => Object.values(f.llmMs).reduce((a, b) => a + b, 0);
const completed = (fs) => fs.filter((f) => f.final === 'tickets.generated');

function summarize(r) {
  const done = completed(r.load);
  const aloneDone = completed(r.alone);
  const phase = (from, to, purpose) =>
    stats(
      done
        .filter((f) => f.events[from] && f.events[to])
        .map((f) => f.events[to] - f.events[from] - (purpose ? (f.llmMs[purpose] ?? 0) : 0)),
    );
  const reasons = {};
  for (const f of r.load.filter((x) => x.final !== 'tickets.generated'))
    reasons[f.reason ?? f.final] = (reasons[f.reason ?? f.final] ?? 0) + 1;
  const e2e = stats(done.map((f) => f.doneAt - f.postAt));
  const overhead = stats(done.map((f) => f.doneAt - f.postAt - modelMs(f)));
  const overheadAlone = stats(aloneDone.map((f) => f.doneAt - f.postAt - modelMs(f)));
  const cpuTotal = Object.values(r.cpuMs).reduce((a, b) => a + b, 0);
  return {
    workflows: r.load.length,
    completed: done.length,
    completionRate: done.length / r.load.length,
    failureReasons: reasons,
    throughput: done.length / r.seconds,
    seconds: r.seconds,
    e2e,
    model: stats(done.map(modelMs)),
    overhead,
    overheadAlone,
    accept: stats(r.load.map((f) => f.acceptedAt - f.postAt)),
    phases: Object.fromEntries(PHASES.map(([name, from, to, purpose]) => [name, phase(from, to, purpose)])),
    floor: r.floor && { ...r.floor, criticalPath: { p50: floorOf(r.floor, 'p50'), p99: floorOf(r.floor, 'p99') } },
    ratio: r.floor && {
      aloneP50: overheadAlone.p50 / floorOf(r.floor, 'p50'),
      loadP50: overhead.p50 / floorOf(r.floor, 'p50'),
    },
    cpuMsPerWorkflow: { total: cpuTotal, ...r.cpuMs },
    perWorkflow: {
      events: sum(r.outbox) / r.totalFlows,
      inboxRows: sum(r.inbox) / r.totalFlows,
      jobs: r.jobs / r.totalFlows,
    },
    fake: r.fake,
  };
}
const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);

function print(s, o) {
  const cpus = os.cpus();
  const llm =
    o.llm === 'fake'
      ? `fake OpenAI server + planners, latency ${JSON.stringify(o.latencyMs)} ms, fault rate ${o.faultRate}`
      : 'offline planner';
  console.log(
    `\n${o.workflows} auto-mode workflows, ${o.concurrency} concurrent, ${o.tenants} tenant(s), ${llm}, ` +
      `ticket-gen × ${o.replicas['ticket-gen']}, LLM_TENANT_CONCURRENCY=${o.llmTenantConcurrency}, LLM_WORKER_CONCURRENCY=${o.llmWorkerConcurrency}`,
  );
  console.log(
    `machine: ${cpus.length} × ${cpus[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );
  console.log(
    `throughput: ${s.throughput.toFixed(2)} completed workflows/s (${s.completed}/${s.workflows} in ${s.seconds.toFixed(1)} s)`,
  );
  if (s.completed < s.workflows) console.log(`not completed: ${JSON.stringify(s.failureReasons)}`);
  const rows = [];
  const row = (what, x) =>
    x?.n && rows.push({ what, p50: fmt(x.p50), p95: fmt(x.p95), p99: fmt(x.p99), max: fmt(x.max), n: x.n });
  row(`end to end, ${o.concurrency} concurrent (POST → SSE tickets.generated)`, s.e2e);
  row('model time per workflow (token ledger)', s.model);
  row(`orchestration overhead, ${o.concurrency} concurrent (end to end − model)`, s.overhead);
  row('orchestration overhead, 1 at a time', s.overheadAlone);
  row('POST /v1/workflows → 202', s.accept);
  for (const [name, x] of Object.entries(s.phases)) row(`phase ${name} − model (occurredAt)`, x);
  if (s.floor) {
    row('floor: JetStream publish → consume', s.floor.js);
    row('floor: Redis PING', s.floor.redis);
    row('floor: Postgres BEGIN/INSERT/COMMIT', s.floor.pg);
    rows.push({
      what: `floor: critical path (${CRIT.js} hops + ${CRIT.commits} commits + ${CRIT.jobs}×${CRIT.redisPerJob} Redis RTT)`,
      p50: fmt(s.floor.criticalPath.p50),
      p99: fmt(s.floor.criticalPath.p99),
    });
  }
  console.table(rows);
  if (s.ratio)
    console.log(
      `overhead / floor at p50: ${s.ratio.aloneP50.toFixed(1)}× alone, ${s.ratio.loadP50.toFixed(1)}× at ${o.concurrency} concurrent`,
    );
  const cpu = Object.entries(s.cpuMsPerWorkflow)
    .filter(([k]) => k !== 'total')
    .sort((a, b) => b[1] - a[1]);
  console.log(
    `CPU per workflow (user+sys, /proc): ${s.cpuMsPerWorkflow.total.toFixed(1)} ms = ${cpu.map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}` +
      ` → ceiling ≈ ${((cpus.length * 1000) / s.cpuMsPerWorkflow.total).toFixed(0)} workflows/s on ${cpus.length} cores`,
  );
  console.log(
    `per workflow: ${s.perWorkflow.events.toFixed(2)} events published, ${s.perWorkflow.inboxRows.toFixed(2)} inbox rows, ${s.perWorkflow.jobs.toFixed(2)} BullMQ jobs completed`,
  );
  if (s.fake) console.log(`fake model: ${s.fake.requests} requests, replies ${JSON.stringify(s.fake.replies)}`);
}

const reproduce = (o) =>
  `node bench/load.mjs --workflows ${o.workflows} --concurrency ${o.concurrency} --tenants ${o.tenants} ` +
  `--llm-tenant-concurrency ${o.llmTenantConcurrency} --llm-worker-concurrency ${o.llmWorkerConcurrency} --llm ${o.llm}` +
  (o.llm === 'fake' ? ` --llm-latency-ms ${o.latencyMs} --fault-rate ${o.faultRate} --seed ${o.seed}` : '') +
  ` --ticket-gen-replicas ${o.replicas['ticket-gen']}`;

async function main() {
  if (!SCALING) {
    const s = summarize(await runLoad(base));
    print(s, base);
    console.log(`reproduce: npx nx run-many -t build --output-style=static && ${reproduce(base)}`);
    if (JSON_OUT) console.log(JSON.stringify(s));
    return;
  }
  // Only ticket-gen's model is slow, so the other phases never become the bottleneck.
  const results = [];
  for (const replicas of [1, 2]) {
    const o = { ...base, latencyMs: { tickets: base.latencyMs }, replicas: { 'ticket-gen': replicas } };
    const s = summarize(await runLoad(o));
    print(s, o);
    results.push(s);
  }
  const ratio = results[1].throughput / results[0].throughput;
  console.log(
    `\nscaling: ticket-gen × 1 ${results[0].throughput.toFixed(2)}/s, × 2 ${results[1].throughput.toFixed(2)}/s → ${ratio.toFixed(2)}×`,
  );
  console.log(
    `reproduce: npx nx run-many -t build --output-style=static && node bench/load.mjs --scaling --llm-latency-ms ${base.latencyMs} --workflows ${base.workflows} --concurrency ${base.concurrency} --tenants ${base.tenants} --llm-worker-concurrency ${base.llmWorkerConcurrency}`,
  );
  if (JSON_OUT) console.log(JSON.stringify({ scaling: ratio, runs: results }));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
