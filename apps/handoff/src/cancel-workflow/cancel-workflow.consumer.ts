import { Injectable } from '@nestjs/common';
import type { EventData, EventEnvelope } from '@flowguard/contracts';
import { EventTransaction, HandlesEvent, Outcome, type EventContext, type HandlerOutcome } from '@flowguard/messaging';
import { WorkflowControl } from '@flowguard/service-kit';
import { PlanSpecEntity, PlanTicketsEntity } from '../plan/plan.entity';

/**
 * workflow.cancelled → mark it cancelled and drop the plan copies, so no handoff is made
 * for it any more. Handoffs and executions already created stay as the record of what was sent.
 */
@Injectable()
export class CancelWorkflowConsumer {
  constructor(private readonly tx: EventTransaction) {}

  @HandlesEvent('workflow.cancelled')
  async onWorkflowCancelled(
    event: EventEnvelope<EventData<'workflow.cancelled'>>,
    ctx: EventContext,
  ): Promise<HandlerOutcome> {
    const result = await this.tx.once(ctx.consumer, event, async ({ manager }) => {
      await WorkflowControl.markCancelled(manager, event);
      const where = { workflowId: event.workflowId, tenantId: event.tenantId };
      await manager.delete(PlanTicketsEntity, where);
      await manager.delete(PlanSpecEntity, where);
    });
    return result.applied ? Outcome.done() : Outcome.skipped('already cancelled');
  }
}
