import { mostCommon, type FileInfo } from './ticket-files';
import { bestIndex, inverseFrequency, similarity } from './ticket-match';
import type { IssueDraft, WorkItem } from './ticket-plan';

/** How work items become issues: per spec phase, or per side of the stack for a one-phase spec. */

export function groupByPhase(phaseCount: number, ordered: WorkItem[]): IssueDraft[] {
  const issues: IssueDraft[] = Array.from({ length: phaseCount }, (_, i) => ({
    phaseNos: [i],
    component: '',
    side: '',
    work: ordered.filter((w) => w.phaseNo === i),
    testFiles: [],
  }));
  // A phase with no work of its own (e.g. "Rollout") folds into its neighbour, so its
  // deliverables and success criteria still land on an issue.
  const kept: IssueDraft[] = [];
  let pending: number[] = [];
  for (const issue of issues) {
    if (issue.work.length === 0) {
      const prev = kept[kept.length - 1];
      if (prev) prev.phaseNos.push(...issue.phaseNos);
      else pending.push(...issue.phaseNos);
      continue;
    }
    issue.phaseNos = [...pending, ...issue.phaseNos];
    pending = [];
    kept.push(issue);
  }
  for (const issue of kept)
    issue.component = mostCommon(
      issue.work.map((w) => w.domain),
      'Core',
    );
  return kept;
}

const SIDE: Record<string, string> = { UI: 'frontend', Client: 'frontend', API: 'backend', DB: 'backend' };

/**
 * A single-phase spec is split by side of the stack (frontend / backend), the component
 * boundary along which two people can work in parallel; work of no clear side joins the
 * larger group. One side only gives one issue.
 */
export function groupBySide(ordered: WorkItem[]): IssueDraft[] {
  const sideOf = (w: WorkItem): string => SIDE[w.component.split(' ').pop() ?? ''] ?? '';
  const sides = [...new Set(ordered.map(sideOf).filter(Boolean))];
  const largest = mostCommon(ordered.map(sideOf).filter(Boolean), '');
  return (sides.length > 0 ? sides : ['']).map((side) => {
    const work = ordered.filter((w) => (sideOf(w) || largest) === side);
    const component = mostCommon(
      work.map((w) => w.component),
      'Core',
    );
    return { phaseNos: [0], component, work, testFiles: [], side };
  });
}

/** Test files go to the issue whose work they resemble most (ties: the last issue). */
export function attachTestFiles(issues: IssueDraft[], testFiles: FileInfo[]): void {
  const issueKw = issues.map((issue) => {
    const kw = new Map<string, number>();
    for (const f of issue.work.flatMap((w) => w.files))
      for (const [k, v] of f.keywords) kw.set(k, Math.max(v, kw.get(k) ?? 0));
    return kw;
  });
  const idf = inverseFrequency(issueKw);
  for (const file of testFiles) {
    const scores = issueKw.map((kw) => similarity(file.keywords, kw, idf));
    issues[bestIndex(scores, issues.length - 1)]?.testFiles.push(file);
  }
}
