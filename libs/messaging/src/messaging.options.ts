import type { EventType, ServiceName } from '@flowguard/contracts';
import type { ConsumerSettings } from './event-consumer';

export interface MessagingOptions {
  service: ServiceName;
  natsUrl: string;
  prefix: string;
  /** Event types this service consumes; each needs exactly one @HandlesEvent method. */
  subscriptions: readonly EventType[];
  consumer: ConsumerSettings;
  outboxSweepMs: number;
  shutdownGraceMs: number;
}

export const MESSAGING_OPTIONS = Symbol('flowguard:messaging-options');
export const NATS_HANDLES = Symbol('flowguard:nats-handles');
