import { Id, Ticket, TicketSet, TicketStatus, ValidationReport } from '@flowguard/contracts';
import { QueryError } from '@flowguard/messaging';
import { z } from 'zod';
import { TicketTemplateSchema } from '../ticket-templates';

/**
 * Requests and answers of the queries ticket-gen serves over NATS request/reply
 * (`<prefix>.qry.ticket-gen.<name>`). Every request names its tenant; an id of another
 * tenant answers not_found, exactly like an id that does not exist.
 */

export const TicketsGetRequest = z.object({
  tenantId: Id,
  workflowId: Id,
  version: z.number().int().positive().optional(),
});

export const TicketsView = z.object({
  ticketSet: TicketSet,
  validation: ValidationReport,
  /** The plan at a glance (renderTicketTree). */
  tree: z.string(),
  /** Percent complete of every epic and issue (rollUp). */
  progress: z.record(z.string(), z.number()),
});
export type TicketsView = z.infer<typeof TicketsView>;

export const TicketsTransitionRequest = z.object({
  tenantId: Id,
  workflowId: Id,
  key: z.string().min(1).max(40),
  to: TicketStatus,
});

export const TicketsTransitionResult = z.object({
  ticket: Ticket,
  changed: z.array(z.object({ key: z.string(), from: TicketStatus, to: TicketStatus })),
  progress: z.record(z.string(), z.number()),
});
export type TicketsTransitionResult = z.infer<typeof TicketsTransitionResult>;

export const TicketsRegenerateRequest = z.object({ tenantId: Id, workflowId: Id });

export const TicketsRegenerateResult = z.object({
  workflowId: Id,
  /** The version the queued job will store. */
  version: z.number().int().positive(),
  jobId: z.string(),
});
export type TicketsRegenerateResult = z.infer<typeof TicketsRegenerateResult>;

export const TemplatesListRequest = z.object({ tenantId: Id });

export const TemplateView = TicketTemplateSchema.extend({
  source: z.enum(['builtin', 'tenant']),
  /** Registrations of this id by the tenant (null for a built-in). */
  version: z.number().int().positive().nullable(),
});
export const TemplatesListResult = z.object({ templates: z.array(TemplateView) });
export type TemplatesListResult = z.infer<typeof TemplatesListResult>;

export const TemplatesRegisterRequest = z.object({ tenantId: Id, template: z.unknown() });

/** Parses a query payload; a bad one is the caller's error, answered as invalid_request. */
export function parseRequest<T>(schema: z.ZodType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
  throw new QueryError('invalid_request', issues.join('; '));
}
