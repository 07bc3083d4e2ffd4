import { z } from 'zod';
import { Id, IsoDateTime } from '../common';

export const EXECUTION_SCHEMA_VERSION = 1;

export const ExecutionStatus = z.enum(['pending', 'in_progress', 'completed', 'failed', 'cancelled']);
export type ExecutionStatus = z.infer<typeof ExecutionStatus>;

export const ExecutionResult = z.object({
  summary: z.string().max(10_000).optional(),
  filesModified: z.array(z.string().max(500)).max(5_000).optional(),
  commit: z.string().max(100).optional(),
  notes: z.string().max(10_000).optional(),
});

export const Execution = z.object({
  schemaVersion: z.literal(EXECUTION_SCHEMA_VERSION),
  id: Id,
  tenantId: Id,
  workflowId: Id,
  handoffId: Id,
  status: ExecutionStatus,
  result: ExecutionResult.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  completedAt: IsoDateTime.nullable(),
});
export type Execution = z.infer<typeof Execution>;
