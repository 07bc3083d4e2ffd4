import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { JOBS, QUEUES } from '@flowguard/contracts';
import { QueueFactory } from '@flowguard/queue';
import { GATEWAY_CONFIG, retentionMs, type GatewayConfig } from '../config';
import { WorkflowRetention } from './workflow-retention';

/** One schedule for all replicas: BullMQ keeps it by id, and each run is one job. */
export const RETENTION_SCHEDULER_ID = 'workflow-retention';

/**
 * Runs the retention purge every WORKFLOW_CLEANUP_INTERVAL_MS as a BullMQ job scheduler on
 * `fg-gateway-maintenance`: every replica upserts the same schedule and runs a worker, and
 * each tick is one job, so one replica purges at a time. An interval of 0 removes the schedule.
 */
@Injectable()
export class WorkflowCleanupScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkflowCleanup');
  private retry?: NodeJS.Timeout;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly queues: QueueFactory,
    private readonly retention: WorkflowRetention,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const every = this.config.WORKFLOW_CLEANUP_INTERVAL_MS;
    if (every > 0) {
      this.queues.worker(
        QUEUES.gatewayMaintenance,
        async (job) => {
          if (job.name !== JOBS.purgeWorkflows) return { skipped: job.name };
          return { deleted: await this.retention.purge() };
        },
        { concurrency: 1 },
      );
    }
    await this.schedule(every, 1_000);
  }

  /** Housekeeping never stops the gateway from starting: with Redis away, it retries in the background. */
  private async schedule(every: number, retryMs: number): Promise<void> {
    const queue = this.queues.queue(QUEUES.gatewayMaintenance);
    try {
      if (every === 0) {
        await queue.removeJobScheduler(RETENTION_SCHEDULER_ID);
        return;
      }
      await queue.upsertJobScheduler(RETENTION_SCHEDULER_ID, { every }, { name: JOBS.purgeWorkflows, data: {} });
      this.logger.log(
        `workflow retention: every ${every} ms, keeping finished workflows ${retentionMs(this.config)} ms`,
      );
    } catch (err) {
      this.logger.warn(`could not schedule workflow retention (retrying in ${retryMs} ms): ${(err as Error).message}`);
      this.retry = setTimeout(() => void this.schedule(every, Math.min(retryMs * 2, 300_000)), retryMs);
      this.retry.unref();
    }
  }

  onApplicationShutdown(): void {
    clearTimeout(this.retry);
  }
}
