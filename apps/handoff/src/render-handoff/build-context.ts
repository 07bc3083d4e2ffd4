import type { CodebaseContext, Spec, Ticket, TicketSet, TicketStatus } from '@flowguard/contracts';
import { codebaseVars } from './codebase-vars';
import { compareKeys, dependencyOrder } from './dependency-order';
import type { HandoffContext, HandoffTicketVar } from './handoff-context';
import { stripFrontMatter } from './strip-front-matter';

export interface HandoffSelection {
  /** Keep only these specs, and only tickets whose `specRef` names one of them. */
  specIds?: string[];
  /** Keep only these tickets: a task selects itself, an epic or issue every task beneath it. */
  ticketKeys?: string[];
}

export interface BuildHandoffContextInput {
  spec: Spec;
  /** The spec export (front matter included; it is stripped here). */
  specMarkdown: string;
  ticketSet: TicketSet;
  /** Ticket key → its markdown export (front matter included). */
  ticketMarkdown: Record<string, string>;
  /** Current ticket statuses (key → status); the ticket set holds the status at generation. */
  statuses?: Record<string, TicketStatus>;
  codebase: CodebaseContext | null;
  agentType: string;
  author: string;
  /** ISO-8601, passed in: a re-render of the same inputs must give the same text. */
  timestamp: string;
  /** Omitted (or an omitted field): the whole workflow. */
  selection?: HandoffSelection;
}

/** The ticket graph of one set, first ticket winning on a duplicated key (model output is untrusted). */
class TicketTree {
  readonly byKey = new Map<string, Ticket>();
  private readonly children = new Map<string, Ticket[]>();

  constructor(tickets: readonly Ticket[]) {
    for (const t of tickets) if (!this.byKey.has(t.key)) this.byKey.set(t.key, t);
    for (const t of this.byKey.values()) {
      if (t.parentKey === null) continue;
      this.children.set(t.parentKey, [...(this.children.get(t.parentKey) ?? []), t]);
    }
  }

  /** The ticket's ancestors, nearest first; a parent cycle stops at the first repeat. */
  ancestors(key: string): Ticket[] {
    const seen = new Set([key]);
    const out: Ticket[] = [];
    for (let p = this.byKey.get(key)?.parentKey; p != null && !seen.has(p); p = this.byKey.get(p)?.parentKey) {
      seen.add(p);
      const parent = this.byKey.get(p);
      if (!parent) break;
      out.push(parent);
    }
    return out;
  }

  /** Keys of the tasks at or beneath `key` (the key itself when it is a task). */
  tasksUnder(key: string, seen = new Set<string>()): string[] {
    const ticket = this.byKey.get(key);
    if (!ticket || seen.has(key)) return [];
    seen.add(key);
    if (ticket.level === 'task') return [key];
    return (this.children.get(key) ?? []).flatMap((child) => this.tasksUnder(child.key, seen));
  }

  epicOf(key: string): Ticket | undefined {
    return this.ancestors(key).find((t) => t.level === 'epic');
  }
}

const specIdOf = (ticket: Ticket): string => ticket.specRef.replace(/^spec:/, '');

/**
 * Everything a handoff template may use, from one workflow's spec, tickets and codebase.
 *
 * - `tickets` are the selected tasks (epics and issues organise work, tasks are what an agent
 *   does), ordered so a task never precedes one it waits on. A task waits on its own
 *   `blockedBy` and on its ancestors' (an issue blocked by another issue holds back all its
 *   tasks), and a blocker that is an epic or issue stands for the selected tasks beneath it.
 *   Each task's `blockedBy` variable still shows the links as written in the plan.
 * - `epicTitle` / `epicId`: the epic of the selected tasks. When they span several epics (or
 *   none), the title is the spec's and the id lists the epic keys (or is empty).
 * - `dependencies`: the spec's planned dependencies, then the codebase's, without repeats —
 *   the agent needs both what the plan adds and what already exists.
 * - `content` of specs and tickets is their markdown export without front matter; a ticket
 *   without markdown falls back to its description.
 * Pure and deterministic.
 */
export function buildHandoffContext(input: BuildHandoffContextInput): HandoffContext {
  const { spec, ticketSet, selection } = input;
  const tree = new TicketTree(ticketSet.tickets);
  const specIds = selection?.specIds ? new Set(selection.specIds) : null;

  const tasks = new Set(
    selection?.ticketKeys
      ? selection.ticketKeys.flatMap((k) => tree.tasksUnder(k))
      : [...tree.byKey.values()].filter((t) => t.level === 'task').map((t) => t.key),
  );
  for (const key of tasks) {
    const ticket = tree.byKey.get(key);
    if (ticket && specIds && !specIds.has(specIdOf(ticket))) tasks.delete(key);
  }

  const blockersOf = (key: string): string[] =>
    [tree.byKey.get(key), ...tree.ancestors(key)]
      .flatMap((t) => t?.blockedBy ?? [])
      .flatMap((b) => tree.tasksUnder(b))
      .filter((b) => tasks.has(b));
  const ordered = dependencyOrder([...tasks], blockersOf).flatMap((k) => tree.byKey.get(k) ?? []);

  const tickets: HandoffTicketVar[] = ordered.map((t) => {
    const markdown = input.ticketMarkdown[t.key];
    return {
      key: t.key,
      title: t.title,
      level: t.level,
      kind: t.kind,
      priority: t.priority,
      estimatedEffort: t.estimatedEffort,
      status: input.statuses?.[t.key] ?? t.status,
      blockedBy: [...t.blockedBy],
      files: [...t.files],
      acceptanceCriteria: [...t.acceptanceCriteria],
      content: markdown === undefined ? t.description : stripFrontMatter(markdown),
    };
  });

  const epics = [...new Map(ordered.flatMap((t) => tree.epicOf(t.key) ?? []).map((e) => [e.key, e])).values()].sort(
    (a, b) => compareKeys(a.key, b.key),
  );
  const [onlyEpic] = epics;
  const codebase = codebaseVars(input.codebase);

  return {
    epicTitle: epics.length === 1 && onlyEpic ? onlyEpic.title : spec.content.title,
    epicId: epics.map((e) => e.key).join(', '),
    timestamp: input.timestamp,
    author: input.author,
    agentType: input.agentType,
    workflowId: spec.workflowId,
    specs:
      specIds && !specIds.has(spec.id)
        ? []
        : [
            {
              id: spec.id,
              title: spec.content.title,
              version: spec.version,
              content: stripFrontMatter(input.specMarkdown),
            },
          ],
    tickets,
    ...codebase,
    dependencies: [...new Set([...spec.content.technicalPlan.dependencies, ...(input.codebase?.dependencies ?? [])])],
  };
}
