import { QueryError } from '@flowguard/messaging';
import { z } from 'zod';
import { TicketTemplateSchema } from '../ticket-templates';

/**
 * Requests and answers of the queries ticket-gen serves over NATS request/reply
 * (`<prefix>.qry.ticket-gen.<name>`). Every request names its tenant; an id of another
 * tenant answers not_found, exactly like an id that does not exist. The shared schemas live
 * in @flowguard/contracts (api/service-queries.ts), where the gateway builds its requests.
 */
export {
  TicketsGetQuery as TicketsGetRequest,
  TicketsRegenerateQuery as TicketsRegenerateRequest,
  TicketsRegenerateResult,
  TicketsTransitionQuery as TicketsTransitionRequest,
  TicketsTransitionResult,
  TicketsView,
  TicketTemplatesListQuery as TemplatesListRequest,
  TicketTemplatesRegisterQuery as TemplatesRegisterRequest,
} from '@flowguard/contracts';

/** A template in force, with ticket-gen's own (strict) template schema. */
export const TemplateView = TicketTemplateSchema.extend({
  source: z.enum(['builtin', 'tenant']),
  /** Registrations of this id by the tenant (null for a built-in). */
  version: z.number().int().positive().nullable(),
});
export const TemplatesListResult = z.object({ templates: z.array(TemplateView) });
export type TemplatesListResult = z.infer<typeof TemplatesListResult>;

/** Parses a query payload; a bad one is the caller's error, answered as invalid_request. */
export function parseRequest<T>(schema: z.ZodType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
  throw new QueryError('invalid_request', issues.join('; '));
}
