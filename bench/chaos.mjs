// Chaos (issue 8): while M workflows run, SIGKILL random service processes and start them
// again K times, and restart the run's own redis-server and nats-server once each; then check
// that every workflow ended, no effect was lost or applied twice, webhooks were delivered
// once per webhook-id, and the token ledger adds up. Prints the table of checks; exit 0 only
// when every check passes. Needs the build: npx nx run-many -t build --output-style=static
// Reproduce: node bench/chaos.mjs [--workflows 100] [--kills 50] [--seed N] [--json]
//   [--no-infra-restart] [--ticket-gen-replicas 2] [--llm offline|fake] [--llm-latency-ms 300]
//   [--min-gap-ms 500] [--max-gap-ms 4000] [--min-down-ms 100] [--max-down-ms 2000]
//   [--settle-ms 180000] [--ack-wait-ms 30000] [--webhook-fail-rate 0.2] [--cpu-hogs 0]
//   [--keep: leave the database for a look] [--log-dir DIR: every service process's output]
// The machine's shared Redis and NATS are never touched: the run starts its own (Postgres is
// the shared one, with a database of the run's own).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runChecks } from './chaos-checks.mjs';
import { runKills, startTracked, submitAll, waitTerminal } from './chaos-driver.mjs';
import { Reaper, seededRandom, startCpuHogs, startNats, startRedis } from './chaos-infra.mjs';
import { startFakeLlm } from './chaos-llm.mjs';
import { startReceiver } from './chaos-receiver.mjs';
import { report } from './chaos-report.mjs';
import { brokerState, inFlight, queueState, quiesce, slotState } from './chaos-state.mjs';
import { SERVICES, ServiceProcess, cliArgs, createIsolation, createTenant, stopServices } from './harness.mjs';

const require = createRequire(import.meta.url);
const IORedis = require('ioredis');
const pg = require('pg');

function options() {
  const { num, flag } = cliArgs();
  const argv = process.argv.slice(2);
  const str = (name, def) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : def);
  const o = {
    workflows: num('workflows', 100),
    kills: num('kills', 50),
    seed: num('seed', Math.floor(Math.random() * 2 ** 31)),
    json: flag('json'),
    infra: !flag('no-infra-restart'),
    ticketGenReplicas: num('ticket-gen-replicas', 2),
    llm: str('llm', 'offline'),
    latencyMs: num('llm-latency-ms', 300),
    gapMs: [num('min-gap-ms', 500), num('max-gap-ms', 4000)],
    downMs: [num('min-down-ms', 100), num('max-down-ms', 2000)],
    settleMs: num('settle-ms', 180_000),
    ackWaitMs: num('ack-wait-ms', 30_000), // the services' default
    failRate: num('webhook-fail-rate', 0.2),
    cpuHogs: num('cpu-hogs', 0),
    keep: flag('keep'),
    logDir: str('log-dir') && path.resolve(str('log-dir')),
  };
  if (!['offline', 'fake'].includes(o.llm)) throw new Error(`--llm is offline or fake, not ${o.llm}`);
  const unless = (name, v, d) => (v === d ? '' : ` --${name} ${v}`);
  o.reproduce =
    `node bench/chaos.mjs --workflows ${o.workflows} --kills ${o.kills} --seed ${o.seed}` +
    (o.infra ? '' : ' --no-infra-restart') +
    unless('ticket-gen-replicas', o.ticketGenReplicas, 2) +
    unless('llm', o.llm, 'offline') +
    (o.llm === 'fake' ? ` --llm-latency-ms ${o.latencyMs}` : '') +
    unless('min-gap-ms', o.gapMs[0], 500) +
    unless('max-gap-ms', o.gapMs[1], 4000) +
    unless('min-down-ms', o.downMs[0], 100) +
    unless('max-down-ms', o.downMs[1], 2000) +
    unless('ack-wait-ms', o.ackWaitMs, 30_000) +
    unless('webhook-fail-rate', o.failRate, 0.2) +
    unless('cpu-hogs', o.cpuHogs, 0);
  return o;
}

