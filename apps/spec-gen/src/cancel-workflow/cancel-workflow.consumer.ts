import { Injectable } from '@nestjs/common';
import { QUEUES, jobId, type EventData, type EventEnvelope } from '@flowguard/contracts';
import { EventTransaction, HandlesEvent, Outcome, type EventContext, type HandlerOutcome } from '@flowguard/messaging';
import { QueueFactory } from '@flowguard/queue';
import { WorkflowControl } from '@flowguard/service-kit';
import { SpecEntity, SpecRequestEntity } from '../generate-spec/spec.entity';

/**
 * workflow.cancelled → mark it cancelled, drop the waiting job and the workflow's specs.
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
      await manager.delete(SpecEntity, where);
      await manager.delete(SpecRequestEntity, where);
    });
    // Removing a waiting/delayed job is idempotent; an active (locked) one is left to finish
    // and discard its result.
    await this.queues
      .queue(QUEUES.spec)
      .remove(jobId(event.tenantId, event.workflowId, 'spec'))
      .catch(() => 0);
    return result.applied ? Outcome.done() : Outcome.skipped('already cancelled');
  }
}
