import type { Execution, ExecutionStatus } from '@flowguard/contracts';

/**
 * The execution state machine. Pure: an execution in, the next one out — the caller persists
 * it and publishes `event` (execution.updated) in one transaction.
 *
 * | from        | to                                            | meaning                               |
 * |-------------|-----------------------------------------------|---------------------------------------|
 * | pending     | in_progress, cancelled                        | an agent picks it up; nobody will     |
 * | in_progress | in_progress, completed, failed, cancelled     | progress report; the run's outcome    |
 * | completed   | —                                             | final                                 |
 * | failed      | —                                             | final                                 |
 * | cancelled   | —                                             | final                                 |
 *
 * Why these edges:
 * - pending → completed / failed is refused: a run that never started has neither succeeded
 *   nor failed, and accepting it would let a mistyped call close work nobody did. An agent
 *   reports in_progress first (one extra call); a handoff that will not be used is cancelled.
 * - in_progress → in_progress is the progress report: it carries notes, files modified so far
 *   or a commit, and moves updatedAt (so it doubles as a heartbeat).
 * - terminal states refuse everything, the same status included: an outcome, once reported,
 *   is the record. Redelivered events are absorbed by the inbox before they reach here.
 *
 * Results: every allowed move may carry a result. The table never leads back to pending, so
 * "terminal transitions or in_progress updates" is every allowed move; a start may bring
 * notes ("picked up by cursor"). A result on a refused move is refused with the move.
 * Merging: summary, commit and notes replace the previous value when given (the latest note
 * is the state; the event stream keeps the history); filesModified accumulates without
 * repeats, because agents report files as they go and a file once modified stays modified.
 */
export const EXECUTION_TRANSITIONS: Readonly<Record<ExecutionStatus, readonly ExecutionStatus[]>> = {
  pending: ['in_progress', 'cancelled'],
  in_progress: ['in_progress', 'completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
};

export type ExecutionResult = NonNullable<Execution['result']>;

/** The contract's bound on filesModified; the accumulated list is kept inside it. */
export const MAX_FILES_MODIFIED = 5_000;

export interface ExecutionStatusEvent {
  previousStatus: ExecutionStatus;
  status: ExecutionStatus;
}

export type ExecutionTransition =
  | { ok: true; execution: Execution; event: ExecutionStatusEvent }
  | { ok: false; code: 'invalid_transition'; reason: string };

export function isTerminal(status: ExecutionStatus): boolean {
  return (EXECUTION_TRANSITIONS[status] ?? []).length === 0;
}

export function canTransitionExecution(from: ExecutionStatus, to: ExecutionStatus): boolean {
  return (EXECUTION_TRANSITIONS[from] ?? []).includes(to);
}

function mergeResult(previous: ExecutionResult | null, next: ExecutionResult | undefined): ExecutionResult | null {
  if (next === undefined) return previous;
  const merged: ExecutionResult = { ...previous };
  if (next.summary !== undefined) merged.summary = next.summary;
  if (next.commit !== undefined) merged.commit = next.commit;
  if (next.notes !== undefined) merged.notes = next.notes;
  if (next.filesModified !== undefined) {
    const files = new Set([...(previous?.filesModified ?? []), ...next.filesModified]);
    merged.filesModified = [...files].slice(0, MAX_FILES_MODIFIED);
  }
  return merged;
}

/**
 * Moves `current` to `to` at `now`, merging `result`, or says why not. `now` is passed in so
 * the caller's transaction and the tests decide the clock. The input is not modified.
 */
export function transitionExecution(
  current: Execution,
  to: ExecutionStatus,
  result: ExecutionResult | undefined,
  now: Date,
): ExecutionTransition {
  const from = current.status;
  if (!canTransitionExecution(from, to)) {
    const allowed = EXECUTION_TRANSITIONS[from] ?? [];
    const why = allowed.length === 0 ? `${from} is final` : `${from} can only move to ${allowed.join(' or ')}`;
    return {
      ok: false,
      code: 'invalid_transition',
      reason: `cannot move execution ${current.id} from ${from} to ${to}: ${why}`,
    };
  }
  const at = now.toISOString();
  return {
    ok: true,
    execution: {
      ...current,
      status: to,
      result: mergeResult(current.result, result),
      updatedAt: at,
      completedAt: isTerminal(to) ? at : current.completedAt,
    },
    event: { previousStatus: from, status: to },
  };
}
