import type { Complexity, ExecutionStatus, WorkflowResponse } from '@flowguard/contracts';
import type { WorkflowEntity } from './workflow.entity';

/** The workflow as the API returns it (the `WorkflowResponse` contract, documented in OpenAPI). */
export function workflowView(w: WorkflowEntity): WorkflowResponse {
  return {
    id: w.id,
    status: w.status,
    phase: w.phase,
    progress: w.progress,
    goal: w.goal,
    options: w.options,
    // Stored as varchar; only the event schemas' values are ever written.
    complexity: w.complexity as Complexity | null,
    questions: w.questions,
    artifacts: {
      specId: w.specId,
      ticketSetId: w.ticketSetId,
      handoffId: w.handoffId,
      executionId: w.executionId,
      executionStatus: w.executionStatus as ExecutionStatus | null,
    },
    validation: w.validation,
    errors: w.errors,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}
export type WorkflowView = WorkflowResponse;
