import { Injectable } from '@nestjs/common';
import { JOBS, QUEUES, jobId, type EventData, type EventEnvelope, type GenerationJobData } from '@flowguard/contracts';
import { HandlesEvent, Outcome, type HandlerOutcome } from '@flowguard/messaging';
import { QueueFactory } from '@flowguard/queue';
import { WorkflowControl } from '@flowguard/service-kit';
import { DataSource } from 'typeorm';
import { GoalRequestEntity } from './clarification.entity';

/**
 * goal.submitted → keep the goal, enqueue the analysis job. Both steps are idempotent (the
 * row by workflow id, the job by its deterministic id), so a redelivery changes nothing.
 */
@Injectable()
export class AnalyzeGoalConsumer {
  constructor(
    private readonly ds: DataSource,
    private readonly queues: QueueFactory,
  ) {}

  @HandlesEvent('goal.submitted')
  async onGoalSubmitted(event: EventEnvelope<EventData<'goal.submitted'>>): Promise<HandlerOutcome> {
    if (await WorkflowControl.isCancelled(this.ds.manager, event)) return Outcome.skipped('workflow cancelled');
    await this.ds
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
