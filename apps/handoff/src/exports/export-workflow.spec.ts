import { Ticket, type TicketStatus } from '@flowguard/contracts';
import { craftPlan, loadPlan, PLAN_FIXTURES, ticket } from '../../test/fixtures/plans';
import { exportWorkflow, type ExportFile } from './export-workflow';
import { TaskMasterFile } from './taskmaster';

const file = (files: ExportFile[], path: string): string => {
  const found = files.find((f) => f.path === path);
  if (!found) throw new Error(`no ${path} in ${files.map((f) => f.path).join(', ')}`);
  return found.content;
};

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Line number of the first line matching, or -1: where a key's own entry sits in a document. */
const lineOf = (content: string, pattern: RegExp): number => content.split('\n').findIndex((l) => pattern.test(l));

const implEntry = (key: string) => new RegExp(`^#{2,3} (Epic|[\\d.]+) ${escape(key)}: `);
const todoEntry = (key: string) => new RegExp(`^\\s*- \\[[ x]\\] ${escape(key)}: `);
const specKitEntry = (key: string) => new RegExp(`^- \\[[ X]\\] T\\d{3} .*\\(${escape(key)}\\)$`);

/** Every ticket has an entry and every entry comes after the entries of the tickets blocking it. */
function expectDependencyOrder(content: string, tickets: Ticket[], entry: (key: string) => RegExp): void {
  for (const t of tickets) {
    const at = lineOf(content, entry(t.key));
    expect({ key: t.key, found: at >= 0 }).toEqual({ key: t.key, found: true });
    for (const b of t.blockedBy) {
      const blocker = tickets.find((x) => x.key === b);
      if (!blocker || blocker.level === 'epic') continue;
      expect({ key: t.key, blocker: b, after: at > lineOf(content, entry(b)) }).toEqual({
        key: t.key,
        blocker: b,
        after: true,
      });
    }
  }
}

