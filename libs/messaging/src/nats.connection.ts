import { connect, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';

export interface NatsHandles {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

/** One connection per process carries events (JetStream), queries (request/reply) and health. */
export async function connectNats(url: string, name: string): Promise<NatsHandles> {
  const nc = await connect({
    servers: url.split(','),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    timeout: 5_000,
  });
  const jsm = await nc.jetstreamManager();
  return { nc, js: nc.jetstream(), jsm };
}
