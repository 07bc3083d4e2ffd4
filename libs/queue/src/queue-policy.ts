import { QUEUES, type QueueName } from '@flowguard/contracts';
import type { DefaultJobOptions } from 'bullmq';

/**
 * The one place retry policy lives: attempts, exponential backoff with jitter, retention.
 * Completed jobs are kept a day so a redelivered event still finds its job id (BullMQ's
 * job-id dedupe lasts only while the job is kept); the inbox covers the rest.
 */
const generation: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export const QUEUE_POLICIES: Record<QueueName, DefaultJobOptions> = {
  [QUEUES.clarification]: generation,
  [QUEUES.spec]: generation,
  [QUEUES.tickets]: generation,
  [QUEUES.handoff]: { ...generation, attempts: 3 },
  // Webhooks retry over hours; the gateway overrides the schedule from config.
  [QUEUES.webhooks]: {
    attempts: 12,
    backoff: { type: 'exponential', delay: 5_000, jitter: 0.3 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  },
  // Scheduled housekeeping: a failed run is retried a little, and the next run comes anyway.
  [QUEUES.gatewayMaintenance]: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000, jitter: 0.3 },
    removeOnComplete: { count: 100 },
    removeOnFail: { count: 100 },
  },
};

export function policyFor(queue: string): DefaultJobOptions {
  const policy = (QUEUE_POLICIES as Record<string, DefaultJobOptions>)[queue];
  if (!policy) throw new Error(`no retry policy for queue "${queue}": add it to QUEUE_POLICIES`);
  return policy;
}
