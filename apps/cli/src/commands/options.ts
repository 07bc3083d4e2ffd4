import { InvalidArgumentError } from 'commander';

/** The agents the handoff service has templates for (AgentType in the contracts). */
export const AGENT_TYPES = ['cursor', 'claude', 'windsurf', 'cline', 'aider', 'generic', 'custom'];

export const WORKFLOW_STATUSES = [
  'submitted',
  'awaiting_answers',
  'clarified',
  'spec_ready',
  'tickets_ready',
  'completed',
  'failed',
  'cancelled',
];

/** A commander parser for an integer option in [min, max]; anything else is a usage error. */
export function intInRange(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    }
    return n;
  };
}
