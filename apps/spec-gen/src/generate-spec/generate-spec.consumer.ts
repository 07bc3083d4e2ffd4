import { Inject, Injectable } from '@nestjs/common';
import { JOBS, QUEUES, jobId, type EventData, type EventEnvelope, type GenerationJobData } from '@flowguard/contracts';
import { HandlesEvent, Outcome, type HandlerOutcome } from '@flowguard/messaging';
import { QueueFactory } from '@flowguard/queue';
import { WorkflowControl } from '@flowguard/service-kit';
import type { JobsOptions } from 'bullmq';
import { DataSource } from 'typeorm';
import { SPEC_GEN_CONFIG, type SpecGenConfig } from '../config';
import { SpecRequestEntity } from './spec.entity';

/**
 * goal.clarified → keep the clarified goal, enqueue the spec job. Both steps are idempotent
 * (the row by (tenant, workflow), the job by its deterministic id), so a redelivery changes nothing.
 */
@Injectable()
export class GenerateSpecConsumer {
  constructor(
    @Inject(SPEC_GEN_CONFIG) private readonly config: SpecGenConfig,
    private readonly ds: DataSource,
    private readonly queues: QueueFactory,
  ) {}

  @HandlesEvent('goal.clarified')
  async onGoalClarified(event: EventEnvelope<EventData<'goal.clarified'>>): Promise<HandlerOutcome> {
    // Under the workflow's lock: a cancel either came first (nothing is stored) or waits for
    // this commit and then deletes the request.
    const stored = await this.ds.transaction(async (manager) => {
      if ((await WorkflowControl.guard(manager, event)).cancelled) return false;
      await manager
        .createQueryBuilder()
        .insert()
        .into(SpecRequestEntity)
        .values({
          workflowId: event.workflowId,
          tenantId: event.tenantId,
          payload: event.data,
          clarifiedEventId: event.id,
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
    await this.queues.queue<GenerationJobData>(QUEUES.spec).add(JOBS.generateSpec, data, {
      jobId: jobId(event.tenantId, event.workflowId, 'spec'),
      ...this.retryOverrides(),
    });
    return Outcome.done();
  }

  /** SPEC_JOB_ATTEMPTS / SPEC_JOB_BACKOFF_MS when set; otherwise the queue policy applies. */
  private retryOverrides(): Pick<JobsOptions, 'attempts' | 'backoff'> {
    const { SPEC_JOB_ATTEMPTS: attempts, SPEC_JOB_BACKOFF_MS: delay } = this.config;
    return {
      ...(attempts !== undefined ? { attempts } : {}),
      ...(delay !== undefined ? { backoff: { type: 'exponential', delay, jitter: 0.5 } } : {}),
    };
  }
}
