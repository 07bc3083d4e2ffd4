/**
 * Where the tests' Postgres, Redis and NATS are. Jest's global setup fills these from
 * testcontainers when a container runtime answers, or from the local services otherwise.
 */
export interface TestServices {
  postgresUrl: string;
  redisUrl: string;
  natsUrl: string;
  source: 'testcontainers' | 'local';
}

export function testServices(): TestServices {
  return {
    postgresUrl: process.env.FG_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: process.env.FG_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    natsUrl: process.env.FG_TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
    source: process.env.FG_TEST_SOURCE === 'testcontainers' ? 'testcontainers' : 'local',
  };
}
