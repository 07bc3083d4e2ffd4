import { randomUUID } from 'node:crypto';
import { EVENT_CATALOG, type EventData, type EventEnvelope, type EventType } from '@flowguard/contracts';

export interface EventOrigin {
  tenantId: string;
  workflowId: string;
  correlationId: string;
  /** The id of the event (or request) that caused this one; null for the first. */
  causationId: string | null;
}

/**
 * Builds an envelope for `type`, validating `data` against the catalog schema: a producer
 * cannot emit what its consumers would dead-letter.
 */
export function createEvent<T extends EventType>(
  type: T,
  origin: EventOrigin,
  data: EventData<T>,
  { id = randomUUID(), occurredAt = new Date() }: { id?: string; occurredAt?: Date } = {},
): EventEnvelope<EventData<T>> {
  const definition = EVENT_CATALOG[type];
  const parsed = definition.schema.parse(data) as EventData<T>;
  return {
    id,
    type,
    version: definition.version,
    tenantId: origin.tenantId,
    workflowId: origin.workflowId,
    correlationId: origin.correlationId,
    causationId: origin.causationId,
    occurredAt: occurredAt.toISOString(),
    data: parsed,
  };
}

/** The origin for an event caused by `cause`: same tenant, workflow and correlation. */
export function causedBy(cause: EventEnvelope): EventOrigin {
  return {
    tenantId: cause.tenantId,
    workflowId: cause.workflowId,
    correlationId: cause.correlationId,
    causationId: cause.id,
  };
}
