import { z } from 'zod';
import { Complexity, Id, IsoDateTime } from '../common';
import { ExecutionStatus } from '../domain/execution.schema';
import { Answer, Question } from '../domain/question.schema';
import { WorkflowError, WorkflowOptions, WorkflowPhase, WorkflowStatus } from '../domain/workflow.schema';
import { MAX_GOAL_CHARS } from '../events/payloads';

/** POST /v1/workflows — a goal (one line or a whole PRD) and options. Unknown fields are refused. */
export const CreateWorkflowRequest = z
  .object({
    goal: z
      .string()
      .trim()
      .min(1, 'goal is required')
      .max(MAX_GOAL_CHARS, `goal is limited to ${MAX_GOAL_CHARS} characters`),
    options: WorkflowOptions.strict().default({
      autoAnswer: false,
      maxTickets: 40,
      priorityDistribution: 'balanced',
    }),
  })
  .strict();
export type CreateWorkflowRequest = z.infer<typeof CreateWorkflowRequest>;

/** The `:id` path parameter of every /v1/workflows/:id route. */
export const WorkflowIdParams = z.object({ id: z.uuid({ message: 'must be a UUID' }).describe('the workflow id') });

/** POST /v1/workflows — headers: a repeated Idempotency-Key returns the first workflow (200). */
export const CreateWorkflowHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('makes the create idempotent per tenant: a repeat returns the first workflow with 200'),
});

/** POST /v1/workflows/:id/answers */
export const SubmitAnswersRequest = z.object({ answers: z.array(Answer.strict()).min(1).max(5) }).strict();

/** POST /v1/workflows/:id/cancel */
export const CancelWorkflowRequest = z.object({ reason: z.string().max(1000).optional() }).strict();

/** GET /v1/workflows — cursor pagination and filters. */
export const ListWorkflowsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
    status: z
      .enum([
        'submitted',
        'awaiting_answers',
        'clarified',
        'spec_ready',
        'tickets_ready',
        'completed',
        'failed',
        'cancelled',
      ])
      .optional(),
  })
  .strict();

/** The workflow as every /v1/workflows route returns it (the gateway's projection of its events). */
export const WorkflowResponse = z.object({
  id: Id,
  status: WorkflowStatus,
  phase: WorkflowPhase,
  progress: z.number().int().min(0).max(100),
  goal: z.string(),
  options: WorkflowOptions,
  complexity: Complexity.nullable(),
  questions: z.array(Question),
  artifacts: z.object({
    specId: Id.nullable(),
    ticketSetId: Id.nullable(),
    handoffId: Id.nullable(),
    executionId: Id.nullable(),
    executionStatus: ExecutionStatus.nullable(),
  }),
  validation: z.object({ valid: z.boolean(), errors: z.number().int(), warnings: z.number().int() }).nullable(),
  errors: z.array(WorkflowError),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type WorkflowResponse = z.infer<typeof WorkflowResponse>;

/** GET /v1/workflows — one page, newest first; `nextCursor` is null on the last page. */
export const WorkflowListResponse = z.object({
  items: z.array(WorkflowResponse),
  nextCursor: z.string().nullable(),
});
export type WorkflowListResponse = z.infer<typeof WorkflowListResponse>;

/** The events POST /v1/workflows/:id/resume may re-publish: the trigger of the first unfinished phase. */
export const ResumableEventType = z.enum([
  'goal.submitted',
  'answers.submitted',
  'goal.clarified',
  'spec.created',
  'tickets.generated',
]);
export type ResumableEventType = z.infer<typeof ResumableEventType>;

/** POST /v1/workflows/:id/resume — the workflow and the trigger that was re-published. */
export const ResumeWorkflowResponse = WorkflowResponse.extend({
  resumed: z.object({
    /** The re-published event's type and its new id. */
    eventType: ResumableEventType,
    eventId: Id,
    /** The recorded event it copies, or null when goal.submitted was rebuilt from the workflow. */
    causationId: z.string().nullable(),
  }),
});
export type ResumeWorkflowResponse = z.infer<typeof ResumeWorkflowResponse>;
