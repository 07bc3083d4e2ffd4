import type { EventType } from './catalog';

/** Default subject prefix and stream names; tests pass their own prefix to stay isolated. */
export const DEFAULT_SUBJECT_PREFIX = 'fg';
/** Stream names derive from the prefix (`fg` → `FG_EVENTS`, `FG_DLQ`). */
export const eventsStream = (prefix: string) => `${prefix.toUpperCase()}_EVENTS`;
export const deadLetterStream = (prefix: string) => `${prefix.toUpperCase()}_DLQ`;
/** Durable consumer name for one service's subscription to one event type. */
export const durableName = (prefix: string, service: string, type: string) =>
  `${prefix}_${service}_${type}`.replace(/[^A-Za-z0-9_-]/g, '_');

export const eventSubject = (prefix: string, type: EventType | string) => `${prefix}.evt.${type}`;
export const eventSubjectWildcard = (prefix: string) => `${prefix}.evt.>`;
export const deadLetterSubject = (prefix: string, consumer: string) => `${prefix}.dlq.${consumer}`;
export const deadLetterWildcard = (prefix: string) => `${prefix}.dlq.>`;
/** Core NATS request/reply subjects for queries (not events). */
export const querySubject = (prefix: string, service: string, query: string) => `${prefix}.qry.${service}.${query}`;
