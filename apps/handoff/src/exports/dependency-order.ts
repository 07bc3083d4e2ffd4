import type { Ticket } from '@flowguard/contracts';

/**
 * The order every export shares: issues (and tickets with no issue above them) as groups, each
 * group's tasks in a topological order over `blockedBy`, groups themselves ordered by the links
 * between their tickets. One order for all formats, so IMPL_PLAN.md, TODO_LIST.md, Task Master
 * ids and Spec Kit T-numbers never disagree. Plans are model output: cycles, dangling links
 * and duplicate keys are tolerated, broken deterministically and reported as notes, because an
 * export must still be produced for a plan that failed validation.
 */

/** FG-2 before FG-10: keys compare by prefix, then by number (plain string order otherwise). */
export function compareKeys(a: string, b: string): number {
  const ma = /^(.*)-(\d+)$/.exec(a);
  const mb = /^(.*)-(\d+)$/.exec(b);
  if (ma && mb && ma[1] === mb[1]) return Number(ma[2]) - Number(mb[2]) || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Kahn's algorithm that always takes the lowest ready key, so ties follow key order and the
 * result is the same on every run. When nothing is ready the rest holds a cycle: the lowest
 * remaining key goes next anyway and `onCycle` words the note that says which links were broken.
 */
export function topoOrder(
  keys: readonly string[],
  depsOf: (key: string) => readonly string[],
  onCycle: (key: string, pending: string[]) => string,
): { order: string[]; notes: string[] } {
  const all = [...new Set(keys)].sort(compareKeys);
  const inSet = new Set(all);
  const pending = new Map(all.map((k) => [k, new Set(depsOf(k).filter((d) => d !== k && inSet.has(d)))]));
  const order: string[] = [];
  const notes: string[] = [];
  while (pending.size > 0) {
    let next = [...pending.keys()].find((k) => pending.get(k)?.size === 0);
    if (next === undefined) {
      next = pending.keys().next().value as string;
      notes.push(onCycle(next, [...(pending.get(next) ?? [])].sort(compareKeys)));
    }
    pending.delete(next);
    for (const deps of pending.values()) deps.delete(next);
    order.push(next);
  }
  return { order, notes };
}

export interface WorkGroup {
  /** The issue, or a ticket with no issue above it (then it is its own unit of work). */
  head: Ticket;
  /** The head's tasks in dependency order; empty when the head is itself the work. */
  tasks: Ticket[];
}

export interface OrderedPlan {
  epics: Ticket[];
  groups: WorkGroup[];
  /** Units of work — tasks, or a group's head when it has none — in export order. */
  work: Ticket[];
  byKey: ReadonlyMap<string, Ticket>;
  /** A ticket's blockers that exist in the plan (dangling, self and epic links dropped), in key order. */
  blockersOf: (key: string) => string[];
  /** Cycles broken, dangling links and duplicate keys, for the reader. */
  notes: string[];
}

export function orderPlan(tickets: readonly Ticket[]): OrderedPlan {
  const notes: string[] = [];
  const byKey = new Map<string, Ticket>();
  for (const t of tickets) {
    if (byKey.has(t.key))
      notes.push(`${t.key} appears more than once; only the first ticket with that key is exported.`);
    else byKey.set(t.key, t);
  }
  const unique = [...byKey.values()].sort((a, b) => compareKeys(a.key, b.key));

  const blockers = new Map<string, string[]>();
  for (const t of unique) {
    const kept: string[] = [];
    for (const b of new Set(t.blockedBy)) {
      const target = byKey.get(b);
      if (!target) notes.push(`${t.key} is blocked by ${b}, which is not in this plan; that link is ignored.`);
      // An epic contains everything, so "blocked by the epic" cannot order anything.
      else if (b !== t.key && target.level !== 'epic') kept.push(b);
    }
    blockers.set(t.key, kept.sort(compareKeys));
  }
  const blockersOf = (key: string): string[] => blockers.get(key) ?? [];

  const epics = unique.filter((t) => t.level === 'epic');
  const heads = unique.filter(
    (t) => t.level === 'issue' || (t.level === 'task' && byKey.get(t.parentKey ?? '')?.level !== 'issue'),
  );
  const tasksOf = new Map<string, Ticket[]>(heads.map((h) => [h.key, []]));
  const groupOf = new Map<string, string>(heads.map((h) => [h.key, h.key]));
  for (const t of unique) {
    if (t.level !== 'task' || groupOf.has(t.key)) continue;
    tasksOf.get(t.parentKey ?? '')?.push(t);
    groupOf.set(t.key, t.parentKey ?? '');
  }

  // A group waits for another when any of its tickets is blocked by any ticket of the other.
  const members = (head: string): string[] => [head, ...(tasksOf.get(head) ?? []).map((t) => t.key)];
  const groupDeps = (head: string): string[] =>
    members(head).flatMap((k) => blockersOf(k).flatMap((b) => groupOf.get(b) ?? []));
  const groupOrder = topoOrder(
    heads.map((h) => h.key),
    groupDeps,
    (k, p) => `Cycle between groups broken: ${k} is listed first although some of its work waits on ${p.join(', ')}.`,
  );
  notes.push(...groupOrder.notes);

  const groups = groupOrder.order.map((head): WorkGroup => {
    const own = tasksOf.get(head) ?? [];
    const ownKeys = new Set(own.map((t) => t.key));
    const inner = topoOrder(
      [...ownKeys],
      (k) => blockersOf(k).filter((b) => ownKeys.has(b)),
      (k, p) => `Dependency cycle broken: ${k} is listed first although it is blocked by ${p.join(', ')}.`,
    );
    notes.push(...inner.notes);
    return { head: byKey.get(head) as Ticket, tasks: inner.order.map((k) => byKey.get(k) as Ticket) };
  });
  const work = groups.flatMap((g) => (g.tasks.length > 0 ? g.tasks : [g.head]));
  return { epics, groups, work, byKey, blockersOf, notes };
}

/** `4h` → 4, `1d` → 8 (a day is 8 working hours, as in the contract); anything else counts 0. */
export function effortHours(effort: string): number {
  const m = /^(\d+(?:\.\d+)?)([hd])$/.exec(effort.trim());
  if (!m) return 0;
  return Number(m[1]) * (m[2] === 'd' ? 8 : 1);
}

/** `36h (4.5d)`: hours for agents, days for people planning a sprint. */
export function formatHours(hours: number): string {
  const h = Math.round(hours * 10) / 10;
  return h >= 8 ? `${h}h (${Math.round((h / 8) * 10) / 10}d)` : `${h}h`;
}

/**
 * The longest chain of work by effort. A unit of work waits for its own blockers and for its
 * issue's; a blocker that is an issue with tasks stands for those tasks. Only links pointing
 * backwards in the export order count, which also makes a broken cycle harmless here.
 */
export function criticalPath(plan: OrderedPlan): { hours: number; keys: string[] } {
  const position = new Map(plan.work.map((t, i) => [t.key, i]));
  const groupByKey = new Map<string, WorkGroup>();
  for (const g of plan.groups) for (const t of [g.head, ...g.tasks]) groupByKey.set(t.key, g);
  const asWork = (key: string): string[] => {
    const g = groupByKey.get(key);
    return g && g.head.key === key && g.tasks.length > 0 ? g.tasks.map((t) => t.key) : [key];
  };

  const best = new Map<string, { hours: number; prev: string | null }>();
  for (const t of plan.work) {
    const head = groupByKey.get(t.key)?.head;
    const waits = [...plan.blockersOf(t.key), ...(head && head.key !== t.key ? plan.blockersOf(head.key) : [])];
    let prev: string | null = null;
    let before = 0;
    for (const w of waits.flatMap(asWork)) {
      const done = best.get(w);
      if (done && (position.get(w) ?? Infinity) < (position.get(t.key) ?? -1) && done.hours > before) {
        before = done.hours;
        prev = w;
      }
    }
    best.set(t.key, { hours: before + effortHours(t.estimatedEffort), prev });
  }

  let end: string | null = null;
  for (const t of plan.work)
    if (end === null || (best.get(t.key)?.hours ?? 0) > (best.get(end)?.hours ?? 0)) end = t.key;
  const keys: string[] = [];
  for (let k = end; k !== null; k = best.get(k)?.prev ?? null) keys.unshift(k);
  return { hours: end === null ? 0 : (best.get(end)?.hours ?? 0), keys };
}
