// What the run's own NATS and Redis hold once the dust settles: consumers' backlogs, dead
// letters, BullMQ jobs per state; and the wait until nothing is left moving.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { SCHEMAS } from './harness.mjs';

const require = createRequire(import.meta.url);
const { connectNats } = require('@flowguard/messaging');
const { QUEUES, deadLetterStream, eventsStream } = require('@flowguard/contracts');
const IORedis = require('ioredis');

/** Queues that end empty; the gateway's maintenance queue keeps its repeatable job. */
const DRAINING = Object.values(QUEUES).filter((q) => q !== QUEUES.gatewayMaintenance);

export async function brokerState(natsUrl, prefix) {
  const nats = await connectNats(natsUrl, 'chaos-inspect');
  try {
    const consumers = [];
    for await (const c of nats.jsm.consumers.list(eventsStream(prefix)))
      consumers.push({ name: c.name, pending: c.num_pending, ackPending: c.num_ack_pending });
    const dlq = await nats.jsm.streams.info(deadLetterStream(prefix));
    const deadLetters = [];
    for (let seq = dlq.state.first_seq; seq <= dlq.state.last_seq && deadLetters.length < 20; seq++) {
      const m = await nats.jsm.streams.getMessage(deadLetterStream(prefix), { seq }).catch(() => undefined);
      if (m) deadLetters.push(`${m.header.get('Fg-Dlq-Consumer')}: ${m.header.get('Fg-Dlq-Reason')}`);
    }
    return { consumers, deadLetterCount: dlq.state.messages, deadLetters };
  } finally {
    await nats.nc.close();
  }
}

export async function queueState(redisUrl, prefix) {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const out = {};
    for (const q of DRAINING) {
      const key = (s) => `${prefix}:${q}:${s}`;
      out[q] = {
        waiting: await redis.llen(key('wait')),
        active: await redis.llen(key('active')),
        delayed: await redis.zcard(key('delayed')),
        prioritized: await redis.zcard(key('prioritized')),
        completed: await redis.zcard(key('completed')),
        failed: await redis.zcard(key('failed')),
      };
      // How often finished jobs lost their worker: BullMQ's stall counter (stc) per job.
      const stalls = {};
      for (const id of [
        ...(await redis.zrange(key('completed'), 0, -1)),
        ...(await redis.zrange(key('failed'), 0, -1)),
      ]) {
        const stc = Number((await redis.hget(`${prefix}:${q}:${id}`, 'stc')) ?? 0);
        stalls[stc] = (stalls[stc] ?? 0) + 1;
      }
      out[q].stallHistogram = stalls;
      // Why jobs failed for good: reason, stalls (stc) and attempts started (ats).
      for (const id of await redis.zrange(key('failed'), 0, 199)) {
        const [reason, stc, ats] = await redis.hmget(`${prefix}:${q}:${id}`, 'failedReason', 'stc', 'ats');
        (out[q].failedJobs ??= []).push({ id, reason, stalls: Number(stc ?? 0), attemptsStarted: Number(ats ?? 0) });
      }
    }
    return out;
  } finally {
    redis.disconnect();
  }
}

/** Rows still to move in Postgres: unpublished outbox rows, pending webhook deliveries. */
async function pgBacklog(db) {
  let outbox = 0;
  for (const s of SCHEMAS)
    outbox += Number((await db.query(`SELECT count(*) n FROM "${s}".outbox WHERE published_at IS NULL`)).rows[0].n);
  const hooks = Number(
    (await db.query(`SELECT count(*) n FROM gateway.webhook_delivery WHERE status = 'pending'`)).rows[0].n,
  );
  return { outbox, hooks };
}

/**
 * Waits until nothing is in flight anywhere (outbox, consumers, queues, webhook deliveries)
 * or `timeoutMs` passes; returns the last look and whether it was quiet.
 */
export async function quiesce({ db, natsUrl, natsPrefix, redisUrl, redisPrefix, timeoutMs }) {
  const until = performance.now() + timeoutMs;
  let last;
  for (;;) {
    const pgState = await pgBacklog(db);
    const broker = await brokerState(natsUrl, natsPrefix).catch(() => undefined);
    const queues = await queueState(redisUrl, redisPrefix).catch(() => undefined);
    const busyConsumers = broker?.consumers.filter((c) => c.pending + c.ackPending > 0).map((c) => c.name) ?? ['?'];
    const busyQueues = queues
      ? Object.entries(queues)
          .filter(([, s]) => s.waiting + s.active + s.delayed + s.prioritized > 0)
          .map(([q]) => q)
      : ['?'];
    last = { ...pgState, busyConsumers, busyQueues };
    const quiet = pgState.outbox === 0 && pgState.hooks === 0 && !busyConsumers.length && !busyQueues.length;
    if (quiet || performance.now() > until) return { quiet, last };
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The LLM tenant-cap leases held right now, per queue: members and seconds left on each. */
export async function slotState(redisUrl, prefix) {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const out = {};
    for (const key of await redis.keys(`${prefix}:tenant-slots:*`)) {
      const [, queue] = key.slice(prefix.length + 1).split(':');
      const members = await redis.zrange(key, 0, -1, 'WITHSCORES');
      for (let i = 0; i < members.length; i += 2) {
        const left = Math.round((Number(members[i + 1]) - Date.now()) / 1000);
        if (left > 0) (out[queue] ??= []).push(left); // lapsed ones are dropped at the next acquire
      }
    }
    return out;
  } finally {
    redis.disconnect();
  }
}

/** The generation queue each service works; a kill stalls whatever its workers hold there. */
const QUEUE_OF = { clarifier: QUEUES.clarification, 'spec-gen': QUEUES.spec, 'ticket-gen': QUEUES.tickets };

/**
 * Jobs active in `service`'s queue right now (all replicas share it): how long each has been
 * active, how often it was started (ats) and found stalled (stc). Taken just before a kill.
 */
export async function inFlight(redis, prefix, service) {
  const q = QUEUE_OF[service];
  if (!q) return undefined;
  const out = [];
  for (const id of await redis.lrange(`${prefix}:${q}:active`, 0, -1)) {
    const [processedOn, ats, stc] = await redis.hmget(`${prefix}:${q}:${id}`, 'processedOn', 'ats', 'stc');
    out.push({ id, ageMs: Date.now() - Number(processedOn), started: Number(ats ?? 0), stalls: Number(stc ?? 0) });
  }
  return out;
}
