import type { FileChange, FunctionalRequirement, SpecContent, TicketDraft } from '@flowguard/contracts';
import type { FileInfo } from './ticket-files';
import type { PlanDraft, WorkItem } from './ticket-plan';
import {
  keywords,
  listPhrase,
  scenarioText,
  slug,
  startsWithVerb,
  stripEnd,
  truncate,
  upperFirst,
  type Phrasing,
} from './ticket-text';

/** What a builder decides; keys, parents, links, effort and priority are set by the renderer. */
export type TicketContent = Pick<
  TicketDraft,
  'kind' | 'title' | 'description' | 'acceptanceCriteria' | 'implementationSteps' | 'files' | 'tags' | 'covers'
>;

const ACTION_VERB: Record<FileChange['action'], string> = { create: 'Create', modify: 'Update', delete: 'Remove' };

/** "Verify x" from "X passes", keeping a criterion that already starts with a verb. */
export function check(say: Phrasing, verb: string, text: string): string {
  const clean = stripEnd(text.trim());
  return startsWithVerb(clean) ? upperFirst(clean) : `${verb} ${say.lower(clean)}`;
}

export function phaseTags(phaseNos: number[]): string[] {
  return [...new Set(phaseNos)].map((n) => `phase-${n + 1}`);
}

export function fileStep(change: FileChange, say: Phrasing): string {
  return `${ACTION_VERB[change.action]} ${change.path}: ${say.lower(stripEnd(change.description))}`;
}

function summaryTitle(summaries: string[], say: Phrasing): string {
  const [first = 'Implement the change', ...rest] = summaries;
  if (rest.length === 0) return first;
  const joined = listPhrase([first, ...rest.map(say.lower)]);
  return joined.length <= 110 ? joined : `${first} (+${rest.length} more)`;
}

/** Non-functional requirements sharing at least two keywords with the work, as constraints. */
function relatedNfrs(spec: SpecContent, text: string): string[] {
  const own = new Set(keywords(text));
  return spec.nonFunctionalRequirements
    .filter((nfr) => keywords(nfr.statement).filter((k) => own.has(k)).length >= 2)
    .map((nfr) => `${nfr.id} (${nfr.category}): ${nfr.statement}`);
}

export function workTask(item: WorkItem, plan: PlanDraft): TicketContent {
  const own = item.origin === 'requirement' ? item.requirements : [];
  const changes = item.files.map((f) => f.change);
  const requirementLines = item.requirements.map(
    (fr) => `${own.includes(fr) ? '' : 'Supports '}${fr.id} (${fr.level}) — ${fr.title}: ${fr.statement}`,
  );
  const constraints = relatedNfrs(
    plan.input.spec,
    [...item.requirements.map((r) => r.statement), ...changes.map((c) => c.description)].join(' '),
  );
  const description = [
    ...requirementLines,
    item.origin === 'file' && own.length === 0 ? 'Technical-plan change that no requirement claims on its own.' : '',
    `Files:\n${changes.map((c) => `- ${c.path} (${c.action}): ${c.description}`).join('\n')}`,
    constraints.length > 0 ? `Constraints:\n${constraints.map((c) => `- ${c}`).join('\n')}` : '',
    item.oversized
      ? `Oversized: maxTickets=${plan.input.maxTickets} forced ${item.hours} h of work into one task; split it when the budget allows.`
      : '',
  ].filter(Boolean);

  const scenarios = item.requirements
    .filter((fr) => own.includes(fr))
    .flatMap((fr) => fr.scenarios.map((s) => `${scenarioText(s)} (${fr.id})`));
  const checks =
    own.length > 0
      ? [`Pass automated tests for every scenario of ${listPhrase(own.map((fr) => fr.id))}`]
      : [
          ...changes.map((c) =>
            check(plan.say, ACTION_VERB[c.action], `${c.path} as planned: ${plan.say.lower(c.description)}`),
          ),
          'Keep the existing test suite passing',
        ];
  const steps = [
    ...own.map((fr) => `Write failing tests for the ${fr.id} scenario${fr.scenarios.length === 1 ? '' : 's'} first`),
    ...changes.map((c) => fileStep(c, plan.say)),
    ...(plan.testMode === 'folded' ? ['Add integration tests for the changed endpoints and flows'] : []),
    'Run lint, type-check and the affected test suites',
  ];
  return {
    kind: item.kind,
    title: `[${item.component}] ${summaryTitle(item.summaries, plan.say)}`,
    description: description.join('\n\n'),
    acceptanceCriteria: [...scenarios, ...checks],
    implementationSteps: steps,
    files: changes.map((c) => c.path),
    tags: [slug(item.component), item.kind, ...phaseTags([item.phaseNo]), ...(item.oversized ? ['oversized'] : [])],
    covers: item.requirements.map((fr) => fr.id).sort(),
  };
}

