import { Injectable } from '@nestjs/common';
import { JOBS, QUEUES, jobId, type EventData, type EventEnvelope, type GenerationJobData } from '@flowguard/contracts';
import { HandlesEvent, Outcome, type HandlerOutcome } from '@flowguard/messaging';
import { QueueFactory } from '@flowguard/queue';
import { WorkflowControl } from '@flowguard/service-kit';
import { DataSource } from 'typeorm';
import { GoalRequestEntity } from './clarification.entity';

/**
 * goal.submitted → keep the goal, enqueue the analysis job. Both steps are idempotent (the
 * row by (tenant, workflow), the job by its deterministic id), so a redelivery changes nothing;
 * a job enqueued just after a cancel finds no request and does nothing.
 */
@Injectable()
export class AnalyzeGoalConsumer {
  constructor(
    private readonly ds: DataSource,
    private readonly queues: QueueFactory,
  ) {}

  @HandlesEvent('goal.submitted')
  async onGoalSubmitted(event: EventEnvelope<EventData<'goal.submitted'>>): Promise<HandlerOutcome> {
    // Under the workflow's lock: a cancel either came first (nothing is stored) or waits for
    // this commit and then deletes the request.
    const stored = await this.ds.transaction(async (manager) => {
      if ((await WorkflowControl.guard(manager, event)).cancelled) return false;
      await manager
        .createQueryBuilder()
        .insert()
        .into(GoalRequestEntity)
        .values({
          workflowId: event.workflowId,
          tenantId: event.tenantId,
          goal: event.data.goal,
          options: event.data.options,
          submittedEventId: event.id,
          correlationId: event.correlationId,
        })
        .orIgnore()
        .execute();
      return true;
    });
    if (!stored) return Outcome.skipped('workflow cancelled');
    const data: GenerationJobData = {
      tenantId: event.tenantId,
      workflowId: event.workflowId,
      correlationId: event.correlationId,
      causationEventId: event.id,
    };
    await this.queues
      .queue<GenerationJobData>(QUEUES.clarification)
      .add(JOBS.analyzeGoal, data, { jobId: jobId(event.tenantId, event.workflowId, 'clarification') });
    return Outcome.done();
  }
}
