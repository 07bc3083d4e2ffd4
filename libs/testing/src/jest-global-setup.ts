import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';

/**
 * Real services for integration and e2e tests: containers when a container runtime answers
 * (FG_TESTCONTAINERS=off skips the attempt), the machine's local services otherwise.
 * Never mocks.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.FG_TEST_POSTGRES_URL || process.env.FG_TESTCONTAINERS === 'off') return;
  let started: StartedTestContainer[] = [];
  try {
    const [pg, redis, nats] = await Promise.all([
      new GenericContainer('postgres:15-alpine')
        .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
        .withExposedPorts(5432)
        .withWaitStrategy(Wait.forLogMessage(/ready to accept connections/, 2))
        .start(),
      new GenericContainer('redis:7-alpine').withExposedPorts(6379).start(),
      new GenericContainer('nats:2.10').withCommand(['-js']).withExposedPorts(4222).start(),
    ]);
    started = [pg, redis, nats];
    process.env.FG_TEST_POSTGRES_URL = `postgres://postgres@${pg.getHost()}:${pg.getMappedPort(5432)}/postgres`;
    process.env.FG_TEST_REDIS_URL = `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`;
    process.env.FG_TEST_NATS_URL = `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`;
    process.env.FG_TEST_SOURCE = 'testcontainers';
    (globalThis as { __fgContainers?: StartedTestContainer[] }).__fgContainers = started;
  } catch (err) {
    await Promise.all(started.map((c) => c.stop().catch(() => undefined)));
    // No container runtime (the usual case on this machine): use the local services.
    process.env.FG_TEST_SOURCE = 'local';
    if (!/container runtime/i.test((err as Error).message)) {
      process.stderr.write(`testcontainers unavailable (${(err as Error).message}); using local services\n`);
    }
  }
}
