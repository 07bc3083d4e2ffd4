import { z } from 'zod';
import { AgentType, Id, IsoDateTime } from '../common';
import { Question } from './question.schema';

export const WORKFLOW_SCHEMA_VERSION = 1;

export const WorkflowPhase = z.enum(['clarification', 'spec', 'tickets', 'handoff']);
export type WorkflowPhase = z.infer<typeof WorkflowPhase>;

export const WorkflowStatus = z.enum([
  'submitted',
  'awaiting_answers',
  'clarified',
  'spec_ready',
  'tickets_ready',
  'completed',
  'failed',
  'cancelled',
]);
export type WorkflowStatus = z.infer<typeof WorkflowStatus>;

export const PriorityDistribution = z.enum(['balanced', 'critical-first']);

export const CodebaseFile = z.object({
  path: z.string().min(1).max(500),
  language: z.string().max(50).optional(),
  loc: z.number().int().nonnegative().optional(),
  symbols: z.array(z.string().max(200)).max(200).optional(),
});

export const CodebaseContext = z.object({
  summary: z.string().max(20_000).optional(),
  files: z.array(CodebaseFile).max(2_000).default([]),
  dependencies: z.array(z.string().max(200)).max(500).optional(),
});
export type CodebaseContext = z.infer<typeof CodebaseContext>;

export const WorkflowOptions = z.object({
  autoAnswer: z.boolean().default(false),
  maxTickets: z.number().int().min(3).max(200).default(40),
  priorityDistribution: PriorityDistribution.default('balanced'),
  agentType: AgentType.optional(),
  codebaseContext: CodebaseContext.optional(),
});
export type WorkflowOptions = z.infer<typeof WorkflowOptions>;

export const WorkflowError = z.object({
  phase: WorkflowPhase,
  reason: z.string().min(1),
  attempts: z.number().int().nonnegative(),
  at: IsoDateTime,
});

export const Workflow = z.object({
  schemaVersion: z.literal(WORKFLOW_SCHEMA_VERSION),
  id: Id,
  tenantId: Id,
  status: WorkflowStatus,
  phase: WorkflowPhase,
  progress: z.number().min(0).max(100),
  goal: z.string(),
  options: WorkflowOptions,
  questions: z.array(Question).default([]),
  specId: Id.nullable(),
  ticketSetId: Id.nullable(),
  handoffId: Id.nullable(),
  errors: z.array(WorkflowError).default([]),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Workflow = z.infer<typeof Workflow>;
