import { Module, type DynamicModule, type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { QueueFactory, type QueueSettings } from './queue-factory';
import { RedisHealthIndicator } from './redis.health';

@Injectable()
class QueueShutdown implements BeforeApplicationShutdown {
  constructor(private readonly factory: QueueFactory) {}
  /** Before the DataSource closes: running jobs still need it to finish. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.factory.close();
  }
}

@Module({})
export class QueueModule {
  static forRoot(settings: QueueSettings): DynamicModule {
    return {
      module: QueueModule,
      global: true,
      imports: [TerminusModule],
      providers: [
        { provide: QueueFactory, useValue: new QueueFactory(settings) },
        {
          provide: RedisHealthIndicator,
          inject: [HealthIndicatorService],
          useFactory: (health: HealthIndicatorService) => new RedisHealthIndicator(settings.redisUrl, health),
        },
        QueueShutdown,
      ],
      exports: [QueueFactory, RedisHealthIndicator],
    };
  }
}
