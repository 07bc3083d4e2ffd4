import type { ListTicketsQuery, Ticket, TicketNode, TicketsResponse, TicketsView } from '@flowguard/contracts';

type Filters = Pick<ListTicketsQuery, 'level' | 'status' | 'priority'>;

const matches = (t: Ticket, f: Filters) =>
  (!f.level || t.level === f.level) &&
  (!f.status || t.status === f.status) &&
  (!f.priority || t.priority === f.priority);

/** The tickets the filters keep, in plan order. */
export function flatTickets(tickets: readonly Ticket[], filters: Filters): TicketNode[] {
  return tickets.filter((t) => matches(t, filters));
}

/**
 * Epics → issues → tasks, children in plan order. With filters, a ticket stays when it matches
 * or something below it does (so a matching task keeps the path to it). A ticket whose parent
 * is not in the set is a root.
 */
export function ticketTree(tickets: readonly Ticket[], filters: Filters): { roots: TicketNode[]; matched: number } {
  const keys = new Set(tickets.map((t) => t.key));
  const children = new Map<string, Ticket[]>();
  const roots: Ticket[] = [];
  for (const t of tickets) {
    if (t.parentKey && keys.has(t.parentKey) && t.parentKey !== t.key) {
      children.set(t.parentKey, [...(children.get(t.parentKey) ?? []), t]);
    } else {
      roots.push(t);
    }
  }
  let matched = 0;
  const seen = new Set<string>();
  const build = (t: Ticket): TicketNode | undefined => {
    if (seen.has(t.key)) return undefined; // a parent cycle: each ticket appears once
    seen.add(t.key);
    const kids = (children.get(t.key) ?? []).map(build).filter((n): n is TicketNode => n !== undefined);
    const self = matches(t, filters);
    if (self) matched += 1;
    return self || kids.length > 0 ? { ...t, children: kids } : undefined;
  };
  const built = roots.map(build).filter((n): n is TicketNode => n !== undefined);
  return { roots: built, matched };
}

/** The node with `key` anywhere in the tree. */
export function findNode(nodes: readonly TicketNode[], key: string): TicketNode | undefined {
  for (const node of nodes) {
    if (node.key === key) return node;
    const below = findNode(node.children ?? [], key);
    if (below) return below;
  }
  return undefined;
}

/** GET /v1/workflows/:id/tickets: ticket-gen's view shaped for the client. */
export function ticketsResponse(workflowId: string, view: TicketsView, query: ListTicketsQuery): TicketsResponse {
  const { ticketSet } = view;
  const filters = { level: query.level, status: query.status, priority: query.priority };
  let tickets: TicketNode[];
  let matched: number;
  if (query.view === 'tree') {
    ({ roots: tickets, matched } = ticketTree(ticketSet.tickets, filters));
  } else {
    tickets = flatTickets(ticketSet.tickets, filters);
    matched = tickets.length;
  }
  return {
    workflowId,
    ticketSetId: ticketSet.id,
    specId: ticketSet.specId,
    version: ticketSet.version,
    generatedBy: ticketSet.generatedBy,
    createdAt: ticketSet.createdAt,
    view: query.view,
    total: ticketSet.tickets.length,
    matched,
    tickets,
    validation: view.validation,
    progress: view.progress,
    outline: view.tree,
  };
}
