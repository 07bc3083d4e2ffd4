import type { Spec, Ticket, TicketSet, TicketStatus } from '@flowguard/contracts';
import { compareKeys, orderPlan } from './dependency-order';
import { renderImplPlan } from './impl-plan';
import { inline, safeKey } from './markdown';
import { renderSpecKit } from './speckit';
import { renderTaskMaster } from './taskmaster';
import { renderTodoList } from './todo-list';

export interface ExportWorkflowInput {
  spec: Spec;
  /** spec.md as stored by spec-gen (SpecCreatedV1.markdown). */
  specMarkdown: string;
  ticketSet: TicketSet;
  /** Each ticket's markdown as stored by ticket-gen (TicketsGeneratedV1.ticketMarkdown). */
  ticketMarkdown: Record<string, string>;
  /** Current lifecycle statuses by key; they win over the status stored on the ticket. */
  statuses?: Record<string, TicketStatus>;
}

export interface ExportFile {
  path: string;
  content: string;
  mediaType: string;
}

const MARKDOWN = 'text/markdown; charset=utf-8';
const JSON_TYPE = 'application/json';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * A ticket with no stored markdown still gets a file (exports never fail on a partial plan),
 * but a minimal one that says so instead of re-rendering: the renderer belongs to ticket-gen.
 */
const fallbackMarkdown = (t: Ticket): string =>
  `# [${t.key}] ${inline(t.title)}\n\n_No stored markdown for this ticket; see tasks/${safeKey(t.key)}.json._\n\n${t.description.trim()}\n`;

/**
 * Every workflow export as files: the stored spec and ticket markdown as they are, plus views
 * of the plan for people (IMPL_PLAN.md, TODO_LIST.md) and for agent tools (tasks/*.json, Task
 * Master, Spec Kit). Pure and deterministic — same input, byte-identical output, in a fixed
 * file order — so an export can be cached, diffed and zipped without surprises.
 */
export function exportWorkflow(input: ExportWorkflowInput): ExportFile[] {
  const { spec, specMarkdown, ticketSet, ticketMarkdown, statuses = {} } = input;
  const tickets = ticketSet.tickets.map((t) => ({ ...t, status: statuses[t.key] ?? t.status }));
  const plan = orderPlan(tickets);
  const byKey = [...plan.byKey.values()].sort((a, b) => compareKeys(a.key, b.key));

  const files: ExportFile[] = [
    { path: 'spec.md', content: specMarkdown, mediaType: MARKDOWN },
    { path: 'IMPL_PLAN.md', content: renderImplPlan(spec, ticketSet, plan), mediaType: MARKDOWN },
    { path: 'TODO_LIST.md', content: renderTodoList(spec, plan), mediaType: MARKDOWN },
  ];
  for (const t of byKey) {
    const stored = Object.prototype.hasOwnProperty.call(ticketMarkdown, t.key) ? ticketMarkdown[t.key] : undefined;
    files.push({ path: `tickets/${safeKey(t.key)}.md`, content: stored ?? fallbackMarkdown(t), mediaType: MARKDOWN });
  }
  for (const t of byKey.filter((x) => x.level === 'task')) {
    const task = { ...t, specId: ticketSet.specId, dependencies: plan.blockersOf(t.key) };
    files.push({ path: `tasks/${safeKey(t.key)}.json`, content: json(task), mediaType: JSON_TYPE });
  }
  files.push({ path: 'taskmaster/tasks.json', content: json(renderTaskMaster(plan)), mediaType: JSON_TYPE });
  files.push({ path: 'speckit/tasks.md', content: renderSpecKit(spec, ticketSet, plan), mediaType: MARKDOWN });
  return files;
}
