import { z } from 'zod';
import { AgentType, Id, IsoDateTime, Priority, Provider } from '../common';
import { Execution } from '../domain/execution.schema';
import { HandoffMetadata } from '../domain/handoff.schema';
import { Ticket, TicketKey, TicketKind, TicketLevel, TicketStatus } from '../domain/ticket.schema';
import { ValidationReport } from '../domain/validation-report.schema';
import {
  ExecutionListQuery,
  ExecutionUpdateQuery,
  ExportFormat,
  HANDOFF_REQUEST_KEY_MAX,
  HandoffRenderQuery,
  HandoffTemplateCreateQuery,
  HandoffTemplateUpdateQuery,
  MAX_TICKET_SET_VERSION,
  TicketTemplateView,
  TicketsRegenerateResult,
  TicketsTransitionResult,
} from './service-queries';

/**
 * The gateway's HTTP contracts for a workflow's artifacts (spec, tickets, handoffs, executions,
 * exports, templates, token usage). Request schemas are the service query payloads without
 * the tenant and ids the gateway fills in, so a request the gateway accepts is one the
 * service accepts.
 */

// ---- path parameters

export const TicketKeyParams = z.object({
  id: z.uuid({ message: 'must be a UUID' }).describe('the workflow id'),
  key: TicketKey.describe('the ticket key, e.g. FG-3'),
});
export const HandoffIdParams = z.object({
  handoffId: z.uuid({ message: 'must be a UUID' }).describe('the handoff id'),
});
export const ExecutionIdParams = z.object({
  executionId: z.uuid({ message: 'must be a UUID' }).describe('the execution id'),
});
export const TemplateIdParams = z.object({
  templateId: z.uuid({ message: 'must be a UUID' }).describe('the handoff template id'),
});

// ---- tickets

/** GET /v1/workflows/:id/tickets — flat (filtered list) or tree (epics → issues → tasks). */
export const ListTicketsQuery = z
  .object({
    view: z.enum(['flat', 'tree']).default('flat').describe('flat: a filtered list; tree: children nested'),
    level: TicketLevel.optional(),
    status: TicketStatus.optional(),
    priority: Priority.optional(),
    version: z.coerce
      .number()
      .int()
      .positive()
      .max(MAX_TICKET_SET_VERSION)
      .optional()
      .describe('a ticket set version (default: the latest)'),
  })
  .strict();
export type ListTicketsQuery = z.infer<typeof ListTicketsQuery>;

/** A ticket; in the tree view with its children (filters keep a ticket that matches or has a match below). */
export interface TicketNode extends Ticket {
  children?: TicketNode[];
}
export const TicketNode: z.ZodType<TicketNode> = z.object({
  ...Ticket.shape,
  get children() {
    return z.array(TicketNode).optional();
  },
});

export const TicketsResponse = z.object({
  workflowId: Id,
  ticketSetId: Id,
  specId: Id,
  version: z.number().int().positive(),
  generatedBy: Provider,
  createdAt: IsoDateTime,
  view: z.enum(['flat', 'tree']),
  /** Tickets in the set, and how many the filters kept. */
  total: z.number().int().nonnegative(),
  matched: z.number().int().nonnegative(),
  tickets: z.array(TicketNode),
  validation: ValidationReport,
  /** Percent complete of every epic and issue (done 100, review 75, in progress 50 per task). */
  progress: z.record(z.string(), z.number()),
  /** The plan at a glance, as text. */
  outline: z.string(),
});
export type TicketsResponse = z.infer<typeof TicketsResponse>;

/** POST /v1/workflows/:id/tickets/:key/status */
export const TransitionTicketRequest = z.object({ to: TicketStatus }).strict();
export const TransitionTicketResponse = TicketsTransitionResult;
export const RegenerateTicketsResponse = TicketsRegenerateResult;

// ---- handoffs

/** POST /v1/workflows/:id/handoffs/preview and POST /v1/workflows/:id/handoffs */
export const HandoffRequest = HandoffRenderQuery.omit({ tenantId: true, workflowId: true });
export type HandoffRequest = z.infer<typeof HandoffRequest>;

/** POST /v1/workflows/:id/handoffs — a repeated Idempotency-Key returns the first handoff. */
export const GenerateHandoffHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(HANDOFF_REQUEST_KEY_MAX)
    .optional()
    .describe('makes the generation idempotent per tenant: a repeat returns the first handoff'),
});

