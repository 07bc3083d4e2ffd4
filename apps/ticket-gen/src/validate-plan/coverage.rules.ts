import type { ValidationFinding, ValidationReport } from '@flowguard/contracts';
import { compareKeys, finding, type PlanContext } from './plan-context';

/**
 * Requirement → ticket traceability. Coverage is counted on tasks only: epics and issues list
 * the union of their tasks' covers, so an FR named on an issue but on none of its tasks is
 * claimed by nobody who will actually do the work. Any task kind counts — a requirement such
 * as "MUST document the API" is honestly covered by a documentation task.
 */

export interface CoverageResult {
  findings: ValidationFinding[];
  traceability: ValidationReport['traceability'];
}

export function coverageRules(ctx: PlanContext): CoverageResult {
  const coveredBy = new Map<string, Set<string>>();
  for (const t of ctx.tasks) {
    for (const id of t.covers) {
      const set = coveredBy.get(id) ?? new Set<string>();
      set.add(t.key);
      coveredBy.set(id, set);
    }
  }

  const findings: ValidationFinding[] = [];
  const traceability: ValidationReport['traceability'] = [];
  // Spec order, so the matrix reads like the spec; ctx.frs keeps the first of a duplicated id.
  for (const fr of ctx.frs.values()) {
    const ticketKeys = [...(coveredBy.get(fr.id) ?? [])].sort(compareKeys);
    traceability.push({ requirementId: fr.id, ticketKeys });
    if (ticketKeys.length > 0) continue;
    // An unplanned MUST means the plan cannot deliver the spec; SHOULD/MAY may be cut knowingly.
    findings.push(
      finding(
        'fr-uncovered',
        fr.level === 'MUST' ? 'error' : 'warning',
        `${fr.level} requirement ${fr.id} (${fr.title}) is covered by no task`,
        undefined,
        fr.id,
      ),
    );
  }
  return { findings, traceability };
}
