import type { ValidationFinding, ValidationReport } from '@flowguard/contracts';
import { compareKeys, finding, type PlanContext } from './plan-context';

/**
 * The blockedBy graph must be a DAG over real tickets: a cycle means none of its tickets can
 * ever start (the lifecycle refuses in_progress while a blocker is not done), a dangling link
 * waits for a ticket that does not exist, and an orphan is outside every roll-up.
 */

export interface DagResult {
  findings: ValidationFinding[];
  dag: ValidationReport['dag'];
}

export function dagRules(ctx: PlanContext): DagResult {
  const edges = blockerEdges(ctx);
  const cycles = findCycles(ctx.keys, edges);
  const findings: ValidationFinding[] = cycles.map(({ cycle, tangle }) => {
    const extra = tangle.filter((k) => !cycle.includes(k));
    const also = extra.length > 0 ? `; the same knot also holds ${extra.join(', ')}` : '';
    return finding(
      'dag-cycle',
      'error',
      `blockedBy links form a cycle, so none of these can start: ${[...cycle, cycle[0]].join(' → ')}${also}`,
      cycle[0],
      cycle.join(','),
    );
  });

  const danglingLinks: ValidationReport['dag']['danglingLinks'] = [];
  const seenLinks = new Set<string>();
  for (const t of ctx.tickets) {
    for (const to of new Set(t.blockedBy)) {
      if (ctx.byKey.has(to) || seenLinks.has(`${t.key}\n${to}`)) continue;
      seenLinks.add(`${t.key}\n${to}`);
      danglingLinks.push({ from: t.key, to });
      findings.push(finding('dag-dangling-link', 'error', `blocked by ${to}, which is not in the plan`, t.key, to));
    }
  }

  for (const t of ctx.tickets) {
    if (t.blockedBy.includes(t.key))
      findings.push(finding('dag-self-link', 'error', 'blocked by itself, so it can never start', t.key, t.key));
  }

  // An epic with a parent is a hierarchy error; only issues and tasks can be orphans.
  const orphans = new Set<string>();
  for (const t of ctx.tickets) {
    if (t.level === 'epic') continue;
    if (t.parentKey === null) {
      findings.push(finding('dag-orphan', 'error', `${t.level} has no parent`, t.key));
    } else if (!ctx.byKey.has(t.parentKey)) {
      findings.push(
        finding('dag-orphan', 'error', `${t.level}'s parent ${t.parentKey} is not in the plan`, t.key, t.parentKey),
      );
    } else continue;
    orphans.add(t.key);
  }

  return {
    findings,
    dag: { cycles: cycles.map((c) => c.cycle), danglingLinks, orphans: [...orphans].sort(compareKeys) },
  };
}

/**
 * Each key's blockers that exist, deduplicated and in key order (so the search is
 * deterministic). Self-links are dag-self-link's and dangling links dag-dangling-link's
 * business: leaving them out keeps a self-link from also reading as a one-ticket cycle.
 * Duplicated keys pool their links — either copy's blockers hold the key back.
 */
function blockerEdges(ctx: PlanContext): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (const t of ctx.tickets) {
    const set = sets.get(t.key) ?? new Set<string>();
    for (const b of t.blockedBy) if (b !== t.key && ctx.byKey.has(b)) set.add(b);
    sets.set(t.key, set);
  }
  return new Map([...sets].map(([k, s]) => [k, [...s].sort(compareKeys)]));
}

/**
 * One cycle per strongly connected component of two or more tickets (Tarjan). Listing every
 * elementary cycle can grow exponentially with hostile input; one concrete loop per knot —
 * the shortest one through its lowest key — names links to break, and `tangle` lists the
 * rest of the knot so nothing in it goes unmentioned. Cycles are sorted by first key.
 */
function findCycles(keys: string[], edges: Map<string, string[]>): { cycle: string[]; tangle: string[] }[] {
  return stronglyConnected(keys, edges)
    .filter((component) => component.length > 1)
    .map((component) => {
      const tangle = [...component].sort(compareKeys);
      return { cycle: shortestLoop(tangle[0] as string, new Set(component), edges), tangle };
    })
    .sort((a, b) => compareKeys(a.cycle[0] as string, b.cycle[0] as string));
}

function stronglyConnected(keys: string[], edges: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;

  // Recursion depth is bounded by the plan size (maxTickets ≤ 200).
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    components.push(component);
  };

  for (const k of keys) if (!index.has(k)) visit(k);
  return components;
}

/** Breadth-first from `start` inside its component back to `start`: [start, …] without the repeat. */
function shortestLoop(start: string, component: Set<string>, edges: Map<string, string[]>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i] as string;
    for (const v of edges.get(u) ?? []) {
      if (!component.has(v)) continue;
      if (v === start) {
        const path = [u];
        while (path[0] !== start) path.unshift(previous.get(path[0] as string) as string);
        return path;
      }
      if (!previous.has(v)) {
        previous.set(v, u);
        queue.push(v);
      }
    }
  }
  return [start]; // unreachable for a real component of two or more
}
