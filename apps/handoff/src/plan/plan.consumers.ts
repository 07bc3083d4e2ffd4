import { Inject, Injectable } from '@nestjs/common';
import type { ServiceConfig } from '@flowguard/config';
import type { EventData, EventEnvelope } from '@flowguard/contracts';
import {
  EventTransaction,
  HandlesEvent,
  Outcome,
  backoffDelay,
  causedBy,
  type EventContext,
  type HandlerOutcome,
} from '@flowguard/messaging';
import { WorkflowControl } from '@flowguard/service-kit';
import { HANDOFF_CONFIG } from '../config';
import { GenerateHandoff } from '../handoffs/generate-handoff.usecase';
import { PlanSpecEntity, PlanTicketsEntity } from './plan.entity';

class SpecNotHereYet extends Error {
  constructor() {
    super('spec.created has not been stored yet');
  }
}

/**
 * Keeps the plan (spec, ticket set versions) handoffs are rendered from. When the workflow
 * was created with an agent type, a new ticket set triggers its handoff — once per set, and
 * rendered from that set.
 *
 * tickets.generated that overtakes spec.created (they arrive on separate consumers) is
 * retried with exponential backoff (EVENT_RETRY_BASE_MS·2^(n-1), capped at
 * EVENT_RETRY_MAX_MS, ±20%): a bounded wait — after EVENT_MAX_DELIVER deliveries the event is
 * dead-lettered, at the defaults (1 s, 60 s, 5 deliveries) after about 15 s (at most 18 s).
 * For a cancelled workflow it is skipped, not retried.
 */
@Injectable()
export class PlanConsumers {
  constructor(
    @Inject(HANDOFF_CONFIG) private readonly config: ServiceConfig,
    private readonly tx: EventTransaction,
    private readonly handoffs: GenerateHandoff,
  ) {}

  @HandlesEvent('spec.created')
  async onSpecCreated(event: EventEnvelope<EventData<'spec.created'>>, ctx: EventContext): Promise<HandlerOutcome> {
    const result = await this.tx.once(ctx.consumer, event, async ({ manager }) => {
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
    try {
      const result = await this.tx.once(ctx.consumer, event, async (tx) => {
        const { manager } = tx;
        // Under the workflow's lock: a cancel either came first or deletes this copy after.
        if ((await WorkflowControl.guard(manager, event)).cancelled) return 'cancelled' as const;
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
          // Same transaction as the inbox row: the handoff exists exactly when the event is
          // applied. It renders this event's set, whatever version is the latest by now; a
          // set that cannot be rendered is skipped (logged) and the plan copy still commits.
          await this.handoffs.autoGenerateIn(
            tx,
            event.tenantId,
            event.workflowId,
            agentType,
            ticketSet.id,
            causedBy(event),
            new Date(event.occurredAt),
          );
        }
        return 'stored' as const;
      });
      if (!result.applied) return Outcome.skipped('ticket set already stored');
      if (result.value === 'cancelled') return Outcome.skipped('workflow cancelled');
    } catch (err) {
      if (err instanceof SpecNotHereYet) {
        const { EVENT_RETRY_BASE_MS: base, EVENT_RETRY_MAX_MS: max } = this.config;
        return Outcome.retry(err.message, backoffDelay(ctx.delivery, base, max));
      }
      throw err;
    }
    return Outcome.done();
  }
}
