import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DeliverWebhookJobData, QUEUES } from '@flowguard/contracts';
import { runWithLogContext } from '@flowguard/logging';
import { QueueFactory } from '@flowguard/queue';
import { DelayedError, type Job } from 'bullmq';
import { DeliverWebhookUseCase, type AttemptOutcome } from './deliver-webhook.usecase';
import { WEBHOOK_CONFIG, type WebhookConfig } from './webhook.config';

/**
 * The BullMQ worker on QUEUES.webhooks. The retry schedule is ours, not BullMQ's: a failed
 * attempt moves the same job back to delayed until the next scheduled time (no BullMQ
 * attempt is spent), so one job carries one delivery run to its end. BullMQ's own
 * attempts/backoff (the queue policy) only cover a processor that throws (e.g. Postgres away).
 */
@Injectable()
export class DeliverWebhookProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly factory: QueueFactory,
    private readonly deliver: DeliverWebhookUseCase,
    @Inject(WEBHOOK_CONFIG) private readonly config: WebhookConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Closed with every other worker by the QueueFactory at shutdown.
    this.factory.worker<DeliverWebhookJobData, AttemptOutcome>(
      QUEUES.webhooks,
      (job, token) => this.process(job, token),
      {
        concurrency: this.config.WEBHOOK_CONCURRENCY,
      },
    );
  }

  async process(job: Job<DeliverWebhookJobData>, token?: string): Promise<AttemptOutcome> {
    const data = DeliverWebhookJobData.parse(job.data);
    const outcome = await runWithLogContext(
      { tenantId: data.tenantId, subscriptionId: data.subscriptionId, eventId: data.eventId, jobId: job.id },
      () => this.deliver.attempt(data, job.id as string),
    );
    if (outcome.kind === 'later') {
      await job.moveToDelayed(outcome.at.getTime(), token);
      throw new DelayedError();
    }
    return outcome;
  }
}
