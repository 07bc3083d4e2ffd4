import type { Spec, Ticket, TicketSet } from '@flowguard/contracts';
import { criticalPath, effortHours, formatHours, type OrderedPlan } from './dependency-order';
import { cell, code, firstParagraph, inline, item, safeKey } from './markdown';

/**
 * IMPL_PLAN.md: the plan as one document to work through top to bottom — the epic, then each
 * issue in dependency order with its tasks in dependency order, every unit of work with its
 * effort, priority, files, requirements and acceptance criteria. Descriptions are cut to their
 * first paragraph: the full text lives in tickets/<KEY>.md and is linked, not repeated.
 */

const NONE = '_none_';

const keys = (list: readonly string[]): string => (list.length > 0 ? list.join(', ') : NONE);

function meta(t: Ticket, plan: OrderedPlan): string[] {
  const file = `tickets/${safeKey(t.key)}.md`;
  return [
    `- **Effort**: ${inline(t.estimatedEffort)}`,
    `- **Priority**: ${t.priority}`,
    `- **Status**: ${t.status.replace('_', ' ')}`,
    `- **Blocked by**: ${keys(plan.blockersOf(t.key))}`,
    `- **Covers**: ${keys(t.covers)}`,
    `- **Files**: ${t.files.length > 0 ? t.files.map(code).join(', ') : NONE}`,
    `- **Ticket**: [${file}](${file})`,
  ];
}

function body(t: Ticket, isWork: boolean): string[] {
  const out: string[] = [];
  const summary = firstParagraph(t.description);
  if (summary) out.push('', summary);
  if (isWork && t.implementationSteps.length > 0) {
    out.push('', '**Implementation steps**', '', ...t.implementationSteps.map((s, i) => item(`${i + 1}.`, s)));
  }
  out.push('', '**Acceptance criteria**', '', ...t.acceptanceCriteria.map((c) => item('- [ ]', c)));
  return out;
}

function summary(spec: Spec, plan: OrderedPlan): string[] {
  const issues = plan.groups.filter((g) => g.head.level === 'issue').length;
  const tasks = plan.work.filter((t) => t.level === 'task').length;
  const done = plan.work.filter((t) => t.status === 'done').length;
  const total = plan.work.reduce((sum, t) => sum + effortHours(t.estimatedEffort), 0);
  const path = criticalPath(plan);
  const frs = spec.content.functionalRequirements.map((fr) => fr.id);
  const covered = new Set(plan.work.flatMap((t) => t.covers));
  return [
    '## Summary',
    '',
    '| Measure | Value |',
    '| --- | --- |',
    `| Epics | ${plan.epics.length} |`,
    `| Issues | ${issues} |`,
    `| Tasks | ${tasks} |`,
    `| Units of work done | ${done} of ${plan.work.length} |`,
    `| Total effort | ${formatHours(total)} |`,
    `| Critical path | ${formatHours(path.hours)}: ${cell(path.keys.join(' → ') || NONE)} |`,
    `| Requirements covered | ${frs.filter((id) => covered.has(id)).length} of ${frs.length} |`,
  ];
}

export function renderImplPlan(spec: Spec, ticketSet: TicketSet, plan: OrderedPlan): string {
  const lines: string[] = [
    `# Implementation plan: ${inline(spec.content.title)}`,
    '',
    `Spec \`${spec.id}\` v${spec.version} · ticket set \`${ticketSet.id}\` v${ticketSet.version}.`,
    'Groups are listed in dependency order and so are the tasks inside each group: nothing appears',
    'before a ticket it is blocked by. The full text of every ticket is in `tickets/<KEY>.md`.',
    '',
    ...summary(spec, plan),
  ];
  if (plan.notes.length > 0) {
    lines.push('', '## Ordering notes', '', ...plan.notes.map((n) => item('-', n)));
  }
  for (const epic of plan.epics) {
    lines.push('', `## Epic ${epic.key}: ${inline(epic.title)}`, '', ...meta(epic, plan), ...body(epic, false));
  }
  plan.groups.forEach((g, i) => {
    const isWork = g.tasks.length === 0;
    lines.push('', `## ${i + 1}. ${g.head.key}: ${inline(g.head.title)}`, '', ...meta(g.head, plan));
    lines.push(...body(g.head, isWork));
    g.tasks.forEach((t, j) => {
      lines.push('', `### ${i + 1}.${j + 1} ${t.key}: ${inline(t.title)}`, '', ...meta(t, plan), ...body(t, true));
    });
  });
  return `${lines.join('\n')}\n`;
}
