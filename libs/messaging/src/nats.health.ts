import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { NATS_HANDLES } from './messaging.options';
import type { NatsHandles } from './nats.connection';

/** Up when the connection is open and JetStream answers. */
@Injectable()
export class NatsHealthIndicator {
  constructor(
    @Inject(NATS_HANDLES) private readonly nats: NatsHandles,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'nats') {
    const indicator = this.health.check(key);
    try {
      if (this.nats.nc.isClosed()) return indicator.down('connection closed');
      const rtt = await this.nats.nc.rtt();
      await this.nats.jsm.getAccountInfo();
      return indicator.up({ rttMs: rtt });
    } catch (err) {
      return indicator.down((err as Error).message);
    }
  }
}
