import type { Complexity, FunctionalRequirement } from '@flowguard/contracts';

/**
 * Effort rules of the offline planner. A task is 2–8 working hours (one person, one day at
 * most); issues and the epic are the sum of their children. All numbers are whole hours.
 */
export const MIN_TASK_HOURS = 2;
export const MAX_TASK_HOURS = 8;

// The triaged complexity sets the floor of every task: a "large" goal implies a larger,
// less familiar codebase area, so even a small change costs more there.
const BASE_HOURS: Record<Complexity, number> = { small: 2, medium: 3, large: 4 };
const LEVEL_HOURS: Record<FunctionalRequirement['level'], number> = { MUST: 1, SHOULD: 0, MAY: -1 };

export function clampTaskHours(hours: number): number {
  return Math.min(MAX_TASK_HOURS, Math.max(MIN_TASK_HOURS, Math.round(hours)));
}

/**
 * base(complexity) + 1 h per extra acceptance scenario (max +2) + 1 h per extra file (max +2)
 * + MUST +1 / SHOULD 0 / MAY −1, clamped to 2–8 h. The estimate includes the unit tests for
 * the requirement's own scenarios; the per-issue test task is the integration pass.
 */
export function requirementHours(fr: FunctionalRequirement, fileCount: number, complexity: Complexity): number {
  const scenarios = Math.min(2, Math.max(0, fr.scenarios.length - 1));
  const files = Math.min(2, Math.max(0, fileCount - 1));
  return clampTaskHours(BASE_HOURS[complexity] + scenarios + files + LEVEL_HOURS[fr.level]);
}

/** A file change nobody's requirement claimed: one file, so the base, minus an hour for a deletion. */
export function fileChangeHours(action: 'create' | 'modify' | 'delete', complexity: Complexity): number {
  return clampTaskHours(BASE_HOURS[complexity] - (action === 'delete' ? 1 : 0));
}

/** Integration tests: 2 h plus 1 h per two tasks under test, +1 h for a large goal; capped at 8 h. */
export function testHours(tasksUnderTest: number, complexity: Complexity): number {
  return clampTaskHours(2 + Math.ceil(tasksUnderTest / 2) + (complexity === 'large' ? 1 : 0));
}

export function docsHours(complexity: Complexity): number {
  return BASE_HOURS[complexity];
}

/**
 * Effort text: a task within 8 h is "Nh". A sum is "Nd" when it is whole days, "Nh" below
 * three days (a reader can still picture the hours), and beyond that days rounded up to the
 * half day, so an estimate is never rounded down.
 */
export function formatEffort(hours: number): string {
  if (hours <= MAX_TASK_HOURS) return `${hours}h`;
  if (hours % 8 === 0) return `${hours / 8}d`;
  if (hours < 24) return `${hours}h`;
  return `${Math.ceil(hours / 4) / 2}d`;
}
