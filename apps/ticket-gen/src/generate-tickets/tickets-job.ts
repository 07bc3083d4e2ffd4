import { JOBS, QUEUES, jobId, type GenerationJobData } from '@flowguard/contracts';
import type { QueueFactory } from '@flowguard/queue';
import type { TicketGenConfig } from '../config';

/**
 * A ticket job: which workflow, and which version of its ticket set to produce. spec.created
 * asks for version 1, a regeneration for latest + 1; the version is part of the job id, so a
 * redelivered event or a double-clicked regenerate finds the job it already made.
 */
export type TicketsJobData = GenerationJobData & { version: number };

export const ticketsStep = (version: number) => `tickets-v${version}`;

export async function enqueueTicketsJob(
  queues: QueueFactory,
  config: Pick<TicketGenConfig, 'TICKETS_JOB_ATTEMPTS' | 'TICKETS_JOB_BACKOFF_MS'>,
  data: TicketsJobData,
  { replaceFailed = false }: { replaceFailed?: boolean } = {},
): Promise<string> {
  const id = jobId(data.tenantId, data.workflowId, ticketsStep(data.version));
  const queue = queues.queue<TicketsJobData>(QUEUES.tickets);
  if (replaceFailed) {
    // A failed job keeps its id for days (retention), and adding the same id again is a
    // no-op: a regeneration asked for after a failure must clear it first, or nothing runs.
    const previous = await queue.getJob(id);
    if (previous && (await previous.getState()) === 'failed') await previous.remove();
  }
  await queue.add(JOBS.generateTickets, data, {
    jobId: id,
    // Test-only overrides of the queue policy (see config.ts); absent, the policy applies.
    ...(config.TICKETS_JOB_ATTEMPTS !== undefined ? { attempts: config.TICKETS_JOB_ATTEMPTS } : {}),
    ...(config.TICKETS_JOB_BACKOFF_MS !== undefined
      ? { backoff: { type: 'exponential', delay: config.TICKETS_JOB_BACKOFF_MS, jitter: 0.5 } }
      : {}),
  });
  return id;
}

/** Removes the waiting/delayed jobs of versions 1…upTo; an active (locked) one is left to finish. */
export async function removeTicketsJobs(
  queues: QueueFactory,
  ref: { tenantId: string; workflowId: string },
  upTo: number,
): Promise<void> {
  const queue = queues.queue(QUEUES.tickets);
  for (let v = 1; v <= upTo; v++) {
    await queue.remove(jobId(ref.tenantId, ref.workflowId, ticketsStep(v))).catch(() => 0);
  }
}
