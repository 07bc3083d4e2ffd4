import { z } from 'zod';
import { AgentType, Complexity, Id } from '../common';
import { ExecutionResult, ExecutionStatus } from '../domain/execution.schema';
import { HandoffMetadata } from '../domain/handoff.schema';
import { Answer, Assumption, Question } from '../domain/question.schema';
import { Spec } from '../domain/spec.schema';
import { TicketSet } from '../domain/ticket.schema';
import { ValidationReport } from '../domain/validation-report.schema';
import { WorkflowOptions, WorkflowPhase } from '../domain/workflow.schema';

/** Goal or PRD text is capped here and at the gateway (256 KiB of characters). */
export const MAX_GOAL_CHARS = 262_144;

export const GoalSubmittedV1 = z.object({
  goal: z.string().min(1).max(MAX_GOAL_CHARS),
  options: WorkflowOptions,
});

export const Restatement = z.object({
  goal: z.string().min(1),
  scope: z.string().min(1),
  context: z.string().min(1),
});

export const GoalAnalyzedV1 = z.object({
  restated: Restatement,
  complexity: Complexity,
  conflictRisk: z.object({ level: z.enum(['low', 'medium', 'high']), reasons: z.array(z.string()) }),
  questions: z.array(Question).max(5),
  autoAnswer: z.boolean(),
});

export const AnswersSubmittedV1 = z.object({
  answers: z.array(Answer).min(1).max(5),
});

/** Carries the goal and options along, so spec-gen needs nothing from the clarifier's tables. */
export const GoalClarifiedV1 = z.object({
  goal: z.string().min(1).max(MAX_GOAL_CHARS),
  options: WorkflowOptions,
  restated: Restatement,
  complexity: Complexity,
  answers: z.array(
    z.object({ questionId: z.string(), question: z.string(), answer: z.string(), source: z.enum(['user', 'default']) }),
  ),
  assumptions: z.array(Assumption),
});

export const SpecCreatedV1 = z.object({
  spec: Spec,
  complexity: Complexity,
  options: WorkflowOptions,
  /** The spec as markdown with frontmatter, as stored. */
  markdown: z.string().min(1),
});

export const TicketsGeneratedV1 = z.object({
  ticketSet: TicketSet,
  validation: ValidationReport,
  /** Each ticket as markdown with front matter, by key (as stored; exports reuse it). */
  ticketMarkdown: z.record(z.string(), z.string()),
});

export const HandoffCreatedV1 = z.object({
  handoffId: Id,
  executionId: Id,
  agentType: AgentType,
  metadata: HandoffMetadata,
});

export const ExecutionUpdatedV1 = z.object({
  executionId: Id,
  handoffId: Id,
  status: ExecutionStatus,
  previousStatus: ExecutionStatus,
  result: ExecutionResult.nullable(),
});

export const WorkflowCancelledV1 = z.object({
  reason: z.string().max(1000).optional(),
});

export const WorkflowFailedV1 = z.object({
  phase: WorkflowPhase,
  reason: z.string().min(1),
  attempts: z.number().int().nonnegative(),
});
