import { SpecOutput, type SpecInput } from '@flowguard/contracts';
import { readPrd, type PrdDocument } from '@flowguard/prd-reader';
import { buildPhases, buildTestingStrategy } from './spec-phases';
import { buildTechnicalPlan } from './spec-plan';
import {
  buildFunctionalRequirements,
  buildNonFunctional,
  coreComponent,
  requirementsFromGoal,
  selectRequirements,
  type BuiltRequirement,
} from './spec-requirements';
import { buildRisks, buildRollbackPlan } from './spec-risks';
import { SPEC_SIZING } from './spec-sizing';
import {
  baseVerb,
  kebab,
  lowerFirst,
  properNouns,
  squash,
  stripEndPunctuation,
  tokens,
  truncateWords,
  unique,
} from './spec-text';

const GOAL_HEADING = /\b(goals?|objectives?|success (metrics|criteria))\b/i;
const NOT_GOAL_HEADING = /non[- ]?goals?|out of scope/i;
const OUT_OF_SCOPE_ANSWER =
  /\b(out of scope|not in scope|out-of-scope|not (needed|required) (now|yet|for (now|v1|this release))|defer(red)?|later (phase|release)|future (phase|release)|not (for|in) (now|v1|this release))\b/i;

function clean(text: string): string {
  return stripEndPunctuation(squash(text).replace(/^[-*+]\s+/, ''));
}

/** The feature's short name, from the title: "Add CSV export to the Reports page" → "CSV export". */
function featureOf(title: string): string {
  const labelled = /^[^:]{1,30}:\s+(.{10,})$/.exec(title);
  // "Users should be able to reset their password" names the feature after its modal.
  const afterModal = clean(labelled ? labelled[1] : title)
    .replace(/^.*?\b(must|shall|should|may|can|could|will)\s+(not\s+)?(be able to\s+)?/i, '')
    .replace(/^(we|you|i|they)\s+/i, '');
  const words = (afterModal || clean(title)).split(' ');
  if (baseVerb(words[0] ?? '') && words.length > 1) words.shift();
  while (/^(a|an|the|some|new|our|their|its|my|your)$/i.test(words[0] ?? '')) words.shift();
  const stop = words.findIndex((w, i) => i > 0 && /^(to|in|on|for|with|from|of|and|so|that|by|at|via)$/i.test(w));
  const phrase = (stop > 0 ? words.slice(0, stop) : words.slice(0, 4))
    .join(' ')
    .replace(/\s+(app|application|feature|support)$/i, '');
  return lowerFirst(phrase.replace(/[?!]+$/, '') || 'feature');
}

function goalsOf(prd: PrdDocument, frs: BuiltRequirement[], input: SpecInput, max: number): string[] {
  const section = prd.sections.find((s) => GOAL_HEADING.test(s.heading) && !NOT_GOAL_HEADING.test(s.heading));
  const fromSection = section
    ? section.bullets.length
      ? section.bullets
      : section.text.split(/(?<=[.!?])\s+/).filter((s) => s.split(' ').length >= 3)
    : [];
  const goals = fromSection.length
    ? fromSection
    : frs.filter((b) => b.fr.level === 'MUST').map((b) => `${b.fr.title} (${b.fr.id})`);
  const list = unique(goals.map(clean).filter(Boolean)).slice(0, max);
  return list.length ? list : [clean(input.restated.goal)];
}

function nonGoalsOf(prd: PrdDocument, input: SpecInput): string[] {
  const fromAnswers = input.answers
    .filter((a) => OUT_OF_SCOPE_ANSWER.test(a.answer))
    .map((a) => `${clean(a.answer)} (answer to "${clean(a.question)}")`);
  return unique([...prd.outOfScope.map(clean), ...fromAnswers].filter(Boolean));
}

