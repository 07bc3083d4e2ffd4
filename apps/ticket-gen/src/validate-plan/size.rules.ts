import type { ValidationFinding } from '@flowguard/contracts';
import { effortHours, finding, HOURS_PER_DAY, type PlanContext } from './plan-context';

/**
 * Effort sanity. A task is one person's work of 2–8 h (brief §3). Slightly outside that is a
 * sizing smell (warning: split it, or merge it with a neighbour); far outside it — under an
 * hour, over two days — is not a task at all, or a model that lost its units (error).
 * Malformed efforts are effort-format's; they are skipped here.
 */

export const TASK_HOURS = { min: 2, max: 8 } as const;
/** Beyond these bounds a task estimate is an error, between them and TASK_HOURS a warning. */
export const TASK_HOURS_HARD = { min: 1, max: 2 * HOURS_PER_DAY } as const;
/** No single epic or issue of one plan is a year of work; 200 days means lost units. */
export const MAX_PARENT_DAYS = 200;

export function sizeRules(ctx: PlanContext): ValidationFinding[] {
  const out: ValidationFinding[] = [];
  for (const t of ctx.tickets) {
    const hours = effortHours(t.estimatedEffort);
    if (hours === null) continue;
    if (t.level === 'task') {
      if (hours >= TASK_HOURS.min && hours <= TASK_HOURS.max) continue;
      const hard = hours < TASK_HOURS_HARD.min || hours > TASK_HOURS_HARD.max;
      const limit = hard ? `, and beyond the ${TASK_HOURS_HARD.min}–${TASK_HOURS_HARD.max} h a task can be` : '';
      const message = `task effort ${t.estimatedEffort} (${hours} h) is outside ${TASK_HOURS.min}–${TASK_HOURS.max} h${limit}`;
      out.push(finding('task-effort-range', hard ? 'error' : 'warning', message, t.key, t.estimatedEffort));
    } else if (hours > MAX_PARENT_DAYS * HOURS_PER_DAY) {
      const message = `${t.level} effort ${t.estimatedEffort} exceeds ${MAX_PARENT_DAYS} days`;
      out.push(finding('absurd-effort', 'error', message, t.key, t.estimatedEffort));
    }
  }
  return out;
}
