import type { Spec, Ticket, TicketSet } from '@flowguard/contracts';
import type { OrderedPlan } from './dependency-order';
import { firstParagraph, inline, withoutComponent } from './markdown';

/**
 * speckit/tasks.md in GitHub Spec Kit's tasks-template layout: one phase per issue, task lines
 * `- [ ] T001 [P] [US1] <description> in <files>` numbered in the shared dependency order,
 * then the "Dependencies & Execution Order" section. Field by field in docs/export-speckit.md.
 */

export interface SpecKitLine {
  id: string;
  ticket: Ticket;
  parallel: boolean;
  story: string | null;
}

export interface SpecKitPhase {
  head: Ticket;
  lines: SpecKitLine[];
}

/** Every ticket a key waits for, directly or through others (cycles are walked once). */
function upstream(plan: OrderedPlan, key: string): Set<string> {
  const seen = new Set<string>();
  const todo = [...plan.blockersOf(key)];
  for (let k = todo.pop(); k !== undefined; k = todo.pop()) {
    if (seen.has(k)) continue;
    seen.add(k);
    todo.push(...plan.blockersOf(k));
  }
  return seen;
}

/**
 * Spec Kit's [P] means "different files, no dependencies": a task is marked only when no other
 * task of its phase touches one of its files and none is linked to it either way, even through
 * tickets outside the phase. A phase of one has nothing to run beside, so it is never marked.
 */
export function parallelKeys(plan: OrderedPlan, phase: readonly Ticket[]): Set<string> {
  const marked = new Set<string>();
  if (phase.length < 2) return marked;
  const up = new Map(phase.map((t) => [t.key, upstream(plan, t.key)]));
  for (const t of phase) {
    const files = new Set(t.files);
    const free = phase.every(
      (u) =>
        u.key === t.key ||
        (!u.files.some((f) => files.has(f)) && !up.get(t.key)?.has(u.key) && !up.get(u.key)?.has(t.key)),
    );
    if (free) marked.add(t.key);
  }
  return marked;
}

/** The phases and numbered lines, shared by the markdown and the tests. */
export function specKitPhases(spec: Spec, plan: OrderedPlan): SpecKitPhase[] {
  const storyOf = new Map(spec.content.functionalRequirements.map((fr, i) => [fr.id, i + 1]));
  let n = 0;
  return plan.groups.map((g) => {
    const work = g.tasks.length > 0 ? g.tasks : [g.head];
    const parallel = parallelKeys(plan, work);
    const lines = work.map((t): SpecKitLine => {
      // The first requirement in spec order, so a task covering FR-002 and FR-005 is US2.
      const stories = t.covers.map((fr) => storyOf.get(fr)).filter((s): s is number => s !== undefined);
      n += 1;
      return {
        id: `T${String(n).padStart(3, '0')}`,
        ticket: t,
        parallel: parallel.has(t.key),
        story: stories.length > 0 ? `US${Math.min(...stories)}` : null,
      };
    });
    return { head: g.head, lines };
  });
}

function taskLine(l: SpecKitLine): string {
  const box = l.ticket.status === 'done' ? '[X]' : '[ ]';
  const marks = [l.parallel ? '[P]' : null, l.story ? `[${l.story}]` : null].filter(Boolean).join(' ');
  const where = l.ticket.files.length > 0 ? ` in ${l.ticket.files.map(inline).join(', ')}` : '';
  const text = `${withoutComponent(l.ticket.title)}${where} (${l.ticket.key})`;
  return `- ${box} ${l.id} ${marks ? `${marks} ` : ''}${text}`;
}

