import type { Priority, TicketDraft } from '@flowguard/contracts';
import { docsHours, formatEffort, testHours } from './ticket-effort';
import { mostCommon } from './ticket-files';
import { bestIndex, inverseFrequency, similarity } from './ticket-match';
import type { IssueDraft, PlanDraft, WorkItem } from './ticket-plan';
import { firstCriticalPhase, highest, requirementPriority, supportPriority } from './ticket-priority';
import { linkTasks, type LinkNode } from './ticket-links';
import { check, docsTask, phaseTags, testTask, workTask, type TicketContent } from './ticket-tasks';
import { keywords, listPhrase, phaseLabel, slug, weightedKeywords } from './ticket-text';

/**
 * Turns the budgeted plan into ticket drafts: keys in creation order (epic, then each issue
 * followed by its tasks), content from ticket-tasks.ts, links from ticket-links.ts, and
 * effort / priority / files / coverage rolled up from tasks to issues to the epic.
 */
interface Node {
  key: string;
  level: TicketDraft['level'];
  parentKey: string | null;
  content: TicketContent;
  hours: number;
  priority: Priority;
  issueIdx: number;
  role: LinkNode['role'] | 'epic' | 'issue';
  epicWide?: boolean;
}

/**
 * Spreads phase texts (deliverables, success criteria) over the issues that deliver them. With
 * phased issues each issue takes its phases' texts; with component issues of one phase each
 * text goes to the component it resembles most, so two issues never repeat the same criterion.
 */
function distribute(plan: PlanDraft, pick: (phaseNo: number) => string[]): string[][] {
  if (plan.grouping === 'phase') return plan.issues.map((issue) => issue.phaseNos.flatMap(pick));
  const issueKw = plan.issues.map((issue) =>
    weightedKeywords([
      ...issue.work.flatMap((w) => w.requirements.map((r): [string, number] => [r.title, 1])),
      ...issue.work.flatMap((w) =>
        w.files.map((f): [string, number] => [`${f.change.path} ${f.change.description}`, 1]),
      ),
    ]),
  );
  const idf = inverseFrequency(issueKw);
  const out: string[][] = plan.issues.map(() => []);
  for (const text of pick(0)) {
    const query = new Map(keywords(text).map((k) => [k, 1]));
    out[
      bestIndex(
        issueKw.map((kw) => similarity(query, kw, idf)),
        plan.issues.length - 1,
      )
    ]?.push(text);
  }
  return out;
}

function issueSubject(plan: PlanDraft, issue: IssueDraft): string {
  const labels = [...new Set(issue.phaseNos.map((n) => phaseLabel(plan.input.spec.phases[n]?.name ?? '')))];
  // Several merged phases read as a list of their labels: "subscriptions and seats; invoices".
  const subject = labels.map((l, i) => (i === 0 ? l : plan.say.lower(l))).join('; ');
  if (plan.grouping === 'phase' || plan.issues.length === 1) return subject;
  return `the ${issue.side || issue.component} of ${plan.say.lower(subject)}`;
}

function workPriority(plan: PlanDraft, item: WorkItem, critical: number | null): Priority {
  const levels = item.requirements.map((fr) =>
    requirementPriority(fr.level, plan.phaseOf.get(fr.id) ?? 0, critical, plan.input.priorityDistribution),
  );
  return highest(levels, supportPriority(plan.input.priorityDistribution));
}

