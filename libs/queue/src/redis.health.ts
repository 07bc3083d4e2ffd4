import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import IORedis from 'ioredis';

/** Pings Redis on a dedicated connection that fails fast (no offline queue). */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private readonly client: IORedis;

  constructor(
    redisUrl: string,
    private readonly health: HealthIndicatorService,
  ) {
    this.client = new IORedis(redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.client.on('error', () => undefined);
  }

  async check(key = 'redis') {
    const indicator = this.health.check(key);
    try {
      if (this.client.status === 'wait') await this.client.connect();
      await this.client.ping();
      return indicator.up();
    } catch (err) {
      return indicator.down((err as Error).message);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.client.disconnect();
  }
}
