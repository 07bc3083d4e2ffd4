import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { connect } from 'nats';
import { Client } from 'pg';
import { testServices } from './test-services';

export interface Isolation {
  /** A database of its own, created now and dropped by cleanup(). */
  databaseUrl: string;
  /** NATS subject/stream/consumer prefix nobody else uses. */
  natsPrefix: string;
  /** BullMQ key prefix nobody else uses. */
  redisPrefix: string;
  redisUrl: string;
  natsUrl: string;
  /** Env for a service process running inside this isolation. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/**
 * Per-test-file isolation on shared servers: two runs on one machine never collide, and
 * cleanup() removes the database, the streams and the Redis keys.
 */
export async function createIsolation(label: string): Promise<Isolation> {
  const services = testServices();
  const id = randomBytes(4).toString('hex');
  const tag = `${label.toLowerCase().replace(/[^a-z0-9]/g, '')}${id}`.slice(0, 24);
  const dbName = `fgt_${tag}`;
  const admin = new Client({ connectionString: services.postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  const databaseUrl = new URL(services.postgresUrl);
  databaseUrl.pathname = `/${dbName}`;
  const natsPrefix = `t${tag}`;
  const redisPrefix = `fgt:${tag}`;
  return {
    databaseUrl: databaseUrl.toString(),
    natsPrefix,
    redisPrefix,
    redisUrl: services.redisUrl,
    natsUrl: services.natsUrl,
    env: {
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: services.redisUrl,
      NATS_URL: services.natsUrl,
      FG_NATS_PREFIX: natsPrefix,
      FG_REDIS_PREFIX: redisPrefix,
    },
    async cleanup() {
      const pg = new Client({ connectionString: services.postgresUrl });
      await pg.connect();
      await pg.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await pg.end();
      const nc = await connect({ servers: services.natsUrl });
      const jsm = await nc.jetstreamManager();
      for await (const stream of jsm.streams.list()) {
        if (stream.config.name.startsWith(`${natsPrefix.toUpperCase()}_`)) await jsm.streams.delete(stream.config.name);
      }
      await nc.close();
      const redis = new IORedis(services.redisUrl);
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
      redis.disconnect();
    },
  };
}
