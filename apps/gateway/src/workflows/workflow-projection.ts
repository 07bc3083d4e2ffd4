import type { EventData, EventEnvelope, EventType, WorkflowPhase, WorkflowStatus } from '@flowguard/contracts';
import type { WorkflowEntity } from './workflow.entity';

/** How far along each status is; the projection never moves a workflow backwards. */
const RANK: Record<WorkflowStatus, number> = {
  submitted: 0,
  awaiting_answers: 1,
  clarified: 2,
  spec_ready: 3,
  tickets_ready: 4,
  completed: 5,
  failed: 100,
  cancelled: 100,
};

const STAGE: Partial<Record<EventType, { status: WorkflowStatus; phase: WorkflowPhase; progress: number }>> = {
  'goal.submitted': { status: 'submitted', phase: 'clarification', progress: 5 },
  'goal.clarified': { status: 'clarified', phase: 'spec', progress: 35 },
  'spec.created': { status: 'spec_ready', phase: 'tickets', progress: 60 },
  'tickets.generated': { status: 'tickets_ready', phase: 'handoff', progress: 85 },
  'handoff.created': { status: 'completed', phase: 'handoff', progress: 100 },
};

type Patch = Partial<WorkflowEntity>;

/**
 * The state change an event makes. Pure, and safe under redelivery (the caller dedupes by
 * event id) and out-of-order arrival: a status only advances, terminal states stay, and
 * artifact ids are set whenever their event arrives.
 */
export function project(current: WorkflowEntity, event: EventEnvelope): Patch {
  const type = event.type as EventType;
  const patch: Patch = {};
  const advance = (status: WorkflowStatus, phase: WorkflowPhase, progress: number) => {
    // Against this event's own earlier advance too: tickets.generated without an agent
    // completes the workflow, and its stage (tickets_ready) must not take that back.
    const now = patch.status ?? current.status;
    if (RANK[status] >= RANK[now] && RANK[now] < 100) {
      patch.status = status;
      patch.phase = phase;
      patch.progress = Math.max(progress, current.progress);
    }
  };
  switch (type) {
    case 'goal.analyzed': {
      const data = event.data as EventData<'goal.analyzed'>;
      patch.questions = data.questions;
      patch.complexity = data.complexity;
      if (data.questions.length > 0 && !data.autoAnswer) advance('awaiting_answers', 'clarification', 20);
      else if (current.progress < 25 && RANK[current.status] < 100) patch.progress = 25;
      break;
    }
    case 'spec.created':
      patch.specId = (event.data as EventData<'spec.created'>).spec.id;
      break;
    case 'tickets.generated': {
      const data = event.data as EventData<'tickets.generated'>;
      patch.ticketSetId = data.ticketSet.id;
      patch.validation = {
        valid: data.validation.valid,
        errors: data.validation.errors,
        warnings: data.validation.warnings,
      };
      // Without an agent there is no handoff phase: the plan is the result.
      if (!current.options.agentType) advance('completed', 'tickets', 100);
      break;
    }
    case 'handoff.created': {
      const data = event.data as EventData<'handoff.created'>;
      patch.handoffId = data.handoffId;
      patch.executionId = data.executionId;
      patch.executionStatus ??= 'pending';
      break;
    }
    case 'execution.updated': {
      const data = event.data as EventData<'execution.updated'>;
      if (data.executionId === (patch.executionId ?? current.executionId)) patch.executionStatus = data.status;
      break;
    }
    case 'workflow.failed': {
      const data = event.data as EventData<'workflow.failed'>;
      patch.errors = [...current.errors, { ...data, at: event.occurredAt }];
      if (current.status !== 'cancelled') patch.status = 'failed';
      break;
    }
    case 'workflow.cancelled':
      if (current.status !== 'completed' && current.status !== 'failed') patch.status = 'cancelled';
      break;
    default:
      break;
  }
  const stage = STAGE[type];
  if (stage) advance(stage.status, stage.phase, stage.progress);
  return patch;
}
