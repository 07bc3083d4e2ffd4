import { currentLogger } from '@flowguard/logging';
import { Queue, Worker, type ConnectionOptions, type Processor, type WorkerOptions } from 'bullmq';
import { policyFor } from './queue-policy';

export interface QueueSettings {
  redisUrl: string;
  prefix: string;
  /** A killed worker's job is taken back once its lock lapses (checked every stalledIntervalMs). */
  lockDurationMs: number;
  stalledIntervalMs: number;
  shutdownGraceMs: number;
}

export function redisConnection(url: string, worker: boolean): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    // Workers block on Redis and must never give up a command; producers fail fast instead
    // of buffering jobs in memory while Redis is away.
    ...(worker ? { maxRetriesPerRequest: null } : { enableOfflineQueue: false, maxRetriesPerRequest: 1 }),
  };
}

/** Creates queues (with their policy) and workers, and closes them all gracefully. */
export class QueueFactory {
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];

  constructor(private readonly settings: QueueSettings) {}

  queue<TData = unknown>(name: string): Queue<TData> {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: redisConnection(this.settings.redisUrl, false),
        prefix: this.settings.prefix,
        defaultJobOptions: policyFor(name),
      });
      queue.on('error', (err) => currentLogger().warn({ err, queue: name }, 'queue connection error'));
      this.queues.set(name, queue);
    }
    return queue as unknown as Queue<TData>;
  }

  worker<TData = unknown, TResult = unknown>(
    name: string,
    processor: Processor<TData, TResult>,
    options: Partial<Pick<WorkerOptions, 'concurrency' | 'limiter' | 'maxStalledCount'>> = {},
  ): Worker<TData, TResult> {
    policyFor(name);
    const worker = new Worker<TData, TResult>(name, processor, {
      connection: redisConnection(this.settings.redisUrl, true),
      prefix: this.settings.prefix,
      concurrency: options.concurrency ?? 4,
      limiter: options.limiter,
      lockDuration: this.settings.lockDurationMs,
      stalledInterval: this.settings.stalledIntervalMs,
      // A job whose worker died this many times more is failed (it may be what kills them).
      maxStalledCount: options.maxStalledCount ?? 2,
    });
    worker.on('error', (err) => currentLogger().warn({ err, queue: name }, 'worker error'));
    this.workers.push(worker as unknown as Worker);
    return worker;
  }

  /**
   * Stops taking jobs and waits for active ones; after the grace period the worker is
   * force-closed and its jobs come back through the stalled check on another replica.
   */
  async close(): Promise<void> {
    const grace = this.settings.shutdownGraceMs;
    await Promise.all(
      this.workers.map(async (worker) => {
        const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), grace).unref());
        const result = await Promise.race([worker.close().then(() => 'closed' as const), timer]);
        if (result === 'timeout') await worker.close(true);
      }),
    );
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.workers.length = 0;
    this.queues.clear();
  }
}
