import { z } from 'zod';
import { Answer } from '../domain/question.schema';
import { WorkflowOptions } from '../domain/workflow.schema';
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
