import { MAX_TASK_HOURS } from './ticket-effort';
import { mostCommon } from './ticket-files';
import type { IssueDraft, PlanDraft, WorkItem } from './ticket-plan';

/** Tickets the plan renders to: epic + issues + work tasks + test tasks + the docs task. */
export function countTickets(plan: PlanDraft): number {
  const work = plan.issues.reduce((n, issue) => n + issue.work.length, 0);
  const tests = plan.testMode === 'per-issue' ? plan.issues.length : plan.testMode === 'per-epic' ? 1 : 0;
  return 1 + plan.issues.length + work + tests + (plan.docs ? 1 : 0);
}

/**
 * Shrinks the plan until it fits maxTickets, giving up the least information first:
 *
 * 1. merge two work tasks of one issue whose summed effort stays within 8 h (closest
 *    relatives first: shared files, same component, same phase);
 * 2. replace the per-issue test tasks with one test task for the epic;
 * 3. fold the documentation task into the last issue's acceptance criteria;
 * 4. fold the test task into the work tasks (each already tests its own scenarios);
 * 5. merge two adjacent issues (phases), which opens new 8 h merges in step 1;
 * 6. with a single issue left, merge the two smallest tasks even past 8 h and flag the
 *    result as oversized — maxTickets and requirement coverage are never given up.
 *
 * Every step keeps every requirement on some task. It ends: once the plan is one issue with
 * nothing folded, each pass merges two tasks, and 3 tickets (epic, issue, task) always fit.
 */
export function fitBudget(plan: PlanDraft, maxTickets: number): PlanDraft {
  while (countTickets(plan) > maxTickets) {
    if (mergeWork(plan, MAX_TASK_HOURS)) continue;
    if (plan.testMode === 'per-issue' && plan.issues.length > 1) plan.testMode = 'per-epic';
    else if (plan.docs) plan.docs = false;
    else if (plan.testMode !== 'folded') plan.testMode = 'folded';
    else if (plan.issues.length > 1) mergeAdjacentIssues(plan);
    else if (!mergeWork(plan, Number.POSITIVE_INFINITY)) break;
  }
  return plan;
}

function sharedFiles(a: WorkItem, b: WorkItem): number {
  const paths = new Set(a.files.map((f) => f.change.path));
  return b.files.filter((f) => paths.has(f.change.path)).length;
}

function affinity(a: WorkItem, b: WorkItem): number {
  return (
    2 * sharedFiles(a, b) +
    (a.component === b.component ? 1 : 0) +
    (a.domain === b.domain ? 1 : 0) +
    (a.phaseNo === b.phaseNo ? 1 : 0)
  );
}

/**
 * Merges the best pair of work items within one issue whose summed hours stay within `limit`.
 * Within the 8 h limit the closest relatives merge first; past it (forced), the smallest pair,
 * so oversized tasks stay as small as the budget allows.
 */
function mergeWork(plan: PlanDraft, limit: number): boolean {
  const forced = !Number.isFinite(limit);
  let best: { issue: IssueDraft; i: number; j: number; rank: [number, number] } | null = null;
  for (const issue of plan.issues) {
    for (let i = 0; i < issue.work.length; i++) {
      for (let j = i + 1; j < issue.work.length; j++) {
        const a = issue.work[i] as WorkItem;
        const b = issue.work[j] as WorkItem;
        const hours = a.hours + b.hours;
        if (hours > limit) continue;
        const rank: [number, number] = forced ? [hours, -affinity(a, b)] : [-affinity(a, b), hours];
        if (!best || rank[0] < best.rank[0] || (rank[0] === best.rank[0] && rank[1] < best.rank[1])) {
          best = { issue, i, j, rank };
        }
      }
    }
  }
  if (!best) return false;
  const { issue, i, j } = best;
  issue.work[i] = combine(issue.work[i] as WorkItem, issue.work[j] as WorkItem);
  issue.work.splice(j, 1);
  return true;
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && seen.add(key(item)));
}

export function combine(first: WorkItem, second: WorkItem): WorkItem {
  // A requirement leads the merged task's title and component; groundwork follows it.
  const [a, b] = first.origin === 'file' && second.origin === 'requirement' ? [second, first] : [first, second];
  const hours = a.hours + b.hours;
  return {
    origin: a.origin === 'requirement' || b.origin === 'requirement' ? 'requirement' : 'file',
    kind: a.kind === b.kind ? a.kind : 'feature',
    requirements: uniqueBy([...a.requirements, ...b.requirements], (r) => r.id),
    files: uniqueBy([...a.files, ...b.files], (f) => f.change.path),
    hours,
    component: a.component,
    domain: a.domain,
    summaries: [...a.summaries, ...b.summaries],
    phaseNo: Math.min(a.phaseNo, b.phaseNo),
    oversized: hours > MAX_TASK_HOURS,
  };
}

/** Merges the adjacent pair of issues with the fewest tasks between them (earliest on ties). */
function mergeAdjacentIssues(plan: PlanDraft): void {
  let at = 0;
  for (let k = 1; k < plan.issues.length - 1; k++) {
    const size = (plan.issues[k]?.work.length ?? 0) + (plan.issues[k + 1]?.work.length ?? 0);
    const bestSize = (plan.issues[at]?.work.length ?? 0) + (plan.issues[at + 1]?.work.length ?? 0);
    if (size < bestSize) at = k;
  }
  const a = plan.issues[at] as IssueDraft;
  const b = plan.issues[at + 1] as IssueDraft;
  const work = [...a.work, ...b.work];
  plan.issues.splice(at, 2, {
    phaseNos: [...new Set([...a.phaseNos, ...b.phaseNos])],
    component: mostCommon(
      work.map((w) => w.domain),
      a.component,
    ),
    side: a.side === b.side ? a.side : '',
    work,
    testFiles: [...a.testFiles, ...b.testFiles],
  });
}
