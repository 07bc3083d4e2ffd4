import type { EventEnvelope, WorkflowOptions } from '@flowguard/contracts';
import type { WorkflowEntity } from './workflow.entity';
import { project } from './workflow-projection';

const id = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const options = (over: Partial<WorkflowOptions> = {}): WorkflowOptions => ({
  autoAnswer: true,
  maxTickets: 40,
  priorityDistribution: 'balanced',
  ...over,
});
const at = (over: Partial<WorkflowEntity>) =>
  ({ status: 'spec_ready', phase: 'tickets', progress: 60, options: options(), errors: [], ...over }) as WorkflowEntity;
// The projection reads only the ticket set id and the validation counts.
const tickets: EventEnvelope = {
  id,
  type: 'tickets.generated',
  version: 1,
  tenantId: id,
  workflowId: id,
  correlationId: id,
  causationId: null,
  occurredAt: new Date().toISOString(),
  data: { ticketSet: { id }, validation: { valid: true, errors: 0, warnings: 0 }, ticketMarkdown: {} },
};

describe('workflow projection', () => {
  it('tickets.generated without an agentType completes the workflow; with one, the handoff phase follows', () => {
    expect(project(at({}), tickets)).toMatchObject({ status: 'completed', phase: 'tickets', progress: 100 });
    expect(project(at({ options: options({ agentType: 'cursor' }) }), tickets)).toMatchObject({
      status: 'tickets_ready',
      phase: 'handoff',
      progress: 85,
    });
  });
});
