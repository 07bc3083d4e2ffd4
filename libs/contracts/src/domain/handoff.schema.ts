import { z } from 'zod';
import { AgentType, Id, IsoDateTime } from '../common';

export const HANDOFF_SCHEMA_VERSION = 1;

export const HandoffMetadata = z.object({
  words: z.number().int().nonnegative(),
  readingMinutes: z.number().nonnegative(),
  specCount: z.number().int().nonnegative(),
  ticketCount: z.number().int().nonnegative(),
  totalEffortHours: z.number().nonnegative(),
  approxTokens: z.number().int().nonnegative(),
});

export const Handoff = z.object({
  schemaVersion: z.literal(HANDOFF_SCHEMA_VERSION),
  id: Id,
  tenantId: Id,
  workflowId: Id,
  agentType: AgentType,
  templateId: z.string().min(1),
  content: z.string(),
  metadata: HandoffMetadata,
  warnings: z.array(z.string()),
  createdAt: IsoDateTime,
});
export type Handoff = z.infer<typeof Handoff>;
