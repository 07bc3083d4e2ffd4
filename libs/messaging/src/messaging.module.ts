import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { EventPublisher } from './event-publisher';
import { EventTransaction } from './event-transaction';
import { MessagingLifecycle } from './messaging.lifecycle';
import { MESSAGING_OPTIONS, NATS_HANDLES, type MessagingOptions } from './messaging.options';
import { connectNats, type NatsHandles } from './nats.connection';
import { NatsHealthIndicator } from './nats.health';
import { OutboxRelay } from './outbox-relay';

/** Durable events for one service: JetStream consumers, publisher, inbox/outbox unit of work. */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule, TerminusModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: NATS_HANDLES,
          useFactory: () => connectNats(options.natsUrl, `flowguard-${options.service}-${process.pid}`),
        },
        {
          provide: EventPublisher,
          inject: [NATS_HANDLES],
          useFactory: (nats: NatsHandles) => new EventPublisher(nats.js, options.prefix),
        },
        {
          provide: OutboxRelay,
          inject: [DataSource, EventPublisher],
          useFactory: (ds: DataSource, publisher: EventPublisher) =>
            new OutboxRelay(ds, publisher, { sweepMs: options.outboxSweepMs }),
        },
        {
          provide: EventTransaction,
          inject: [DataSource, OutboxRelay],
          useFactory: (ds: DataSource, relay: OutboxRelay) => new EventTransaction(ds, relay),
        },
        MessagingLifecycle,
        NatsHealthIndicator,
      ],
      exports: [NATS_HANDLES, EventPublisher, OutboxRelay, EventTransaction, NatsHealthIndicator],
    };
  }
}
