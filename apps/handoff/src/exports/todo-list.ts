import type { Spec, Ticket, TicketStatus } from '@flowguard/contracts';
import type { OrderedPlan } from './dependency-order';
import { inline } from './markdown';

/**
 * TODO_LIST.md: GitHub task-list checkboxes a person or an agent ticks off, in the shared
 * dependency order, tasks nested under their issue. Only `done` is checked; every other state
 * is spelled out, and unfinished blockers are named so the reader sees why a task must wait.
 */

const LABELS: Record<TicketStatus, string | null> = {
  open: null,
  in_progress: 'in progress',
  review: 'in review',
  done: null,
  blocked: 'blocked',
  reopened: 'reopened',
};

/** "(in progress)", "(blocked by FG-3)", "(in review; blocked by FG-3, FG-4)" or "". */
export function statusNote(t: Ticket, plan: OrderedPlan): string {
  if (t.status === 'done') return '';
  const waiting = plan.blockersOf(t.key).filter((b) => plan.byKey.get(b)?.status !== 'done');
  const label = LABELS[t.status];
  const parts: string[] = [];
  if (waiting.length > 0) {
    // "blocked; blocked by FG-3" would say it twice.
    if (label && t.status !== 'blocked') parts.push(label);
    parts.push(`blocked by ${waiting.join(', ')}`);
  } else if (label) {
    parts.push(label);
  }
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

function line(t: Ticket, plan: OrderedPlan, indent: string, extra = ''): string {
  const box = t.status === 'done' ? '[x]' : '[ ]';
  return `${indent}- ${box} ${t.key}: ${inline(t.title)} — ${inline(t.estimatedEffort)}${extra}${statusNote(t, plan)}`;
}

export function renderTodoList(spec: Spec, plan: OrderedPlan): string {
  const done = plan.work.filter((t) => t.status === 'done').length;
  const lines: string[] = [`# TODO: ${inline(spec.content.title)}`, ''];
  for (const epic of plan.epics) lines.push(`Epic ${epic.key}: ${inline(epic.title)}`, '');
  lines.push(
    `Progress: ${done} of ${plan.work.length} done. Work from top to bottom; nothing is listed before its blockers.`,
  );
  lines.push('');
  for (const g of plan.groups) {
    const finished = g.tasks.filter((t) => t.status === 'done').length;
    lines.push(line(g.head, plan, '', g.tasks.length > 0 ? ` (${finished}/${g.tasks.length} tasks done)` : ''));
    for (const t of g.tasks) lines.push(line(t, plan, '  '));
  }
  if (plan.notes.length > 0) lines.push('', '## Ordering notes', '', ...plan.notes.map((n) => `- ${inline(n)}`));
  return `${lines.join('\n')}\n`;
}
