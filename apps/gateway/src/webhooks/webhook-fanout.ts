import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { currentLogger } from '@flowguard/logging';
import type { EntityManager } from 'typeorm';
import { WorkflowEventHooks } from '../workflows/workflow-event-hooks';
import type { WorkflowEventEntity } from '../workflows/workflow.entity';
import { WebhookDeliveryEntity, WebhookSubscriptionEntity } from './webhook.entity';
import { WebhookQueue } from './webhook-queue';

type NewDelivery = Pick<WebhookDeliveryEntity, 'id' | 'tenantId' | 'subscriptionId' | 'eventId' | 'run'>;

/**
 * Every newly recorded event becomes one delivery row per enabled matching subscription of
 * its tenant, in the transaction that records the event; the jobs are added after commit.
 * A crash in between leaves pending rows without jobs: the sweeper adds them.
 */
@Injectable()
export class WebhookFanout implements OnModuleInit {
  /** Rows created per recorded event, handed from inTransaction to afterCommit (same object). */
  private readonly created = new WeakMap<WorkflowEventEntity, NewDelivery[]>();

  constructor(
    private readonly hooks: WorkflowEventHooks,
    private readonly queue: WebhookQueue,
  ) {}

  onModuleInit(): void {
    this.hooks.register({
      inTransaction: (manager, row) => this.createDeliveries(manager, row),
      afterCommit: (row) => this.enqueue(row),
    });
  }

  private async createDeliveries(manager: EntityManager, row: WorkflowEventEntity): Promise<void> {
    const subscriptions = await manager
      .createQueryBuilder(WebhookSubscriptionEntity, 's')
      .select('s.id')
      .where('s.tenant_id = :tenantId AND s.enabled', { tenantId: row.tenantId })
      .andWhere(`(:type = ANY(s.events) OR '*' = ANY(s.events))`, { type: row.type })
      .getMany();
    if (subscriptions.length === 0) {
      this.created.set(row, []);
      return;
    }
    const values = subscriptions.map((s) => ({
      id: randomUUID(),
      tenantId: row.tenantId,
      subscriptionId: s.id,
      eventId: row.eventId,
      eventType: row.type,
      workflowId: row.workflowId,
      status: 'pending' as const,
      attempts: [],
      run: 0,
      nextAttemptAt: () => 'now()',
      deliveredAt: null,
    }));
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(WebhookDeliveryEntity)
      .values(values)
      .orIgnore()
      .returning(['id'])
      .execute();
    const ids = new Set((inserted.raw as { id: string }[]).map((r) => r.id));
    this.created.set(
      row,
      values
        .filter((v) => ids.has(v.id))
        .map(({ id, tenantId, subscriptionId, eventId, run }) => ({ id, tenantId, subscriptionId, eventId, run })),
    );
  }

  private async enqueue(row: WorkflowEventEntity): Promise<void> {
    const deliveries = this.created.get(row) ?? [];
    this.created.delete(row);
    for (const delivery of deliveries) {
      try {
        await this.queue.enqueue(delivery);
      } catch (err) {
        // The row is committed; the sweeper adds the job once Redis answers again.
        currentLogger().warn(
          { err, deliveryId: delivery.id },
          'could not enqueue a webhook delivery; the sweeper will',
        );
      }
    }
  }
}
