import { Injectable } from '@nestjs/common';
import { JOBS, QUEUES, type DeliverWebhookJobData } from '@flowguard/contracts';
import { QueueFactory } from '@flowguard/queue';
import type { Queue } from 'bullmq';
import type { WebhookDeliveryEntity } from './webhook.entity';

/**
 * The job of a delivery's current run: `delivery-<id>` first, `delivery-<id>-r<n>` for the
 * n-th redelivery. A job whose id is not its delivery's current one is stale and does nothing.
 */
export const deliveryJobId = (deliveryId: string, run: number) =>
  run === 0 ? `delivery-${deliveryId}` : `delivery-${deliveryId}-r${run}`;

type DeliveryRef = Pick<WebhookDeliveryEntity, 'id' | 'tenantId' | 'subscriptionId' | 'eventId' | 'run'> & {
  nextAttemptAt?: Date | null;
};

/** Adds, checks and drops delivery jobs on QUEUES.webhooks. */
@Injectable()
export class WebhookQueue {
  constructor(private readonly factory: QueueFactory) {}

  private get queue(): Queue<DeliverWebhookJobData> {
    return this.factory.queue<DeliverWebhookJobData>(QUEUES.webhooks);
  }

  /** Idempotent: BullMQ ignores a second add with the same job id. */
  async enqueue(delivery: DeliveryRef): Promise<void> {
    const delay = delivery.nextAttemptAt ? Math.max(0, delivery.nextAttemptAt.getTime() - Date.now()) : 0;
    await this.queue.add(
      JOBS.deliverWebhook,
      { tenantId: delivery.tenantId, subscriptionId: delivery.subscriptionId, eventId: delivery.eventId },
      { jobId: deliveryJobId(delivery.id, delivery.run), delay },
    );
  }

  /**
   * For the sweeper: (re-)adds the job of a pending delivery when it is missing, or finished
   * although the delivery is still pending (its processor crashed past BullMQ's retries).
   * True when a job was added.
   */
  async ensure(delivery: DeliveryRef): Promise<boolean> {
    const job = await this.queue.getJob(deliveryJobId(delivery.id, delivery.run));
    if (job) {
      const state = await job.getState();
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return false;
      await job.remove();
    }
    await this.enqueue(delivery);
    return true;
  }

  /** Best effort: removes a superseded job that is not running (a running one finds itself stale). */
  async drop(deliveryId: string, run: number): Promise<void> {
    const job = await this.queue.getJob(deliveryJobId(deliveryId, run));
    if (job && !(await job.isActive())) await job.remove().catch(() => undefined);
  }
}
