// Publish → handler latency over N events on this machine, on the real NATS (JetStream,
// file storage) and Postgres. Two paths:
//   direct : EventPublisher.publish (awaited PubAck) → durable consumer → handler start
//   outbox : transaction (artifact + outbox row) commits → relay publishes → consumer →
//            handler applies its effect with an inbox row in one transaction → ack
// Reproduce: npm run bench:messaging [-- --events 10000 --rate 1000]
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const {
  EventConsumer,
  EventPublisher,
  EventTransaction,
  OutboxRelay,
  MESSAGING_ENTITIES,
  connectNats,
  createEvent,
  ensureStreams,
} = require('@flowguard/messaging');
const { DataSource } = require('typeorm');
const pg = require('pg');

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const EVENTS = arg('events', 10_000);
const RATE = arg('rate', 1_000); // events per second offered (open loop)
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const PG_URL = process.env.FG_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const tag = randomUUID().slice(0, 8);
// One prefix (streams, subjects) per path, so neither path sees the other's events.
const prefixes = { direct: `benchd${tag}`, outbox: `bencho${tag}` };
const settings = { maxDeliver: 5, retryBaseMs: 100, retryMaxMs: 1000, ackWaitMs: 30_000, concurrency: 64 };

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
function summary(name, latencies, seconds) {
  const s = [...latencies].sort((a, b) => a - b);
  return {
    path: name,
    events: s.length,
    'p50 ms': +pct(s, 50).toFixed(2),
    'p90 ms': +pct(s, 90).toFixed(2),
    'p99 ms': +pct(s, 99).toFixed(2),
    'max ms': +s[s.length - 1].toFixed(2),
    'events/s': Math.round(s.length / seconds),
  };
}

async function offer(count, send) {
  // Open loop at RATE/s in 10 ms ticks, so latency is not hidden by waiting for the previous event.
  const perTick = Math.max(1, Math.round(RATE / 100));
  const pending = [];
  for (let sent = 0; sent < count;) {
    const tickStart = performance.now();
    for (let i = 0; i < perTick && sent < count; i++, sent++) pending.push(send(sent));
    const wait = 10 - (performance.now() - tickStart);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await Promise.all(pending);
}

function event(i) {
  return createEvent(
    'goal.submitted',
    { tenantId: randomUUID(), workflowId: randomUUID(), correlationId: `bench-${i}`, causationId: null },
    { goal: `bench goal ${i}`, options: {} },
  );
}

async function direct(nats) {
  const prefix = prefixes.direct;
  const sentAt = new Map();
  const latencies = [];
  let done;
  const finished = new Promise((r) => (done = r));
  const consumer = new EventConsumer({
    ...nats,
    prefix,
    service: 'clarifier',
    type: 'goal.submitted',
    settings,
    handler: (e) => {
      latencies.push(performance.now() - sentAt.get(e.id));
      if (latencies.length === EVENTS) done();
    },
  });
  await consumer.start();
  const publisher = new EventPublisher(nats.js, prefix);
  const t0 = performance.now();
  await offer(EVENTS, async (i) => {
    const e = event(i);
    sentAt.set(e.id, performance.now());
    await publisher.publish(e);
  });
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  await consumer.stop();
  return summary('direct: publish → handler', latencies, seconds);
}

async function viaOutbox(nats, databaseUrl) {
  const prefix = prefixes.outbox;
  const ds = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    schema: 'bench',
    entities: MESSAGING_ENTITIES,
    poolSize: 20,
  });
  await ds.initialize();
  await ds.query('CREATE SCHEMA IF NOT EXISTS bench');
  await ds.synchronize();
  await ds.query('CREATE TABLE bench.artifact (id uuid PRIMARY KEY)');
  // Wrap the publisher to split the path: commit → PubAck (relay) and PubAck → handler.
  const inner = new EventPublisher(nats.js, prefix);
  const ackedAt = new Map();
  const publisher = { publish: (e) => inner.publish(e).then((ack) => (ackedAt.set(e.id, performance.now()), ack)) };
  const relay = new OutboxRelay(ds, publisher, { sweepMs: 5_000 });
  const tx = new EventTransaction(ds, relay);
  relay.start();
  const sentAt = new Map();
  const committedAt = new Map();
  const latencies = [];
  let done;
  const finished = new Promise((r) => (done = r));
  const consumer = new EventConsumer({
    ...nats,
    prefix,
    service: 'spec-gen',
    type: 'goal.submitted',
    settings,
    handler: async (e, ctx) => {
      await tx.once(ctx.consumer, e, async ({ manager }) =>
        manager.query('INSERT INTO bench.artifact (id) VALUES ($1)', [e.id]),
      );
      latencies.push(performance.now() - sentAt.get(e.id));
      if (latencies.length === EVENTS) done();
    },
  });
  await consumer.start();
  const t0 = performance.now();
  await offer(EVENTS, async (i) => {
    const e = event(i);
    sentAt.set(e.id, performance.now());
    await tx.run(async ({ emit }) => emit(e));
    committedAt.set(e.id, performance.now());
  });
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  await consumer.stop();
  await relay.stop();
  await ds.destroy();
  const ids = [...sentAt.keys()];
  return [
    summary(
      'outbox: begin → commit (writer tx)',
      ids.map((id) => committedAt.get(id) - sentAt.get(id)),
      seconds,
    ),
    summary(
      'outbox: commit → relay PubAck',
      ids.map((id) => ackedAt.get(id) - committedAt.get(id)),
      seconds,
    ),
    summary('outbox: begin → handler done (inbox tx)', latencies, seconds),
  ];
}

async function main() {
  const dbName = `fg_bench_${tag}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const dbUrl = new URL(PG_URL);
  dbUrl.pathname = `/${dbName}`;
  const nats = await connectNats(NATS_URL, 'bench');
  for (const prefix of Object.values(prefixes)) await ensureStreams(nats.jsm, prefix);
  const handles = { js: nats.js, jsm: nats.jsm };
  try {
    const rows = [await direct(handles), ...(await viaOutbox(handles, dbUrl.toString()))];
    console.log(`\npublish → handler latency, ${EVENTS} events offered at ${RATE}/s each path`);
    console.log(
      `machine: ${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
    );
    console.table(rows);
    console.log('reproduce: npm run bench:messaging -- --events %d --rate %d', EVENTS, RATE);
  } finally {
    for await (const s of nats.jsm.streams.list())
      if (Object.values(prefixes).some((p) => s.config.name.startsWith(p.toUpperCase())))
        await nats.jsm.streams.delete(s.config.name);
    await nats.nc.close();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
