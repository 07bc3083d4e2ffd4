import { z } from 'zod';
import { Id, IsoDateTime } from '../common';

/**
 * The one envelope every event travels in. `id` doubles as the JetStream `Nats-Msg-Id`
 * (server-side dedupe) and as the consumers' inbox key.
 */
export const EventEnvelope = z.object({
  id: Id,
  type: z.string().min(1).max(100),
  version: z.number().int().positive(),
  tenantId: Id,
  workflowId: Id,
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200).nullable(),
  occurredAt: IsoDateTime,
  data: z.unknown(),
});
export type EventEnvelope<TData = unknown> = Omit<z.infer<typeof EventEnvelope>, 'data'> & { data: TData };
