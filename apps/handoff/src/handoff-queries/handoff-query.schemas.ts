import { AgentType, CodebaseContext, ExecutionResult, ExecutionStatus } from '@flowguard/contracts';
import { QueryError } from '@flowguard/messaging';
import { z } from 'zod';

/** Longest client idempotency key (`requestKey`) of handoffs.generate. */
export const REQUEST_KEY_MAX = 150;

/** Request payloads of the handoff service's queries (the gateway maps HTTP onto them). */
const Scoped = z.object({ tenantId: z.uuid() }).strict();
const WorkflowScoped = Scoped.extend({ workflowId: z.uuid() }).strict();

export const HandoffRenderRequest = WorkflowScoped.extend({
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

export const HandoffGenerateRequest = HandoffRenderRequest.extend({
  /**
   * Client idempotency key: the same key returns the first handoff. At most 150 characters,
   * so the trigger key (`api:<key>`, varchar(200)) and the correlation id
   * (`handoff:api:<key>`, ≤ 200) built from it always fit.
   */
  requestKey: z.string().min(1).max(REQUEST_KEY_MAX).optional(),
}).strict();

export const HandoffGetRequest = Scoped.extend({ handoffId: z.uuid() }).strict();
export const HandoffListRequest = WorkflowScoped;

export const ExecutionGetRequest = Scoped.extend({ executionId: z.uuid() }).strict();
export const ExecutionListRequest = WorkflowScoped.extend({ epicKey: z.string().max(40).optional() }).strict();
export const ExecutionUpdateRequest = Scoped.extend({
  executionId: z.uuid(),
  status: ExecutionStatus,
  result: ExecutionResult.optional(),
}).strict();

export const TemplateSource = z.string().min(1).max(100_000);
export const TemplateCreateRequest = Scoped.extend({
  agentType: AgentType,
  name: z.string().min(1).max(200),
  source: TemplateSource,
}).strict();
export const TemplateUpdateRequest = Scoped.extend({
  templateId: z.uuid(),
  name: z.string().min(1).max(200).optional(),
  source: TemplateSource.optional(),
}).strict();
export const TemplateGetRequest = Scoped.extend({ templateId: z.uuid() }).strict();
export const TemplateListRequest = Scoped;

export const ExportRequest = WorkflowScoped.extend({
  format: z.enum(['all', 'taskmaster', 'speckit']).default('all'),
}).strict();

/** Parses a query payload; a bad one is refused naming the fields. */
export function parseRequest<T>(schema: z.ZodType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new QueryError(
      'invalid_request',
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
}