export const HandoffPreviewResponse = z.object({
  content: z.string(),
  metadata: HandoffMetadata,
  warnings: z.array(z.string()),
  templateId: z.string(),
});

export const HandoffResponse = z.object({
  id: Id,
  workflowId: Id,
  agentType: AgentType,
  /** A built-in template name or a tenant template id, and its version. */
  templateId: z.string(),
  templateVersion: z.number().int(),
  ticketSetId: Id,
  content: z.string(),
  metadata: HandoffMetadata,
  warnings: z.array(z.string()),
  createdAt: IsoDateTime,
});
export type HandoffResponse = z.infer<typeof HandoffResponse>;

export const HandoffSummary = HandoffResponse.omit({ content: true, ticketSetId: true });
export const HandoffListResponse = z.object({ items: z.array(HandoffSummary) });

export const GenerateHandoffResponse = z.object({ handoff: HandoffResponse, execution: Execution });

// ---- exports

export const ExportsQuery = z.object({ format: ExportFormat.default('all') }).strict();
export const ExportsResponse = z.object({
  files: z.array(z.object({ path: z.string(), content: z.string(), mediaType: z.string() })),
});

// ---- executions

export const ListExecutionsQuery = ExecutionListQuery.omit({ tenantId: true, workflowId: true });
export const ExecutionListResponse = z.object({ items: z.array(Execution) });
export const UpdateExecutionRequest = ExecutionUpdateQuery.omit({ tenantId: true, executionId: true });

// ---- templates

export const CreateHandoffTemplateRequest = HandoffTemplateCreateQuery.omit({ tenantId: true });
export const UpdateHandoffTemplateRequest = HandoffTemplateUpdateQuery.omit({ tenantId: true, templateId: true });

export const HandoffTemplateResponse = z.object({
  id: Id,
  agentType: AgentType,
  name: z.string(),
  source: z.string(),
  version: z.number().int().positive(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export const HandoffTemplateDetail = HandoffTemplateResponse.extend({
  /** Every saved version, newest first. */
  versions: z.array(z.object({ version: z.number().int().positive(), createdAt: IsoDateTime })),
});
export const HandoffTemplateListResponse = z.object({ items: z.array(HandoffTemplateResponse) });

/**
 * POST /v1/templates/tickets — a tenant's template for one ticket kind (replaces the built-in
 * for that tenant). The shape is checked here; ticket-gen applies the rules (id format, known
 * sections, one template per kind) and its refusals name the field.
 */
export const RegisterTicketTemplateRequest = z
  .object({
    id: z.string().describe('1–64 lowercase letters, digits, ".", "_" or "-"; not a built-in id'),
    kind: TicketKind,
    name: z.string(),
    requiredSections: z.array(z.string()),
    descriptionPrefix: z.string().optional(),
    extraCriteria: z.array(z.string()),
  })
  .strict();
export const TicketTemplateResponse = TicketTemplateView;
export const TicketTemplateListResponse = z.object({ items: z.array(TicketTemplateView) });

// ---- token usage

export const UsageRow = z.object({
  service: z.enum(['clarifier', 'spec-gen', 'ticket-gen']),
  purpose: z.string(),
  provider: z.string(),
  model: z.string(),
  calls: z.number().int().nonnegative(),
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
});
export type UsageRow = z.infer<typeof UsageRow>;

/** GET /v1/workflows/:id/usage and GET /v1/usage: the three services' token ledgers, summed. */
export const UsageResponse = z.object({
  /** The workflow, or null for the whole tenant. */
  workflowId: Id.nullable(),
  rows: z.array(UsageRow),
  totals: z.object({
    calls: z.number().int().nonnegative(),
    promptTokens: z.number().int().nonnegative(),
    completionTokens: z.number().int().nonnegative(),
    totalTokens: z.number().int().nonnegative(),
  }),
});
export type UsageResponse = z.infer<typeof UsageResponse>;

/** A refusal by the service that owns the artifact (409): the problem plus its machine-readable code. */
export const RefusalProblem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z
    .string()
    .describe('e.g. invalid_transition, blocked, children_open (tickets); invalid_transition (executions); conflict'),
});
