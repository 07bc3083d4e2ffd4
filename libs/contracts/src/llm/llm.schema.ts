import { z } from 'zod';
import { Complexity } from '../common';
import { Answer, Assumption, Question } from '../domain/question.schema';
import { SpecContent } from '../domain/spec.schema';
import { Ticket } from '../domain/ticket.schema';
import { CodebaseContext, PriorityDistribution } from '../domain/workflow.schema';
import { Restatement } from '../events/payloads';

/**
 * What a model (OpenAI or the offline planner) is asked to produce. Output schemas are
 * strict-JSON-schema friendly: every field required, "absent" spelled as null or [].
 */
export const LlmPurpose = z.enum(['clarification', 'spec', 'tickets']);
export type LlmPurpose = z.infer<typeof LlmPurpose>;

export const ClarificationInput = z.object({
  goal: z.string().min(1),
  codebaseContext: CodebaseContext.nullable(),
});
export type ClarificationInput = z.infer<typeof ClarificationInput>;

export const ClarificationOutput = z.object({
  restated: Restatement,
  complexity: Complexity,
  conflictRisk: z.object({ level: z.enum(['low', 'medium', 'high']), reasons: z.array(z.string()) }),
  questions: z.array(Question).max(5),
});
export type ClarificationOutput = z.infer<typeof ClarificationOutput>;

export const SpecInput = z.object({
  goal: z.string().min(1),
  restated: Restatement,
  complexity: Complexity,
  answers: z.array(Answer.extend({ question: z.string() })),
  assumptions: z.array(Assumption),
  codebaseContext: CodebaseContext.nullable(),
});
export type SpecInput = z.infer<typeof SpecInput>;

export const SpecOutput = SpecContent;
export type SpecOutput = z.infer<typeof SpecOutput>;

export const TicketsInput = z.object({
  specId: z.uuid(),
  spec: SpecContent,
  complexity: Complexity,
  maxTickets: z.number().int().min(3).max(200),
  priorityDistribution: PriorityDistribution,
  /** Ticket key prefix, e.g. FG. */
  keyPrefix: z.string().regex(/^[A-Z][A-Z0-9]*$/),
});
export type TicketsInput = z.infer<typeof TicketsInput>;

/** A generated ticket: everything but the lifecycle status, which starts at `open`. */
export const TicketDraft = Ticket.omit({ status: true });
export type TicketDraft = z.infer<typeof TicketDraft>;

export const TicketsOutput = z.object({ tickets: z.array(TicketDraft).min(1) });
export type TicketsOutput = z.infer<typeof TicketsOutput>;
