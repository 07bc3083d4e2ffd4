import type { Logger } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';
import type { DataSourceOptions } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/** Connection settings for the LISTEN client, taken from the service's DataSource. */
export function listenerConfig(options: DataSourceOptions): ClientConfig {
  const o = options as PostgresDataSourceOptions;
  const config: ClientConfig = {
    ...(o.extra as ClientConfig | undefined),
    connectionString: o.url,
    host: o.host,
    port: o.port,
    user: o.username,
    password: o.password,
    database: o.database,
    ssl: o.ssl as ClientConfig['ssl'],
    application_name: `${o.applicationName ?? 'flowguard'}-sse`,
    keepAlive: true,
    connectionTimeoutMillis: o.connectTimeoutMS ?? 10_000,
  };
  for (const key of Object.keys(config) as (keyof ClientConfig)[]) {
    if (config[key] === undefined) delete config[key];
  }
  return config;
}

/**
 * One dedicated connection per process that LISTENs on `channel`. A lost connection is
 * re-opened with backoff (250 ms doubling to 5 s); after every (re)connect `onConnected` runs
 * so streams re-read whatever was notified while nobody listened.
 */
export class PgListener {
  private client?: Client;
  private stopped = false;
  private retryMs = 250;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: ClientConfig,
    private readonly channel: string,
    private readonly onNotify: (payload: string | undefined) => void,
    private readonly onConnected: () => void,
    private readonly log: Logger,
  ) {}

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(this.config);
    this.client = client;
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    client.on('notification', (msg) => {
      if (msg.channel === this.channel) this.onNotify(msg.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (err) {
      this.lost(client, err as Error);
      return;
    }
    if (client !== this.client) {
      await client.end().catch(() => undefined);
      return;
    }
    this.retryMs = 250;
    this.onConnected();
  }

  private lost(client: Client, err?: Error): void {
    if (client !== this.client) return; // already handled, or stopped
    this.client = undefined;
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.log.warn(`LISTEN connection lost${err ? ` (${err.message})` : ''}; reconnecting in ${this.retryMs} ms`);
    this.timer = setTimeout(() => void this.connect(), this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(this.retryMs * 2, 5_000);
  }
}
