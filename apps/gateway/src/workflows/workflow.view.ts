import type { WorkflowEntity } from './workflow.entity';

/** The workflow as the API returns it. */
export function workflowView(w: WorkflowEntity) {
  return {
    id: w.id,
    status: w.status,
    phase: w.phase,
    progress: w.progress,
    goal: w.goal,
    options: w.options,
    complexity: w.complexity,
    questions: w.questions,
    artifacts: {
      specId: w.specId,
      ticketSetId: w.ticketSetId,
      handoffId: w.handoffId,
      executionId: w.executionId,
      executionStatus: w.executionStatus,
    },
    validation: w.validation,
    errors: w.errors,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}
export type WorkflowView = ReturnType<typeof workflowView>;