describe.each(PLAN_FIXTURES)('exportWorkflow: %s', (name) => {
  const input = loadPlan(name);
  const tickets = input.ticketSet.tickets;
  const files = exportWorkflow(input);

  it('returns the stored markdown, the plan views, one JSON per task and the tool formats, in a fixed order', () => {
    const keys = tickets.map((t) => t.key);
    expect(files.map((f) => f.path)).toEqual([
      'spec.md',
      'IMPL_PLAN.md',
      'TODO_LIST.md',
      ...keys.map((k) => `tickets/${k}.md`),
      ...tickets.filter((t) => t.level === 'task').map((t) => `tasks/${t.key}.json`),
      'taskmaster/tasks.json',
      'speckit/tasks.md',
    ]);
    for (const f of files)
      expect(f.mediaType).toBe(f.path.endsWith('.json') ? 'application/json' : 'text/markdown; charset=utf-8');
    expect(file(files, 'spec.md')).toBe(input.specMarkdown);
    for (const k of keys) expect(file(files, `tickets/${k}.md`)).toBe(input.ticketMarkdown[k]);
  });

  it('writes each task as the Ticket plus specId and its dependencies', () => {
    for (const t of tickets.filter((x) => x.level === 'task')) {
      const json = JSON.parse(file(files, `tasks/${t.key}.json`)) as Record<string, unknown>;
      expect(json).toEqual({ ...t, specId: input.spec.id, dependencies: t.blockedBy });
      expect(Ticket.parse(json)).toEqual(t);
    }
  });

  it('names every ticket in IMPL_PLAN.md, each after all its blockers', () => {
    const plan = file(files, 'IMPL_PLAN.md');
    expectDependencyOrder(plan, tickets, implEntry);
    expect(plan).toMatch(/\| Total effort \| \d+(\.\d+)?h/);
    expect(plan).toMatch(/\| Critical path \| \d+(\.\d+)?h.*: FG-\d+( → FG-\d+)* \|/);
    expect(plan).not.toContain('## Ordering notes');
  });

  it('names every ticket in TODO_LIST.md, each after all its blockers, tasks nested under their issue', () => {
    const todo = file(files, 'TODO_LIST.md');
    expectDependencyOrder(
      todo,
      tickets.filter((t) => t.level !== 'epic'),
      todoEntry,
    );
    for (const t of tickets.filter((x) => x.level === 'task'))
      expect(todo).toMatch(new RegExp(`^  - \\[ \\] ${t.key}: `, 'm'));
    for (const t of tickets.filter((x) => x.level === 'issue'))
      expect(todo).toMatch(new RegExp(`^- \\[ \\] ${t.key}: `, 'm'));
  });

  it('numbers Spec Kit tasks T001… in dependency order, one phase per issue', () => {
    const md = file(files, 'speckit/tasks.md');
    const work = tickets.filter((t) => t.level === 'task');
    expectDependencyOrder(md, work, specKitEntry);
    const ids = [...md.matchAll(/^- \[[ X]\] (T\d{3}) /gm)].map((m) => m[1]);
    expect(ids).toEqual(work.map((_, i) => `T${String(i + 1).padStart(3, '0')}`));
    expect([...md.matchAll(/^## Phase \d+: /gm)]).toHaveLength(tickets.filter((t) => t.level === 'issue').length);
    expect(md).toContain('## Dependencies & Execution Order');
  });

  it('emits a Task Master file that validates, with issues as tasks and their tasks as subtasks', () => {
    const tm = TaskMasterFile.parse(JSON.parse(file(files, 'taskmaster/tasks.json')));
    const issues = tickets.filter((t) => t.level === 'issue');
    expect(tm.tasks.map((t) => t.id)).toEqual(issues.map((_, i) => i + 1));
    const ids = new Set(tm.tasks.map((t) => t.id));
    for (const t of tm.tasks) {
      for (const d of t.dependencies) expect(ids.has(d) && d !== t.id).toBe(true);
      const subIds = new Set(t.subtasks.map((s) => s.id));
      for (const s of t.subtasks) for (const d of s.dependencies) expect(subIds.has(d) && d !== s.id).toBe(true);
    }
    expect(tm.tasks.flatMap((t) => t.subtasks)).toHaveLength(tickets.filter((t) => t.level === 'task').length);
  });

  it('is deterministic and ignores the order tickets arrive in', () => {
    const shuffled = { ...input, ticketSet: { ...input.ticketSet, tickets: [...tickets].reverse() } };
    expect(exportWorkflow(input)).toEqual(files);
    expect(exportWorkflow(shuffled)).toEqual(files);
  });
});

describe('exportWorkflow statuses', () => {
  const input = loadPlan('csv-export');
  // FG-4 ← FG-3; FG-6 ← FG-4; FG-7 ← FG-3..6; FG-5 has no blockers.
  const statuses: Record<string, TicketStatus> = {
    'FG-3': 'done',
    'FG-4': 'in_progress',
    'FG-5': 'blocked',
    'FG-6': 'review',
  };
  const files = exportWorkflow({ ...input, statuses });
  const todo = file(files, 'TODO_LIST.md');
  const line = (key: string) => todo.split('\n').find((l) => todoEntry(key).test(l)) ?? '';

  it('checks done tasks and spells out every other state, naming unfinished blockers', () => {
    expect(line('FG-3')).toMatch(/^ {2}- \[x\] FG-3: .*6h$/);
    expect(line('FG-4')).toMatch(/^ {2}- \[ \] FG-4: .*\(in progress\)$/);
    expect(line('FG-5')).toMatch(/\(blocked\)$/);
    expect(line('FG-6')).toMatch(/\(in review; blocked by FG-4\)$/);
    expect(line('FG-7')).toMatch(/\(blocked by FG-4, FG-5, FG-6\)$/);
    expect(line('FG-9')).toMatch(/\(blocked by FG-7\)$/);
    expect(line('FG-2')).toContain('(1/5 tasks done)');
    expect(todo).toContain('Progress: 1 of 10 done.');
  });

  it('maps statuses into Task Master, Spec Kit and the task JSON', () => {
    const tm = TaskMasterFile.parse(JSON.parse(file(files, 'taskmaster/tasks.json')));
    expect(tm.tasks[0].subtasks.map((s) => s.status)).toEqual(['done', 'in-progress', 'deferred', 'review', 'pending']);
    expect(file(files, 'speckit/tasks.md')).toMatch(/^- \[X\] T001 .*\(FG-3\)$/m);
    expect(JSON.parse(file(files, 'tasks/FG-4.json')).status).toBe('in_progress');
    expect(file(files, 'IMPL_PLAN.md')).toContain('| Units of work done | 1 of 10 |');
  });
});

describe('exportWorkflow on a broken plan', () => {
  it('still exports a plan with a cycle, a dangling link and missing markdown, and says what it did', () => {
    const input = craftPlan([
      ticket('FG-1', null),
      ticket('FG-2', 'FG-1'),
      ticket('FG-3', 'FG-2', { blockedBy: ['FG-4'] }),
      ticket('FG-4', 'FG-2', { blockedBy: ['FG-3', 'FG-99'] }),
    ]);
    delete input.ticketMarkdown['FG-4'];
    const files = exportWorkflow(input);
    const plan = file(files, 'IMPL_PLAN.md');
    expect(plan).toContain('## Ordering notes');
    expect(plan).toContain('Dependency cycle broken: FG-3 is listed first although it is blocked by FG-4.');
    expect(plan).toContain('FG-4 is blocked by FG-99, which is not in this plan');
    expect(lineOf(plan, implEntry('FG-3'))).toBeLessThan(lineOf(plan, implEntry('FG-4')));
    expect(file(files, 'tickets/FG-4.md')).toContain('No stored markdown for this ticket');
    const tm = TaskMasterFile.parse(JSON.parse(file(files, 'taskmaster/tasks.json')));
    expect(tm.tasks[0].subtasks.map((s) => s.dependencies)).toEqual([[], [1]]);
  });
});
