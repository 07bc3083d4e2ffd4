import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { EventType, ServiceName } from '@flowguard/contracts';
import type { ServiceConfig } from '@flowguard/config';
import { LoggingModule } from '@flowguard/logging';
import { MESSAGING_ENTITIES, MessagingModule } from '@flowguard/messaging';
import { dataSourceOptions, openServiceDataSource, type ServiceDataSourceOptions } from '@flowguard/persistence';
import { QueueModule } from '@flowguard/queue';
import { HealthController, SERVICE_NAME } from './health.controller';

export interface PlatformOptions {
  service: ServiceName;
  config: ServiceConfig;
  /** The service's own entities; inbox and outbox are added here. */
  entities: ServiceDataSourceOptions['entities'];
  migrations: ServiceDataSourceOptions['migrations'];
  subscriptions: readonly EventType[];
}

/** The service's Postgres schema: its name with dashes turned to underscores. */
export const schemaFor = (service: ServiceName) => service.replace(/-/g, '_');

/**
 * Everything a FlowGuard service stands on: pino logging, its own Postgres schema (migrated
 * at start), durable messaging, queues, and `GET /health`. Apps add their use cases beside it.
 */
@Module({})
export class PlatformModule {
  static forService(options: PlatformOptions): DynamicModule {
    const { config, service } = options;
    const dsOptions = dataSourceOptions({
      url: config.DATABASE_URL,
      schema: schemaFor(service),
      entities: [...MESSAGING_ENTITIES, ...(options.entities as unknown[])] as ServiceDataSourceOptions['entities'],
      migrations: options.migrations,
    });
    return {
      module: PlatformModule,
      imports: [
        LoggingModule.forRoot({ service, level: config.LOG_LEVEL }),
        TypeOrmModule.forRootAsync({
          // A few quick retries for a database that is still starting; a failing migration
          // should not hold the boot for half a minute.
          useFactory: () => ({ ...dsOptions, retryAttempts: 3, retryDelay: 1_000 }),
          dataSourceFactory: async (opts) => openServiceDataSource(opts as typeof dsOptions),
        }),
        MessagingModule.forRoot({
          service,
          natsUrl: config.NATS_URL,
          prefix: config.FG_NATS_PREFIX,
          subscriptions: options.subscriptions,
          consumer: {
            maxDeliver: config.EVENT_MAX_DELIVER,
            retryBaseMs: config.EVENT_RETRY_BASE_MS,
            retryMaxMs: config.EVENT_RETRY_MAX_MS,
            ackWaitMs: config.EVENT_ACK_WAIT_MS,
            concurrency: config.EVENT_CONCURRENCY,
          },
          outboxSweepMs: config.OUTBOX_SWEEP_MS,
          shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
        }),
        QueueModule.forRoot({
          redisUrl: config.REDIS_URL,
          prefix: config.FG_REDIS_PREFIX,
          lockDurationMs: config.QUEUE_LOCK_MS,
          stalledIntervalMs: config.QUEUE_STALLED_INTERVAL_MS,
          shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
        }),
        TerminusModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: SERVICE_NAME, useValue: service }],
      exports: [SERVICE_NAME],
    };
  }
}