const say = (...a) => console.error(`[chaos +${(performance.now() / 1000).toFixed(1)}s]`, ...a);
const run = { procs: [], infra: [] };
let tornDown;

/** Everything this run started goes, whatever happened (the reaper covers a SIGKILL of this script). */
function teardown(keep) {
  tornDown ??= (async () => {
    run.stopHogs?.();
    for (const p of run.procs) p.kill('SIGKILL');
    await Promise.all(run.procs.map((p) => p.proc?.exited));
    await Promise.all(run.infra.map((s) => s.stop()));
    await run.receiver?.close();
    await run.fake?.stop();
    await run.db?.end().catch(() => undefined);
    run.redis?.disconnect();
    if (keep) say(`--keep: database ${run.iso?.dbName} left in place`);
    else await run.iso?.cleanup();
    if (run.tmp) fs.rmSync(run.tmp, { recursive: true, force: true });
  })();
  return tornDown;
}

async function api(base, apiKey, method, route, body) {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => undefined);
  if (res.status >= 300) throw new Error(`${method} ${route} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Every start of a service process: the reaper learns its pid; --log-dir keeps all it writes. */
function watcher(reaper, logDir) {
  if (logDir) fs.mkdirSync(logDir, { recursive: true });
  return (p) => {
    reaper.track(p.proc.child);
    if (!logDir) return;
    const file = fs.createWriteStream(path.join(logDir, `${p.name}.log`), { flags: 'a' });
    file.write(`--- start ${new Date().toISOString()} pid ${p.proc.child.pid}\n`);
    p.proc.child.stdout.pipe(file, { end: false });
    p.proc.child.stderr.pipe(file, { end: false });
    p.proc.child.once('close', () => file.end());
  };
}

async function main(o) {
  const marks = { start: performance.now() };
  run.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fg-chaos-'));
  const reaper = new Reaper(run.tmp);
  const redis = await startRedis(run.tmp, reaper);
  run.infra.push(redis);
  const nats = await startNats(run.tmp, reaper);
  run.infra.push(nats);
  run.iso = await createIsolation('chaos');
  const iso = run.iso;
  run.receiver = await startReceiver({ rng: seededRandom(o.seed + 1), failRate: o.failRate });
  run.fake = o.llm === 'fake' ? await startFakeLlm({ latencyMs: o.latencyMs, seed: o.seed }) : undefined;
  // Production settings except what only shortens the run: the outbox sweep, the shutdown
  // grace and the webhook retry schedule (seconds, not hours), and no rate limit for the driver.
  const env = {
    REDIS_URL: redis.url,
    NATS_URL: nats.url,
    RATE_LIMIT_PER_MINUTE: '0',
    EVENT_ACK_WAIT_MS: String(o.ackWaitMs),
    OUTBOX_SWEEP_MS: '2000',
    SHUTDOWN_GRACE_MS: '10000',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_SCHEDULE_MS: '250,500,1000,2000,4000,8000,15000,30000',
    WEBHOOK_SWEEP_MS: '5000',
    ...(run.fake?.env ?? { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined }),
  };
  say(`seed ${o.seed}; redis ${redis.url}, nats ${nats.url}, database ${iso.dbName}; starting services`);
  // As startServices does, but each process is known to the reaper from its spawn on.
  const names = SERVICES.flatMap((s) =>
    s === 'ticket-gen' ? Array.from({ length: o.ticketGenReplicas }, (_, r) => (r ? `${s}#${r + 1}` : s)) : [s],
  );
  run.procs = names.map(
    (name) => new ServiceProcess(name.split('#')[0], { ...iso.env, LOG_LEVEL: 'warn', ...env }, name),
  );
  const onStart = watcher(reaper, o.logDir);
  await Promise.all(run.procs.map((p) => startTracked(p, onStart)));
  const gateway = run.procs.find((p) => p.service === 'gateway');
  const tenants = [await createTenant(iso, 'chaos-0'), await createTenant(iso, 'chaos-1')];
  for (const [i, t] of tenants.entries())
    await api(gateway.url, t.apiKey, 'POST', '/v1/webhooks', { url: run.receiver.url(i), events: ['*'] });
  marks.setup = performance.now();

  // Tenants alternate; every other pair names an agent, so handoff runs for half of them.
  const flows = Array.from({ length: o.workflows }, (_, i) => ({
    i,
    tenant: tenants[i % 2],
    key: `chaos-${o.seed}-${i}`,
    options: { autoAnswer: true, ...(Math.floor(i / 2) % 2 ? { agentType: 'claude' } : {}) },
    tries: 0,
  }));
  const log = { kills: [], infra: [], bootFailures: [] };
  run.redis = new IORedis(redis.url, { maxRetriesPerRequest: 1 });
  run.redis.on('error', () => undefined); // it is restarted under us
  const windowMs = (o.kills * (o.gapMs[0] + o.gapMs[1])) / 2;
  say(`${o.workflows} workflows over ~${(windowMs / 1000).toFixed(0)} s while ${o.kills} kills run`);
  // Busy neighbours during the kills only (setup and checks run at normal speed).
  run.stopHogs = startCpuHogs(o.cpuHogs, reaper);
  await Promise.all([
    submitAll(gateway, flows, windowMs, seededRandom(o.seed + 2)),
    runKills({
      procs: run.procs,
      kills: o.kills,
      gapMs: o.gapMs,
      downMs: o.downMs,
      rng: seededRandom(o.seed),
      infra: o.infra ? [redis, nats] : [],
      onStart,
      // Which generation jobs each kill interrupts (and how often each was started and stalled).
      beforeKill: (victim) => inFlight(run.redis, iso.redisPrefix, victim.service),
      log,
    }),
  ]);
  run.stopHogs();
  marks.chaos = performance.now();
  // Leases a killed worker left behind keep its tenant's jobs waiting until they expire.
  const slots = await slotState(redis.url, iso.redisPrefix).catch(() => ({}));
  say(`kills done and every process back; waiting for ${o.workflows} workflows to finish`);
  const open = await waitTerminal(gateway, flows, o.settleMs);
  marks.terminal = performance.now();
  say(`${o.workflows - open}/${o.workflows} terminal; waiting for the system to go quiet`);
  run.db = new pg.Client({ connectionString: iso.databaseUrl });
  await run.db.connect();
  const qz = await quiesce({
    db: run.db,
    natsUrl: nats.url,
    natsPrefix: iso.natsPrefix,
    redisUrl: redis.url,
    redisPrefix: iso.redisPrefix,
    timeoutMs: 60_000,
  });
  marks.quiet = performance.now();
  const usage = [];
  for (const t of tenants) usage.push(await api(gateway.url, t.apiKey, 'GET', '/v1/usage'));
  const broker = await brokerState(nats.url, iso.natsPrefix);
  const queues = await queueState(redis.url, iso.redisPrefix);
  const exitCodes = await stopServices(run.procs);
  const result = await runChecks({
    db: run.db,
    M: o.workflows,
    tenants,
    records: run.receiver.records,
    broker,
    queues,
    usage,
    prefix: iso.natsPrefix,
    model: run.fake?.charged(),
    chaos: {
      acceptedIds: new Set(flows.map((f) => f.id)).size,
      kills: o.kills,
      log,
      infraExpected: o.infra ? '1, 1' : '0, 0',
      infraDone: `${redis.restarts}, ${nats.restarts}`,
      quiet: qz.quiet,
      exitCodes,
    },
  });
  marks.checked = performance.now();
  const infra = { redis: redis.restarts, nats: nats.restarts };
  return report({ o, log, flows, result, broker, queues, qz, slots, marks, infra, procs: run.procs });
}

let o;
try {
  o = options();
} catch (err) {
  console.error(err.message);
  process.exit(2);
}
for (const sig of ['SIGINT', 'SIGTERM'])
  process.once(sig, () => {
    say(`${sig}: cleaning up`);
    teardown(false).finally(() => process.exit(130));
  });
main(o)
  .catch((err) => {
    console.error(err);
    for (const p of run.procs) console.error(`--- ${p.name} ---\n${p.output().slice(-1500)}`);
    return false;
  })
  .then(async (ok) => {
    await teardown(o.keep);
    process.exit(ok ? 0 : 1);
  });
