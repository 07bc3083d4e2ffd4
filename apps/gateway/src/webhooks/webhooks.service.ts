import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { currentLogger } from '@flowguard/logging';
import { DataSource } from 'typeorm';
import { ProblemException, notFound } from '../http/problem';
import { WEBHOOK_CONFIG, type WebhookConfig } from './webhook.config';
import { WebhookDeliveryEntity, WebhookSubscriptionEntity } from './webhook.entity';
import { WebhookQueue } from './webhook-queue';
import type { CreateWebhookRequest, ListDeliveriesQuery, UpdateWebhookRequest } from './webhook.schema';
import { newWebhookSecret } from './webhook-signature';
import { assertDeliverableUrl, WebhookUrlRefused } from './webhook-url-policy';

/** A bound on fan-out per event: each subscription is one more request per event. */
export const MAX_SUBSCRIPTIONS_PER_TENANT = 25;

/** Subscriptions, their delivery log and redelivery; every read and write scoped by tenant. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly ds: DataSource,
    private readonly queue: WebhookQueue,
    @Inject(WEBHOOK_CONFIG) private readonly config: WebhookConfig,
  ) {}

  async create(tenantId: string, body: CreateWebhookRequest): Promise<WebhookSubscriptionEntity> {
    await this.checkUrl(body.url);
    const count = await this.ds.manager.countBy(WebhookSubscriptionEntity, { tenantId });
    if (count >= MAX_SUBSCRIPTIONS_PER_TENANT) {
      throw new ProblemException({
        title: 'Conflict',
        status: 409,
        detail: `a tenant may have at most ${MAX_SUBSCRIPTIONS_PER_TENANT} webhooks; delete one first`,
      });
    }
    const id = randomUUID();
    await this.ds.manager.insert(WebhookSubscriptionEntity, {
      id,
      tenantId,
      url: body.url,
      events: body.events,
      enabled: body.enabled,
      disabledReason: null,
      secret: newWebhookSecret(),
    });
    return this.get(tenantId, id);
  }

  list(tenantId: string): Promise<WebhookSubscriptionEntity[]> {
    return this.ds.manager.find(WebhookSubscriptionEntity, { where: { tenantId }, order: { createdAt: 'ASC' } });
  }

  async get(tenantId: string, id: string): Promise<WebhookSubscriptionEntity> {
    const subscription = await this.ds.manager.findOneBy(WebhookSubscriptionEntity, { tenantId, id });
    if (!subscription) throw notFound(`webhook ${id}`);
    return subscription;
  }

  async update(tenantId: string, id: string, body: UpdateWebhookRequest): Promise<WebhookSubscriptionEntity> {
    await this.get(tenantId, id);
    if (body.url !== undefined) await this.checkUrl(body.url);
    await this.ds.manager.update(
      WebhookSubscriptionEntity,
      { tenantId, id },
      {
        ...(body.url !== undefined ? { url: body.url } : {}),
        ...(body.events !== undefined ? { events: body.events } : {}),
        // Enabled again by hand: the automatic reason no longer applies.
        ...(body.enabled !== undefined ? { enabled: body.enabled, disabledReason: null } : {}),
      },
    );
    return this.get(tenantId, id);
  }

  /** Deletes the subscription and its log; jobs still queued find nothing and end. */
  async remove(tenantId: string, id: string): Promise<void> {
    await this.get(tenantId, id);
    await this.ds.transaction(async (manager) => {
      await manager.delete(WebhookDeliveryEntity, { tenantId, subscriptionId: id });
      await manager.delete(WebhookSubscriptionEntity, { tenantId, id });
    });
  }

  async deliveries(tenantId: string, subscriptionId: string, query: ListDeliveriesQuery) {
    await this.get(tenantId, subscriptionId);
    const qb = this.ds.manager
      .createQueryBuilder(WebhookDeliveryEntity, 'd')
      .where('d.tenant_id = :tenantId AND d.subscription_id = :subscriptionId', { tenantId, subscriptionId })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(query.limit + 1);
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (query.cursor) {
      // Keyset on the cursor row's own (created_at, id): microsecond timestamps survive intact.
      const table = this.ds.getMetadata(WebhookDeliveryEntity).tablePath;
      qb.andWhere(
        `(d.created_at, d.id) < (SELECT c.created_at, c.id FROM ${table} c WHERE c.id = :cursorId AND c.tenant_id = :tenantId)`,
        { cursorId: decodeCursor(query.cursor) },
      );
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, query.limit);
    const next = rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null;
    return { items: page, nextCursor: next };
  }

  /**
   * A new run for the same webhook-id: the delivery is pending again, with a new job and a
   * fresh retry schedule; the previous run's job (if still queued) is dropped or ends stale.
   */
  async redeliver(tenantId: string, subscriptionId: string, deliveryId: string): Promise<WebhookDeliveryEntity> {
    const subscription = await this.get(tenantId, subscriptionId);
    if (!subscription.enabled) {
      throw new ProblemException({
        title: 'Conflict',
        status: 409,
        detail: 'the webhook is disabled; enable it (PATCH enabled: true) before redelivering',
      });
    }
    const { delivery, previousRun } = await this.ds.transaction(async (manager) => {
      const found = await manager.findOne(WebhookDeliveryEntity, {
        where: { id: deliveryId, subscriptionId, tenantId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!found) throw notFound(`delivery ${deliveryId}`);
      await manager.update(
        WebhookDeliveryEntity,
        { id: found.id },
        { status: 'pending', run: found.run + 1, nextAttemptAt: () => 'now()', deliveredAt: null },
      );
      return {
        delivery: await manager.findOneByOrFail(WebhookDeliveryEntity, { id: found.id }),
        previousRun: found.run,
      };
    });
    try {
      await this.queue.drop(delivery.id, previousRun);
      await this.queue.enqueue({ ...delivery, nextAttemptAt: null });
    } catch (err) {
      // Committed as pending: the sweeper adds the job once Redis answers.
      currentLogger().warn({ err, deliveryId }, 'could not enqueue a redelivery; the sweeper will');
    }
    return delivery;
  }

  private async checkUrl(url: string): Promise<void> {
    try {
      await assertDeliverableUrl(url, this.config.WEBHOOK_ALLOW_PRIVATE);
    } catch (err) {
      if (!(err instanceof WebhookUrlRefused)) throw err;
      throw new ProblemException({
        title: 'Invalid request',
        status: 400,
        detail: 'the webhook URL is not allowed',
        errors: [{ field: 'url', message: err.message }],
      });
    }
  }
}

function encodeCursor(d: WebhookDeliveryEntity): string {
  return Buffer.from(d.id).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
    throw new ProblemException({
      title: 'Invalid request',
      status: 400,
      detail: 'bad cursor',
      errors: [{ field: 'cursor', message: 'not a cursor this API issued' }],
    });
  }
  return id;
}
