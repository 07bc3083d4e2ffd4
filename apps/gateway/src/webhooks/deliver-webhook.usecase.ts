import { Inject, Injectable } from '@nestjs/common';
import type { DeliverWebhookJobData } from '@flowguard/contracts';
import { currentLogger } from '@flowguard/logging';
import { DataSource } from 'typeorm';
import { WorkflowEventEntity } from '../workflows/workflow.entity';
import { WEBHOOK_CONFIG, type WebhookConfig } from './webhook.config';
import {
  WebhookDeliveryEntity,
  WebhookSubscriptionEntity,
  type DeliveryAttempt,
  type DeliveryStatus,
} from './webhook.entity';
import { deliveryJobId } from './webhook-queue';
import { nextAttemptDelay } from './webhook-schedule';
import { sendWebhook, type SendResult } from './webhook-sender';
import { signatureHeaders, webhookIdFor } from './webhook-signature';

export type AttemptOutcome =
  { kind: 'skipped'; reason: string } | { kind: 'finished'; status: DeliveryStatus } | { kind: 'later'; at: Date };

/** Early is early: a job woken this much before its due time just waits again. */
const EARLY_MS = 100;

/**
 * One attempt of one delivery: sign, POST, log the attempt on the row, and decide what
 * comes next (delivered, disabled on 410, retry at the scheduled or Retry-After time, or
 * failed once the schedule is spent). The caller turns `later` into a delayed job.
 */
@Injectable()
export class DeliverWebhookUseCase {
  constructor(
    private readonly ds: DataSource,
    @Inject(WEBHOOK_CONFIG) private readonly config: WebhookConfig,
  ) {}

  async attempt(data: DeliverWebhookJobData, jobId: string): Promise<AttemptOutcome> {
    const { tenantId, subscriptionId, eventId } = data;
    const delivery = await this.ds.manager.findOneBy(WebhookDeliveryEntity, { tenantId, subscriptionId, eventId });
    if (!delivery) return { kind: 'skipped', reason: 'delivery deleted' };
    if (deliveryJobId(delivery.id, delivery.run) !== jobId) return { kind: 'skipped', reason: 'superseded' };
    if (delivery.status !== 'pending') return { kind: 'skipped', reason: `already ${delivery.status}` };
    if (delivery.nextAttemptAt && delivery.nextAttemptAt.getTime() > Date.now() + EARLY_MS) {
      return { kind: 'later', at: delivery.nextAttemptAt };
    }
    const subscription = await this.ds.manager.findOneBy(WebhookSubscriptionEntity, { id: subscriptionId, tenantId });
    if (!subscription) return { kind: 'skipped', reason: 'subscription deleted' };
    if (!subscription.enabled) return this.finishWithout(delivery, 'disabled');
    const event = await this.ds.manager.findOneBy(WorkflowEventEntity, { eventId, tenantId });
    if (!event) return this.finishWithout(delivery, 'failed');

    const body = JSON.stringify(envelopeInOrder(event.envelope));
    const result = await sendWebhook({
      url: subscription.url,
      body,
      headers: signatureHeaders(subscription.secret, webhookIdFor(eventId), body),
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
      allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE,
    });
    return this.record(delivery, subscription, result);
  }

  /** Logs the attempt and moves the delivery on, under a row lock (a redelivery may race us). */
  private record(
    delivery: WebhookDeliveryEntity,
    subscription: WebhookSubscriptionEntity,
    result: SendResult,
  ): Promise<AttemptOutcome> {
    return this.ds.transaction(async (manager) => {
      const current = await manager.findOne(WebhookDeliveryEntity, {
        where: { id: delivery.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current) return { kind: 'skipped', reason: 'delivery deleted' } as const;
      const attempt: DeliveryAttempt = {
        run: delivery.run,
        at: new Date(Date.now() - result.durationMs).toISOString(),
        statusCode: result.statusCode,
        durationMs: result.durationMs,
        error: result.error,
      };
      const attempts = [...current.attempts, attempt];
      if (current.run !== delivery.run || current.status !== 'pending') {
        // A redelivery took over while we were sending: keep the log, leave its state alone.
        await manager.update(WebhookDeliveryEntity, { id: delivery.id }, { attempts });
        return { kind: 'skipped', reason: 'superseded' } as const;
      }
      const code = result.statusCode;
      const log = currentLogger().child({ deliveryId: delivery.id, statusCode: code, error: result.error });
      if (code !== null && code >= 200 && code < 300) {
        await manager.update(
          WebhookDeliveryEntity,
          { id: delivery.id },
          { attempts, status: 'delivered', nextAttemptAt: null, deliveredAt: new Date() },
        );
        return { kind: 'finished', status: 'delivered' } as const;
      }
      if (code === 410) {
        await manager.update(
          WebhookDeliveryEntity,
          { id: delivery.id },
          { attempts, status: 'disabled', nextAttemptAt: null },
        );
        await manager.update(
          WebhookSubscriptionEntity,
          { id: subscription.id, tenantId: subscription.tenantId },
          { enabled: false, disabledReason: 'the endpoint answered 410 Gone' },
        );
        log.warn({ subscriptionId: subscription.id }, 'webhook endpoint answered 410: subscription disabled');
        return { kind: 'finished', status: 'disabled' } as const;
      }
      const inRun = attempts.filter((a) => a.run === delivery.run).length;
      const delay = nextAttemptDelay(
        inRun,
        this.config.WEBHOOK_SCHEDULE_MS,
        this.config.WEBHOOK_JITTER,
        result.retryAfterMs,
      );
      if (delay === null) {
        await manager.update(
          WebhookDeliveryEntity,
          { id: delivery.id },
          { attempts, status: 'failed', nextAttemptAt: null },
        );
        log.warn({ attempts: inRun }, 'webhook delivery failed for good');
        return { kind: 'finished', status: 'failed' } as const;
      }
      const at = new Date(Date.now() + delay);
      await manager.update(WebhookDeliveryEntity, { id: delivery.id }, { attempts, nextAttemptAt: at });
      log.info({ attempt: inRun, retryAt: at.toISOString() }, 'webhook attempt failed; will retry');
      return { kind: 'later', at } as const;
    });
  }

  /** Ends a pending delivery without sending (its subscription was disabled, its event is gone). */
  private async finishWithout(delivery: WebhookDeliveryEntity, status: 'disabled' | 'failed'): Promise<AttemptOutcome> {
    await this.ds.manager.update(
      WebhookDeliveryEntity,
      { id: delivery.id, run: delivery.run, status: 'pending' },
      { status, nextAttemptAt: null },
    );
    return { kind: 'finished', status };
  }
}

/** The body receivers get: the event envelope, fields in their documented order. */
function envelopeInOrder(envelope: Record<string, unknown>) {
  const { id, type, version, tenantId, workflowId, correlationId, causationId, occurredAt, data } = envelope;
  return { id, type, version, tenantId, workflowId, correlationId, causationId, occurredAt, data };
}
