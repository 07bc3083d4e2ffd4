import { EVENT_TYPES } from '@flowguard/contracts';
import { z } from 'zod';

const WebhookUrl = z
  .string()
  .trim()
  .max(2048, 'url is limited to 2048 characters')
  .pipe(z.url({ protocol: /^https?$/, message: 'must be an absolute http or https URL' }))
  .refine((value) => {
    // Runs after a failed format check too, so a non-URL must not throw here.
    const url = URL.canParse(value) ? new URL(value) : null;
    return !url || (url.username === '' && url.password === '');
  }, 'credentials in the URL are not allowed (verify the signature instead)');

const EventFilter = z
  .array(z.union([z.enum(EVENT_TYPES as [string, ...string[]]), z.literal('*')]))
  .min(1, 'name at least one event type, or "*" for all')
  .max(EVENT_TYPES.length)
  .refine((events) => new Set(events).size === events.length, 'event types must be unique')
  .refine((events) => !events.includes('*') || events.length === 1, '"*" stands alone');

/** POST /v1/webhooks */
export const CreateWebhookRequest = z
  .object({ url: WebhookUrl, events: EventFilter, enabled: z.boolean().default(true) })
  .strict();
export type CreateWebhookRequest = z.infer<typeof CreateWebhookRequest>;

/** PATCH /v1/webhooks/:id — any of url, events, enabled. */
export const UpdateWebhookRequest = z
  .object({ url: WebhookUrl.optional(), events: EventFilter.optional(), enabled: z.boolean().optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'send at least one of url, events, enabled');
export type UpdateWebhookRequest = z.infer<typeof UpdateWebhookRequest>;

/** GET /v1/webhooks/:id/deliveries — newest first, cursor-paginated. */
export const ListDeliveriesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
    status: z.enum(['pending', 'delivered', 'failed', 'disabled']).optional(),
  })
  .strict();
export type ListDeliveriesQuery = z.infer<typeof ListDeliveriesQuery>;
