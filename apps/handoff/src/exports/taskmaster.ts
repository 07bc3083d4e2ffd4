import type { Priority, Ticket, TicketStatus } from '@flowguard/contracts';
import { z } from 'zod';
import type { OrderedPlan } from './dependency-order';
import { firstParagraph, inline } from './markdown';

/**
 * taskmaster/tasks.json for Task Master (claude-task-master): issues become top-level tasks,
 * their tasks become subtasks, ids follow the shared dependency order. Field by field in
 * docs/export-taskmaster.md. The schema below is what we promise to emit, checked in tests, so a
 * change in the mapping that Task Master would reject fails here first.
 */

export const TaskMasterStatus = z.enum(['pending', 'in-progress', 'review', 'done', 'deferred', 'cancelled']);
export type TaskMasterStatus = z.infer<typeof TaskMasterStatus>;
export const TaskMasterPriority = z.enum(['high', 'medium', 'low']);

const TaskId = z.number().int().positive();

export const TaskMasterSubtask = z.object({
  id: TaskId,
  title: z.string().min(1),
  description: z.string(),
  status: TaskMasterStatus,
  /** Ids of sibling subtasks (same parent) that must be done first. */
  dependencies: z.array(TaskId),
  details: z.string(),
});

export const TaskMasterTask = z.object({
  id: TaskId,
  title: z.string().min(1),
  description: z.string(),
  status: TaskMasterStatus,
  /** Ids of top-level tasks that must be done first. */
  dependencies: z.array(TaskId),
  priority: TaskMasterPriority,
  details: z.string(),
  testStrategy: z.string(),
  subtasks: z.array(TaskMasterSubtask),
});

/** Ids unique per level, and every dependency names an earlier id at its own level (so no cycles). */
function checkIds(items: { id: number; dependencies: number[] }[], where: string, ctx: z.RefinementCtx): void {
  const seen = new Set<number>();
  for (const it of items) {
    if (seen.has(it.id)) ctx.addIssue({ code: 'custom', message: `${where}: duplicate id ${it.id}` });
    for (const d of it.dependencies) {
      if (!seen.has(d))
        ctx.addIssue({ code: 'custom', message: `${where}: ${it.id} depends on ${d}, not an earlier id` });
    }
    seen.add(it.id);
  }
}

export const TaskMasterFile = z.object({ tasks: z.array(TaskMasterTask) }).superRefine((file, ctx) => {
  checkIds(file.tasks, 'tasks', ctx);
  for (const t of file.tasks) checkIds(t.subtasks, `subtasks of task ${t.id}`, ctx);
});
export type TaskMasterFile = z.infer<typeof TaskMasterFile>;

/** Task Master has no "blocked" or "reopened": blocked work is parked (deferred), reopened work is to do again. */
export const TASKMASTER_STATUS: Record<TicketStatus, TaskMasterStatus> = {
  open: 'pending',
  in_progress: 'in-progress',
  review: 'review',
  done: 'done',
  blocked: 'deferred',
  reopened: 'pending',
};

export const TASKMASTER_PRIORITY: Record<Priority, z.infer<typeof TaskMasterPriority>> = {
  P0: 'high',
  P1: 'high',
  P2: 'medium',
  P3: 'low',
};

const bullets = (items: readonly string[]): string => items.map((s) => `- ${inline(s)}`).join('\n');

/** Task Master shows details as the instructions: ticket identity first, then steps and files. */
function details(t: Ticket, withCriteria: boolean): string {
  const parts = [
    `FlowGuard ticket ${t.key} (${t.specRef}); effort ${t.estimatedEffort}; covers ${t.covers.join(', ') || 'none'}.`,
  ];
  if (t.implementationSteps.length > 0) {
    parts.push(`Implementation steps:\n${t.implementationSteps.map((s, i) => `${i + 1}. ${inline(s)}`).join('\n')}`);
  }
  if (t.files.length > 0) parts.push(`Files:\n${bullets(t.files)}`);
  // Subtasks have no testStrategy field; their criteria would otherwise be lost.
  if (withCriteria) parts.push(`Acceptance criteria:\n${bullets(t.acceptanceCriteria)}`);
  return parts.join('\n\n');
}

export function renderTaskMaster(plan: OrderedPlan): TaskMasterFile {
  const groupIdOf = new Map<string, number>();
  plan.groups.forEach((g, i) => {
    for (const t of [g.head, ...g.tasks]) groupIdOf.set(t.key, i + 1);
  });

  const tasks = plan.groups.map((g, i) => {
    const id = i + 1;
    // Cross-issue task links are lifted to their issues: subtask ids only reach siblings.
    const deps = new Set<number>();
    for (const t of [g.head, ...g.tasks]) {
      for (const b of plan.blockersOf(t.key)) {
        const dep = groupIdOf.get(b);
        if (dep !== undefined && dep < id) deps.add(dep);
      }
    }
    const subIdOf = new Map(g.tasks.map((t, j) => [t.key, j + 1]));
    const subtasks = g.tasks.map((t, j) => ({
      id: j + 1,
      title: inline(t.title),
      description: firstParagraph(t.description),
      status: TASKMASTER_STATUS[t.status],
      dependencies: plan
        .blockersOf(t.key)
        .map((b) => subIdOf.get(b))
        .filter((d): d is number => d !== undefined && d < j + 1)
        .sort((a, b) => a - b),
      details: details(t, true),
    }));
    return {
      id,
      title: inline(g.head.title),
      description: firstParagraph(g.head.description),
      status: TASKMASTER_STATUS[g.head.status],
      dependencies: [...deps].sort((a, b) => a - b),
      priority: TASKMASTER_PRIORITY[g.head.priority],
      details: details(g.head, false),
      testStrategy: bullets(g.head.acceptanceCriteria),
      subtasks,
    };
  });
  return { tasks };
}
