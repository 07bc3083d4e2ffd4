import { Injectable } from '@nestjs/common';
import type { EventData, EventEnvelope } from '@flowguard/contracts';
import {
  EventTransaction,
  HandlesEvent,
  Outcome,
  causedBy,
  type EventContext,
  type HandlerOutcome,
  type TxContext,
} from '@flowguard/messaging';
import { WorkflowControl } from '@flowguard/service-kit';
import { GenerateHandoff } from '../handoffs/generate-handoff.usecase';
import { PlanSpecEntity, PlanTicketsEntity } from './plan.entity';

/**
 * Keeps the plan (spec, ticket set versions) handoffs are rendered from. When the workflow
 * was created with an agent type, each ticket set triggers its handoff — once per set, and
 * rendered from that set — as soon as the spec is there too.
 *
 * spec.created and tickets.generated arrive on separate consumers, in either order, and one
 * can be late by a crashed consumer's ack wait and more. So each is stored when it comes, and
 * whichever completes the plan triggers the handoff: both run under the workflow's lock, so
 * the second always sees the first. (Retrying tickets.generated until its spec came had a
 * bounded budget, ~15 s, that a killed handoff process outlasts: bench/chaos.mjs saw ticket
 * sets dead-lettered, and a workflow with an agent then never completes.)
 */
@Injectable()
export class PlanConsumers {
  constructor(
    private readonly tx: EventTransaction,
    private readonly handoffs: GenerateHandoff,
  ) {}

  @HandlesEvent('spec.created')
  async onSpecCreated(event: EventEnvelope<EventData<'spec.created'>>, ctx: EventContext): Promise<HandlerOutcome> {
    const result = await this.tx.once(ctx.consumer, event, async (tx) => {
      const { manager } = tx;
      // Under the workflow's lock: a cancel either came first or deletes this copy after.
      if ((await WorkflowControl.guard(manager, event)).cancelled) return 'cancelled' as const;
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
      // Ticket sets that came first waited for this spec: their handoffs are due now.
      const agentType = event.data.options.agentType;
      if (agentType) {
        const sets = await manager.find(PlanTicketsEntity, {
          select: { ticketSetId: true, ticketSet: true },
          where: { tenantId: event.tenantId, workflowId: event.workflowId },
          order: { version: 'ASC' },
        });
        for (const set of sets) await this.autoHandoff(tx, event, agentType, set.ticketSetId, set.ticketSet.createdAt);
      }
      return 'stored' as const;
    });
    if (!result.applied) return Outcome.skipped('spec already stored');
    return result.value === 'cancelled' ? Outcome.skipped('workflow cancelled') : Outcome.done();
  }

  @HandlesEvent('tickets.generated')
  async onTicketsGenerated(
    event: EventEnvelope<EventData<'tickets.generated'>>,
    ctx: EventContext,
  ): Promise<HandlerOutcome> {
    const result = await this.tx.once(ctx.consumer, event, async (tx) => {
      const { manager } = tx;
      // Under the workflow's lock: a cancel either came first or deletes this copy after.
      if ((await WorkflowControl.guard(manager, event)).cancelled) return 'cancelled' as const;
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
      const spec = await manager.findOneBy(PlanSpecEntity, { tenantId: event.tenantId, workflowId: event.workflowId });
      // No spec yet: spec.created triggers the handoff when it comes.
      const agentType = spec?.options.agentType;
      if (agentType) await this.autoHandoff(tx, event, agentType, ticketSet.id, event.occurredAt);
      return 'stored' as const;
    });
    if (!result.applied) return Outcome.skipped('ticket set already stored');
    return result.value === 'cancelled' ? Outcome.skipped('workflow cancelled') : Outcome.done();
  }

  /**
   * The set's auto handoff, in the caller's transaction (the inbox row with it): it exists
   * exactly when the event that completed the plan is applied. A set that cannot be rendered
   * is skipped (logged) and the plan copy still commits.
   */
  private async autoHandoff(
    tx: TxContext,
    event: EventEnvelope,
    agentType: NonNullable<EventData<'spec.created'>['options']['agentType']>,
    ticketSetId: string,
    at: string,
  ): Promise<void> {
    await this.handoffs.autoGenerateIn(
      tx,
      event.tenantId,
      event.workflowId,
      agentType,
      ticketSetId,
      causedBy(event),
      new Date(at),
    );
  }
}
