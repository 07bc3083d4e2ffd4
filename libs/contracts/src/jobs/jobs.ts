import { z } from 'zod';
import { Id } from '../common';

/** BullMQ queue names: a permanent contract, never derived from class names. */
export const QUEUES = {
  clarification: 'fg-clarification',
  spec: 'fg-spec',
  tickets: 'fg-tickets',
  handoff: 'fg-handoff',
  webhooks: 'fg-webhooks',
  /** The gateway's scheduled housekeeping (workflow retention). */
  gatewayMaintenance: 'fg-gateway-maintenance',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  analyzeGoal: 'analyze-goal',
  generateSpec: 'generate-spec',
  generateTickets: 'generate-tickets',
  generateHandoff: 'generate-handoff',
  deliverWebhook: 'deliver-webhook',
  purgeWorkflows: 'purge-workflows',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** Every generation job names the event that caused it, so its result can chain causation. */
export const GenerationJobData = z.object({
  tenantId: Id,
  workflowId: Id,
  correlationId: z.string().min(1),
  causationEventId: Id,
});
export type GenerationJobData = z.infer<typeof GenerationJobData>;

export const DeliverWebhookJobData = z.object({
  tenantId: Id,
  subscriptionId: Id,
  eventId: Id,
});
export type DeliverWebhookJobData = z.infer<typeof DeliverWebhookJobData>;

/**
 * Deterministic job id `tenant:workflow:step`: a redelivered event finds the job it already
 * made instead of adding a second one. BullMQ accepts ':' only in exactly this 3-part shape.
 */
export function jobId(tenantId: string, workflowId: string, step: string): string {
  for (const [name, part] of [
    ['tenantId', tenantId],
    ['workflowId', workflowId],
    ['step', step],
  ] as const) {
    if (part.length === 0 || part.includes(':')) throw new Error(`jobId: ${name} must be non-empty and contain no ':'`);
  }
  return `${tenantId}:${workflowId}:${step}`;
}