function dependencySection(plan: OrderedPlan, phases: SpecKitPhase[]): string[] {
  const lineOf = new Map<string, string>();
  const phaseOf = new Map<string, number>();
  phases.forEach((p, i) => {
    phaseOf.set(p.head.key, i + 1);
    for (const l of p.lines) {
      lineOf.set(l.ticket.key, l.id);
      phaseOf.set(l.ticket.key, i + 1);
    }
  });
  const out = ['## Dependencies & Execution Order', '', '### Phase Dependencies', ''];
  phases.forEach((p, i) => {
    const keys = [p.head.key, ...p.lines.map((l) => l.ticket.key)];
    const deps = [...new Set(keys.flatMap((k) => plan.blockersOf(k).map((b) => phaseOf.get(b) ?? 0)))]
      .filter((d) => d > 0 && d !== i + 1)
      .sort((a, b) => a - b);
    const text =
      deps.length > 0
        ? `Depends on ${deps.map((d) => `Phase ${d}`).join(', ')}`
        : 'No dependencies - can start immediately';
    out.push(`- **Phase ${i + 1} (${p.head.key})**: ${text}`);
  });
  out.push('', '### Task Dependencies', '');
  const taskDeps = phases.flatMap((p) =>
    p.lines.flatMap((l) => {
      // A blocker that is an issue with tasks stands for its whole phase.
      const refs = plan.blockersOf(l.ticket.key).map((b) => lineOf.get(b) ?? `Phase ${phaseOf.get(b) ?? '?'}`);
      return refs.length > 0 ? [`- ${l.id} depends on ${refs.join(', ')}`] : [];
    }),
  );
  out.push(...(taskDeps.length > 0 ? taskDeps : ['- None: every task can start once its phase can.']));
  out.push('', '### Parallel Opportunities', '');
  phases.forEach((p, i) => {
    const ids = p.lines.filter((l) => l.parallel).map((l) => l.id);
    out.push(`- Phase ${i + 1}: ${ids.length > 0 ? `${ids.join(', ')} can run in parallel` : 'run in order'}`);
  });
  if (plan.notes.length > 0) out.push('', '### Ordering Notes', '', ...plan.notes.map((n) => `- ${inline(n)}`));
  return out;
}

export function renderSpecKit(spec: Spec, ticketSet: TicketSet, plan: OrderedPlan): string {
  const phases = specKitPhases(spec, plan);
  const lines: string[] = [
    '---',
    `description: ${JSON.stringify(`Task list for ${inline(spec.content.title)}, generated by FlowGuard`)}`,
    '---',
    '',
    `# Tasks: ${inline(spec.content.title)}`,
    '',
    `**Input**: FlowGuard spec \`${spec.id}\` v${spec.version} (\`spec.md\`) and ticket set \`${ticketSet.id}\` v${ticketSet.version} (\`tickets/\`)`,
    '**Prerequisites**: spec.md (required), IMPL_PLAN.md',
    '',
    '**Organization**: One phase per issue. Phases and the tasks inside them are in dependency order; test tasks are listed where the plan puts them.',
    '',
    '## Format: `[ID] [P?] [Story] Description`',
    '',
    '- **[P]**: Can run in parallel (different files, no dependencies)',
    '- **[Story]**: Which user story this task belongs to (e.g., US1, US2, US3)',
    '- Include exact file paths in descriptions',
    '',
    '## User Stories',
    '',
    ...spec.content.functionalRequirements.map(
      (fr, i) => `- **US${i + 1}** = ${fr.id} (${fr.level}): ${inline(fr.title)}`,
    ),
  ];
  phases.forEach((p, i) => {
    lines.push('', '---', '', `## Phase ${i + 1}: ${inline(p.head.title)}`, '');
    lines.push(`**Purpose**: ${firstParagraph(p.head.description) || inline(p.head.title)} (${p.head.key})`, '');
    lines.push(...p.lines.map(taskLine), '');
    lines.push(`**Checkpoint**: ${p.head.key} complete - its acceptance criteria are met`);
  });
  lines.push('', '---', '', ...dependencySection(plan, phases));
  lines.push(
    '',
    '---',
    '',
    '## Notes',
    '',
    '- [P] tasks = different files, no dependencies',
    '- [Story] label maps a task to the spec requirement it covers (USn = the n-th FR in spec.md)',
    '- Task ids follow dependency order: a task never precedes one it depends on',
    '- The full ticket for each task is `tickets/<KEY>.md`, named in parentheses at the end of the line',
  );
  return `${lines.join('\n')}\n`;
}
