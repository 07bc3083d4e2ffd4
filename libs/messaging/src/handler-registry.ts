import { isEventType, type EventType } from '@flowguard/contracts';

export interface DiscoveredHandler {
  type: string;
  /** `Class.method`, for error messages. */
  name: string;
}

/**
 * A subscription with no handler, a handler with no subscription, two handlers for one
 * event, or an unknown event name is a start-up error: events must never be dropped silently.
 */
export function checkHandlers(subscriptions: readonly EventType[], handlers: readonly DiscoveredHandler[]): string[] {
  const problems: string[] = [];
  const byType = new Map<string, DiscoveredHandler[]>();
  for (const handler of handlers) {
    if (!isEventType(handler.type)) problems.push(`${handler.name} handles unknown event "${handler.type}"`);
    byType.set(handler.type, [...(byType.get(handler.type) ?? []), handler]);
  }
  for (const [type, list] of byType) {
    if (list.length > 1) problems.push(`"${type}" has ${list.length} handlers: ${list.map((h) => h.name).join(', ')}`);
    if (isEventType(type) && !subscriptions.includes(type)) {
      problems.push(`${list[0].name} handles "${type}", which is not in this service's subscriptions`);
    }
  }
  for (const type of subscriptions) {
    if (!byType.has(type)) problems.push(`subscription "${type}" has no handler`);
  }
  return problems;
}