export function renderPlan(plan: PlanDraft): TicketDraft[] {
  const { input } = plan;
  const { spec } = input;
  const critical = firstCriticalPhase(plan.phaseOf, spec.functionalRequirements);
  const nodes: Node[] = [];
  const key = (): string => `${input.keyPrefix}-${nodes.length + 1}`;
  const add = (node: Omit<Node, 'key'>): Node => {
    const full = { ...node, key: key() };
    nodes.push(full);
    return full;
  };
  const deliverables = distribute(plan, (n) => spec.phases[n]?.deliverables ?? []);
  const manual = distribute(plan, (n) => spec.phases[n]?.successCriteria.manual ?? []);
  const automated = distribute(plan, (n) => spec.phases[n]?.successCriteria.automated ?? []);
  const allWork = plan.issues.flatMap((i) => i.work);

  const epic = add({
    level: 'epic',
    parentKey: null,
    content: epicContent(plan),
    hours: 0,
    priority: 'P3',
    issueIdx: -1,
    role: 'epic',
  });
  plan.issues.forEach((issue, idx) => {
    const subject = issueSubject(plan, issue);
    const parent = add({
      level: 'issue',
      parentKey: epic.key,
      content: issueContent(plan, issue, subject, deliverables[idx] ?? [], manual[idx] ?? [], automated[idx] ?? []),
      hours: 0,
      priority: 'P3',
      issueIdx: idx,
      role: 'issue',
    });
    const task = (
      content: TicketContent,
      hours: number,
      priority: Priority,
      role: Node['role'],
      epicWide = false,
    ): Node => add({ level: 'task', parentKey: parent.key, content, hours, priority, issueIdx: idx, role, epicWide });
    const work = issue.work.map((item) =>
      task(workTask(item, plan), item.hours, workPriority(plan, item, critical), 'work'),
    );
    if (plan.testMode === 'per-issue') {
      const scope = {
        component: issue.component,
        subject,
        automated: automated[idx] ?? [],
        testFiles: issue.testFiles,
      };
      const requirements = [...new Set(issue.work.flatMap((w) => w.requirements))];
      const sourceFiles = [...new Set(work.flatMap((w) => w.content.files))];
      const priority = highest(
        work.map((w) => w.priority),
        supportPriority(input.priorityDistribution),
      );
      const content = testTask({ ...scope, requirements, sourceFiles, phaseNos: issue.phaseNos, say: plan.say });
      task(content, testHours(issue.work.length, input.complexity), priority, 'test');
    }
    if (idx !== plan.issues.length - 1) return;
    const workNodes = nodes.filter((n) => n.role === 'work');
    if (plan.testMode === 'per-epic') {
      const content = testTask({
        component: plan.mainComponent,
        subject: `${spec.title} end to end`,
        requirements: [...new Set(allWork.flatMap((w) => w.requirements))],
        automated: automated.flat(),
        testFiles: plan.issues.flatMap((i) => i.testFiles),
        sourceFiles: [...new Set(workNodes.flatMap((w) => w.content.files))],
        phaseNos: plan.issues.flatMap((i) => i.phaseNos),
        say: plan.say,
      });
      const priority = highest(
        workNodes.map((w) => w.priority),
        supportPriority(input.priorityDistribution),
      );
      task(content, testHours(allWork.length, input.complexity), priority, 'test', true);
    }
    if (plan.docs) {
      // The file most tasks touch is the best home for in-code docs when no doc file is planned.
      const central = mostCommon(
        workNodes.flatMap((w) => w.content.files),
        spec.technicalPlan.fileChanges[0]?.path ?? '',
      );
      const content = docsTask(plan, central);
      content.tags.push(...phaseTags(issue.phaseNos.slice(-1)));
      task(content, docsHours(input.complexity), supportPriority(input.priorityDistribution), 'docs');
    }
  });

  const tasks = nodes.filter((n) => n.level === 'task');
  const links = linkTasks(
    tasks.map((n) => ({
      key: n.key,
      role: n.role as LinkNode['role'],
      issueIdx: n.issueIdx,
      files: n.content.files,
      epicWide: n.epicWide,
    })),
    plan.grouping === 'phase',
  );
  // Roll effort, priority, files and coverage up from tasks to issues, then to the epic.
  for (const level of ['issue', 'epic'] as const) {
    for (const node of nodes.filter((n) => n.level === level)) {
      const children = nodes.filter((n) => n.parentKey === node.key);
      node.hours = children.reduce((sum, c) => sum + c.hours, 0);
      node.priority = highest(
        children.map((c) => c.priority),
        'P3',
      );
      node.content.files = [...new Set(children.flatMap((c) => c.content.files))];
      node.content.covers = [...new Set(children.flatMap((c) => c.content.covers))].sort();
      if (node.content.implementationSteps.length === 0) {
        node.content.implementationSteps = children.map(
          (c) => `Complete ${c.key}: ${c.content.title.replace(/^\[[^\]]+\] /, '')}`,
        );
      }
    }
  }
  return nodes.map((n) => ({
    key: n.key,
    level: n.level,
    parentKey: n.parentKey,
    ...n.content,
    estimatedEffort: formatEffort(n.hours),
    priority: n.priority,
    blockedBy: links.get(n.key) ?? [],
    specRef: `spec:${input.specId}`,
  }));
}

