import { currentLogger } from '@flowguard/logging';
import type { DataSource } from 'typeorm';
import type { EventPublisher } from './event-publisher';
import { OutboxEntity } from './outbox.entity';

export interface OutboxRelayOptions {
  batchSize?: number;
  /** Slow sweep for rows no kick published: a writer that died after commit, a failed publish. */
  sweepMs: number;
  /** Published rows are deleted after this long (they are kept a while for inspection). */
  retentionMs?: number;
}

/**
 * Publishes outbox rows. Writers call `kick()` right after their commit, so an event leaves
 * within milliseconds; the sweep catches what a kick missed. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so replicas share the work; a crash after publish but before the
 * row is marked re-publishes the same Nats-Msg-Id, which JetStream (and the inboxes) drop.
 */
export class OutboxRelay {
  private running?: Promise<void>;
  private again = false;
  private timer?: NodeJS.Timeout;
  private stopped = true;
  private sweeps = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.sweep(), this.options.sweepMs);
    this.timer.unref();
    this.kick();
  }

  /** Publish now; coalesces kicks that arrive while a drain is running. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drainLoop().finally(() => (this.running = undefined));
  }

  /** Resolves when everything committed so far has been published (used by tests and shutdown). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    await this.drainOnce(Number.MAX_SAFE_INTEGER);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    while (this.running) await this.running;
  }

  private sweep(): void {
    this.sweeps += 1;
    if (this.sweeps % 720 === 0) void this.prune();
    this.kick();
  }

  private async drainLoop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.drainOnce(Number.MAX_SAFE_INTEGER);
      } catch (err) {
        currentLogger().warn({ err }, 'outbox publish failed; the sweep will retry');
        return;
      }
    } while (this.again && !this.stopped);
  }

  /** Publishes batches until none are left; returns how many were published. */
  private async drainOnce(maxBatches: number): Promise<number> {
    const batchSize = this.options.batchSize ?? 200;
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const published = await this.dataSource.transaction(async (manager) => {
        const rows: Pick<OutboxEntity, 'id' | 'envelope'>[] = await manager
          .createQueryBuilder(OutboxEntity, 'o')
          .select(['o.id', 'o.envelope'])
          .where('o.published_at IS NULL')
          .orderBy('o.created_at', 'ASC')
          .limit(batchSize)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        if (rows.length === 0) return 0;
        await Promise.all(rows.map((row) => this.publisher.publish(row.envelope)));
        await manager
          .createQueryBuilder()
          .update(OutboxEntity)
          .set({ publishedAt: () => 'now()' })
          .whereInIds(rows.map((r) => r.id))
          .execute();
        return rows.length;
      });
      total += published;
      if (published < batchSize) break;
    }
    return total;
  }

  private async prune(): Promise<void> {
    const retentionMs = this.options.retentionMs ?? 24 * 60 * 60 * 1000;
    await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(OutboxEntity)
      .where('published_at < now() - make_interval(secs => :secs)', { secs: retentionMs / 1000 })
      .execute()
      .catch((err) => currentLogger().warn({ err }, 'outbox prune failed'));
  }
}
