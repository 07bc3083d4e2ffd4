/** One recorded event as a stream reads it from workflow_event. */
export interface StreamRow {
  seq: string;
  type: string;
  envelope: Record<string, unknown>;
}

/** `id` is the event's seq (what Last-Event-ID resumes after); JSON never contains a newline. */
export const formatEvent = (row: StreamRow): string =>
  `id: ${row.seq}\nevent: ${row.type}\ndata: ${JSON.stringify(row.envelope)}\n\n`;

export const HEARTBEAT = ': heartbeat\n\n';

/**
 * The event that finishes a workflow, as the projection decides it (status completed, failed
 * or cancelled): a failure, a cancellation, or completion — `handoff.created` when the
 * workflow names an agent, `tickets.generated` when it does not (the plan is the result).
 */
export function finishesWorkflow(type: string, hasAgent: boolean): boolean {
  switch (type) {
    case 'workflow.failed':
    case 'workflow.cancelled':
    case 'handoff.created':
      return true;
    case 'tickets.generated':
      return !hasAgent;
    default:
      return false;
  }
}

export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled']);

/** Largest value a Postgres bigint holds; a Last-Event-ID beyond it is refused. */
export const MAX_SEQ = 9_223_372_036_854_775_807n;
