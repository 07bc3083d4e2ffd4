import { Injectable } from '@nestjs/common';
import type { EventData, EventEnvelope } from '@flowguard/contracts';
import { EventTransaction, HandlesEvent, Outcome, type EventContext, type HandlerOutcome } from '@flowguard/messaging';
import { QueueFactory } from '@flowguard/queue';
import { WorkflowControl } from '@flowguard/service-kit';
import { TicketEntity, TicketRequestEntity, TicketSetEntity } from '../generate-tickets/ticket.entity';
import { latestVersion } from '../generate-tickets/ticket-set';
import { removeTicketsJobs } from '../generate-tickets/tickets-job';

/**
 * workflow.cancelled → mark it cancelled, drop the waiting jobs and every ticket artifact of
 * the workflow (this tenant's only). A job already running finds the mark in its commit
 * transaction and writes nothing; a later spec.created or regenerate finds no request.
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
    const where = { workflowId: event.workflowId, tenantId: event.tenantId };
    const result = await this.tx.once(ctx.consumer, event, async ({ manager }) => {
      await WorkflowControl.markCancelled(manager, event);
      const request = await manager.findOneBy(TicketRequestEntity, where);
      const versions = request ? await latestVersion(manager, event.tenantId, request.specId) : 0;
      await manager.delete(TicketEntity, where);
      await manager.delete(TicketSetEntity, where);
      await manager.delete(TicketRequestEntity, where);
      return versions;
    });
    // One past the latest stored version: a regeneration may be waiting for it. Removing a
    // waiting/delayed job is idempotent; an active (locked) one finishes and discards its result.
    const upTo = result.applied ? result.value + 1 : 1;
    await removeTicketsJobs(this.queues, event, upTo);
    return result.applied ? Outcome.done() : Outcome.skipped('already cancelled');
  }
}
