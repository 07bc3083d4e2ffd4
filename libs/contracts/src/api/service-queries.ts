import { z } from 'zod';
import { AgentType, Id } from '../common';
import { ExecutionResult, ExecutionStatus } from '../domain/execution.schema';
import { Ticket, TicketKind, TicketSet, TicketStatus } from '../domain/ticket.schema';
import { ValidationReport } from '../domain/validation-report.schema';
import { CodebaseContext } from '../domain/workflow.schema';

/**
 * Payloads and answers of the request/reply queries the services serve over NATS
 * (`<prefix>.qry.<service>.<name>`). The services validate requests with these schemas and
 * the gateway builds its requests with them, so both sides read one definition. Every
 * request names its tenant; another tenant's id answers `not_found`.
 */

// ---- ticket-gen: tickets.get | tickets.transition | tickets.regenerate | templates.list | templates.register

/** The largest ticket set version: ticket-gen stores it in a Postgres integer. */
export const MAX_TICKET_SET_VERSION = 2_147_483_647;

export const TicketsGetQuery = z.object({
  tenantId: Id,
  workflowId: Id,
  version: z.number().int().positive().max(MAX_TICKET_SET_VERSION).optional(),
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

export const TicketsTransitionQuery = z.object({
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

export const TicketsRegenerateQuery = z.object({ tenantId: Id, workflowId: Id });

export const TicketsRegenerateResult = z.object({
  workflowId: Id,
  /** The version the queued job will store. */
  version: z.number().int().positive(),
  jobId: z.string(),
});
export type TicketsRegenerateResult = z.infer<typeof TicketsRegenerateResult>;

export const TicketTemplatesListQuery = z.object({ tenantId: Id });

/** The template as a tenant sends it; ticket-gen applies the rules (id format, sections, duplicates). */
export const TicketTemplatesRegisterQuery = z.object({ tenantId: Id, template: z.unknown() });

/** A ticket template in force for a tenant, as ticket-gen lists it (its own schema is stricter). */
export const TicketTemplateView = z.object({
  id: z.string(),
  kind: TicketKind,
  name: z.string(),
  requiredSections: z.array(z.string()),
  descriptionPrefix: z.string().optional(),
  extraCriteria: z.array(z.string()),
  source: z.enum(['builtin', 'tenant']),
  /** Registrations of this id by the tenant (null for a built-in). */
  version: z.number().int().positive().nullable(),
});
export type TicketTemplateView = z.infer<typeof TicketTemplateView>;

export const TicketTemplatesListResult = z.object({ templates: z.array(TicketTemplateView) });
export type TicketTemplatesListResult = z.infer<typeof TicketTemplatesListResult>;

// ---- handoff: handoffs.* | executions.* | handoff-templates.* | exports.get

/** Longest client idempotency key (`requestKey`) of handoffs.generate. */
export const HANDOFF_REQUEST_KEY_MAX = 150;

const Scoped = z.object({ tenantId: z.uuid() }).strict();
const WorkflowScoped = Scoped.extend({ workflowId: z.uuid() }).strict();

export const HandoffRenderQuery = WorkflowScoped.extend({
  agentType: AgentType,
  templateId: z.uuid().optional(),
  selection: z
    .object({
      specIds: z.array(z.uuid()).max(50).optional(),
      ticketKeys: z.array(z.string().max(40)).max(500).optional(),
    })
    .strict()
    .optional(),
  codebaseContext: CodebaseContext.optional(),
  author: z.string().min(1).max(200).optional(),
}).strict();

export const HandoffGenerateQuery = HandoffRenderQuery.extend({
  /**
   * Client idempotency key: the same key returns the first handoff. At most 150 characters,
   * so the trigger key (`api:<key>`, varchar(200)) and the correlation id
   * (`handoff:api:<key>`, ≤ 200) built from it always fit.
   */
  requestKey: z.string().min(1).max(HANDOFF_REQUEST_KEY_MAX).optional(),
}).strict();

export const HandoffGetQuery = Scoped.extend({ handoffId: z.uuid() }).strict();
export const HandoffListQuery = WorkflowScoped;

export const ExecutionGetQuery = Scoped.extend({ executionId: z.uuid() }).strict();
export const ExecutionListQuery = WorkflowScoped.extend({ epicKey: z.string().max(40).optional() }).strict();
export const ExecutionUpdateQuery = Scoped.extend({
  executionId: z.uuid(),
  status: ExecutionStatus,
  result: ExecutionResult.optional(),
}).strict();

export const HandoffTemplateSource = z.string().min(1).max(100_000);
export const HandoffTemplateCreateQuery = Scoped.extend({
  agentType: AgentType,
  name: z.string().min(1).max(200),
  source: HandoffTemplateSource,
}).strict();
export const HandoffTemplateUpdateQuery = Scoped.extend({
  templateId: z.uuid(),
  name: z.string().min(1).max(200).optional(),
  source: HandoffTemplateSource.optional(),
}).strict();
export const HandoffTemplateGetQuery = Scoped.extend({ templateId: z.uuid() }).strict();
export const HandoffTemplateListQuery = Scoped;

export const ExportFormat = z.enum(['all', 'taskmaster', 'speckit']);
export const ExportQuery = WorkflowScoped.extend({ format: ExportFormat.default('all') }).strict();

// ---- clarifier, spec-gen, ticket-gen: usage.summary

/** A tenant's token usage in one service's ledger, optionally for one workflow. */
export const UsageSummaryQuery = z.object({ tenantId: Id, workflowId: Id.optional() }).strict();

/** One ledger group (TokenLedger.summary): calls and tokens per purpose, provider and model. */
export const UsageSummaryRow = z.object({
  purpose: z.string(),
  provider: z.string(),
  model: z.string(),
  calls: z.number().int().nonnegative(),
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
});
export const UsageSummaryResult = z.array(UsageSummaryRow);
export type UsageSummaryResult = z.infer<typeof UsageSummaryResult>;
