import { ProblemDetails } from '@flowguard/contracts';
import { z } from 'zod';
import { named, type ApiRoute } from '../openapi/api-route';
import { CreateWebhookRequest, ListDeliveriesQuery, UpdateWebhookRequest } from './webhook.schema';

const Problem = named('ProblemDetails', ProblemDetails);
const notFound = { description: 'no webhook (or delivery) with this id for the caller’s tenant', body: Problem };
const Id = z.object({ id: z.uuid().describe('the webhook subscription id') });
const DeliveryIds = Id.extend({ deliveryId: z.uuid().describe('the delivery id') });
const Webhook = named(
  'WebhookSubscription',
  z.object({ id: z.uuid(), url: z.string(), events: z.array(z.string()), enabled: z.boolean(), createdAt: z.string() }),
);
const WebhookWithSecret = named(
  'WebhookSubscriptionCreated',
  z.object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    secret: z.string().describe('whsec_…, shown once'),
  }),
);
const Deliveries = named(
  'WebhookDeliveryList',
  z.object({ items: z.array(z.record(z.string(), z.unknown())), nextCursor: z.string().nullable() }),
);

/** OpenAPI entries for WebhooksController (`/v1/webhooks`). */
export const WEBHOOK_ROUTES: ApiRoute[] = [
  {
    method: 'post',
    path: '/v1/webhooks',
    operationId: 'createWebhook',
    summary: 'Subscribe a URL to planning events (Standard Webhooks signatures)',
    description: 'Private, loopback and link-local addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true.',
    tags: ['webhooks'],
    body: named('CreateWebhookRequest', CreateWebhookRequest),
    responses: { 201: { description: 'created; the secret is shown once', body: WebhookWithSecret } },
  },
  {
    method: 'get',
    path: '/v1/webhooks',
    operationId: 'listWebhooks',
    summary: 'The tenant’s webhook subscriptions',
    tags: ['webhooks'],
    responses: {
      200: { description: 'subscriptions', body: named('WebhookSubscriptionList', z.array(Webhook.schema)) },
    },
  },
  {
    method: 'get',
    path: '/v1/webhooks/:id',
    operationId: 'getWebhook',
    summary: 'One subscription',
    tags: ['webhooks'],
    params: Id,
    responses: { 200: { description: 'the subscription', body: Webhook }, 404: notFound },
  },
  {
    method: 'patch',
    path: '/v1/webhooks/:id',
    operationId: 'updateWebhook',
    summary: 'Change url, events or enabled',
    tags: ['webhooks'],
    params: Id,
    body: named('UpdateWebhookRequest', UpdateWebhookRequest),
    responses: { 200: { description: 'the subscription', body: Webhook }, 404: notFound },
  },
  {
    method: 'delete',
    path: '/v1/webhooks/:id',
    operationId: 'deleteWebhook',
    summary: 'Remove a subscription',
    tags: ['webhooks'],
    params: Id,
    responses: { 204: { description: 'deleted' }, 404: notFound },
  },
  {
    method: 'get',
    path: '/v1/webhooks/:id/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: 'Delivery log, newest first',
    tags: ['webhooks'],
    params: Id,
    query: ListDeliveriesQuery,
    responses: { 200: { description: 'deliveries with their attempts', body: Deliveries }, 404: notFound },
  },
  {
    method: 'post',
    path: '/v1/webhooks/:id/deliveries/:deliveryId/redeliver',
    operationId: 'redeliverWebhook',
    summary: 'Send a delivery again (same webhook-id)',
    tags: ['webhooks'],
    params: DeliveryIds,
    responses: {
      202: { description: 'queued', body: named('WebhookDelivery', z.record(z.string(), z.unknown())) },
      404: notFound,
    },
  },
];
