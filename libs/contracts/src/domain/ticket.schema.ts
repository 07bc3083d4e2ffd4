import { z } from 'zod';
import { Effort, Id, IsoDateTime, Priority, Provider } from '../common';
import { FrId } from './spec.schema';

export const TICKET_SCHEMA_VERSION = 1;

export const TicketLevel = z.enum(['epic', 'issue', 'task']);
export const TicketKind = z.enum(['feature', 'bugfix', 'refactor', 'test', 'documentation']);
export const TicketStatus = z.enum(['open', 'in_progress', 'review', 'done', 'blocked', 'reopened']);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const TicketKey = z.string().regex(/^[A-Z][A-Z0-9]*-\d+$/, 'ticket keys look like FG-12');

export const Ticket = z.object({
  key: TicketKey,
  level: TicketLevel,
  kind: TicketKind,
  parentKey: TicketKey.nullable(),
  title: z.string().regex(/^\[[^\]]+\] .+/, 'titles look like "[Component] Do the thing"'),
  description: z.string().min(1),
  acceptanceCriteria: z.array(z.string().min(1)).min(1),
  implementationSteps: z.array(z.string().min(1)),
  files: z.array(z.string().min(1)),
  estimatedEffort: Effort,
  priority: Priority,
  tags: z.array(z.string().min(1).max(50)),
  blockedBy: z.array(TicketKey),
  covers: z.array(FrId),
  specRef: z.string().regex(/^spec:[0-9a-f-]{36}$/, 'spec references look like spec:{specId}'),
  status: TicketStatus.default('open'),
});
export type Ticket = z.infer<typeof Ticket>;

export const TicketSet = z.object({
  schemaVersion: z.literal(TICKET_SCHEMA_VERSION),
  id: Id,
  tenantId: Id,
  workflowId: Id,
  specId: Id,
  version: z.number().int().positive(),
  tickets: z.array(Ticket).min(1),
  generatedBy: Provider,
  createdAt: IsoDateTime,
});
export type TicketSet = z.infer<typeof TicketSet>;
