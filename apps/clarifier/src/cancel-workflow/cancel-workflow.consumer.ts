import { Injectable } from '@nestjs/common';
import { QUEUES, jobId, type EventData, type EventEnvelope } from '@flowguard/contracts';
import { EventTransaction, HandlesEvent, Outcome, type EventContext, type HandlerOutcome } from '@flowguard/messaging';
import { QueueFactory } from '@flowguard/queue';
import { WorkflowControl } from '@flowguard/service-kit';
import { ClarificationEntity, GoalRequestEntity } from '../analyze-goal/clarification.entity';

/**
 * workflow.cancelled → mark it cancelled, drop the waiting job and the partial artifacts.
 * A job already running finds the mark in its commit transaction and writes nothing.
 */
@Injectable()
export class CancelWorkflowConsumer {
  constructor(
    private readonly tx: EventTransaction,
    private readonly queues: QueueFactory,
  ) {}

  @HandlesEvent('workflow.cancelled')
  async onWorkflowCancelled(
    event: EventEnvelope<EventData<'workflow.cancelled'>>,
    ctx: EventContext,
  ): Promise<HandlerOutcome> {
    const result = await this.tx.once(ctx.consumer, event, async ({ manager }) => {
      await WorkflowControl.markCancelled(manager, event);
      const where = { workflowId: event.workflowId, tenantId: event.tenantId };
      await manager.delete(ClarificationEntity, where);
      await manager.delete(GoalRequestEntity, where);
    });
    // Removing a waiting/delayed job is idempotent; an active (locked) one is left to finish
    // and discard its result.
    await this.queues
      .queue(QUEUES.clarification)
      .remove(jobId(event.tenantId, event.workflowId, 'clarification'))
      .catch(() => 0);
    return result.applied ? Outcome.done() : Outcome.skipped('already cancelled');
  }
}
