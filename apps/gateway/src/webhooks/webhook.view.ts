import { webhookIdFor } from './webhook-signature';
import type { WebhookDeliveryEntity, WebhookSubscriptionEntity } from './webhook.entity';

/** A subscription as the API returns it; the secret only on creation. */
export function subscriptionView(s: WebhookSubscriptionEntity, options: { withSecret?: boolean } = {}) {
  return {
    id: s.id,
    url: s.url,
    events: s.events,
    enabled: s.enabled,
    disabledReason: s.disabledReason,
    ...(options.withSecret ? { secret: s.secret } : {}),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function deliveryView(d: WebhookDeliveryEntity) {
  return {
    id: d.id,
    webhookId: webhookIdFor(d.eventId),
    subscriptionId: d.subscriptionId,
    eventId: d.eventId,
    eventType: d.eventType,
    workflowId: d.workflowId,
    status: d.status,
    redeliveries: d.run,
    attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}
