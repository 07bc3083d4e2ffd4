import type { FunctionalRequirement, Priority, TicketsInput } from '@flowguard/contracts';

type Distribution = TicketsInput['priorityDistribution'];

const ORDER: Priority[] = ['P0', 'P1', 'P2', 'P3'];

/**
 * The priority rule, in one place:
 *
 * - balanced: MUST → P1, SHOULD → P2, MAY → P3; nothing is P0, so the plan keeps room for
 *   real incidents. Supporting work that no requirement claims (documentation, unmatched
 *   file changes) → P2.
 * - critical-first: MUST requirements of the first phase that has any MUST → P0 (the critical
 *   path starts there), other MUST → P1, SHOULD → P2, MAY → P3, and supporting work is pushed
 *   down to P3 so nothing competes with the critical path.
 *
 * Derived tickets take the most urgent priority of what they contain: a merged task of its
 * requirements, a test task of the tasks it verifies, an issue of its tasks, the epic of its issues.
 */
export function requirementPriority(
  level: FunctionalRequirement['level'],
  phaseNo: number,
  criticalPhase: number | null,
  distribution: Distribution,
): Priority {
  if (level === 'SHOULD') return 'P2';
  if (level === 'MAY') return 'P3';
  if (distribution === 'critical-first' && phaseNo === criticalPhase) return 'P0';
  return 'P1';
}

export function supportPriority(distribution: Distribution): Priority {
  return distribution === 'critical-first' ? 'P3' : 'P2';
}

/** The most urgent of several priorities; `fallback` when there are none. */
export function highest(priorities: Priority[], fallback: Priority): Priority {
  if (priorities.length === 0) return fallback;
  return ORDER[Math.min(...priorities.map((p) => ORDER.indexOf(p)))] ?? fallback;
}

/** The first phase (0-based) holding a MUST requirement, or null when nothing is a MUST. */
export function firstCriticalPhase(phaseOf: Map<string, number>, requirements: FunctionalRequirement[]): number | null {
  const phases = requirements.filter((r) => r.level === 'MUST').map((r) => phaseOf.get(r.id) ?? 0);
  return phases.length > 0 ? Math.min(...phases) : null;
}
