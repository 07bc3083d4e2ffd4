import type { Ticket, TicketStatus } from '@flowguard/contracts';

/**
 * The ticket status state machine and progress roll-up. Pure: tickets in, tickets out — the
 * caller persists the result (and the changes) in one transaction.
 *
 * Allowed transitions (anything else is refused with code invalid_transition):
 *
 * | from        | to                          | meaning                                          |
 * |-------------|-----------------------------|--------------------------------------------------|
 * | open        | in_progress, blocked        | start work; park it on an external dependency    |
 * | in_progress | review, blocked, open       | hand in; hit a wall; give it back to the pool    |
 * | review      | done, in_progress           | accept; send back for changes                    |
 * | done        | reopened                    | a regression or a missed criterion               |
 * | reopened    | in_progress, blocked        | pick the rework up; park it                      |
 * | blocked     | open, in_progress           | unblocked back to the pool; resume directly      |
 *
 * Guards on top of the table:
 * - entering in_progress requires every blockedBy ticket to be done (code blocked). A link to
 *   a key that is not among the tickets, or to the ticket itself, is ignored: it names no
 *   other unfinished work, and plan validation already reports it (dag-dangling-link,
 *   dag-self-link);
 * - entering done requires every child (parentKey === key) to be done (code children_open).
 *   Direct children suffice: a child could not be done with open children of its own.
 *
 * Effects on other tickets:
 * - reopening a ticket reopens every done ancestor (done → reopened, an allowed transition):
 *   a parent cannot stay done over unfinished work. These appear in `changed`.
 * - nothing auto-completes or auto-starts: when every child of a parent is done the parent
 *   just reports 100 % and a person (or agent) moves it through review to done.
 *
 * Moving a ticket to the status it already has succeeds with no change, so a retried request
 * (at-least-once delivery, a double click) is harmless.
 */

export interface LifecycleTicket {
  key: string;
  status: TicketStatus;
  blockedBy: readonly string[];
  parentKey: string | null;
  /** Optional: with it, rollUp also reports an epic or issue that has no children yet. */
  level?: Ticket['level'];
}

export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  open: ['in_progress', 'blocked'],
  in_progress: ['review', 'blocked', 'open'],
  review: ['done', 'in_progress'],
  done: ['reopened'],
  reopened: ['in_progress', 'blocked'],
  blocked: ['open', 'in_progress'],
};

export interface StatusChange {
  key: string;
  from: TicketStatus;
  to: TicketStatus;
}

export type TransitionRefusal = 'not_found' | 'invalid_transition' | 'blocked' | 'children_open';

export type TransitionResult<T extends LifecycleTicket> =
  { ok: true; tickets: T[]; changed: StatusChange[] } | { ok: false; code: TransitionRefusal; reason: string };

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return (TRANSITIONS[from] ?? []).includes(to);
}

/** Moves `key` to `to`, or says why not. The input array and its tickets are not modified. */
export function transition<T extends LifecycleTicket>(
  tickets: readonly T[],
  key: string,
  to: TicketStatus,
): TransitionResult<T> {
  const byKey = new Map<string, T>();
  for (const t of tickets) if (!byKey.has(t.key)) byKey.set(t.key, t);

  const ticket = byKey.get(key);
  if (!ticket) return { ok: false, code: 'not_found', reason: `ticket ${key} not found` };
  const from = ticket.status;
  if (from === to) return { ok: true, tickets: [...tickets], changed: [] };

  if (!canTransition(from, to)) {
    const allowed = (TRANSITIONS[from] ?? []).join(', ') || 'nothing';
    return {
      ok: false,
      code: 'invalid_transition',
      reason: `cannot move ${key} from ${from} to ${to}: allowed from ${from}: ${allowed}`,
    };
  }

  if (to === 'in_progress') {
    const waiting = [...new Set(ticket.blockedBy)]
      .filter((b) => b !== key)
      .map((b) => byKey.get(b))
      .filter((b): b is T => b !== undefined && b.status !== 'done');
    if (waiting.length > 0)
      return {
        ok: false,
        code: 'blocked',
        reason: `cannot move ${key} to in_progress: blocked by ${describe(waiting)}, which must be done first`,
      };
  }

  if (to === 'done') {
    const open = tickets.filter((t) => t.parentKey === key && t.key !== key && t.status !== 'done');
    if (open.length > 0)
      return {
        ok: false,
        code: 'children_open',
        reason: `cannot move ${key} to done: children not done: ${describe(open)}`,
      };
  }

  const changed: StatusChange[] = [{ key, from, to }];
  if (to === 'reopened') changed.push(...reopenAncestors(byKey, ticket));

  const next = new Map(changed.map((c) => [c.key, c.to]));
  return {
    ok: true,
    tickets: tickets.map((t) => {
      const status = next.get(t.key);
      return status === undefined ? t : { ...t, status };
    }),
    changed,
  };
}

