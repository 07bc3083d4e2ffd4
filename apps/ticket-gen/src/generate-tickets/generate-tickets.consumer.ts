import { Inject, Injectable } from '@nestjs/common';
import type { EventData, EventEnvelope } from '@flowguard/contracts';
import { HandlesEvent, Outcome, type HandlerOutcome } from '@flowguard/messaging';
import { QueueFactory } from '@flowguard/queue';
import { WorkflowControl } from '@flowguard/service-kit';
import { DataSource } from 'typeorm';
import { TICKET_GEN_CONFIG, type TicketGenConfig } from '../config';
import { TicketRequestEntity } from './ticket.entity';
import { enqueueTicketsJob } from './tickets-job';

/**
 * spec.created → keep the spec, enqueue the version-1 ticket job. Both steps are idempotent
 * (the row by workflow id, the job by its deterministic id, the set by (spec, version)), so a
 * redelivery changes nothing.
 */
@Injectable()
export class GenerateTicketsConsumer {
  constructor(
    @Inject(TICKET_GEN_CONFIG) private readonly config: TicketGenConfig,
    private readonly ds: DataSource,
    private readonly queues: QueueFactory,
  ) {}

  @HandlesEvent('spec.created')
  async onSpecCreated(event: EventEnvelope<EventData<'spec.created'>>): Promise<HandlerOutcome> {
    if (await WorkflowControl.isCancelled(this.ds.manager, event)) return Outcome.skipped('workflow cancelled');
    await this.ds
      .createQueryBuilder()
      .insert()
      .into(TicketRequestEntity)
      .values({
        workflowId: event.workflowId,
        tenantId: event.tenantId,
        specId: event.data.spec.id,
        payload: event.data,
        specEventId: event.id,
        correlationId: event.correlationId,
      })
      .orIgnore()
      .execute();
    await enqueueTicketsJob(this.queues, this.config, {
      tenantId: event.tenantId,
      workflowId: event.workflowId,
      correlationId: event.correlationId,
      causationEventId: event.id,
      version: 1,
    });
    return Outcome.done();
  }
}