/** An open question counts as answered when an answered question shares most of its words. */
function unansweredQuestions(prd: PrdDocument, input: SpecInput): string[] {
  return unique(prd.openQuestions.map(clean).filter(Boolean)).filter((q) => {
    const qt = new Set(tokens(q));
    return !input.answers.some((a) => {
      const shared = [...new Set(tokens(a.question))].filter((t) => qt.has(t)).length;
      return shared >= Math.min(2, qt.size) && shared * 2 >= qt.size;
    });
  });
}

/** The caller's assumptions verbatim, then each answer not already recorded, as context. */
function assumptionsOf(input: SpecInput): SpecOutput['assumptions'] {
  const covered = new Set(input.assumptions.map((a) => a.questionId).filter(Boolean));
  const fromAnswers = input.answers
    .filter((a) => !covered.has(a.questionId))
    .map((a) => ({
      questionId: a.questionId,
      statement: truncateWords(`Answer to ${a.questionId} ("${clean(a.question)}"): ${squash(a.answer)}`, 2000),
      // The schema has no "answered" source; an answer taken as planning context is closest to inferred.
      source: 'inferred' as const,
    }));
  return [...input.assumptions, ...fromAnswers];
}

function overviewOf(prd: PrdDocument, input: SpecInput, frCount: number, phases: number): string {
  const summary = clean(prd.summary);
  return [
    summary && summary !== clean(prd.title) ? `${summary}.` : '',
    `Goal: ${clean(input.restated.goal)}.`,
    `Scope: ${clean(input.restated.scope)}.`,
    `Context: ${clean(input.restated.context)}.`,
    `Sized as ${input.complexity}: ${frCount} functional requirement(s) delivered in ${phases} phase(s).`,
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * The offline (no network, deterministic) spec writer: the PRD is read into sections and
 * requirements, and every section of the spec is rebuilt from what it states.
 */
export function generateSpecOffline(input: SpecInput): SpecOutput {
  const prd = readPrd(input.goal);
  const sizing = SPEC_SIZING[input.complexity];
  const proper = new Set([...properNouns(input.goal), ...prd.technologies]);
  const title = truncateWords(clean(prd.title) || clean(input.restated.goal), 200);
  const feature = featureOf(title);
  const components = prd.components.length ? prd.components : ['Core'];
  const nfrs = buildNonFunctional(prd, sizing.maxNonFunctionalRequirements, proper);
  const selected = selectRequirements(prd, sizing.maxFunctionalRequirements);
  const requirements = selected.length
    ? selected
    : requirementsFromGoal(input.goal).slice(0, sizing.maxFunctionalRequirements);
  const frs = buildFunctionalRequirements(requirements, components, feature, proper, coreComponent(title, components));
  const openQuestions = unansweredQuestions(prd, input);
  const { plan, entities } = buildTechnicalPlan({
    input,
    prd,
    frs,
    nfrs,
    components,
    feature,
    maxFileChanges: sizing.maxFileChanges,
  });
  const featureFlag = kebab(feature).slice(0, 40).replace(/-+$/, '') || 'new-feature';
  const riskContext = {
    goal: input.goal,
    technologies: prd.technologies,
    frs,
    nfrs,
    fileChanges: plan.fileChanges,
    entities,
    openQuestions,
    maxRisks: sizing.maxRisks,
  };
  return SpecOutput.parse({
    title,
    overview: overviewOf(prd, input, frs.length, sizing.phases),
    goals: goalsOf(prd, frs, input, Math.max(3, sizing.phases * 2)),
    nonGoals: nonGoalsOf(prd, input),
    functionalRequirements: frs.map((b) => b.fr),
    nonFunctionalRequirements: nfrs,
    technicalPlan: plan,
    phases: buildPhases({ frs, nfrs, phases: sizing.phases, entities, featureFlag }),
    testingStrategy: buildTestingStrategy(frs, nfrs, components, plan.fileChanges),
    risks: buildRisks(riskContext),
    rollbackPlan: buildRollbackPlan(riskContext, featureFlag, feature),
    openQuestions,
    assumptions: assumptionsOf(input),
  });
}