function epicContent(plan: PlanDraft): TicketContent {
  const { spec } = plan.input;
  const work = plan.issues.flatMap((i) => i.work);
  const kinds = [...new Set(work.map((w) => w.kind))];
  const kind = kinds.length === 1 && kinds[0] ? kinds[0] : 'feature';
  return {
    kind,
    title: `[${plan.mainComponent}] ${spec.title}`,
    description: [
      spec.overview,
      `Goals:\n${spec.goals.map((g) => `- ${g}`).join('\n')}`,
      spec.nonGoals.length > 0 ? `Non-goals:\n${spec.nonGoals.map((g) => `- ${g}`).join('\n')}` : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
    acceptanceCriteria: [
      ...spec.goals.map((g) => check(plan.say, 'Meet the goal:', g)),
      `Complete the tasks covering ${listPhrase(spec.functionalRequirements.map((fr) => fr.id))}`,
      ...spec.nonFunctionalRequirements.map((n) => `Respect ${n.id} (${n.category}): ${n.statement}`),
    ],
    implementationSteps: [],
    files: [],
    tags: [slug(plan.mainComponent), kind],
    covers: [],
  };
}

function issueContent(
  plan: PlanDraft,
  issue: IssueDraft,
  subject: string,
  deliverables: string[],
  manual: string[],
  automated: string[],
): TicketContent {
  const { spec } = plan.input;
  const requirements = issue.work.flatMap((w) => w.requirements);
  const ids = [...new Set(requirements.map((r) => r.id))];
  const last = plan.issues[plan.issues.length - 1] === issue;
  const phases = issue.phaseNos.map(
    (n) => `Phase ${n + 1} of ${spec.phases.length}: ${phaseLabel(spec.phases[n]?.name ?? '')}`,
  );
  const kinds = [...new Set(issue.work.map((w) => w.kind))];
  return {
    kind: kinds.length === 1 && kinds[0] ? kinds[0] : 'feature',
    title: `[${issue.component}] ${check(plan.say, 'Deliver', subject)}`,
    description: [
      phases.join('\n'),
      deliverables.length > 0 ? `Deliverables:\n${deliverables.map((d) => `- ${d}`).join('\n')}` : '',
      ids.length > 0
        ? `Requirements:\n${[...new Map(requirements.map((r) => [r.id, r])).values()].map((r) => `- ${r.id} (${r.level}): ${r.title}`).join('\n')}`
        : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
    acceptanceCriteria: [
      ids.length > 0
        ? `Close every task of ${listPhrase(ids)} with its acceptance criteria met`
        : 'Close every task of this issue with its acceptance criteria met',
      ...deliverables.map((d) => check(plan.say, 'Deliver', d)),
      ...manual.map((m) => check(plan.say, 'Confirm', m)),
      // With tests folded into the work there is no test task, so the issue carries the checks.
      ...(plan.testMode === 'folded' ? automated.map((a) => check(plan.say, 'Verify', a)) : []),
      ...(last && !plan.docs ? [`Document ${plan.say.lower(spec.title)} and its rollback plan`] : []),
    ],
    implementationSteps: [],
    files: [],
    tags: [slug(issue.component), kinds.length === 1 && kinds[0] ? kinds[0] : 'feature', ...phaseTags(issue.phaseNos)],
    covers: [],
  };
}
