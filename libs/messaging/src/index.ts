export * from './outcome';
export * from './inbox.entity';
export * from './outbox.entity';
export * from './nats.connection';
export * from './streams';
export * from './event-factory';
export * from './event-publisher';
export * from './dead-letter';
export * from './event-consumer';
export * from './event-transaction';
export * from './outbox-relay';
export * from './handles-event.decorator';
export * from './handler-registry';
export * from './messaging.options';
export * from './messaging.module';
export * from './nats.health';

import { InboxEntity } from './inbox.entity';
import { OutboxEntity } from './outbox.entity';
/** Entities every service's DataSource must list (each service has its own inbox and outbox). */
export const MESSAGING_ENTITIES = [InboxEntity, OutboxEntity];
export * from './query';
