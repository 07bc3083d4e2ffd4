import type { ValidationFinding, ValidationReport } from '@flowguard/contracts';
import { compareKeys, compareText, finding, isBlank, normalizePath, type PlanContext } from './plan-context';

/**
 * Two tasks that edit the same file and that nothing orders can be picked up by two agents
 * at once, and their changes will collide. "Ordered" means one waits for the other:
 *
 * - through blockedBy, transitively (A blockedBy B blockedBy C: A waits for C);
 * - through a parent it waits for: a parent cannot be done before its children (the
 *   lifecycle's children_open rule), so a task blocked by an issue waits for every task
 *   under that issue.
 *
 * Either direction orders a pair. The check is a warning: the plan is executable, just not
 * safely in parallel.
 */

export interface ConflictResult {
  findings: ValidationFinding[];
  fileConflicts: ValidationReport['fileConflicts'];
}

export function conflictRules(ctx: PlanContext): ConflictResult {
  const waitsFor = reachability(ctx);
  const ordered = (a: string, b: string): boolean =>
    (waitsFor.get(a)?.has(b) ?? false) || (waitsFor.get(b)?.has(a) ?? false);

  const tasksByFile = new Map<string, Set<string>>();
  for (const t of ctx.tasks) {
    for (const f of t.files) {
      if (isBlank(f)) continue;
      const file = normalizePath(f);
      const set = tasksByFile.get(file) ?? new Set<string>();
      set.add(t.key);
      tasksByFile.set(file, set);
    }
  }

  const fileConflicts: ValidationReport['fileConflicts'] = [];
  for (const [file, keySet] of [...tasksByFile].sort(([a], [b]) => compareText(a, b))) {
    const keys = [...keySet].sort(compareKeys);
    const involved = new Set<string>();
    for (let i = 0; i < keys.length; i++) {
      for (let j = i + 1; j < keys.length; j++) {
        const a = keys[i] as string;
        const b = keys[j] as string;
        if (ordered(a, b)) continue;
        involved.add(a);
        involved.add(b);
      }
    }
    if (involved.size >= 2) fileConflicts.push({ file, ticketKeys: [...involved].sort(compareKeys) });
  }

  const findings = fileConflicts.map(({ file, ticketKeys }) =>
    finding(
      'parallel-file-conflict',
      'warning',
      `${ticketKeys.join(', ')} ${ticketKeys.length === 2 ? 'both' : 'all'} change ${file} and no blockedBy chain orders them, so they could run in parallel and collide`,
      ticketKeys[0],
      file,
    ),
  );
  return { findings, fileConflicts };
}

/**
 * For every key, the set of keys it transitively waits for: its blockers, a parent-level
 * blocker's descendants, and so on. Cycles and dangling links are tolerated (a visited set,
 * and unknown keys are skipped) — they are reported by the DAG rules.
 */
function reachability(ctx: PlanContext): Map<string, Set<string>> {
  const next = new Map<string, string[]>();
  for (const t of ctx.tickets) {
    const list = next.get(t.key) ?? [];
    // A ticket waits for its blockers, and a parent waits for its children.
    list.push(...t.blockedBy.filter((b) => b !== t.key && ctx.byKey.has(b)));
    next.set(t.key, list);
  }
  for (const [parent, kids] of ctx.children) next.get(parent)?.push(...kids);

  const out = new Map<string, Set<string>>();
  for (const t of ctx.tasks) {
    if (out.has(t.key)) continue;
    const seen = new Set<string>();
    const stack = [...(next.get(t.key) ?? [])];
    while (stack.length > 0) {
      const k = stack.pop() as string;
      if (seen.has(k)) continue;
      seen.add(k);
      stack.push(...(next.get(k) ?? []));
    }
    out.set(t.key, seen);
  }
  return out;
}
