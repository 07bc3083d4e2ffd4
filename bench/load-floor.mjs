// The machine's floor, measured in the same run as the load: JetStream publish → consume,
// a Redis round trip, a Postgres BEGIN/INSERT/COMMIT. Sequential samples, first 20 discarded.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { NATS_URL, REDIS_URL } from './harness.mjs';
import { pct } from './load-helpers.mjs';

const require = createRequire(import.meta.url);
const { EventConsumer, EventPublisher, connectNats, createEvent, ensureStreams } = require('@flowguard/messaging');
const IORedis = require('ioredis');
const pg = require('pg');

export const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), max: s[s.length - 1] };
};
export const fmt = (v) => (v === undefined ? '' : v >= 100 ? Math.round(v) : +v.toFixed(2));

export async function floorJetStream(prefix, samples) {
  const nats = await connectNats(NATS_URL, 'bench-floor');
  await ensureStreams(nats.jsm, prefix);
  let resolve;
  const consumer = new EventConsumer({
    js: nats.js,
    jsm: nats.jsm,
    prefix,
    service: 'clarifier',
    type: 'goal.submitted',
    settings: { maxDeliver: 5, retryBaseMs: 100, retryMaxMs: 1000, ackWaitMs: 30_000, concurrency: 1 },
    handler: () => resolve(performance.now()),
  });
  await consumer.start();
  const publisher = new EventPublisher(nats.js, prefix);
  const out = [];
  for (let i = 0; i < samples + 20; i++) {
    const e = createEvent(
      'goal.submitted',
      { tenantId: randomUUID(), workflowId: randomUUID(), correlationId: `floor-${i}`, causationId: null },
      { goal: 'floor', options: {} },
    );
    const got = new Promise((r) => (resolve = r));
    const t = performance.now();
    await publisher.publish(e);
    const at = await got;
    if (i >= 20) out.push(at - t); // first 20 warm up
  }
  await consumer.stop();
  await nats.nc.close();
  return out;
}

export async function floorRedis(samples) {
  const redis = new IORedis(REDIS_URL);
  const out = [];
  for (let i = 0; i < samples + 20; i++) {
    const t = performance.now();
    await redis.ping();
    if (i >= 20) out.push(performance.now() - t);
  }
  redis.disconnect();
  return out;
}

export async function floorPostgres(databaseUrl, samples) {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  await c.query('CREATE TABLE IF NOT EXISTS public.bench_scratch (id uuid PRIMARY KEY, body text)');
  const out = [];
  for (let i = 0; i < samples + 20; i++) {
    const t = performance.now();
    await c.query('BEGIN');
    await c.query('INSERT INTO public.bench_scratch (id, body) VALUES ($1, $2)', [randomUUID(), 'x'.repeat(200)]);
    await c.query('COMMIT');
    if (i >= 20) out.push(performance.now() - t);
  }
  await c.query('DROP TABLE public.bench_scratch');
  await c.end();
  return out;
}

/** The three floors, services up and idle; { js, redis, pg } as stats(). */
export async function measureFloor(iso, samples) {
  return {
    js: stats(await floorJetStream(iso.floorPrefix, samples)),
    redis: stats(await floorRedis(samples)),
    pg: stats(await floorPostgres(iso.databaseUrl, samples)),
  };
}
