import type { Ticket } from '@flowguard/contracts';

type TreeTicket = Pick<
  Ticket,
  'key' | 'level' | 'parentKey' | 'title' | 'priority' | 'estimatedEffort' | 'status' | 'blockedBy'
>;

function line(t: TreeTicket): string {
  const waits = t.blockedBy.length > 0 ? `; blocked by ${t.blockedBy.join(', ')}` : '';
  // Titles are model output: a newline in one would break the tree into fake rows.
  const title = t.title.replace(/\s+/g, ' ').trim();
  return `${t.key} [${t.priority}] ${t.estimatedEffort} ${t.level}  ${title} — ${t.status}${waits}`;
}

/**
 * The plan at a glance: epics with their issues and tasks, in input order, e.g.
 *
 *   FG-1 [P1] 5d epic  [Reports] Add CSV export — open
 *   ├─ FG-2 [P1] 11h issue  [Reports UI] Deliver the frontend — open
 *   │  └─ FG-3 [P1] 6h task  [Reports UI] Export the report — open; blocked by FG-7
 *   └─ FG-6 …
 *
 * Tickets are untrusted, so every ticket is printed exactly once whatever the links say: one
 * whose parent is missing becomes a root, and a parent cycle is cut where it closes (its first
 * member in input order becomes a root).
 */
export function renderTicketTree(tickets: readonly TreeTicket[]): string {
  const keys = new Set(tickets.map((t) => t.key));
  const isRoot = (t: TreeTicket): boolean => t.parentKey === null || !keys.has(t.parentKey) || t.parentKey === t.key;
  const children = new Map<string, TreeTicket[]>();
  for (const t of tickets) {
    if (isRoot(t) || t.parentKey === null) continue;
    children.set(t.parentKey, [...(children.get(t.parentKey) ?? []), t]);
  }
  // By object, not key: a duplicated key (a planner bug validation reports) still prints both.
  const printed = new Set<TreeTicket>();
  const out: string[] = [];
  const walk = (t: TreeTicket, lead: string, branch: string): void => {
    printed.add(t);
    out.push(`${lead}${branch}${line(t)}`);
    const kids = (children.get(t.key) ?? []).filter((c) => !printed.has(c));
    const below = lead + (branch === '' ? '' : branch === '├─ ' ? '│  ' : '   ');
    kids.forEach((c, i) => {
      // A cycle may have printed it meanwhile; never print a ticket twice.
      if (!printed.has(c)) walk(c, below, i === kids.length - 1 ? '└─ ' : '├─ ');
    });
  };
  for (const t of tickets) if (isRoot(t) && !printed.has(t)) walk(t, '', '');
  for (const t of tickets) if (!printed.has(t)) walk(t, '', '');
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}
