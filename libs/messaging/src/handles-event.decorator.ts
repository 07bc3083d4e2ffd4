import { SetMetadata } from '@nestjs/common';
import type { EventType } from '@flowguard/contracts';

export const HANDLES_EVENT = Symbol('flowguard:handles-event');

/**
 * Marks a provider method as this service's handler for `type`. The method receives the
 * parsed envelope (its data already validated against the catalog) and an EventContext,
 * and returns a HandlerOutcome (or nothing, meaning done).
 */
export const HandlesEvent = (type: EventType) => SetMetadata(HANDLES_EVENT, type);