export interface TestScope {
  component: string;
  subject: string;
  requirements: FunctionalRequirement[];
  automated: string[];
  testFiles: FileInfo[];
  sourceFiles: string[];
  phaseNos: number[];
  say: Phrasing;
}

export function testTask(scope: TestScope): TicketContent {
  const { say } = scope;
  const ids = [...new Set(scope.requirements.map((fr) => fr.id))].sort();
  // Tests beside the code: without planned test files, the files under test are the ones to open.
  const files = scope.testFiles.length > 0 ? scope.testFiles.map((f) => f.change.path) : scope.sourceFiles.slice(0, 5);
  return {
    kind: 'test',
    title: `[${scope.component}] Test ${say.lower(scope.subject)}`,
    description: [
      `Integration and end-to-end tests for ${scope.subject}; unit tests for each requirement live in its own task.`,
      ids.length > 0 ? `Verifies ${listPhrase(ids)}.` : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
    acceptanceCriteria: [
      ...scope.automated.map((c) => check(say, 'Verify', c)),
      ids.length > 0
        ? `Exercise every scenario of ${listPhrase(ids)} in an integration or end-to-end test`
        : `Exercise ${say.lower(scope.subject)} in an integration test`,
      'Run the suite in CI with no failures and no skipped tests',
    ],
    implementationSteps: [
      ...scope.testFiles.map((f) => fileStep(f.change, say)),
      `Write integration tests for ${ids.length > 0 ? listPhrase(ids) : say.lower(scope.subject)} against real dependencies`,
      'Add the suite to CI and fix flaky cases before closing',
    ],
    files,
    tags: [slug(scope.component), 'test', ...phaseTags(scope.phaseNos)],
    covers: ids,
  };
}

export function docsTask(plan: PlanDraft, fallbackFile: string): TicketContent {
  const { spec } = plan.input;
  const docs = plan.docsFiles.map((f) => f.change);
  const files = docs.length > 0 ? docs.map((c) => c.path) : [fallbackFile];
  const ids = spec.functionalRequirements.map((fr) => fr.id);
  const undecided = spec.openQuestions.length + spec.assumptions.length;
  return {
    kind: 'documentation',
    title: `[${plan.mainComponent}] Document ${plan.say.lower(truncate(spec.title, 80))}`,
    description: [
      `User and operator documentation for ${spec.title}.`,
      docs.length > 0
        ? ''
        : `The technical plan names no documentation file, so the docs live in code comments and API docs of ${fallbackFile}.`,
    ]
      .filter(Boolean)
      .join('\n\n'),
    acceptanceCriteria: [
      `Describe the behaviour of ${listPhrase(ids)} with one example each`,
      `Describe the rollback plan: ${truncate(spec.rollbackPlan, 160)}`,
      ...(spec.technicalPlan.dependencies.length > 0
        ? [`List the new dependencies: ${spec.technicalPlan.dependencies.join(', ')}`]
        : []),
      ...(undecided > 0 ? [`Record each open question and assumption (${undecided}) with an owner`] : []),
    ],
    implementationSteps: [
      ...(docs.length > 0
        ? docs.map((c) => fileStep(c, plan.say))
        : [`Document the public surface of ${fallbackFile}`]),
      `Link the documentation to spec:${plan.input.specId}`,
      'Ask someone outside the team to follow the docs once',
    ],
    files,
    tags: [slug(plan.mainComponent), 'documentation'],
    covers: [],
  };
}
