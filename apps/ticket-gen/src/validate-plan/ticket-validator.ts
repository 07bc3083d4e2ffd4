import { VALIDATION_REPORT_SCHEMA_VERSION, ValidationReport, type ValidationFinding } from '@flowguard/contracts';
import { alignmentRules } from './alignment.rules';
import { conflictRules } from './conflicts.rules';
import { coverageRules } from './coverage.rules';
import { dagRules } from './dag.rules';
import { compareKeys, PLAN_RULES, planContext, type PlanInput } from './plan-context';
import { sizeRules } from './size.rules';
import { structureRules } from './structure.rules';

export { PLAN_RULES, type PlanInput, type PlanRule } from './plan-context';

/**
 * Validates a ticket plan against its spec and produces the report every plan carries.
 *
 * The tickets are untrusted: a model (or the offline planner) can return schema-valid output
 * with dangling links, cycles, invented requirements or absurd efforts. Nothing here throws on
 * bad tickets — each problem becomes a finding; `valid` is false when any finding is an error.
 *
 * Rule groups (ids in PLAN_RULES, which is API):
 * - alignment.rules.ts — seed 000 per-ticket rules (specRef, covers, criteria, files, sections,
 *   verb-first criteria, effort format, at least one file, title format);
 * - structure.rules.ts — unique keys and the Epic → Issue → Task hierarchy;
 * - dag.rules.ts — cycles, dangling links, self links, orphans (and report.dag);
 * - coverage.rules.ts — uncovered FRs and the traceability matrix;
 * - conflicts.rules.ts — tasks that share a file and could run in parallel;
 * - size.rules.ts — task effort range and absurd parent efforts.
 *
 * Findings are ordered by rule (PLAN_RULES order), then ticket key (plan-wide findings first),
 * then the order the rule emitted them — the same plan always yields the same report.
 */
export function validatePlan(input: PlanInput): ValidationReport {
  const ctx = planContext(input);
  const dag = dagRules(ctx);
  const coverage = coverageRules(ctx);
  const conflicts = conflictRules(ctx);

  const findings = sortFindings([
    ...alignmentRules(ctx),
    ...structureRules(ctx),
    ...dag.findings,
    ...coverage.findings,
    ...conflicts.findings,
    ...sizeRules(ctx),
  ]);
  const errors = findings.filter((f) => f.severity === 'error').length;

  // Parsed with its own contract so a validator bug fails here, loudly, not in a consumer.
  return ValidationReport.parse({
    schemaVersion: VALIDATION_REPORT_SCHEMA_VERSION,
    valid: errors === 0,
    errors,
    warnings: findings.length - errors,
    findings,
    traceability: coverage.traceability,
    fileConflicts: conflicts.fileConflicts,
    dag: dag.dag,
  });
}

const RULE_RANK = new Map<string, number>(PLAN_RULES.map((rule, i) => [rule, i]));

function sortFindings(findings: ValidationFinding[]): ValidationFinding[] {
  // Array.prototype.sort is stable, so ties keep the order each rule emitted them in.
  return [...findings].sort((a, b) => {
    const byRule = (RULE_RANK.get(a.rule) ?? PLAN_RULES.length) - (RULE_RANK.get(b.rule) ?? PLAN_RULES.length);
    if (byRule !== 0) return byRule;
    if (a.ticketKey === b.ticketKey) return 0;
    if (a.ticketKey === undefined) return -1;
    if (b.ticketKey === undefined) return 1;
    return compareKeys(a.ticketKey, b.ticketKey);
  });
}
