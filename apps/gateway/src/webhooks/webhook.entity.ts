import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A tenant's endpoint and the event types it wants (`*` = all). The signing secret is kept
 * in clear because signing needs it (encryption at rest is not built yet).
 */
@Entity({ name: 'webhook_subscription' })
@Index('webhook_subscription_tenant_created_idx', ['tenantId', 'createdAt'])
export class WebhookSubscriptionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId: string;

  @Column('varchar', { length: 2048 })
  url: string;

  @Column('text', { array: true })
  events: string[];

  @Column('boolean')
  enabled: boolean;

  /** Why delivery stopped on its own (e.g. the endpoint answered 410 Gone); null when enabled by hand. */
  @Column('varchar', { name: 'disabled_reason', length: 200, nullable: true })
  disabledReason: string | null;

  /** `whsec_<base64 of 24 random bytes>`, shown once on creation. */
  @Column('varchar', { length: 100 })
  secret: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'disabled';

/** One HTTP attempt, as logged on its delivery. */
export interface DeliveryAttempt {
  /** 0 for the original run, n for the n-th redelivery. */
  run: number;
  at: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

/**
 * One event for one subscription: webhook-id `msg_<event id>`, the same on every attempt
 * and redelivery, so receivers dedupe on it. The event body itself stays in workflow_event.
 */
@Entity({ name: 'webhook_delivery' })
@Index('webhook_delivery_subscription_event_uq', ['subscriptionId', 'eventId'], { unique: true })
@Index('webhook_delivery_log_idx', ['subscriptionId', 'createdAt', 'id'])
@Index('webhook_delivery_pending_idx', ['nextAttemptAt'], { where: `status = 'pending'` })
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId: string;

  @Column('uuid', { name: 'subscription_id' })
  subscriptionId: string;

  @Column('uuid', { name: 'event_id' })
  eventId: string;

  @Column('varchar', { name: 'event_type', length: 100 })
  eventType: string;

  @Column('uuid', { name: 'workflow_id' })
  workflowId: string;

  @Column('varchar', { length: 20 })
  status: DeliveryStatus;

  @Column('jsonb')
  attempts: DeliveryAttempt[];

  /** The current run: 0, then +1 per redelivery. Names the job (see deliveryJobId). */
  @Column('int')
  run: number;

  /** When the next attempt is due (pending only); the sweeper re-enqueues overdue ones. */
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** For the gateway's DataSource (schemaParts.entities). */
export const WEBHOOK_ENTITIES = [WebhookSubscriptionEntity, WebhookDeliveryEntity];
