import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { NatsHealthIndicator } from '@flowguard/messaging';
import { RedisHealthIndicator } from '@flowguard/queue';

export const SERVICE_NAME = Symbol('flowguard:service-name');

/** `GET /health`: 200 when Postgres, Redis and NATS (JetStream) all answer, 503 otherwise. */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly nats: NatsHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  async check() {
    const result = await this.health.check([
      () => this.db.pingCheck('postgres', { timeout: 2_000 }),
      () => this.redis.check('redis'),
      () => this.nats.check('nats'),
    ]);
    return { service: this.service, ...result };
  }
}