/** Every done ancestor of a reopened ticket goes back to reopened (parent cycles tolerated). */
function reopenAncestors<T extends LifecycleTicket>(byKey: Map<string, T>, ticket: T): StatusChange[] {
  const out: StatusChange[] = [];
  const seen = new Set([ticket.key]);
  let parent = ticket.parentKey === null ? undefined : byKey.get(ticket.parentKey);
  while (parent && !seen.has(parent.key)) {
    seen.add(parent.key);
    if (parent.status === 'done') out.push({ key: parent.key, from: 'done', to: 'reopened' });
    parent = parent.parentKey === null ? undefined : byKey.get(parent.parentKey);
  }
  return out;
}

const describe = (tickets: readonly LifecycleTicket[]): string =>
  tickets.map((t) => `${t.key} (${t.status})`).join(', ');

/**
 * How much of a task counts as delivered, by status. Review is most of the work (the code
 * exists, it is being checked); in progress is counted as half; blocked and reopened count
 * nothing — a reopened task's earlier delivery turned out not to hold.
 */
export const STATUS_WEIGHT: Readonly<Record<TicketStatus, number>> = {
  open: 0,
  in_progress: 50,
  review: 75,
  done: 100,
  blocked: 0,
  reopened: 0,
};

export interface Progress {
  /** Leaf tickets (tasks) under the key that are done. */
  done: number;
  /** Leaf tickets (tasks) under the key. */
  total: number;
  /**
   * Mean STATUS_WEIGHT of those leaves, rounded down — 100 only when every one is done,
   * so a parent never shows 100 % over an unfinished task.
   */
  percent: number;
}

/**
 * Progress of a ticket over its leaf descendants (its tasks; an issue without tasks yet counts
 * as its own single unit). A task's progress is its own weight. Null when the key is unknown.
 */
export function progress(tickets: readonly LifecycleTicket[], key: string): Progress | null {
  const index = indexTickets(tickets);
  return index.byKey.has(key) ? progressIn(index, key) : null;
}

/** Percent complete of every epic and issue (every ticket with children, or level epic/issue). */
export function rollUp(tickets: readonly LifecycleTicket[]): Record<string, number> {
  const index = indexTickets(tickets);
  const out: Record<string, number> = {};
  for (const t of index.byKey.values()) {
    const isParent = (index.children.get(t.key)?.length ?? 0) > 0 || t.level === 'epic' || t.level === 'issue';
    if (isParent) out[t.key] = progressIn(index, t.key).percent;
  }
  return out;
}

interface TicketIndex {
  byKey: Map<string, LifecycleTicket>;
  children: Map<string, string[]>;
}

function indexTickets(tickets: readonly LifecycleTicket[]): TicketIndex {
  const byKey = new Map<string, LifecycleTicket>();
  const children = new Map<string, string[]>();
  for (const t of tickets) {
    if (byKey.has(t.key)) continue;
    byKey.set(t.key, t);
    if (t.parentKey === null || t.parentKey === t.key) continue;
    const kids = children.get(t.parentKey) ?? [];
    kids.push(t.key);
    children.set(t.parentKey, kids);
  }
  return { byKey, children };
}

function progressIn(index: TicketIndex, key: string): Progress {
  const leaves: LifecycleTicket[] = [];
  const seen = new Set<string>();
  const stack = [key];
  while (stack.length > 0) {
    const k = stack.pop() as string;
    if (seen.has(k)) continue; // a parent cycle in corrupt data must not loop forever
    seen.add(k);
    const kids = index.children.get(k) ?? [];
    const t = index.byKey.get(k);
    if (kids.length === 0 && t) leaves.push(t);
    stack.push(...kids);
  }
  const total = leaves.length;
  const done = leaves.filter((t) => t.status === 'done').length;
  const weight = leaves.reduce((sum, t) => sum + (STATUS_WEIGHT[t.status] ?? 0), 0);
  return { done, total, percent: total === 0 ? 0 : Math.floor(weight / total) };
}
