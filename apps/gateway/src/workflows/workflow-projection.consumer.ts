import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@flowguard/contracts';
import { EventTransaction, HandlesEvent, Outcome, type EventContext, type HandlerOutcome } from '@flowguard/messaging';
import { project } from './workflow-projection';
import { WorkflowEventHooks } from './workflow-event-hooks';
import { WorkflowEntity, WorkflowEventEntity } from './workflow.entity';

/**
 * The gateway's read model: every event is recorded in the workflow's event log (SSE,
 * webhooks, resume) and folded into the workflow row, in one transaction with the inbox row.
 */
@Injectable()
export class WorkflowProjectionConsumer {
  constructor(
    private readonly tx: EventTransaction,
    private readonly hooks: WorkflowEventHooks,
  ) {}

  private async apply(event: EventEnvelope, ctx: EventContext): Promise<HandlerOutcome> {
    const result = await this.tx.once(ctx.consumer, event, async ({ manager }) => {
      const where = { id: event.workflowId, tenantId: event.tenantId };
      const workflow = await manager.findOne(WorkflowEntity, { where, lock: { mode: 'pessimistic_write' } });
      // Only workflows created through this gateway (by their own tenant) are projected.
      if (!workflow) return undefined;
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(WorkflowEventEntity)
        .values({
          eventId: event.id,
          tenantId: event.tenantId,
          workflowId: event.workflowId,
          type: event.type,
          envelope: () => ':envelope::jsonb',
        })
        .setParameter('envelope', JSON.stringify(event))
        .orIgnore()
        .returning(['seq', 'recorded_at'])
        .execute();
      const patch = project(workflow, event);
      if (Object.keys(patch).length > 0) await manager.update(WorkflowEntity, where, patch);
      if (inserted.raw.length === 0) return undefined;
      const row = Object.assign(new WorkflowEventEntity(), {
        seq: String(inserted.raw[0].seq),
        recordedAt: inserted.raw[0].recorded_at,
        eventId: event.id,
        tenantId: event.tenantId,
        workflowId: event.workflowId,
        type: event.type,
        envelope: event as unknown as Record<string, unknown>,
      });
      await this.hooks.inTransaction(manager, row);
      return row;
    });
    if (!result.applied) return Outcome.skipped('already projected');
    if (result.value) await this.hooks.afterCommit(result.value);
    return Outcome.done();
  }

  @HandlesEvent('goal.submitted')
  onGoalSubmitted(e: EventEnvelope, c: EventContext) {
    return this.apply(e, c);
  }
  @HandlesEvent('goal.analyzed')
  onGoalAnalyzed(e: EventEnvelope, c: EventContext) {
    return this.apply(e, c);
  }
  @HandlesEvent('answers.submitted')
  onAnswersSubmitted(e: EventEnvelope, c: EventContext) {
    return this.apply(e, c);
  }
  @HandlesEvent('goal.clarified')
  onGoalClarified(e: EventEnvelope, c: EventContext) {
    return this.apply(e, c);
  }
  @HandlesEvent('spec.created')
  onSpecCreated(e: EventEnvelope, c: EventContext) {
    return this.apply(e, c);
  }
  @HandlesEvent('tickets.generated')
  onTicketsGenerated(e: EventEnvelope, c: EventContext) {
    return this.apply(e, c);
  }
  @HandlesEvent('handoff.created')
  onHandoffCreated(e: EventEnvelope, c: EventContext) {
    return this.apply(e, c);
  }
  @HandlesEvent('execution.updated')
  onExecutionUpdated(e: EventEnvelope, c: EventContext) {
    return this.apply(e, c);
  }
  @HandlesEvent('workflow.cancelled')
  onWorkflowCancelled(e: EventEnvelope, c: EventContext) {
    return this.apply(e, c);
  }
  @HandlesEvent('workflow.failed')
  onWorkflowFailed(e: EventEnvelope, c: EventContext) {
    return this.apply(e, c);
  }
}
