import { z } from 'zod';
import { MAX_SEQ } from './sse-format';

/** An event id as sent in `id:` (a workflow_event seq). */
export const EventSeq = z
  .string()
  .regex(/^\d{1,19}$/, 'must be an event id (a non-negative integer)')
  .refine((v) => !/^\d+$/.test(v) || BigInt(v) <= MAX_SEQ, 'is out of range');

export const WorkflowStreamQuery = z.object({
  lastEventId: EventSeq.optional().describe('resume after this event id (the Last-Event-ID header wins)'),
  follow: z
    .enum(['true', 'false'])
    .optional()
    .describe('keep the stream open after the workflow finished (execution updates, manual handoffs)'),
});
export type WorkflowStreamQuery = z.infer<typeof WorkflowStreamQuery>;

export const TenantStreamQuery = WorkflowStreamQuery.pick({ lastEventId: true });

export const StreamHeaders = z.object({
  'last-event-id': EventSeq.optional().describe('the last event id received; the stream resumes after it'),
});
