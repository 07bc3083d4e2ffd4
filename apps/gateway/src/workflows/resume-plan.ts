import { randomUUID } from 'node:crypto';
import type { EventData, EventEnvelope, ResumableEventType, WorkflowPhase, WorkflowStatus } from '@flowguard/contracts';
import { createEvent } from '@flowguard/messaging';
import type { WorkflowEntity } from './workflow.entity';

/** The log types that decide where a workflow stands. */
export const RESUME_LOG_TYPES = [
  'goal.submitted',
  'goal.analyzed',
  'answers.submitted',
  'goal.clarified',
  'spec.created',
  'tickets.generated',
  'handoff.created',
] as const;

export type ResumePlan =
  | {
      kind: 'republish';
      /** The event to emit: a copy of the trigger with a new id, causation = the copied event. */
      event: EventEnvelope & { type: ResumableEventType };
      /** The status/phase the workflow is back at while that phase runs again. */
      status: WorkflowStatus;
      phase: WorkflowPhase;
    }
  | { kind: 'nothing'; detail: string };

/**
 * Where a workflow resumes: the trigger of its first unfinished phase, read from the event
 * log. Pure; the caller holds the workflow row's lock and emits the event.
 *
 * - handoff.created recorded → nothing (the plan and its handoff exist);
 * - tickets.generated → with an agentType, tickets.generated again (handoff); without, nothing;
 * - spec.created → spec.created (tickets);
 * - goal.clarified → goal.clarified (spec);
 * - questions asked (goal.analyzed, not auto): answers.submitted recorded → it again; else
 *   nothing: the workflow waits for the tenant's answers;
 * - otherwise goal.submitted: the recorded one, or rebuilt from the row (goal + options).
 */
export function planResume(
  workflow: Pick<WorkflowEntity, 'id' | 'tenantId' | 'goal' | 'options' | 'correlationId'>,
  log: readonly EventEnvelope[],
  now = new Date(),
): ResumePlan {
  // The log is in seq order: the last of a type is the newest (e.g. a regenerated ticket set).
  const latest = (type: (typeof RESUME_LOG_TYPES)[number]) => [...log].reverse().find((e) => e.type === type);
  // An earlier resume's copy is in the log too: causation always names the original event.
  const original = (e: EventEnvelope): EventEnvelope => {
    const seen = new Set<string>();
    let current = e;
    for (;;) {
      seen.add(current.id);
      const cause = log.find((c) => c.id === current.causationId && c.type === current.type);
      if (!cause || seen.has(cause.id)) return current;
      current = cause;
    }
  };
  const again = (trigger: EventEnvelope, status: WorkflowStatus, phase: WorkflowPhase): ResumePlan => ({
    kind: 'republish',
    event: {
      ...trigger,
      type: trigger.type as ResumableEventType,
      id: randomUUID(),
      causationId: original(trigger).id,
      occurredAt: now.toISOString(),
    },
    status,
    phase,
  });

  if (latest('handoff.created')) return { kind: 'nothing', detail: 'the handoff exists; nothing is left to resume' };
  const tickets = latest('tickets.generated');
  if (tickets) {
    if (!workflow.options.agentType) {
      return { kind: 'nothing', detail: 'the ticket plan exists and no agentType asks for a handoff' };
    }
    return again(tickets, 'tickets_ready', 'handoff');
  }
  const spec = latest('spec.created');
  if (spec) return again(spec, 'spec_ready', 'tickets');
  const clarified = latest('goal.clarified');
  if (clarified) return again(clarified, 'clarified', 'spec');
  const analyzed = latest('goal.analyzed');
  const data = analyzed?.data as EventData<'goal.analyzed'> | undefined;
  if (data && data.questions.length > 0 && !data.autoAnswer) {
    const answers = latest('answers.submitted');
    if (answers) return again(answers, 'awaiting_answers', 'clarification');
    return {
      kind: 'nothing',
      detail: `the workflow awaits answers to its questions: POST /v1/workflows/${workflow.id}/answers`,
    };
  }
  const submitted = latest('goal.submitted');
  if (submitted) return again(submitted, 'submitted', 'clarification');
  // Not in the log (never projected, e.g. dead-lettered here): rebuilt from what the API stored.
  const rebuilt = createEvent(
    'goal.submitted',
    {
      tenantId: workflow.tenantId,
      workflowId: workflow.id,
      correlationId: workflow.correlationId,
      causationId: null,
    },
    { goal: workflow.goal, options: workflow.options },
    { occurredAt: now },
  );
  return {
    kind: 'republish',
    event: { ...rebuilt, type: 'goal.submitted' },
    status: 'submitted',
    phase: 'clarification',
  };
}
