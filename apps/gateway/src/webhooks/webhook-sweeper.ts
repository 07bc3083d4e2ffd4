import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { currentLogger } from '@flowguard/logging';
import { DataSource } from 'typeorm';
import { WEBHOOK_CONFIG, type WebhookConfig } from './webhook.config';
import { WebhookDeliveryEntity } from './webhook.entity';
import { WebhookQueue } from './webhook-queue';

const BATCH = 500;

/**
 * The slow safety net: pending deliveries overdue by more than one sweep interval whose
 * job is missing (a crash between commit and enqueue, Redis down, a job failed by BullMQ)
 * get their job back. Replicas may sweep at once: job ids make the adds idempotent.
 */
@Injectable()
export class WebhookSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly ds: DataSource,
    private readonly queue: WebhookQueue,
    @Inject(WEBHOOK_CONFIG) private readonly config: WebhookConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.WEBHOOK_SWEEP_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass; returns how many jobs it added. */
  sweep(): Promise<number> {
    this.running ??= this.sweepOnce()
      .catch((err: unknown) => {
        currentLogger().warn({ err }, 'webhook sweep failed');
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweepOnce(): Promise<number> {
    const overdue = await this.ds.manager
      .createQueryBuilder(WebhookDeliveryEntity, 'd')
      .where(`d.status = 'pending'`)
      .andWhere(`d.next_attempt_at < now() - make_interval(secs => :slack)`, {
        slack: this.config.WEBHOOK_SWEEP_MS / 1000,
      })
      .orderBy('d.next_attempt_at', 'ASC')
      .limit(BATCH)
      .getMany();
    let added = 0;
    for (const delivery of overdue) {
      if (this.timer === undefined) break; // shutting down
      if (await this.queue.ensure(delivery)) added += 1;
    }
    if (added > 0) currentLogger().info({ added }, 'webhook sweeper re-enqueued deliveries');
    return added;
  }
}
