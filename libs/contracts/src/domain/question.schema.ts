import { z } from 'zod';

export const Question = z.object({
  id: z.string().regex(/^Q\d+$/, 'question ids look like Q1'),
  text: z.string().min(1).max(1000),
  whyItMatters: z.string().min(1).max(1000),
  defaultAnswer: z.string().min(1).max(2000),
  /** Suggested answers; empty when the question is open. */
  choices: z.array(z.string().min(1).max(200)).max(10),
});
export type Question = z.infer<typeof Question>;

export const Answer = z.object({
  questionId: z.string().regex(/^Q\d+$/),
  answer: z.string().min(1).max(4000),
});
export type Answer = z.infer<typeof Answer>;

/** A default taken instead of an answer, recorded so the spec can list it. */
export const Assumption = z.object({
  /** The question whose default was taken, or null for an inferred assumption. */
  questionId: z
    .string()
    .regex(/^Q\d+$/)
    .nullable(),
  statement: z.string().min(1).max(2000),
  source: z.enum(['default-answer', 'inferred']),
});
export type Assumption = z.infer<typeof Assumption>;
