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
 * (the row by (tenant, workflow), the job by its deterministic id, the set by (tenant, spec,
 * version)), so a redelivery changes nothing.
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
    // Under the workflow's lock: a cancel either came first (nothing is stored) or waits for
    // this commit and then deletes the request.
    const stored = await this.ds.transaction(async (manager) => {
      if ((await WorkflowControl.guard(manager, event)).cancelled) return false;
      await manager
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
      return true;
    });
    if (!stored) return Outcome.skipped('workflow cancelled');
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
