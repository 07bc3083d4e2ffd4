import { Injectable } from '@nestjs/common';
import type { EventData, EventEnvelope } from '@flowguard/contracts';
import {
  EventTransaction,
  HandlesEvent,
  Outcome,
  causedBy,
  type EventContext,
  type HandlerOutcome,
} from '@flowguard/messaging';
import { WorkflowControl } from '@flowguard/service-kit';
import { GenerateHandoff } from '../handoffs/generate-handoff.usecase';
import { PlanSpecEntity, PlanTicketsEntity } from './plan.entity';

class SpecNotHereYet extends Error {
  constructor() {
    super('spec.created has not been stored yet');
  }
}

/**
 * Keeps the plan (spec, ticket set versions) handoffs are rendered from. When the workflow
 * was created with an agent type, a new ticket set triggers its handoff — once per set.
 */
@Injectable()
export class PlanConsumers {
  constructor(
    private readonly tx: EventTransaction,
    private readonly handoffs: GenerateHandoff,
  ) {}

  @HandlesEvent('spec.created')
  async onSpecCreated(event: EventEnvelope<EventData<'spec.created'>>, ctx: EventContext): Promise<HandlerOutcome> {
    const result = await this.tx.once(ctx.consumer, event, async ({ manager }) => {
      if (await WorkflowControl.isCancelled(manager, event)) return;
      await manager
        .createQueryBuilder()
        .insert()
        .into(PlanSpecEntity)
        .values({
          workflowId: event.workflowId,
          tenantId: event.tenantId,
          spec: event.data.spec,
          markdown: event.data.markdown,
          options: event.data.options,
        })
        .orIgnore()
        .execute();
    });
    return result.applied ? Outcome.done() : Outcome.skipped('spec already stored');
  }

  @HandlesEvent('tickets.generated')
  async onTicketsGenerated(
    event: EventEnvelope<EventData<'tickets.generated'>>,
    ctx: EventContext,
  ): Promise<HandlerOutcome> {
    try {
      const result = await this.tx.once(ctx.consumer, event, async (tx) => {
        const { manager } = tx;
        if (await WorkflowControl.isCancelled(manager, event)) return;
        const spec = await manager.findOneBy(PlanSpecEntity, {
          tenantId: event.tenantId,
          workflowId: event.workflowId,
        });
        // spec.created and tickets.generated reach this service on separate consumers.
        if (!spec) throw new SpecNotHereYet();
        const { ticketSet, validation, ticketMarkdown } = event.data;
        await manager
          .createQueryBuilder()
          .insert()
          .into(PlanTicketsEntity)
          .values({
            ticketSetId: ticketSet.id,
            tenantId: event.tenantId,
            workflowId: event.workflowId,
            version: ticketSet.version,
            ticketSet,
            ticketMarkdown,
            validation,
          })
          .orIgnore()
          .execute();
        const agentType = spec.options.agentType;
        if (agentType) {
          // Same transaction as the inbox row: the handoff exists exactly when the event is applied.
          await this.handoffs.generateIn(
            tx,
            event.tenantId,
            event.workflowId,
            { agentType },
            `auto:${ticketSet.id}`,
            causedBy(event),
            new Date(event.occurredAt),
          );
        }
      });
      if (!result.applied) return Outcome.skipped('ticket set already stored');
    } catch (err) {
      if (err instanceof SpecNotHereYet) return Outcome.retry(err.message, 1_000);
      throw err;
    }
    return Outcome.done();
  }
}
